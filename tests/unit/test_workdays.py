from datetime import date, timedelta

import pytest

from app.reference.calendar import vn_calendar_rows
from app.rules.workdays import (
    Calendar,
    add_working_days,
    explain_add,
    is_working_day,
    skipped_days,
    worked_weekend_days,
    working_days_between,
)

D = date

# January 2024 starts on a Monday. New Year's Day off, a Wed-Fri holiday block
# with a substitute Monday after its weekend, a swap Saturday, plus two rows
# that restate the default and must be ignored.
HOLIDAY = "Lễ thử"
SUBSTITUTE = "Lễ thử (nghỉ bù)"
SWAP = "Ngày làm việc bù"
SMALL_ROWS = [
    (D(2024, 1, 1), False, "Tết Dương lịch"),
    (D(2024, 1, 6), False, "no-op: Saturday off"),
    (D(2024, 1, 8), True, "no-op: Monday worked"),
    (D(2024, 1, 10), False, HOLIDAY),
    (D(2024, 1, 11), False, HOLIDAY),
    (D(2024, 1, 12), False, HOLIDAY),
    (D(2024, 1, 15), False, SUBSTITUTE),
    (D(2024, 1, 20), True, SWAP),
]
SMALL = Calendar.from_rows(SMALL_ROWS)
EMPTY = Calendar()


# Oracle: a plain row lookup and day-by-day loops, independent of the
# weekday arithmetic and bisection used by the module.
def oracle_working(day, rows):
    flags = {d: working for d, working, _ in rows}
    return flags.get(day, day.weekday() < 5)


def oracle_add(day, n, rows):
    while n:
        day += timedelta(days=1)
        n -= oracle_working(day, rows)
    return day


def oracle_between(a, b, rows):
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    return sign * sum(oracle_working(a + timedelta(days=i), rows) for i in range(1, (b - a).days + 1))


# --- hand-made calendar --------------------------------------------------------


def test_from_rows_ignores_rows_that_restate_the_default():
    assert dict(SMALL.days_off) == {
        D(2024, 1, 1): "Tết Dương lịch",
        D(2024, 1, 10): HOLIDAY,
        D(2024, 1, 11): HOLIDAY,
        D(2024, 1, 12): HOLIDAY,
        D(2024, 1, 15): SUBSTITUTE,
    }
    assert dict(SMALL.extra_working_days) == {D(2024, 1, 20): SWAP}


def test_direct_construction_drops_no_op_entries():
    cal = Calendar(days_off={D(2024, 1, 6): "Sat"}, extra_working_days={D(2024, 1, 8): "Mon"})
    assert dict(cal.days_off) == {} and dict(cal.extra_working_days) == {}


def test_rows_round_trip():
    assert Calendar.from_rows(SMALL.rows()) == SMALL
    assert len(SMALL.rows()) == len(SMALL_ROWS) - 2


@pytest.mark.parametrize(
    "day, expected",
    [
        pytest.param(D(2024, 1, 2), True, id="plain-tuesday"),
        pytest.param(D(2024, 1, 6), False, id="saturday"),
        pytest.param(D(2024, 1, 7), False, id="sunday"),
        pytest.param(D(2024, 1, 1), False, id="new-year-monday"),
        pytest.param(D(2024, 1, 8), True, id="monday-with-no-op-row"),
        pytest.param(D(2024, 1, 10), False, id="holiday"),
        pytest.param(D(2024, 1, 15), False, id="substitute-monday"),
        pytest.param(D(2024, 1, 20), True, id="swap-saturday"),
        pytest.param(D(2024, 1, 21), False, id="sunday-after-swap-saturday"),
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day, SMALL) is expected


@pytest.mark.parametrize(
    "start, n, expected",
    [
        pytest.param(D(2024, 1, 2), 0, D(2024, 1, 2), id="n0-same-day"),
        pytest.param(D(2024, 1, 6), 0, D(2024, 1, 6), id="n0-on-saturday-stays"),
        pytest.param(D(2024, 1, 2), 1, D(2024, 1, 3), id="next-day"),
        pytest.param(D(2024, 1, 4), 1, D(2024, 1, 5), id="thursday-to-friday"),
        pytest.param(D(2024, 1, 5), 1, D(2024, 1, 8), id="friday-over-weekend"),
        pytest.param(D(2024, 1, 6), 1, D(2024, 1, 8), id="start-on-saturday"),
        pytest.param(D(2024, 1, 5), 2, D(2024, 1, 9), id="friday-plus-2"),
        pytest.param(D(2024, 1, 9), 1, D(2024, 1, 16), id="over-holiday-block-and-substitute"),
        pytest.param(D(2024, 1, 10), 1, D(2024, 1, 16), id="start-inside-holiday-block"),
        pytest.param(D(2024, 1, 19), 1, D(2024, 1, 20), id="lands-on-swap-saturday"),
        pytest.param(D(2024, 1, 19), 2, D(2024, 1, 22), id="through-swap-saturday"),
        pytest.param(D(2023, 12, 29), 1, D(2024, 1, 2), id="crossing-year-over-new-year"),
        pytest.param(D(2023, 12, 29), 10, D(2024, 1, 19), id="crossing-year-and-holidays"),
        pytest.param(D(2023, 12, 29), 11, D(2024, 1, 20), id="crossing-year-to-swap"),
        pytest.param(D(2024, 2, 5), 260, D(2025, 2, 3), id="n260-is-52-weeks"),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n, SMALL) == expected


def test_add_working_days_rejects_negative_n():
    with pytest.raises(ValueError):
        add_working_days(D(2024, 1, 2), -1, SMALL)


@pytest.mark.parametrize("weeks", [1, 100, 20_000], ids=lambda w: f"{w}-weeks")
def test_add_working_days_large_n_without_exceptions(weeks):
    monday = D(2001, 1, 1)
    assert add_working_days(monday, 5 * weeks, EMPTY) == monday + timedelta(weeks=weeks)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        pytest.param(D(2024, 1, 2), D(2024, 1, 2), 0, id="same-day"),
        pytest.param(D(2024, 1, 2), D(2024, 1, 3), 1, id="next-day"),
        pytest.param(D(2024, 1, 5), D(2024, 1, 8), 1, id="friday-to-monday"),
        pytest.param(D(2024, 1, 6), D(2024, 1, 7), 0, id="weekend-only"),
        pytest.param(D(2024, 1, 9), D(2024, 1, 16), 1, id="over-holiday-block"),
        pytest.param(D(2024, 1, 8), D(2024, 1, 22), 7, id="holidays-and-swap"),
        pytest.param(D(2023, 12, 29), D(2024, 1, 5), 4, id="crossing-year"),
        pytest.param(D(2024, 1, 22), D(2024, 1, 8), -7, id="backward-holidays-and-swap"),
        pytest.param(D(2024, 1, 8), D(2024, 1, 5), -1, id="backward-monday-to-friday"),
        pytest.param(D(2024, 1, 7), D(2024, 1, 6), 0, id="backward-weekend-only"),
    ],
)
def test_working_days_between(a, b, expected):
    assert working_days_between(a, b, SMALL) == expected


@pytest.mark.parametrize("n", range(0, 16), ids=lambda n: f"n{n}")
def test_small_calendar_matches_oracle(n):
    starts = [D(2023, 12, 20) + timedelta(days=i) for i in range(50)]
    for start in starts:
        assert add_working_days(start, n, SMALL) == oracle_add(start, n, SMALL_ROWS), start
        end = start + timedelta(days=n * 2 - 15)
        assert working_days_between(start, end, SMALL) == oracle_between(start, end, SMALL_ROWS)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        pytest.param(
            D(2024, 1, 9),
            D(2024, 1, 16),
            [(D(2024, 1, d), HOLIDAY) for d in (10, 11, 12)] + [(D(2024, 1, 15), SUBSTITUTE)],
            id="holiday-block",
        ),
        pytest.param(
            D(2024, 1, 10),
            D(2024, 1, 16),
            [(D(2024, 1, d), HOLIDAY) for d in (11, 12)] + [(D(2024, 1, 15), SUBSTITUTE)],
            id="start-day-excluded",
        ),
        pytest.param(
            D(2024, 1, 9), D(2024, 1, 11), [(D(2024, 1, d), HOLIDAY) for d in (10, 11)], id="end-day-included"
        ),
        pytest.param(
            D(2024, 1, 16),
            D(2024, 1, 9),
            [(D(2024, 1, d), HOLIDAY) for d in (10, 11, 12)] + [(D(2024, 1, 15), SUBSTITUTE)],
            id="backward",
        ),
        pytest.param(D(2024, 1, 16), D(2024, 1, 22), [], id="none-named-swap-is-not-skipped"),
    ],
)
def test_skipped_days(a, b, expected):
    assert skipped_days(a, b, SMALL) == expected


def test_worked_weekend_days():
    assert worked_weekend_days(D(2024, 1, 19), D(2024, 1, 22), SMALL) == [(D(2024, 1, 20), SWAP)]
    assert worked_weekend_days(D(2024, 1, 20), D(2024, 1, 22), SMALL) == []


@pytest.mark.parametrize(
    "start, n, result, skipped, worked",
    [
        pytest.param(
            D(2024, 1, 9),
            1,
            D(2024, 1, 16),
            ((D(2024, 1, 10), HOLIDAY), (D(2024, 1, 11), HOLIDAY), (D(2024, 1, 12), HOLIDAY), (D(2024, 1, 15), SUBSTITUTE)),
            (),
            id="holiday-block",
        ),
        pytest.param(D(2024, 1, 18), 2, D(2024, 1, 20), (), ((D(2024, 1, 20), SWAP),), id="swap-saturday"),
        pytest.param(D(2024, 1, 6), 0, D(2024, 1, 6), (), (), id="n0"),
    ],
)
def test_explain_add(start, n, result, skipped, worked):
    explanation = explain_add(start, n, SMALL)
    assert (explanation.start, explanation.n, explanation.result) == (start, n, result)
    assert explanation.skipped == skipped
    assert explanation.worked_weekend_days == worked
    assert explanation.calendar_days == (result - start).days


# --- seeded calendar 2016-2027 -------------------------------------------------

SEED_ROWS = vn_calendar_rows(2016, 2027)
SEED = Calendar.from_rows(SEED_ROWS)
YEARS = range(2016, 2028)


def is_tet(name):
    return "Tết Nguyên Đán" in name or name.startswith("29 Tết")


def is_substitute(name):
    return "(nghỉ bù)" in name or name.startswith("Ngày nghỉ (thay cho")


def seeded_working(day):
    return oracle_working(day, SEED_ROWS)


def previous_working(day):
    day -= timedelta(days=1)
    while not seeded_working(day):
        day -= timedelta(days=1)
    return day


def next_working(day):
    day += timedelta(days=1)
    while not seeded_working(day):
        day += timedelta(days=1)
    return day


def weekdays_in(a, b):
    return sum((a + timedelta(days=i)).weekday() < 5 for i in range(1, (b - a).days + 1))


def test_hand_checked_tet_2017():
    # Fri 20/1/2017 + 10: 23, 24, 25 Jan, then Tết (26/1-1/2), then 2, 3, 6, 7, 8, 9, 10 Feb.
    assert add_working_days(D(2017, 1, 20), 10, SEED) == D(2017, 2, 10)


@pytest.mark.parametrize("year", YEARS, ids=lambda y: f"tet-{y}")
def test_tet_block_is_skipped(year):
    tet = sorted((d, name) for d, working, name in SEED_ROWS if not working and d.year == year and is_tet(name))
    assert len(tet) >= 3
    first, last = tet[0][0], tet[-1][0]
    tet_days = {d for d, _ in tet}
    # The block is contiguous apart from weekends.
    for i in range((last - first).days + 1):
        day = first + timedelta(days=i)
        assert day in tet_days or day.weekday() >= 5, day
    before = previous_working(first)
    after = last + timedelta(days=1)
    while after.weekday() >= 5 or after in {d for d, _, _ in SEED_ROWS}:
        after += timedelta(days=1)

    assert add_working_days(before, 1, SEED) == after
    assert working_days_between(before, after, SEED) == weekdays_in(before, after) - len(tet) == 1
    assert working_days_between(after, before, SEED) == -1
    assert skipped_days(before, after, SEED) == tet
    assert all(not is_working_day(d, SEED) for d in tet_days)


SUBSTITUTES = [(d, name) for d, working, name in SEED_ROWS if not working and is_substitute(name)]


@pytest.mark.parametrize("day, name", SUBSTITUTES, ids=[f"day-off-{d}" for d, _ in SUBSTITUTES])
def test_substitute_day_off_is_skipped(day, name):
    assert not is_working_day(day, SEED)
    before, after = previous_working(day), next_working(day)
    assert add_working_days(before, 1, SEED) == after
    assert working_days_between(before, after, SEED) == 1
    assert (day, name) in skipped_days(before, after, SEED)


SWAPS = [d for d, working, _ in SEED_ROWS if working]


@pytest.mark.parametrize("saturday", SWAPS, ids=[f"swap-{d}" for d in SWAPS])
def test_swap_saturday_counts(saturday):
    assert saturday.weekday() == 5
    assert is_working_day(saturday, SEED)
    assert add_working_days(saturday - timedelta(days=1), 1, SEED) == saturday
    assert working_days_between(saturday - timedelta(days=1), saturday + timedelta(days=1), SEED) == 1
    # Without its row the same Saturday is an ordinary day off.
    assert not is_working_day(saturday, SEED.with_rows([(saturday, False, "override")]))


def test_seed_has_swap_saturdays():
    assert SWAPS, "the package exposes no swap Saturday for 2016-2027"


@pytest.mark.parametrize("year", YEARS, ids=lambda y: f"oracle-{y}")
def test_seeded_year_matches_oracle(year):
    start = D(year, 1, 1)
    for i in range(0, 366, 2):
        day = start + timedelta(days=i)
        for n in (0, 1, 2, 3, 5, 10, 22):
            assert add_working_days(day, n, SEED) == oracle_add(day, n, SEED_ROWS), (day, n)
        for span in (-40, 7, 45):
            end = day + timedelta(days=span)
            assert working_days_between(day, end, SEED) == oracle_between(day, end, SEED_ROWS), (day, span)


# --- administrator overrides ----------------------------------------------------


@pytest.mark.parametrize(
    "override, start, n, expected",
    [
        pytest.param([], D(2017, 1, 20), 10, D(2017, 2, 10), id="seed-baseline"),
        pytest.param([(D(2017, 2, 3), False, "Nghỉ thêm")], D(2017, 1, 20), 10, D(2017, 2, 13), id="extra-day-off"),
        pytest.param([(D(2017, 1, 26), True, "Đi làm")], D(2017, 1, 20), 10, D(2017, 2, 9), id="holiday-made-working"),
        pytest.param([(D(2017, 2, 4), True, "Làm bù")], D(2017, 1, 20), 10, D(2017, 2, 9), id="new-swap-saturday"),
        pytest.param([], D(2019, 5, 3), 1, D(2019, 5, 4), id="seed-swap-2019"),
        pytest.param([(D(2019, 5, 4), False, "Hủy làm bù")], D(2019, 5, 3), 1, D(2019, 5, 6), id="swap-cancelled"),
        pytest.param([], D(2026, 11, 23), 1, D(2026, 11, 25), id="seed-culture-day-2026"),
        pytest.param(
            [(D(2026, 11, 24), True, "Không nghỉ")], D(2026, 11, 23), 1, D(2026, 11, 24), id="culture-day-removed"
        ),
        pytest.param([(D(2030, 1, 2), False, "Nghỉ")], D(2030, 1, 1), 1, D(2030, 1, 3), id="day-off-beyond-seed"),
    ],
)
def test_overrides(override, start, n, expected):
    cal = SEED.with_rows(override)
    assert add_working_days(start, n, cal) == expected


def test_override_via_from_rows_later_row_wins():
    cal = Calendar.from_rows(SEED_ROWS + [(D(2017, 1, 26), True, "Đi làm")])
    assert is_working_day(D(2017, 1, 26), cal)
    assert D(2017, 1, 26) not in cal.days_off
    assert not is_working_day(D(2017, 1, 26), SEED)
