import re
from datetime import date, datetime

import pytest

from app.reference.calendar import SWAP_NAME, vn_calendar_rows
from app.rules.workdays import Calendar

D = date
ROWS = vn_calendar_rows(2016, 2027)
BY_DAY = {d: (working, name) for d, working, name in ROWS}


def test_rows_are_sorted_unique_and_in_range():
    days = [d for d, _, _ in ROWS]
    assert days == sorted(set(days))
    assert {d.year for d in days} == set(range(2016, 2028))


def test_rows_only_change_the_default_week():
    for day, working, name in ROWS:
        assert working == (day.weekday() >= 5), (day, name)
        assert name
    # So the calendar keeps every row.
    assert len(Calendar.from_rows(ROWS).rows()) == len(ROWS)


def test_swap_saturdays_exposed_by_the_package():
    # holidays 0.109 `weekend_workdays` (VietnamStaticHolidays.special_public_holidays).
    assert {d for d, working, _ in ROWS if working} == {
        D(2019, 1, 5),
        D(2019, 5, 4),
        D(2024, 5, 4),
        D(2025, 4, 26),
        D(2026, 8, 22),
    }


@pytest.mark.parametrize(
    "saturday", [d for d, w, _ in ROWS if w], ids=lambda d: f"swap-{d}"
)
def test_swap_name_points_to_its_day_off(saturday):
    name = BY_DAY[saturday][1]
    assert name.startswith(SWAP_NAME + " (cho ngày nghỉ ")
    day_off = datetime.strptime(re.search(r"\d\d/\d\d/\d{4}", name).group(), "%d/%m/%Y").date()
    working, off_name = BY_DAY[day_off]
    assert not working
    assert saturday.strftime("%d/%m/%Y") in off_name


@pytest.mark.parametrize("year", range(2016, 2028), ids=lambda y: f"tet-{y}")
def test_every_year_has_vietnamese_tet_and_national_day_rows(year):
    names = [name for d, w, name in ROWS if d.year == year and not w]
    assert any("Tết Nguyên Đán" in n for n in names)
    assert any(n.startswith("Tết Dương lịch") for n in names) or D(year, 1, 1).weekday() >= 5
    assert any(n.startswith("Quốc khánh") for n in names)


@pytest.mark.parametrize(
    "day, expected",
    [
        pytest.param(D(2016, 4, 16), None, id="weekend-holiday-left-out"),
        pytest.param(D(2016, 4, 18), (False, "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"), id="observed-day-off"),
        pytest.param(D(2017, 1, 26), (False, "29 Tết"), id="tet-eve-shifted"),
        pytest.param(D(2018, 12, 31), (False, "Ngày nghỉ (thay cho ngày 05/01/2019)"), id="substitute-day-off"),
        pytest.param(D(2019, 1, 5), (True, "Ngày làm việc bù (cho ngày nghỉ 31/12/2018)"), id="swap-saturday"),
        pytest.param(D(2025, 11, 24), None, id="no-culture-day-2025"),
        pytest.param(D(2026, 11, 24), (False, "Ngày Văn hóa Việt Nam"), id="culture-day-2026"),
        pytest.param(D(2027, 11, 24), (False, "Ngày Văn hóa Việt Nam"), id="culture-day-2027"),
        pytest.param(D(2024, 3, 5), None, id="ordinary-day"),
    ],
)
def test_known_rows(day, expected):
    assert BY_DAY.get(day) == expected


@pytest.mark.parametrize(
    "years, present, absent",
    [
        pytest.param((2019, 2019), D(2019, 1, 5), D(2018, 12, 31), id="swap-kept-partner-out-of-range"),
        pytest.param((2018, 2018), D(2018, 12, 31), D(2019, 1, 5), id="day-off-kept-swap-out-of-range"),
    ],
)
def test_year_range_is_respected_across_new_year(years, present, absent):
    rows = vn_calendar_rows(*years)
    days = {d for d, _, _ in rows}
    assert present in days and absent not in days
    assert {d.year for d in days} == {years[0]}
    # The partner outside the range still names the swap.
    assert all(name != SWAP_NAME for _, w, name in rows if w)
