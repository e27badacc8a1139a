"""The calendar never runs out: the nightly job seeds the coming years, the
official decisions reach a calendar seeded before they shipped, and /health
and the Office inbox warn while the next 12 months are not seeded. Also the
order of the sources: administrator > official decision > holidays package."""
import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import delete

from app.clock import today_vn
from app.extensions import db
from app.jobs.flags import refresh_flags_job
from app.models import CalendarDay
from app.reference.calendar import official_rows, vn_calendar_rows
from app.rules.workdays import add_working_days
from app.services import calendar as service

D = date
TODAY = D(2026, 12, 2)
NEW_YEAR_2026 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def _as_before_the_decisions(first_year, last_year):
    """A calendar seeded by the package alone, as every calendar was before
    the official decisions shipped."""
    service.seed_calendar(first_year, last_year)
    db.session.execute(delete(CalendarDay).where(CalendarDay.source == "official"))
    for day, is_working, name in vn_calendar_rows(first_year, last_year):
        if db.session.get(CalendarDay, day) is None:
            db.session.add(CalendarDay(day=day, is_working=is_working, name=name,
                                       source="holidays"))
    db.session.commit()


def _row(day):
    db.session.expire_all()
    row = db.session.get(CalendarDay, day)
    return None if row is None else (row.is_working, row.source, row.decision_ref)


# --- Seeding ahead --------------------------------------------------------------------


def test_an_empty_calendar_is_seeded_from_2010_to_two_years_ahead(ctx):
    assert service.ensure_seeded(TODAY) is True
    assert service.seeded_years() == set(range(service.FIRST_SEED_YEAR, 2029))
    assert service.ensure_seeded(TODAY) is False  # nothing left to do


def test_the_coming_years_are_added_as_time_goes_by(ctx):
    service.seed_calendar(2010, 2026)
    stamp = service.calendar_version()
    assert service.ensure_seeded(D(2025, 6, 1)) is True  # 2025 + 2: 2027 was missing
    assert 2027 in service.seeded_years() and service.calendar_version() != stamp
    assert 2028 not in service.seeded_years()
    assert service.ensure_seeded(TODAY) is True
    assert max(service.seeded_years()) == 2028
    assert service.ensure_seeded(TODAY) is False


def test_a_hole_in_the_seeded_years_is_filled(ctx):
    service.seed_calendar(2010, 2028)
    db.session.execute(delete(CalendarDay).where(CalendarDay.day >= D(2027, 1, 1),
                                                 CalendarDay.day <= D(2027, 12, 31)))
    db.session.commit()
    assert 2027 not in service.seeded_years()
    assert service.ensure_seeded(TODAY) is True
    assert 2027 in service.seeded_years()


def test_the_nightly_job_seeds_the_coming_years_itself(app):
    with app.app_context():
        year = today_vn().year
        service.seed_calendar(service.FIRST_SEED_YEAR, year - 1)
        assert year not in service.seeded_years()
        summary = refresh_flags_job()
        assert summary["calendar_seeded"] is True
        assert service.seeded_years() >= {year, year + 1, year + 2}
        assert service.calendar_horizon_warning() is None
        assert refresh_flags_job()["calendar_seeded"] is False


def test_official_decisions_reach_a_calendar_seeded_before_they_shipped(ctx):
    _as_before_the_decisions(2010, 2028)
    assert _row(D(2026, 1, 2)) is None  # the package keeps Friday 02/01/2026 working
    assert service.ensure_seeded(TODAY) is True
    assert _row(D(2026, 1, 2)) == (False, "official", NEW_YEAR_2026)
    assert _row(D(2026, 1, 10)) == (True, "official", NEW_YEAR_2026)
    for o in official_rows(2010, 2028):
        assert _row(o.day) == (o.is_working, "official", o.reference)
    assert service.ensure_seeded(TODAY) is False


def test_workdays_add_over_new_year_2026_prints_the_sixth(cli, app):
    """Done-when of the issue, on an empty calendar and on one seeded before
    the decision shipped."""
    result = cli("workdays", "add", "2025-12-31", "2")
    assert (result.exit_code, result.output) == (0, "2026-01-06\n"), result.output
    with app.app_context():
        db.session.execute(delete(CalendarDay))
        db.session.commit()
        _as_before_the_decisions(2010, today_vn().year + 2)
    assert cli("workdays", "add", "2025-12-31", "2").output == "2026-01-06\n"
    assert cli("workdays", "count", "2026-01-09", "2026-01-12").output == "2\n"


# --- Precedence: administrator > official decision > package -------------------------


def test_an_administrator_overrides_an_official_decision_and_reseeding_keeps_it(ctx):
    service.seed_calendar(2025, 2026)
    assert _row(D(2026, 1, 2)) == (False, "official", NEW_YEAR_2026)
    service.set_day(None, D(2026, 1, 2), True, "Làm việc", "15/TB-UBND")
    result = service.seed_calendar(2025, 2026)
    assert result.kept_overrides == 1 and not result.changed
    service.ensure_seeded(TODAY)  # seeds the other years, applies the decisions
    assert _row(D(2026, 1, 2)) == (True, "admin", "15/TB-UBND")
    assert _row(D(2026, 1, 10)) == (True, "official", NEW_YEAR_2026)
    # 02/01 worked again (administrator), 10/01 still the swap Saturday.
    assert add_working_days(D(2025, 12, 31), 2, service.load_calendar()) == D(2026, 1, 5)


def test_restoring_an_official_day_to_the_normal_week_is_an_override(ctx):
    service.seed_calendar(2026, 2026)
    service.remove_day(None, D(2026, 1, 10), "16/TB-UBND")
    assert _row(D(2026, 1, 10)) == (False, "admin", "16/TB-UBND")
    service.seed_calendar(2026, 2026)
    assert _row(D(2026, 1, 10)) == (False, "admin", "16/TB-UBND")


def test_an_official_row_dropped_from_the_file_is_removed_on_reseeding(ctx):
    service.seed_calendar(2026, 2026)
    db.session.add(CalendarDay(day=D(2026, 3, 2), is_working=False, name="Cũ",
                               source="official", decision_ref="1/VPCP"))
    db.session.commit()
    assert service.seed_calendar(2026, 2026).removed == 1
    assert _row(D(2026, 3, 2)) is None


# --- The horizon warning ---------------------------------------------------------------


@pytest.mark.parametrize("years, today, through, warned", [
    ((), TODAY, None, True),
    ((2010, 2026), TODAY, D(2026, 12, 31), True),          # needs up to 02/12/2027
    ((2010, 2027), TODAY, D(2027, 12, 31), False),
    ((2010, 2027), D(2027, 1, 1), D(2027, 12, 31), True),   # 01/01/2028 is needed
    ((2010, 2027), D(2026, 12, 31), D(2027, 12, 31), False),
    ((2028, 2029), TODAY, None, True),                      # today's year not seeded
])
def test_the_warning_says_how_far_the_calendar_goes(ctx, years, today, through, warned):
    if years:
        service.seed_calendar(*years)
    assert service.seeded_through(today) == through
    warning = service.calendar_horizon_warning(today)
    assert (warning is not None) is warned
    if warned:
        assert warning.seeded_through == through
        assert warning.needed_through > today


def test_a_hole_in_the_next_twelve_months_warns(ctx):
    service.seed_calendar(2026, 2026)
    service.seed_calendar(2028, 2028)
    assert service.seeded_through(TODAY) == D(2026, 12, 31)
    assert service.calendar_horizon_warning(TODAY) is not None


def test_health_warns_while_the_calendar_is_short(client, app):
    body = client.get("/health").json
    assert (body["calendar"], body["calendar_seeded_through"]) == ("short", None)
    with app.app_context():
        service.ensure_seeded()
        last = D(today_vn().year + 2, 12, 31)
    response = client.get("/health")
    assert response.status_code == 200
    assert (response.json["calendar"], response.json["calendar_seeded_through"]) == (
        "ok", last.isoformat())


def test_the_office_inbox_warns_and_the_unit_inbox_does_not(app, login):
    office, leader, unit = login("vanphong"), login("lanhdao"), login("sotaichinh")
    marker = 'class="alert alert-warning calendar-horizon-warning"'
    assert marker in office.get("/inbox/office").get_data(as_text=True)
    assert marker in leader.get("/inbox/office").get_data(as_text=True)
    assert marker not in unit.get("/inbox/unit").get_data(as_text=True)
    with app.app_context():
        service.seed_calendar(today_vn().year, today_vn().year)
    short = office.get("/inbox/office").get_data(as_text=True)
    assert marker in short and f"31/12/{today_vn().year}" in short
    with app.app_context():
        service.ensure_seeded()
    assert marker not in office.get("/inbox/office").get_data(as_text=True)


# --- The calendar screen shows each day's source ------------------------------------


def test_the_year_view_shows_each_days_source_and_reference(app, login):
    with app.app_context():
        service.seed_calendar(2026, 2026)
        service.set_day(None, D(2026, 3, 9), False, "Nghỉ riêng", "17/TB-UBND")
    page = login("vanphong").get("/calendar/year/2026")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rows = dict(_source_rows(html))
    assert rows["02/01/2026"] == ("official", NEW_YEAR_2026)
    assert rows["10/01/2026"] == ("official", NEW_YEAR_2026)
    assert rows["27/04/2026"] == ("holidays", "")
    assert rows["09/03/2026"] == ("admin", "17/TB-UBND")
    assert 'title="' in html and NEW_YEAR_2026 in html


def _source_rows(html):
    """(day, (source, decision)) of each row of the year's table of days."""
    for row in re.findall(r'<tr class="cal-source-.*?</tr>', html, re.S):
        source = re.match(r'<tr class="cal-source-(\w+)"', row).group(1)
        cells = [unescape(c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        yield cells[0], (source, cells[-1])


def test_the_list_filters_official_days(app, login):
    with app.app_context():
        service.seed_calendar(2026, 2026)
    page = login("vanphong").get("/calendar/list/?_flt_0_source=official")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "02/01/2026" in html and "10/01/2026" in html and "27/04/2026" not in html

