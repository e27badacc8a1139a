"""The tracking service layer (R1–R4) against the real database (SQLite, or
PostgreSQL with TEST_DATABASE_URL): transactions, scope, history, rules."""
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound

from app.services import files
from app.clock import today_vn
from app.extensions import db
from app.models import Document, ExtensionRequest, ProgressUpdate, Task, Unit
from app.rules import RuleError
from app.services import tracking
from tests.helpers import who, unit_id

# Tables a tracking write touches: a refusal must leave all of them as they were.
TRACKING_TABLES = ("document", "task", "task_coordinating_unit", "task_event",
                   "progress_update", "extension_request", "attachment")


def fingerprint():
    """Every row of the tracking tables, comparable across calls."""
    db.session.expire_all()
    tables = db.metadata.tables
    return {name: sorted(repr(sorted(row._mapping.items()))
                         for row in db.session.execute(select(tables[name])))
            for name in TRACKING_TABLES}


def document_data(number="1234/UBND-TH", issued_on="2017-03-01", **extra):
    return {"doc_type": "official_letter", "number_symbol": number,
            "summary": "Về việc tăng cường quản lý đất đai trên địa bàn tỉnh",
            "issued_on": issued_on, "signer": "Phạm Ngọc Nghị, Chủ tịch",
            "issuing_authority": "chairman", **extra}


def task_data(lead="STC", coordinating=(), deadline="2017-06-30", **extra):
    return {"content": "Rà soát, báo cáo tình hình quản lý đất đai",
            "lead_unit_id": unit_id(lead),
            "coordinating_unit_ids": [unit_id(c) for c in coordinating],
            "has_deadline": True, "deadline": deadline, **extra}


def new_document(**extra):
    return tracking.create_document(who("vanphong"), document_data(**extra))


# How to bring a transferred task to each state, as the lead unit's user and the Office.
PATHS = {
    "draft": None,
    "transferred": [],
    "returned": [("LEAD", "return", {"reason": "Không thuộc thẩm quyền"})],
    "accepted": [("LEAD", "accept", {})],
    "in_progress": [("LEAD", "accept", {}),
                    ("LEAD", "progress", {"content": "Đang rà soát"})],
    "done_reported": [("LEAD", "accept", {}),
                      ("LEAD", "progress", {"content": "Đang rà soát"}),
                      ("LEAD", "report-done", {"content": "Đã hoàn thành"})],
    "closed": [("LEAD", "accept", {}),
               ("LEAD", "report-done", {"content": "Đã hoàn thành"}),
               ("vanphong", "close", {})],
    "cancelled": [("vanphong", "cancel", {"reason": "Văn bản bị thay thế"})],
    "extension_pending": [("LEAD", "accept", {}),
                          ("LEAD", "request-extension",
                           {"reason": "Cần thêm thời gian", "new_deadline": "2017-09-30"})],
}


LEAD_USERS = {"STC": "sotaichinh", "BMT": "buonmathuot", "KRONGPAC": "krongpac"}


def task_in(state, document, lead="STC", coordinating=("BMT",)):
    """A task of ``document`` (by default lead STC, BMT coordinating) in ``state``."""
    task = tracking.create_task(who("vanphong"), document.id,
                                task_data(lead=lead, coordinating=coordinating),
                                transfer=PATHS[state] is not None)
    for username, action, payload in PATHS[state] or []:
        username = LEAD_USERS[lead] if username == "LEAD" else username
        tracking.act(who(username), task.id, action, payload)
    return db.session.get(Task, task.id)


# --- Documents ----------------------------------------------------------------------


def test_document_keys_are_derived(ctx):
    doc = new_document(number="45/2016/QĐ-UBND", issued_on="2016-12-02")
    assert doc.number_key == "45/2016/qd-ubnd"
    assert doc.issue_year == 2016
    assert "quan ly dat dai" in doc.search_key
    assert "pham ngoc nghi" in doc.search_key
    assert doc.created_by_id == who("vanphong").id


@pytest.mark.parametrize("number, issued_on, refused", [
    ("1234/UBND-TH", "2017-11-20", True),
    ("1234/ubnd-th", "2017-01-02", True),
    (" 1234 / UBND-TH", "2017-05-05", True),
    ("1234/UBND-TH", "2018-01-02", False),
    ("1235/UBND-TH", "2017-03-01", False),
])
def test_number_symbol_is_unique_per_issue_year(ctx, number, issued_on, refused):
    new_document()
    assert (tracking.find_duplicate(number, issued_on) is not None) is refused
    before = fingerprint()
    if refused:
        with pytest.raises(RuleError) as err:
            new_document(number=number, issued_on=issued_on)
        assert err.value.message == tracking.DUPLICATE_MESSAGE
        assert err.value.params["year"] == int(issued_on[:4])
        assert fingerprint() == before
    else:
        assert new_document(number=number, issued_on=issued_on).id


def test_update_document_checks_duplicates_but_not_itself(ctx):
    first = new_document()
    second = new_document(number="99/UBND-TH")
    changed = tracking.update_document(who("vanphong"), first.id, {"summary": "Trích yếu mới"})
    assert changed.summary == "Trích yếu mới"
    assert tracking.find_duplicate("1234/UBND-TH", "2017-03-01", exclude_id=first.id) is None
    before = fingerprint()
    with pytest.raises(RuleError):
        tracking.update_document(who("vanphong"), second.id, {"number_symbol": "1234/UBND-TH"})
    assert fingerprint() == before


def test_only_the_office_writes_documents(ctx):
    with pytest.raises(RuleError) as err:
        tracking.create_document(who("sotaichinh"), document_data())
    assert err.value.message == tracking.OFFICE_ONLY_MESSAGE
    doc = new_document()
    task_in("transferred", doc)
    with pytest.raises(RuleError):
        tracking.update_document(who("sotaichinh"), doc.id, {"summary": "x"})
    with pytest.raises(NotFound):
        tracking.update_document(who("krongpac"), doc.id, {"summary": "x"})


# --- Secret documents (R2): see also tests/integration/test_secret_documents.py ----------


def test_a_document_with_tasks_cannot_become_secret(ctx):
    doc = new_document()
    task_in("draft", doc)
    before = fingerprint()
    with pytest.raises(RuleError):
        tracking.update_document(who("vanphong"), doc.id, {"confidentiality": "secret"})
    assert fingerprint() == before


# --- Entry -------------------------------------------------------------------------------


def test_create_task_defaults_and_history(ctx):
    doc = new_document()
    task = tracking.create_task(who("vanphong"), doc.id,
                                task_data(coordinating=("BMT", "KRONGPAC"), notes="Ghi chú"),
                                transfer=True)
    assert task.state == "transferred"
    assert task.transferred_on == today_vn()
    assert task.monitoring_unit_id == unit_id("VP")
    assert task.progress == "not_started"
    assert sorted(u.code for u in task.coordinating_units) == ["BMT", "KRONGPAC"]
    assert task.search_key == "ra soat, bao cao tinh hinh quan ly dat dai ghi chu"
    events = task.events
    assert [e.action for e in events] == ["create", "transfer"]
    assert events[0].changes["lead_unit_id"] == [None, unit_id("STC")]
    assert events[0].changes["deadline"] == [None, "2017-06-30"]
    assert events[1].from_state == "draft" and events[1].to_state == "transferred"
    assert events[1].actor_unit_id == unit_id("VP")


def test_quick_entry_is_all_or_nothing(ctx):
    office = who("vanphong")
    before = fingerprint()
    rows = [task_data(), task_data(lead="BMT", deadline="2016-01-01"), task_data(lead="SNV")]
    with pytest.raises(RuleError) as err:
        tracking.quick_entry(office, document_data(), rows, transfer=True)
    assert err.value.params["row"] == 2
    assert err.value.params["field"] == "deadline"
    assert fingerprint() == before

    doc = tracking.quick_entry(office, document_data(),
                               [task_data(), task_data(lead="BMT"), task_data(lead="SNV")],
                               transfer=True)
    assert [t.state for t in doc.tasks] == ["transferred"] * 3


def test_unknown_or_closed_unit_is_refused(ctx):
    doc = new_document()
    before = fingerprint()
    with pytest.raises(RuleError) as err:
        tracking.create_task(who("vanphong"), doc.id, {**task_data(), "lead_unit_id": 999999})
    assert err.value.params["unit_id"] == 999999
    closed = db.session.get(Unit, unit_id("SNV"))
    closed.active = False
    db.session.commit()
    before = fingerprint()
    with pytest.raises(RuleError):
        tracking.create_task(who("vanphong"), doc.id, task_data(lead="SNV"))
    assert fingerprint() == before


# --- Edits and versions ---------------------------------------------------------------


def test_update_task_records_changes_and_bumps_the_version(ctx):
    office = who("vanphong")
    task = task_in("draft", new_document())
    version = task.version
    task = tracking.update_task(office, task.id, {
        "deadline": "2017-07-15", "lead_unit_id": unit_id("SNV"), "must_report": True,
        "reason": "Sửa lỗi nhập"}, version)
    assert task.version > version
    event = task.events[-1]
    assert event.action == "edit" and event.reason == "Sửa lỗi nhập"
    assert event.changes == {"deadline": ["2017-06-30", "2017-07-15"],
                             "lead_unit_id": [unit_id("STC"), unit_id("SNV")],
                             "must_report": [False, True]}

    # A change of coordinating units alone is a change too.
    version = task.version
    task = tracking.update_task(office, task.id,
                                {"coordinating_unit_ids": [unit_id("KRONGPAC")]}, version)
    assert task.version > version
    assert task.events[-1].changes == {"coordinating_unit_ids": [[unit_id("BMT")],
                                                                 [unit_id("KRONGPAC")]]}

    # Saving the same values changes nothing and writes no history.
    events = len(task.events)
    task = tracking.update_task(office, task.id, {"deadline": "2017-07-15"}, task.version)
    assert len(task.events) == events


def test_stale_version_is_refused_and_changes_nothing(ctx):
    office = who("vanphong")
    task = task_in("transferred", new_document())
    stale = task.version
    tracking.update_task(office, task.id, {"notes": "first"}, stale)
    before = fingerprint()
    for call in (
        lambda: tracking.update_task(office, task.id, {"notes": "second"}, stale),
        lambda: tracking.update_task(office, task.id, {"notes": "second"}, None),
        lambda: tracking.act(who("sotaichinh"), task.id, "accept", {}, version=stale),
    ):
        with pytest.raises(RuleError):
            call()
        assert fingerprint() == before
    with pytest.raises(RuleError) as err:
        tracking.act(who("sotaichinh"), task.id, "accept", {}, version=stale)
    assert err.value.message == tracking.STALE_MESSAGE


def test_concurrent_change_between_read_and_save_is_refused(ctx):
    """Another process saves after this one read the task: the version check
    in the UPDATE itself refuses the save, and the other change stays."""
    from sqlalchemy import update

    office = who("vanphong")
    task = task_in("transferred", new_document())
    version = task.version
    with db.engine.begin() as other:
        other.execute(update(Task.__table__).where(Task.__table__.c.id == task.id)
                      .values(notes="saved elsewhere", version=version + 1))
    with pytest.raises(RuleError) as err:
        tracking.update_task(office, task.id, {"notes": "mine"}, version)
    assert err.value.message == tracking.STALE_MESSAGE
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert (task.notes, task.version) == ("saved elsewhere", version + 1)
    assert [e.action for e in task.events] == ["create", "transfer"]


@pytest.mark.parametrize("state, data, refused", [
    ("draft", {"lead_unit_id": "SNV"}, False),
    ("transferred", {"lead_unit_id": "SNV"}, True),
    ("transferred", {"content": "Nội dung đã sửa"}, False),
    ("returned", {"deadline": "2017-08-01"}, False),
    ("accepted", {"deadline": "2017-08-01"}, True),
    ("accepted", {"notes": "Ghi chú"}, False),
    ("in_progress", {"coordinating_unit_ids": ["SNV"]}, False),
    ("in_progress", {"has_deadline": False, "report_cycle": "quarter"}, True),
    ("done_reported", {"content": "Khác"}, True),
    ("closed", {"notes": "Ghi chú"}, True),
    ("cancelled", {"notes": "Ghi chú"}, True),
])
def test_editable_fields_by_state(ctx, state, data, refused):
    task = task_in(state, new_document(), coordinating=())
    data = {key: (unit_id(value) if key == "lead_unit_id" else
                  [unit_id(v) for v in value] if key == "coordinating_unit_ids" else value)
            for key, value in data.items()}
    before = fingerprint()
    if refused:
        with pytest.raises(RuleError):
            tracking.update_task(who("vanphong"), task.id, data, task.version)
        assert fingerprint() == before
    else:
        tracking.update_task(who("vanphong"), task.id, data, task.version)
        assert fingerprint() != before


# --- The workflow --------------------------------------------------------------------------


def test_done_when_scenario_through_services(ctx):
    office, stc, kp = who("vanphong"), who("sotaichinh"), who("krongpac")
    doc = tracking.quick_entry(office, document_data(), [
        task_data(lead="STC"), task_data(lead="BMT"), task_data(lead="KRONGPAC")],
        transfer=True)
    task = doc.tasks[0]
    tracking.act(stc, task.id, "return", {"reason": "Không thuộc chức năng của Sở"})
    tracking.act(office, task.id, "reassign", {"unit_id": unit_id("KRONGPAC"),
                                               "reason": "Giao huyện Krông Pắc"})
    tracking.act(kp, task.id, "accept", {})
    tracking.act(kp, task.id, "progress", {"content": "Đã triển khai 50%"})
    tracking.act(kp, task.id, "report-done",
                 {"content": "Đã hoàn thành", "result": "Báo cáo số 12"})
    task = tracking.act(office, task.id, "close", {})
    assert task.state == "closed" and task.progress == "done"
    assert task.closed_on == today_vn() and task.done_on == today_vn()
    history = tracking.task_history(office, task.id)
    assert [(e.action, e.actor.username) for e in history] == [
        ("create", "vanphong"), ("transfer", "vanphong"), ("return", "sotaichinh"),
        ("reassign", "vanphong"), ("accept", "krongpac"), ("progress", "krongpac"),
        ("report-done", "krongpac"), ("close", "vanphong")]
    assert history[2].reason == "Không thuộc chức năng của Sở"
    assert history[3].changes == {"lead_unit_id": [unit_id("STC"), unit_id("KRONGPAC")]}
    assert history[3].to_state == "transferred"
    # Sở Tài chính no longer sees the task; Krông Pắc does.
    with pytest.raises(NotFound):
        tracking.get_task(stc, task.id)
    assert tracking.get_task(kp, task.id)


def test_progress_and_correction_keep_both_updates(ctx):
    stc = who("sotaichinh")
    task = task_in("accepted", new_document())
    tracking.act(stc, task.id, "progress", {"content": "Sai số liệu", "status": "in_progress"})
    task = db.session.get(Task, task.id)
    assert task.state == "in_progress" and task.progress == "in_progress"
    assert task.first_update_on == task.last_update_on == today_vn()
    tracking.act(stc, task.id, "correct-progress", {"content": "Số liệu đúng", "reason": "Nhầm"})
    updates = db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.task_id == task.id)
                                 .order_by(ProgressUpdate.id)).all()
    assert [u.content for u in updates] == ["Sai số liệu", "Số liệu đúng"]
    assert updates[0].superseded_by_id == updates[1].id
    assert updates[1].superseded_by_id is None
    event = tracking.task_history(stc, task.id)[-1]
    assert event.action == "correct-progress"
    assert event.changes == {"update_id": [updates[0].id, updates[1].id]}

    tracking.act(stc, task.id, "report-done", {"content": "Xong"})
    tracking.act(stc, task.id, "correct-progress", {"content": "Xong, kèm báo cáo"})
    done = db.session.scalars(select(ProgressUpdate).where(
        ProgressUpdate.task_id == task.id, ProgressUpdate.superseded_by_id.is_(None),
        ProgressUpdate.kind == "done")).all()
    assert [u.content for u in done] == ["Xong, kèm báo cáo"]
    assert done[0].status == "done"


def test_reopen_clears_the_done_date(ctx):
    task = task_in("accepted", new_document())
    tracking.act(who("sotaichinh"), task.id, "report-done", {"content": "Xong"})
    tracking.act(who("vanphong"), task.id, "reopen", {"reason": "Chưa đạt"})
    task = db.session.get(Task, task.id)
    assert task.state == "in_progress" and task.done_on is None
    assert task.events[-1].changes == {"done_on": [today_vn().isoformat(), None]}


def test_extension_approved_keeps_the_old_deadline(ctx):
    office, stc = who("vanphong"), who("sotaichinh")
    task = task_in("extension_pending", new_document())
    assert task.extension_pending
    with pytest.raises(RuleError):  # one pending request at a time
        tracking.act(stc, task.id, "request-extension",
                     {"reason": "Lần nữa", "new_deadline": "2017-10-30"})
    before = fingerprint()
    with pytest.raises(RuleError):  # approval needs the deciding document
        tracking.act(office, task.id, "decide-extension", {"approve": True})
    assert fingerprint() == before
    task = tracking.act(office, task.id, "decide-extension",
                        {"approve": True, "decision_ref": "123/QĐ-UBND",
                         "new_deadline": "2017-09-15"})
    assert task.deadline == date(2017, 9, 15)
    assert task.original_deadline == date(2017, 6, 30)
    assert not task.extension_pending
    assert task.events[-1].changes == {"deadline": ["2017-06-30", "2017-09-15"],
                                       "decision_ref": "123/QĐ-UBND", "approved": True}
    request = db.session.scalars(select(ExtensionRequest)).one()
    assert request.approved is True and request.granted_deadline == date(2017, 9, 15)
    assert request.old_deadline == date(2017, 6, 30)

    # A second extension keeps the very first deadline as the original one.
    tracking.act(stc, task.id, "request-extension",
                 {"reason": "Lần hai", "new_deadline": "2017-12-31"})
    task = tracking.act(office, task.id, "decide-extension",
                        {"approve": True, "decision_ref": "200/QĐ-UBND"})
    assert task.deadline == date(2017, 12, 31)
    assert task.original_deadline == date(2017, 6, 30)


def test_extension_rejected_and_withdrawn(ctx):
    office = who("vanphong")
    doc = new_document()
    task = task_in("extension_pending", doc)
    task = tracking.act(office, task.id, "decide-extension", {"approve": False})
    assert task.deadline == date(2017, 6, 30) and task.original_deadline is None
    assert not task.extension_pending
    assert db.session.scalars(select(ExtensionRequest)).one().approved is False

    other = task_in("extension_pending", doc)
    other = tracking.act(office, other.id, "cancel", {"reason": "Không còn cần thiết"})
    assert other.state == "cancelled" and not other.extension_pending
    request = db.session.scalars(select(ExtensionRequest)
                                 .where(ExtensionRequest.task_id == other.id)).one()
    assert request.decided_at is not None and request.approved is None


def test_extension_refusals(ctx):
    stc = who("sotaichinh")
    task = task_in("accepted", new_document())
    before = fingerprint()
    for payload in ({"reason": "x", "new_deadline": "2017-06-30"},   # not later
                    {"reason": "x", "new_deadline": "30/09/2017"},   # bad date
                    {"reason": "x"}):                                # missing
        with pytest.raises(RuleError):
            tracking.act(stc, task.id, "request-extension", payload)
        assert fingerprint() == before
    with pytest.raises(RuleError):
        tracking.act(who("vanphong"), task.id, "decide-extension", {"approve": True,
                                                                   "decision_ref": "1"})
    assert fingerprint() == before


def test_side_reports_of_coordinating_and_district_units(ctx):
    task = task_in("accepted", new_document(), coordinating=("BMT",))
    bmt = who("buonmathuot")
    assert tracking.capacities(bmt, task) == {"coordinating", "district"}
    assert tracking.allowed_actions_for(bmt, task) == ["contribute", "district-feedback"]
    tracking.act(bmt, task.id, "contribute", {"content": "Đã phối hợp cung cấp số liệu"})
    tracking.act(bmt, task.id, "district-feedback", {"content": "Sở chưa phản hồi"})
    tracking.act(who("sotaichinh"), task.id, "report-obstacle", {"content": "Thiếu kinh phí"})
    kinds = [(u.kind, u.unit.code) for u in db.session.get(Task, task.id).updates]
    assert kinds == [("contribution", "BMT"), ("feedback", "BMT"), ("obstacle", "STC")]


def test_reassign_refusals(ctx):
    office = who("vanphong")
    task = task_in("returned", new_document(), coordinating=("BMT",))
    before = fingerprint()
    for payload in ({"unit_id": unit_id("STC"), "reason": "x"},   # same unit
                    {"unit_id": unit_id("BMT"), "reason": "x"},   # a coordinating unit
                    {"unit_id": 999999, "reason": "x"},           # no such unit
                    {"unit_id": unit_id("SNV")}):                 # no reason
        with pytest.raises(RuleError):
            tracking.act(office, task.id, "reassign", payload)
        assert fingerprint() == before


@pytest.mark.parametrize("username, caps", [
    ("admin", {"office"}), ("vanphong", {"office"}), ("lanhdao", set()), ("sotttt", set()),
    ("sotaichinh", {"lead"}), ("buonmathuot", {"coordinating", "district"}),
    ("krongpac", set()),
])
def test_capacities(ctx, username, caps):
    task = task_in("accepted", new_document(), coordinating=("BMT",))
    assert tracking.capacities(who(username), task) == caps


def test_unknown_action_is_refused(ctx):
    task = task_in("accepted", new_document())
    before = fingerprint()
    with pytest.raises(RuleError):
        tracking.act(who("vanphong"), task.id, "delete", {})
    assert fingerprint() == before


# --- Scope ---------------------------------------------------------------------------------


def test_scope_of_tasks_documents_and_history(ctx):
    doc = new_document()
    kp_task = task_in("transferred", doc, lead="KRONGPAC", coordinating=())
    stc_task = task_in("transferred", doc, coordinating=())
    bmt = who("buonmathuot")
    for call in (lambda: tracking.get_task(bmt, kp_task.id),
                 lambda: tracking.task_history(bmt, kp_task.id),
                 lambda: tracking.get_document(bmt, doc.id),
                 lambda: tracking.act(bmt, kp_task.id, "accept", {}),
                 lambda: tracking.update_task(bmt, kp_task.id, {"notes": "x"}, 1),
                 lambda: tracking.get_task(who("sotttt"), stc_task.id),
                 lambda: tracking.get_task(bmt, "not-a-number")):
        with pytest.raises(NotFound):
            call()
    assert tracking.get_document(who("krongpac"), doc.id) == doc
    assert tracking.get_task(who("lanhdao"), kp_task.id)


def test_search_ignores_diacritics_within_scope(ctx):
    doc = new_document()
    task_in("transferred", doc, lead="KRONGPAC", coordinating=())
    tracking.create_task(who("vanphong"), doc.id, {**task_data(lead="BMT"),
                         "content": "Giải phóng mặt bằng dự án đường Hồ Chí Minh"},
                         transfer=True)
    for text in ("quan ly dat dai", "QUẢN LÝ đất đai", "quản lý  dat"):
        office = tracking.search(who("vanphong"), text)
        assert [d.id for d in office["documents"]] == [doc.id]
        assert len(office["tasks"]) == 1  # the BMT task's content differs
        assert office["tasks"][0].lead_unit.code == "KRONGPAC"
        assert tracking.search(who("buonmathuot"), text)["tasks"] == []
    assert [t.lead_unit.code for t in
            tracking.search(who("buonmathuot"), "giai phong mat bang")["tasks"]] == ["BMT"]
    assert tracking.search(who("buonmathuot"), "1234/ubnd")["documents"] == [doc]
    assert tracking.search(who("sotttt"), "dat dai") == {"documents": [], "tasks": []}
    assert tracking.search(who("vanphong"), "   ") == {"documents": [], "tasks": []}
    assert tracking.search(who("vanphong"), "100%_") == {"documents": [], "tasks": []}


# --- Inboxes ---------------------------------------------------------------------------------


def test_inboxes_and_counts(ctx):
    doc = new_document()
    states = ["transferred", "returned", "accepted", "in_progress", "done_reported",
              "closed", "extension_pending"]
    tasks = {state: task_in(state, doc, coordinating=("BMT",)) for state in states}
    tracking.act(who("sotaichinh"), tasks["accepted"].id, "report-obstacle",
                 {"content": "Vướng mặt bằng"})
    tracking.act(who("buonmathuot"), tasks["in_progress"].id, "district-feedback",
                 {"content": "Sở chậm"})

    def ids(items):
        return sorted(item.id for item in items)

    unit = tracking.unit_inbox(who("sotaichinh"))
    assert ids(unit["to_accept"]) == [tasks["transferred"].id]
    assert ids(unit["returned"]) == [tasks["returned"].id]
    assert ids(unit["in_progress"]) == ids([tasks["accepted"], tasks["in_progress"],
                                            tasks["extension_pending"]])
    assert ids(unit["done_reported"]) == [tasks["done_reported"].id]
    assert tracking.unit_inbox(who("krongpac")) == {key: [] for key in unit}
    assert len(tracking.unit_inbox(who("buonmathuot"))["coordinating"]) == 5

    office = tracking.office_inbox(who("vanphong"))
    assert ids(office["returned"]) == [tasks["returned"].id]
    assert ids(office["done_reported"]) == [tasks["done_reported"].id]
    assert [r.task_id for r in office["extension_requests"]] == [tasks["extension_pending"].id]
    assert [u.content for u in office["obstacles"]] == ["Vướng mặt bằng"]
    assert [u.content for u in office["feedback"]] == ["Sở chậm"]
    assert tracking.office_inbox(who("sotaichinh"))["returned"] == []
    assert tracking.office_inbox(who("lanhdao"))["returned"]

    counts = tracking.inbox_counts(who("sotaichinh"))
    assert (counts["unit"], counts["to_accept"], counts["in_progress"], counts["returned"],
            counts["done_reported"], counts["office"]) == (1, 1, 3, 1, 1, 0)
    office_counts = tracking.inbox_counts(who("vanphong"))
    assert (office_counts["office_returned"], office_counts["office_done_reported"],
            office_counts["extension_requests"], office_counts["obstacles"],
            office_counts["feedback"], office_counts["office"], office_counts["unit"]) \
        == (1, 1, 1, 1, 1, 5, 0)
    assert tracking.inbox_counts(who("sotttt")) == {"unit": 0, "office": 0}


# --- Files -------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32


def _zip(entries):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
PLAIN_ZIP = _zip({"readme.txt": "hello"})


def upload(name, data):
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.mark.parametrize("name, data, content_type", [
    ("Công văn 1234.pdf", PDF, "application/pdf"),
    ("scan.PNG", PNG, "image/png"),
    ("anh.jpg", JPEG, "image/jpeg"),
    ("anh.jpeg", JPEG, "image/jpeg"),
    ("bao cao.doc", OLE2, "application/msword"),
    ("so lieu.xls", OLE2, "application/vnd.ms-excel"),
    ("bao cao.docx", DOCX,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("so lieu.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("van ban.odt", ODT, "application/vnd.oasis.opendocument.text"),
])
def test_accepted_files_are_stored_by_content(app, ctx, name, data, content_type):
    import hashlib
    import os

    doc = new_document()
    attachment = files.store_upload(upload("C:\\Users\\vt\\" + name, data), "document",
                                    doc.id, who("vanphong"))
    assert attachment.filename == name
    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert name not in attachment.stored_name
    found, path = files.open_attachment(who("vanphong"), attachment.id)
    assert path.startswith(app.config["UPLOAD_FOLDER"])
    with open(path, "rb") as stored:
        assert stored.read() == data
    os.remove(path)


@pytest.mark.parametrize("name, data", [
    ("virus.exe", b"MZ\x90\x00" + b"\x00" * 32),
    ("fake.pdf", b"MZ\x90\x00" + b"\x00" * 32),
    ("scan.pdf", PNG),                  # content and extension disagree
    ("bao cao.docx", PLAIN_ZIP),        # a zip that is no Word file
    ("bao cao.docx", XLSX),
    ("ghi chu.txt", b"plain text"),
    ("noextension", PDF),
    ("empty.pdf", b""),
])
def test_refused_files_store_nothing(app, ctx, name, data):
    import os

    doc = new_document()
    before = fingerprint()
    folder = app.config["UPLOAD_FOLDER"]
    on_disk = set(os.listdir(folder)) if os.path.isdir(folder) else set()
    with pytest.raises(RuleError):
        files.store_upload(upload(name, data), "document", doc.id, who("vanphong"))
    assert fingerprint() == before
    assert (set(os.listdir(folder)) if os.path.isdir(folder) else set()) == on_disk


def test_upload_size_limit(app, ctx):
    doc = new_document()
    app.config["MAX_UPLOAD_BYTES"] = 64
    try:
        with pytest.raises(RuleError) as err:
            files.store_upload(upload("big.pdf", PDF.ljust(65, b"0")), "document", doc.id,
                               who("vanphong"))
        assert err.value.message == "The file is larger than %(limit)s MB."
        assert files.store_upload(upload("small.pdf", PDF.ljust(64, b"0")), "document",
                                  doc.id, who("vanphong")).size == 64
    finally:
        del app.config["MAX_UPLOAD_BYTES"]


def test_attachment_scope_and_rights(ctx):
    doc = new_document()
    task = task_in("accepted", doc, lead="KRONGPAC", coordinating=())
    attachment = files.store_upload(upload("kq.pdf", PDF), "task", task.id, who("krongpac"))
    assert files.attachments_of(who("vanphong"), "task", task.id) == [attachment]
    for username in ("buonmathuot", "sotttt"):
        with pytest.raises(NotFound):
            files.open_attachment(who(username), attachment.id)
        with pytest.raises(NotFound):
            files.store_upload(upload("x.pdf", PDF), "task", task.id, who(username))
    with pytest.raises(RuleError):  # the Office enters the document's files
        files.store_upload(upload("x.pdf", PDF), "document", doc.id, who("krongpac"))
    with pytest.raises(RuleError):  # read-only leader
        files.store_upload(upload("x.pdf", PDF), "task", task.id, who("lanhdao"))
    assert files.open_attachment(who("lanhdao"), attachment.id)[0] == attachment

    tracking.act(who("krongpac"), task.id, "progress", {"content": "Đang làm"})
    update = db.session.scalars(select(ProgressUpdate)).one()
    assert files.store_upload(upload("p.png", PNG), "update", update.id, who("krongpac"))
    with pytest.raises(NotFound):
        files.store_upload(upload("p.png", PNG), "update", update.id, who("buonmathuot"))


def test_dates_in_the_past_and_future_are_plain_dates(ctx):
    """Deadlines are dates without a time: tomorrow stays tomorrow."""
    doc = new_document(issued_on=today_vn().isoformat(), number="9/UBND-TH")
    tomorrow = today_vn() + timedelta(days=1)
    task = tracking.create_task(who("vanphong"), doc.id,
                                task_data(deadline=tomorrow.isoformat()))
    assert db.session.get(Task, task.id).deadline == tomorrow
    assert db.session.get(Document, doc.id).issued_on == today_vn()
