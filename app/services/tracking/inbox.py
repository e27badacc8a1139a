"""The inboxes: what waits for a unit ("Nhiệm vụ của đơn vị") and for the
Office ("Chờ xử lý"), as lists or as counts for the menu badges.

The Office's inbox holds, besides what units sent it, the open tasks with an
Art. 7 flag raised (entered late, first update late, periodic update missed):
each of its lists is capped (``INBOX_LIMIT``) and ``office_inbox_counts`` says
how many there are, so that it stays one short query per section however many
tasks the province tracks.
"""
from datetime import timedelta

from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from app.clock import today_vn
from app.extensions import db
from app.models import ExtensionRequest, ProgressUpdate, Task, Unit
from app.rules import enums
from app.rules import workflow as wf
from app.scope import role_names

from .common import OFFICE_INBOX_ROLES, UNIT_ROLES, scoped

OBSTACLE_WINDOW_DAYS = 30
# The most items an Office inbox section lists (its count says how many there are).
INBOX_LIMIT = 20
# Sections of the Office inbox: what units sent, then the Art. 7 flags of open tasks.
OFFICE_ACTION_KEYS = ("returned", "done_reported", "extension_requests", "obstacles",
                      "feedback")
OFFICE_FLAG_KEYS = ("entry_late", "first_update_late", "cycle_update_missed")
OFFICE_KEYS = OFFICE_ACTION_KEYS + OFFICE_FLAG_KEYS
# Open tasks: the ones whose flags still call for the Office.
OPEN_STATES = tuple(state for state in wf.STATES if state not in wf.FINAL_STATES)


def _by_deadline(stmt):
    # The day each deadline really ends (Civil Code art. 148(5)); the one
    # entered until the flags have been computed.
    due = func.coalesce(Task.effective_deadline, Task.deadline)
    return (stmt.options(selectinload(Task.document), selectinload(Task.lead_unit))
            .order_by(due, Task.id))


def _count(stmt):
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def _unit_queries(user):
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None or not role_names(user) & UNIT_ROLES:
        return None
    own = scoped(Task, user).where(Task.lead_unit_id == unit_id)
    return {
        "to_accept": own.where(Task.state == wf.TRANSFERRED),
        "in_progress": own.where(Task.state.in_((wf.ACCEPTED, wf.IN_PROGRESS))),
        "returned": own.where(Task.state == wf.RETURNED),
        "done_reported": own.where(Task.state == wf.DONE_REPORTED),
        "coordinating": scoped(Task, user).where(
            Task.coordinating_units.any(Unit.id == unit_id),
            Task.state.in_((wf.TRANSFERRED, wf.ACCEPTED, wf.IN_PROGRESS, wf.DONE_REPORTED))),
    }


def unit_inbox(user):
    """The unit's "Nhiệm vụ của đơn vị": lists of Task, soonest deadline first.

    Keys: to_accept, in_progress (accepted or in progress), returned (by this
    unit, waiting for the Office), done_reported, coordinating (open tasks
    the unit coordinates).
    """
    queries = _unit_queries(user)
    if queries is None:
        return {key: [] for key in ("to_accept", "in_progress", "returned", "done_reported",
                                    "coordinating")}
    return {key: db.session.scalars(_by_deadline(stmt)).all() for key, stmt in queries.items()}


def _office_queries(user, today):
    if not role_names(user) & OFFICE_INBOX_ROLES:
        return None
    open_tasks = scoped(Task, user).where(Task.state.not_in(wf.FINAL_STATES))
    task_ids = open_tasks.with_only_columns(Task.id)
    since = today - timedelta(days=OBSTACLE_WINDOW_DAYS)

    def updates(kind):
        return (select(ProgressUpdate)
                .where(ProgressUpdate.kind == kind, ProgressUpdate.task_id.in_(task_ids),
                       ProgressUpdate.superseded_by_id.is_(None),
                       ProgressUpdate.reported_on >= since)
                .options(selectinload(ProgressUpdate.task), selectinload(ProgressUpdate.unit))
                .order_by(ProgressUpdate.id.desc()))

    def flagged(column, due):
        return (open_tasks.where(column == true())
                .options(selectinload(Task.document), selectinload(Task.lead_unit))
                .order_by(due, Task.id))

    return {
        "entry_late": flagged(Task.entry_late, Task.entry_due),
        "first_update_late": flagged(Task.first_update_late, Task.first_update_due),
        "cycle_update_missed": flagged(Task.cycle_update_missed, Task.transferred_on),
        "returned": _by_deadline(scoped(Task, user).where(Task.state == wf.RETURNED)),
        "done_reported": _by_deadline(scoped(Task, user)
                                      .where(Task.state == wf.DONE_REPORTED)),
        "extension_requests": (select(ExtensionRequest)
                               .where(ExtensionRequest.decided_at.is_(None),
                                      ExtensionRequest.task_id.in_(task_ids))
                               .options(selectinload(ExtensionRequest.task))
                               .order_by(ExtensionRequest.id)),
        "obstacles": updates(enums.UPDATE_OBSTACLE),
        "feedback": updates(enums.UPDATE_FEEDBACK),
    }


def office_inbox(user, limit=INBOX_LIMIT):
    """The Office's "Chờ xử lý": at most ``limit`` items per key (None: all).

    Keys: returned, done_reported (lists of Task); extension_requests
    (pending ExtensionRequest, oldest first); obstacles and feedback
    (ProgressUpdate of the last 30 days on open tasks, newest first);
    entry_late, first_update_late, cycle_update_missed (open tasks with that
    Art. 7 flag raised, the longest overdue first).
    """
    queries = _office_queries(user, today_vn())
    if queries is None:
        return {key: [] for key in OFFICE_KEYS}
    return {key: db.session.scalars(stmt if limit is None else stmt.limit(limit)).all()
            for key, stmt in queries.items()}


def office_inbox_counts(user):
    """How many items each key of ``office_inbox`` has in all (COUNT queries)."""
    queries = _office_queries(user, today_vn())
    if queries is None:
        return {key: 0 for key in OFFICE_KEYS}
    return {key: _count(stmt) for key, stmt in queries.items()}


def inbox_counts(user):
    """Counts for the menu badges (COUNT queries only).

    ``unit``: tasks waiting for the unit to accept; ``office``: everything
    waiting for the Office; the other keys are the lists of both inboxes
    (office ones prefixed ``office_`` where the names clash).
    """
    counts = {"unit": 0, "office": 0}
    unit = _unit_queries(user)
    if unit is not None:
        counts.update({key: _count(stmt) for key, stmt in unit.items()})
        counts["unit"] = counts["to_accept"]
    office = _office_queries(user, today_vn())
    if office is not None:
        # The menu counts what units sent; the Art. 7 sections are follow-up.
        office_counts = {key: _count(office[key]) for key in OFFICE_ACTION_KEYS}
        counts["office"] = sum(office_counts.values())
        for key, value in office_counts.items():
            counts["office_" + key if key in ("returned", "done_reported") else key] = value
    return counts
