"""Menu badges count so far and then say "99+" (issue 10: the Office's done
reports number thousands at province scale, and the badges are on every
page). ``at_most`` is made small here instead of entering 100 tasks."""
import re

import pytest

from app.extensions import db
from app.services import tracking
from tests.helpers import who
from tests.integration.test_tracking_services import new_document, task_in


@pytest.fixture
def three_returned(app):
    with app.app_context():
        doc = new_document()
        for _ in range(3):
            task_in("returned", doc)
        db.session.remove()


def test_counts_stop_past_at_most(ctx, three_returned):
    assert tracking.inbox_counts(who("vanphong"))["office_returned"] == 3
    assert tracking.inbox_counts(who("vanphong"), at_most=1)["office_returned"] == 2
    assert tracking.inbox_counts(who("vanphong"), at_most=5)["office_returned"] == 3


def test_the_badge_says_more_than(three_returned, login, monkeypatch, T):
    monkeypatch.setattr("app.screens.badges.BADGE_MAX", 1)
    monkeypatch.setattr("app.views.BADGE_MAX", 1)
    page = login("vanphong").get("/").get_data(as_text=True)
    badges = re.findall(r'<span class="badge tracking-menu-badge"[^>]*title="([^"]*)">([^<]*)<',
                        page)
    assert badges and all(count == "1+" for _title, count in badges), badges
    assert T("Waiting: more than %(num)d", num=1) in {title for title, _ in badges}
