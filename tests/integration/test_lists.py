"""Lists people can read: badges that agree with the state, "Is" / "Is one of"
filters on enumerations with their labels as choices, a title and a heading
per page, the pages under the list too, buttons that say what they do."""
import json
import re
from html import unescape

import pytest

from app.extensions import db
from app.models import Document, Task, Unit
from app.rules import enums
from tests.integration.test_tracking_services import new_document, task_in, unit_id

STATES = ("draft", "transferred", "returned", "accepted", "in_progress", "done_reported",
          "closed", "cancelled")


def text(response):
    assert response.status_code == 200, response.status_code
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def tasks(app):
    """A task (deadline 30/06/2017, lead Sở Tài chính) in every state, by state."""
    with app.app_context():
        doc = new_document()
        made = {state: task_in(state, doc).id for state in STATES}
        db.session.remove()
    return made


def row_of(page, task_id):
    """The list row of task ``task_id``: its cells' text, tags stripped."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        if f"/tasks/show/{task_id}?" in row or f'/tasks/show/{task_id}"' in row:
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]
    raise AssertionError(f"task {task_id} is not listed")


def listed_ids(page):
    return sorted({int(i) for i in re.findall(r'href="/tasks/show/(\d+)', page)})


# --- Badges -------------------------------------------------------------------------------


def test_every_row_of_the_task_list_agrees_with_its_state(tasks, login, T):
    page = text(login("vanphong").get("/tasks/list/?psize_TaskModelView=100"))
    labels = {"state": T("State"), "timeliness": T("Timeliness")}
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert labels["state"] in header and labels["timeliness"] in header
    in_progress, no_deadline = T("In progress"), T("No deadline")
    for state, task_id in tasks.items():
        cells = " | ".join(row_of(page, task_id))
        assert T(enums.STATE_LABELS[state]) in cells, state
        # Never the same words twice, never "no deadline" for a task that has one.
        assert cells.count(in_progress) <= 1, (state, cells)
        assert no_deadline not in cells, (state, cells)
    cancelled = " | ".join(row_of(page, tasks["cancelled"]))
    assert in_progress not in cancelled and T("Not started") not in cancelled
    assert T("Overdue") not in cancelled
    assert T("Overdue") in " | ".join(row_of(page, tasks["accepted"]))
    assert T("Not started") in " | ".join(row_of(page, tasks["accepted"]))
    closed = " | ".join(row_of(page, tasks["closed"]))
    assert T("Done") in closed and T("Overdue") not in closed


def test_the_task_page_and_the_inbox_agree_too(tasks, login, T):
    office = login("vanphong")
    heading = text(office.get(f"/tasks/show/{tasks['in_progress']}")).split("</h2>")[0]
    assert heading.count(T("In progress")) == 1
    heading = text(office.get(f"/tasks/show/{tasks['cancelled']}")).split("</h2>")[0]
    assert T("No deadline") not in heading and T("Not started") not in heading
    inbox = text(login("sotaichinh").get("/inbox/unit"))
    row = " ".join(re.sub(r"<[^>]+>", " ", re.search(
        rf'<tr>\s*<td><a href="/tasks/show/{tasks["in_progress"]}".*?</tr>', inbox,
        re.S).group(0)).split())
    assert row.count(T("In progress")) == 1


# --- Filters ------------------------------------------------------------------------------


def search_widget(page):
    """The arguments FAB's search script receives: labels, fields, operators, active filters."""
    script = page[page.index("new AdminFilters("):]
    decoder, args, pos = json.JSONDecoder(), [], script.index(",") + 1
    for _ in range(4):
        while script[pos] in " \n\t,":
            pos += 1
        value, pos = decoder.raw_decode(script, pos)
        args.append(value)
    return args


@pytest.mark.parametrize("path, user, enumerations", [
    ("/tasks/list/", "vanphong", {"state": enums.STATE_LABELS,
                                  "progress": enums.PROGRESS_LABELS,
                                  "timeliness": enums.TIMELINESS_LABELS,
                                  "report_cycle": enums.REPORT_CYCLE_LABELS}),
    ("/documents/list/", "vanphong", {"doc_type": enums.DOC_TYPE_LABELS,
                                      "urgency": enums.URGENCY_LABELS,
                                      "confidentiality": enums.CONFIDENTIALITY_LABELS,
                                      "issuing_authority": enums.ISSUING_AUTHORITY_LABELS}),
    ("/units/list/", "admin", {"kind": None}),
    ("/calendar/list/", "vanphong", {"source": None}),
])
def test_enumerations_are_filtered_is_or_is_one_of_their_labels(login, T, path, user,
                                                                   enumerations):
    labels, fields, operators, _active = search_widget(text(login(user).get(path)))
    for column, choices in enumerations.items():
        assert operators[column] == [T("Is"), T("Is one of")], column
        field = fields[column]
        assert field.startswith("<select") and 'data-multiple-op="1"' in field, column
        if choices:
            shown = re.findall(r"<option[^>]*>([^<]*)</option>", unescape(field))
            assert shown == [T(label) for label in choices.values()], column


@pytest.mark.parametrize("column", ["entry_late", "first_update_late", "cycle_update_missed",
                                    "has_deadline", "must_report"])
def test_yes_no_columns_are_filtered_is_yes_or_no(login, T, column):
    labels, fields, operators, _active = search_widget(text(login("vanphong").get("/tasks/list/")))
    assert operators[column] == [T("Is")]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", unescape(fields[column])) == \
        [T("Yes"), T("No")]
    assert labels[column]


def test_is_one_of_and_is_filter_the_list(tasks, login, T):
    office = login("vanphong")
    both = text(office.get("/tasks/list/?_flt_1_state=accepted&_flt_1_state=returned"))
    assert listed_ids(both) == sorted([tasks["accepted"], tasks["returned"]])
    assert search_widget(both)[3] == [["state", T("Is one of"), ["accepted", "returned"]]]
    one = text(office.get("/tasks/list/?_flt_0_state=cancelled"))
    assert listed_ids(one) == [tasks["cancelled"]]
    open_ones = text(office.get("/tasks/list/?_flt_1_state=draft&_flt_1_state=transferred"
                                "&_flt_0_has_deadline=1"))
    assert listed_ids(open_ones) == sorted([tasks["draft"], tasks["transferred"]])
    assert listed_ids(text(office.get("/tasks/list/?_flt_0_has_deadline=0"))) == []


def test_documents_and_units_filter_the_same_way(tasks, app, login):
    with app.app_context():
        decision = new_document(number="5/QĐ-UBND", doc_type="decision").id
        letter = db.session.scalar(db.select(Document.id).where(Document.id != decision))
        districts = sorted(db.session.scalars(db.select(Unit.id).where(
            Unit.kind == "district")))
        inactive = db.session.get(Unit, unit_id("BMT"))
        inactive.active = False
        db.session.commit()
        inactive = inactive.id
    office = login("vanphong")
    page = text(office.get("/documents/list/?_flt_1_doc_type=decision"
                           "&_flt_1_doc_type=official_letter"))
    assert f"/documents/show/{decision}" in page and f"/documents/show/{letter}" in page
    page = text(office.get("/documents/list/?_flt_0_doc_type=decision"))
    assert f"/documents/show/{decision}" in page and f"/documents/show/{letter}" not in page
    admin = login("admin")
    page = text(admin.get("/units/list/?_flt_0_kind=district&psize_UnitModelView=100"))
    shown = sorted({int(i) for i in re.findall(r'/units/show/(\d+)', page)})
    assert shown == districts
    page = text(admin.get("/units/list/?_flt_0_active=0"))
    assert sorted({int(i) for i in re.findall(r'/units/show/(\d+)', page)}) == [inactive]


@pytest.mark.parametrize("query", [
    "_flt_0_state=nonsense", "_flt_7_state=draft", "_flt_1_state=", "_flt_2_state=x",
    "_flt_0_first_update_late=maybe", "_flt_3_has_deadline=1", "_flt_1_entry_late=1",
    "_flt_0_deadline=31/02/2017", "_flt_1_report_cycle=quarter&_flt_1_report_cycle=zzz",
])
def test_odd_filter_values_answer_a_list(tasks, login, query):
    assert login("vanphong").get("/tasks/list/?" + query).status_code == 200


@pytest.mark.parametrize("path", ["/calendar/list/?_flt_5_source=x",
                                  "/calendar/list/?_flt_1_source=admin",
                                  "/units/list/?_flt_4_kind=district",
                                  "/documents/list/?_flt_9_urgency=express"])
def test_odd_filters_on_the_other_lists(login, path):
    assert login("admin").get(path).status_code == 200


# --- Titles, headings, pages, buttons -----------------------------------------------------


@pytest.mark.parametrize("path, user, name", [
    ("/tasks/list/", "vanphong", "Tasks"),
    ("/documents/list/", "vanphong", "Directive documents"),
    ("/secret-reports/list/", "vanphong", "Secret report receipts"),
    ("/calendar/list/", "vanphong", "Working-day calendar"),
    ("/units/list/", "admin", "Units"),
    ("/inbox/office", "vanphong", "Office inbox"),
    ("/inbox/unit", "sotaichinh", "Unit inbox"),
])
def test_each_list_has_a_title_and_a_heading(login, T, path, user, name):
    page = text(login(user).get(path))
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title.startswith(T(name) + " – "), title
    headings = [" ".join(re.sub(r"<[^>]+>", " ", h).split())
                for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page, re.S)]
    assert any(h == T(name) or h.startswith(T(name) + " ") for h in headings), headings


def test_pages_are_offered_under_the_list_too(tasks, login):
    page = text(login("vanphong").get("/tasks/list/?psize_TaskModelView=2"))
    table_end = page.rindex("</table>")
    assert page.count('class="pagination') == 2
    assert page.index('class="pagination', table_end) > table_end
    assert re.search(r'href="/tasks/list/\?[^"]*page_TaskModelView=1[&"]', page[table_end:])


def test_list_buttons_say_what_they_do(tasks, login, T):
    page = text(login("vanphong").get("/tasks/list/"))
    widget = page[page.index('class="well well-sm list-header"'):page.rindex("</table>")]
    for word in ("Show", "Edit", "Add", "Back"):
        assert re.search(r'</i> ' + re.escape(T(word)) + r"</a>", widget), word
    # No link made of an icon alone.
    assert not re.search(r'<a [^>]*>\s*<i [^>]*></i>\s*</a>', widget)
    assert not re.search(r'<a [^>]*>\s*<span class="sr-only">', widget)


def test_unit_clerks_list_only_their_tasks(tasks, app, login):
    with app.app_context():
        doc = db.session.scalar(db.select(Document))
        other = task_in("accepted", doc, lead="KRONGPAC", coordinating=()).id
        db.session.remove()
    page = text(login("sotaichinh").get("/tasks/list/?psize_TaskModelView=100"))
    ids = listed_ids(page)
    assert other not in ids and tasks["draft"] not in ids
    assert tasks["accepted"] in ids
    with app.app_context():
        assert all(db.session.get(Task, i).state != "draft" for i in ids)


def test_the_status_filter_finds_what_the_badges_show(tasks, login):
    office = login("vanphong")
    not_started = text(office.get("/tasks/list/?_flt_0_progress=not_started"))
    assert listed_ids(not_started) == sorted(tasks[s] for s in (
        "draft", "transferred", "returned", "accepted"))
    done_or_going = text(office.get("/tasks/list/?_flt_1_progress=done"
                                    "&_flt_1_progress=in_progress"))
    assert listed_ids(done_or_going) == sorted(tasks[s] for s in (
        "in_progress", "done_reported", "closed"))
    # A cancelled task has no status: no status filter finds it.
    every = text(office.get("/tasks/list/?_flt_1_progress=not_started"
                            "&_flt_1_progress=in_progress&_flt_1_progress=done"))
    assert tasks["cancelled"] not in listed_ids(every)


def test_the_api_keeps_fab_s_filters(tasks, login, client, api_token):
    # The screens' filters share FAB's names (eq, in): the API's stay plain.
    login("vanphong").get("/tasks/list/?_flt_0_progress=done")
    response = client.get("/api/v1/task/", headers=api_token("vanphong"), query_string={
        "q": "(filters:!((col:progress,opr:eq,value:not_started)))"})
    assert response.status_code == 200
    # The API filters the stored value (its contract): the cancelled task kept "not started".
    assert tasks["cancelled"] in response.json["ids"]
    response = client.get("/api/v1/task/", headers=api_token("vanphong"), query_string={
        "q": "(filters:!((col:progress,opr:in,value:!(done,in_progress))))"})
    assert response.status_code == 200
    assert sorted(response.json["ids"]) == sorted(tasks[s] for s in (
        "in_progress", "done_reported", "closed"))
