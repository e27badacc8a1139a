"""Lists count their rows only so far past the page they show (issue 10:
a unit's scope holds tens of thousands of tasks): beyond it the screens say
"more than N", the API says ``count_more``, and a page further on counts
further, so that every row stays reachable. ``COUNT_AHEAD`` is made small
here instead of entering 500 tasks."""
import re
from html import unescape

import pytest

from app.extensions import db
from tests.integration.test_lists import listed_ids
from tests.integration.test_tracking_services import new_document, task_in

AHEAD = 3


@pytest.fixture
def eight(app, monkeypatch):
    """Eight transferred tasks led by Sở Tài chính, by id."""
    monkeypatch.setattr("app.filters.COUNT_AHEAD", AHEAD)
    with app.app_context():
        doc = new_document()
        ids = sorted(task_in("transferred", doc).id for _ in range(8))
        db.session.remove()
    return ids


def record_count(page):
    return " ".join(re.sub(r"<[^>]+>", " ", re.search(
        r'class="record-count">(.*?)</span>', page, re.S).group(1)).split())


def list_page(browser, page, psize=2):
    # Newest first (the list's own order).
    response = browser.get(f"/tasks/list/?psize_TaskModelView={psize}&page_TaskModelView={page}")
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("user", ["vanphong", "sotaichinh"])
def test_the_list_says_more_than_and_every_page_stays_reachable(eight, login, T, user):
    browser = login(user)
    first = list_page(browser, 0)
    assert record_count(first) == T("more than %(num)s", num=AHEAD)
    # Each page's pager offers the next one: the whole list is walked.
    seen, page = [], 0
    while True:
        shown = list_page(browser, page)
        seen += listed_ids(shown)
        if not re.search(rf'page_TaskModelView={page + 1}[&"]', shown):
            break
        page += 1
    assert page == 3 and sorted(seen) == eight
    # Near the end the count is exact.
    assert record_count(list_page(browser, 3)) == "8"


def test_a_small_list_counts_exactly(eight, login):
    assert record_count(list_page(login("vanphong"), 0, psize=25)) == "8"


def test_the_api_says_count_more(eight, client, api_token):
    headers = api_token("sotaichinh")

    def page(number):
        response = client.get("/api/v1/task/", headers=headers, query_string={
            "q": f"(page:{number},page_size:2,order_column:id,order_direction:asc)"})
        assert response.status_code == 200
        return response.json

    first = page(0)
    assert (first["count"], first["count_more"]) == (AHEAD + 1, True)
    assert first["ids"] == eight[:2]
    last = page(3)
    assert (last["count"], last["count_more"]) == (8, False)
    assert last["ids"] == eight[6:]
