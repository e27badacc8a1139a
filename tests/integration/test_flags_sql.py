"""The set-based SQL of ``refresh_flags`` against the pure rules, task by task.

Tasks are generated around the seeded calendar's exceptions (Tết, substitute
days off, swap Saturdays) and weekends, with every state and document kind;
the expected flags are computed here from ``app.rules.timeliness`` directly.
"""
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Document, Task, Unit
from app.rules.timeliness import (cycle_update_missed, deadline_status, effective_deadline,
                                  entry_due, entry_late, first_update_due, first_update_late)
from app.services import calendar as cal_service
from app.services.flags import (FLAG_COLUMNS, FlagInputs, compute_flags, explain_task,
                               refresh_flags)

STATES = ("draft", "transferred", "accepted", "returned", "in_progress", "done_reported",
          "closed", "cancelled")
CYCLES = ("quarter", "half_year", "year", "on_result", None)


def expected(task, doc, today, cal, soon):
    """The flags as the regulation reads, straight from the pure rules."""
    cancelled = task.state == "cancelled"
    deadline = task.deadline if task.has_deadline and not cancelled else None
    status = deadline_status(deadline, task.done_on, today, cal, soon)
    e_due = entry_due(doc.issued_on, cal, express=doc.urgency == "express",
                      complex_doc=doc.complex_entry)
    f_due = (first_update_due(task.transferred_on, cal)
             if task.has_deadline and task.transferred_on else None)
    # Art. 7.1 counts from the first transfer (rows older than the column: the latest).
    entered_on = task.first_transferred_on or task.transferred_on
    return {
        "timeliness": status.value,
        "effective_deadline": effective_deadline(task.deadline, cal) if task.has_deadline else None,
        "working_days_overdue": status.working_days_overdue,
        "calendar_days_overdue": status.calendar_days_overdue,
        "entry_due": e_due,
        "entry_late": (False if cancelled and entered_on is None
                       else entry_late(e_due, entered_on, today)),
        "first_update_due": f_due,
        "first_update_late": (False if f_due is None
                              or (cancelled and task.first_update_on is None)
                              else first_update_late(f_due, task.first_update_on, today)),
        "cycle_update_missed": bool(
            not task.has_deadline and not cancelled and task.done_on is None
            and task.transferred_on is not None
            and task.report_cycle in ("quarter", "half_year", "year")
            and cycle_update_missed(task.report_cycle, task.last_update_on, today,
                                    task.transferred_on)),
    }


def _anchors(cal):
    """Days where off-by-one mistakes show: exceptions, their neighbours, weekends."""
    days = set()
    for day, _, _ in cal.rows():
        if date(2016, 1, 1) <= day <= date(2027, 12, 31):
            days.update(day + timedelta(days=k) for k in (-3, -1, 0, 1, 2, 6))
    days.update(date(2017, 1, 1) + timedelta(days=k) for k in range(0, 3650, 37))
    return sorted(days)


def _maybe(rng, value, p=0.75):
    return value if rng.random() < p else None


def _near(rng, centers, anchors, spread):
    """Mostly a few days from one of the days the test will run as "today"
    (so every boundary is hit), sometimes anywhere near a holiday."""
    if rng.random() < 0.7:
        return rng.choice(centers) + timedelta(days=rng.randint(-spread, spread))
    return rng.choice(anchors)


def make_tasks(rng, centers, anchors, count, unit_id):
    tasks = []
    for i in range(count):
        issued = _near(rng, centers, anchors, 12)
        doc = Document(doc_type="decision", number_symbol=f"{i}/QĐ-UBND", number_key=f"{i}/qđ-ubnd",
                       issue_year=issued.year, summary=f"Văn bản {i}", issued_on=issued,
                       issuing_authority="committee",
                       urgency=rng.choice(("normal", "urgent", "express", "normal")),
                       confidentiality="normal", complex_entry=rng.random() < 0.3)
        state = rng.choice(STATES)
        has_deadline = rng.random() < 0.7
        transferred = None if state == "draft" else issued + timedelta(days=rng.randint(0, 9))
        if state == "cancelled" and rng.random() < 0.5:
            transferred = None
        # The first transfer: the same day, earlier (returned or reassigned
        # since), or unknown (a row older than the column).
        first_transfer = transferred and rng.choice((
            transferred, transferred, transferred - timedelta(days=rng.randint(1, 12)), None))
        first = transferred and _maybe(rng, transferred + timedelta(days=rng.randint(0, 8)), 0.6)
        last = first and first + timedelta(days=rng.randint(0, 200))
        if not has_deadline and transferred and rng.random() < 0.5:
            last = _near(rng, centers, anchors, 200)  # around the period boundaries
        done = None
        if state in ("done_reported", "closed") or (state == "cancelled" and rng.random() < 0.1):
            done = _near(rng, centers, anchors, 8)
        deadline = None
        if has_deadline and rng.random() < 0.95:
            deadline = _near(rng, centers, anchors, 10)
        if not has_deadline and rng.random() < 0.2:
            deadline = issued + timedelta(days=30)  # stale value, ignored without a deadline
        tasks.append(Task(document=doc, content=f"Nhiệm vụ {i}", lead_unit_id=unit_id,
                          has_deadline=has_deadline, deadline=deadline, state=state,
                          transferred_on=transferred, first_transferred_on=first_transfer,
                          first_update_on=first,
                          last_update_on=last, done_on=done,
                          report_cycle=None if has_deadline else rng.choice(CYCLES)))
    return tasks


@pytest.fixture
def seeded(ctx):
    cal_service.seed_calendar(2016, 2027)
    return cal_service.load_calendar()


def _rows():
    db.session.expire_all()
    return {t.id: t for t in db.session.scalars(select(Task).order_by(Task.id))}


def _compare(today, cal, soon, only=None):
    mismatches = []
    for task in _rows().values():
        if only is not None and task.id not in only:
            continue
        want = expected(task, task.document, today, cal, soon)
        got = {c: getattr(task, c) for c in FLAG_COLUMNS}
        if got != want:
            mismatches.append((task.id, FlagInputs.of(task), got, want))
        assert task.flags_as_of == today
        assert compute_flags(FlagInputs.of(task), today, cal, soon) == want
    assert not mismatches, mismatches[:3]


def test_sql_matches_pure_rules_around_holidays(app, seeded):
    rng = random.Random(20170120)
    anchors = _anchors(seeded)
    todays = [date(2017, 1, 20), date(2017, 1, 26), date(2017, 2, 2), date(2018, 2, 24),
              date(2019, 4, 30), date(2024, 2, 17), date(2025, 1, 31), date(2026, 9, 1),
              date(2020, 7, 1), date(2021, 1, 1)]
    todays += rng.sample(anchors, 6)
    unit_id = db.session.scalar(select(Unit.id).limit(1))
    db.session.add_all(make_tasks(rng, todays, anchors, 600, unit_id))
    db.session.commit()
    soon = app.config["DUE_SOON_WORKING_DAYS"]
    seen = {c: set() for c in ("timeliness", "entry_late", "first_update_late",
                               "cycle_update_missed", "moved", "first_transfer_decides")}
    for today in todays:
        assert refresh_flags(today) == 600
        _compare(today, seeded, soon)
        for task in _rows().values():
            for column, values in seen.items():
                if column in FLAG_COLUMNS:
                    values.add(getattr(task, column))
            if task.has_deadline and task.deadline and task.state != "cancelled":
                # Whether art. 148(5) moved a deadline that decided the outcome.
                seen["moved"].add(task.effective_deadline != task.deadline)
            if task.first_transferred_on and task.transferred_on and task.entry_due:
                seen["first_transfer_decides"].add(
                    task.entry_late != entry_late(task.entry_due, task.transferred_on, today))
    # The comparison would prove little if some outcome never happened.
    assert seen.pop("timeliness") == {"none", "within", "due_soon", "overdue", "done_on_time",
                                      "done_late"}
    assert all(values == {True, False} for values in seen.values()), seen


def test_subset_refresh_touches_only_those_tasks(app, seeded):
    rng = random.Random(3)
    unit_id = db.session.scalar(select(Unit.id).limit(1))
    db.session.add_all(make_tasks(rng, [date(2018, 3, 1)], _anchors(seeded), 60, unit_id))
    db.session.commit()
    refresh_flags(date(2017, 3, 1))
    ids = sorted(_rows())[:10]
    assert refresh_flags(date(2018, 3, 1), ids) == 10
    rows = _rows()
    assert {rows[i].flags_as_of for i in ids} == {date(2018, 3, 1)}
    assert {t.flags_as_of for i, t in rows.items() if i not in ids} == {date(2017, 3, 1)}
    _compare(date(2018, 3, 1), seeded, app.config["DUE_SOON_WORKING_DAYS"], only=set(ids))
    assert refresh_flags(date(2018, 3, 1), []) == 0


def test_refresh_is_idempotent_and_not_a_user_change(app, seeded):
    rng = random.Random(11)
    unit_id = db.session.scalar(select(Unit.id).limit(1))
    db.session.add_all(make_tasks(rng, [date(2020, 1, 2)], _anchors(seeded), 50, unit_id))
    db.session.commit()

    def snapshot():
        return {t.id: ({c: getattr(t, c) for c in FLAG_COLUMNS}, t.version, t.changed_at)
                for t in _rows().values()}

    before = snapshot()
    refresh_flags(date(2020, 1, 2))
    first = snapshot()
    refresh_flags(date(2020, 1, 2))
    assert snapshot() == first
    # Neither the optimistic-lock version nor "changed at" moves: users' edits
    # made meanwhile must not fail as stale.
    assert {i: v[1:] for i, v in first.items()} == {i: v[1:] for i, v in before.items()}


def test_admin_override_changes_sql_and_rules_alike(app, seeded):
    # Friday 20/1/2017 + 10 working days is 10/2/2017 across Tết; a day off on
    # Monday 6/2 moves it to 13/2 in both the index and the Calendar value.
    unit_id = db.session.scalar(select(Unit.id).limit(1))
    doc = Document(doc_type="decision", number_symbol="1/QĐ-UBND", number_key="1/qđ-ubnd",
                   issue_year=2017, summary="x", issued_on=date(2017, 1, 25),
                   issuing_authority="committee", urgency="normal", confidentiality="normal",
                   complex_entry=False)
    task = Task(document=doc, content="x", lead_unit_id=unit_id, has_deadline=True,
                deadline=date(2017, 2, 7), state="in_progress",
                transferred_on=date(2017, 2, 2))
    db.session.add(task)
    db.session.commit()
    refresh_flags(date(2017, 2, 6))
    task = db.session.get(Task, task.id)
    assert (task.entry_due, task.first_update_due, task.timeliness) == (
        date(2017, 2, 3), date(2017, 2, 7), "due_soon")
    cal_service.set_day(None, date(2017, 2, 3), False, "Nghỉ thử", "01/TB-UBND")
    cal_service.set_day(None, date(2017, 2, 4), True, "Làm bù", "01/TB-UBND")
    refresh_flags(date(2017, 2, 6))
    task = db.session.get(Task, task.id)
    # Fri 3/2 off, Sat 4/2 worked: 2 working days after Wed 25/1 (Tết) is Sat 4/2.
    assert task.entry_due == date(2017, 2, 4)
    assert task.first_update_due == date(2017, 2, 7)
    _compare(date(2017, 2, 6), cal_service.load_calendar(), app.config["DUE_SOON_WORKING_DAYS"])


def test_explanations_agree_with_the_stored_flags(app, seeded):
    rng = random.Random(99)
    todays = [date(2017, 1, 26), date(2019, 2, 11), date(2021, 7, 1)]
    unit_id = db.session.scalar(select(Unit.id).limit(1))
    db.session.add_all(make_tasks(rng, todays, _anchors(seeded), 150, unit_id))
    db.session.commit()
    for today in todays:
        refresh_flags(today)
        for task in _rows().values():
            items = {i["key"]: i for i in explain_task(task, seeded)}
            assert list(items) == ["entry", "first_update", "deadline", "cycle"]
            assert all(i["as_of"] == today for i in items.values())
            entry, first, deadline, cycle = (items[k] for k in items)
            assert (entry["due"], entry["late"]) == (task.entry_due, task.entry_late)
            assert first["late"] == task.first_update_late
            assert first.get("due") == task.first_update_due
            if deadline["applies"]:
                assert deadline["status"] == task.timeliness
                assert deadline["effective_deadline"] == task.effective_deadline
                assert deadline["working_days_overdue"] == task.working_days_overdue
                assert deadline["calendar_days_overdue"] == task.calendar_days_overdue
            else:
                assert task.timeliness == "none"
            assert cycle["late"] == task.cycle_update_missed


def test_explanation_names_the_holidays_skipped(app, seeded):
    unit_id = db.session.scalar(select(Unit.id).limit(1))
    doc = Document(doc_type="decision", number_symbol="9/QĐ-UBND", number_key="9/qđ-ubnd",
                   issue_year=2017, summary="x", issued_on=date(2017, 1, 25),
                   issuing_authority="committee", urgency="normal", confidentiality="normal",
                   complex_entry=True)
    task = Task(document=doc, content="x", lead_unit_id=unit_id, has_deadline=True,
                deadline=date(2017, 2, 9), state="in_progress", transferred_on=date(2017, 2, 8),
                first_update_on=None)
    db.session.add(task)
    db.session.commit()
    refresh_flags(date(2017, 2, 14))
    entry, first, deadline, cycle = explain_task(db.session.get(Task, task.id))
    # Wed 25/1/2017 + 5 working days, over Tết (26/1 - 1/2): Wed 8/2.
    assert (entry["start"], entry["n"], entry["due"]) == (date(2017, 1, 25), 5, date(2017, 2, 8))
    assert [d["day"] for d in entry["skipped"]] == [date(2017, 1, 26), date(2017, 1, 27),
                                                   date(2017, 1, 30), date(2017, 1, 31),
                                                   date(2017, 2, 1)]
    assert all("Tết" in d["name"] for d in entry["skipped"])
    assert entry["status"] == "on_time" and entry["calendar_days"] == 14
    assert (first["due"], first["status"], first["working_days_late"]) == (
        date(2017, 2, 13), "missing", 1)
    assert (deadline["status"], deadline["working_days_overdue"],
            deadline["calendar_days_overdue"]) == ("overdue", 3, 5)
    assert cycle["applies"] is False and cycle["note"]
