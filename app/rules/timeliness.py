"""Timeliness flags of Decision 45/2016 Art. 7 (R5), and the reporting split.

Every date is passed in (``today`` is the caller's date in Asia/Ho_Chi_Minh).
A deadline is the last allowed day: something done *on* it is on time. A
deadline that falls on a weekend or a holiday ends at the end of the next
working day (Civil Code 2015 art. 148(5)): ``effective_deadline``, which
``deadline_status`` counts from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.rules import N_, RuleError
from app.rules.workdays import (Calendar, add_working_days, next_working_day,
                                working_days_between)

ENTRY_DAYS = 2  # Art. 7.1
ENTRY_DAYS_COMPLEX = 5  # Art. 7.1: many tasks / many units / consultation
FIRST_UPDATE_DAYS = 3  # Art. 7.2a


def _late(due: date, done_on: date | None, today: date) -> bool:
    if done_on is not None:
        return done_on > due
    return today > due


# --- Civil Code art. 148(5): a deadline on a day off ------------------------


def effective_deadline(deadline: date | None, calendar: Calendar) -> date | None:
    """The day a deadline really ends: ``deadline`` itself on a working day,
    else the next working day after it (a weekend, a holiday, Tết...)."""
    if deadline is None:
        return None
    return next_working_day(deadline, calendar)


DAY_OFF_DEADLINE_MESSAGE = N_(
    "The deadline %(deadline)s falls on a day off: under the Civil Code (art. 148(5)) it "
    "ends at the end of the next working day, %(effective)s.")


def day_off_deadline_warning(deadline: date | None, calendar: Calendar):
    """A warning (a ``RuleError`` not raised: the deadline is accepted) when
    ``deadline`` is a day off, naming the effective deadline; else None."""
    effective = effective_deadline(deadline, calendar)
    if effective == deadline:
        return None
    return RuleError(DAY_OFF_DEADLINE_MESSAGE, deadline=deadline, effective=effective,
                     field="deadline")


# --- Art. 7.1: the Office classifies, enters and transfers the document -----


def entry_due(
    issued_on: date, calendar: Calendar, *, express: bool = False, complex_doc: bool = False
) -> date:
    """Express (hỏa tốc) wins over complex: it must be entered right after issue."""
    if express:
        return issued_on
    return add_working_days(issued_on, ENTRY_DAYS_COMPLEX if complex_doc else ENTRY_DAYS, calendar)


def entry_late(due: date, first_transferred_on: date | None, today: date) -> bool:
    """Counted from the *first* transfer: a later reassignment or a transfer
    again after a return does not make an entry made on time late."""
    return _late(due, first_transferred_on, today)


# --- Art. 7.2a: task with a deadline, first progress update ------------------


def first_update_due(transferred_on: date, calendar: Calendar) -> date:
    return add_working_days(transferred_on, FIRST_UPDATE_DAYS, calendar)


def first_update_late(due: date, first_update_on: date | None, today: date) -> bool:
    return _late(due, first_update_on, today)


# --- Art. 7.2b: task without a deadline, periodic updates --------------------

CYCLES = ("quarter", "half_year", "year", "on_result")
_CYCLE_MONTHS = {"quarter": 3, "half_year": 6, "year": 12}


def _months(cycle: str) -> int | None:
    if cycle == "on_result":
        return None
    try:
        return _CYCLE_MONTHS[cycle]
    except KeyError:
        raise ValueError(f"unknown cycle {cycle!r}") from None


def cycle_period_start(day: date, cycle: str) -> date | None:
    """First day of the quarter / half-year / year containing ``day``; None for on_result."""
    months = _months(cycle)
    if months is None:
        return None
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def cycle_period_end(day: date, cycle: str) -> date | None:
    """Last day of the quarter / half-year / year containing ``day``; None for on_result."""
    start = cycle_period_start(day, cycle)
    if start is None:
        return None
    month = start.month + _months(cycle)
    next_start = date(start.year + 1, 1, 1) if month > 12 else date(start.year, month, 1)
    return next_start - timedelta(days=1)


def cycle_update_missed(
    cycle: str, last_update_on: date | None, today: date, assigned_on: date
) -> bool:
    """Whether the update owed for the last completed period is missing.

    The period checked is the one that ended before ``today`` (the period
    containing ``today`` is still open, even on its last day). It is owed
    only if the task was assigned on or before that period's last day. It is
    missed when ``last_update_on`` is None or earlier than that period's
    first day.

    Only the latest update date is known, so an update made after the
    period (a late catch-up, or the period's report filed early in the next
    one) also counts: the flag drives urging, and urging stops once the unit
    has reported. ``on_result`` tasks are never flagged.
    """
    current_start = cycle_period_start(today, cycle)
    if current_start is None:
        return False
    previous_end = current_start - timedelta(days=1)
    if assigned_on > previous_end:
        return False
    previous_start = cycle_period_start(previous_end, cycle)
    return last_update_on is None or last_update_on < previous_start


# --- Deadline flag ------------------------------------------------------------

NONE = "none"
WITHIN = "within"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
DEADLINE_STATUSES = (NONE, WITHIN, DUE_SOON, OVERDUE, DONE_ON_TIME, DONE_LATE)


@dataclass(frozen=True)
class DeadlineStatus:
    """``*_overdue`` are the days past the deadline: up to today when
    overdue, up to the completion day when done late, else 0."""

    value: str
    working_days_overdue: int = 0
    calendar_days_overdue: int = 0


def deadline_status(
    deadline: date | None,
    done_on: date | None,
    today: date,
    calendar: Calendar,
    soon_days: int = 3,
) -> DeadlineStatus:
    """``deadline`` as entered; everything counts from its effective deadline."""
    if deadline is None:
        return DeadlineStatus(NONE)
    deadline = effective_deadline(deadline, calendar)
    if done_on is not None:
        if done_on <= deadline:
            return DeadlineStatus(DONE_ON_TIME)
        return DeadlineStatus(
            DONE_LATE,
            working_days_between(deadline, done_on, calendar),
            (done_on - deadline).days,
        )
    if today > deadline:
        return DeadlineStatus(
            OVERDUE,
            working_days_between(deadline, today, calendar),
            (today - deadline).days,
        )
    if working_days_between(today, deadline, calendar) <= soon_days:
        return DeadlineStatus(DUE_SOON)
    return DeadlineStatus(WITHIN)


# --- National four-way reporting split ----------------------------------------

NOT_DONE_WITHIN = "not_done_within"
NOT_DONE_OVERDUE = "not_done_overdue"
REPORT_BUCKETS = (DONE_ON_TIME, DONE_LATE, NOT_DONE_WITHIN, NOT_DONE_OVERDUE)


def report_bucket(
    deadline: date | None, done_on: date | None, as_of: date, calendar: Calendar | None = None
) -> str:
    """Bucket of a task in a report as of ``as_of``.

    A task completed after ``as_of`` was not done yet at that date, so a
    report for a past date stays the same when rerun later. With
    ``calendar``, ``deadline`` is the one entered and counts from its
    effective deadline; without, it must be the effective deadline already
    (``Task.effective_deadline``).
    """
    if calendar is not None:
        deadline = effective_deadline(deadline, calendar)
    done = done_on is not None and done_on <= as_of
    if deadline is None:
        return DONE_ON_TIME if done else NOT_DONE_WITHIN
    if done:
        return DONE_ON_TIME if done_on <= deadline else DONE_LATE
    return NOT_DONE_WITHIN if as_of <= deadline else NOT_DONE_OVERDUE
