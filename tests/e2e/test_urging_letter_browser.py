"""Urging letters in a real browser (issue 11, item 6): the Office opens
"Urging letters" from the menu, ticks Krông Pắc and downloads a Word draft
that python-docx opens and that names the unit; ticking Krông Pắc and Buôn Ma
Thuột downloads a zip of two drafts, one per unit."""
import io
import os
import sqlite3
import zipfile

import docx
import pytest

from tests.e2e.conftest import needs_chromium, sign_in
from tests.e2e.test_notifications_browser import _run

SHOTS = os.environ.get("E2E_SHOTS", "/tmp")

pytestmark = needs_chromium

# One accepted task a month overdue for each unit, flags refreshed today: both
# units are listed whatever day the test runs.
_SEED = """
from run import app
from datetime import timedelta
from app.clock import today_vn
from app.services import tracking
from app.services.flags import refresh_flags
from tests.helpers import who, unit_id
with app.app_context():
    today = today_vn()
    doc = tracking.create_document(who("vanphong"), {
        "doc_type": "official_letter", "number_symbol": "77/UBND-KT",
        "summary": "Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        "issued_on": (today - timedelta(days=90)).isoformat(),
        "signer": "Chủ tịch", "issuing_authority": "chairman"})
    for code, clerk in (("KRONGPAC", "krongpac"), ("BMT", "buonmathuot")):
        task = tracking.create_task(who("vanphong"), doc.id, {
            "content": "Báo cáo tiến độ giải ngân vốn đầu tư công",
            "lead_unit_id": unit_id(code), "coordinating_unit_ids": [],
            "has_deadline": True, "deadline": (today - timedelta(days=30)).isoformat()},
            transfer=True)
        tracking.act(who(clerk), task.id, "accept", {})
    refresh_flags(today)
"""


@pytest.fixture(scope="module")
def units(server):
    _run(server, "-c", _SEED)
    with sqlite3.connect(server["database"]) as conn:
        found = dict(conn.execute("SELECT code, id FROM unit WHERE code IN ('KRONGPAC', 'BMT')")
                     .fetchall())
        names = dict(conn.execute("SELECT id, name FROM unit").fetchall())
        overdue = {code for (code,) in conn.execute(
            "SELECT DISTINCT u.code FROM task t JOIN unit u ON u.id = t.lead_unit_id "
            "WHERE t.timeliness = 'overdue' AND t.state = 'accepted'")}
    assert overdue == {"KRONGPAC", "BMT"}, overdue
    return {code: (unit, names[unit]) for code, unit in found.items()}


def _text(document):
    """Every paragraph of a Word file, its tables' included."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _download(page):
    with page.expect_download() as info:
        page.click("#urging-form button[type=submit]")
    download = info.value
    with open(download.path(), "rb") as f:
        return download.suggested_filename, f.read()


def test_the_office_downloads_urging_letters(server, browser, new_context, units):
    base = server["base"]
    (krongpac, krongpac_name), (bmt, bmt_name) = units["KRONGPAC"], units["BMT"]
    page = new_context(browser, accept_downloads=True).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, "vanphong")

    page.click(".navbar a.dropdown-toggle:has-text('Chỉ đạo điều hành')")
    page.click(".navbar a[href='/urging-letters/']")
    page.wait_for_url(base + "/urging-letters/")
    listed = page.locator("#urging-units").inner_text()
    assert krongpac_name in listed and bmt_name in listed

    page.check(f"#unit-{krongpac}")
    name, body = _download(page)
    assert name.endswith(".docx") and "KRONGPAC" in name
    letter = _text(docx.Document(io.BytesIO(body)))
    assert f"Kính gửi: {krongpac_name}." in letter
    assert "Báo cáo tiến độ giải ngân vốn đầu tư công" in letter and bmt_name not in letter

    page.check(f"#unit-{bmt}")
    name, body = _download(page)
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        files = sorted(archive.namelist())
        assert len(files) == 2 and all(f.endswith(".docx") for f in files), files
        letters = {f: _text(docx.Document(io.BytesIO(archive.read(f)))) for f in files}
    by_code = {code: next(t for f, t in letters.items() if f"-{code}-" in f)
               for code in ("KRONGPAC", "BMT")}
    assert f"Kính gửi: {krongpac_name}." in by_code["KRONGPAC"]
    assert f"Kính gửi: {bmt_name}." in by_code["BMT"]
    page.screenshot(path=os.path.join(SHOTS, "urging_letters.png"), full_page=True)
    assert errors == []
