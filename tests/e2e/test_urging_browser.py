"""An urging in a real browser (Chromium through Playwright) against the app
served by gunicorn with CSRF on and its CSP (issue 11, items 4 and 8): the
Office opens the form for an overdue Krông Pắc task, urges it by phone with a
request for explanation and sees the record; Krông Pắc signs in, opens it,
answers, and the answer shows; the task counts one urging."""
import os
import re
import sqlite3

from playwright.sync_api import expect

from tests.e2e.conftest import needs_chromium, sign_in

SHOTS = os.environ.get("E2E_SHOTS", "/tmp")

pytestmark = needs_chromium


def _query(database, sql, *params):
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, params).fetchall()


def _an_overdue_krongpac_task(database):
    rows = _query(database, "SELECT t.id FROM task t JOIN unit u ON u.id = t.lead_unit_id "
                            "WHERE u.code = 'KRONGPAC' AND t.timeliness = 'overdue' "
                            "AND t.state NOT IN ('draft', 'closed', 'cancelled') "
                            "ORDER BY t.id LIMIT 1")
    assert rows, "the demo data has no open overdue Krông Pắc task"
    return rows[0][0]


def _watch(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    return errors


def test_the_office_urges_and_the_unit_explains(demo_server, browser, new_context):
    base, database = demo_server["base"], demo_server["database"]
    task_id = _an_overdue_krongpac_task(database)
    content = "Đề nghị UBND huyện Krông Pắc giải trình lý do chậm thực hiện"

    page = new_context(browser).new_page()
    errors = _watch(page)
    sign_in(page, base, "vanphong")
    page.goto(f"{base}/urging/new?task_ids={task_id}")
    assert page.locator(f"#urging-tasks a[href='/tasks/show/{task_id}']").count() == 1
    page.get_by_label("Qua điện thoại").check()
    page.get_by_label("Yêu cầu giải trình").check()
    page.fill("#urging-content", content)
    page.screenshot(path=os.path.join(SHOTS, "urging_form.png"), full_page=True)
    page.click("#urging-save")
    page.wait_for_url(re.compile(r".*/urging/\d+$"))
    urging_id = int(page.url.rsplit("/", 1)[1])
    record = page.locator("#urging-record").inner_text()
    assert content in record and "Qua điện thoại" in record and "Yêu cầu giải trình" in record
    assert "Đã ghi nhận đôn đốc" in page.content()
    assert page.locator("#urging-answer-form").count() == 0  # the Office does not answer
    assert errors == []

    unit = new_context(browser).new_page()
    errors = _watch(unit)
    sign_in(unit, base, "krongpac")
    unit.goto(f"{base}/urging/")
    unit.click(f"a[href='/urging/{urging_id}']")
    unit.wait_for_url(f"{base}/urging/{urging_id}")
    assert "Chưa giải trình" in unit.locator("#urging-answers").inner_text()
    unit.fill("#urging-answer", "Do chưa được bố trí kinh phí, huyện sẽ hoàn thành trong tháng")
    unit.click("#urging-answer-save")
    # The form comes back to the same address: wait for what it shows.
    expect(unit.locator("#urging-answers")).to_contain_text("Do chưa được bố trí kinh phí")
    answers = unit.locator("#urging-answers").inner_text()
    assert "Do chưa được bố trí kinh phí" in answers and "Krông Pắc" in answers
    assert unit.locator("#urging-answer-form").count() == 0
    unit.screenshot(path=os.path.join(SHOTS, "urging_answered.png"), full_page=True)
    assert errors == []

    assert _query(database, "SELECT urging_count FROM task WHERE id = ?", task_id) == [(1,)]
    assert _query(database, "SELECT count(*) FROM urging_answer WHERE urging_id = ?",
                  urging_id) == [(1,)]


def test_the_office_urges_tasks_ticked_on_the_list(demo_server, browser, new_context):
    base, database = demo_server["base"], demo_server["database"]
    # Two open overdue tasks, the newest: on the first page of the overdue list.
    ticked = [row[0] for row in _query(
        database, "SELECT id FROM task WHERE timeliness = 'overdue' "
                  "AND state NOT IN ('draft', 'closed', 'cancelled') ORDER BY id DESC LIMIT 2")]
    assert len(ticked) == 2, "the demo data has fewer than two open overdue tasks"

    page = new_context(browser).new_page()
    errors = _watch(page)
    sign_in(page, base, "vanphong")
    page.goto(f"{base}/tasks/list/?_flt_0_timeliness=overdue")
    for task_id in ticked:
        page.check(f"input.action_check[value='{task_id}']")
    page.click(".btn-group:has(.urge_menu_item) > .dropdown-toggle")
    page.click(".urge_menu_item")
    page.wait_for_url(re.compile(r".*/urging/new\?task_ids=.*"))
    listed = page.locator("#urging-tasks a[href^='/tasks/show/']")
    assert sorted(int(a.rsplit("/", 1)[1]) for a in
                  listed.evaluate_all("links => links.map(a => a.getAttribute('href'))")) \
        == sorted(ticked)
    page.screenshot(path=os.path.join(SHOTS, "urging_from_list.png"), full_page=True)
    assert errors == []
