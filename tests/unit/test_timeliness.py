from datetime import date

import pytest

from app.reference.calendar import vn_calendar_rows
from app.rules.timeliness import (
    CYCLES,
    DEADLINE_STATUSES,
    REPORT_BUCKETS,
    DeadlineStatus,
    cycle_period_end,
    cycle_period_start,
    cycle_update_missed,
    deadline_status,
    entry_due,
    entry_late,
    first_update_due,
    first_update_late,
    report_bucket,
)
from app.rules.workdays import Calendar

D = date

# January 2024 starts on a Monday: New Year off, Wed 10 - Fri 12 and Mon 15 off,
# Sat 20 worked.
CAL = Calendar.from_rows(
    [
        (D(2024, 1, 1), False, "Tết Dương lịch"),
        (D(2024, 1, 10), False, "Lễ"),
        (D(2024, 1, 11), False, "Lễ"),
        (D(2024, 1, 12), False, "Lễ"),
        (D(2024, 1, 15), False, "Lễ (nghỉ bù)"),
        (D(2024, 1, 20), True, "Ngày làm việc bù"),
    ]
)
SEED = Calendar.from_rows(vn_calendar_rows(2016, 2027))


def test_constants():
    assert DEADLINE_STATUSES == ("none", "within", "due_soon", "overdue", "done_on_time", "done_late")
    assert REPORT_BUCKETS == ("done_on_time", "done_late", "not_done_within", "not_done_overdue")
    assert CYCLES == ("quarter", "half_year", "year", "on_result")


# --- Art. 7.1 entry -------------------------------------------------------------


@pytest.mark.parametrize(
    "issued_on, express, complex_doc, expected",
    [
        pytest.param(D(2024, 1, 2), False, False, D(2024, 1, 4), id="tuesday-plus-2"),
        pytest.param(D(2024, 1, 4), False, False, D(2024, 1, 8), id="thursday-over-weekend"),
        pytest.param(D(2024, 1, 5), False, False, D(2024, 1, 9), id="friday-over-weekend"),
        pytest.param(D(2024, 1, 6), False, False, D(2024, 1, 9), id="issued-on-saturday"),
        pytest.param(D(2024, 1, 9), False, False, D(2024, 1, 17), id="over-holiday-block"),
        pytest.param(D(2024, 1, 18), False, False, D(2024, 1, 20), id="ends-on-swap-saturday"),
        pytest.param(D(2023, 12, 29), False, False, D(2024, 1, 3), id="over-new-year"),
        pytest.param(D(2024, 1, 2), False, True, D(2024, 1, 9), id="complex-plus-5"),
        pytest.param(D(2024, 1, 5), False, True, D(2024, 1, 18), id="complex-over-holidays"),
        pytest.param(D(2024, 1, 2), True, False, D(2024, 1, 2), id="express-same-day"),
        pytest.param(D(2024, 1, 6), True, False, D(2024, 1, 6), id="express-on-saturday"),
        pytest.param(D(2024, 1, 2), True, True, D(2024, 1, 2), id="express-wins-over-complex"),
    ],
)
def test_entry_due(issued_on, express, complex_doc, expected):
    assert entry_due(issued_on, CAL, express=express, complex_doc=complex_doc) == expected


def test_entry_due_over_real_tet_2017():
    # Wed 25/1/2017; Tết 2017 is 26/1 - 1/2.
    assert entry_due(D(2017, 1, 25), SEED) == D(2017, 2, 3)


LATE_CASES = [
    pytest.param(D(2024, 1, 4), D(2024, 1, 4), D(2024, 2, 1), False, id="done-on-due-day"),
    pytest.param(D(2024, 1, 4), D(2024, 1, 3), D(2024, 2, 1), False, id="done-before-due"),
    pytest.param(D(2024, 1, 4), D(2024, 1, 5), D(2024, 1, 5), True, id="done-day-after"),
    pytest.param(D(2024, 1, 4), None, D(2024, 1, 3), False, id="missing-before-due"),
    pytest.param(D(2024, 1, 4), None, D(2024, 1, 4), False, id="missing-on-due-day"),
    pytest.param(D(2024, 1, 4), None, D(2024, 1, 5), True, id="missing-day-after"),
    pytest.param(D(2024, 1, 5), None, D(2024, 1, 6), True, id="missing-saturday-after-friday-due"),
]


@pytest.mark.parametrize("due, transferred_on, today, expected", LATE_CASES)
def test_entry_late(due, transferred_on, today, expected):
    assert entry_late(due, transferred_on, today) is expected


# --- Art. 7.2a first update -----------------------------------------------------


@pytest.mark.parametrize(
    "transferred_on, expected",
    [
        pytest.param(D(2024, 1, 2), D(2024, 1, 5), id="plain-week"),
        pytest.param(D(2024, 1, 4), D(2024, 1, 9), id="over-weekend"),
        pytest.param(D(2024, 1, 5), D(2024, 1, 16), id="over-holidays"),
        pytest.param(D(2024, 1, 8), D(2024, 1, 17), id="over-holidays-and-substitute"),
        pytest.param(D(2024, 1, 17), D(2024, 1, 20), id="ends-on-swap-saturday"),
        pytest.param(D(2024, 1, 7), D(2024, 1, 16), id="transferred-on-sunday"),
    ],
)
def test_first_update_due(transferred_on, expected):
    assert first_update_due(transferred_on, CAL) == expected


def test_first_update_due_uses_real_swap_saturday_2019():
    # Thu 2/5/2019: Fri 3, Sat 4 (worked), Mon 6.
    assert first_update_due(D(2019, 5, 2), SEED) == D(2019, 5, 6)


@pytest.mark.parametrize("due, first_update_on, today, expected", LATE_CASES)
def test_first_update_late(due, first_update_on, today, expected):
    assert first_update_late(due, first_update_on, today) is expected


# --- Art. 7.2b cycles -----------------------------------------------------------


@pytest.mark.parametrize(
    "day, cycle, start, end",
    [
        pytest.param(D(2024, 1, 1), "quarter", D(2024, 1, 1), D(2024, 3, 31), id="q1-first-day"),
        pytest.param(D(2024, 3, 31), "quarter", D(2024, 1, 1), D(2024, 3, 31), id="q1-last-day"),
        pytest.param(D(2024, 4, 1), "quarter", D(2024, 4, 1), D(2024, 6, 30), id="q2-first-day"),
        pytest.param(D(2024, 8, 15), "quarter", D(2024, 7, 1), D(2024, 9, 30), id="q3-middle"),
        pytest.param(D(2024, 12, 31), "quarter", D(2024, 10, 1), D(2024, 12, 31), id="q4-last-day"),
        pytest.param(D(2024, 6, 30), "half_year", D(2024, 1, 1), D(2024, 6, 30), id="h1-last-day"),
        pytest.param(D(2024, 7, 1), "half_year", D(2024, 7, 1), D(2024, 12, 31), id="h2-first-day"),
        pytest.param(D(2024, 12, 31), "half_year", D(2024, 7, 1), D(2024, 12, 31), id="h2-last-day"),
        pytest.param(D(2024, 2, 29), "year", D(2024, 1, 1), D(2024, 12, 31), id="year"),
        pytest.param(D(2024, 2, 29), "on_result", None, None, id="on-result"),
    ],
)
def test_cycle_period(day, cycle, start, end):
    assert cycle_period_start(day, cycle) == start
    assert cycle_period_end(day, cycle) == end


def test_unknown_cycle_raises():
    with pytest.raises(ValueError):
        cycle_period_start(D(2024, 1, 1), "monthly")


@pytest.mark.parametrize(
    "cycle, last_update_on, today, assigned_on, expected",
    [
        # Q1 2024 has just ended.
        pytest.param("quarter", None, D(2024, 4, 1), D(2024, 1, 15), True, id="q-no-update"),
        pytest.param("quarter", D(2024, 2, 10), D(2024, 4, 1), D(2024, 1, 15), False, id="q-update-inside"),
        pytest.param("quarter", D(2024, 1, 1), D(2024, 4, 1), D(2023, 6, 1), False, id="q-update-first-day"),
        pytest.param("quarter", D(2024, 3, 31), D(2024, 4, 1), D(2023, 6, 1), False, id="q-update-last-day"),
        pytest.param("quarter", D(2023, 12, 31), D(2024, 4, 1), D(2023, 6, 1), True, id="q-update-day-before"),
        pytest.param("quarter", D(2024, 4, 1), D(2024, 4, 1), D(2023, 6, 1), False, id="q-catch-up-counts"),
        pytest.param("quarter", None, D(2024, 4, 1), D(2024, 3, 31), True, id="q-assigned-last-day-owes"),
        pytest.param("quarter", None, D(2024, 4, 1), D(2024, 4, 1), False, id="q-assigned-today"),
        # On 31/3 Q1 is still open: the last completed quarter is Q4 2023.
        pytest.param("quarter", None, D(2024, 3, 31), D(2024, 1, 15), False, id="q-period-still-open"),
        pytest.param("quarter", D(2023, 10, 1), D(2024, 3, 31), D(2023, 5, 1), False, id="q-open-checks-q4"),
        pytest.param("quarter", D(2023, 9, 30), D(2024, 3, 31), D(2023, 5, 1), True, id="q-open-q4-missed"),
        pytest.param("quarter", D(2024, 3, 10), D(2024, 6, 15), D(2023, 5, 1), False, id="q-mid-q2"),
        # Half-year.
        pytest.param("half_year", D(2024, 3, 1), D(2024, 7, 1), D(2024, 2, 1), False, id="h-update-inside"),
        pytest.param("half_year", D(2023, 12, 31), D(2024, 7, 1), D(2023, 2, 1), True, id="h-update-before"),
        pytest.param("half_year", D(2023, 7, 1), D(2024, 6, 30), D(2023, 1, 1), False, id="h-open-checks-h2"),
        pytest.param("half_year", D(2023, 6, 30), D(2024, 6, 30), D(2023, 1, 1), True, id="h-open-h2-missed"),
        pytest.param("half_year", None, D(2024, 6, 30), D(2024, 1, 2), False, id="h-first-half-open"),
        # Year.
        pytest.param("year", None, D(2025, 1, 1), D(2024, 12, 31), True, id="y-assigned-last-day"),
        pytest.param("year", None, D(2024, 12, 31), D(2024, 1, 2), False, id="y-still-open"),
        pytest.param("year", D(2024, 1, 1), D(2025, 6, 1), D(2023, 5, 1), False, id="y-update-first-day"),
        pytest.param("year", D(2023, 12, 31), D(2025, 6, 1), D(2023, 5, 1), True, id="y-update-year-before"),
        # On result: never periodic.
        pytest.param("on_result", None, D(2030, 1, 1), D(2020, 1, 1), False, id="on-result-never"),
    ],
)
def test_cycle_update_missed(cycle, last_update_on, today, assigned_on, expected):
    assert cycle_update_missed(cycle, last_update_on, today, assigned_on) is expected


# --- deadline flag --------------------------------------------------------------


@pytest.mark.parametrize(
    "deadline, done_on, today, soon_days, expected",
    [
        pytest.param(None, None, D(2024, 1, 2), 3, DeadlineStatus("none"), id="no-deadline"),
        pytest.param(None, D(2024, 1, 2), D(2024, 1, 2), 3, DeadlineStatus("none"), id="no-deadline-done"),
        pytest.param(D(2024, 1, 9), D(2024, 1, 9), D(2024, 3, 1), 3, DeadlineStatus("done_on_time"), id="done-on-deadline"),
        pytest.param(D(2024, 1, 9), D(2024, 1, 2), D(2024, 3, 1), 3, DeadlineStatus("done_on_time"), id="done-early"),
        pytest.param(D(2024, 1, 9), D(2024, 1, 16), D(2024, 3, 1), 3, DeadlineStatus("done_late", 1, 7), id="done-late-over-holidays"),
        pytest.param(D(2024, 1, 5), D(2024, 1, 8), D(2024, 3, 1), 3, DeadlineStatus("done_late", 1, 3), id="done-late-over-weekend"),
        pytest.param(D(2024, 1, 5), D(2024, 1, 6), D(2024, 3, 1), 3, DeadlineStatus("done_late", 0, 1), id="done-late-on-saturday"),
        pytest.param(D(2024, 1, 5), None, D(2024, 1, 6), 3, DeadlineStatus("overdue", 0, 1), id="overdue-saturday"),
        pytest.param(D(2024, 1, 5), None, D(2024, 1, 8), 3, DeadlineStatus("overdue", 1, 3), id="overdue-monday"),
        pytest.param(D(2024, 1, 9), None, D(2024, 1, 17), 3, DeadlineStatus("overdue", 2, 8), id="overdue-over-holidays"),
        pytest.param(D(2024, 1, 19), None, D(2024, 1, 22), 3, DeadlineStatus("overdue", 2, 3), id="overdue-over-swap"),
        pytest.param(D(2024, 1, 5), None, D(2024, 1, 5), 3, DeadlineStatus("due_soon"), id="due-today"),
        pytest.param(D(2024, 1, 5), None, D(2024, 1, 2), 3, DeadlineStatus("due_soon"), id="soon-3-working-days"),
        pytest.param(D(2024, 1, 8), None, D(2024, 1, 2), 3, DeadlineStatus("within"), id="within-4-working-days"),
        pytest.param(D(2024, 1, 17), None, D(2024, 1, 9), 3, DeadlineStatus("due_soon"), id="soon-over-holidays"),
        pytest.param(D(2024, 1, 22), None, D(2024, 1, 17), 3, DeadlineStatus("within"), id="within-swap-counts"),
        pytest.param(D(2024, 1, 22), None, D(2024, 1, 17), 4, DeadlineStatus("due_soon"), id="soon-days-4"),
        pytest.param(D(2024, 1, 8), None, D(2024, 1, 5), 0, DeadlineStatus("within"), id="soon-0-tomorrow"),
        pytest.param(D(2024, 1, 5), None, D(2024, 1, 5), 0, DeadlineStatus("due_soon"), id="soon-0-today"),
        # Civil Code art. 148(5): a Sunday deadline ends on Monday, one working day away.
        pytest.param(D(2024, 1, 7), None, D(2024, 1, 6), 0, DeadlineStatus("within"), id="soon-0-sunday-deadline-ends-monday"),
        pytest.param(D(2024, 1, 7), None, D(2024, 1, 8), 0, DeadlineStatus("due_soon"), id="soon-0-sunday-deadline-due-monday"),
    ],
)
def test_deadline_status(deadline, done_on, today, soon_days, expected):
    status = deadline_status(deadline, done_on, today, CAL, soon_days=soon_days)
    assert status == expected
    assert status.value in DEADLINE_STATUSES


def test_deadline_status_default_soon_days_is_3():
    assert deadline_status(D(2024, 1, 5), None, D(2024, 1, 2), CAL).value == "due_soon"
    assert deadline_status(D(2024, 1, 8), None, D(2024, 1, 2), CAL).value == "within"


# --- national reporting split ---------------------------------------------------


@pytest.mark.parametrize(
    "deadline, done_on, as_of, expected",
    [
        pytest.param(None, None, D(2024, 1, 31), "not_done_within", id="no-deadline-not-done"),
        pytest.param(None, D(2024, 1, 5), D(2024, 1, 31), "done_on_time", id="no-deadline-done"),
        pytest.param(None, D(2024, 2, 5), D(2024, 1, 31), "not_done_within", id="no-deadline-done-after-as-of"),
        pytest.param(D(2024, 1, 10), D(2024, 1, 10), D(2024, 1, 31), "done_on_time", id="done-on-deadline"),
        pytest.param(D(2024, 1, 10), D(2024, 1, 11), D(2024, 1, 31), "done_late", id="done-day-after"),
        pytest.param(D(2024, 1, 10), None, D(2024, 1, 10), "not_done_within", id="not-done-on-deadline"),
        pytest.param(D(2024, 1, 10), None, D(2024, 1, 11), "not_done_overdue", id="not-done-day-after"),
        pytest.param(D(2024, 1, 10), D(2024, 1, 12), D(2024, 1, 11), "not_done_overdue", id="done-after-as-of-overdue"),
        pytest.param(D(2024, 1, 10), D(2024, 1, 9), D(2024, 1, 9), "done_on_time", id="done-on-as-of"),
    ],
)
def test_report_bucket(deadline, done_on, as_of, expected):
    assert report_bucket(deadline, done_on, as_of) == expected
