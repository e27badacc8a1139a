"""The timeliness flags of Art. 7 (R5), kept on ``Task`` by one set-based UPDATE.

``refresh_flags`` computes in SQL what ``compute_flags`` computes in Python
from the pure rules (``app.rules.timeliness``); tests hold the two equal on
SQLite and PostgreSQL. Working-day arithmetic reads ``workday_index``
(see ``app.models``): ``cum(b) - cum(a)`` working days in (a, b],
and the nth working day after ``a`` is the working day with ``cum(a) + n``.

Semantics beyond the pure rules, decided here:

* done means ``done_on`` is set (the tracking service sets it on the done
  report and clears it on reopen);
* a cancelled task owes nothing: timeliness ``none``, no overdue days, and a
  missing transfer or first update is not late (one that happened late
  stays late); no periodic update is owed either;
* the periodic update (Art. 7.2b) is owed by tasks without a deadline that
  were transferred and are not done, counting from ``transferred_on``;
* the first update (Art. 7.2a) is owed by tasks with a deadline once
  transferred, counting from the latest transfer (``transferred_on``);
* entry lateness (Art. 7.1) counts from the first transfer
  (``first_transferred_on``, else ``transferred_on`` for rows older than it);
* ``effective_deadline`` is the deadline moved to the next working day when
  it falls on a day off (Civil Code art. 148(5)); it is kept for every task
  with a deadline, cancelled ones included, and timeliness, due-soon and the
  days overdue count from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import (Date, and_, case, false, func, literal, null, or_, select, text,
                        update)

from app.clock import today_vn
from app.extensions import db
from app.models import Document, Task
from app.models import WorkdayIndex
from app.rules import N_
from app.rules import timeliness as tl
from app.rules import workflow as wf
from app.rules.enums import EXPRESS, REPORT_CYCLE_LABELS, TIMELINESS_LABELS
from app.rules.workdays import explain_add, skipped_days, working_days_between
from app.services import transaction
from app.services.calendar import ensure_index, load_calendar, lock_calendar

FLAG_COLUMNS = ("timeliness", "effective_deadline", "working_days_overdue",
                "calendar_days_overdue", "entry_due", "entry_late", "first_update_due",
                "first_update_late", "cycle_update_missed")
PERIODIC_CYCLES = ("quarter", "half_year", "year")
# PostgreSQL: the memory of the full refresh's hash joins (see refresh_flags),
# for this transaction only: enough for a few million tasks in one piece.
REFRESH_WORK_MEM = "256MB"


def soon_days():
    return int(current_app.config.get("DUE_SOON_WORKING_DAYS", 3))


# --- The same flags in Python, from the pure rules ------------------------------


@dataclass(frozen=True)
class FlagInputs:
    """What the flags depend on: a task's dates and its document's."""

    state: str
    has_deadline: bool
    deadline: date | None
    done_on: date | None
    transferred_on: date | None
    first_update_on: date | None
    last_update_on: date | None
    report_cycle: str | None
    issued_on: date
    urgency: str
    complex_entry: bool
    first_transferred_on: date | None = None

    @classmethod
    def of(cls, task):
        doc = task.document
        return cls(task.state, bool(task.has_deadline), task.deadline, task.done_on,
                   task.transferred_on, task.first_update_on, task.last_update_on,
                   task.report_cycle, doc.issued_on, doc.urgency, bool(doc.complex_entry),
                   task.first_transferred_on)

    @property
    def entered_on(self):
        """When the Office first transferred the task (Art. 7.1)."""
        return self.first_transferred_on or self.transferred_on


def compute_flags(x: FlagInputs, today, calendar, soon=3) -> dict:
    """The flag columns of one task, from the pure rules."""
    cancelled = x.state == wf.CANCELLED
    deadline = x.deadline if x.has_deadline and not cancelled else None
    status = tl.deadline_status(deadline, x.done_on, today, calendar, soon)
    e_due = tl.entry_due(x.issued_on, calendar, express=x.urgency == EXPRESS,
                         complex_doc=bool(x.complex_entry))
    fu_due = (tl.first_update_due(x.transferred_on, calendar)
              if x.has_deadline and x.transferred_on is not None else None)
    return {
        "timeliness": status.value,
        "effective_deadline": (tl.effective_deadline(x.deadline, calendar)
                               if x.has_deadline else None),
        "working_days_overdue": status.working_days_overdue,
        "calendar_days_overdue": status.calendar_days_overdue,
        "entry_due": e_due,
        "entry_late": _late(tl.entry_late, e_due, x.entered_on, today, cancelled),
        "first_update_due": fu_due,
        "first_update_late": _late(tl.first_update_late, fu_due, x.first_update_on, today,
                                   cancelled),
        "cycle_update_missed": _cycle_missed(x, today, cancelled),
    }


def _late(rule, due, happened_on, today, cancelled):
    if due is None or (cancelled and happened_on is None):
        return False
    return rule(due, happened_on, today)


def _cycle_missed(x, today, cancelled):
    if (x.has_deadline or cancelled or x.done_on is not None or x.transferred_on is None
            or x.report_cycle not in PERIODIC_CYCLES):
        return False
    return tl.cycle_update_missed(x.report_cycle, x.last_update_on, today, x.transferred_on)


# --- The same flags in SQL, for every task at once --------------------------------


def refresh_flags(today, task_ids=None) -> int:
    """Recompute the flags of every task (or of ``task_ids``) as of ``today``
    in one UPDATE; idempotent, commits (rolls back on failure). Returns the
    number of tasks."""
    if task_ids is not None:
        task_ids = sorted({int(i) for i in task_ids})
        if not task_ids:
            return 0
    with transaction():
        if task_ids is None:
            # Full refreshes take turns (two updating every row in different
            # orders could deadlock) and never overlap a calendar change.
            lock_calendar()
        lo, hi = _date_range(today, task_ids)
        ensure_index(lo, hi)
        if db.session.get_bind().dialect.name == "postgresql":
            # The plan's cost crosses jit_above_cost on big tables, and
            # compiling it took longer (over a second) than running it.
            db.session.execute(text("SET LOCAL jit = off"))
            # The statement joins the tasks it computes to the rows it
            # writes by a hash of every task (about 60 MB a million). Cut
            # into batches (the default 4 MB), the rows are written batch by
            # batch, each batch scattered over the whole table: every page is
            # dirtied several times (a million tasks: 60 s instead of 48 s).
            db.session.execute(text(f"SET LOCAL work_mem = '{REFRESH_WORK_MEM}'"))
        result = db.session.execute(_update_statement(today, task_ids, soon_days()))
    return result.rowcount


def timeliness_counts(task_ids=None) -> dict:
    stmt = select(Task.timeliness, func.count()).group_by(Task.timeliness)
    if task_ids is not None:
        stmt = stmt.where(Task.id.in_(list(task_ids)))
    return {value: count for value, count in db.session.execute(stmt)}


def _date_range(today, task_ids):
    """The earliest and latest date the flags count from or to."""
    columns = (Document.issued_on, Task.first_transferred_on, Task.transferred_on,
               Task.deadline, Task.done_on)
    stmt = select(*[func.min(c) for c in columns], *[func.max(c) for c in columns]).select_from(
        Task).join(Document, Document.id == Task.document_id)
    if task_ids is not None:
        stmt = stmt.where(Task.id.in_(task_ids))
    days = [d for d in db.session.execute(stmt).one() if d is not None] + [today]
    days = [d if isinstance(d, date) else date.fromisoformat(str(d)[:10]) for d in days]
    return min(days), max(days)


def _previous_periods(today):
    """(first day, last day) of the last completed period of each cycle."""
    bounds = {}
    for cycle in PERIODIC_CYCLES:
        previous_end = tl.cycle_period_start(today, cycle) - timedelta(days=1)
        bounds[cycle] = (tl.cycle_period_start(previous_end, cycle), previous_end)
    return bounds


def _update_statement(today, task_ids, soon):
    task, doc, W = Task.__table__, Document.__table__, WorkdayIndex.__table__
    day = lambda value: literal(value, Date())  # noqa: E731
    today_p = day(today)
    today_w = W.alias("w_today")
    cum_today = select(today_w.c.cum).where(today_w.c.day == today_p).scalar_subquery()

    # Layer 1: each task's dates with their positions in the index.
    t = task.alias("t")
    w_iss, w_tr, w_dl, w_done = (W.alias(n) for n in ("w_iss", "w_tr", "w_dl", "w_done"))
    cancelled = t.c.state == wf.CANCELLED
    deadline = case((and_(t.c.has_deadline.is_(True), ~cancelled), t.c.deadline), else_=null())
    base = (
        select(
            t.c.id, cancelled.label("cancelled"), t.c.has_deadline,
            deadline.label("deadline"), t.c.done_on, t.c.transferred_on, t.c.first_update_on,
            t.c.last_update_on, t.c.report_cycle, doc.c.issued_on, doc.c.urgency,
            doc.c.complex_entry,
            func.coalesce(t.c.first_transferred_on, t.c.transferred_on).label("entered_on"),
            case((t.c.has_deadline.is_(True), t.c.deadline), else_=null()).label("dl_raw"),
            w_iss.c.cum.label("cum_iss"), w_tr.c.cum.label("cum_tr"),
            w_dl.c.cum.label("cum_dl"), w_dl.c.is_working.label("dl_working"),
            w_done.c.cum.label("cum_done"), w_done.c.dn.label("dn_done"),
        )
        .select_from(
            t.join(doc, doc.c.id == t.c.document_id)
            .outerjoin(w_iss, w_iss.c.day == doc.c.issued_on)
            .outerjoin(w_tr, w_tr.c.day == t.c.transferred_on)
            .outerjoin(w_dl, w_dl.c.day == t.c.deadline)
            .outerjoin(w_done, w_done.c.day == t.c.done_on)
        )
    )
    if task_ids is not None:
        base = base.where(t.c.id.in_(task_ids))
    b = base.subquery("b")

    # Layer 2: the due dates, as the nth working day after their start, and
    # the effective deadline: the deadline on a working day, else the next
    # working day (a day off has the count of the working day before it).
    w_e, w_f, w_x = W.alias("w_e"), W.alias("w_f"), W.alias("w_x")
    entry_n = case((b.c.complex_entry.is_(True), tl.ENTRY_DAYS_COMPLEX), else_=tl.ENTRY_DAYS)
    dues = (
        select(
            b,
            case((b.c.urgency == EXPRESS, b.c.issued_on), else_=w_e.c.day).label("entry_due"),
            w_f.c.day.label("first_update_due"),
            func.coalesce(w_x.c.day, b.c.dl_raw).label("effective_deadline"),
            w_x.c.cum.label("cum_eff"), w_x.c.dn.label("dn_eff"),
        )
        .select_from(
            b.outerjoin(w_x, and_(b.c.dl_raw.isnot(None),
                                  w_x.c.cum == b.c.cum_dl + case(
                                      (b.c.dl_working.is_(True), 0), else_=1),
                                  w_x.c.is_working.is_(True)))
            .outerjoin(w_e, and_(w_e.c.cum == b.c.cum_iss + entry_n, w_e.c.is_working.is_(True)))
            .outerjoin(w_f, and_(b.c.has_deadline.is_(True), b.c.transferred_on.isnot(None),
                                 w_f.c.cum == b.c.cum_tr + tl.FIRST_UPDATE_DAYS,
                                 w_f.c.is_working.is_(True)))
        )
        .subquery("c")
    )
    c = dues.c

    # Layer 3: the flags, branch for branch as compute_flags; the deadline
    # counts from its effective day.
    no_deadline = c.deadline.is_(None)
    due = c.effective_deadline
    done = c.done_on.isnot(None)
    overdue_now = due < today_p
    timeliness = case(
        (no_deadline, tl.NONE),
        (and_(done, c.done_on <= due), tl.DONE_ON_TIME),
        (done, tl.DONE_LATE),
        (overdue_now, tl.OVERDUE),
        (c.cum_eff - cum_today <= soon, tl.DUE_SOON),
        else_=tl.WITHIN,
    )

    def overdue(done_late, open_late):
        return func.coalesce(case(
            (no_deadline, 0),
            (and_(done, c.done_on > due), done_late),
            (done, 0),
            (overdue_now, open_late),
            else_=0,
        ), 0)

    def late(due, happened_on):
        return case(
            (due.is_(None), false()),
            (happened_on.isnot(None), happened_on > due),
            (c.cancelled, false()),
            else_=today_p > due,
        )

    periods = _previous_periods(today)
    cycle_missed = case(
        (or_(c.has_deadline.is_(True), c.cancelled, done, c.transferred_on.is_(None)), false()),
        *[(c.report_cycle == cycle,
           and_(c.transferred_on <= day(end),
                or_(c.last_update_on.is_(None), c.last_update_on < day(start))))
          for cycle, (start, end) in periods.items()],
        else_=false(),
    )
    return (
        update(task)
        .where(task.c.id == c.id)
        .values(
            timeliness=timeliness,
            effective_deadline=c.effective_deadline,
            working_days_overdue=overdue(c.cum_done - c.cum_eff, cum_today - c.cum_eff),
            calendar_days_overdue=overdue(c.dn_done - c.dn_eff, today.toordinal() - c.dn_eff),
            entry_due=c.entry_due,
            entry_late=func.coalesce(late(c.entry_due, c.entered_on), false()),
            first_update_due=c.first_update_due,
            first_update_late=func.coalesce(late(c.first_update_due, c.first_update_on), false()),
            cycle_update_missed=func.coalesce(cycle_missed, false()),
            flags_as_of=today_p,
            # Not a user's change: keep the column's onupdate from firing.
            changed_at=task.c.changed_at,
        )
    )


# --- Explanations for the task page -------------------------------------------------

ENTRY = "entry"
FIRST_UPDATE = "first_update"
DEADLINE = "deadline"
CYCLE = "cycle"

# How a due date stands: its own words, next to the deadline statuses.
ON_TIME, LATE, MISSING, PENDING, NOT_OWED = "on_time", "late", "missing", "pending", "not_owed"
DUE_STATUS_LABELS = {
    ON_TIME: N_("On time"),
    LATE: N_("Late"),
    MISSING: N_("Missing, past due"),
    PENDING: N_("Not yet due"),
    NOT_OWED: N_("Not owed"),
}


def _named(days):
    return [{"day": d, "name": name} for d, name in days]


def _due_status(due, happened_on, today, cancelled):
    if due is None:
        return NOT_OWED
    if happened_on is not None:
        return ON_TIME if happened_on <= due else LATE
    if cancelled:
        return NOT_OWED
    return MISSING if today > due else PENDING


def _due_item(key, label, rule, start, start_label, n, due, actual, actual_label, today,
              calendar, cancelled, **extra):
    """An explained due date: start + n working days = due, then what happened."""
    status = _due_status(due, actual, today, cancelled)
    item = {
        "key": key, "label": label, "applies": True, "note": None,
        "rule": rule, "rule_params": {"n": n},
        "start": start, "start_label": start_label, "n": n, "due": due,
        "calendar_days": (due - start).days if due and start else None,
        "skipped": [], "worked_weekend_days": [],
        "actual": actual, "actual_label": actual_label,
        "status": status, "status_label": DUE_STATUS_LABELS[status],
        "late": status in (LATE, MISSING),
        "working_days_late": 0, "calendar_days_late": 0, "as_of": today,
    }
    if due is not None and start is not None:
        explained = explain_add(start, n, calendar)
        item["skipped"] = _named(explained.skipped)
        item["worked_weekend_days"] = _named(explained.worked_weekend_days)
    if item["late"]:
        until = actual or today
        item["working_days_late"] = working_days_between(due, until, calendar)
        item["calendar_days_late"] = (until - due).days
    item.update(extra)
    return item


def _not_applicable(key, label, note, today):
    return {"key": key, "label": label, "applies": False, "note": note, "status": NOT_OWED,
            "status_label": DUE_STATUS_LABELS[NOT_OWED], "late": False, "as_of": today}


def explain_task(task, calendar=None, today=None) -> list[dict]:
    """How each flag of ``task`` was reached, as data for the task page.

    One dict per flag (keys ``entry``, ``first_update``, ``deadline``,
    ``cycle``), always in that order, with at least: ``key``, ``label``
    (msgid), ``applies``, ``note`` (msgid or None), ``status`` and
    ``status_label`` (msgid), ``late`` and ``as_of`` (the day it was
    computed for: the task's ``flags_as_of``, else today in Vietnam).
    Applicable due dates add ``rule`` (msgid with ``rule_params``),
    ``start``/``start_label``, ``n``, ``due``, ``calendar_days``,
    ``skipped`` and ``worked_weekend_days`` (``[{"day", "name"}]``: the
    named days off skipped and swap Saturdays counted between start and
    due), ``actual``/``actual_label``, ``working_days_late`` and
    ``calendar_days_late``. The deadline adds ``deadline``, ``done_on``,
    ``original_deadline``, ``working_days_left``, ``soon_days``,
    ``working_days_overdue``, ``calendar_days_overdue`` and ``skipped``
    (days off in the overdue or remaining span). The cycle adds ``cycle``,
    ``cycle_label``, ``period_start``, ``period_end`` and ``last_update_on``.
    Labels are English msgids: the view translates them.
    """
    calendar = calendar or load_calendar()
    today = today or task.flags_as_of or today_vn()
    x = FlagInputs.of(task)
    cancelled = x.state == wf.CANCELLED
    return [
        _explain_entry(x, today, calendar, cancelled),
        _explain_first_update(x, today, calendar, cancelled),
        _explain_deadline(task, x, today, calendar, cancelled),
        _explain_cycle(x, today, cancelled),
    ]


def _explain_entry(x, today, calendar, cancelled):
    label = N_("Entry and transfer by the Office (Art. 7.1)")
    if x.urgency == EXPRESS:
        n, rule = 0, N_("Express document: the same day as issued")
    elif x.complex_entry:
        n = tl.ENTRY_DAYS_COMPLEX
        rule = N_("%(n)d working days after the issue date (many tasks, many units or "
                  "consultation)")
    else:
        n, rule = tl.ENTRY_DAYS, N_("%(n)d working days after the issue date")
    due = tl.entry_due(x.issued_on, calendar, express=x.urgency == EXPRESS,
                       complex_doc=x.complex_entry)
    # Counted from the first transfer: a later one (after a return, or a
    # reassignment) restarts only the unit's Art. 7.2a days.
    moved = x.transferred_on is not None and x.transferred_on != x.entered_on
    return _due_item(ENTRY, label, rule, x.issued_on, N_("Issued on"), n, due,
                     x.entered_on, N_("First transferred on"), today, calendar, cancelled,
                     latest_transfer=x.transferred_on if moved else None,
                     note=(N_("Counted from the first transfer; the latest one, on %(day)s, "
                              "does not move it.") if moved else None))


def _explain_first_update(x, today, calendar, cancelled):
    label = N_("First progress update (Art. 7.2a)")
    if not x.has_deadline:
        return _not_applicable(FIRST_UPDATE, label,
                               N_("Only tasks with a deadline owe a first update."), today)
    if x.transferred_on is None:
        return _not_applicable(FIRST_UPDATE, label,
                               N_("Counted from the transfer, which has not happened yet."),
                               today)
    due = tl.first_update_due(x.transferred_on, calendar)
    return _due_item(FIRST_UPDATE, label, N_("%(n)d working days after the transfer"),
                     x.transferred_on, N_("Transferred on"), tl.FIRST_UPDATE_DAYS, due,
                     x.first_update_on, N_("First update on"), today, calendar, cancelled)


def _explain_deadline(task, x, today, calendar, cancelled):
    label = N_("Deadline")
    if cancelled:
        return _not_applicable(DEADLINE, label, N_("The task was cancelled."), today)
    if not x.has_deadline or x.deadline is None:
        return _not_applicable(DEADLINE, label, N_("The task has no deadline."), today)
    soon = soon_days()
    status = tl.deadline_status(x.deadline, x.done_on, today, calendar, soon)
    # Civil Code art. 148(5): a deadline on a day off ends on the next working day.
    effective = tl.effective_deadline(x.deadline, calendar)
    item = {
        "key": DEADLINE, "label": label, "applies": True, "note": None,
        "deadline": x.deadline, "original_deadline": task.original_deadline,
        "effective_deadline": effective,
        "effective_note": (N_("The deadline falls on a day off: it ends at the end of the next "
                              "working day (Civil Code, art. 148(5)).")
                           if effective != x.deadline else None),
        "days_off_at_deadline": _days_off_from(x.deadline, effective, calendar),
        "done_on": x.done_on, "status": status.value,
        "status_label": TIMELINESS_LABELS[status.value],
        "late": status.value in (tl.OVERDUE, tl.DONE_LATE),
        "working_days_overdue": status.working_days_overdue,
        "calendar_days_overdue": status.calendar_days_overdue,
        "working_days_left": None, "soon_days": soon, "skipped": [], "as_of": today,
    }
    if status.value in (tl.WITHIN, tl.DUE_SOON):
        item["working_days_left"] = working_days_between(today, effective, calendar)
        item["skipped"] = _named(skipped_days(today, effective, calendar))
        item["note"] = (N_("Due soon: %(soon)d working days or fewer left.")
                        if status.value == tl.DUE_SOON else None)
    elif status.value == tl.OVERDUE:
        item["skipped"] = _named(skipped_days(effective, today, calendar))
    elif status.value == tl.DONE_LATE:
        item["skipped"] = _named(skipped_days(effective, x.done_on, calendar))
    return item


def _days_off_from(deadline, effective, calendar):
    """The days off from the deadline up to (not including) its effective day,
    holidays with their names, weekends without."""
    days = []
    day = deadline
    while day < effective:
        days.append({"day": day, "name": calendar.days_off.get(day)})
        day += timedelta(days=1)
    return days


def _explain_cycle(x, today, cancelled):
    label = N_("Periodic update (Art. 7.2b)")
    if x.has_deadline:
        return _not_applicable(CYCLE, label,
                               N_("Only tasks without a deadline owe periodic updates."), today)
    if x.report_cycle not in PERIODIC_CYCLES:
        return _not_applicable(CYCLE, label,
                               N_("Reported when there is a result: no periodic update is "
                                  "owed."), today)
    if cancelled or x.done_on is not None or x.transferred_on is None:
        note = (N_("The task was cancelled.") if cancelled
                else N_("The task is done.") if x.done_on is not None
                else N_("Counted from the transfer, which has not happened yet."))
        return _not_applicable(CYCLE, label, note, today)
    start, end = _previous_periods(today)[x.report_cycle]
    missed = _cycle_missed(x, today, cancelled)
    owed = x.transferred_on <= end
    status = (LATE if missed else ON_TIME) if owed else PENDING
    return {
        "key": CYCLE, "label": label, "applies": True,
        "note": None if owed else N_("Assigned after the last completed period ended."),
        "cycle": x.report_cycle, "cycle_label": REPORT_CYCLE_LABELS[x.report_cycle],
        "period_start": start, "period_end": end, "last_update_on": x.last_update_on,
        "status": status, "status_label": (N_("Update missing") if missed
                                           else DUE_STATUS_LABELS[status]),
        "late": missed, "as_of": today,
    }
