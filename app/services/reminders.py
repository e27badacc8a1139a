"""The automatic reminders (R6): the nightly run after the flag refresh.

Which task calls for which reminder is ``app.rules.reminders``; this module
reads the candidates from the stored flags, finds the people (the lead and
monitoring units' users, or the Office), skips what was sent recently
(``due_again``, from the notifications themselves: a missed run is caught
up) and inserts the rest "or ignore" on the once-a-day unique key, so two
runs at once add nothing twice.
"""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import REMINDER_ONLY, Document, Notification, Task
from app.rules import reminders as rr
from app.rules import timeliness as tl
from app.rules import workflow as wf
from app.rules.workdays import is_working_day
from app.services import notifications, transaction
from app.services.calendar import load_calendar

# How far back the last reminder of a kind is looked for: more than any
# sensible "every" (working days) in calendar days.
LOOKBACK_DAYS = 90
EXCERPT = 160


def every_days():
    return int(current_app.config.get("REMINDER_EVERY_WORKING_DAYS", rr.DEFAULT_EVERY))


def _candidates(today):
    """Tasks that may call for a reminder today, with what it says."""
    open_task = Task.state.not_in(wf.FINAL_STATES)
    wanted = or_(
        and_(Task.state == wf.DRAFT, Task.entry_late.is_(True)),
        and_(Task.state != wf.DRAFT, or_(
            Task.timeliness.in_((tl.DUE_SOON, tl.OVERDUE)),
            Task.effective_deadline == today,
            and_(Task.first_update_late.is_(True), Task.first_update_on.is_(None)),
            Task.cycle_update_missed.is_(True),
            Task.state == wf.DONE_REPORTED)))
    return db.session.execute(
        select(Task.id, Task.state, Task.timeliness, Task.effective_deadline,
               Task.first_update_late, Task.first_update_on, Task.cycle_update_missed,
               Task.entry_late, Task.done_on, Task.lead_unit_id, Task.monitoring_unit_id,
               Task.working_days_overdue, Task.content, Task.entry_due,
               Document.number_symbol)
        .join(Document, Document.id == Task.document_id)
        .where(open_task, wanted).order_by(Task.id)).all()


def _last_sent(today):
    """(task id, kind, user id) → the day of the latest reminder of the kind."""
    rows = db.session.execute(
        select(Notification.task_id, Notification.kind, Notification.user_id,
               func.max(Notification.created_on))
        .where(Notification.created_on >= today - timedelta(days=LOOKBACK_DAYS),
               Notification.kind.in_(rr.REMINDERS))
        .group_by(Notification.task_id, Notification.kind, Notification.user_id)).all()
    return {(task_id, kind, user_id): day for task_id, kind, user_id, day in rows}


def _params(row, kind):
    params = {"document": row.number_symbol, "content": (row.content or "")[:EXCERPT]}
    if row.effective_deadline is not None:
        params["deadline"] = row.effective_deadline.isoformat()
    if kind == rr.OVERDUE:
        params["days"] = row.working_days_overdue or 0
    if kind == rr.ENTRY_LATE and row.entry_due is not None:
        params["due"] = row.entry_due.isoformat()
    if kind == rr.DONE_REPORT_WAITING and row.done_on is not None:
        params["done_on"] = row.done_on.isoformat()
    return params


def _insert_ignoring_duplicates(rows):
    if not rows:
        return 0
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    result = db.session.execute(
        dialect.insert(Notification).values(rows)
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "task_id", "created_on"],
                                index_where=text(REMINDER_ONLY)))
    return result.rowcount


def send_reminders(today, every=None):
    """Create today's reminders; returns {kind: how many were created}."""
    calendar = load_calendar()
    if not is_working_day(today, calendar):
        return {}
    every = every_days() if every is None else every
    with transaction():
        candidates = _candidates(today)
        units = {u for row in candidates for u in (row.lead_unit_id, row.monitoring_unit_id)
                 if u is not None}
        by_unit, office = notifications.recipients(units)
        last = _last_sent(today)
        now = datetime.utcnow()
        rows, counts = [], {}
        for row in candidates:
            facts = rr.ReminderFacts(row.state, row.timeliness, row.effective_deadline,
                                     bool(row.first_update_late), row.first_update_on,
                                     bool(row.cycle_update_missed), bool(row.entry_late),
                                     row.done_on)
            for kind in rr.task_reminders(facts, today, calendar):
                if kind in rr.OFFICE_REMINDERS:
                    people = office
                else:
                    people = sorted({p for u in (row.lead_unit_id, row.monitoring_unit_id)
                                     for p in by_unit.get(u, ())})
                for user_id in people:
                    if rr.due_again(kind, last.get((row.id, kind, user_id)), today, every,
                                    calendar):
                        rows.append({"user_id": user_id, "kind": kind, "task_id": row.id,
                                     "params": _params(row, kind), "created_on": today,
                                     "created_at": now})
                        counts[kind] = counts.get(kind, 0) + 1
        created = _insert_ignoring_duplicates(rows)
    if created != len(rows):  # another run got there first: count what is there
        counts = {"created": max(created, 0)}
    return counts
