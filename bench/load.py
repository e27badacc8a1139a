"""Many people at once: gunicorn (4 workers × 4 threads, as the Procfile) on
PostgreSQL (``--url``, required: a scratch database, see bench/data.py) and
Redis (``--redis``, default the machine's server, database 14), ``--users``
simultaneous users (default 50) for ``--duration`` seconds (default 60)
after a ``--warmup`` (default 10 s, not counted).

Users are threads of this process talking HTTP (``http.client``, keep-alive)
to 127.0.0.1 only. Half sign in on the screens (the login form with its CSRF
token, then a session cookie), half on the API (JWT). The Office (vanphong)
opens task lists and task pages; unit clerks (the demo clerks and the
``bench_<unit>`` clerks of the data) open their lists and their own tasks and
report progress on them — each clerk thread on its own share of its unit's
accepted or in-progress tasks, so two threads never race on one task.
Between requests a user pauses ``--think`` seconds (default 0: as fast as
the server answers).

Target: no error (any status ≥ 400, any connection error or timeout) and
p95 ≤ 10 × p50 of the response times of every request started within the
measured window (the ones under way at its end are waited for and count).
A median above 1 s is reported as a saturated server (a warning): the
ratio alone does not tell a saturated server from a fast one. Bounded: at most
``--max-requests`` requests (default 200,000), each with a 60 s timeout.
The login rate limit is raised for the run (``AUTH_RATE_LIMIT``), its
counters kept in the same Redis.
"""
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

from bench import data
from bench.common import (BENCH_DIR, DEFAULT_REDIS, ROOT, finish, machine, make_app,
                          print_machine)

DEFAULT_SIZE = 200_000
TARGET = 10.0
TIMEOUT = 60
CLERK_UNITS = 10  # units whose clerks report progress
SATURATED_P50 = 1.0  # seconds: above it the run says the server was saturated


def add_arguments(parser):
    parser.add_argument("--users", type=int, default=50, help="simultaneous users (50)")
    parser.add_argument("--duration", type=float, default=60.0,
                        help="measured seconds (60)")
    parser.add_argument("--warmup", type=float, default=10.0,
                        help="seconds of traffic before, not counted (10)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a user pauses between requests (default 0)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
                        help=f"Redis URL (default {DEFAULT_REDIS})")
    parser.add_argument("--max-requests", type=int, default=200_000,
                        help="stop after this many requests (200,000)")


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# --- A user: one keep-alive connection, a session cookie or a token --------------------


class User:
    def __init__(self, port, username, channel, office, tasks, rng):
        self.port, self.username, self.channel = port, username, channel
        self.office, self.tasks, self.rng = office, tasks, rng
        self.conn = None
        self.cookies = {}
        self.headers = {}
        self.csrf = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        return self.conn

    def request(self, method, path, body=None, headers=None):
        """(status, body bytes, Location); the connection is reopened after an error."""
        headers = dict(self.headers, **(headers or {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, payload, response.getheader("Location") or ""

    def sign_in(self):
        if self.channel == "api":
            status, body, _ = self.request("POST", "/api/v1/security/login", json.dumps({
                "username": self.username, "password": data.PASSWORD, "provider": "db"}),
                {"Content-Type": "application/json"})
            if status != 200:
                raise RuntimeError(f"API login of {self.username}: {status} {body[:200]!r}")
            self.headers["Authorization"] = "Bearer " + json.loads(body)["access_token"]
            return
        status, page, _ = self.request("GET", "/login/")
        match = (re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
                 or re.search(rb'value="([^"]+)"[^>]*name="csrf_token"', page))
        self.csrf = match.group(1).decode() if match else ""
        form = urllib.parse.urlencode({"username": self.username, "password": data.PASSWORD,
                                       "csrf_token": self.csrf})
        status, body, _ = self.request("POST", "/login/", form,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise RuntimeError(f"login of {self.username}: {status}")

    def next_action(self):
        """(kind, method, path, body, headers) of the next thing this user does."""
        roll = self.rng.random()
        if not self.office and self.tasks and roll < 0.2:
            task = self.rng.choice(self.tasks)
            text = f"Bench: tiến độ {self.rng.randint(1, 10**6)}; đang triển khai."
            if self.channel == "api":
                return ("progress", "POST", f"/api/v1/task/{task}/progress",
                        json.dumps({"content": text}), {"Content-Type": "application/json"})
            form = urllib.parse.urlencode({"csrf_token": self.csrf, "content": text})
            return ("progress", "POST", f"/tasks/act/{task}/progress", form,
                    {"Content-Type": "application/x-www-form-urlencoded"})
        if roll < 0.6:
            if self.channel == "api":
                return "list", "GET", "/api/v1/task/", None, None
            return "list", "GET", "/tasks/list/", None, None
        task = self.rng.choice(self.tasks)
        if self.channel == "api":
            return "show", "GET", f"/api/v1/task/{task}", None, None
        return "show", "GET", f"/tasks/show/{task}", None, None


def _expected(kind, channel, status, path, location):
    if kind == "progress" and channel == "screen":
        # Back to the task page (a refusal flashes and redirects there too).
        task = path.rsplit("/", 2)[-2]
        return status == 302 and location.split("?")[0].endswith(f"/tasks/show/{task}")
    return status == 200


# --- The run ------------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _plan(app, users, rng):
    """Who the users are: (username, channel, office?, task ids)."""
    with app.app_context():
        from sqlalchemy import func, select

        from app.extensions import db
        from app.models import AppUser, Task

        probe = set(data.probe_ids()["tasks"])
        clerks = {u.unit_id: u.username for u in db.session.scalars(select(AppUser))
                  if u.unit_id and any(r.name == "Unit clerk" for r in u.roles)}
        busy = db.session.execute(
            select(Task.lead_unit_id, func.count()).where(
                Task.state.in_(("accepted", "in_progress")),
                Task.lead_unit_id.in_(list(clerks))).group_by(Task.lead_unit_id)
            .order_by(func.count().desc())).all()
        units = [unit for unit, _ in busy[:CLERK_UNITS]]
        open_tasks = {unit: [i for i in db.session.scalars(
            select(Task.id).where(Task.lead_unit_id == unit,
                                  Task.state.in_(("accepted", "in_progress")))
            .order_by(Task.id)) if i not in probe] for unit in units}
        all_ids = db.session.scalars(select(Task.id).order_by(Task.id)).all()
    office_users = max(2, users // 5)
    plan = []
    for i in range(office_users):
        sample = [rng.choice(all_ids) for _ in range(500)]
        plan.append(("vanphong", "api" if i % 2 else "screen", True, sample))
    clerk_threads = users - office_users
    threads_of = {unit: [i for i in range(clerk_threads) if i % len(units) == n]
                  for n, unit in enumerate(units)}
    for i in range(clerk_threads):
        unit = units[i % len(units)]
        share, shares = threads_of[unit].index(i), len(threads_of[unit])
        mine = open_tasks[unit][share::shares]
        if not mine:
            raise SystemExit(f"unit {unit} has too few open tasks for {shares} users")
        plan.append((clerks[unit], "api" if i % 2 else "screen", False, mine))
    return plan


def _start_server(url, args, folder):
    port = _free_port()
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": url, "REDIS_URL": args.redis, "RATELIMIT_STORAGE_URI": args.redis,
        "AUTH_RATE_LIMIT": "100000 per 20 second", "APP_ENV": "development",
        "SECRET_KEY": "bench-load-secret-key", "LOAD_DEMO_DATA": "0", "INSTANCE_DIR": folder,
        "UPLOAD_FOLDER": os.path.join(folder, "files"),
    })
    log = open(os.path.join(folder, "gunicorn.log"), "wb")
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers), "--threads", str(args.threads),
               "--timeout", "120", "--control-socket", os.path.join(folder, "gunicorn.ctl"),
               "run:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log,
                               start_new_session=True)
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped ({process.returncode}); see "
                             f"{os.path.join(folder, 'gunicorn.log')}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            conn.getresponse().read()
            conn.close()
            return process, port, "gunicorn " + " ".join(command[3:])
        except OSError:
            time.sleep(0.5)
    _stop_server(process)
    raise SystemExit("gunicorn did not answer within 90 s")


def _stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main(args):
    if not args.url or not args.url.startswith("postgresql"):
        raise SystemExit("load needs --url postgresql+psycopg://USER@127.0.0.1:5432/SCRATCH_DB")
    info = machine(args.url)
    print_machine(info)
    url = data.database_url(args.url, args.size, history=True)
    folder = os.path.join(BENCH_DIR, "load-instance")
    app = make_app(url, os.path.join(BENCH_DIR, "instance"))
    meta = data.ensure(app, args.size, history=True)
    rng = random.Random(7)
    plan = _plan(app, args.users, rng)
    os.makedirs(folder, exist_ok=True)
    process, port, command = _start_server(url, args, folder)
    print(f"{meta['counts']['tasks']:,} tasks on PostgreSQL {info.get('postgresql')}; "
          f"server: {command} on 127.0.0.1:{port}", flush=True)
    records = []  # (started, kind, channel, seconds, error, method, path)
    lock = threading.Lock()
    window = {"start": None, "end": None}
    stop = threading.Event()
    try:
        users = [User(port, name, channel, office, tasks, random.Random(i))
                 for i, (name, channel, office, tasks) in enumerate(plan)]
        for user in users:  # sign in one after another: the login is not the benchmark
            user.sign_in()
        print(f"{len(users)} users signed in: "
              f"{sum(1 for u in users if u.office)} Office (vanphong), "
              f"{len({u.username for u in users if not u.office})} clerk accounts; "
              f"{sum(1 for u in users if u.channel == 'api')} on the API, "
              f"{sum(1 for u in users if u.channel == 'screen')} on screens", flush=True)

        def run(user):
            while not stop.is_set():
                kind, method, path, body, headers = user.next_action()
                started = time.perf_counter()
                try:
                    status, _, location = user.request(method, path, body, headers)
                    error = (None if _expected(kind, user.channel, status, path, location)
                             else f"HTTP {status} {location}".strip())
                except Exception as err:  # noqa: BLE001 - counted as errors
                    error = f"{err.__class__.__name__}: {err}"
                with lock:
                    records.append((started, kind, user.channel,
                                    time.perf_counter() - started, error, method, path))
                    if len(records) >= args.max_requests:
                        stop.set()
                if args.think:
                    time.sleep(args.think)

        threads = [threading.Thread(target=run, args=(u,), daemon=True) for u in users]
        for t in threads:
            t.start()
        time.sleep(args.warmup)
        window["start"] = time.perf_counter()
        stop.wait(args.duration)
        window["end"] = time.perf_counter()
        stop.set()  # no new request; the ones under way finish and count
        for t in threads:
            t.join(timeout=TIMEOUT + 5)
    finally:
        _stop_server(process)
    # What started inside the measured window, however long it took.
    measured = [r for r in records if window["start"] <= r[0] < window["end"]]
    results = [(r[1], r[2], r[3]) for r in measured]
    errors = [(r[1], r[2], r[5], r[6], r[4]) for r in measured if r[4]]
    elapsed = window["end"] - window["start"]
    return _report(args, info, meta, results, errors, elapsed, command, folder)


def _report(args, info, meta, results, errors, elapsed, command, folder):
    times = [r[2] for r in results]
    p50, p95 = percentile(times, 50), percentile(times, 95)
    ratio = p95 / p50 if p50 else float("inf")
    print()
    print(f"{len(results):,} requests in {elapsed:.1f} s ({len(results) / elapsed:.1f}/s), "
          f"{len(errors)} errors")
    print(f"{'kind':10s} {'channel':8s} {'count':>7s} {'p50 ms':>8s} {'p95 ms':>8s} "
          f"{'max ms':>8s} {'errors':>6s}")
    per_kind = []
    for kind in ("list", "show", "progress"):
        for channel in ("screen", "api"):
            mine = [r[2] for r in results if r[0] == kind and r[1] == channel]
            bad = sum(1 for e in errors if e[0] == kind and e[1] == channel)
            if not mine:
                continue
            row = {"kind": kind, "channel": channel, "count": len(mine),
                   "p50_ms": round(percentile(mine, 50) * 1000, 1),
                   "p95_ms": round(percentile(mine, 95) * 1000, 1),
                   "max_ms": round(max(mine) * 1000, 1), "errors": bad}
            per_kind.append(row)
            print(f"{kind:10s} {channel:8s} {row['count']:7d} {row['p50_ms']:8.1f} "
                  f"{row['p95_ms']:8.1f} {row['max_ms']:8.1f} {bad:6d}")
    print(f"all: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, p95/p50 = {ratio:.2f} "
          f"(target ≤ {TARGET:.0f}), no error wanted")
    warning = None
    if p50 > SATURATED_P50:
        warning = (f"saturated: the median request waited {p50:.1f} s; p95/p50 alone does not "
                   "tell a saturated server from a fast one (see the throughput)")
        print("warning:", warning)
    for sample in errors[:10]:
        print("error:", *sample)
    if errors:
        print(f"server log: {os.path.join(folder, 'gunicorn.log')}")
    passed = not errors and ratio <= TARGET and bool(results)
    return finish("load", ratio, TARGET, passed, database="postgresql",
                  tasks=meta["counts"]["tasks"], users=args.users, duration_s=args.duration,
                  warmup_s=args.warmup, requests=len(results),
                  throughput_per_s=round(len(results) / elapsed, 1), errors=len(errors),
                  p50_ms=round(p50 * 1000, 1), p95_ms=round(p95 * 1000, 1),
                  per_kind=per_kind, server=command, machine=info, warning=warning,
                  error_samples=[" ".join(map(str, e)) for e in errors[:5]])
