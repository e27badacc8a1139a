"""The inboxes list their sections a page at a time (issue 10): each section
says how many items it has, its pages reach every one of them exactly once,
in order, and nothing of another unit; a page costs the same statements
however many tasks there are, each read from an index (migration 0010)."""
import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import inspect, select

from app.extensions import db
from app.models import Document, Task, Unit
from app.services import tracking
from app.services.tracking.inbox import (INBOX_LIMIT, UNIT_KEYS, office_inbox_counts,
                                         unit_inbox_counts)
from tests.helpers import text, unit_id, who
from tests.integration.test_scope_perf import _plan, statements

STAMP = datetime(2017, 3, 1)
# (section, lead unit, states, how many): Krông Pắc's own sections past one
# page, with what must never show in its inbox around them.
SECTIONS = {
    "to_accept": ("KRONGPAC", ("transferred",), INBOX_LIMIT * 2 + 3),
    "in_progress": ("KRONGPAC", ("accepted", "in_progress"), INBOX_LIMIT + 5),
    "returned": ("KRONGPAC", ("returned",), 2),
    "done_reported": ("KRONGPAC", ("done_reported",), INBOX_LIMIT),
}
COORDINATED = INBOX_LIMIT * 2 + 1


def _task(doc, lead, state, n, coordinating=()):
    with db.session.no_autoflush:
        return _new_task(doc, lead, state, n, coordinating)


def _new_task(doc, lead, state, n, coordinating):
    # Deadlines out of id order, some repeated, some missing: the order is
    # (deadline, id) as the index holds it.
    deadline = None if n % 7 == 0 else date(2017, 6, 1) + timedelta(days=(n * 5) % 11)
    task = Task(document=doc, content=f"Nhiệm vụ {lead} {state} {n}", kind="other",
                lead_unit_id=unit_id(lead), state=state, has_deadline=deadline is not None,
                deadline=deadline, effective_deadline=deadline, created_at=STAMP,
                changed_at=STAMP, first_update_late=n % 2 == 0, entry_late=n % 3 == 0)
    task.coordinating_units = [db.session.get(Unit, unit_id(code)) for code in coordinating]
    db.session.add(task)
    return task


def _world():
    """{section: [task ids]} of Krông Pắc's inbox, with other units' tasks
    and Krông Pắc's closed and draft ones around them."""
    doc = Document(doc_type="official_letter", number_symbol="77/UBND-TH",
                   number_key="77/ubnd-th", issue_year=2017, summary="Văn bản phân trang",
                   issued_on=date(2017, 3, 1), issuing_authority="chairman",
                   created_at=STAMP, changed_at=STAMP)
    db.session.add(doc)
    expected = {}
    n = 0
    for key, (lead, states, count) in SECTIONS.items():
        expected[key] = []
        for i in range(count):
            n += 1
            expected[key].append(_task(doc, lead, states[i % len(states)], n))
    coordinating_states = ("transferred", "accepted", "in_progress", "done_reported")
    expected["coordinating"] = []
    for i in range(COORDINATED):
        n += 1
        expected["coordinating"].append(_task(doc, "STC", coordinating_states[i % 4], n,
                                              coordinating=("KRONGPAC", "BMT")))
    for state in ("draft", "closed", "cancelled"):
        for _ in range(3):
            n += 1
            _task(doc, "KRONGPAC", state, n)
            n += 1
            _task(doc, "STC", state, n, coordinating=("KRONGPAC",))
    others = []
    for state in ("transferred", "accepted", "in_progress", "returned", "done_reported"):
        for _ in range(INBOX_LIMIT + 1):
            n += 1
            others.append(_task(doc, "BMT", state, n, coordinating=("STC",)))
    db.session.commit()
    return ({key: [task.id for task in tasks] for key, tasks in expected.items()},
            {task.id for task in others})


def _in_order(ids):
    tasks = {task.id: task for task in db.session.scalars(select(Task).where(Task.id.in_(ids)))}
    # A missing deadline comes first on SQLite, last on PostgreSQL.
    missing_first = db.engine.dialect.name == "sqlite"
    return sorted(ids, key=lambda i: ((tasks[i].deadline is None) != missing_first,
                                      tasks[i].deadline or date.min, i))


def test_the_unit_inbox_pages_reach_every_task_once_in_order(ctx):
    expected, others = _world()
    user = who("krongpac")
    counts = unit_inbox_counts(user)
    assert counts == {key: len(ids) for key, ids in expected.items()}
    assert tracking.inbox_counts(user)["to_accept"] == counts["to_accept"]
    for key in UNIT_KEYS:
        seen = []
        pages = -(-counts[key] // INBOX_LIMIT)
        for page in range(1, pages + 1):
            listed = tracking.unit_inbox(user, pages={key: page})[key]
            assert len(listed) == min(INBOX_LIMIT, counts[key] - (page - 1) * INBOX_LIMIT)
            seen += [task.id for task in listed]
        assert seen == _in_order(expected[key]), key
        assert not set(seen) & others
    # All at once, as the tests of the lists ask.
    everything = tracking.unit_inbox(user, limit=None)
    assert {key: len(items) for key, items in everything.items()} == counts


def test_another_unit_sees_only_its_own(ctx):
    expected, others = _world()
    bmt = tracking.unit_inbox(who("buonmathuot"), limit=None)
    ids = {task.id for items in bmt.values() for task in items}
    assert set(expected["coordinating"]) <= ids  # BMT coordinates them too
    assert not ids & {i for key, found in expected.items() if key != "coordinating"
                      for i in found}
    assert unit_inbox_counts(who("vanphong")) == {key: 0 for key in UNIT_KEYS}


def _section(page, key):
    return re.search(rf'<div class="panel panel-default tracking-bucket" id="bucket-{key}">'
                     r"(.*?)(?=<div class=\"panel panel-default tracking-bucket\"|$)",
                     page, re.S).group(1)


def _walk(client, start, key):
    """The task ids of a section over all its pages, following its "next" links."""
    seen, url, pages = [], start, 0
    while url:
        page = text(client.get(url))
        section = _section(page, key)
        seen += [int(i) for i in re.findall(r'<td><a href="/tasks/show/(\d+)"', section)]
        found = re.search(rf'href="([^"]+)" id="next-{key}"', section)
        url = unescape(found.group(1)) if found else None
        pages += 1
        assert pages < 10
    return seen, page


def test_the_unit_inbox_screen_pages_every_section(app, login):
    with app.app_context():
        expected, others = _world()
        expected = {key: _in_order(ids) for key, ids in expected.items()}
    krongpac = login("krongpac")
    first = text(krongpac.get("/inbox/unit"))
    for key, ids in expected.items():
        assert re.search(rf'id="count-{key}">{len(ids)}<', first), key
        seen, last = _walk(krongpac, "/inbox/unit", key)
        assert seen == ids, key
        assert not set(seen) & others
        if len(ids) > INBOX_LIMIT:
            shown = len(ids) - (len(ids) - 1) // INBOX_LIMIT * INBOX_LIMIT
            assert f"{len(ids) - shown + 1}–{len(ids)}" in _section(last, key)
            assert f'id="previous-{key}"' in _section(last, key)
    # Another section's page is kept when one section turns a page.
    page = text(krongpac.get("/inbox/unit?page_to_accept=2&page_coordinating=3"))
    link = unescape(re.search(r'href="([^"]+)" id="previous-coordinating"', page).group(1))
    assert "page_to_accept=2" in link and "page_coordinating=2" in link


# A page past the last shows the last; one that is no page at all is dropped
# (app.web.list_args sends the browser to the URL without it): the first.
# (Both sections have three pages; the coordinated tasks are counted with
# their page, the others before.)
@pytest.mark.parametrize("key", ["to_accept", "coordinating"])
@pytest.mark.parametrize("value, page", [("abc", 1), ("-3", 1), ("0", 1), ("2", 2),
                                         ("99", 3), ("9" * 40, 1), ("1.5", 1), ("", 1)])
def test_a_page_argument_is_kept_within_the_section(app, login, key, value, page):
    with app.app_context():
        expected, _others = _world()
        ids = _in_order(expected[key])
    assert -(-len(ids) // INBOX_LIMIT) == 3
    response = login("krongpac").get("/inbox/unit", query_string={f"page_{key}": value},
                                     follow_redirects=True)
    assert response.status_code == 200
    page_text = text(response)
    assert re.search(rf'id="count-{key}">{len(ids)}<', page_text)
    section = _section(page_text, key)
    shown = [int(i) for i in re.findall(r'<td><a href="/tasks/show/(\d+)"', section)]
    assert shown == ids[(page - 1) * INBOX_LIMIT:page * INBOX_LIMIT]


def test_the_office_inbox_pages_its_sections_too(app, login):
    with app.app_context():
        _world()
        counts = office_inbox_counts(who("vanphong"))
        late = _in_order(list(db.session.scalars(
            select(Task.id).where(Task.first_update_late.is_(True),
                                  Task.state.not_in(("closed", "cancelled"))))))
    assert counts["first_update_late"] == len(late) > INBOX_LIMIT
    office = login("vanphong")
    seen, _last = _walk(office, "/inbox/office", "first_update_late")
    # Listed by the day the first update was due (none in these tasks).
    assert sorted(seen) == sorted(late) and len(seen) == len(set(seen))


def _request_statements(app, client, path):
    client.get(path)
    with app.app_context(), statements() as seen:
        assert client.get(path).status_code == 200
    return [statement for statement, _parameters in seen]


@pytest.mark.parametrize("username, path", [("krongpac", "/inbox/unit"),
                                            ("vanphong", "/inbox/office")])
def test_an_inbox_costs_the_same_statements_with_few_or_many_tasks(app, login, username,
                                                                   path):
    client = login(username)
    few = _request_statements(app, client, path)
    with app.app_context():
        _world()
    many = _request_statements(app, client, path)
    assert len(few) == len(many) <= 15


def test_the_inbox_statements_read_the_indexes_of_0010(app, login):
    """Every statement of the inboxes reads its tasks from an index, and
    those of migration 0010 are the ones read (SQLite's plans; PostgreSQL
    chooses by its statistics)."""
    with app.app_context():
        _world()
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the plans checked are SQLite's")
        plans = []
        for username, call in (("krongpac", tracking.unit_inbox),
                               ("krongpac", unit_inbox_counts),
                               ("vanphong", tracking.office_inbox),
                               ("vanphong", office_inbox_counts)):
            with statements() as seen:
                call(who(username))
            plans += [_plan(statement, parameters) for statement, parameters in seen]
        steps = [step for plan in plans for step in plan]
        for table in ("task", "task_coordinating_unit", "progress_update", "extension_request"):
            assert f"SCAN {table}" not in steps, "\n".join(steps)
        text_of_plans = "\n".join(steps)
        for index in ("ix_task_lead_unit_state_due", "ix_task_coordinated_open",
                      "ix_task_state_due", "ix_task_open_entry_late",
                      "ix_task_open_first_update_late", "ix_task_open_cycle_update_missed"):
            assert index in text_of_plans, index


def test_migration_0010_indexes_exist(ctx):
    found = {index["name"] for index in inspect(db.engine).get_indexes("task")}
    declared = {index.name for index in Task.__table__.indexes}
    wanted = {"ix_task_open_entry_late", "ix_task_open_first_update_late",
              "ix_task_open_cycle_update_missed", "ix_task_coordinated_open"}
    assert wanted <= found and wanted <= declared
    assert "ix_task_lead_unit_state" not in found | declared
    # The expression indexes, which the inspector does not reflect (SQLite).
    if db.engine.dialect.name == "sqlite":
        names = set(db.session.scalars(db.text(
            "SELECT name FROM sqlite_master WHERE type = 'index'")))
        assert {"ix_task_state_due", "ix_task_lead_unit_state_due"} <= names
