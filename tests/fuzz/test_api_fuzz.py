"""Fuzzing of the REST API from its own OpenAPI description (issue 9, item 9).

schemathesis reads ``/api/v1/_openapi`` from the app and, for every operation
it describes (documents, tasks with their workflow actions and history,
units, the menu, the API's login and refresh, the description itself), sends
requests straight into the WSGI app (no server): the description's examples,
its coverage cases (boundaries, wrong types, missing and extra fields,
methods the path does not take) and a bounded number of random requests,
valid and invalid.

The one property checked: nothing answers 5xx. Whether a response matches the
description is not checked (FAB's description is not exact).

Who calls (one test each, the database put back after each):

* ``admin``: sees the most and may do the most; every operation;
* ``krongpac``, a unit clerk: our own resources (document, task, unit), so the
  unit-scoped reads and the clerk's refusals run;
* ``stranger``: no Authorization header, or a bad one (not a token, signed
  with another key, expired, a refresh token, an unknown user), on every
  operation, a few requests each.

Documents and tasks are seeded first (in several states, led by Krông Pắc or
with Krông Pắc coordinating, and some it may not see). The random requests
are steered part of the time, so they get past the first refusal:

* ``/{pk}`` names a seeded row (about half the time; most coverage cases
  too), and an edit or action on a task carries its current ``version``;
* ids in a body (``document_id``, ``lead_unit_id``...) name real rows;
* filters in ``q`` get a real column and operator, so values of every kind
  reach each column's filter; ``q`` is also sent as Rison, or as Rison-like
  noise (FAB reads Rison first, then JSON);
* one value of the body or of ``q`` is replaced by one known to break
  something somewhere (NASTY: NUL, impossible dates, integers beyond 64
  bits...).

Reproducible: a fixed seed, derandomized, no example database written.
A failure prints the request (a curl line) and the response.
"""
import json
import os
import zlib
from datetime import timedelta

import prison
import pytest
import schemathesis
from flask_jwt_extended import create_access_token
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from sqlalchemy import select

from app.demo.accounts import DEMO_PASSWORD
from app.extensions import db
from app.models import Document, Task, Unit
from tests.integration.test_tracking_services import (document_data, new_document, task_data,
                                                      task_in)

SPEC = "/api/v1/_openapi"
OUR_PATHS = r"^/api/v1/(document|task|unit)/"
RESOURCES = ("document", "task", "unit")
CALLERS = ("admin", "krongpac", "stranger")

# Random requests per operation (schemathesis's examples and coverage cases
# come on top: a fixed set per operation).
# To search harder locally: FUZZ_EXAMPLES=300 FUZZ_SEED=1 pytest tests/fuzz
MAX_EXAMPLES = {"admin": 25, "krongpac": 25, "stranger": 6}

# The permission tables, which tests/conftest.py never puts back: the fuzzing
# must leave them exactly as they were. No described operation writes them:
# FAB's REST API over users, roles and permissions is off
# (FAB_ADD_SECURITY_API = False), so of /api/v1/security/ only login and
# refresh are described and fuzzed, and nothing is excluded. A login changes
# ab_user at most (failed sign-ins count towards the lockout), which is put
# back after each test; the tokens used here are taken before the fuzzing.
# DELETE /api/v1/document/{pk} may remove seeded documents: the tracking
# tables are emptied after each test too.
KEPT_TABLES = ("ab_permission", "ab_view_menu", "ab_permission_view", "ab_role",
               "ab_permission_view_role")


# Values known to break something (a database, a parser, a date or integer
# column): a random request often has one of them in place of one of its
# values, in the body or in ``q``. (Lone surrogates: test_bad_bodies.py and
# test_found.py; schemathesis cannot carry them.)
NASTY = ("", " ", "\x00", "a\x00b", "\u200b", "1e", "--1", "!(", "2017-02-29", "0001-01-01",
         "9999-12-31", "31/12/2017", "x" * 5000, 0, -1, 2 ** 31, 2 ** 63, -(2 ** 63) - 1,
         10 ** 30, -0.0, 1e308, 0.5, True, None, [], {})


def _config(caller):
    max_examples = int(os.environ.get("FUZZ_EXAMPLES") or MAX_EXAMPLES[caller])
    phases = {"stateful": {"enabled": False}}
    operations = []
    if caller != "admin":
        # The description's examples and the coverage cases (some 1500
        # requests) are the same whoever sends them: the admin's run has them.
        phases.update(examples={"enabled": False}, coverage={"enabled": False})
    if caller == "krongpac":
        # Our own resources only: the rest does not depend on the unit.
        operations.append({"exclude-path-regex": OUR_PATHS, "enabled": False})
    return SchemathesisConfig.from_dict({
        "seed": int(os.environ.get("FUZZ_SEED") or 9),
        "suppress-health-check": ["all"],
        "generation": {
            "mode": "all",
            "max-examples": max_examples,
            "deterministic": True,
            "database": "none",
        },
        "phases": phases,
        "operations": operations,
    })


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(params=CALLERS)
def caller(request):
    return request.param


@pytest.fixture
def api_schema(app, api_token, caller, seeded, filters):
    loaded = schemathesis.openapi.from_wsgi(SPEC, app, headers=api_token("admin"),
                                             config=_config(caller))
    _steer(loaded, app, seeded, filters)
    return loaded


@pytest.fixture
def seeded(app):
    """A few documents and tasks Krông Pắc sees (as lead, as coordinator, in
    several states) and some it does not; their ids by resource."""
    with app.app_context():
        first = new_document(number="101/UBND-TH")
        second = new_document(number="102/UBND-KT", issued_on="2017-04-05")
        new_document(number="103/UBND-NC", issued_on="2017-05-06")  # without tasks
        for state in ("draft", "transferred", "accepted", "in_progress", "done_reported",
                      "extension_pending", "returned", "closed"):
            task_in(state, first, lead="KRONGPAC", coordinating=("STC",))
        task_in("accepted", second, lead="STC", coordinating=("KRONGPAC",))
        task_in("transferred", second, lead="BMT", coordinating=())
        ids = {
            "document": list(db.session.scalars(select(Document.id).order_by(Document.id))),
            "task": list(db.session.scalars(select(Task.id).order_by(Task.id))),
            "unit": list(db.session.scalars(select(Unit.id).order_by(Unit.id))),
            "bases": _valid_bodies(first.id, task_data(lead="KRONGPAC")),
        }
        db.session.remove()
    return ids


def _valid_bodies(document_id, task):
    """A body each write would accept, by (method, path): a random request
    often keeps one of its own values, or none, and takes the rest from here
    (a new document its own number, or a new one: not a duplicate)."""
    document = {k: v for k, v in document_data().items() if k != "number_symbol"}
    return {
        ("POST", "/api/v1/document/"): document,
        ("PUT", "/api/v1/document/{pk}"): document,
        ("POST", "/api/v1/task/"): {**task, "document_id": document_id},
        ("PUT", "/api/v1/task/{pk}"): {"notes": "Ghi chú", "reason": "Sửa lỗi nhập"},
        ("POST", "/api/v1/task/{pk}/{action}"): {"content": "Đã rà soát", "reason": "Lý do"},
    }


@pytest.fixture
def filters(client, api_token):
    """Resource → the (column, operator) pairs its list can filter on."""
    headers = api_token("admin")
    found = {}
    for resource in RESOURCES:
        info = client.get(f"/api/v1/{resource}/_info", headers=headers,
                          query_string={"q": "(keys:!(filters))"}).json["filters"]
        found[resource] = sorted((col, item["operator"]) for col, items in info.items()
                                 for item in items)
    return found


# Characters of Rison (FAB reads ``q`` as Rison first, then as JSON).
RISON = "()!:,'~-.+e0123456789abfilnrstv_ "


def _steer(loaded, app, seeded, filters):
    """Point part of the random requests at real rows, real filters, and ``q``
    written as Rison or as Rison-like noise."""

    @loaded.hook
    def flatmap_case(context, case):
        resource = case.operation.path.split("/")[3]
        ids = seeded.get(resource)
        pairs = filters.get(resource)
        choices = {"version": st.booleans(), "refs": st.none() | st.integers(0, 999),
                   "valid": st.none() | st.integers(0, 999),
                   "nasty": st.none() | st.tuples(st.integers(0, 63), st.sampled_from(NASTY))}
        if ids and "pk" in (case.path_parameters or {}):
            choices["pk"] = st.none() | st.sampled_from(ids)
        if isinstance((case.query or {}).get("q"), str):
            choices["q"] = st.sampled_from(["json", "rison"]) | st.text(RISON, max_size=24)
            if pairs:
                choices["filters"] = st.lists(st.none() | st.sampled_from(pairs), max_size=4)
        return st.fixed_dictionaries(choices).map(
            lambda chosen: _apply(app, seeded, case, chosen))

    @loaded.hook
    def map_case(context, case):
        # The coverage cases (the random ones are steered above): most of
        # those on an id, except the ones about the id itself, go to a real row.
        meta = case.meta
        ids = seeded.get(case.operation.path.split("/")[3])
        if (meta is None or meta.phase.name != "coverage" or not ids
                or "pk" not in (case.path_parameters or {})
                or getattr(meta.phase.data, "parameter", None) == "pk"):
            return case
        slot = _slot(case, len(ids) + 1)
        if slot == len(ids):
            return case  # left as generated: an id that is not there
        return _apply(app, seeded, case, {"pk": ids[slot], "version": True})


def _slot(case, count):
    """A number below ``count`` that depends on the case only: reproducible."""
    key = repr((case.method, case.path_parameters, case.query, case.body)).encode()
    return zlib.crc32(key) % count


def _apply(app, seeded, case, chosen):
    valid = seeded["bases"].get((case.method, case.operation.path))
    if chosen.get("valid") is not None and valid and isinstance(case.body, dict):
        own = sorted(case.body, key=repr)  # keeps one of its own values, or none
        kept = own[chosen["valid"] % (len(own) + 1):][:1]
        case.body = {**valid, **{key: case.body[key] for key in kept}}
        if case.method == "POST" and case.operation.path == "/api/v1/document/":
            case.body.setdefault("number_symbol", f"{chosen['valid']}/UBND-FZ")
    if chosen.get("pk") is not None:
        case.path_parameters = {**case.path_parameters, "pk": chosen["pk"]}
        body = case.body
        if (chosen["version"] and case.operation.path.startswith("/api/v1/task/")
                and isinstance(body, dict) and "version" in body):
            with app.app_context():
                task = db.session.get(Task, chosen["pk"])
                version = task.version if task is not None else None
                db.session.remove()
            case.body = {**body, "version": version}
    if chosen.get("refs") is not None and isinstance(case.body, dict):
        case.body = _with_real_refs(case.body, chosen["refs"], seeded)
    if "q" in chosen:
        case.query = {**case.query, "q": _q(case.query["q"], chosen)}
    elif chosen.get("nasty") and isinstance(case.body, (dict, list)):
        case.body = _with_nasty(case.body, *chosen["nasty"])
    return case


# Body fields that name a row, and the resource of that row.
REFS = {"document_id": "document", "lead_unit_id": "unit", "monitoring_unit_id": "unit",
        "drafting_unit_id": "unit", "unit_id": "unit", "coordinating_unit_ids": "unit"}


def _with_real_refs(body, number, seeded):
    """``body`` whose references to other rows name real ones."""
    body = dict(body)
    for offset, (key, resource) in enumerate(REFS.items()):
        ids = seeded[resource]
        pick = ids[(number + 7 * offset) % len(ids)]
        if isinstance(body.get(key), list):
            body[key] = [ids[(number + 3 * n) % len(ids)] for n in range(len(body[key]))]
        elif key in body:
            body[key] = pick
    return body


def _with_nasty(value, index, nasty):
    """``value`` with one of its leaves (the ``index``-th, modulo their
    number, among those of the same kind as ``nasty`` if any) ``nasty``."""
    leaves = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, item in node.items():
                walk(item, (*path, key))
        elif isinstance(node, list):
            for position, item in enumerate(node):
                walk(item, (*path, position))
        elif path:
            leaves.append((path, node))

    walk(value, ())
    alike = [path for path, leaf in leaves if type(leaf) is type(nasty)]
    paths = alike or [path for path, _ in leaves]
    if not paths:
        return value
    path = paths[index % len(paths)]
    copy = json.loads(json.dumps(value))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = nasty
    return copy


def _q(raw, chosen):
    """``q`` as generated (JSON), with real filter columns, or as Rison."""
    if chosen["q"] not in ("json", "rison"):
        return chosen["q"]  # noise
    try:
        q = json.loads(raw)
    except ValueError:
        return raw
    items = q.get("filters") if isinstance(q, dict) else None
    if chosen.get("filters") and isinstance(items, list):
        items = list(items)
        for index, pair in enumerate(chosen["filters"][:len(items)]):
            if pair is not None and isinstance(items[index], dict):
                items[index] = {**items[index], "col": pair[0], "opr": pair[1]}
        q = {**q, "filters": items}
    if chosen.get("nasty") and isinstance(q, (dict, list)):
        index, nasty = chosen["nasty"]
        if isinstance(items, list) and items and isinstance(items[index % len(items)], dict):
            items[index % len(items)] = {**items[index % len(items)], "value": nasty}
            q = {**q, "filters": items}  # a filter's value: where it meets the database
        else:
            q = _with_nasty(q, index, nasty)
    if chosen["q"] == "rison":
        try:
            return prison.dumps(q)
        except Exception:  # noqa: BLE001 - a value Rison cannot write: send JSON
            pass
    return json.dumps(q)


@pytest.fixture
def auth(app, api_token, caller):
    """Callable: the Authorization header to send with a case."""
    if caller != "stranger":
        header = api_token(caller)
        return lambda case: header
    refresh = app.test_client().post("/api/v1/security/login", json={
        "username": "admin", "password": DEMO_PASSWORD, "provider": "db", "refresh": True})
    with app.test_request_context():
        unknown = create_access_token(identity="987654", fresh=True)
        expired = create_access_token(identity="1", expires_delta=timedelta(seconds=-60))
    other_key = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwidHlwZSI6ImFjY2Vzcy"
                 "J9.c2lnbmVkIHdpdGggYW5vdGhlciBrZXk")
    bad = [
        None,  # no header of ours (schemathesis may send its own)
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer " + other_key},
        {"Authorization": "Bearer " + unknown},
        {"Authorization": "Bearer " + expired},
        {"Authorization": "Bearer " + refresh.json["refresh_token"]},
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        {"Authorization": "Bearer"},
    ]

    return lambda case: bad[_slot(case, len(bad))]


def _kept_rows(app):
    with app.app_context():
        tables = db.metadata.tables
        rows = {name: sorted(map(tuple, db.session.execute(select(tables[name]))))
                for name in KEPT_TABLES}
        db.session.remove()
    return rows


@pytest.fixture
def kept_tables_unchanged(app):
    before = _kept_rows(app)
    yield
    assert _kept_rows(app) == before, "the fuzzing changed the permission tables"


@pytest.mark.usefixtures("kept_tables_unchanged")
# The number of examples comes from _config (per caller); these hold for all.
@settings(deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@schema.parametrize()
def test_no_server_error(case, caller, auth):
    headers = auth(case)
    response = case.call(headers=headers)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} as {caller}: {response.status_code}\n"
        f"{response.text[:1000]}\n{case.as_curl_command(headers=headers)}")


def test_the_description_lists_every_api_route(app, client, api_token):
    """What the fuzzing covers: every route under /api/ is in the description."""
    spec = client.get(SPEC, headers=api_token("admin")).json
    described = {(method.upper(), path) for path, item in spec["paths"].items()
                 for method in item if method != "parameters"}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
            routes |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes <= described, routes - described
    ours = {path for _, path in described}
    assert {"/api/v1/task/{pk}/{action}", "/api/v1/task/{pk}/history", "/api/v1/menu/",
            "/api/v1/security/login", "/api/v1/document/{pk}"} <= ours
