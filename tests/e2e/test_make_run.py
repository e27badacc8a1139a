"""`make run` as a new user runs it: the whole embedded system comes up from an
empty instance folder, serves the Vietnamese login page, reports healthy,
lets admin sign in (in a real browser when Chromium is installed), and
Ctrl-C leaves no process behind."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
CHROMIUM = "/usr/bin/chromium"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_mentioning(marker):
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


def _get(url, opener=None, timeout=5):
    opener = opener or urllib.request.build_opener()
    with opener.open(url, timeout=timeout) as response:
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    instance = str(tmp_path_factory.mktemp("make-run"))
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "TEST_DATABASE_URL")}
    env.update(INSTANCE_DIR=instance, PORT=str(port))
    proc = subprocess.Popen([sys.executable, "run.py"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("run.py exited early:\n" + proc.stdout.read())
        try:
            status, body = _get(base + "/health", timeout=2)
            if status == 200 and '"workers":' in body and '"workers":0' not in body.replace(" ", ""):
                break
        except OSError:
            pass
        time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the system did not become healthy in 3 minutes")
    yield {"proc": proc, "base": base, "instance": instance, "port": port}
    # Normally the Ctrl-C test has stopped it; after a failure, stop it the same way
    # and then make sure nothing of it outlives the test run.
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    for pid, _cmdline in _processes_mentioning(instance):
        os.kill(pid, signal.SIGKILL)


def test_health_reports_everything_up(system):
    import json

    status, body = _get(system["base"] + "/health")
    health = json.loads(body)
    assert status == 200
    assert (health["db"], health["redis"]) == ("ok", "ok")
    assert health["workers"] >= 1


def test_login_page_is_vietnamese(system):
    status, body = _get(system["base"] + "/login/")
    assert status == 200 and "Đăng nhập" in body


def test_admin_signs_in_over_http(system):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    _status, form = _get(system["base"] + "/login/", opener)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "username": "admin",
                                   "password": "DakLak@2016"}).encode()
    with opener.open(system["base"] + "/login/", data=data, timeout=10) as response:
        assert response.status == 200
    _status, page = _get(system["base"] + "/users/list/", opener)
    assert "krongpac" in page


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
def test_admin_signs_in_in_a_browser(system, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(locale="vi-VN")
        outside, errors = [], []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith(system["base"]) and not r.url.startswith("data:") else None)
        page.goto(system["base"] + "/login/")
        page.fill("#username", "admin")
        page.fill("#password", "DakLak@2016")
        page.keyboard.press("Enter")
        page.wait_for_url(system["base"] + "/")
        page.goto(system["base"] + "/units/list/")
        assert "Krông Pắc" in page.content()
        # FAB's own scripts speak Vietnamese too: the bulk action without a selection.
        page.click("text=Thao tác")
        page.click("text=Ngừng hoạt động")
        assert page.locator("#modal-alert .modal-text").inner_text() == "Chưa chọn bản ghi nào"
        page.screenshot(path=str(tmp_path / "units.png"), full_page=True)
        browser.close()
    assert outside == [], "the UI must load nothing from outside the provincial network"
    assert errors == [], errors


def test_login_is_rate_limited(system):
    """Runs last but one: it spends this address's login attempts."""
    statuses = []
    for _ in range(12):
        request = urllib.request.Request(system["base"] + "/login/", method="POST",
                                         data=b"username=nobody&password=wrong")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    assert 429 in statuses


def test_ctrl_c_leaves_no_process_behind(system):
    proc = system["proc"]
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    time.sleep(1)
    left = _processes_mentioning(system["instance"]) + _processes_mentioning(
        f"127.0.0.1:{system['port']}")
    assert left == [], left
