"""`make run` as a new user runs it: the whole embedded system comes up from an
empty instance folder, serves the Vietnamese login page, reports healthy,
lets admin sign in (in a real browser when Chromium is installed), and
Ctrl-C leaves no process behind."""
import os
import signal
import time

import pytest

from tests.e2e.embedded import get, post_login, processes_mentioning, start_system, stop_system

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    system = start_system(str(tmp_path_factory.mktemp("make-run")))
    yield system
    # Normally the Ctrl-C test has stopped it; after a failure, stop it the same way.
    stop_system(system)


def test_health_reports_everything_up(system):
    import json

    status, body = get(system["base"] + "/health")
    health = json.loads(body)
    assert status == 200
    assert (health["db"], health["redis"]) == ("ok", "ok")
    assert health["workers"] >= 1


def test_login_page_is_vietnamese(system):
    status, body = get(system["base"] + "/login/")
    assert status == 200 and "Đăng nhập" in body


def test_admin_signs_in_over_http(system):
    status, url, opener = post_login(system["base"], "admin", "DakLak@2016")
    assert status == 200 and not url.endswith("/login/")
    _status, page = get(system["base"] + "/users/list/", opener)
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


def test_the_api_login_is_rate_limited(system):
    """Like the form: wrong passwords from one address get 429 before long."""
    import json
    import urllib.error
    import urllib.request

    statuses = []
    for _ in range(12):
        request = urllib.request.Request(
            system["base"] + "/api/v1/security/login", method="POST",
            headers={"Content-Type": "application/json"},
            data=json.dumps({"username": "nobody", "password": "wrong",
                             "provider": "db"}).encode())
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    assert 429 in statuses and 500 not in statuses, statuses


def test_login_is_rate_limited(system):
    """Runs last but one: it spends this address's login attempts."""
    statuses = [post_login(system["base"], "nobody", "wrong")[0] for _ in range(12)]
    assert 429 in statuses and 500 not in statuses


def test_ctrl_c_leaves_no_process_behind(system):
    proc = system["proc"]
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    time.sleep(1)
    left = processes_mentioning(system["instance"]) + processes_mentioning(
        f"127.0.0.1:{system['port']}")
    assert left == [], left
