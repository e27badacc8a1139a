"""Process supervisor for the embedded mode (``make run``).

Children run in their own sessions so that Ctrl-C reaches only this process,
which then stops them in order (web, scheduler, worker, Redis): the worker
finishes its job and Redis saves while everything is still connected.
"""
import os
import signal
import subprocess
import sys
import time

from config import INSTANCE_DIR

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8080")


def _spawn(args, env):
    return subprocess.Popen(args, env=env, start_new_session=True)


def _stop(proc, timeout=15.0):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    from app.runtime import embedded_redis

    env = dict(os.environ)
    redis_proc = None
    if not env.get("REDIS_URL"):
        redis_proc = embedded_redis.start(INSTANCE_DIR)
        env["REDIS_URL"] = embedded_redis.socket_url(INSTANCE_DIR)
        print(f"embedded Redis on {env['REDIS_URL']}", flush=True)
    py = sys.executable
    children = []
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        subprocess.run([py, "-m", "flask", "--app", "run", "setup"], env=env, check=True)
        url = env["REDIS_URL"]
        children = [
            ("worker", _spawn([py, "-m", "rq.cli", "worker", "--url", url,
                               "--name", f"worker-{os.getpid()}",
                               env.get("RQ_QUEUE", "default")], env)),
            ("cron", _spawn([py, "-m", "rq.cli", "cron", "--url", url, "app.jobs.cron"], env)),
            ("web", _spawn([py, "-m", "gunicorn", "--bind", f"{HOST}:{PORT}",
                            "--workers", "2", "--threads", "4", "--access-logfile", "-",
                            # Its default is one path per user: two instances would share it.
                            "--control-socket", os.path.join(INSTANCE_DIR, "gunicorn.ctl"),
                            "run:app"], env)),
        ]
        print(f"serving on http://{HOST}:{PORT} (Ctrl-C stops everything)", flush=True)
        while not stopping:
            for name, proc in children:
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; stopping", flush=True)
                    stopping = True
            time.sleep(0.5)
    finally:
        for name, proc in reversed(children):
            _stop(proc)
        if redis_proc is not None:
            embedded_redis.stop(redis_proc)
        print("stopped", flush=True)
