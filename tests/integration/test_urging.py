"""Urging records (Art. 9–11) and correction requests (Art. 8.2), issue 11
items 4, 5 and 7: who may urge what, what is recorded and counted, who is
told, and that a record is never changed or deleted."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (CorrectionRequest, Notification, ProgressUpdate, Task, Unit, Urging,
                        UrgingAnswer, urging_task)
from app.rules import RuleError
from app.rules import reminders as rr
from app.services import flags, tracking, urging
from tests.helpers import unit_id, who
from tests.integration.test_tracking_services import new_document, task_in

D = date(2017, 7, 4)  # the tasks' deadline is Friday 30/06/2017: overdue on D
URGING_TABLES = ("urging", "urging_task", "urging_answer", "notification",
                 "correction_request")


def rows():
    """Every row of the urging tables and the tasks' counts, comparable."""
    db.session.expire_all()
    tables = db.metadata.tables
    out = {name: sorted(repr(sorted(r._mapping.items()))
                        for r in db.session.execute(select(tables[name])))
           for name in URGING_TABLES}
    out["counts"] = sorted(db.session.execute(select(Task.id, Task.urging_count)).all())
    return out


def data(task_ids=(), **extra):
    return {"task_ids": list(task_ids), "form": "phone", "level": rr.REMINDER,
            "content": "Đề nghị khẩn trương báo cáo kết quả", **extra}


def note_kinds(username):
    user = who(username)
    return [(n.kind, n.task_id, n.urging_id, n.correction_id) for n in db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


@pytest.fixture
def kp(ctx):
    """An accepted Krông Pắc task (Buôn Ma Thuột coordinating), overdue on D."""
    return task_in("accepted", new_document(), lead="KRONGPAC")


def add_unit(code, parent_code, kind="district"):
    unit = Unit(code=code, name=f"Đơn vị {code}", short_name=code, kind=kind,
                parent_id=unit_id(parent_code), active=True, sort_order=900)
    db.session.add(unit)
    db.session.commit()
    return unit


# --- Recording, counting, telling ---------------------------------------------------


def test_the_office_urges_tasks_counted_and_told(kp):
    other = task_in("in_progress", new_document(number="2/UBND-TH"), lead="BMT",
                    coordinating=())
    first = urging.record_urging(who("vanphong"), data([kp.id, other.id]), today=D)
    urging.record_urging(who("vanphong"), data([kp.id], level=rr.CRITICISM), today=D)
    db.session.expire_all()
    assert db.session.get(Task, kp.id).urging_count == 2
    assert db.session.get(Task, other.id).urging_count == 1
    assert [t.id for t in first.tasks] == sorted([kp.id, other.id])
    assert (first.form, first.level, first.urged_on) == ("phone", rr.REMINDER, D)
    assert first.author_id == who("vanphong").id
    assert first.author_unit_id == who("vanphong").unit_id
    # Each lead unit is told of its own task, the coordinating unit of nothing.
    assert [k[:2] for k in note_kinds("krongpac")] == [("urging", kp.id), ("urging", kp.id)]
    assert note_kinds("buonmathuot") == [("urging", other.id, first.id, None)]
    assert note_kinds("sotaichinh") == []
    listed, total = urging.urgings(who("krongpac"))
    assert total == 2 and listed[0].level == rr.CRITICISM  # newest first
    db.session.expire_all()
    other_task = db.session.get(Task, other.id)
    assert [u.id for u in urging.task_urgings(who("buonmathuot"), other_task)] == [first.id]


def test_a_unit_is_urged_through_its_overdue_tasks(kp):
    done = task_in("closed", new_document(number="3/UBND-TH"), lead="KRONGPAC", coordinating=())
    flags.refresh_flags(D)
    record = urging.record_urging(who("vanphong"), data(unit_id=unit_id("KRONGPAC")), today=D)
    assert record.unit_id == unit_id("KRONGPAC")
    assert [t.id for t in record.tasks] == [kp.id]  # the closed one is not urged
    db.session.expire_all()
    assert db.session.get(Task, done.id).urging_count == 0
    before = rows()
    with pytest.raises(RuleError) as err:  # nothing overdue or due soon there
        urging.record_urging(who("vanphong"), data(unit_id=unit_id("STC")), today=D)
    assert err.value.message == urging.NOTHING_DUE
    assert rows() == before


@pytest.mark.parametrize("change, message", [
    ({"form": "pigeon"}, urging.BAD_FORM),
    ({"form": ["phone"]}, urging.BAD_FORM),
    ({"level": None}, urging.BAD_LEVEL),
    ({"level": {"a": 1}}, urging.BAD_LEVEL),
    ({"content": "   "}, urging.NO_CONTENT),
    ({"content": 12}, urging.NO_CONTENT),
    ({"content": "x" * 5001}, urging.TOO_LONG),
    ({"task_ids": []}, urging.NO_TARGET),
    ({"task_ids": "1,2"}, urging.NO_TARGET),
    ({"task_ids": [True]}, urging.BAD_TASK),
    ({"task_ids": ["abc"]}, urging.BAD_TASK),
    ({"task_ids": [10 ** 30]}, urging.BAD_TASK),
    ({"task_ids": [999999]}, urging.NOT_URGEABLE),
    ({"task_ids": list(range(1, 202))}, urging.TOO_MANY),
    ({"unit_id": "x"}, urging.BAD_UNIT),
    ({"unit_id": [1]}, urging.BAD_UNIT),
    ({"unit_id": 999999}, urging.BAD_UNIT),
    ({"unit_id": 10 ** 30}, urging.BAD_UNIT),
])
def test_bad_input_is_refused_and_nothing_recorded(kp, change, message):
    before = rows()
    with pytest.raises(RuleError) as err:
        urging.record_urging(who("vanphong"), {**data([kp.id]), **change}, today=D)
    assert err.value.message == message
    assert rows() == before


def test_tasks_named_with_a_unit_must_be_that_units(kp):
    with pytest.raises(RuleError) as err:
        urging.record_urging(who("vanphong"), data([kp.id], unit_id=unit_id("BMT")), today=D)
    assert err.value.message == urging.NOT_URGEABLE


@pytest.mark.parametrize("state", ["draft", "closed", "cancelled"])
def test_a_task_not_open_is_not_urged(ctx, state):
    task = task_in(state, new_document(), lead="KRONGPAC")
    before = rows()
    with pytest.raises(RuleError) as err:
        urging.record_urging(who("vanphong"), data([task.id]), today=D)
    assert err.value.message == urging.NOT_URGEABLE
    assert rows() == before


@pytest.mark.parametrize("username", ["lanhdao", "sotttt"])
def test_who_may_not_urge(kp, username):
    before = rows()
    with pytest.raises(RuleError) as err:
        urging.record_urging(who(username), data([kp.id]), today=D)
    assert err.value.message == urging.NOT_ALLOWED
    assert rows() == before
    assert urging.may_urge_any(who(username)) is False


# --- Sector monitoring (Art. 9.2) ----------------------------------------------------


def test_a_department_urges_the_district_task_it_monitors(ctx):
    task = task_in("accepted", new_document(), lead="KRONGPAC", coordinating=())
    tracking.update_task(who("vanphong"), task.id, {"monitoring_unit_id": unit_id("STC")},
                         db.session.get(Task, task.id).version)
    assert urging.may_urge_task(who("sotaichinh"), db.session.get(Task, task.id))
    record = urging.record_urging(who("sotaichinh"), data([task.id]), today=D)
    assert record.author_unit_id == unit_id("STC")
    assert [k[:2] for k in note_kinds("krongpac")] == [("urging", task.id)]
    # The department reads what it urged; the district reads it too.
    assert [u.id for u in urging.urgings(who("sotaichinh"))[0]] == [record.id]
    assert [u.id for u in urging.urgings(who("krongpac"))[0]] == [record.id]
    assert urging.urgeable_units(who("sotaichinh")) == [db.session.get(Unit, unit_id("KRONGPAC"))]
    flags.refresh_flags(D)
    by_unit = urging.record_urging(who("sotaichinh"), data(unit_id=unit_id("KRONGPAC")),
                                   today=D)
    assert [t.id for t in by_unit.tasks] == [task.id]


def test_a_district_urges_its_sub_units_task(ctx):
    division = add_unit("KP_TNMT", "KRONGPAC", kind="department")
    task = task_in("transferred", new_document(), lead="KP_TNMT", coordinating=())
    record = urging.record_urging(who("krongpac"), data([task.id]), today=D)
    assert [t.id for t in record.tasks] == [task.id]
    assert division in urging.urgeable_units(who("krongpac"))


def test_a_unit_may_not_urge_another_units_task(kp):
    own = task_in("accepted", new_document(number="9/UBND-TH"), lead="BMT", coordinating=())
    for username, task_id in (("buonmathuot", kp.id),   # coordinates it, does not monitor
                              ("sotaichinh", kp.id),    # neither
                              ("buonmathuot", own.id)):  # its own task: the Office urges it
        before = rows()
        with pytest.raises(RuleError) as err:
            urging.record_urging(who(username), data([task_id]), today=D)
        assert err.value.message == urging.NOT_URGEABLE
        assert err.value.params == {"id": task_id}
        assert rows() == before
    with pytest.raises(RuleError) as err:  # one task not allowed refuses them all
        urging.record_urging(who("sotaichinh"), data([kp.id, own.id]), today=D)
    assert rows() == before
    assert urging.urgeable_units(who("buonmathuot")) == []


# --- Answers ------------------------------------------------------------------------


def test_the_lead_unit_answers_a_request_for_explanation_once(kp):
    record = urging.record_urging(who("vanphong"), data([kp.id], level=rr.EXPLANATION),
                                  today=D)
    answer = urging.answer_urging(who("krongpac"), record.id, "Do thiếu kinh phí")
    assert (answer.unit_id, answer.content) == (unit_id("KRONGPAC"), "Do thiếu kinh phí")
    before = rows()
    for username, message in (("krongpac", urging.ANSWERED),
                               ("vanphong", urging.NOT_YOURS),
                               ("buonmathuot", urging.NOT_YOURS),  # coordinating only
                               ("sotaichinh", urging.NOT_YOURS)):  # cannot see it
        with pytest.raises(RuleError) as err:
            urging.answer_urging(who(username), record.id, "Giải trình")
        assert err.value.message == message
    assert rows() == before
    db.session.expire_all()
    assert [a.content for a in db.session.get(Urging, record.id).answers] == ["Do thiếu kinh phí"]


def test_only_a_request_for_explanation_is_answered(kp):
    record = urging.record_urging(who("vanphong"), data([kp.id]), today=D)
    with pytest.raises(RuleError) as err:
        urging.answer_urging(who("krongpac"), record.id, "Giải trình")
    assert err.value.message == urging.NOT_ASKED
    with pytest.raises(RuleError) as err:
        urging.answer_urging(who("krongpac"), record.id, "  ")
    assert err.value.message == urging.NO_CONTENT


# --- Immutability --------------------------------------------------------------------


def test_an_urging_cannot_be_changed_or_deleted_through_the_orm(kp):
    other = task_in("accepted", new_document(number="5/UBND-TH"), lead="BMT", coordinating=())
    record_id = urging.record_urging(
        who("vanphong"), data([kp.id], level=rr.EXPLANATION), today=D).id
    answer_id = urging.answer_urging(who("krongpac"), record_id, "Giải trình").id
    before = rows()
    changes = [
        lambda u: setattr(u, "content", "Sửa lại"),
        lambda u: setattr(u, "level", rr.REMINDER),
        lambda u: setattr(u, "urged_on", date(2017, 1, 1)),
        lambda u: u.tasks.append(db.session.get(Task, other.id)),
        lambda u: u.tasks.clear(),
        lambda u: db.session.delete(u),
        lambda u: setattr(u.answers[0], "content", "Sửa lại"),
        lambda u: db.session.delete(db.session.get(UrgingAnswer, answer_id)),
    ]
    for change in changes:
        change(db.session.get(Urging, record_id))
        with pytest.raises(RuleError) as err:
            db.session.commit()
        assert err.value.message == urging.IMMUTABLE
        db.session.rollback()
        assert rows() == before


def test_the_count_is_kept_when_two_urge_at_once(app, ctx):
    import threading

    task_id = task_in("accepted", new_document(), lead="KRONGPAC").id
    db.session.remove()
    errors = []

    def urge():
        try:
            with app.app_context():
                urging.record_urging(who("vanphong"), data([task_id]), today=D)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=urge) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = 3 - len(errors)
    assert all(isinstance(e, RuleError) for e in errors), errors
    db.session.expire_all()
    assert db.session.get(Task, task_id).urging_count == ok == db.session.scalar(
        select(func.count()).select_from(urging_task).where(urging_task.c.task_id == task_id))


# --- Correction requests (Art. 8.2) ---------------------------------------------------


def _reported(kp):
    tracking.act(who("krongpac"), kp.id, "progress", {"content": "Đã rà soát 50%"})
    return db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.task_id == kp.id)
                              .order_by(ProgressUpdate.id.desc())).first()


def test_the_office_asks_the_unit_to_correct_an_update(kp):
    update = _reported(kp)
    assert urging.correctable_update(db.session.get(Task, kp.id)).id == update.id
    request = urging.request_correction(who("vanphong"), kp.id, update.id,
                                        "Số liệu chưa đúng", today=D)
    assert (request.unit_id, request.update_id, request.closed_at) == (
        unit_id("KRONGPAC"), update.id, None)
    assert note_kinds("krongpac") == [("correction_request", kp.id, None, request.id)]
    assert note_kinds("buonmathuot") == []
    assert [r.id for r in urging.open_corrections(who("krongpac"))] == [request.id]
    assert urging.open_corrections(who("buonmathuot")) == []
    assert [r.id for r in urging.task_corrections(kp.id)] == [request.id]
    before = rows()
    with pytest.raises(RuleError) as err:
        urging.request_correction(who("vanphong"), kp.id, update.id, "Lần nữa", today=D)
    assert err.value.message == urging.ASKED_ALREADY
    assert rows() == before
    # The unit corrects it: the request closes with it.
    tracking.act(who("krongpac"), kp.id, "correct-progress", {"content": "Đã rà soát 60%"})
    db.session.expire_all()
    correction = db.session.get(ProgressUpdate, update.id).superseded_by_id
    request = db.session.get(CorrectionRequest, request.id)
    assert request.closed_at is not None and request.correction_id == correction
    assert urging.open_corrections(who("krongpac")) == []


def test_a_correction_request_is_refused_when_nothing_could_answer_it(kp):
    update = _reported(kp)
    tracking.act(who("krongpac"), kp.id, "progress", {"content": "Đã rà soát 80%"})
    before = rows()
    for username, task_id, update_id, message in (
            ("krongpac", kp.id, update.id, urging.OFFICE_ONLY),
            ("lanhdao", kp.id, update.id, urging.OFFICE_ONLY),
            ("vanphong", kp.id, update.id, urging.BAD_UPDATE),  # not the latest
            ("vanphong", kp.id, "x", urging.BAD_UPDATE),
            ("vanphong", kp.id, 10 ** 30, urging.BAD_UPDATE)):
        with pytest.raises(RuleError) as err:
            urging.request_correction(who(username), task_id, update_id, "Sửa", today=D)
        assert err.value.message == message
    assert rows() == before
    latest = db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.task_id == kp.id)
                                .order_by(ProgressUpdate.id.desc())).first()
    tracking.act(who("vanphong"), kp.id, "cancel", {"reason": "Văn bản bị thay thế"})
    with pytest.raises(RuleError) as err:  # a cancelled task is corrected no more
        urging.request_correction(who("vanphong"), kp.id, latest.id, "Sửa", today=D)
    assert err.value.message == urging.BAD_UPDATE


def test_the_unit_inbox_shows_the_request_until_corrected(kp, login):
    update = _reported(kp)
    urging.request_correction(who("vanphong"), kp.id, update.id, "Số liệu quý II chưa đúng",
                              today=D)
    page = login("krongpac").get("/inbox/unit").get_data(as_text=True)
    assert 'id="correction-requests"' in page and "Số liệu quý II chưa đúng" in page
    assert 'id="correction-requests"' not in login("buonmathuot").get(
        "/inbox/unit").get_data(as_text=True)
    tracking.act(who("krongpac"), kp.id, "correct-progress", {"content": "Đã rà soát 60%"})
    assert 'id="correction-requests"' not in login("krongpac").get(
        "/inbox/unit").get_data(as_text=True)
