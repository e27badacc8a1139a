"""The notification centre in a real browser (issue 11): krongpac signs in,
sees the bell with one unread reminder, opens the centre, reads the overdue
reminder in Vietnamese, opens it (lands on the task; the bell empties), marks
everything read, and changes the e-mail setting, which is kept."""
import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, needs_chromium, sign_in

pytestmark = needs_chromium

# An accepted Krông Pắc task due Friday 30/06/2017, reminded on Tuesday
# 04/07/2017 (the overdue reminder repeats three working days later).
_SEED = """
from run import app
from datetime import date
from app.services import tracking
from app.services.flags import refresh_flags
from tests.helpers import who, unit_id
with app.app_context():
    doc = tracking.create_document(who("vanphong"), {
        "doc_type": "official_letter", "number_symbol": "88/UBND-TH",
        "summary": "Về việc tăng cường quản lý đất đai", "issued_on": "2017-03-01",
        "signer": "Chủ tịch", "issuing_authority": "chairman"})
    task = tracking.create_task(who("vanphong"), doc.id, {
        "content": "Rà soát, báo cáo tình hình quản lý đất đai",
        "lead_unit_id": unit_id("KRONGPAC"), "coordinating_unit_ids": [],
        "has_deadline": True, "deadline": "2017-06-30"}, transfer=True)
    tracking.act(who("krongpac"), task.id, "accept", {})
    refresh_flags(date(2017, 7, 4))
    print(task.id)
"""


def _run(server, *args):
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{server['database']}", INSTANCE_DIR=server["instance"],
               LOAD_DEMO_DATA="0")
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def remind(server, day):
    _run(server, "-m", "flask", "--app", "run", "tasks", "refresh-flags", "--today", day)
    _run(server, "-m", "flask", "--app", "run", "tasks", "remind", "--today", day)


@pytest.fixture(scope="module")
def task_id(server):
    task = int(_run(server, "-c", _SEED).split()[-1])
    remind(server, "2017-07-04")
    return task


def bell(page):
    link = page.locator("#notification-bell")
    count = page.locator("#notification-count")
    return link.get_attribute("aria-label"), (count.inner_text() if count.count() else None)


def test_krongpac_reads_the_reminder_and_sets_the_mail(server, browser, new_context, task_id):
    base = server["base"]
    page = new_context(browser).new_page()
    sign_in(page, base, "krongpac")
    assert bell(page) == ("Thông báo, 1 chưa đọc", "1")

    page.click("#notification-bell")
    page.wait_for_url(base + "/notifications/")
    row = page.locator("tr.notification-unread")
    assert row.count() == 1
    text = row.inner_text()
    assert "Quá hạn" in text and "04/07/2017" in text
    assert ("Nhiệm vụ theo văn bản 88/UBND-TH đã quá hạn 2 ngày làm việc (hạn 30/06/2017): "
            "Rà soát, báo cáo tình hình quản lý đất đai") in text
    assert row.locator("strong a.notification-open").count() == 1  # unread reads bold

    row.locator("a.notification-open").click()
    page.wait_for_url(f"{base}/tasks/show/{task_id}")
    assert bell(page) == ("Thông báo", None)

    # Three working days later the reminder comes again: mark all read.
    remind(server, "2017-07-07")
    page.goto(base + "/notifications/")
    assert bell(page) == ("Thông báo, 1 chưa đọc", "1")
    assert page.locator("tr.notification").count() == 2
    page.click("#read-all")
    # The form comes back to the same address: wait for what it shows.
    expect(page.locator("body")).to_contain_text("Đã đánh dấu tất cả thông báo của bạn là đã đọc.")
    assert page.locator("tr.notification-unread").count() == 0
    assert page.locator("tr.notification-read").count() == 2
    assert bell(page) == ("Thông báo", None)
    assert "Đã đánh dấu tất cả thông báo của bạn là đã đọc." in page.inner_text("body")

    page.click("#notification-settings")
    page.wait_for_url(base + "/notifications/settings")
    assert page.is_checked("#email_enabled") and page.is_checked("#email_mode_immediate")
    page.uncheck("#email_enabled")
    page.check("#email_mode_digest")
    page.click("#save-settings")
    expect(page.locator("body")).to_contain_text("Đã lưu cài đặt thông báo của bạn.")
    page.reload()
    assert not page.is_checked("#email_enabled") and page.is_checked("#email_mode_digest")
    assert re.search(r"\d{4}-\d{2}-\d{2}", page.inner_text("body")) is None
