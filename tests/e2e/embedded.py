"""`python run.py` as `make run` starts it, in a fresh instance folder, for the
end-to-end tests of the embedded system; and the helpers they share."""
import json
import re
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, opener=None, timeout=5):
    opener = opener or urllib.request.build_opener()
    with opener.open(url, timeout=timeout) as response:
        return response.status, response.read().decode()


def health(base):
    """/health as a dict, whatever its status (503 while a part is down)."""
    try:
        return json.loads(get(base + "/health", timeout=3)[1])
    except urllib.error.HTTPError as error:
        return json.loads(error.read().decode())


def all_up(body):
    return (body.get("db"), body.get("redis"), body.get("scheduler")) == ("ok", "ok", "ok") \
        and body.get("workers", 0) >= 1 \
        and all(state == "up" for state in body.get("processes", {}).values())


def processes_mentioning(marker):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append((int(pid), cmdline))
    return found


def start_system(instance, timeout=180):
    """Start run.py and wait until /health reports a worker; returns a dict
    with proc, base, instance and port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "TEST_DATABASE_URL")}
    env.update(INSTANCE_DIR=instance, PORT=str(port))
    proc = subprocess.Popen([sys.executable, "run.py"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("run.py exited early:\n" + proc.stdout.read())
        try:
            status, body = get(base + "/health", timeout=2)
            if status == 200 and json.loads(body)["workers"] >= 1:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the system did not become healthy in time")
    return {"proc": proc, "base": base, "instance": instance, "port": port}


def stop_system(system):
    """Ctrl-C as a person does; then make sure nothing of it outlives the test."""
    proc = system["proc"]
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    for pid, _cmdline in processes_mentioning(system["instance"]):
        os.kill(pid, signal.SIGKILL)


def post_login(base, username, password):
    """Sign in through the form as a browser does (CSRF token included);
    returns (status, final URL or None, the opener holding the session)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    _status, form = get(base + "/login/", opener)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                   "password": password}).encode()
    try:
        with opener.open(base + "/login/", data=data, timeout=10) as response:
            return response.status, response.geturl(), opener
    except urllib.error.HTTPError as error:
        return error.code, None, opener
