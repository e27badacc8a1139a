"""The Art. 7 flags where the Office works, on the demo year: filters and a
column of the task list, sections of the Office inbox, read-only fields of
``/api/v1/task/`` filterable with ``eq`` — and the list and the API agree."""
import re
from html import unescape

import prison
import pytest
from sqlalchemy import select

from app.clock import today_vn
from app.demo.tracking import seed_demo_tracking
from app.extensions import db
from app.models import AppUser, Task
from app.rules.badges import ART7_FLAGS
from app.scope import scoped_select
from app.services.flags import refresh_flags
from app.services.tracking.inbox import INBOX_LIMIT, OPEN_STATES

BIG_PAGE = 500


@pytest.fixture
def demo(app):
    with app.app_context():
        assert seed_demo_tracking() > 0
        refresh_flags(today_vn())
        db.session.remove()


def text(response):
    assert response.status_code == 200, response.status_code
    return unescape(response.get_data(as_text=True))


def list_ids(client, query):
    page = text(client.get(f"/tasks/list/?psize_TaskModelView={BIG_PAGE}&{query}"))
    ids = sorted({int(i) for i in re.findall(r'href="/tasks/show/(\d+)', page)})
    count = int(re.search(r'class="record-count">(\d+)<', page).group(1))
    assert count == len(ids)
    return ids


def api_ids(client, headers, flag, value=True):
    q = prison.dumps({"filters": [{"col": flag, "opr": "eq", "value": value}],
                      "page_size": BIG_PAGE})
    response = client.get("/api/v1/task/", query_string={"q": q}, headers=headers)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["count"] == len(body["ids"])
    assert all(row[flag] is value for row in body["result"])
    return sorted(body["ids"])


def scoped_ids(app, username, flag, value=True):
    """What the flag filter must answer: the tasks the user may see with the flag so."""
    with app.app_context():
        user = db.session.scalar(select(AppUser).where(AppUser.username == username))
        stmt = scoped_select(Task, user).where(getattr(Task, flag).is_(value))
        ids = sorted(task.id for task in db.session.scalars(stmt))
        db.session.remove()
    return ids


@pytest.mark.parametrize("flag", ART7_FLAGS)
def test_the_task_list_and_the_api_answer_the_same_tasks(demo, app, client, login, api_token,
                                                          flag):
    office, clerk = login("vanphong"), login("sotaichinh")
    office_ids = list_ids(office, f"_flt_0_{flag}=1")
    assert office_ids == api_ids(client, api_token("vanphong"), flag)
    assert office_ids == scoped_ids(app, "vanphong", flag)
    assert office_ids, f"the demo year has no task with {flag}"
    # "No" is the rest of the tasks.
    everything = list_ids(office, "")
    assert list_ids(office, f"_flt_0_{flag}=0") == sorted(set(everything) - set(office_ids))
    assert api_ids(client, api_token("vanphong"), flag, False) == \
        sorted(set(everything) - set(office_ids))
    # A unit clerk gets the same answer from both, and only tasks of its scope.
    clerk_ids = list_ids(clerk, f"_flt_0_{flag}=1")
    assert clerk_ids == api_ids(client, api_token("sotaichinh"), flag)
    assert clerk_ids == scoped_ids(app, "sotaichinh", flag)
    assert set(clerk_ids) < set(office_ids)


def test_the_issue_s_call(demo, client, login, api_token):
    q = "(filters:!((col:first_update_late,opr:eq,value:!t)),page_size:500)"
    response = client.get("/api/v1/task/", query_string={"q": q},
                          headers=api_token("vanphong"))
    assert response.status_code == 200
    assert sorted(response.json["ids"]) == list_ids(login("vanphong"),
                                                    "_flt_0_first_update_late=1")


def test_the_flags_are_a_column_of_the_list(demo, app, login, T):
    page = text(login("vanphong").get(f"/tasks/list/?psize_TaskModelView={BIG_PAGE}"))
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert T("Art. 7 warnings") in header
    with app.app_context():
        late = db.session.scalar(select(Task).where(Task.first_update_late.is_(True),
                                                    Task.entry_late.is_(False)))
        quiet = db.session.scalar(select(Task).where(
            Task.first_update_late.is_(False), Task.entry_late.is_(False),
            Task.cycle_update_missed.is_(False)))
        late, quiet = late.id, quiet.id
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        found = re.search(r'href="/tasks/show/(\d+)', row)
        if found:
            rows[int(found.group(1))] = row
    assert T("First update late") in rows[late]
    assert T("First update late (Art. 7.2a)") in rows[late]  # its title names the article
    assert T("Entered late") not in rows[late]
    assert all(T(words) not in rows[quiet] for words in
               ("Entered late", "First update late", "Periodic update missed"))


def test_the_office_inbox_has_a_capped_section_per_flag(demo, app, login, T):
    office = login("vanphong")
    page = text(office.get("/inbox/office"))
    with app.app_context():
        expected = {flag: db.session.scalar(
            select(db.func.count()).select_from(Task).where(
                getattr(Task, flag).is_(True), Task.state.in_(OPEN_STATES)))
            for flag in ART7_FLAGS}
    for flag, label in (("entry_late", "Entered late (Art. 7.1)"),
                        ("first_update_late", "First update late (Art. 7.2a)"),
                        ("cycle_update_missed", "Periodic update missed (Art. 7.2b)")):
        section = re.search(rf'<div class="panel panel-default tracking-bucket" id="bucket-{flag}">'
                            r"(.*?)(?=<div class=\"panel panel-default tracking-bucket\"|$)",
                            page, re.S).group(1)
        assert T(label) in section
        assert re.search(rf'id="count-{flag}">{expected[flag]}<', page)
        shown = set(re.findall(r'<td><a href="/tasks/show/(\d+)"', section))
        assert len(shown) == min(expected[flag], INBOX_LIMIT)
        # "See all" opens the task list filtered the same way, with the same count.
        link = unescape(re.search(rf'href="([^"]+)" id="see-all-{flag}"', section).group(1))
        assert len(list_ids(office, link.split("?", 1)[1])) == expected[flag]
    assert max(expected.values()) > INBOX_LIMIT, "the demo should fill one section past the cap"


def test_the_flags_are_read_only_in_the_api(demo, app, client, api_token):
    headers = api_token("vanphong")
    listed = client.get("/api/v1/task/", headers=headers, query_string={"q": prison.dumps(
        {"filters": [{"col": "state", "opr": "eq", "value": "transferred"},
                     {"col": "first_update_late", "opr": "eq", "value": True}]})}).json
    task = listed["result"][0]
    task_id = listed["ids"][0]
    assert task["first_update_late"] is True
    # PUT: what GET answered, flags flipped, is accepted and the flags ignored.
    body = dict(task)
    body.update({"entry_late": not task["entry_late"], "first_update_late": False,
                 "cycle_update_missed": not task["cycle_update_missed"]})
    response = client.put(f"/api/v1/task/{task_id}", json=body, headers=headers)
    assert response.status_code == 200, response.json
    for flag in ART7_FLAGS:
        assert response.json["result"][flag] is task[flag], flag
    with app.app_context():
        assert db.session.get(Task, task_id).first_update_late is True
    # POST: refused like any field the API does not take.
    new = {"document_id": task["document_id"], "content": "Nhiệm vụ mới",
           "lead_unit_id": task["lead_unit_id"], "has_deadline": True,
           "deadline": "2030-06-30", "first_update_late": True}
    response = client.post("/api/v1/task/", json=new, headers=headers)
    assert response.status_code == 400
    assert response.json["field"] == "first_update_late"
    with app.app_context():
        assert db.session.scalar(select(Task).where(Task.content == "Nhiệm vụ mới")) is None


@pytest.mark.parametrize("value", ["'abc'", "1", "!n"])
def test_odd_flag_values_in_the_api_answer_a_list(demo, client, api_token, value):
    q = f"(filters:!((col:entry_late,opr:eq,value:{value})))"
    response = client.get("/api/v1/task/", query_string={"q": q},
                          headers=api_token("vanphong"))
    assert response.status_code in (200, 400), response.status_code
