"""Civil Code 2015 art. 148(5): a deadline whose last day is a weekend or a
holiday ends at the end of the next working day; timeliness, due-soon and the
days overdue count from that effective deadline."""
from datetime import date

import pytest

from app.reference.calendar import vn_calendar_rows
from app.rules.timeliness import (DAY_OFF_DEADLINE_MESSAGE, DeadlineStatus,
                                  day_off_deadline_warning, deadline_status, effective_deadline,
                                  report_bucket)
from app.rules.workdays import Calendar, is_working_day, next_working_day

D = date
SEED = Calendar.from_rows(vn_calendar_rows(2016, 2027))
# A hand-made week: Wed 10 - Fri 12/1/2024 and Mon 15 off, Saturday 20 worked.
CAL = Calendar.from_rows([
    (D(2024, 1, 1), False, "Tết Dương lịch"),
    (D(2024, 1, 10), False, "Lễ"),
    (D(2024, 1, 11), False, "Lễ"),
    (D(2024, 1, 12), False, "Lễ"),
    (D(2024, 1, 15), False, "Lễ (nghỉ bù)"),
    (D(2024, 1, 20), True, "Ngày làm việc bù"),
])


@pytest.mark.parametrize("deadline, expected", [
    pytest.param(D(2024, 1, 5), D(2024, 1, 5), id="friday-stays"),
    pytest.param(D(2024, 1, 6), D(2024, 1, 8), id="saturday-to-monday"),
    pytest.param(D(2024, 1, 7), D(2024, 1, 8), id="sunday-to-monday"),
    pytest.param(D(2024, 1, 1), D(2024, 1, 2), id="new-year-monday-to-tuesday"),
    pytest.param(D(2023, 12, 31), D(2024, 1, 2), id="sunday-then-holiday"),
    pytest.param(D(2024, 1, 10), D(2024, 1, 16), id="holidays-weekend-and-substitute"),
    pytest.param(D(2024, 1, 13), D(2024, 1, 16), id="weekend-then-substitute"),
    pytest.param(D(2024, 1, 20), D(2024, 1, 20), id="swap-saturday-is-working"),
    pytest.param(D(2024, 1, 21), D(2024, 1, 22), id="sunday-after-swap-saturday"),
    pytest.param(D(2024, 1, 19), D(2024, 1, 19), id="friday-before-swap"),
])
def test_effective_deadline_on_a_hand_made_calendar(deadline, expected):
    assert effective_deadline(deadline, CAL) == expected
    assert next_working_day(deadline, CAL) == expected
    assert is_working_day(expected, CAL)


@pytest.mark.parametrize("deadline, expected", [
    # 30/4 (Sunday) and 1/5/2017 (Monday), 2/5 the substitute day off.
    pytest.param(D(2017, 4, 30), D(2017, 5, 3), id="2017-30-4-sunday"),
    pytest.param(D(2017, 5, 1), D(2017, 5, 3), id="2017-1-5-monday"),
    pytest.param(D(2017, 5, 2), D(2017, 5, 3), id="2017-substitute-tuesday"),
    pytest.param(D(2017, 4, 29), D(2017, 5, 3), id="2017-saturday-before"),
    pytest.param(D(2017, 4, 28), D(2017, 4, 28), id="2017-friday-before"),
    pytest.param(D(2017, 5, 3), D(2017, 5, 3), id="2017-wednesday-after"),
    # Tết Đinh Dậu: 26/1 - 1/2/2017.
    pytest.param(D(2017, 1, 26), D(2017, 2, 2), id="tet-2017-first-day"),
    pytest.param(D(2017, 1, 28), D(2017, 2, 2), id="tet-2017-new-year-saturday"),
    pytest.param(D(2017, 2, 1), D(2017, 2, 2), id="tet-2017-last-day"),
    pytest.param(D(2017, 1, 25), D(2017, 1, 25), id="tet-2017-eve-working"),
    # Tết Giáp Thìn: 8 - 14/2/2024.
    pytest.param(D(2024, 2, 10), D(2024, 2, 15), id="tet-2024-saturday"),
    pytest.param(D(2024, 2, 14), D(2024, 2, 15), id="tet-2024-last-day"),
    # 31/12/2018 off, Saturday 5/1/2019 worked in exchange.
    pytest.param(D(2018, 12, 29), D(2019, 1, 2), id="2018-year-end-bridge"),
    pytest.param(D(2019, 1, 5), D(2019, 1, 5), id="2019-swap-saturday-worked"),
    pytest.param(D(2019, 1, 6), D(2019, 1, 7), id="2019-sunday-after-swap"),
    # 29/4/2019 off, Saturday 4/5/2019 worked.
    pytest.param(D(2019, 4, 27), D(2019, 5, 2), id="2019-30-4-bridge"),
    pytest.param(D(2019, 5, 4), D(2019, 5, 4), id="2019-swap-saturday-4-5"),
    # 2/9 (National Day).
    pytest.param(D(2023, 9, 2), D(2023, 9, 5), id="2023-national-day"),
])
def test_effective_deadline_on_the_seeded_calendar(deadline, expected):
    assert effective_deadline(deadline, SEED) == expected


def test_no_deadline_has_no_effective_deadline():
    assert effective_deadline(None, SEED) is None


@pytest.mark.parametrize("done_on, today, expected", [
    # The task of the issue: due Sunday 30/4/2017, effective Wednesday 3/5.
    pytest.param(None, D(2017, 5, 1), DeadlineStatus("due_soon"), id="holiday-monday-not-overdue"),
    pytest.param(None, D(2017, 5, 2), DeadlineStatus("due_soon"), id="substitute-day-not-overdue"),
    pytest.param(None, D(2017, 5, 3), DeadlineStatus("due_soon"), id="effective-day-due"),
    pytest.param(None, D(2017, 5, 4), DeadlineStatus("overdue", 1, 1), id="day-after-overdue"),
    pytest.param(None, D(2017, 5, 8), DeadlineStatus("overdue", 3, 5), id="next-monday"),
    pytest.param(None, D(2017, 4, 24), DeadlineStatus("within"), id="a-week-before"),
    pytest.param(None, D(2017, 4, 27), DeadlineStatus("due_soon"), id="thursday-two-days-left"),
    pytest.param(D(2017, 5, 3), D(2017, 6, 1), DeadlineStatus("done_on_time"), id="done-wednesday"),
    pytest.param(D(2017, 5, 1), D(2017, 6, 1), DeadlineStatus("done_on_time"), id="done-holiday"),
    pytest.param(D(2017, 5, 4), D(2017, 6, 1), DeadlineStatus("done_late", 1, 1),
                 id="done-thursday"),
    pytest.param(D(2017, 5, 6), D(2017, 6, 1), DeadlineStatus("done_late", 2, 3),
                 id="done-saturday"),
])
def test_deadline_status_counts_from_the_effective_deadline(done_on, today, expected):
    assert deadline_status(D(2017, 4, 30), done_on, today, SEED, soon_days=3) == expected


def test_working_day_deadline_is_unchanged():
    # Friday 28/4/2017 is a working day: overdue on Saturday, as before.
    assert deadline_status(D(2017, 4, 28), None, D(2017, 4, 29), SEED) == DeadlineStatus(
        "overdue", 0, 1)


@pytest.mark.parametrize("done_on, as_of, expected", [
    pytest.param(None, D(2017, 5, 3), "not_done_within", id="open-on-effective-day"),
    pytest.param(None, D(2017, 5, 4), "not_done_overdue", id="open-after"),
    pytest.param(D(2017, 5, 3), D(2017, 5, 31), "done_on_time", id="done-on-effective-day"),
    pytest.param(D(2017, 5, 4), D(2017, 5, 31), "done_late", id="done-after"),
])
def test_report_bucket_with_the_calendar(done_on, as_of, expected):
    assert report_bucket(D(2017, 4, 30), done_on, as_of, SEED) == expected
    # Without a calendar the deadline given must already be the effective one.
    assert report_bucket(D(2017, 5, 3), done_on, as_of) == expected


def test_a_deadline_on_a_day_off_warns_with_its_effective_day():
    warning = day_off_deadline_warning(D(2017, 4, 30), SEED)
    assert warning.message == DAY_OFF_DEADLINE_MESSAGE
    assert warning.params == {"deadline": D(2017, 4, 30), "effective": D(2017, 5, 3),
                              "field": "deadline"}
    assert day_off_deadline_warning(D(2017, 5, 3), SEED) is None
    assert day_off_deadline_warning(None, SEED) is None
