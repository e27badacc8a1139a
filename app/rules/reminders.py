"""Automatic reminders and urging (Art. 8.2, 9–11; R6): which reminders a
task calls for on a day, to whom, and how often; the forms and levels of an
urging record.

Choices where the regulation is silent:

* Reminders go out on working days only: a reminder on a Sunday is read on
  Monday, next to Monday's.
* A unit is reminded of its task when it is due soon, due today, overdue,
  its first update is late (Art. 7.2a) or a periodic update was missed
  (7.2b); the lead unit and the monitoring unit, not the coordinating ones
  (they answer to the lead unit, Art. 6.2b). The Office is reminded of a
  task it has not entered in time (7.1, while still a draft: once
  transferred, late or not, there is nothing left to remind) and of a done
  report waiting for it more than ``DONE_WAITING_DAYS`` working days.
* A reminder of a kind is repeated every ``every`` working days while it
  holds (configurable, default 3), "due today" once: the same kind for the
  same task and person is not sent again until ``every`` working days after
  the last one. It is computed from the reminders sent, not from the last
  run, so a run missed is caught up by the next one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.rules import N_
from app.rules import timeliness as tl
from app.rules import workflow as wf
from app.rules.workdays import Calendar, is_working_day, working_days_between

DUE_SOON = "due_soon"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
FIRST_UPDATE_LATE = "first_update_late"
CYCLE_UPDATE_MISSED = "cycle_update_missed"
ENTRY_LATE = "entry_late"
DONE_REPORT_WAITING = "done_report_waiting"
URGING = "urging"
CORRECTION_REQUEST = "correction_request"

# Reminders to the lead and monitoring units, and to the Office.
UNIT_REMINDERS = (DUE_SOON, DUE_TODAY, OVERDUE, FIRST_UPDATE_LATE, CYCLE_UPDATE_MISSED)
OFFICE_REMINDERS = (ENTRY_LATE, DONE_REPORT_WAITING)
REMINDERS = UNIT_REMINDERS + OFFICE_REMINDERS
KINDS = REMINDERS + (URGING, CORRECTION_REQUEST)

KIND_LABELS = {
    DUE_SOON: N_("Due soon"),
    DUE_TODAY: N_("Due today"),
    OVERDUE: N_("Overdue"),
    FIRST_UPDATE_LATE: N_("First update late"),
    CYCLE_UPDATE_MISSED: N_("Periodic update missed"),
    ENTRY_LATE: N_("Entered late"),
    DONE_REPORT_WAITING: N_("Done report waiting"),
    URGING: N_("Urging"),
    CORRECTION_REQUEST: N_("Correction request"),
}

DONE_WAITING_DAYS = 2
DEFAULT_EVERY = 3

# Art. 11: how the urging was done. Whole phrases: "E-mail" alone is a
# field's label elsewhere, translated otherwise.
URGING_FORMS = {
    "system": N_("Through the tracking section"),
    "report": N_("Through a periodic or ad-hoc report"),
    "meeting": N_("Through a meeting or direct discussion"),
    "phone": N_("By phone"),
    "email": N_("By e-mail"),
    "fax": N_("By fax"),
    "inspection": N_("Through an inspection"),
}
# How strong it is; an explanation request is answered by the unit.
REMINDER, CRITICISM, EXPLANATION = "reminder", "criticism", "explanation"
URGING_LEVELS = {
    REMINDER: N_("Reminder"),
    CRITICISM: N_("Criticism"),
    EXPLANATION: N_("Request for explanation"),
}


@dataclass(frozen=True)
class ReminderFacts:
    """What a task's reminders depend on: its state and stored flags."""

    state: str
    timeliness: str
    effective_deadline: date | None
    first_update_late: bool
    first_update_on: date | None
    cycle_update_missed: bool
    entry_late: bool
    done_on: date | None


def task_reminders(x: ReminderFacts, today: date, calendar: Calendar) -> tuple[str, ...]:
    """The reminder kinds ``x`` calls for on ``today`` (none on a day off)."""
    if not is_working_day(today, calendar) or x.state in wf.FINAL_STATES:
        return ()
    kinds = []
    if x.state == wf.DRAFT:
        return (ENTRY_LATE,) if x.entry_late else ()
    done = x.done_on is not None
    if not done and x.effective_deadline == today:
        kinds.append(DUE_TODAY)
    elif x.timeliness == tl.DUE_SOON:
        kinds.append(DUE_SOON)
    elif x.timeliness == tl.OVERDUE:
        kinds.append(OVERDUE)
    if x.first_update_late and x.first_update_on is None:
        kinds.append(FIRST_UPDATE_LATE)
    if x.cycle_update_missed:
        kinds.append(CYCLE_UPDATE_MISSED)
    if (x.state == wf.DONE_REPORTED and done
            and working_days_between(x.done_on, today, calendar) > DONE_WAITING_DAYS):
        kinds.append(DONE_REPORT_WAITING)
    return tuple(kinds)


def due_again(kind: str, last_on: date | None, today: date, every: int,
              calendar: Calendar) -> bool:
    """Whether a reminder of ``kind`` last sent on ``last_on`` (None: never)
    is sent again on ``today``: "due today" once, the others every ``every``
    working days."""
    if last_on is None:
        return True
    if kind == DUE_TODAY or last_on >= today:
        return False
    return working_days_between(last_on, today, calendar) >= max(1, every)


def may_urge(office: bool, unit_id: int | None, subtree: frozenset | set, state: str,
             lead_unit_id: int | None, monitoring_unit_id: int | None) -> bool:
    """Whether a person may urge a task (Art. 9): the Office any open task;
    a unit the tasks it monitors (a department those of the districts in its
    sector, 9.2a) and those its own sub-units lead (a district its
    divisions, 9.2b), itself and its sub-units being ``subtree``."""
    if state == wf.DRAFT or state in wf.FINAL_STATES:
        return False
    if office:
        return True
    if unit_id is None:
        return False
    return monitoring_unit_id in subtree or (lead_unit_id in subtree
                                             and lead_unit_id != unit_id)
