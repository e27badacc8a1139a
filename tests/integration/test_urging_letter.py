"""Urging letters (công văn đôn đốc): the .docx drafts, their zip, the
screen that picks the units, who may use it, and what bad input gets."""
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from docx import Document as ReadDocx
from sqlalchemy import select

from app.extensions import db
from app.models import Unit
from app.services import letters, tracking
from app.services.flags import refresh_flags
from tests.helpers import text, unit_id, who

TODAY = date(2026, 3, 16)  # a Monday; no day off in March 2026
OWN, OTHER, IDLE = "KRONGPAC", "BMT", "STC"
# Deadline → what the letter says of it on TODAY (working days Mon–Fri).
OVERDUE = {date(2026, 3, 2): "Quá hạn 10 ngày làm việc",
           date(2026, 3, 10): "Quá hạn 4 ngày làm việc"}
DUE_SOON = {date(2026, 3, 14): "Đến hạn hôm nay",  # a Saturday: ends Monday 16/03
            date(2026, 3, 16): "Đến hạn hôm nay",
            date(2026, 3, 18): "Còn 2 ngày làm việc"}


def _entry(code, deadlines, transfer=True, number="1"):
    doc = tracking.quick_entry(who("vanphong"), {
        "doc_type": "official_letter", "number_symbol": f"{number}/UBND-TH",
        "summary": "Đôn đốc", "issued_on": "2026-02-02", "signer": "Chủ tịch",
        "issuing_authority": "chairman",
    }, [{"content": f"Nhiệm vụ hạn {d:%d/%m}", "lead_unit_id": unit_id(code),
         "coordinating_unit_ids": [], "has_deadline": True, "deadline": d.isoformat()}
        for d in deadlines], transfer=transfer)
    return doc


@pytest.fixture
def tasks(app):
    """Krông Pắc: two overdue, three due soon, one within its deadline and an
    overdue draft; Buôn Ma Thuột: one overdue. Flags as of TODAY."""
    with app.app_context():
        _entry(OWN, [*OVERDUE, *DUE_SOON, date(2026, 6, 30)], number="101")
        _entry(OWN, [date(2026, 3, 3)], transfer=False, number="102")  # a draft
        _entry(OTHER, [date(2026, 3, 12)], number="103")
        refresh_flags(TODAY)
        db.session.remove()


def docx_text(data):
    doc = ReadDocx(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells), doc


def task_rows(doc):
    """The task table's rows (STT, document, content, deadline, status), headings out."""
    table = doc.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    return [row for row in rows if row[0].isdigit()]


def test_the_letter_holds_the_unit_its_tasks_and_the_layout(app, tasks):
    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == OWN))
        overdue, due_soon = letters.letter_tasks(unit.id, TODAY)
        assert [t.deadline for t in overdue] == sorted(OVERDUE)
        assert sorted(t.deadline for t in due_soon) == sorted(DUE_SOON)
        body, doc = docx_text(letters.urging_letter(unit, overdue, due_soon, TODAY))
        stored = {t.deadline: t.working_days_overdue for t in overdue}
    assert "Kính gửi: UBND huyện Krông Pắc." in body
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "UBND TỈNH ĐẮK LẮK", "VĂN PHÒNG", "Số:      /VP-TH",
                 "V/v đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến hạn",
                 "Đắk Lắk, ngày 16 tháng 3 năm 2026", "Quyết định số 45/2016/QĐ-UBND",
                 "Mục chỉ đạo điều hành", "Nơi nhận:", "- Như trên;", "- Lưu: VT, TH.",
                 "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"):
        assert line in body, line
    rows = task_rows(doc)
    # Overdue first, soonest deadline first, with the days the flags counted.
    assert [r[0] for r in rows] == [str(i) for i in range(1, 6)]
    assert [r[4] for r in rows[:2]] == [OVERDUE[d] for d in sorted(OVERDUE)]
    assert [f"Quá hạn {stored[d]} ngày làm việc" for d in sorted(OVERDUE)] == \
        [r[4] for r in rows[:2]]
    assert [r[4] for r in rows[2:]] == ["Đến hạn hôm nay", "Đến hạn hôm nay",
                                        "Còn 2 ngày làm việc"]
    assert rows[0][1] == "101/UBND-TH ngày 02/02/2026"
    assert rows[0][2] == "Nhiệm vụ hạn 02/03"
    assert rows[0][3] == "02/03/2026"
    # A deadline on a Saturday: the day it really ends is said.
    assert "14/03/2026 (ngày nghỉ; hạn thực tế: 16/03/2026)" in [r[3] for r in rows]
    # Neither the draft nor the task within its deadline.
    assert "03/03" not in body and "30/06" not in body
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                  section.left_margin, section.right_margin)] == [20, 20, 30, 15]
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_the_date_line_follows_decree_30():
    assert letters.date_line(date(2026, 2, 5)) == "Đắk Lắk, ngày 05 tháng 02 năm 2026"
    assert letters.date_line(date(2026, 11, 25)) == "Đắk Lắk, ngày 25 tháng 11 năm 2026"


def test_the_zip_holds_a_letter_per_unit(app, tasks):
    with app.app_context():
        units = db.session.scalars(select(Unit).where(Unit.code.in_([OWN, OTHER]))).all()
        found = letters.tasks_by_unit([u.id for u in units], TODAY)
        data = letters.urging_letters_zip([(u, *found[u.id]) for u in units], TODAY)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        assert names == ["don-doc-BMT-20260316.docx", "don-doc-KRONGPAC-20260316.docx"]
        bmt, _ = docx_text(archive.read("don-doc-BMT-20260316.docx"))
    assert "Kính gửi: UBND thành phố Buôn Ma Thuột." in bmt
    assert "Quá hạn 2 ngày làm việc" in bmt and "Krông Pắc" not in bmt


def test_file_names_are_ascii():
    unit = Unit(id=7, code="Sở Y tế/../x", name="Sở Y tế")
    assert letters.letter_filename(unit, TODAY) == "don-doc-SO-Y-TE-X-20260316.docx"


# --- The screen ------------------------------------------------------------------------


def test_the_form_lists_the_units_to_urge_with_their_counts(app, tasks, login):
    page = text(login("vanphong").get("/urging-letters/"))
    with app.app_context():
        own, other, idle = unit_id(OWN), unit_id(OTHER), unit_id(IDLE)
    rows = dict(re.findall(r'name="unit_id" value="(\d+)".*?</label></td>(.*?)</tr>', page,
                           re.S))
    assert set(rows) == {str(own), str(other)}
    assert re.findall(r">(\d+)<", rows[str(own)]) == ["2", "3"]
    assert str(idle) not in rows
    assert "csrf_token" in page


def _post(client, *ids, **kwargs):
    return client.post("/urging-letters/download", data={"unit_id": list(ids)}, **kwargs)


def test_downloads_one_docx_or_a_zip(app, tasks, login, monkeypatch):
    monkeypatch.setattr("app.screens.letters.today_vn", lambda: TODAY)
    office = login("vanphong")
    with app.app_context():
        own, other = unit_id(OWN), unit_id(OTHER)
    one = _post(office, own)
    assert one.status_code == 200
    assert one.mimetype == letters.DOCX_TYPE
    assert one.headers["Content-Disposition"] == \
        "attachment; filename=don-doc-KRONGPAC-20260316.docx"
    body, _ = docx_text(one.data)
    assert "Đắk Lắk, ngày 16 tháng 3 năm 2026" in body and "Krông Pắc" in body
    several = _post(office, own, other)
    assert several.status_code == 200 and several.mimetype == "application/zip"
    assert several.headers["Content-Disposition"] == "attachment; filename=don-doc-20260316.zip"
    assert len(zipfile.ZipFile(io.BytesIO(several.data)).namelist()) == 2


def test_only_the_office_may_use_it(app, tasks, login, client):
    with app.app_context():
        own = unit_id(OWN)
    clerk = login("krongpac")
    assert clerk.get("/urging-letters/").status_code == 403
    assert _post(clerk, own).status_code == 403
    for response in (client.get("/urging-letters/"), _post(client, own)):
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert login("admin").get("/urging-letters/").status_code == 200


@pytest.mark.parametrize("ids, msgid", [
    ((), "Choose at least one unit."),
    (("999999",), "Unknown unit."),
    (("abc",), "Unknown unit."),
    (("99999999999999999999999",), "Unknown unit."),
    (("-1",), "Unknown unit."),
])
def test_bad_input_gets_a_message(app, tasks, login, T, ids, msgid):
    response = _post(login("vanphong"), *ids, follow_redirects=True)
    assert response.status_code == 200
    assert T(msgid) in text(response)
    assert T(msgid) != msgid  # translated


def test_a_unit_with_nothing_to_urge_is_named(app, tasks, login, T):
    with app.app_context():
        idle = unit_id(IDLE)
        name = db.session.get(Unit, idle).name
    response = _post(login("vanphong"), idle, follow_redirects=True)
    assert T("No overdue or due-soon task to urge for: %(units)s.", units=name) in \
        text(response)


# --- LibreOffice opens it -----------------------------------------------------------------


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt "
                    "package libreoffice-writer-nogui")
def test_libreoffice_converts_the_letter_to_pdf(app, tasks, tmp_path):
    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == OWN))
        data = letters.urging_letter(unit, *letters.letter_tasks(unit.id, TODAY), TODAY)
    source = tmp_path / "letter.docx"
    source.write_bytes(data)
    # A profile of its own: two soffice sharing the default one block each other.
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "letter.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                               capture_output=True, timeout=60).stdout.decode()
        assert "Kính gửi: UBND huyện Krông Pắc." in " ".join(words.split())


def test_odd_content_stays_readable():
    """Line breaks stay line breaks; control characters XML cannot hold go."""
    from types import SimpleNamespace

    from app.rules.workdays import Calendar

    source = SimpleNamespace(number_symbol="5/KH-UBND", issued_on=date(2026, 1, 5))
    task = SimpleNamespace(document=source, content="a) Rà soát;\nb) Báo cáo\x0b\x00.",
                           deadline=date(2026, 3, 2), effective_deadline=date(2026, 3, 2),
                           timeliness="overdue")
    unit = SimpleNamespace(name="Sở\x1f Tài chính", code="STC", id=1)
    _, doc = docx_text(letters.urging_letter(unit, [task], [], TODAY, Calendar()))
    assert task_rows(doc)[0][2] == "a) Rà soát;\nb) Báo cáo."
    assert "Kính gửi: Sở Tài chính." in [p.text for p in doc.paragraphs]
