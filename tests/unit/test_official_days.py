"""The government's decisions the `holidays` package lacks, shipped as reviewed
data (app/reference/official_days.csv): one test per decision, with the days
and the working-day arithmetic written out by hand from the decision's text,
not read back from the file."""
from datetime import date

import pytest

from app.reference.calendar import (OFFICIAL, OFFICIAL_DAYS_FILE, PACKAGE, load_official_days,
                                    official_rows, seed_rows, vn_calendar_rows)
from app.rules.workdays import Calendar, add_working_days, is_working_day, working_days_between

D = date
OFFICIAL_DAYS = load_official_days()
SEEDED = Calendar.from_rows((d, w, n) for d, w, n, *_ in seed_rows(2023, 2027))
PACKAGE_ONLY = Calendar.from_rows(vn_calendar_rows(2023, 2027))

# reference → (days off, swap working days, [(start, n, end of the nth working day)])
DECISIONS = {
    # 30/4 – 1/5/2024: five days from Sat 27/4 to Wed 1/5; Mon 29/4 worked on Sat 4/5.
    "Công văn 2450/VPCP-KGVX ngày 12/04/2024": (
        [D(2024, 4, 29)], [D(2024, 5, 4)],
        [(D(2024, 4, 26), 1, D(2024, 5, 2)), (D(2024, 5, 3), 1, D(2024, 5, 4))]),
    # Tết Ất Tỵ: nine days from Sat 25/01 to Sun 02/02/2025.
    "Công văn 8726/VPCP-KGVX ngày 26/11/2024": (
        [D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31)], [],
        [(D(2025, 1, 24), 1, D(2025, 2, 3)), (D(2025, 1, 23), 2, D(2025, 2, 3))]),
    # Tết Dương lịch 2026: Thu 01/01 to Sun 04/01; Fri 02/01 worked on Sat 10/01.
    "Công văn 12729/VPCP-KGVX ngày 25/12/2025": (
        [D(2026, 1, 2)], [D(2026, 1, 10)],
        [(D(2025, 12, 31), 2, D(2026, 1, 6)), (D(2026, 1, 9), 1, D(2026, 1, 10)),
         (D(2025, 12, 31), 1, D(2026, 1, 5))]),
    # Tết Bính Ngọ: Mon 16/02 (29 tháng Chạp) to Fri 20/02/2026, nine days with the weekends.
    "Thông báo 9441/TB-BNV ngày 16/10/2025": (
        [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)], [],
        [(D(2026, 2, 13), 1, D(2026, 2, 23)), (D(2026, 2, 12), 3, D(2026, 2, 24))]),
}


def test_every_decision_in_the_file_has_its_own_test():
    assert {o.reference for o in OFFICIAL_DAYS} == set(DECISIONS)


@pytest.mark.parametrize("reference", sorted(DECISIONS))
def test_the_decision_is_applied_on_top_of_the_package(reference):
    days_off, worked, sums = DECISIONS[reference]
    rows = {o.day: o for o in OFFICIAL_DAYS if o.reference == reference}
    assert set(rows) == set(days_off) | set(worked)
    for day in days_off:
        assert not rows[day].is_working and not is_working_day(day, SEEDED), day
    for day in worked:
        assert rows[day].is_working and is_working_day(day, SEEDED), day
        assert day.weekday() >= 5  # a swap working day is a weekend day
    for start, n, end in sums:
        assert add_working_days(start, n, SEEDED) == end, (start, n)
        assert working_days_between(start, end, SEEDED) == n, (start, end)


def test_new_year_2026_is_what_the_package_lacks():
    """The issue's example: the package keeps Friday 02/01/2026 working and
    Saturday 10/01/2026 off; the decision swaps them."""
    assert is_working_day(D(2026, 1, 2), PACKAGE_ONLY)
    assert not is_working_day(D(2026, 1, 10), PACKAGE_ONLY)
    assert add_working_days(D(2025, 12, 31), 2, PACKAGE_ONLY) == D(2026, 1, 5)
    assert add_working_days(D(2025, 12, 31), 2, SEEDED) == D(2026, 1, 6)


def test_seed_rows_put_the_decisions_over_the_package_with_their_reference():
    rows = {d: (w, n, s, r) for d, w, n, s, r in seed_rows(2024, 2026)}
    for o in official_rows(2024, 2026):
        assert rows[o.day] == (o.is_working, o.name, OFFICIAL, o.reference)
    package = {d for d, *_ in vn_calendar_rows(2024, 2026)}
    assert {d for d, (_, _, s, _) in rows.items() if s == PACKAGE} == \
        package - {o.day for o in OFFICIAL_DAYS}
    assert official_rows(2017, 2017) == [] and seed_rows(2017, 2017) == [
        (d, w, n, PACKAGE, None) for d, w, n in vn_calendar_rows(2017, 2017)]


def test_the_file_is_reviewed_data_with_a_public_source_per_row():
    assert OFFICIAL_DAYS and list(OFFICIAL_DAYS) == sorted(OFFICIAL_DAYS, key=lambda o: o.day)
    for o in OFFICIAL_DAYS:
        assert o.name and o.reference and len(o.name) <= 255 and len(o.reference) <= 255
        assert o.public_source.startswith("https://"), o


@pytest.mark.parametrize("body, problem", [
    ("day,working,name,reference,public_source\n2026-01-32,0,x,y,\n", "malformed"),
    ("day,working,name,reference,public_source\n2026-01-02,yes,x,y,\n", "malformed"),
    ("day,working,name,reference,public_source\n2026-01-02,0,,y,\n", "a name and a reference"),
    ("day,working,name,reference,public_source\n2026-01-02,0,x,y,\n2026-01-02,1,x,y,\n",
     "listed twice"),
    ("day,working,name\n2026-01-02,0,x\n", "malformed"),
])
def test_a_malformed_file_is_refused_naming_the_problem(tmp_path, body, problem):
    path = tmp_path / "days.csv"
    path.write_text("# comment\n" + body, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_official_days(str(path))


def test_the_shipped_file_path_exists():
    assert load_official_days(OFFICIAL_DAYS_FILE) == OFFICIAL_DAYS
