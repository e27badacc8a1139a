"""Shared fixtures of the browser tests: the real app served by gunicorn (CSRF
on, a fresh SQLite database in a temporary instance folder) and Debian's
Chromium through Playwright, whose every request to a host other than
127.0.0.1 is refused and recorded — the provincial network is closed, so a
test that saw one fails.

``server``: `flask setup` and the demo accounts (no demo documents).
``demo_server``: the same plus the demo tracking data and its flags.
``browser``: one Chromium per module. ``new_context(browser)``: a context with
the outside-request guard; ``outside_requests`` lists what it refused.
"""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "DakLak@2016"
LOCAL_HOST = "127.0.0.1"
# Any URL but http(s)://127.0.0.1[:port]/… (data: and blob: URLs are never routed).
NOT_LOCAL = re.compile(r"^(?!https?://127\.0\.0\.1(?::\d+)?(?:[/?#]|$))")

# Every test of this folder that takes `browser` needs Chromium.
needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")


def free_port():
    with socket.socket() as s:
        s.bind((LOCAL_HOST, 0))
        return s.getsockname()[1]


_SEED_ACCOUNTS = ("from run import app\n"
                  "from app.demo import accounts\n"
                  "with app.app_context():\n"
                  "    accounts.seed_demo_users()\n")
_SEED_TRACKING = ("from run import app\n"
                  "from app.clock import today_vn\n"
                  "from app.demo.tracking import seed_demo_tracking\n"
                  "from app.services.flags import refresh_flags\n"
                  "with app.app_context():\n"
                  "    print('tasks', seed_demo_tracking())\n"
                  "    print('flags', refresh_flags(today_vn()))\n")


@contextmanager
def serve(folder, redis_url, tracking=False):
    """Prepare a database in ``folder`` and serve the app with gunicorn on a
    free port of 127.0.0.1; yields ``{"base", "database", "instance"}``."""
    database = folder / "app.db"
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL",)}
    env.update(DATABASE_URL=f"sqlite:///{database}", REDIS_URL=redis_url,
               INSTANCE_DIR=str(folder), UPLOAD_FOLDER=str(folder / "files"),
               LOAD_DEMO_DATA="0", AUTH_RATE_LIMITED="0", RATELIMIT_ENABLED="0",
               WTF_CSRF_ENABLED="1")
    py = sys.executable

    def run(*args):
        done = subprocess.run([py, *args], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            pytest.fail(f"{args} failed:\n{done.stdout}\n{done.stderr}")

    run("-m", "flask", "--app", "run", "setup")
    run("-c", _SEED_ACCOUNTS)
    if tracking:
        run("-c", _SEED_TRACKING)
    port = free_port()
    log = open(folder / "gunicorn.log", "w+")
    proc = subprocess.Popen([py, "-m", "gunicorn", "--bind", f"{LOCAL_HOST}:{port}",
                             "--workers", "1", "--threads", "4",
                             "--control-socket", str(folder / "gunicorn.ctl"), "run:app"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://{LOCAL_HOST}:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail("gunicorn exited early:\n" + log.read())
            try:
                with urllib.request.urlopen(base + "/login/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the app did not start in 60 s")
            time.sleep(0.3)
        yield {"base": base, "database": str(database), "instance": str(folder),
               "log": str(folder / "gunicorn.log")}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, redis_url):
    """The app with the demo accounts only."""
    with serve(tmp_path_factory.mktemp("e2e"), redis_url) as info:
        yield info


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, redis_url):
    """The app with the demo accounts and the demo tracking data, flags refreshed."""
    with serve(tmp_path_factory.mktemp("e2e-demo"), redis_url, tracking=True) as info:
        yield info


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def is_local(url):
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    return urlsplit(url).hostname == LOCAL_HOST


@pytest.fixture
def outside_requests():
    """Requests refused by ``new_context`` contexts of this test; any fails it."""
    refused = []
    yield refused
    assert refused == [], ("the UI must load nothing from outside the provincial network: "
                           f"{refused}")


@pytest.fixture
def new_context(outside_requests):
    """``new_context(browser, **options)``: a Vietnamese browser context whose
    requests to any host but 127.0.0.1 are aborted and recorded."""
    contexts = []

    def _new(browser, **options):
        options.setdefault("locale", "vi-VN")
        options.setdefault("viewport", {"width": 1400, "height": 1000})
        context = browser.new_context(**options)

        def guard(route):
            url = route.request.url
            if is_local(url):  # the pattern below already leaves these out
                route.fallback()
            else:
                outside_requests.append(url)
                route.abort("blockedbyclient")

        # Matched inside the driver: requests to 127.0.0.1 never make the round
        # trip to this process.
        context.route(NOT_LOCAL, guard)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


def sign_in(page, base, username, password=PASSWORD):
    """Through the login form, as a person does."""
    page.goto(base + "/login/")
    page.fill("#username", username)
    page.fill("#password", password)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/")
