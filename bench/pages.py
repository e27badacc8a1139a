"""Every page of the task, document, inbox, search, home and form families,
and the API lists and a save, as the Office (vanphong) and a unit clerk
(krongpac), at 2,000 tasks and at ``--size`` tasks (default 200,000).

Each size lives in its own cached database (``bench/data.py``) served by its
own process (``multiprocessing``): the FAB test client with a real login (the
login form with its CSRF token; JWT for the API). The two processes take
turns page by page, the first of them alternating from round to round, so
that both sides see the same machine; the figures are medians.

Per page: the median time at both sizes, their ratio (target ≤ 1.5) and the
SQL statements of one request (a ``before_cursor_execute`` listener; target
≤ 15 and the same at both sizes). ``ratio`` in the JSON is the worst page's.
``--profile`` adds, for each page that misses a target, where the time goes
on the big side: cProfile's heaviest functions and the slowest statements.
"""
import cProfile
import io
import multiprocessing
import os
import pstats
import re
import sys
import time
import traceback
from urllib.parse import quote

from bench import data
from bench.common import (BENCH_DIR, finish, machine, make_app, median, print_machine,
                          SqlCounter)

DEFAULT_SIZE = 200_000
SMALL = 2_000
TARGET_RATIO = 1.5
TARGET_SQL = 15
USERS = ("vanphong", "krongpac")
# A word of the generated topics (one topic in twenty), typed with and without accents.
SEARCH_WORDS = "hạn hán"
FOLDED_WORDS = "han han"

# (name, users, method, path, kind). Paths name the probe rows (bench/data.py):
# {doc} the probe document, {t0} the task the show pages open, {t1} the
# clerk's save, {t2} the Office's save (a draft). kind: html, api (JWT),
# put / progress (API saves, the task's version read first, untimed), badges
# (the menu counts every page computes, called directly).
PAGES = [
    ("task list", USERS, "GET", "/tasks/list/", "html"),
    ("task list, folded search", USERS, "GET",
     "/tasks/list/?_flt_0_search_key=" + FOLDED_WORDS.replace(" ", "+"), "html"),
    ("task show", USERS, "GET", "/tasks/show/{t0}", "html"),
    ("add-task form", ("vanphong",), "GET", "/tasks/add", "html"),
    ("edit-task form", ("vanphong",), "GET", "/tasks/edit/{t2}", "html"),
    ("document list", USERS, "GET", "/documents/list/", "html"),
    ("document show", USERS, "GET", "/documents/show/{doc}", "html"),
    ("add-document form", ("vanphong",), "GET", "/documents/add", "html"),
    ("quick entry form", ("vanphong",), "GET", "/quick-entry/", "html"),
    ("Office inbox", ("vanphong",), "GET", "/inbox/office", "html"),
    ("unit inbox", ("krongpac",), "GET", "/inbox/unit", "html"),
    ("search page", USERS, "GET", "/search/?q=" + SEARCH_WORDS.replace(" ", "+"), "html"),
    ("home", USERS, "GET", "/", "html"),
    ("menu badges (every page)", USERS, "CALL", "", "badges"),
    ("API task list", USERS, "GET", "/api/v1/task/", "api"),
    ("API task list, folded search", USERS, "GET",
     "/api/v1/task/?q=" + quote("(filters:!((col:search_key,opr:fold,value:'"
                                + FOLDED_WORDS + "')))"),
     "api"),
    ("API task show", USERS, "GET", "/api/v1/task/{t0}", "api"),
    ("API document list", USERS, "GET", "/api/v1/document/", "api"),
    ("API save: PUT task", ("vanphong",), "PUT", "/api/v1/task/{t2}", "put"),
    ("API save: progress update", ("krongpac",), "POST", "/api/v1/task/{t1}/progress",
     "progress"),
]


def add_arguments(parser):
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--small", type=int, default=SMALL, help="the small size (2,000)")
    parser.add_argument("--only", default="", help="pages whose name matches this regex")
    parser.add_argument("--user", choices=USERS, help="only this user's pages")
    parser.add_argument("--profile", action="store_true",
                        help="profile the pages that miss a target (big side)")
    parser.add_argument("--profile-all", action="store_true", help="profile every page")


# --- The side of one size (a child process) -------------------------------------------


class Side:
    """One size's app, signed-in clients and tokens; measures a page on demand."""

    def __init__(self, url, size):
        folder = os.path.join(BENCH_DIR, "instance")
        self.app = make_app(url, folder, RATELIMIT_ENABLED=False, AUTH_RATE_LIMITED=False)
        self.meta = data.ensure(self.app, size, history=True,
                                log=lambda m: print(f"[{size}] {m}", flush=True))
        probe = self.meta["probe"]
        self.ids = {"doc": probe["document"], **{f"t{i}": t for i, t in
                                                  enumerate(probe["tasks"])}}
        from app.extensions import db

        with self.app.app_context():
            self.counter = SqlCounter(db.engine, keep=True)
            self.dialect = db.engine.dialect.name
        self.clients, self.tokens = {}, {}
        for user in USERS:
            self.clients[user] = self._login(user)
            self.tokens[user] = self._token(user)
        self.flips = {}

    def _login(self, username):
        client = self.app.test_client()
        page = client.get("/login/").get_data(as_text=True)
        match = (re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
                 or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page))
        form = {"username": username, "password": data.PASSWORD}
        if match:
            form["csrf_token"] = match.group(1)
        response = client.post("/login/", data=form)
        if response.status_code != 302:
            raise RuntimeError(f"login of {username} answered {response.status_code}")
        return client

    def _token(self, username):
        response = self.app.test_client().post("/api/v1/security/login", json={
            "username": username, "password": data.PASSWORD, "provider": "db"})
        if response.status_code != 200:
            raise RuntimeError(f"API login of {username} answered {response.status_code}")
        return {"Authorization": "Bearer " + response.json["access_token"]}

    def _request(self, user, method, path, kind):
        """(response status, bytes) of one request; badges: a direct call."""
        client = self.clients[user]
        if kind == "badges":
            from flask import g

            from app.screens.badges import BADGE_MAX
            from app.services import tracking

            with self.app.test_request_context("/"):
                from app.extensions import db
                from app.models import AppUser

                g.user = db.session.scalar(db.select(AppUser).where(
                    AppUser.username == user))
                with self.counter.recording():
                    started = time.perf_counter()
                    tracking.inbox_counts(g.user, at_most=BADGE_MAX)
                    return 200, 0, time.perf_counter() - started
        headers = self.tokens[user] if kind in ("api", "put", "progress") else None
        body = None
        if kind in ("put", "progress"):
            current = client.get(path.rsplit("/progress", 1)[0], headers=headers)
            version = current.json["result"]["version"] if current.status_code == 200 else None
            # Each kind its own count: a PUT then always changes the content.
            self.flips[kind] = self.flips.get(kind, 0) + 1
            body = {"version": version}
            if kind == "put":
                body["content"] = ("Bench: điều chỉnh nội dung nhiệm vụ lần "
                                   f"{'chẵn' if self.flips[kind] % 2 else 'lẻ'}.")
            else:
                body["content"] = "Bench: đã triển khai, đang tổng hợp số liệu."
        with self.counter.recording():
            started = time.perf_counter()
            response = client.open(path, method=method, headers=headers, json=body)
            size = len(response.get_data())
            spent = time.perf_counter() - started
        return response.status_code, size, spent

    def measure(self, user, method, path, kind):
        status, size, spent = self._request(user, method, path.format(**self.ids), kind)
        return {"seconds": spent, "status": status, "bytes": size, "sql": self.counter.count,
                "sql_seconds": self.counter.seconds}

    def profile(self, user, method, path, kind, top=22):
        profiler = cProfile.Profile()
        profiler.enable()
        result = self.measure(user, method, path, kind)
        profiler.disable()
        cumulative, own = io.StringIO(), io.StringIO()
        pstats.Stats(profiler, stream=cumulative).sort_stats("cumulative").print_stats(
            r"(/app/(?!templates)|flask_appbuilder/(models|widgets|fieldwidgets|fields|forms|"
            r"baseviews|api/__init__)|wtforms/(fields|widgets)|sqlalchemy/orm/(loading|"
            r"strategies|query)|sqlalchemy/engine/base|markupsafe)", top)
        pstats.Stats(profiler, stream=own).sort_stats("tottime").print_stats(10)
        result["profile"] = _trim_profile(cumulative.getvalue())
        result["profile_own"] = _trim_profile(own.getvalue())
        slowest = sorted(self.counter.statements, key=lambda s: s[0], reverse=True)[:6]
        result["slowest_sql"] = [(round(s * 1000, 1), _abridged(stmt), self._plan(stmt, params))
                                 for s, stmt, params in slowest[:3]]
        result["slowest_sql"] += [(round(s * 1000, 1), _abridged(stmt), None)
                                  for s, stmt, params in slowest[3:]]
        repeated = {}
        for _, stmt, _ in self.counter.statements:
            shape = _abridged(stmt, 90, 110)
            repeated[shape] = repeated.get(shape, 0) + 1
        result["repeated_sql"] = sorted(((n, s) for s, n in repeated.items() if n > 1),
                                        reverse=True)[:6]
        return result


    def _plan(self, stmt, params):
        """The database's plan of a statement: EXPLAIN QUERY PLAN (SQLite),
        EXPLAIN (PostgreSQL)."""
        if params is None or not stmt.lstrip().upper().startswith("SELECT"):
            return None
        from app.extensions import db

        prefix = "EXPLAIN QUERY PLAN " if self.dialect == "sqlite" else "EXPLAIN "
        try:
            with self.app.app_context():
                raw = db.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    cursor.execute(prefix + stmt, params)
                    rows = cursor.fetchall()
                finally:
                    raw.close()
        except Exception as err:  # noqa: BLE001 - descriptive only
            return [f"(no plan: {err.__class__.__name__})"]
        if self.dialect == "sqlite":
            return [f"{row[0]:>3}<{row[1]:<3} {row[3]}" for row in rows]
        return [row[0] for row in rows]


def _abridged(stmt, head=160, tail=340):
    """A statement's start (what it selects) and end (its conditions)."""
    stmt = re.sub(r"\b\d+\b", "N", stmt)
    return stmt if len(stmt) <= head + tail else stmt[:head] + " … " + stmt[-tail:]


def _trim_profile(text):
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("ncalls"):
            body = [ln for ln in lines[i:] if ln.strip()]
            return "\n".join(ln.replace(sys.prefix, "<venv>").replace(os.getcwd() + "/", "")
                             for ln in body)
    return text


def _serve(conn, url, size):
    try:
        side = Side(url, size)
        conn.send(("ready", {"meta": side.meta, "dialect": side.dialect}))
    except BaseException:  # noqa: BLE001 - reported to the parent
        conn.send(("error", traceback.format_exc()))
        return
    while True:
        command, *payload = conn.recv()
        if command == "stop":
            return
        try:
            if command == "measure":
                conn.send(("ok", side.measure(*payload)))
            elif command == "profile":
                conn.send(("ok", side.profile(*payload)))
        except BaseException:  # noqa: BLE001 - reported to the parent
            conn.send(("error", traceback.format_exc()))


class Child:
    def __init__(self, url, size):
        ctx = multiprocessing.get_context("spawn")
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(theirs, url, size), daemon=True)
        self.process.start()
        self.size = size

    def wait_ready(self):
        status, body = self.conn.recv()
        if status != "ready":
            raise SystemExit(f"the {self.size:,}-task side failed:\n{body}")
        return body

    def ask(self, *command):
        self.conn.send(command)
        status, body = self.conn.recv()
        if status != "ok":
            raise RuntimeError(body)
        return body

    def stop(self):
        try:
            self.conn.send(("stop",))
        except (OSError, BrokenPipeError):
            pass
        self.process.join(timeout=30)


# --- The parent: rounds, medians, verdict ----------------------------------------------


def _urls(args):
    return data.database_url(args.url, args.small), data.database_url(args.url, args.size)


def main(args):
    info = machine(args.url)
    print_machine(info)
    pages = [(name, user, method, path, kind) for name, users, method, path, kind in PAGES
             for user in users
             if (not args.only or re.search(args.only, name)) and (not args.user
                                                                  or user == args.user)]
    small_url, big_url = _urls(args)
    sides = []
    try:
        for url, size in ((small_url, args.small), (big_url, args.size)):
            child = Child(url, size)
            ready = child.wait_ready()  # one at a time: builds do not compete
            print(f"{size:,} tasks on {ready['dialect']}: "
                  + ", ".join(f"{v:,} {k}" for k, v in ready["meta"]["counts"].items()),
                  flush=True)
            sides.append(child)
        small, big = sides
        results = {(p[0], p[1]): {"small": [], "big": [], "sql_small": set(), "sql_big": set(),
                                  "sql_ms_small": [], "sql_ms_big": [],
                                  "status": set(), "bytes_small": 0, "bytes_big": 0}
                   for p in pages}
        print(f"warming up {len(pages)} pages on both sides ...", flush=True)
        for page in pages:
            for side in (small, big):
                side.ask("measure", *page[1:])
        for rnd in range(args.repeat):
            started = time.perf_counter()
            for i, page in enumerate(pages):
                order = (small, big) if (rnd + i) % 2 == 0 else (big, small)
                for side in order:
                    m = side.ask("measure", *page[1:])
                    r = results[page[:2]]
                    label = "small" if side is small else "big"
                    r[label].append(m["seconds"])
                    r["sql_" + label].add(m["sql"])
                    r["sql_ms_" + label].append(m["sql_seconds"])
                    r["bytes_" + label] = m["bytes"]
                    r["status"].add(m["status"])
            print(f"round {rnd + 1}/{args.repeat}: {time.perf_counter() - started:.1f} s",
                  flush=True)
        report = _report(pages, results, args)
        if args.profile or args.profile_all:
            for page in pages:
                row = report[page[:2]]
                if args.profile_all or not row["pass"]:
                    _print_profile(page, big.ask("profile", *page[1:]))
    finally:
        for side in sides:
            side.stop()
    worst = max(report.values(), key=lambda r: r["ratio"])
    failing = [f"{r['page']} ({r['user']})" for r in report.values() if not r["pass"]]
    passed = not failing
    print(f"worst ratio {worst['ratio']:.2f} ({worst['page']}, {worst['user']}); "
          f"{len(failing)} of {len(report)} pages miss a target")
    return finish("pages", worst["ratio"], TARGET_RATIO, passed, target_sql=TARGET_SQL,
                  small=args.small, big=args.size, database=_dialect(args),
                  repeat=args.repeat, failing=failing, machine=info,
                  pages=list(report.values()))


def _dialect(args):
    return "postgresql" if args.url else "sqlite"


def _report(pages, results, args):
    print()
    print("times are medians; 'SQL ms' is the big side's time inside the database driver")
    header = (f"{'page':34s} {'user':9s} {'2k ms':>9s} {'big ms':>10s} {'ratio':>7s} "
              f"{'SQL 2k':>6s} {'SQL big':>7s} {'SQL ms':>7s} {'KB big':>7s}  verdict")
    print(header)
    print("-" * len(header))
    report = {}
    for name, user, *_ in pages:
        r = results[(name, user)]
        s, b = median(r["small"]), median(r["big"])
        ratio = b / s if s else float("inf")
        sql_s, sql_b = max(r["sql_small"]), max(r["sql_big"])
        ok_status = r["status"] <= {200, 201}
        reasons = []
        if ratio > TARGET_RATIO:
            reasons.append("time")
        if sql_b > TARGET_SQL or sql_s > TARGET_SQL:
            reasons.append("SQL>15")
        if r["sql_small"] != r["sql_big"]:
            reasons.append("SQL differs")
        if not ok_status:
            reasons.append(f"status {sorted(r['status'])}")
        report[(name, user)] = {
            "page": name, "user": user, "small_ms": round(s * 1000, 1),
            "big_ms": round(b * 1000, 1), "ratio": round(ratio, 2),
            "sql_small": sorted(r["sql_small"]), "sql_big": sorted(r["sql_big"]),
            "sql_ms_small": round(median(r["sql_ms_small"]) * 1000, 1),
            "sql_ms_big": round(median(r["sql_ms_big"]) * 1000, 1),
            "bytes_big": r["bytes_big"], "status": sorted(r["status"]),
            "pass": not reasons, "misses": reasons}
        sql_text = lambda v: "/".join(str(x) for x in sorted(v))  # noqa: E731
        print(f"{name:34s} {user:9s} {s * 1000:9.1f} {b * 1000:10.1f} {ratio:7.2f} "
              f"{sql_text(r['sql_small']):>6s} {sql_text(r['sql_big']):>7s} "
              f"{median(r['sql_ms_big']) * 1000:7.1f} "
              f"{r['bytes_big'] / 1024:7.0f}  {'ok' if not reasons else ', '.join(reasons)}")
    print()
    return report


def _print_profile(page, result):
    name, user = page[:2]
    print(f"=== profile: {name} as {user}, big side: {result['seconds'] * 1000:.0f} ms under "
          f"the profiler, {result['sql']} statements taking {result['sql_seconds'] * 1000:.0f} "
          f"ms")
    print("-- heaviest functions (cumulative; the app, FAB's views and widgets, WTForms, ORM):")
    print(result["profile"])
    print("-- own time (tottime):")
    print(result["profile_own"])
    print("slowest statements (ms):")
    for spent, stmt, plan in result["slowest_sql"]:
        print(f"  {spent:8.1f}  {stmt}")
        for line in plan or ():
            print(f"            plan: {line}")
    if result["repeated_sql"]:
        print("statements repeated within the request (count, shape):")
        for count, shape in result["repeated_sql"]:
            print(f"  {count:4d}  {shape}")
    print()


if __name__ == "__main__":
    print("run as: python -m bench pages", file=sys.stderr)
    sys.exit(2)
