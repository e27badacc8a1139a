"""The inboxes: what waits for a unit ("Nhiệm vụ của đơn vị") and for the
Office ("Chờ xử lý"), as pages of lists or as counts for the menu badges.

Every section lists one page of its items (``INBOX_LIMIT``, the first page
unless asked) and says how many there are, so that a page costs the same
however many tasks the province tracks: a fixed number of statements (the
counts of an inbox in one, the tasks of all its sections in one, the
extension requests in one, the updates in one), each reading about as many
index entries as it shows or counts.

The indexes (migrations 0006, 0008, 0010): a state's tasks soonest deadline
first (the unit's own with the lead unit in front); the open tasks with an
Art. 7 flag raised, by the day it became due; the tasks a unit may
coordinate on, by id; the pending extension requests; the recent obstacles
and feedback by (kind, reported on) among the updates not superseded. The
partial ones hold a condition that a query must say in the same words for
SQLite to use them: ``OPEN`` and ``COORDINATING`` below write their states
into the SQL, in the order of the indexes.
"""
from datetime import timedelta

from sqlalchemy import (Integer, bindparam, cast, func, literal_column, null, select, true,
                        union_all)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.selectable import Alias

from app.clock import today_vn
from app.extensions import db
from app.models import ExtensionRequest, ProgressUpdate, Task, task_coordinating_unit
from app.rules import enums
from app.rules import workflow as wf
from app.scope import role_names, visible_unit_ids

from .common import OFFICE_INBOX_ROLES, UNIT_ROLES, scoped

OBSTACLE_WINDOW_DAYS = 30
# The items a section lists per page (its count says how many there are).
INBOX_LIMIT = 10
# More pages than any section has (a page asked beyond it is no page).
MAX_PAGE = 10 ** 9
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
# In the order of the condition of ix_task_coordinated_open (migration 0010).
COORDINATING_STATES = (wf.TRANSFERRED, wf.ACCEPTED, wf.IN_PROGRESS, wf.DONE_REPORTED)
# The updates the Office inbox lists, by key.
UPDATE_KEYS = {"obstacles": enums.UPDATE_OBSTACLE, "feedback": enums.UPDATE_FEEDBACK}
# The day each deadline really ends (Civil Code art. 148(5)); the one entered
# until the flags have been computed. The indexes of 0010 hold this expression.
DUE = func.coalesce(Task.effective_deadline, Task.deadline)
FLAG_DUE = {"entry_late": Task.entry_due, "first_update_late": Task.first_update_due,
            "cycle_update_missed": Task.transferred_on}


def _written(values):
    """A list of states written into the SQL (not bound): the partial indexes'
    conditions name them so, and SQLite matches the words."""
    return bindparam(None, list(values), expanding=True, literal_execute=True)


OPEN = Task.state.not_in(_written(sorted(wf.FINAL_STATES)))


def _where(stmt):
    """The WHERE clause of a select, to count or join on it (None: true)."""
    clause = stmt.whereclause
    return true() if clause is None else clause


# --- Pages of sections, one statement per kind of item -------------------------------------


def _page_of(stmt, ident, sort, limit, page, counted=False):
    """(id, sort, total) of one page of ``stmt``'s rows in the order of
    ``sort``; total: how many rows there are in all when ``counted`` (read
    with the page, not again), else null."""
    total = func.count().over() if counted else cast(null(), Integer)
    stmt = stmt.with_only_columns(ident.label("id"), sort.label("sort"), total.label("total"))
    stmt = stmt.order_by(sort, ident)
    return stmt if limit is None else stmt.limit(limit).offset(limit * (page - 1))


def _pages(model, parts, limit, pages, *options, counted=()):
    """({key: [model]}, {key: total}): of each part (key, select, its id
    column, sort) the page ``pages`` asks for (the first by default), in one
    statement: the pages' ids, each read from an index in order, joined to
    their rows; with them how many rows the parts in ``counted`` have (none
    when the page asked is past their end)."""
    pages = pages or {}
    selects = [
        select(literal_column(str(number)).label("part"), page.c.id, page.c.sort, page.c.total)
        for number, (key, stmt, ident, sort) in enumerate(parts)
        for page in [_page_of(stmt, ident, sort, limit, pages.get(key, 1),
                              key in counted).subquery()]]
    listed = (selects[0] if len(selects) == 1 else union_all(*selects)).subquery()
    found = {part[0]: [] for part in parts}
    totals = {key: 0 for key in counted}
    for item, number, total in db.session.execute(
            select(model, listed.c.part, listed.c.total).join(listed, listed.c.id == model.id)
            .options(*options).order_by(listed.c.part, listed.c.sort, listed.c.id)):
        key = parts[int(number)][0]
        found[key].append(item)
        if key in counted:
            totals[key] = total
    return found, totals


def _tasks(parts, limit, pages, counted=()):
    return _pages(Task, parts, limit, pages, joinedload(Task.document),
                  joinedload(Task.lead_unit), counted=counted)


def _counts(queries):
    """{key: count} of selects of ``count(*)``, in one statement."""
    row = db.session.execute(select(*(stmt.scalar_subquery().label(key)
                                      for key, stmt in queries.items()))).one()
    return dict(row._mapping)


def _count(stmt, ident, at_most=None):
    """count(*) of ``stmt``'s rows; past ``at_most``, ``at_most + 1``."""
    rows = stmt.with_only_columns(ident)
    if at_most is not None:
        rows = rows.limit(at_most + 1)
    return select(func.count()).select_from(rows.subquery())


# --- The unit's inbox ------------------------------------------------------------------------


class _IndexedBy(Alias):
    """A table that SQLite reads through a named index (``INDEXED BY``):
    its planner otherwise prefers reading each row by id, even when an
    index holds all the query needs. Other databases plan it themselves."""

    inherit_cache = True

    def _init(self, selectable, name=None, index=None):
        super()._init(selectable, name=name)
        self.index = index


@compiles(_IndexedBy, "sqlite")
def _indexed_by(element, compiler, asfrom=False, from_linter=None, **kw):
    if not asfrom:
        return compiler.visit_alias(element, asfrom=asfrom, from_linter=from_linter, **kw)
    if from_linter is not None:  # the alias is the FROM its join conditions name
        from_linter.froms[element._de_clone()] = element.name
    return f"{compiler.process(element.element, asfrom=True, **kw)} INDEXED BY {element.index}"


def _unit_id(user):
    """The unit whose inbox ``user`` sees, or None. A unit's inbox lists the
    tasks its own unit leads or coordinates, past the draft: all of them in
    its scope (its own unit is in it), so no scope clause is added."""
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None or not role_names(user) & UNIT_ROLES:
        return None
    visible = visible_unit_ids(user)
    return unit_id if visible is None or unit_id in visible else None


def _unit_parts(unit_id):
    """(key, select, id column, sort) of each section of the unit's inbox.

    The coordinated tasks still open are looked up by id in
    ix_task_coordinated_open from the unit's links, without reading the
    task rows (most of them closed): the index holds their deadlines too."""
    parts = [(key, select(Task).where(Task.lead_unit_id == unit_id, Task.state.in_(states)),
              Task.id, DUE) for key, states in UNIT_LEAD_STATES.items()]
    link = task_coordinating_unit.c
    task = _IndexedBy._construct(Task.__table__, name="task", index="ix_task_coordinated_open")
    coordinated = (select(task.c.id).select_from(task_coordinating_unit)
                   .join(task, task.c.id == link.task_id)
                   .where(link.unit_id == unit_id,
                          task.c.state.in_(_written(COORDINATING_STATES))))
    parts.append(("coordinating", coordinated, task.c.id,
                  func.coalesce(task.c.effective_deadline, task.c.deadline)))
    return parts


def unit_inbox(user, limit=INBOX_LIMIT, pages=None):
    """The unit's "Nhiệm vụ của đơn vị": a page of Task per key, soonest
    deadline first (``limit`` per page, None: all; ``pages``: {key: page
    number}, the first by default).

    Keys: to_accept, in_progress (accepted or in progress), returned (by this
    unit, waiting for the Office), done_reported, coordinating (open tasks
    the unit coordinates).
    """
    unit_id = _unit_id(user)
    if unit_id is None:
        return {key: [] for key in UNIT_KEYS}
    return _tasks(_unit_parts(unit_id), limit, pages)[0]


def _unit_count_queries(unit_id, keys, at_most=None):
    return {key: _count(stmt, ident, at_most) for key, stmt, ident, _sort
            in _unit_parts(unit_id) if key in keys}


def unit_inbox_counts(user):
    """How many tasks each key of ``unit_inbox`` has in all: one statement."""
    unit_id = _unit_id(user)
    if unit_id is None:
        return {key: 0 for key in UNIT_KEYS}
    return _counts(_unit_count_queries(unit_id, UNIT_KEYS))


def last_page(count, limit=INBOX_LIMIT):
    return max(1, -(-count // limit))


def _within(pages, counts, limit):
    """The pages asked (the first by default), none past a section's last."""
    return {key: min(max(1, pages.get(key, 1)), last_page(count, limit))
            for key, count in counts.items()}


def unit_inbox_page(user, pages=None, limit=INBOX_LIMIT):
    """(lists, counts, pages) of the unit inbox screen: the page of each
    section ``pages`` asks for (``unit_inbox``; past a section's end, its
    last page), how many tasks each section has, and the pages listed.

    Two statements: the counts of the unit's own sections (those of its menu
    badge) and the pages, the coordinated tasks counted in the same reading
    as their page: their lookup is the costly part. Two more only when the
    page asked is past the end of the coordinated tasks.
    """
    unit_id = _unit_id(user)
    if unit_id is None:
        return ({key: [] for key in UNIT_KEYS}, {key: 0 for key in UNIT_KEYS},
                {key: 1 for key in UNIT_KEYS})
    asked = pages or {}
    counts = _counts(_unit_count_queries(unit_id, UNIT_LEAD_STATES))
    pages = {**_within(asked, counts, limit),
             "coordinating": min(max(1, asked.get("coordinating", 1)), MAX_PAGE)}
    parts = _unit_parts(unit_id)
    found, totals = _tasks(parts, limit, pages, counted=("coordinating",))
    counts.update(totals)
    if not found["coordinating"] and pages["coordinating"] > 1:
        counts.update(_counts(_unit_count_queries(unit_id, ("coordinating",))))
        pages.update(_within(pages, {"coordinating": counts["coordinating"]}, limit))
        found.update(_tasks([part for part in parts if part[0] == "coordinating"], limit,
                            pages)[0])
    return found, counts, pages


# --- The Office's inbox ---------------------------------------------------------------------


def _office_parts(user, today):
    """{key: (select, model, id column, sort)} of each section of the Office inbox."""
    if not role_names(user) & OFFICE_INBOX_ROLES:
        return None
    tasks = scoped(Task, user)
    open_tasks = tasks.where(OPEN)
    since = today - timedelta(days=OBSTACLE_WINDOW_DAYS)

    def updates(kind):
        # Joined to its task (one per update), not "task_id IN (every open task)".
        return (select(ProgressUpdate).join(Task, Task.id == ProgressUpdate.task_id)
                .where(ProgressUpdate.kind == kind, ProgressUpdate.superseded_by_id.is_(None),
                       ProgressUpdate.reported_on >= since, _where(open_tasks)))

    parts = {
        # ix_task_state_due holds only these two states: the state is written.
        **{state: (tasks.where(Task.state == bindparam(None, state, literal_execute=True)),
                   Task, Task.id, DUE) for state in (wf.RETURNED, wf.DONE_REPORTED)},
        "extension_requests": (select(ExtensionRequest)
                               .join(Task, Task.id == ExtensionRequest.task_id)
                               .where(ExtensionRequest.decided_at.is_(None),
                                      _where(open_tasks)),
                               # The oldest first, by time: in id order SQLite reads the
                               # table, every request ever decided, for the few pending.
                               ExtensionRequest, ExtensionRequest.id,
                               ExtensionRequest.requested_at),
        # The newest first.
        **{key: (updates(kind), ProgressUpdate, ProgressUpdate.id, -ProgressUpdate.id)
           for key, kind in UPDATE_KEYS.items()},
        **{flag: (open_tasks.where(getattr(Task, flag) == true()), Task, Task.id, due)
           for flag, due in FLAG_DUE.items()},
    }
    return parts


def office_inbox(user, limit=INBOX_LIMIT, pages=None):
    """The Office's "Chờ xử lý": a page of ``limit`` items per key (None:
    all; ``pages``: {key: page number}, the first by default).

    Keys: returned, done_reported (lists of Task); extension_requests
    (pending ExtensionRequest, oldest first); obstacles and feedback
    (ProgressUpdate of the last 30 days on open tasks, newest first);
    entry_late, first_update_late, cycle_update_missed (open tasks with that
    Art. 7 flag raised, the longest overdue first). One statement per kind
    of item.
    """
    parts = _office_parts(user, today_vn())
    if parts is None:
        return {key: [] for key in OFFICE_KEYS}

    def of(model):
        return [(key, stmt, ident, sort) for key, (stmt, kind, ident, sort) in parts.items()
                if kind is model]

    found = _tasks(of(Task), limit, pages)[0]
    found.update(_pages(ExtensionRequest, of(ExtensionRequest), limit, pages,
                        joinedload(ExtensionRequest.task))[0])
    found.update(_pages(ProgressUpdate, of(ProgressUpdate), limit, pages,
                        joinedload(ProgressUpdate.task), joinedload(ProgressUpdate.unit))[0])
    return {key: found[key] for key in OFFICE_KEYS}


def _office_count_queries(user, today, keys, at_most=None):
    parts = _office_parts(user, today)
    if parts is None:
        return None
    return {key: _count(parts[key][0], parts[key][2], at_most) for key in keys}


def office_inbox_counts(user):
    """How many items each key of ``office_inbox`` has in all: one statement."""
    queries = _office_count_queries(user, today_vn(), OFFICE_KEYS)
    return {key: 0 for key in OFFICE_KEYS} if queries is None else _counts(queries)


def office_inbox_page(user, pages=None, limit=INBOX_LIMIT):
    """(lists, counts, pages) of the Office inbox screen: how many items each
    section has (one statement), then the page of each ``pages`` asks for
    (``office_inbox``; past a section's end, its last page)."""
    counts = office_inbox_counts(user)
    pages = _within(pages or {}, counts, limit)
    return office_inbox(user, limit, pages), counts, pages


def inbox_counts(user, at_most=None, also=None):
    """Counts for the menu badges (COUNT queries only), on every page; each
    stops past ``at_most`` when given (a badge says "99+": counting the
    thousands of done reports of a province's years would cost every page).
    ``also``: more counts (key → a select of ``count(*)``) read in the same
    statement as the first of these, or alone when there is none.

    ``unit``: tasks waiting for the unit to accept; ``office``: everything
    waiting for the Office. With them, the unit's own sections (to_accept,
    in_progress, returned, done_reported: one statement) and the Office's
    action sections (office ones prefixed ``office_`` where the names clash:
    one statement). Not the unit's "coordinating" section: the menu does
    not show it.
    """
    counts = {"unit": 0, "office": 0}
    also = dict(also or {})
    unit_id = _unit_id(user)
    if unit_id is not None:
        counts.update(_counts({**_unit_count_queries(unit_id, UNIT_LEAD_STATES, at_most),
                               **also}))
        counts["unit"] = counts["to_accept"]
        also = {}
    # The menu counts what units sent; the Art. 7 sections are follow-up.
    queries = _office_count_queries(user, today_vn(), OFFICE_ACTION_KEYS, at_most)
    if queries is not None:
        office = _counts({**queries, **also})
        counts.update({key: office.pop(key) for key in also})
        also = {}
        counts["office"] = sum(office.values())
        for key, value in office.items():
            counts["office_" + key if key in ("returned", "done_reported") else key] = value
    if also:
        counts.update(_counts(also))
    return counts
