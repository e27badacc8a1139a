"""The embedded mode's supervisor (``make run``).

It starts the embedded Redis (unless ``REDIS_URL`` is set), prepares the
database, then one ``rq worker``, one ``rq cron`` and gunicorn, and watches
them: a child that dies is started again after a growing pause and the rest
keep running, so a dead worker or Redis never takes the site down. Only
Ctrl-C (or SIGTERM) stops everything, in order (web, scheduler, worker,
Redis): the worker finishes its job and Redis saves while everything is
still connected. Children run in their own sessions so that Ctrl-C reaches
only this process.
"""
import json
import logging
import os
import signal
import subprocess
import sys
import time

from config import INSTANCE_DIR

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8080")
log = logging.getLogger("launcher")

# Pauses before restarting a child that died: 1 s, doubling up to a minute;
# a child that then ran for STABLE_AFTER seconds starts again from 1 s.
FIRST_PAUSE, MAX_PAUSE, STABLE_AFTER = 1.0, 60.0, 60.0


def next_pause(previous, ran_for):
    """The pause before the next restart of a child that died after running
    ``ran_for`` seconds, its previous pause being ``previous`` (None: never)."""
    if previous is None or ran_for >= STABLE_AFTER:
        return FIRST_PAUSE
    return min(previous * 2, MAX_PAUSE)


class Child:
    """One supervised process: ``start`` returns a Popen-like object."""

    def __init__(self, name, start, stop):
        self.name, self._start, self._stop = name, start, stop
        self.proc = None
        self.started_at = 0.0
        self.pause = None
        self.restart_at = None
        self.restarts = 0

    def start(self):
        try:
            self.proc = self._start()
        except Exception as exc:  # e.g. Redis that does not answer yet: try again later
            log.error("%s did not start: %s", self.name, exc)
            self.proc = None
            self._schedule(0.0)
            return
        self.started_at = time.monotonic()
        self.restart_at = None

    def _schedule(self, ran_for):
        self.pause = next_pause(self.pause, ran_for)
        self.restart_at = time.monotonic() + self.pause
        log.warning("%s will restart in %.0f s", self.name, self.pause)

    def check(self):
        """Notice a death and restart when its pause is over."""
        now = time.monotonic()
        if self.restart_at is not None:
            if now >= self.restart_at:
                self.restarts += 1
                log.warning("restarting %s (restart %d)", self.name, self.restarts)
                self.start()
            return
        if self.proc is not None and self.proc.poll() is not None:
            log.error("%s exited with %s", self.name, self.proc.returncode)
            self.proc = None
            self._schedule(now - self.started_at)

    def stop(self):
        if self.proc is not None:
            self._stop(self.proc)

    @property
    def state(self):
        return "up" if self.proc is not None and self.proc.poll() is None else "down"


def _spawn(args, env):
    return subprocess.Popen(args, env=env, start_new_session=True)


def _terminate(proc, timeout=15.0):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def children(env, py=sys.executable):
    """The supervised children, in start order (Redis first when embedded)."""
    from app.runtime import embedded_redis

    found = []
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = embedded_redis.socket_url(INSTANCE_DIR)
        found.append(Child("redis", lambda: embedded_redis.start(INSTANCE_DIR),
                           embedded_redis.stop))
    url = env["REDIS_URL"]
    for name, args in (
        # RQ names each worker afresh, so a restarted one never clashes with
        # the dead one that Redis remembers until its heartbeat expires.
        # --with-scheduler: retried jobs (a failed e-mail) come back to the queue.
        ("worker", ["rq.cli", "worker", "--with-scheduler", "--url", url,
                    env.get("RQ_QUEUE", "default")]),
        ("cron", ["rq.cli", "cron", "--url", url, "app.jobs.cron"]),
        ("web", ["gunicorn", "--bind", f"{HOST}:{PORT}", "--workers", "2", "--threads", "4",
                 "--access-logfile", "-",
                 # Its default is one path per user: two instances would share it.
                 "--control-socket", os.path.join(INSTANCE_DIR, "gunicorn.ctl"),
                 "run:app"]),
    ):
        found.append(Child(name, lambda a=args: _spawn([py, "-m", *a], env), _terminate))
    return found


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s launcher %(levelname)s %(message)s")
    env = dict(os.environ)
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    supervised = children(env)
    started = []
    try:
        for child in supervised:
            if child.name == "worker":
                # The database is prepared once Redis answers, before anything uses it.
                subprocess.run([sys.executable, "-m", "flask", "--app", "run", "setup"],
                               env=env, check=True)
            child.start()
            started.append(child)
            if child.proc is None and child.name == "redis":
                raise RuntimeError("the embedded Redis did not start; see instance/redis.log")
        print(f"serving on http://{HOST}:{PORT} (Ctrl-C stops everything)", flush=True)
        while not stopping:
            for child in started:
                child.check()
            write_status(started)
            time.sleep(0.5)
    finally:
        for child in reversed(started):
            child.stop()
        _remove(STATUS_FILE)
        print("stopped", flush=True)


# What /health reports of the embedded processes, while this launcher lives.
STATUS_FILE = os.path.join(INSTANCE_DIR, "processes.json")
_last_status = None


def write_status(started):
    global _last_status
    status = {"launcher": os.getpid(),
              "processes": {child.name: child.state for child in started}}
    if status != _last_status:
        tmp = STATUS_FILE + ".tmp"
        with open(tmp, "w") as f:
            json.dump(status, f)
        os.replace(tmp, STATUS_FILE)
        _last_status = status


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def read_status(instance_dir):
    """The launcher's view of its processes, or None when no launcher runs."""
    try:
        with open(os.path.join(instance_dir, "processes.json")) as f:
            status = json.load(f)
        os.kill(status["launcher"], 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return status["processes"]
