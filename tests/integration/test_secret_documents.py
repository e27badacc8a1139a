"""Art. 5.2 (R2): nothing of a secret document is kept in the section.

Registering one is refused on every path (API, document form, quick entry,
services) with a message that points to the register of received periodic
secret reports, and stores nothing; an existing entry is never marked
secret; an entry found to be secret is removed while it has no task and no
file; a secret document stored before the rule (a legacy row) takes no task,
no file and no edit. Migration 0005 removes what was stored. The race
between concurrent writes is in test_secret_race.py."""
import importlib.util
import io
import os
from datetime import date, datetime

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models import (Attachment, Document, ExtensionRequest, ProgressUpdate,
                        SecretReportReceipt, Task, TaskEvent)
from app.rules import RuleError
from app.rules import documents as rules
from app.services import files, tracking
from tests.integration.test_tracking_services import (PDF, document_data, fingerprint,
                                                      new_document, task_data, task_in, unit_id,
                                                      who)

LEVELS = ["secret", "top_secret", "most_secret"]
REGISTER_VI = "Sổ tiếp nhận báo cáo mật"


def upload(name="a.pdf", data=PDF):
    return FileStorage(stream=io.BytesIO(data), filename=name)


def message(app, msgid, locale="vi"):
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid)


@pytest.fixture
def headers(api_token):
    cache = {}

    def _headers(username):
        if username not in cache:
            cache[username] = api_token(username)
        return cache[username]

    return _headers


def legacy_secret_document(level="secret", number="7/UBND-M"):
    """A secret document as stored before the rule (what migration 0005 removes)."""
    doc = Document(doc_type="official_letter", number_symbol=number, number_key=number.lower(),
                   issue_year=2017, summary="Văn bản mật", issued_on=date(2017, 3, 1),
                   issuing_authority="chairman", urgency="normal", confidentiality=level,
                   complex_entry=False)
    db.session.add(doc)
    db.session.commit()
    return doc


# --- The rule (a table of cases) ------------------------------------------------------------

CASES = [
    # (confidentiality, existing, has_tasks, has_files) → message (None: allowed)
    ("normal", False, False, False, None),
    ("normal", True, True, True, None),
    (None, False, False, False, None),
    ("secret", False, False, False, rules.SECRET_DOCUMENT_MESSAGE),
    ("top_secret", False, False, False, rules.SECRET_DOCUMENT_MESSAGE),
    ("most_secret", False, False, False, rules.SECRET_DOCUMENT_MESSAGE),
    ("secret", True, False, False, rules.SECRET_RECLASSIFY_MESSAGE),
    ("most_secret", True, True, False, rules.SECRET_WITH_TASKS_MESSAGE),
    ("top_secret", True, False, True, rules.SECRET_WITH_FILES_MESSAGE),
    ("secret", True, True, True, rules.SECRET_WITH_TASKS_MESSAGE),
]


@pytest.mark.parametrize("level, existing, has_tasks, has_files, expected", CASES)
def test_the_rule_refuses_every_write_that_would_keep_a_secret_document(
        level, existing, has_tasks, has_files, expected):
    if expected is None:
        rules.check_not_secret(level, existing, has_tasks, has_files)
        return
    with pytest.raises(RuleError) as err:
        rules.check_not_secret(level, existing, has_tasks, has_files)
    assert err.value.message == expected
    assert err.value.params["field"] == "confidentiality"


@pytest.mark.parametrize("level", LEVELS)
def test_validation_refuses_a_secret_level_before_anything_else(level):
    with pytest.raises(RuleError) as err:
        rules.validate_document({"confidentiality": level})  # no summary, no number...
    assert err.value.message == rules.SECRET_DOCUMENT_MESSAGE
    assert "Art. 5.2" in err.value.message and "secret reports" in err.value.message


# --- Registering: every path refuses and stores nothing ------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_api_post_of_a_secret_document_answers_400_and_stores_nothing(
        app, client, headers, ctx, level):
    """Done-when: ``POST /api/v1/document/`` with ``confidentiality: secret``."""
    before = fingerprint()
    for locale in ("vi", "en"):
        response = client.post(f"/api/v1/document/?_l_={locale}", headers=headers("vanphong"),
                               json=document_data(number="12/UBND-M", confidentiality=level))
        assert response.status_code == 400, response.get_data(as_text=True)
        assert response.json["field"] == "confidentiality"
        assert response.json["message"] == message(app, rules.SECRET_DOCUMENT_MESSAGE, locale)
    assert REGISTER_VI in message(app, rules.SECRET_DOCUMENT_MESSAGE)
    assert fingerprint() == before
    assert db.session.scalar(select(func.count(Document.id))) == 0


@pytest.mark.parametrize("level", LEVELS)
def test_services_refuse_a_secret_document_on_every_path(ctx, level):
    office = who("vanphong")
    before = fingerprint()
    for call in (
        lambda: tracking.create_document(office, document_data(confidentiality=level)),
        lambda: tracking.quick_entry(office, document_data(confidentiality=level), []),
        lambda: tracking.quick_entry(office, document_data(confidentiality=level),
                                     [task_data()], transfer=True),
    ):
        with pytest.raises(RuleError) as err:
            call()
        assert err.value.message == rules.SECRET_DOCUMENT_MESSAGE
    assert fingerprint() == before


@pytest.mark.parametrize("level", LEVELS)
def test_the_document_form_refuses_a_secret_document(app, login, level):
    office = login("vanphong")
    data = {"doc_type": "official_letter", "number_symbol": "1/UBND-M",
            "summary": "Văn bản", "issued_on": "20/02/2017", "signer": "",
            "issuing_authority": "chairman", "urgency": "normal", "confidentiality": level}
    response = office.post("/documents/add", data=data)
    assert response.status_code == 200  # the form again, with the message
    page = response.get_data(as_text=True)
    assert message(app, rules.SECRET_DOCUMENT_MESSAGE) in _unescape(page)
    with app.app_context():
        assert db.session.scalar(select(func.count(Document.id))) == 0


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("rows", [0, 1])
def test_quick_entry_refuses_a_secret_document_with_or_without_tasks(app, login, level, rows):
    with app.app_context():
        tasks = [{"content": "Nội dung", "lead_unit_id": unit_id("STC"),
                  "coordinating_unit_ids": [], "has_deadline": True,
                  "deadline": "30/06/2017", "must_report": False}] * rows
    response = login("vanphong").post("/quick-entry/save", json={
        "document": {"doc_type": "official_letter", "number_symbol": "2/UBND-M",
                     "summary": "Văn bản", "issued_on": "20/02/2017",
                     "issuing_authority": "chairman", "urgency": "normal",
                     "confidentiality": level},
        "tasks": tasks, "transfer": True})
    assert response.status_code == 400
    assert response.get_json()["document"]["confidentiality"] == \
        message(app, rules.SECRET_DOCUMENT_MESSAGE)
    with app.app_context():
        assert db.session.scalar(select(func.count(Document.id))) == 0
        assert db.session.scalar(select(func.count(Task.id))) == 0


def test_the_quick_entry_screen_warns_as_soon_as_a_secret_level_is_chosen(app, login):
    page = login("vanphong").get("/quick-entry/").get_data(as_text=True)
    # The script's message for a secret level, in the page's data.
    assert _json_text(message(app, rules.SECRET_DOCUMENT_MESSAGE)) in page


# --- Reclassifying an existing entry ---------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_an_entry_is_never_marked_secret(app, client, headers, ctx, level):
    vp = headers("vanphong")
    bare = new_document(number="1/UBND-TH")
    with_task = new_document(number="2/UBND-TH")
    task_in("draft", with_task)
    with_file = new_document(number="3/UBND-TH")
    files.store_upload(upload(), "document", with_file.id, who("vanphong"))
    before = fingerprint()
    for doc, msgid in ((bare, rules.SECRET_RECLASSIFY_MESSAGE),
                       (with_task, rules.SECRET_WITH_TASKS_MESSAGE),
                       (with_file, rules.SECRET_WITH_FILES_MESSAGE)):
        response = client.put(f"/api/v1/document/{doc.id}?_l_=en", headers=vp,
                              json={"confidentiality": level, "summary": "Đổi"})
        assert response.status_code == 400, response.get_data(as_text=True)
        assert (response.json["field"], response.json["message"]) == (
            "confidentiality", message(app, msgid, "en"))
    assert fingerprint() == before


def test_the_edit_form_refuses_to_mark_an_entry_secret(app, login):
    with app.app_context():
        doc_id = new_document().id
    office = login("vanphong")
    form = office.get(f"/documents/edit/{doc_id}").get_data(as_text=True)
    assert 'name="confidentiality"' in form
    response = office.post(f"/documents/edit/{doc_id}", data={
        "doc_type": "official_letter", "number_symbol": "1234/UBND-TH",
        "summary": "Về việc tăng cường quản lý đất đai trên địa bàn tỉnh",
        "issued_on": "01/03/2017", "issuing_authority": "chairman", "urgency": "normal",
        "confidentiality": "secret"})
    assert response.status_code == 200
    assert message(app, rules.SECRET_RECLASSIFY_MESSAGE) in \
        _unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Document, doc_id).confidentiality == "normal"


# --- Removing an entry (found to be secret) ------------------------------------------------


def test_the_office_removes_an_entry_without_tasks_or_files_through_the_api(
        app, client, headers, ctx):
    doc = new_document()
    before = fingerprint()
    for username, status in (("sotaichinh", 404), ("lanhdao", 403), ("sotttt", 404)):
        response = client.delete(f"/api/v1/document/{doc.id}", headers=headers(username))
        assert response.status_code == status, username
    assert fingerprint() == before
    response = client.delete(f"/api/v1/document/{doc.id}?_l_=en", headers=headers("vanphong"))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "1234/UBND-TH" in response.json["message"]
    assert client.get(f"/api/v1/document/{doc.id}", headers=headers("vanphong")).status_code \
        == 404
    db.session.expire_all()
    assert db.session.get(Document, doc.id) is None
    assert client.delete(f"/api/v1/document/{doc.id}",
                         headers=headers("vanphong")).status_code == 404


def test_an_entry_with_tasks_or_files_is_not_removed(app, client, headers, ctx):
    vp = headers("vanphong")
    with_task = new_document(number="2/UBND-TH")
    task_in("transferred", with_task)
    with_file = new_document(number="3/UBND-TH")
    files.store_upload(upload(), "document", with_file.id, who("vanphong"))
    before = fingerprint()
    for doc, msgid in ((with_task, tracking.documents.REMOVE_WITH_TASKS_MESSAGE),
                       (with_file, tracking.documents.REMOVE_WITH_FILES_MESSAGE)):
        response = client.delete(f"/api/v1/document/{doc.id}?_l_=en", headers=vp)
        assert response.status_code == 400
        assert response.json["message"] == message(app, msgid, "en")
    assert fingerprint() == before


def test_the_document_page_removes_an_entry_after_asking(app, login):
    with app.app_context():
        bare = new_document(number="1/UBND-TH").id
        busy = new_document(number="2/UBND-TH")
        task_in("draft", busy)
        busy = busy.id
    office = login("vanphong")
    assert f"/documents/remove/{bare}" in office.get(f"/documents/show/{bare}").get_data(
        as_text=True)
    assert "/documents/remove/" not in office.get(f"/documents/show/{busy}").get_data(
        as_text=True)
    ask = office.get(f"/documents/remove/{bare}")
    assert ask.status_code == 200 and 'name="csrf_token"' in ask.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Document, bare) is not None  # asking removes nothing
    refused = office.post(f"/documents/remove/{busy}", data={"csrf_token": _csrf(ask)})
    assert refused.status_code == 302
    done = office.post(f"/documents/remove/{bare}", data={"csrf_token": _csrf(ask)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/documents/list/")
    with app.app_context():
        assert db.session.get(Document, bare) is None
        assert db.session.get(Document, busy) is not None
    assert login("sotaichinh").post(f"/documents/remove/{busy}",
                                    data={"csrf_token": _csrf(ask)}).status_code in (403, 404)


# --- A legacy secret row (stored before the rule) --------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_a_legacy_secret_document_takes_no_task_no_file_no_edit(ctx, level):
    doc = legacy_secret_document(level)
    office = who("vanphong")
    before = fingerprint()
    for call in (lambda: tracking.create_task(office, doc.id, task_data()),
                 lambda: tracking.create_task(office, doc.id, task_data(), transfer=True),
                 lambda: files.store_upload(upload(), "document", doc.id, office),
                 lambda: tracking.update_document(office, doc.id, {"summary": "Đổi"})):
        with pytest.raises(RuleError) as err:
            call()
        assert "Art. 5.2" in err.value.message
    assert fingerprint() == before
    assert tracking.remove_document(office, doc.id) == "7/UBND-M"
    db.session.expire_all()
    assert db.session.get(Document, doc.id) is None


def test_removed_or_unknown_documents_take_no_file(ctx):
    doc = new_document()
    office = who("vanphong")
    tracking.remove_document(office, doc.id)
    with pytest.raises(NotFound):
        files.store_upload(upload(), "document", doc.id, office)
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


# --- Migration 0005 ------------------------------------------------------------------------


def _migration():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "migrations", "versions",
                        "0005_no_secret_documents.py")
    spec = importlib.util.spec_from_file_location("migration_0005", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_0005_removes_every_secret_document_and_what_hangs_from_it(ctx, caplog):
    office = who("vanphong")
    kept = new_document(number="1/UBND-TH")
    kept_task = task_in("in_progress", kept, lead="STC")
    kept_file = files.store_upload(upload(), "document", kept.id, office)
    # Secret rows as they were stored before the rule: a document with a task
    # that went through the workflow, its files, extension request and updates.
    secret = new_document(number="2/UBND-TH")
    task = task_in("in_progress", secret, lead="STC", coordinating=("BMT",))
    tracking.act(who("sotaichinh"), task.id, "correct-progress", {"content": "Sửa"})
    tracking.act(who("sotaichinh"), task.id, "request-extension",
                 {"reason": "Chậm", "new_deadline": "2017-09-30"})
    files.store_upload(upload(), "document", secret.id, office)
    files.store_upload(upload("t.pdf"), "task", task.id, office)
    update = db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.task_id == task.id)
                                ).first()
    files.store_upload(upload("u.pdf"), "update", update.id, who("sotaichinh"))
    legacy_secret_document("most_secret", number="3/UBND-M")
    secret_task_id = task.id
    db.session.execute(Document.__table__.update().where(Document.id == secret.id)
                       .values(confidentiality="top_secret"))
    db.session.commit()
    stored = set(db.session.scalars(select(Attachment.stored_name).where(
        Attachment.id != kept_file.id)))
    assert len(stored) == 3
    links = db.metadata.tables["task_coordinating_unit"]
    for model in (TaskEvent, ProgressUpdate, ExtensionRequest):
        assert db.session.scalar(select(func.count()).where(model.task_id == task.id)), model
    assert db.session.scalar(select(func.count()).select_from(links)
                             .where(links.c.task_id == task.id)) == 1

    migration = _migration()
    with caplog.at_level("WARNING"):
        migration._remove_secret_documents(db.session.connection())
    db.session.commit()
    db.session.expire_all()

    assert set(db.session.scalars(select(Document.id))) == {kept.id}
    assert set(db.session.scalars(select(Task.id))) == {kept_task.id}
    for model in (TaskEvent, ProgressUpdate, ExtensionRequest):
        assert set(db.session.scalars(select(model.task_id))) <= {kept_task.id}, model
    assert set(db.session.scalars(select(Attachment.id))) == {kept_file.id}
    assert db.session.scalar(select(func.count()).select_from(links)
                             .where(links.c.task_id == secret_task_id)) == 0
    # The files' stored names are logged for the operator to delete.
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert all(name in logged for name in stored) and "2 secret document" in logged


def test_migration_0005_fills_who_received_existing_receipts(ctx):
    office = who("vanphong")
    at = datetime(2017, 4, 7, 2)
    receipts = [SecretReportReceipt(unit_id=unit_id("EASUP"), period="2017-Q1",
                                    reference="12/BC-UBND", received_on=date(2017, 4, 7),
                                    created_at=at, changed_at=at, created_by_id=created_by)
                for created_by in (office.id, None)]
    db.session.add_all(receipts)
    db.session.commit()
    _migration()._fill_received_by(db.session.connection())
    db.session.commit()
    db.session.expire_all()
    assert [db.session.get(SecretReportReceipt, r.id).received_by for r in receipts] == [
        "Chuyên viên Văn phòng", None]


# --- The register: the only trace ---------------------------------------------------------------


def test_the_register_records_who_received_the_report(app, login):
    office = login("vanphong")
    form = office.get("/secret-reports/add").get_data(as_text=True)
    assert 'name="received_by"' in form and 'value="Chuyên viên Văn phòng"' in form
    response = office.post("/secret-reports/add", data={
        "unit": str(_in_app(app, unit_id, "STC")), "period": "2017-Q2",
        "reference": "40/BC-STC", "received_on": "06/07/2017",
        "received_by": "Nguyễn Thị Hạnh – Văn thư"})
    assert response.status_code == 302
    page = office.get("/secret-reports/list/").get_data(as_text=True)
    assert "Nguyễn Thị Hạnh – Văn thư" in _unescape(page)
    refused = office.post("/secret-reports/add", data={
        "unit": str(_in_app(app, unit_id, "STC")), "period": "2017-Q3",
        "reference": "41/BC-STC", "received_on": "06/10/2017", "received_by": " "})
    assert refused.status_code == 200
    with app.app_context():
        assert db.session.scalars(select(SecretReportReceipt.reference)).all() == ["40/BC-STC"]


# --- Helpers ----------------------------------------------------------------------------------


def _unescape(html):
    from html import unescape

    return unescape(html)


def _json_text(text):
    import json

    return json.dumps(text)[1:-1]


def _csrf(response):
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"',
                     response.get_data(as_text=True)).group(1)


def _in_app(app, fn, *args):
    with app.app_context():
        return fn(*args)
