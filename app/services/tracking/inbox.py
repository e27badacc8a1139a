"""The inboxes: what waits for a unit ("Nhiệm vụ của đơn vị") and for the
Office ("Chờ xử lý"), as lists or as counts for the menu badges.

The Office's inbox holds, besides what units sent it, the open tasks with an
Art. 7 flag raised (entered late, first update late, periodic update missed):
each of its lists is capped (``INBOX_LIMIT``) and ``office_inbox_counts`` says
how many there are, so that it stays one short query per section however many
tasks the province tracks.

The counts (``inbox_counts`` runs on every page, for the menu badges) are
``count(*)`` straight on the table an index answers, one statement for all
the keys of an inbox: the unit's by (lead unit, state); the Office's by state,
the pending extension requests, and the recent obstacles and feedback by
(kind, reported on) among the updates not superseded (migration 0008).
"""
from datetime import timedelta

from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from app.clock import today_vn
from app.extensions import db
from app.models import ExtensionRequest, ProgressUpdate, Task, task_coordinating_unit
from app.rules import enums
from app.rules import workflow as wf
from app.scope import role_names, visible_unit_ids

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
# The unit's sections of the tasks it leads, by state.
UNIT_LEAD_STATES = {
    "to_accept": (wf.TRANSFERRED,),
    "in_progress": (wf.ACCEPTED, wf.IN_PROGRESS),
    "returned": (wf.RETURNED,),
    "done_reported": (wf.DONE_REPORTED,),
}
UNIT_KEYS = tuple(UNIT_LEAD_STATES) + ("coordinating",)
COORDINATING_STATES = (wf.TRANSFERRED, wf.ACCEPTED, wf.IN_PROGRESS, wf.DONE_REPORTED)
# The updates the Office inbox lists, by key.
UPDATE_KEYS = {"obstacles": enums.UPDATE_OBSTACLE, "feedback": enums.UPDATE_FEEDBACK}


def _by_deadline(stmt):
    # The day each deadline really ends (Civil Code art. 148(5)); the one
    # entered until the flags have been computed.
    due = func.coalesce(Task.effective_deadline, Task.deadline)
    return (stmt.options(selectinload(Task.document), selectinload(Task.lead_unit))
            .order_by(due, Task.id))


def _count(stmt):
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def _where(stmt):
    """The WHERE clause of a select, to count or join on it (None: true)."""
    clause = stmt.whereclause
    return true() if clause is None else clause


def _unit_tasks(user):
    """(the unit's id, a select of the tasks the unit may see) for a unit
    user, else None. A unit's inbox lists the tasks its own unit leads or
    coordinates, past the draft: all of them in its scope (its own unit is
    in it), so the scope clause is not repeated then and each list is one
    lookup of an index on the unit (checked, not assumed)."""
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None or not role_names(user) & UNIT_ROLES:
        return None
    visible = visible_unit_ids(user)
    if visible is None or unit_id in visible:
        return unit_id, select(Task).where(Task.state != wf.DRAFT)
    return unit_id, scoped(Task, user)  # never: a unit user sees its own unit


def _coordinated_by(unit_id):
    coordinating = task_coordinating_unit.c
    return Task.id.in_(select(coordinating.task_id).where(coordinating.unit_id == unit_id)
                       .correlate(None))


def _unit_queries(user):
    found = _unit_tasks(user)
    if found is None:
        return None
    unit_id, tasks = found
    queries = {key: tasks.where(Task.lead_unit_id == unit_id, Task.state.in_(states))
               for key, states in UNIT_LEAD_STATES.items()}
    queries["coordinating"] = tasks.where(_coordinated_by(unit_id),
                                          Task.state.in_(COORDINATING_STATES))
    return queries


def unit_inbox(user):
    """The unit's "Nhiệm vụ của đơn vị": lists of Task, soonest deadline first.

    Keys: to_accept, in_progress (accepted or in progress), returned (by this
    unit, waiting for the Office), done_reported, coordinating (open tasks
    the unit coordinates).
    """
    queries = _unit_queries(user)
    if queries is None:
        return {key: [] for key in UNIT_KEYS}
    return {key: db.session.scalars(_by_deadline(stmt)).all() for key, stmt in queries.items()}


def _unit_lead_counts(user):
    """How many tasks of each of the unit's own sections (``UNIT_LEAD_STATES``):
    one statement, answered by the (lead unit, state) index alone."""
    found = _unit_tasks(user)
    if found is None:
        return None
    unit_id, tasks = found
    states = [state for group in UNIT_LEAD_STATES.values() for state in group]
    by_state = dict(db.session.execute(
        select(Task.state, func.count()).where(
            _where(tasks), Task.lead_unit_id == unit_id, Task.state.in_(states))
        .group_by(Task.state)).all())
    return {key: sum(by_state.get(state, 0) for state in group)
            for key, group in UNIT_LEAD_STATES.items()}


def _office_queries(user, today):
    if not role_names(user) & OFFICE_INBOX_ROLES:
        return None
    open_tasks = scoped(Task, user).where(Task.state.not_in(wf.FINAL_STATES))
    since = today - timedelta(days=OBSTACLE_WINDOW_DAYS)

    def updates(kind):
        # Joined to its task (one per update), not "task_id IN (every open task)".
        return (select(ProgressUpdate).join(Task, Task.id == ProgressUpdate.task_id)
                .where(ProgressUpdate.kind == kind, ProgressUpdate.superseded_by_id.is_(None),
                       ProgressUpdate.reported_on >= since, _where(open_tasks))
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
                               .join(Task, Task.id == ExtensionRequest.task_id)
                               .where(ExtensionRequest.decided_at.is_(None),
                                      _where(open_tasks))
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


def _office_action_counts(user, today):
    """How many items each of ``OFFICE_ACTION_KEYS`` has, in one statement of
    five counts, each answered by an index: tasks by state, the pending
    extension requests, the recent updates not superseded by kind."""
    if not role_names(user) & OFFICE_INBOX_ROLES:
        return None
    tasks = _where(scoped(Task, user))
    open_tasks = _where(scoped(Task, user).where(Task.state.not_in(wf.FINAL_STATES)))
    since = today - timedelta(days=OBSTACLE_WINDOW_DAYS)

    def in_state(state):
        return select(func.count()).select_from(Task).where(tasks, Task.state == state)

    def updates(kind):
        return (select(func.count()).select_from(ProgressUpdate)
                .join(Task, Task.id == ProgressUpdate.task_id)
                .where(ProgressUpdate.kind == kind, ProgressUpdate.superseded_by_id.is_(None),
                       ProgressUpdate.reported_on >= since, open_tasks))

    counts = {
        "returned": in_state(wf.RETURNED),
        "done_reported": in_state(wf.DONE_REPORTED),
        "extension_requests": (select(func.count()).select_from(ExtensionRequest)
                               .join(Task, Task.id == ExtensionRequest.task_id)
                               .where(ExtensionRequest.decided_at.is_(None), open_tasks)),
        **{key: updates(kind) for key, kind in UPDATE_KEYS.items()},
    }
    row = db.session.execute(select(*(stmt.scalar_subquery().label(key)
                                      for key, stmt in counts.items()))).one()
    return dict(row._mapping)


def office_inbox_counts(user):
    """How many items each key of ``office_inbox`` has in all (COUNT queries)."""
    today = today_vn()
    counts = _office_action_counts(user, today)
    if counts is None:
        return {key: 0 for key in OFFICE_KEYS}
    queries = _office_queries(user, today)
    for key in OFFICE_FLAG_KEYS:
        counts[key] = db.session.scalar(
            select(func.count()).select_from(Task).where(_where(queries[key])))
    return counts


def inbox_counts(user):
    """Counts for the menu badges (COUNT queries only), on every page.

    ``unit``: tasks waiting for the unit to accept; ``office``: everything
    waiting for the Office. With them, the unit's own sections (to_accept,
    in_progress, returned, done_reported: one statement) and the Office's
    action sections (office ones prefixed ``office_`` where the names clash:
    one statement). Not the unit's "coordinating" section: the menu does
    not show it, and counting it costs a look at every task the unit
    coordinates (the unit inbox lists them).
    """
    counts = {"unit": 0, "office": 0}
    unit = _unit_lead_counts(user)
    if unit is not None:
        counts.update(unit)
        counts["unit"] = counts["to_accept"]
    # The menu counts what units sent; the Art. 7 sections are follow-up.
    office = _office_action_counts(user, today_vn())
    if office is not None:
        counts["office"] = sum(office.values())
        for key, value in office.items():
            counts["office_" + key if key in ("returned", "done_reported") else key] = value
    return counts
