"""Redis away is not the login away (issue 9): with no Redis at all, the
login form answers, signs people in, and still limits wrong attempts (in
memory meanwhile); nothing answers 500."""
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.e2e.embedded import ROOT, free_port, get, post_login


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("no-redis")
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL",)}
    env.update(DATABASE_URL=f"sqlite:///{folder}/app.db", INSTANCE_DIR=str(folder),
               REDIS_URL=f"unix://{folder}/nobody-here.sock", LOAD_DEMO_DATA="0",
               AUTH_RATE_LIMITED="1", RATELIMIT_ENABLED="1", AUTH_RATE_LIMIT="5 per minute")
    py = sys.executable
    subprocess.run([py, "-m", "flask", "--app", "run", "setup"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    subprocess.run([py, "-c", "from run import app\nfrom app.demo import accounts\n"
                    "with app.app_context(): accounts.seed_demo_users()"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([py, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
                             "1", "--no-control-socket", "run:app"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            get(base + "/login/", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(10)


def test_health_says_redis_is_down(server):
    try:
        get(server + "/health")
        pytest.fail("/health answered 200 with no Redis")
    except urllib.error.HTTPError as error:
        assert error.code == 503 and b'"redis":"down"' in error.read().replace(b" ", b"")


def test_login_works_without_redis(server):
    status, url, opener = post_login(server, "vanphong", "DakLak@2016")
    assert status == 200 and not url.endswith("/login/")
    assert get(server + "/tasks/list/", opener)[0] == 200


def test_wrong_attempts_are_still_limited_without_redis(server):
    statuses = [post_login(server, "nobody", "wrong")[0] for _ in range(8)]
    assert 500 not in statuses
    assert 429 in statuses
