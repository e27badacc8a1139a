"""Which reminders a task calls for on a day, and when one is sent again
(app/rules/reminders.py), as tables of cases."""
from datetime import date

import pytest

from app.rules import reminders as r
from app.rules.workdays import Calendar

D = date
# January 2024 starts on a Monday: Wed 10 - Fri 12 off, Sat 20 worked.
CAL = Calendar.from_rows([
    (D(2024, 1, 10), False, "Lễ"),
    (D(2024, 1, 11), False, "Lễ"),
    (D(2024, 1, 12), False, "Lễ"),
    (D(2024, 1, 20), True, "Ngày làm việc bù"),
])
TUE = D(2024, 1, 9)


def facts(state="in_progress", timeliness="within", due=None, fu_late=False, fu_on=None,
          cycle=False, entry_late=False, done_on=None):
    return r.ReminderFacts(state, timeliness, due, fu_late, fu_on, cycle, entry_late, done_on)


@pytest.mark.parametrize("x, today, expected", [
    # Nothing on a day off, nothing for a closed or cancelled task.
    (facts(timeliness="overdue"), D(2024, 1, 13), ()),
    (facts(timeliness="overdue"), D(2024, 1, 10), ()),
    (facts(state="closed", timeliness="done_late"), TUE, ()),
    (facts(state="cancelled", timeliness="none", entry_late=True), TUE, ()),
    # A worked Saturday is a working day.
    (facts(timeliness="overdue"), D(2024, 1, 20), (r.OVERDUE,)),
    # The deadline.
    (facts(timeliness="within", due=D(2024, 2, 1)), TUE, ()),
    (facts(timeliness="due_soon", due=D(2024, 1, 16)), TUE, (r.DUE_SOON,)),
    (facts(timeliness="due_soon", due=TUE), TUE, (r.DUE_TODAY,)),
    (facts(timeliness="overdue", due=D(2024, 1, 8)), TUE, (r.OVERDUE,)),
    # Done and waiting for the Office: no deadline reminder to the unit.
    (facts(state="done_reported", timeliness="done_on_time", due=TUE, done_on=TUE), TUE, ()),
    (facts(state="done_reported", timeliness="done_late", done_on=D(2024, 1, 4)), TUE,
     (r.DONE_REPORT_WAITING,)),
    # 2 working days (Fri 5 → Tue 9: Mon, Tue) is not "more than 2".
    (facts(state="done_reported", timeliness="done_on_time", done_on=D(2024, 1, 5)), TUE, ()),
    # The holidays do not count: Mon 8 → Tue 16 is 3 working days (Tue 9, Mon 15, Tue 16).
    (facts(state="done_reported", timeliness="done_on_time", done_on=D(2024, 1, 8)),
     D(2024, 1, 16), (r.DONE_REPORT_WAITING,)),
    # Updates owed (Art. 7.2).
    (facts(fu_late=True), TUE, (r.FIRST_UPDATE_LATE,)),
    (facts(fu_late=True, fu_on=D(2024, 1, 8)), TUE, ()),  # late, but made: nothing to remind
    (facts(cycle=True, timeliness="none"), TUE, (r.CYCLE_UPDATE_MISSED,)),
    (facts(timeliness="overdue", fu_late=True, cycle=False), TUE,
     (r.OVERDUE, r.FIRST_UPDATE_LATE)),
    # Entry (Art. 7.1): the Office, while the task is still a draft.
    (facts(state="draft", timeliness="none", entry_late=True), TUE, (r.ENTRY_LATE,)),
    (facts(state="draft", timeliness="none"), TUE, ()),
    (facts(state="transferred", entry_late=True), TUE, ()),
])
def test_task_reminders(x, today, expected):
    assert r.task_reminders(x, today, CAL) == expected


@pytest.mark.parametrize("kind, last_on, today, every, expected", [
    (r.OVERDUE, None, TUE, 3, True),
    (r.OVERDUE, TUE, TUE, 3, False),  # already today
    (r.OVERDUE, D(2024, 1, 8), TUE, 3, False),
    (r.OVERDUE, D(2024, 1, 4), TUE, 3, True),  # Fri 5, Mon 8, Tue 9
    (r.OVERDUE, D(2024, 1, 5), TUE, 3, False),
    # Over the holidays: Tue 9 → Tue 16 is 2 working days (Mon 15, Tue 16).
    (r.OVERDUE, TUE, D(2024, 1, 16), 3, False),
    (r.OVERDUE, TUE, D(2024, 1, 17), 3, True),
    (r.OVERDUE, D(2024, 1, 8), TUE, 1, True),  # every working day
    (r.OVERDUE, D(2024, 1, 8), TUE, 0, True),  # 0 is taken as 1
    (r.DUE_TODAY, D(2024, 1, 2), TUE, 3, False),  # once
    (r.DUE_SOON, D(2024, 1, 4), TUE, 3, True),
    (r.FIRST_UPDATE_LATE, D(2024, 1, 4), TUE, 5, False),
])
def test_due_again(kind, last_on, today, every, expected):
    assert r.due_again(kind, last_on, today, every, CAL) is expected


def test_every_kind_has_a_label_and_the_lists_agree():
    assert set(r.KIND_LABELS) == set(r.KINDS)
    assert set(r.UNIT_REMINDERS) | set(r.OFFICE_REMINDERS) == set(r.REMINDERS)
    assert r.EXPLANATION in r.URGING_LEVELS


SUBTREE = frozenset({10, 11, 12})  # unit 10 and its divisions 11, 12


@pytest.mark.parametrize("office, unit, state, lead, monitoring, expected", [
    (True, None, "in_progress", 50, None, True),
    (True, None, "draft", 50, None, False),  # not transferred yet: nothing to urge
    (True, None, "closed", 50, None, False),
    (True, None, "cancelled", 50, None, False),
    (False, 10, "in_progress", 50, 10, True),  # it monitors the task (sector, 9.2a)
    (False, 10, "accepted", 11, None, True),  # a division of its own (9.2b)
    (False, 10, "accepted", 10, None, False),  # its own task: not urging itself
    (False, 10, "accepted", 50, 60, False),  # another unit's
    (False, 10, "accepted", 50, 12, True),  # monitored by a division of its own
    (False, None, "accepted", 50, 10, False),  # a person without a unit
])
def test_may_urge(office, unit, state, lead, monitoring, expected):
    assert r.may_urge(office, unit, SUBTREE if unit else frozenset(), state, lead,
                      monitoring) is expected
