"""Art. 7.1: entry lateness counts from the FIRST transfer. A return followed by
a transfer again or a reassignment moves ``transferred_on`` (the unit's
Art. 7.2a days count from it) but never ``first_transferred_on``."""
from datetime import date

import pytest
from sqlalchemy import select

from app.clock import today_vn
from app.demo.tracking import seed_demo_tracking
from app.extensions import db
from app.models import Task, TaskEvent
from app.rules import workflow as wf
from app.rules.timeliness import first_update_due
from app.services import calendar as cal_service
from app.services import tracking
from app.services.flags import refresh_flags
from tests.helpers import who, unit_id

D = date
ISSUED = "2017-03-01"  # Wednesday: the entry is due Friday 3/3/2017 (2 working days)


@pytest.fixture
def seeded(ctx):
    cal_service.seed_calendar(2016, 2027)


def draft_task(number="77/UBND-TH"):
    doc = tracking.create_document(who("vanphong"), {
        "doc_type": "official_letter", "number_symbol": number, "summary": "V/v rà soát",
        "issued_on": ISSUED, "issuing_authority": "chairman"})
    return tracking.create_task(who("vanphong"), doc.id, {
        "content": "Rà soát, báo cáo", "lead_unit_id": unit_id("KRONGPAC"),
        "has_deadline": True, "deadline": "2017-12-29"})


def transferred_in_2017(first_on, number="77/UBND-TH"):
    """A task the Office transferred on ``first_on`` (through the workflow,
    then dated back to 2017 as the history of that day would have it)."""
    task = draft_task(number)
    tracking.act(who("vanphong"), task.id, "transfer", {})
    task = db.session.get(Task, task.id)
    assert task.first_transferred_on == task.transferred_on == today_vn()
    task.first_transferred_on = task.transferred_on = first_on
    db.session.commit()
    return task.id


def reload(task_id):
    db.session.expire_all()
    return db.session.get(Task, task_id)


def test_the_first_transfer_is_set_once(ctx):
    task = draft_task()
    assert task.first_transferred_on is None and task.transferred_on is None
    tracking.act(who("vanphong"), task.id, "transfer", {})
    assert reload(task.id).first_transferred_on == today_vn()
    tracking.act(who("krongpac"), task.id, "return", {"reason": "Không thuộc thẩm quyền"})
    tracking.act(who("vanphong"), task.id, "transfer", {})
    tracking.act(who("vanphong"), task.id, "reassign",
                 {"unit_id": unit_id("BMT"), "reason": "Giao lại đúng thẩm quyền"})
    task = reload(task.id)
    assert task.first_transferred_on == task.transferred_on == today_vn()
    assert task.lead_unit_id == unit_id("BMT")


def test_returned_and_reassigned_keeps_an_on_time_entry_on_time(seeded):
    task_id = transferred_in_2017(D(2017, 3, 2))
    refresh_flags(today_vn(), [task_id])
    task = reload(task_id)
    assert (task.entry_due, task.entry_late) == (D(2017, 3, 3), False)
    # Krông Pắc returns it today; the Office sends it to Buôn Ma Thuột.
    tracking.act(who("krongpac"), task_id, "return", {"reason": "Không thuộc thẩm quyền"})
    tracking.act(who("vanphong"), task_id, "reassign",
                 {"unit_id": unit_id("BMT"), "reason": "Giao lại đúng thẩm quyền"})
    task = reload(task_id)
    assert task.state == wf.TRANSFERRED and task.lead_unit_id == unit_id("BMT")
    assert task.first_transferred_on == D(2017, 3, 2)
    assert task.transferred_on == today_vn()
    assert task.entry_late is False  # the latest transfer is long after 3/3/2017
    # The new unit's three working days (Art. 7.2a) count from today.
    assert task.first_update_due == first_update_due(today_vn(), cal_service.load_calendar())
    # Returned again and transferred again: still on time.
    tracking.act(who("buonmathuot"), task_id, "return", {"reason": "Thiếu tài liệu"})
    tracking.act(who("vanphong"), task_id, "transfer", {})
    task = reload(task_id)
    assert (task.first_transferred_on, task.entry_late) == (D(2017, 3, 2), False)


def test_a_late_first_transfer_stays_late_after_a_reassignment(seeded):
    task_id = transferred_in_2017(D(2017, 3, 6))  # Monday, after Friday 3/3
    tracking.act(who("vanphong"), task_id, "reassign",
                 {"unit_id": unit_id("BMT"), "reason": "Giao lại đúng thẩm quyền"})
    task = reload(task_id)
    assert (task.first_transferred_on, task.entry_late) == (D(2017, 3, 6), True)


def test_through_the_api(seeded, api_token, client):
    task_id = transferred_in_2017(D(2017, 3, 3))  # on the last day allowed
    office, unit = api_token("vanphong"), api_token("krongpac")
    version = client.get(f"/api/v1/task/{task_id}", headers=office).json["result"]["version"]
    response = client.post(f"/api/v1/task/{task_id}/return", headers=unit,
                           json={"version": version, "reason": "Không thuộc thẩm quyền"})
    assert response.status_code == 200, response.json
    response = client.post(f"/api/v1/task/{task_id}/reassign", headers=office, json={
        "version": response.json["result"]["version"], "unit_id": unit_id("BMT"),
        "reason": "Giao lại đúng thẩm quyền"})
    assert response.status_code == 200, response.json
    result = client.get(f"/api/v1/task/{task_id}", headers=office).json["result"]
    assert result["state"] == "transferred" and result["lead_unit_id"] == unit_id("BMT")
    assert result["entry_late"] is False
    task = reload(task_id)
    assert (task.first_transferred_on, task.transferred_on) == (D(2017, 3, 3), today_vn())


def test_demo_tasks_returned_or_reassigned_keep_their_first_transfer(ctx):
    seed_demo_tracking()
    refresh_flags(today_vn())
    events = {}
    for event in db.session.scalars(select(TaskEvent).where(
            TaskEvent.action.in_((wf.TRANSFER, wf.REASSIGN))).order_by(TaskEvent.id)):
        events.setdefault(event.task_id, []).append(event)
    moved = 0
    for task in db.session.scalars(select(Task)):
        history = events.get(task.id)
        if not history:
            assert task.first_transferred_on is None
            continue
        assert task.first_transferred_on <= task.transferred_on
        if len(history) > 1:
            moved += 1
            assert task.first_transferred_on < task.transferred_on or (
                history[0].at.date() == history[-1].at.date())
            assert task.entry_late == (task.first_transferred_on > task.entry_due)
    assert moved >= 4
    # Tasks transferred on time, then returned and sent again late, are not late.
    rescued = db.session.scalars(select(Task).where(
        Task.first_transferred_on <= Task.entry_due, Task.transferred_on > Task.entry_due)).all()
    assert rescued and not any(t.entry_late for t in rescued)
