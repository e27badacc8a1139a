"""The tracking screens through FAB's test client, signed in as the demo users:
the issue's scenario, unit scope on every path, secret documents, stale
versions, quick entry all or nothing, and who may open which screen."""
import functools
import io
import json
import re
from html import unescape
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (AppUser, Attachment, Document, SecretReportReceipt, Task, TaskEvent,
                        Unit)
from app.services import tracking
from tests.helpers import text

USERS = ("admin", "vanphong", "lanhdao", "sotttt", "sotaichinh", "buonmathuot", "krongpac")
ANON = "anonymous"
TRACKING_TABLES = ("document", "task", "task_coordinating_unit", "task_event",
                   "progress_update", "extension_request", "attachment")


# --- Helpers ---------------------------------------------------------------------


APP = None


@pytest.fixture(autouse=True)
def _bind_app(app):
    """Requests must not share the test's app context (Flask reuses a pushed
    one, and with it ``g`` and the signed-in user): every read of the database
    here opens its own context instead."""
    global APP
    APP = app


def in_app(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with APP.app_context():
            return fn(*args, **kwargs)
    return wrapper


def _snapshot(task):
    return SimpleNamespace(id=task.id, state=task.state, version=task.version,
                           document_id=task.document_id, lead=task.lead_unit.code)


@in_app
def unit_id(code):
    return db.session.scalar(select(Unit.id).where(Unit.code == code))


@in_app
def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@in_app
def fingerprint():
    tables = db.metadata.tables
    return {name: sorted(repr(sorted(row._mapping.items()))
                         for row in db.session.execute(select(tables[name])))
            for name in TRACKING_TABLES}


@in_app
def task_of(lead_code):
    """The latest task whose lead unit has this code, as plain values."""
    return _snapshot(db.session.scalar(
        select(Task).join(Unit, Unit.id == Task.lead_unit_id)
        .where(Unit.code == lead_code).order_by(Task.id.desc())))


@in_app
def task(task_id):
    return _snapshot(db.session.get(Task, task_id))


@in_app
def task_states():
    return [t.state for t in db.session.scalars(select(Task).order_by(Task.id))]


@in_app
def only(model):
    """The id and a few columns of the single row of ``model``."""
    row = db.session.scalars(select(model)).one()
    return SimpleNamespace(**{k: v for k, v in vars(row).items() if not k.startswith("_")})


@in_app
def office_edits(task_id, data):
    """Someone else at the Office saves a change through the service."""
    user = db.session.scalar(select(AppUser).where(AppUser.username == "vanphong"))
    tracking.update_task(user, task_id, data, db.session.get(Task, task_id).version)


def flashes(response):
    """The alert messages of a page, as plain text."""
    found = re.findall(r'<div class="alert alert-\w+">\s*<button[^>]*>&times;</button>(.*?)</div>',
                       response.get_data(as_text=True), re.S)
    return [unescape(m).strip() for m in found]


def document_fields(number="1234/UBND-TH", issued_on="20/02/2017", **extra):
    return {"doc_type": "official_letter", "number_symbol": number,
            "summary": "Về việc tăng cường quản lý đất đai trên địa bàn tỉnh",
            "issued_on": issued_on, "signer": "Phạm Ngọc Nghị, Chủ tịch",
            "issuing_authority": "chairman", "urgency": "normal",
            "confidentiality": "normal", **extra}


def quick_row(lead, deadline="30/06/2017", coordinating=(), content=None):
    return {"content": content or f"Rà soát, báo cáo tình hình quản lý đất đai ({lead})",
            "lead_unit_id": unit_id(lead) if lead else None,
            "coordinating_unit_ids": [unit_id(c) for c in coordinating],
            "has_deadline": True, "deadline": deadline, "must_report": False}


def quick_entry(client, rows, transfer=True, **doc):
    return client.post("/quick-entry/save", json={
        "document": document_fields(**doc), "tasks": rows, "transfer": transfer})


def act(client, task_id, action, **fields):
    """Press the action's button on the task page, as a person would: the
    button must be there, the version comes from the page's form."""
    page = client.get(f"/tasks/show/{task_id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert f'id="btn-{action}"' in body, f"no {action} button for this user"
    version = re.search(rf'action="/tasks/act/{task_id}/{action}"[^>]*>\s*'
                        r'<input type="hidden" name="csrf_token" value="[^"]*">\s*'
                        r'<input type="hidden" name="version" value="(\d+)">', body).group(1)
    response = client.post(f"/tasks/act/{task_id}/{action}",
                           data={"version": version, **fields}, follow_redirects=True)
    assert response.status_code == 200
    return response


@pytest.fixture
def three_tasks(app, login):
    """vanphong's quick entry of one document with tasks for STC, BMT, KRONGPAC, transferred."""
    office = login("vanphong")
    response = quick_entry(office, [quick_row("STC", coordinating=("STNMT",)),
                                    quick_row("BMT"), quick_row("KRONGPAC")])
    assert response.status_code == 200, response.get_json()
    return {code: task_of(code).id for code in ("STC", "BMT", "KRONGPAC")}


# --- The scenario through the screens ---------------------------------------


def test_done_when_scenario_through_the_screens(app, login, T):
    office = login("vanphong")
    page = office.get("/quick-entry/")
    assert page.status_code == 200
    blob = re.search(r'<script type="application/json" id="qe-data">(.*?)</script>',
                     page.get_data(as_text=True), re.S).group(1)
    units = {u["name"] for u in json.loads(blob)["units"]}  # the type-ahead's units
    assert "UBND huyện Krông Pắc" in units and "Sở Tài chính" in units

    response = quick_entry(office, [quick_row("STC"), quick_row("BMT"), quick_row("KRONGPAC")])
    assert response.status_code == 200, response.get_json()
    doc_page = office.get(response.get_json()["url"])
    assert doc_page.status_code == 200
    assert T("Document %(number)s saved with %(num)d task(s).", number="1234/UBND-TH",
             num=3) in flashes(doc_page)
    for code in ("STC", "BMT", "KRONGPAC"):
        assert task_of(code).state == "transferred"
    stc = task_of("STC").id

    response = act(login("sotaichinh"), stc, "return", reason="Không thuộc thẩm quyền của Sở")
    assert task_of("STC").state == "returned"

    act(office, stc, "reassign", unit_id=str(unit_id("KRONGPAC")),
        reason="Giao UBND huyện Krông Pắc chủ trì")
    assert (task(stc).state, task(stc).lead) == ("transferred", "KRONGPAC")

    krongpac = login("krongpac")
    act(krongpac, stc, "accept")
    act(krongpac, stc, "progress", content="Đã tổ chức rà soát 12 xã", result="")
    act(krongpac, stc, "report-done", content="Đã hoàn thành, báo cáo số 45/BC-UBND")
    act(office, stc, "close")
    assert task(stc).state == "closed"

    history = office.get(f"/tasks/show/{stc}")
    timeline = text(history).split('id="history"')[1]
    steps = re.findall(r'class="tracking-event-action">(.*?)</strong>.*?'
                       r'class="tracking-actor">.*?\((\w+)', timeline, re.S)
    assert steps == [(T("Entered"), "vanphong"), (T("Transfer"), "vanphong"),
                     (T("Return"), "sotaichinh"), (T("Reassign"), "vanphong"),
                     (T("Accept"), "krongpac"), (T("Update progress"), "krongpac"),
                     (T("Report done"), "krongpac"), (T("Close"), "vanphong")]
    assert "Không thuộc thẩm quyền của Sở" in timeline
    assert "Sở Tài chính → UBND huyện Krông Pắc" in timeline
    assert re.search(r"<time>\d{2}/\d{2}/\d{4} \d{2}:\d{2}</time>", timeline)


# --- Unit scope: Krông Pắc's task never reaches Buôn Ma Thuột ---------------------------


def test_buonmathuot_never_sees_krongpac_task(three_tasks, login):
    theirs, own = three_tasks["KRONGPAC"], three_tasks["BMT"]
    bmt = login("buonmathuot")
    assert bmt.get(f"/tasks/show/{own}").status_code == 200
    assert bmt.get(f"/tasks/show/{theirs}").status_code == 404
    # Unit clerks have no edit permission: FAB answers first, with 403.
    assert bmt.get(f"/tasks/edit/{theirs}").status_code == 403
    before = fingerprint()
    for action in ("accept", "return", "progress", "report-done", "close", "cancel",
                   "bogus"):
        response = bmt.post(f"/tasks/act/{theirs}/{action}",
                            data={"reason": "x", "content": "x"})
        assert response.status_code == 404, action
    assert bmt.post(f"/tasks/upload/{theirs}", data={
        "file": (io.BytesIO(b"%PDF-1.4 x"), "a.pdf")}).status_code == 404
    assert fingerprint() == before

    listing = text(bmt.get("/tasks/list/"))
    assert f"/tasks/show/{own}" in listing and f"/tasks/show/{theirs}" not in listing
    found = text(bmt.get("/search/?q=quan ly dat dai"))
    assert f"/tasks/show/{own}" in found and f"/tasks/show/{theirs}" not in found
    inbox = text(bmt.get("/inbox/unit"))
    assert f"/tasks/show/{own}" in inbox and f"/tasks/show/{theirs}" not in inbox
    # The document page lists only the tasks in the unit's scope.
    doc_id = task(own).document_id
    assert f"/tasks/show/{theirs}" not in text(bmt.get(f"/documents/show/{doc_id}"))


def test_a_document_without_tasks_of_the_unit_is_404(app, login):
    office = login("vanphong")
    assert quick_entry(office, [quick_row("KRONGPAC")]).status_code == 200
    doc_id = task_of("KRONGPAC").document_id
    assert login("krongpac").get(f"/documents/show/{doc_id}").status_code == 200
    assert login("buonmathuot").get(f"/documents/show/{doc_id}").status_code == 404
    assert "1234/UBND-TH" not in text(login("buonmathuot").get("/documents/list/"))


def test_files_follow_the_owner_scope(three_tasks, login, T):
    krongpac = login("krongpac")
    task_id = three_tasks["KRONGPAC"]
    response = krongpac.post(f"/tasks/upload/{task_id}", data={
        "file": (io.BytesIO(b"%PDF-1.4 report"), "bao-cao.pdf")}, follow_redirects=True)
    assert T("%(num)d file(s) attached.", num=1) in flashes(response)
    attachment = only(Attachment)
    assert krongpac.get(f"/files/{attachment.id}").data == b"%PDF-1.4 report"
    assert login("vanphong").get(f"/files/{attachment.id}").status_code == 200
    assert login("buonmathuot").get(f"/files/{attachment.id}").status_code == 404
    refused = krongpac.post(f"/tasks/upload/{task_id}", data={
        "file": (io.BytesIO(b"MZ not a pdf"), "virus.pdf")}, follow_redirects=True)
    assert any("virus.pdf" in m for m in flashes(refused))
    assert count(Attachment) == 1


# Secret documents (the form, quick entry): tests/integration/test_secret_documents.py.


# --- Forms: dates, stale versions, all-or-nothing quick entry ---------------------------


def test_document_form_takes_vietnamese_dates_and_shows_them_back(app, login, T):
    office = login("vanphong")
    response = office.post("/documents/add", data=document_fields(issued_on="20/01/2017"))
    assert response.status_code == 302
    doc = only(Document)
    assert doc.issued_on.isoformat() == "2017-01-20"
    assert "20/01/2017" in text(office.get(f"/documents/show/{doc.id}"))
    iso = office.post("/documents/add", data=document_fields("5/UBND-TH", issued_on="2017-02-03"))
    assert iso.status_code == 302
    bad = office.post("/documents/add", data=document_fields("6/UBND-TH", issued_on="31/02/2017"))
    assert T("Type the date as dd/mm/yyyy.") in text(bad)
    duplicate = office.post("/documents/add", data=document_fields(issued_on="05/05/2017"))
    assert T("A document with number %(number)s already exists for %(year)s.",
             number="1234/UBND-TH", year=2017) in text(duplicate)
    assert count(Document) == 2


def test_stale_version_on_the_edit_form_is_refused(three_tasks, login, T):
    office = login("vanphong")
    task_id = three_tasks["STC"]
    form = text(office.get(f"/tasks/edit/{task_id}"))
    version = re.search(r'name="version" type="hidden" value="(\d+)"|'
                        r'type="hidden" name="version" value="(\d+)"|'
                        r'id="version" name="version" type="hidden" value="(\d+)"', form)
    version = next(v for v in version.groups() if v)
    # Someone else changes the task meanwhile.
    office_edits(task_id, {"notes": "Ghi chú mới"})
    before = fingerprint()
    response = office.post(f"/tasks/edit/{task_id}", data={
        "version": version, "content": "Nội dung sửa", "lead_unit_id": str(unit_id("STC")),
        "coordinating_unit_ids": [str(unit_id("STNMT"))], "has_deadline": "y",
        "deadline": "30/06/2017", "notes": "Của tôi"})
    assert response.status_code == 200
    assert T("This task was changed by someone else. Reload it and try again.") in \
        flashes(response)
    assert fingerprint() == before


def test_stale_version_on_an_action_form_is_refused(three_tasks, login, T):
    task_id = three_tasks["STC"]
    clerk = login("sotaichinh")
    page = clerk.get(f"/tasks/show/{task_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    office_edits(task_id, {"notes": "Đổi ghi chú"})  # meanwhile, at the Office
    before = fingerprint()
    response = clerk.post(f"/tasks/act/{task_id}/accept", data={"version": version},
                          follow_redirects=True)
    assert T("This task was changed by someone else. Reload it and try again.") in \
        flashes(response)
    assert fingerprint() == before


def test_edit_form_saves_and_records_the_change(three_tasks, login):
    office = login("vanphong")
    task_id = three_tasks["BMT"]
    version = task(task_id).version
    response = office.post(f"/tasks/edit/{task_id}", data={
        "version": str(version), "content": "Nội dung đã sửa", "has_deadline": "y",
        "deadline": "15/07/2017", "notes": "", "reason": "Điều chỉnh theo ý kiến lãnh đạo"})
    assert response.status_code == 302, flashes(response)
    page = text(office.get(f"/tasks/show/{task_id}"))
    assert "Nội dung đã sửa" in page and "Điều chỉnh theo ý kiến lãnh đạo" in page
    assert "30/06/2017 → 15/07/2017" in page


def test_quick_entry_with_one_bad_row_saves_nothing(app, login, T):
    office = login("vanphong")
    rows = [quick_row("STC"), quick_row(None), quick_row("BMT", deadline="31/13/2017"),
            quick_row("KRONGPAC")]
    response = quick_entry(office, rows)
    assert response.status_code == 400
    body = response.get_json()
    assert body["rows"] == {"1": {"lead_unit_id": T("Choose the lead unit.")},
                            "2": {"deadline": T("Type the date as dd/mm/yyyy.")}}
    assert count(Document) == 0 and count(Task) == 0 and count(TaskEvent) == 0


def test_quick_entry_refusal_found_only_by_the_service_names_its_row(app, login, T):
    office = login("vanphong")
    rows = [quick_row("STC"), {**quick_row("BMT"), "lead_unit_id": 999999}]
    response = quick_entry(office, rows)
    assert response.status_code == 400
    assert response.get_json()["rows"] == {
        "1": {"lead_unit_id": T("Unit %(unit_id)s does not exist.", unit_id=999999)}}
    assert count(Document) == 0


def test_quick_entry_warns_of_a_duplicate_number_before_saving(app, login):
    office = login("vanphong")
    assert quick_entry(office, [quick_row("STC")]).status_code == 200
    found = office.get("/quick-entry/duplicate?number_symbol=1234/ubnd-th&issued_on=01/12/2017")
    assert found.get_json()["duplicate"]["number_symbol"] == "1234/UBND-TH"
    other_year = office.get("/quick-entry/duplicate?number_symbol=1234/UBND-TH"
                            "&issued_on=2018-01-02")
    assert other_year.get_json() == {"duplicate": None}
    again = quick_entry(office, [quick_row("BMT")], issued_on="01/12/2017")
    assert again.status_code == 400
    assert count(Document) == 1


def test_quick_entry_without_transfer_leaves_drafts(app, login):
    empty = {"content": "", "lead_unit_id": None, "coordinating_unit_ids": [],
             "has_deadline": True, "deadline": "", "must_report": False}
    response = quick_entry(login("vanphong"), [quick_row("STC"), empty], transfer=False)
    assert response.status_code == 200
    assert task_states() == ["draft"]


# --- Lists, flags, search, inboxes ----------------------------------------------------


def test_task_list_flags_have_text_labels_and_filters(three_tasks, login, T):
    office = login("vanphong")
    page = text(office.get("/tasks/list/"))
    flags = re.findall(r'<span class="label (label-\w+) tracking-flag"><i [^>]*></i> '
                       r'([^<]+)</span>', page)
    # Colour and words always together: the same label class for the same words.
    assert ("label-default", T("Not started")) in flags
    assert {words for css, words in flags if css != "label-default"} <= {
        T("Overdue"), T("Due soon"), T("Within deadline"), T("Done on time"), T("Done late")}
    assert any(words in (T("Overdue"), T("Due soon"), T("Within deadline"))
               for css, words in flags)
    filtered = text(office.get(f"/tasks/list/?_flt_0_lead_unit={unit_id('BMT')}"))
    assert f"/tasks/show/{three_tasks['BMT']}" in filtered
    assert f"/tasks/show/{three_tasks['STC']}" not in filtered
    by_state = text(office.get("/tasks/list/?_flt_0_state=returned"))
    assert "/tasks/show/" not in by_state


def test_search_ignores_accents(three_tasks, login, T):
    page = text(login("lanhdao").get("/search/?q=QUAN LY dat dai"))
    assert "1234/UBND-TH" in page
    assert all(f"/tasks/show/{i}" in page for i in three_tasks.values())
    assert T("No task matches.") in text(login("lanhdao").get("/search/?q=xyz khong co"))


def test_inboxes_and_menu_counts(three_tasks, login, T):
    krongpac = login("krongpac")
    inbox = text(krongpac.get("/inbox/unit"))
    assert re.search(r'id="count-to_accept">1<', inbox)
    assert re.search(re.escape(T("Unit inbox")) +
                     r'\s*<span class="badge tracking-menu-badge"[^>]*>1</span>', inbox)
    act(login("sotaichinh"), three_tasks["STC"], "return", reason="Sai thẩm quyền")
    office = text(login("vanphong").get("/inbox/office"))
    assert re.search(r'id="count-returned">1<', office)
    assert f"/tasks/show/{three_tasks['STC']}" in office
    assert re.search(re.escape(T("Office inbox")) +
                     r'\s*<span class="badge tracking-menu-badge"[^>]*>1</span>', office)


def test_task_page_explains_dates_and_shows_corrections(three_tasks, login, T):
    krongpac = login("krongpac")
    task_id = three_tasks["KRONGPAC"]
    act(krongpac, task_id, "accept")
    act(krongpac, task_id, "progress", content="Bản cập nhật sai")
    page = act(krongpac, task_id, "correct-progress", content="Bản cập nhật đúng")
    body = text(page)
    assert T("Corrected: superseded by a later update") in body
    assert body.index("Bản cập nhật đúng") < body.index("Bản cập nhật sai")
    assert T("How these dates were reached") in body
    assert T("Entry and transfer by the Office (Art. 7.1)") in body


def test_refused_action_shows_the_rule_message(three_tasks, login, T):
    response = login("vanphong").post(f"/tasks/act/{three_tasks['STC']}/return",
                                      data={"reason": "x"}, follow_redirects=True)
    assert T("You may not do this on this task.") in flashes(response)
    missing = login("sotaichinh").post(f"/tasks/act/{three_tasks['STC']}/return",
                                       data={"reason": " "}, follow_redirects=True)
    assert T("A reason is required.") in flashes(missing)
    assert task_of("STC").state == "transferred"


def test_secret_report_receipts(app, login, T):
    office = login("vanphong")
    response = office.post("/secret-reports/add", data={
        "unit": str(unit_id("STC")), "period": "2017-Q1", "reference": "12/BC-STC",
        "received_on": "05/04/2017"})
    assert response.status_code == 302
    page = text(office.get("/secret-reports/list/"))
    assert "12/BC-STC" in page and "05/04/2017" in page
    bad = office.post("/secret-reports/add", data={
        "unit": str(unit_id("STC")), "period": "quý 1", "reference": "13/BC-STC",
        "received_on": "05/04/2017"})
    assert T("Write the period as 2017, 2017-H1, 2017-Q1 or 2017-03.") in text(bad)
    with app.app_context():
        receipt_id = db.session.scalar(select(SecretReportReceipt.id))
    # A register entry is corrected, never deleted.
    assert office.post(f"/secret-reports/delete/{receipt_id}").status_code == 404
    with app.app_context():
        assert db.session.get(SecretReportReceipt, receipt_id) is not None


# --- Who may open which screen ------------------------------------------------------------

# 200 open, 403 refused by permission, 404 out of the user's unit scope, 302 to the login.
MATRIX = {
    #  path                       admin vanphong lanhdao sotttt sotaichinh buonmathuot krongpac anon
    "/documents/list/":          (200, 200, 200, 403, 200, 200, 200, 302),
    "/documents/add":            (200, 200, 403, 403, 403, 403, 403, 302),
    "/documents/show/{doc}":     (200, 200, 200, 403, 404, 404, 200, 302),
    "/documents/edit/{doc}":     (200, 200, 403, 403, 403, 403, 403, 302),
    "/tasks/list/":              (200, 200, 200, 403, 200, 200, 200, 302),
    "/tasks/add":                (200, 200, 403, 403, 403, 403, 403, 302),
    "/tasks/show/{task}":        (200, 200, 200, 403, 404, 404, 200, 302),
    "/tasks/edit/{task}":        (200, 200, 403, 403, 403, 403, 403, 302),
    "/search/?q=dat":            (200, 200, 200, 403, 200, 200, 200, 302),
    "/quick-entry/":             (200, 200, 403, 403, 403, 403, 403, 302),
    "/quick-entry/duplicate":    (200, 200, 403, 403, 403, 403, 403, 302),
    "/inbox/office":             (200, 200, 200, 403, 403, 403, 403, 302),
    "/inbox/unit":               (200, 403, 403, 403, 200, 200, 200, 302),
    "/secret-reports/list/":     (200, 200, 403, 403, 403, 403, 403, 302),
    "/secret-reports/add":       (200, 200, 403, 403, 403, 403, 403, 302),
    "/secret-reports/show/{receipt}": (200, 200, 403, 403, 403, 403, 403, 302),
    "/secret-reports/edit/{receipt}": (200, 200, 403, 403, 403, 403, 403, 302),
    "/files/{file}":             (200, 200, 200, 403, 404, 404, 200, 302),
}
POST_MATRIX = {
    # A refused or accepted action both redirect back to the task page (302).
    "/tasks/act/{task}/accept":  (302, 302, 403, 403, 404, 404, 302, 302),
    "/tasks/upload/{task}":      (302, 302, 403, 403, 404, 404, 302, 302),
    "/documents/upload/{doc}":   (302, 302, 403, 403, 403, 403, 403, 302),
    "/quick-entry/save":         (400, 400, 403, 403, 403, 403, 403, 302),
}


@pytest.fixture
def krongpac_objects(app, login):
    office = login("vanphong")
    assert quick_entry(office, [quick_row("KRONGPAC")]).status_code == 200
    theirs = task_of("KRONGPAC")
    stored = login("krongpac").post(f"/tasks/upload/{theirs.id}", data={
        "file": (io.BytesIO(b"%PDF-1.4 x"), "x.pdf")})
    assert stored.status_code == 302
    receipt = office.post("/secret-reports/add", data={
        "unit": str(unit_id("KRONGPAC")), "period": "2017-Q1", "reference": "3/BC-UBND",
        "received_on": "03/04/2017"})
    assert receipt.status_code == 302
    return {"task": theirs.id, "doc": theirs.document_id, "file": only(Attachment).id,
            "receipt": only(SecretReportReceipt).id}


def _client(app, login, username):
    return app.test_client() if username == ANON else login(username)


@pytest.mark.parametrize("path", MATRIX)
def test_screen_access_matrix(app, login, krongpac_objects, path):
    url = path.format(**krongpac_objects)
    got = tuple(_client(app, login, u).get(url).status_code for u in (*USERS, ANON))
    assert got == MATRIX[path]


@pytest.mark.parametrize("path", POST_MATRIX)
def test_post_access_matrix(app, login, krongpac_objects, path):
    url = path.format(**krongpac_objects)
    got = []
    for username in (*USERS, ANON):
        client = _client(app, login, username)
        if "quick-entry" in path:
            response = client.post(url, json={"document": {}, "tasks": []})
        else:
            response = client.post(url, data={"reason": "x"})
        got.append(response.status_code)
    assert tuple(got) == POST_MATRIX[path]


def test_menu_names_and_visibility(login):
    office = text(login("vanphong").get("/"))
    for href in ("/documents/list/", "/tasks/list/", "/search/", "/quick-entry/",
                 "/inbox/office", "/secret-reports/list/"):
        assert f'href="{href}"' in office, href
    assert 'href="/inbox/unit"' not in office
    unit = text(login("krongpac").get("/"))
    assert 'href="/inbox/unit"' in unit
    assert 'href="/quick-entry/"' not in unit and 'href="/secret-reports/list/"' not in unit
    dic = text(login("sotttt").get("/"))
    assert "/tasks/list/" not in dic and "/inbox/" not in dic


def test_our_posts_need_the_csrf_token(three_tasks, login, app, monkeypatch, T):
    task_id = three_tasks["STC"]
    clerk, office = login("sotaichinh"), login("vanphong")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    before = fingerprint()
    expired = T("The form has expired. Reload the page and try again.")
    back = {"Referer": f"http://localhost/tasks/show/{task_id}"}
    # A screen's post without the token goes back to the page, saying why.
    for post in (lambda: clerk.post(f"/tasks/act/{task_id}/accept", headers=back),
                 lambda: clerk.post(f"/tasks/upload/{task_id}", headers=back, data={
                     "file": (io.BytesIO(b"%PDF-1.4 x"), "x.pdf")})):
        refused = post()
        assert refused.status_code == 302
        assert expired in clerk.get(refused.headers["Location"]).get_data(as_text=True)
    saved = quick_entry(office, [quick_row("BMT")], number="99/UBND-TH")
    assert saved.status_code == 400
    assert saved.get_json()["message"] == expired
    assert fingerprint() == before
    # With the token the page gives, the same action goes through.
    page = clerk.get(f"/tasks/show/{task_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert clerk.post(f"/tasks/act/{task_id}/accept",
                      data={"csrf_token": token}).status_code == 302
    assert task(task_id).state == "accepted"
