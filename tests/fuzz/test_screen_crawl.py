"""A generated crawl of every screen with malformed path and query
parameters, as every role: nothing answers 500 (issue 9, item 9).

Nothing here lists the screens by hand. They come from the app's own
registry: every GET rule of ``app.url_map`` outside ``/api/`` (fuzzed by
tests/fuzz/test_api_fuzz.py) and the static files. Their arguments come from
the view objects (``appbuilder.baseviews``):

* path parameters by name: ``<pk>`` takes a row the user may see, a row of
  another unit, and malformed values; an action's ``<name>`` the view's own
  action names and made-up ones; ``<int:year>``, ``<locale>``, ``<version>``,
  ``<filename>`` a sensible value and malformed ones;
* list screens get FAB's arguments named after the view (``page_<View>``,
  ``psize_<View>``, ``_oc_<View>``, ``_od_<View>``) and ``_flt_<n>_<column>``
  for every search column and every operator the column has;
* a screen's own arguments are the ``request.args`` its source reads
  (``/search/?q=``, ``/quick-entry/duplicate?issued_on=&number_symbol=``...),
  each varied in turn while the others keep a sensible value.

So a new screen, column or argument is crawled without touching this file.

Routes that take no GET (FAB's and our action routes, the task actions) are
requested with GET too, with a sample of bad names and ids: 405, never 500.

Pruned to stay fast: admin and a unit clerk (krongpac) get every malformed
value, on the screens that let them in (a screen that refuses the user
outright never reads its arguments: a sample there); filters both all at
once for each value and one filter of each kind alone. Anonymous requests
stop at the sign-in redirect, so they are cheap and get every value too;
the other roles a sample of each kind. Every failure is collected and
reported together: user, status, URL, and the exception that escaped.
"""
import functools
import inspect
import io
import os
import re
import time
import traceback
from datetime import date
from urllib.parse import quote, urlsplit

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

import app as app_package
from app.extensions import db
from app.models import (AppUser, Attachment, CalendarDay, Document, SecretReportReceipt, Task,
                        Unit)

APP_DIR = os.path.dirname(app_package.__file__)
ROOT = os.path.dirname(APP_DIR)
FULL = ("admin", "krongpac")
LIGHT = ("vanphong", "lanhdao", "sotttt")
ANON = "anonymous"

# --- Values ---------------------------------------------------------------------


class Raw(str):
    """A value put into the URL as it is: already percent-encoded."""


NUL = Raw("%00")
SURROGATE = Raw("%ED%A0%80")  # a lone surrogate (U+D800) encoded in UTF-8
LONG = "x" * 5000
HUGE = "9" * 20

# For a path segment: the brief's list.
PATH_BAD = ["abc", "-1", "0", HUGE, "1.5", NUL, LONG, "ñ漢", SURROGATE]
PATH_SAMPLE = ["abc", HUGE, SURROGATE]
# For a query argument: the same and what list and date arguments trip on.
QUERY_BAD = ["abc", "-1", "0", HUGE, "1.5", "", " ", NUL, SURROGATE, LONG, "ñ漢",
             "31/02/2017", "0000-00-00", "9999-99-99", "29/02/2100", "1/1/1",
             "lead_unit", "__None", "true", "[1,2]"]
QUERY_SAMPLE = ["abc", HUGE, SURROGATE, "31/02/2017"]
PAGING_BAD = ["abc", "-1", "0", HUGE, "1.5", "", NUL, SURROGATE, "ñ漢", "1e3", "٣"]
DIRECTION_BAD = ["sideways", "", NUL, SURROGATE, "ASC"]
BAD_NAMES = ["no_such_action", "delete", "__init__", "ñ漢", SURROGATE, NUL, LONG]
UNKNOWN_COLUMNS = ["no_such_column", "id", "lead_unit.name", "__class__", LONG]
# Made-up argument names, on every screen once.
JUNK_ARGS = [(SURROGATE, SURROGATE), ("x" * 300, LONG), (NUL, NUL), ("_flt_0_", "1"),
             ("_flt_x_state", "1"), ("_oc_", "id"), ("page_", "x")]
REPEATED = object()  # a pseudo-value: the argument twice, a good then a bad value

# A sensible value of each screen argument read from request.args, by name.
SENSIBLE_ARGS = {"q": "quản lý đất đai", "issued_on": "20/02/2017",
                 "number_symbol": "1234/UBND-TH", "next": "/tasks/list/"}
# Sensible values of path parameters other than row ids, by name.
SENSIBLE_PATH = {"year": ["2017", "1", "0", "9999", HUGE], "locale": ["vi", "en", "xx"],
                 "version": ["v1"], "filename": ["csv", "xls"]}
# Screens whose GET changes the session: crawled last (the epoch moves on
# sign-out, which would end the user's other requests).
LAST = ("LocaleView.index", "AuthDBView.logout")


def enc(value):
    return value if isinstance(value, Raw) else quote(str(value), safe="")


def query_string(pairs):
    return "&".join(f"{enc(k)}={enc(v)}" for k, v in pairs)


def short(url, head=110, tail=70):
    """A long URL's start and end (where the argument that failed may be)."""
    if len(url) <= head + tail + 20:
        return url
    return f"{url[:head]}…[{len(url) - head - tail} chars]…{url[-tail:]}"


# --- Rows to point at ---------------------------------------------------------------


def seed(app):
    """A document, a task and a file of Krông Pắc's (a unit clerk's own), the
    same of Buôn Ma Thuột's (outside Krông Pắc's scope), a secret report
    receipt of each: model → [row the clerk sees, row of another unit]."""
    from app.services import calendar, files, tracking

    def who(name):
        return db.session.scalar(select(AppUser).where(AppUser.username == name))

    def unit(code):
        return db.session.scalar(select(Unit).where(Unit.code == code))

    with app.test_request_context():
        office = who("vanphong")
        rows = {model: [] for model in (Document, Task, Attachment, SecretReportReceipt)}
        for n, code in enumerate(("KRONGPAC", "BMT")):
            doc = tracking.create_document(office, {
                "doc_type": "official_letter", "number_symbol": f"{100 + n}/UBND-TH",
                "summary": "Về việc tăng cường quản lý đất đai trên địa bàn tỉnh",
                "issued_on": "2017-02-20", "signer": "Phạm Ngọc Nghị, Chủ tịch",
                "issuing_authority": "chairman"})
            task = tracking.create_task(office, doc.id, {
                "content": "Rà soát, báo cáo tình hình quản lý đất đai",
                "lead_unit_id": unit(code).id, "coordinating_unit_ids": [],
                "has_deadline": True, "deadline": "2017-06-30"}, transfer=True)
            attachment = files.store_upload(
                FileStorage(io.BytesIO(b"%PDF-1.4 report"), "bao-cao.pdf"), "task", task.id,
                office)
            receipt = SecretReportReceipt(unit_id=unit(code).id, period="2017-Q1",
                                          reference=f"{n}/BC", received_on=doc.issued_on,
                                          received_by="Văn thư", created_by_id=office.id,
                                          changed_by_id=office.id)
            db.session.add(receipt)
            db.session.commit()
            rows[Document].append(doc.id)
            rows[Task].append(task.id)
            rows[Attachment].append(attachment.id)
            rows[SecretReportReceipt].append(receipt.id)
        calendar.set_day(who("admin"), date(2017, 4, 6), False, "Giỗ Tổ Hùng Vương",
                         "1234/TB-UBND")
        db.session.commit()
        rows[CalendarDay] = ["2017-04-06", "2017-04-07"]  # a row, a day without one
        rows[Unit] = [unit("KRONGPAC").id, unit("BMT").id]
        rows[AppUser] = [who("krongpac").id, who("buonmathuot").id]
        return {model: [str(i) for i in ids] for model, ids in rows.items()}


def real_ids(view, seeded):
    """Row ids for the view's ``<pk>``: the seeded ones for our models, the
    first and last row for any other."""
    datamodel = getattr(view, "datamodel", None)
    if datamodel is None:
        return []
    if datamodel.obj in seeded:
        return seeded[datamodel.obj]
    column = getattr(datamodel.obj, datamodel.get_pk_name())
    found = db.session.execute(select(func.min(column), func.max(column))).one()
    return [str(v) for v in dict.fromkeys(found) if v is not None]


# --- What each screen reads --------------------------------------------------------

_ARGS_READ = re.compile(r"request\.args(?:\.get|\.getlist)?\s*[(\[]\s*[\"'](\w+)[\"']")


@functools.lru_cache(maxsize=None)
def _source(obj):
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def args_read(view, method):
    return _args_read(type(view), method)


@functools.lru_cache(maxsize=None)
def _args_read(cls, method):
    """The ``request.args`` a screen reads: in its own function, or anywhere
    in its class (and our and FAB's base classes) outside an exposed function."""
    own = set(_ARGS_READ.findall(_source(getattr(cls, method, None))))
    classes = [c for c in cls.__mro__ if c.__module__.startswith(("app.", "flask_appbuilder"))]
    in_class = set().union(*(_ARGS_READ.findall(_source(c)) for c in classes))
    exposed = set().union(*(_ARGS_READ.findall(_source(attr)) for attr in
                            (getattr(cls, name, None) for name in dir(cls))
                            if hasattr(attr, "_urls")))
    return sorted(own | (in_class - exposed))


class Rotor:
    """Hands out values of a list in turn, across screens: what every list
    screen reads the same way (FAB's paging and ordering) meets every value
    once over the crawl, not every value on every screen."""

    def __init__(self):
        self._next = {}

    def take(self, values, n=1):
        start = self._next.get(id(values), 0)
        self._next[id(values)] = start + n
        return [values[(start + i) % len(values)] for i in range(n)]


def column_kind(datamodel, column):
    for kind in ("relation", "boolean", "date", "datetime", "integer", "float", "numeric",
                 "enum", "text", "string"):
        try:
            if getattr(datamodel, f"is_{kind}")(column):
                return kind
        except Exception:  # noqa: BLE001 - no such check, or not a column
            continue
    return "other"


def list_queries(view, full, rotor, seen):
    """FAB's arguments of a list screen, named after its view."""
    name = type(view).__name__
    page, psize, order, direction = (f"page_{name}", f"psize_{name}", f"_oc_{name}",
                                     f"_od_{name}")
    if not full:
        yield [(page, "abc")]
        yield [(psize, "0")]
        yield [(order, rotor.take(UNKNOWN_COLUMNS)[0]), (direction, "asc")]
        for value in QUERY_SAMPLE + [REPEATED]:
            yield _pairs({flt: value for flt in filter_params(view)})
        return
    # Paging: the values FAB is handed (big, zero), a few it must never be.
    for value in ["0", "999999999", *rotor.take(PAGING_BAD, 2)]:
        yield [(page, value)]
    for value in ["0", "1", "500", *rotor.take(PAGING_BAD, 2)]:
        yield [(psize, value)]
    yield [(page, "1"), (page, "abc")]
    # Ordering: on every column the screen shows, searches or sorts, and a few
    # that are no column.
    columns = sorted(set(getattr(view, "list_columns", ()) or ()) | set(view.order_columns or ())
                     | set(view.search_columns or ()))
    for column in columns + rotor.take(UNKNOWN_COLUMNS, 2):
        yield [(order, column), (direction, "asc")]
    first = (view.order_columns or ["id"])[0]
    for value in ["desc", *rotor.take(DIRECTION_BAD, 2)]:
        yield [(order, first), (direction, value)]
    # Filters: every operator of every column at once, for each value; then
    # each kind of filter alone (one column per filter class and column type).
    flts = filter_params(view)
    for value in QUERY_BAD + [REPEATED]:
        yield _pairs({flt: value for flt in flts})
    for flt, key in filter_kinds(view):
        if key not in seen:
            seen.add(key)
            for value in rotor.take(QUERY_BAD, 2):
                yield [(flt, value)]
    # Names FAB finds anywhere in an argument's name, not only at its start.
    yield [(f"x{page}", "abc"), ("page_", "x"), (f"x{psize}", "-1"),
           (f"x{order}", "lead_unit"), (direction, "asc")]


def filter_params(view):
    """``_flt_<n>_<column>`` for every operator of every search column, and a
    few that name no operator or no column."""
    filters = view._filters
    names = []
    for column in filters.get_search_filters():
        count = len(filters._all_filters.get(column) or ())
        names += [f"_flt_{i}_{column}" for i in range(count)]
        names.append(f"_flt_{min(count, 9)}_{column}")  # one past the last operator
    names += [f"_flt_0_{c}" for c in UNKNOWN_COLUMNS[:3]]
    return names


def filter_kinds(view):
    """(``_flt_<n>_<column>``, what the filter's code depends on) of every
    operator of every search column."""
    filters, datamodel = view._filters, view.datamodel
    for column in filters.get_search_filters():
        kind = column_kind(datamodel, column)
        for i, flt in enumerate(filters._all_filters.get(column) or ()):
            yield f"_flt_{i}_{column}", (type(datamodel).__name__, type(flt).__name__, kind)


def is_list(view, method):
    return method == "list" and getattr(view, "_filters", None) is not None


# --- The plan -----------------------------------------------------------------------------

_PARAM = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def screen_rules(app):
    """Every rule of the app but the API's and the static files' (with or
    without GET: a GET to a POST route must say 405)."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            continue
        if rule.endpoint == "static" or rule.endpoint.endswith(".static") \
                or "/static/" in rule.rule:
            continue
        yield rule


def path_values(view, arg, seeded, full):
    bad = PATH_BAD if full else PATH_SAMPLE
    if arg == "name":
        return sorted(getattr(view, "actions", None) or {}) + (BAD_NAMES if full
                                                               else BAD_NAMES[:2])
    if arg == "pk":
        return real_ids(view, seeded) + bad
    if arg.endswith("_id"):
        model = next((m for m in seeded if m.__tablename__ == arg[:-3]), None)
        return (seeded.get(model) or ["1"]) + bad
    return SENSIBLE_PATH.get(arg, ["1"]) + bad


def one_at_a_time(choices):
    """The first value of each, then each name's other values in turn, the
    rest at their first: the combinations a fault in one argument shows in."""
    base = {name: values[0] for name, values in choices.items()}
    yield dict(base)
    for name, values in choices.items():
        for value in values[1:]:
            yield {**base, name: value}


def paths(rule, view, seeded, full):
    """Every URL of a rule's path parameters, one varied at a time."""
    args = [m.group(2) for m in _PARAM.finditer(rule.rule)]
    choices = {a: path_values(view, a, seeded, full) for a in args}
    for values in one_at_a_time(choices):
        yield _PARAM.sub(lambda m: enc(values[m.group(2)]), rule.rule)


def queries(view, method, full, rotor, seen):
    """Query strings for one screen: its own arguments, FAB's on a list."""
    sample = QUERY_BAD if full else QUERY_SAMPLE
    # The screen's own arguments, each in turn malformed, the others sensible.
    own = args_read(view, method) if view is not None else []
    if own:
        choices = {a: [SENSIBLE_ARGS.get(a, "1"), *sample, REPEATED] for a in own}
        for values in one_at_a_time(choices):
            yield _pairs(values)
    if view is not None and is_list(view, method):
        yield from list_queries(view, full, rotor, seen)
    if full:  # made-up arguments
        yield JUNK_ARGS


def _pairs(values):
    pairs = []
    for name, value in values.items():
        if value is REPEATED:
            pairs += [(name, "1"), (name, "abc")]
        else:
            pairs.append((name, value))
    return pairs


def plan(app, seeded):
    """Every screen's URLs: (endpoint, every malformed value, a sample), the
    screens that change the session last."""
    views = {v.endpoint: v for v in app.appbuilder.baseviews}
    groups, context = [], (Rotor(), set())
    for rule in sorted(screen_rules(app), key=lambda r: (r.endpoint in LAST, r.rule)):
        view_name, _, method = rule.endpoint.partition(".")
        view = views.get(view_name)
        groups.append((rule.endpoint, *(_urls(rule, view, method, seeded, full, *context)
                                        for full in (True, False))))
    return groups


def _urls(rule, view, method, seeded, full, rotor, seen):
    if "GET" not in rule.methods:  # refused before any argument is read
        return list(paths(rule, view, seeded, False))
    urls = []
    for n, path in enumerate(paths(rule, view, seeded, full)):
        urls.append(path)
        if n == 0:  # query arguments on the first, sensible, path
            urls += [f"{path}?{query_string(q)}" for q in queries(view, method, full, rotor, seen)]
    if full and not _PARAM.search(rule.rule):
        urls.append(f"{rule.rule}?{query_string([('next', LONG)])}")
    return urls


# --- The crawl ------------------------------------------------------------------------


def fetch(client, url):
    """(status, where it redirects, the exception that escaped) of a GET,
    following only the redirect that drops a bad list argument (same path).
    An exception that escaped (TESTING propagates them) is a 500."""
    try:
        response = client.get(url)
        for _ in range(3):
            location = response.headers.get("Location") or ""
            if response.status_code not in (301, 302, 303, 307, 308) or not location:
                break
            target = urlsplit(location)
            if target.netloc not in ("", "localhost") or target.path != urlsplit(url).path:
                break
            url = target.path + (f"?{target.query}" if target.query else "")
            response = client.get(url)
        return response.status_code, response.headers.get("Location") or "", ""
    except Exception as exc:  # noqa: BLE001
        return 500, "", describe(exc)


def describe(exc):
    """The exception, where it was raised and the last line of ours it came
    through: enough to find the cause without the log."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(APP_DIR)]

    def place(frame):
        name = frame.filename
        name = name[len(ROOT) + 1:] if name.startswith(APP_DIR) else \
            name.rsplit("site-packages/", 1)[-1]
        return f"{name}:{frame.lineno}"

    where = place(frames[-1]) if frames else "?"
    if ours and ours[-1] is not frames[-1]:
        where += f" (from {place(ours[-1])})"
    return f"{type(exc).__name__}: {str(exc)[:200]} at {where}"


def crawl(client, user, groups, depth):
    """Request the plan as this user. ``depth``: "every" malformed value;
    "full", the same unless the screen refuses the user outright (no
    permission, not signed in: its arguments are never read), then a sample;
    "light", the sample."""
    failures, count = [], 0

    def get(url):
        status, location, error = fetch(client, url)
        if status >= 500:
            failures.append(f"{user:9} {status} {short(url)} {error}")
        return status, location

    for endpoint, full, light in groups:
        urls = light if depth == "light" else full
        status, location = get(urls[0])  # the same first URL in both
        if depth == "full" and (status in (401, 403) or "/login/" in location):
            urls = light
        for url in urls[1:]:
            get(url)
        count += len(urls)
    return failures, count


def test_no_screen_answers_500(app, login):
    assert not app.config.get("FAB_ALLOW_GET_UNSAFE_MUTATIONS"), \
        "GET would run FAB's delete and actions on real rows"
    started = time.perf_counter()
    seeded = seed(app)
    with app.app_context():
        groups = plan(app, seeded)
    failures, counts = [], {}
    for user in (*FULL, *LIGHT, ANON):
        client = app.test_client() if user == ANON else login(user)
        # Anonymous requests stop at the sign-in redirect: cheap, so every value.
        depth = "every" if user == ANON else "full" if user in FULL else "light"
        found, counts[user] = crawl(client, user, groups, depth)
        failures += found
    elapsed = time.perf_counter() - started
    summary = f"{sum(counts.values())} requests in {elapsed:.0f}s ({counts})"
    assert not failures, f"{len(failures)} answered 500 of {summary}:\n" + "\n".join(failures)
