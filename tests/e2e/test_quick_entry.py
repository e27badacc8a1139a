"""Quick entry in a real browser (Chromium through Playwright), from the
keyboard, against the real app served by gunicorn with CSRF on: type-ahead
without accents, Enter and Ctrl+Enter for new rows, Ctrl+D for "same as the
row above", Ctrl+S to save and transfer; then the duplicate-number warning."""
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
CHROMIUM = "/usr/bin/chromium"
SHOTS = "/tmp"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"{CHROMIUM} is not installed (apt-get install chromium)")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, redis_url):
    folder = tmp_path_factory.mktemp("quick-entry")
    database = folder / "app.db"
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL",)}
    env.update(DATABASE_URL=f"sqlite:///{database}", REDIS_URL=redis_url,
               INSTANCE_DIR=str(folder), LOAD_DEMO_DATA="0", AUTH_RATE_LIMITED="0",
               RATELIMIT_ENABLED="0")
    py = sys.executable
    subprocess.run([py, "-m", "flask", "--app", "run", "setup"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    # The demo accounts only: the demo year of documents is not needed here.
    subprocess.run([py, "-c", "from run import app\nfrom app.demo import accounts\n"
                    "with app.app_context(): accounts.seed_demo_users()"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen([py, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                             "--workers", "1", "--threads", "4", "run:app"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("gunicorn exited early:\n" + proc.stdout.read())
        try:
            with urllib.request.urlopen(base + "/login/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the app did not start in 60 s")
    yield {"base": base, "database": str(database)}
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _saved_tasks(database):
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT t.id, u.code, t.deadline, t.state, t.content, d.number_symbol "
            "FROM task t JOIN unit u ON u.id = t.lead_unit_id "
            "JOIN document d ON d.id = t.document_id ORDER BY t.id").fetchall()
        coordinating = {
            task_id: sorted(code for (code,) in conn.execute(
                "SELECT u.code FROM task_coordinating_unit c JOIN unit u ON u.id = c.unit_id "
                "WHERE c.task_id = ?", (task_id,)))
            for task_id, *_ in rows}
    return [(code, deadline, state, content, number, coordinating[task_id])
            for task_id, code, deadline, state, content, number in rows]


def test_quick_entry_from_the_keyboard(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    base = server["base"]
    page.goto(base + "/login/")
    page.fill("#username", "vanphong")
    page.fill("#password", "DakLak@2016")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/")

    page.goto(base + "/quick-entry/")
    page.select_option("#qe-doc_type", "directive")
    page.fill("#qe-number_symbol", "08/CT-UBND")
    page.fill("#qe-issued_on", "15/03/2017")
    page.fill("#qe-summary", "Về việc tăng cường công tác quản lý đất đai")
    page.select_option("#qe-issuing_authority", "chairman")
    page.fill("#qe-signer", "Phạm Ngọc Nghị, Chủ tịch")

    # Row 1, from the content box onwards with the keyboard only.
    page.focus("tr.qe-row:nth-child(1) .qe-content")
    page.keyboard.type("Rà soát hiện trạng sử dụng đất công")
    page.keyboard.press("Tab")
    page.keyboard.type("krong pac")
    options = page.locator("tr.qe-row:nth-child(1) .qe-lead + input + ul li[data-id]")
    assert options.all_inner_texts() == ["UBND huyện Krông Pắc"]
    page.keyboard.press("Enter")
    assert page.input_value("tr.qe-row:nth-child(1) .qe-lead") == "UBND huyện Krông Pắc"
    page.keyboard.press("Tab")
    page.keyboard.type("tai chinh")
    page.keyboard.press("Enter")
    page.keyboard.type("tai nguyen")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("30/06/2017")
    page.keyboard.press("Enter")  # a new row, focused on its content
    assert page.locator("tr.qe-row").count() == 2

    # Row 2: the same units and deadline as row 1 (Ctrl+D).
    page.keyboard.type("Báo cáo kết quả rà soát về UBND tỉnh")
    page.keyboard.press("Control+d")
    assert page.input_value("tr.qe-row:nth-child(2) .qe-lead") == "UBND huyện Krông Pắc"
    assert page.input_value("tr.qe-row:nth-child(2) .qe-deadline") == "30/06/2017"
    page.keyboard.press("Control+Enter")
    assert page.locator("tr.qe-row").count() == 3

    # Row 3: another unit, typed without accents, then the button for row 4's units.
    page.keyboard.type("Xử lý vi phạm trên địa bàn thành phố")
    page.keyboard.press("Tab")
    page.keyboard.type("buon ma")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("31/12/2017")
    page.check("#qe-transfer")
    page.screenshot(path=os.path.join(SHOTS, "quick_entry_form.png"), full_page=True)

    page.keyboard.press("Control+s")
    page.wait_for_url(base + "/documents/show/*")
    page.screenshot(path=os.path.join(SHOTS, "quick_entry_saved.png"), full_page=True)
    assert page.locator("#document-tasks tbody tr").count() == 3

    number = "08/CT-UBND"
    assert _saved_tasks(server["database"]) == [
        ("KRONGPAC", "2017-06-30", "transferred", "Rà soát hiện trạng sử dụng đất công",
         number, ["STC", "STNMT"]),
        ("KRONGPAC", "2017-06-30", "transferred", "Báo cáo kết quả rà soát về UBND tỉnh",
         number, ["STC", "STNMT"]),
        ("BMT", "2017-12-31", "transferred", "Xử lý vi phạm trên địa bàn thành phố",
         number, []),
    ]

    # The same number in the same year: a warning before anything is saved.
    page.goto(base + "/quick-entry/")
    page.fill("#qe-number_symbol", "08/ct-ubnd")
    page.fill("#qe-issued_on", "02/11/2017")
    page.focus("#qe-summary")
    warning = page.locator("#qe-duplicate")
    warning.wait_for(state="visible")
    assert "08/CT-UBND" in warning.inner_text()
    page.fill("#qe-summary", "Trùng số")
    page.focus("tr.qe-row:nth-child(1) .qe-content")
    page.keyboard.type("Nhiệm vụ trùng")
    page.keyboard.press("Control+s")
    page.locator("#qe-alert.alert-danger").wait_for(state="visible")
    page.screenshot(path=os.path.join(SHOTS, "quick_entry_duplicate.png"), full_page=True)
    assert len(_saved_tasks(server["database"])) == 3
    page.close()
