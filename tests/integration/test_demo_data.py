"""The demo data: a year of every document type, urgency and task state, with
histories that replay through the workflow's transition table."""
import time
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from app.clock import today_vn
from app.demo.tracking import seed_demo_tracking
from app.extensions import db
from app.models import (Document, ExtensionRequest, ProgressUpdate, SecretReportReceipt, Task,
                        TaskEvent, Unit)
from app.rules import enums
from app.rules import workflow as wf
from app.rules.documents import number_key
from app.rules.text import fold
from app.services.flags import refresh_flags

EVERY_CAPACITY = frozenset(wf.CAPACITIES)
DEMO_UNITS = ("STC", "BMT", "KRONGPAC")


@pytest.fixture
def seeded(ctx):
    started = time.perf_counter()
    added = seed_demo_tracking()
    return added, time.perf_counter() - started


def _tasks():
    return db.session.scalars(select(Task).order_by(Task.id)).all()


def _events_by_task():
    events = defaultdict(list)
    for event in db.session.scalars(select(TaskEvent).order_by(TaskEvent.id)):
        events[event.task_id].append(event)
    return events


def test_a_year_of_every_document_type_urgency_and_state(seeded):
    added, seconds = seeded
    tasks = _tasks()
    assert added == len(tasks) >= 250
    assert seconds < 30  # a few seconds in practice; this only catches a runaway
    docs = db.session.scalars(select(Document)).all()
    assert {d.doc_type for d in docs} == set(enums.DOC_TYPES)
    assert {d.urgency for d in docs} == set(enums.URGENCIES)
    assert {t.state for t in tasks} == set(wf.STATES)
    assert {t.report_cycle for t in tasks if not t.has_deadline} == set(enums.REPORT_CYCLES)
    assert {(t.has_deadline, t.must_report) for t in tasks} == {
        (True, True), (True, False), (False, True), (False, False)}
    assert sum(d.complex_entry for d in docs) >= 2
    assert sum(d.issue_year == 2017 for d in docs) >= 100
    # Spread over the year and over the units.
    assert len({d.issued_on.month for d in docs if d.issue_year == 2017}) == 12
    assert len({t.lead_unit_id for t in tasks}) >= 25


def test_numbers_and_search_keys_are_those_the_rules_compute(seeded):
    docs = db.session.scalars(select(Document)).all()
    assert len({(d.number_key, d.issue_year) for d in docs}) == len(docs)
    for doc in docs:
        assert doc.number_key == number_key(doc.number_symbol)
        assert doc.issue_year == doc.issued_on.year
        assert doc.search_key == fold(f"{doc.number_symbol} {doc.summary} {doc.signer}")
    for task in _tasks():
        assert task.search_key == fold(" ".join(filter(None, (task.content, task.notes))))
        assert task.version == 1
        assert task.monitoring_unit.code == "VP"
        assert task.lead_unit not in task.coordinating_units


def test_each_demo_unit_has_a_living_inbox(seeded):
    counts = Counter(db.session.execute(
        select(Unit.code, Task.state).join(Task, Task.lead_unit_id == Unit.id)
        .where(Unit.code.in_(DEMO_UNITS))).all())
    for code in DEMO_UNITS:
        for state in (wf.TRANSFERRED, wf.ACCEPTED, wf.IN_PROGRESS, wf.DONE_REPORTED,
                      wf.RETURNED, wf.CLOSED):
            assert counts[(code, state)] >= 1, (code, state)


def test_no_secret_document_only_receipts_without_content(seeded):
    """Art. 5.2: the demo enters no secret document; the register of received
    periodic secret reports is their only trace."""
    assert db.session.scalar(select(func.count(Document.id)).where(
        Document.confidentiality.in_(sorted(enums.SECRET_LEVELS)))) == 0
    receipts = db.session.scalars(select(SecretReportReceipt)).all()
    assert len(receipts) >= 10
    assert all(r.period and r.reference and r.received_on and r.unit_id and r.received_by
               for r in receipts)
    assert len({r.period for r in receipts}) >= 4


def test_every_history_replays_through_the_transition_table(seeded):
    events = _events_by_task()
    for task in _tasks():
        history = events[task.id]
        first, rest = history[0], history[1:]
        assert (first.action, first.from_state, first.to_state) == (
            enums.EVENT_CREATE, None, wf.DRAFT)
        state, pending, lead, deadline, done_on = wf.DRAFT, False, None, None, None
        lead = first.changes["lead_unit_id"][1]
        deadline = first.changes.get("deadline", [None, None])[1]
        for event in rest:
            assert event.from_state == state, (task.id, event.action)
            if event.action == enums.EVENT_EDIT:  # the Office corrected the entry
                assert event.to_state == state and event.changes
                continue
            state = wf.next_state(state, event.action, EVERY_CAPACITY,
                                  has_deadline=task.has_deadline, extension_pending=pending)
            assert event.to_state == state, (task.id, event.action)
            if event.action == wf.REQUEST_EXTENSION:
                pending = True
            elif event.action == wf.DECIDE_EXTENSION:
                pending = False
                if event.changes["approved"]:
                    assert event.changes["deadline"][0] == deadline
                    assert event.changes["decision_ref"]
                    deadline = event.changes["deadline"][1]
            elif event.action == wf.REASSIGN:
                assert event.changes["lead_unit_id"][0] == lead and event.reason
                lead = event.changes["lead_unit_id"][1]
            elif event.action in (wf.RETURN, wf.CANCEL, wf.REOPEN):
                assert event.reason, (task.id, event.action)
            if event.action == wf.REPORT_DONE:
                done_on = event.at.date()
            elif event.action == wf.REOPEN:
                done_on = None
        assert state == task.state
        assert pending == task.extension_pending
        assert lead == task.lead_unit_id
        assert deadline == (task.deadline.isoformat() if task.deadline else None)
        assert (done_on is None) == (task.done_on is None)
        assert task.progress == (wf.progress_of(state) or task.progress)


def test_dates_are_ordered_and_never_in_the_future(seeded):
    today = today_vn()
    events = _events_by_task()
    for task in _tasks():
        chain = [task.document.issued_on, task.transferred_on, task.accepted_on,
                 task.first_update_on, task.last_update_on, task.done_on, task.closed_on]
        present = [d for d in chain if d is not None]
        assert present == sorted(present), task.id
        assert present[-1] <= today
        times = [e.at for e in events[task.id]]
        assert times == sorted(times), task.id
        if task.has_deadline:
            assert task.deadline >= task.document.issued_on and task.report_cycle is None
        else:
            assert task.deadline is None and task.report_cycle in enums.REPORT_CYCLES
        if task.state in (wf.DONE_REPORTED, wf.CLOSED):
            assert task.done_on is not None
        if task.state == wf.CLOSED:
            assert task.closed_on is not None


def test_returned_reassigned_extended_and_corrected_tasks_are_there(seeded):
    events = db.session.scalars(select(TaskEvent)).all()
    actions = Counter(e.action for e in events)
    for action in (wf.RETURN, wf.REASSIGN, wf.REOPEN, wf.CANCEL, wf.REPORT_OBSTACLE,
                   wf.CONTRIBUTE, wf.DISTRICT_FEEDBACK, wf.CORRECT_PROGRESS):
        assert actions[action] >= 1, action
    extended = db.session.scalars(select(Task).where(Task.original_deadline.is_not(None))).all()
    assert len(extended) >= 5
    assert all(t.original_deadline < t.deadline for t in extended)
    requests = db.session.scalars(select(ExtensionRequest)).all()
    pending = [r for r in requests if r.decided_at is None]
    assert len(pending) == 1 and pending[0].task.extension_pending
    assert any(r.approved is False for r in requests)
    for request in requests:
        if request.approved:
            assert request.decision_ref and request.granted_deadline == request.proposed_deadline
    superseded = db.session.scalars(select(ProgressUpdate).where(
        ProgressUpdate.superseded_by_id.is_not(None))).all()
    assert superseded and all(u.superseded_by_id > u.id for u in superseded)
    # The Office acts as vanphong, the demo units as their clerks.
    actors = {(e.actor.username if e.actor else None, e.actor_unit.code) for e in events}
    assert {("vanphong", "VP"), ("sotaichinh", "STC"), ("buonmathuot", "BMT"),
            ("krongpac", "KRONGPAC"), (None, "SKHDT")} <= actors


def test_a_demo_opened_today_has_tasks_due_soon_within_and_overdue(seeded):
    refresh_flags(today_vn())
    timeliness = set(db.session.scalars(select(Task.timeliness)))
    assert {"due_soon", "within", "overdue", "done_on_time", "done_late", "none"} <= timeliness
    awaiting_first_update = db.session.scalar(select(func.count(Task.id)).where(
        Task.state == wf.ACCEPTED, Task.has_deadline.is_(True),
        Task.first_update_on.is_(None), Task.first_update_due >= today_vn()))
    assert awaiting_first_update >= 1
    drafts_not_yet_late = db.session.scalar(select(func.count(Task.id)).where(
        Task.state == wf.DRAFT, Task.entry_due >= today_vn()))
    assert drafts_not_yet_late >= 1


def test_a_second_run_adds_nothing(seeded):
    before = db.session.scalar(select(func.count(Task.id)))
    assert seed_demo_tracking() == 0
    assert db.session.scalar(select(func.count(Task.id))) == before


def test_refused_in_production(app, ctx):
    app.config["APP_ENV"] = "production"
    try:
        with pytest.raises(RuntimeError):
            seed_demo_tracking()
    finally:
        app.config["APP_ENV"] = "test"
    assert db.session.scalar(select(func.count(Document.id))) == 0
