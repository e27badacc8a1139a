"""Quick entry in a real browser (Chromium through Playwright), from the
keyboard, against the real app served by gunicorn with CSRF on: type-ahead
without accents, Enter and Ctrl+Enter for new rows, Ctrl+D for "same as the
row above", Ctrl+S to save and transfer; then the duplicate-number warning."""
import os
import sqlite3

from tests.e2e.conftest import needs_chromium, sign_in

SHOTS = os.environ.get("E2E_SHOTS", "/tmp")

pytestmark = needs_chromium


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


def test_quick_entry_from_the_keyboard(server, browser, new_context):
    page = new_context(browser).new_page()
    base = server["base"]
    sign_in(page, base, "vanphong")

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
