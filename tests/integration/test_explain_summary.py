"""A task overdue for years (issue 7, item 8): the task page's "how these
dates were reached" counts the days off since the deadline and folds their
list in a <details>, instead of hundreds of lines."""
import re
from datetime import date
from html import unescape

import pytest
from flask_babel import force_locale, gettext

from app.clock import today_vn
from app.rules.workdays import skipped_days
from app.services import calendar as cal_service
from app.services.flags import refresh_flags
from tests.integration.test_tracking_services import new_document, task_data, tracking, who


def T(app, msgid, **params):
    with app.test_request_context(), force_locale("vi"):
        return gettext(msgid, **params)


def _page(web, task_id):
    response = web.get(f"/tasks/show/{task_id}")
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def _split(page):
    """(the page outside any <details>, the texts of the <details>)."""
    folded = re.findall(r"<details\b.*?</details>", page, flags=re.S)
    return re.sub(r"<details\b.*?</details>", "", page, flags=re.S), folded


@pytest.fixture
def calendar(ctx):
    cal_service.seed_calendar(2016, today_vn().year + 1)
    return cal_service.load_calendar()


def test_years_overdue_shows_a_count_and_folds_the_list(app, calendar, login):
    today = today_vn()
    task = tracking.create_task(who("vanphong"), new_document().id,
                                task_data(deadline="2017-06-30"), transfer=True)
    tracking.act(who("sotaichinh"), task.id, "accept", {})
    refresh_flags(today)
    days = skipped_days(date(2017, 6, 30), today, calendar)
    assert len(days) > 60  # years of holidays: what used to be listed line after line

    page = _page(login("vanphong"), task.id)
    visible, folded = _split(page)
    # Outside the fold: the count and the span, not the days themselves.
    assert T(app, "%(num)d day(s)", num=len(days)) in visible
    assert T(app, "from %(first)s to %(last)s", first=days[0][0].strftime("%d/%m/%Y"),
             last=days[-1][0].strftime("%d/%m/%Y")) in visible
    assert visible.count('class="tracking-day-off"') < 10
    # Inside: every day off, once, with its name, by year.
    listed = [d for block in folded for d in re.findall(
        r'class="tracking-day-off">(\d\d/\d\d/\d{4})', block)]
    assert listed == [d.strftime("%d/%m/%Y") for d, _ in days]
    block = next(b for b in folded if "tracking-days-list" in b)
    assert T(app, "Show the %(num)d day(s)", num=len(days)) in block
    for year in range(2017, today.year + 1):
        assert f"<strong>{year}</strong>" in block
    assert days[0][1] in block


def test_a_few_days_off_stay_listed_inline(app, calendar, login):
    """A deadline a few days past crosses few holidays: listed as before."""
    today = today_vn()
    deadline = _working_day_before_holidays(calendar, today)
    task = tracking.create_task(who("vanphong"), new_document(issued_on=deadline.isoformat()).id,
                                task_data(deadline=deadline.isoformat()), transfer=True)
    days = skipped_days(deadline, today, calendar)
    assert 1 <= len(days) <= 5
    visible, folded = _split(_page(login("vanphong"), task.id))
    assert not any("tracking-days-list" in b for b in folded)
    assert all(d.strftime("%d/%m/%Y") in visible for d, _ in days)


def _working_day_before_holidays(calendar, today):
    """The latest day before ``today`` with one to five weekday holidays
    between it and today (there is always one within a year)."""
    off = sorted(d for d in calendar.days_off if d < today)
    return date.fromordinal(off[-1].toordinal() - 1) if off else today
