"""What every benchmark shares: the app, timing, medians, SQL counting, the
machine's description and the closing JSON line."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.path.join(ROOT, "instance", "bench")
# The machine has one Redis for everybody: the benchmarks use this database.
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"


def make_app(url, folder, **overrides):
    """The real application (``config.Config``) on ``url``; no demo data, no
    embedded Redis (``REDIS_URL`` defaults to the shared server's db 14)."""
    from app import create_app

    os.makedirs(folder, exist_ok=True)
    settings = dict(SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=folder,
                    UPLOAD_FOLDER=os.path.join(folder, "files"),
                    REDIS_URL=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
                    LOAD_DEMO_DATA=False)
    settings.update(overrides)
    return create_app("config.Config", **settings)


def median(values):
    return statistics.median(values) if values else float("nan")


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


class SqlCounter:
    """Counts (and optionally keeps) the statements an engine runs, with the
    time each took: ``with counter.recording(): ...``."""

    def __init__(self, engine, keep=False):
        from sqlalchemy import event

        self.keep = keep
        self.active = False
        self.count = 0
        self.seconds = 0.0
        self.statements = []
        self._started = None
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        if self.active:
            self.count += 1
            self._started = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        if self.active and self._started is not None:
            spent = time.perf_counter() - self._started
            self.seconds += spent
            if self.keep:
                self.statements.append((spent, " ".join(statement.split()),
                                        None if executemany else parameters))
            self._started = None

    @contextmanager
    def recording(self):
        self.count, self.seconds, self.statements = 0, 0.0, []
        self.active = True
        try:
            yield self
        finally:
            self.active = False


def _command_output(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine(url=None):
    """nproc, memory, CPU, Python, SQLite and (with a PostgreSQL url) its version."""
    import sqlite3

    info = {"nproc": os.cpu_count(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform()}
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        info["memory_gib"] = round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = os.getloadavg()
        info["loadavg_at_start"] = [round(x, 2) for x in load]
    except OSError:
        pass
    if url and url.startswith("postgresql"):
        info["postgresql"] = postgres_version(url)
    return info


def postgres_version(url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(url).set(database="postgres"))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SHOW server_version")).scalar()
    except Exception as err:  # noqa: BLE001 - descriptive only
        return f"unknown ({err.__class__.__name__})"
    finally:
        engine.dispose()


# The arguments of this run (set by bench/__main__.py).
ARGV = []


def command_line():
    import shlex

    return " ".join([".venv/bin/python -m bench", *(shlex.quote(a) for a in ARGV)])


def print_machine(info):
    parts = [f"{info.get('nproc')} cores", f"{info.get('memory_gib')} GiB",
             f"Python {info.get('python')}", f"SQLite {info.get('sqlite')}"]
    if info.get("postgresql"):
        parts.append(f"PostgreSQL {info['postgresql']}")
    if info.get("loadavg_at_start"):
        parts.append("load " + "/".join(str(x) for x in info["loadavg_at_start"]))
    print("machine: " + ", ".join(parts))
    print("command: " + command_line())


def finish(name, ratio, target, passed, **figures):
    """The closing line every benchmark prints: one JSON object."""
    body = {"bench": name, "ratio": None if ratio is None else round(ratio, 3),
            "target": target, "pass": bool(passed)}
    body.update(figures)
    sys.stdout.flush()
    print(json.dumps(body, ensure_ascii=False, default=str))
    return 0 if passed else 1


def ms(seconds):
    return f"{seconds * 1000:,.1f} ms"
