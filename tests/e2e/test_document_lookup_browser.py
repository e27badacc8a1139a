"""The searched drop-downs of documents in a real browser (Chromium through
Playwright) against the app served by gunicorn with CSRF on and its CSP: the
Office types part of a document's number in the add-task form, picks it from
what ``/lookup/documents`` answers, saves and lands on the task's page; opened
from a document's page the form has the document chosen already; the task
list's document filter is searched the same way and still filters."""
import os
import re
import sqlite3
from urllib.parse import parse_qs, urlsplit

from tests.e2e.conftest import needs_chromium, sign_in

SHOTS = os.environ.get("E2E_SHOTS", "/tmp")

pytestmark = needs_chromium


def _query(database, sql, *params):
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, params).fetchall()


def _a_document(database):
    """A document of the demo data with tasks, whose number reads NN/XX-…"""
    rows = _query(database, "SELECT d.id, d.number_symbol, d.issued_on FROM document d "
                            "WHERE EXISTS (SELECT 1 FROM task t WHERE t.document_id = d.id) "
                            "ORDER BY d.issued_on, d.id")
    for doc_id, number, issued_on in rows:
        if re.match(r"^\d+/[A-ZĐ]+-", number):
            return doc_id, number, issued_on
    raise AssertionError("no demo document with a number like 12/CT-UBND")


def _pick(page, select_id, typed, starts_with):
    """Open the select2 of ``select_id``, type, click the option starting with ``starts_with``."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    option = page.locator(".select2-container--open .select2-results__option",
                          has_text=starts_with).first
    option.wait_for()
    option.click()


def _shown(locator):
    """What a select2 shows as chosen, without its clear button."""
    return locator.inner_text().strip().lstrip("×").strip()


def test_the_office_picks_a_document_by_typing(demo_server, browser, new_context):
    base, database = demo_server["base"], demo_server["database"]
    doc_id, number, issued_on = _a_document(database)
    tasks_before = _query(database, "SELECT count(*) FROM task")[0][0]
    page = new_context(browser).new_page()
    errors, lookups = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("request", lambda r: "/lookup/documents" in r.url and lookups.append(r.url))
    sign_in(page, base, "vanphong")

    page.goto(base + "/tasks/add")
    # Nothing but the empty choice is sent with the page.
    assert page.locator("#document_id option").count() == 1
    typed = number.split("-")[0]  # "12/CT" of "12/CT-UBND"
    _pick(page, "document_id", typed.lower(), number + " (")
    assert any(parse_qs(urlsplit(url).query).get("q") == [typed.lower()] for url in lookups)
    assert page.input_value("#document_id") == str(doc_id)
    assert _shown(page.locator("#document_id + .select2 .select2-selection__rendered")) \
        .startswith(number + " (")

    page.fill("#content", "Kiểm tra danh sách văn bản tìm khi gõ")
    _pick(page, "lead_unit_id", "tai chinh", "Sở Tài chính")
    year = int(issued_on[:4]) + 1
    page.fill("#deadline", f"30/06/{year}")
    page.screenshot(path=os.path.join(SHOTS, "document_lookup_form.png"), full_page=True)
    page.click("form.tracking-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/tasks/show/\d+$"))
    task_id = int(page.url.rsplit("/", 1)[1])
    assert _query(database, "SELECT document_id, content FROM task WHERE id = ?", task_id) == [
        (doc_id, "Kiểm tra danh sách văn bản tìm khi gõ")]
    assert _query(database, "SELECT count(*) FROM task")[0][0] == tasks_before + 1
    assert number in page.content()

    # From the document's page: the form opens with the document chosen, nothing typed.
    page.goto(base + f"/documents/show/{doc_id}")
    page.click(f"a[href$='/tasks/add?document_id={doc_id}']")
    page.wait_for_selector("#document_id + .select2")
    assert page.input_value("#document_id") == str(doc_id)
    assert _shown(page.locator("#document_id + .select2 .select2-selection__rendered")) \
        .startswith(number + " (")
    assert errors == []


def test_the_task_list_filters_by_a_document_typed(demo_server, browser, new_context):
    base, database = demo_server["base"], demo_server["database"]
    doc_id, number, _ = _a_document(database)
    page = new_context(browser).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, "vanphong")

    # A document filter left empty is not sent: the whole list.
    page.goto(base + "/tasks/list/")
    page.click("a.accordion-toggle")
    page.click("#filter_form .dropdown-toggle")
    page.click("#filter_form a.filter[name=document]")
    page.click("#filter_form button[type=submit]")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/tasks/list/"
    assert "_flt_0_document" not in page.url

    page.click("a.accordion-toggle")
    page.click("#filter_form .dropdown-toggle")
    page.click("#filter_form a.filter[name=document]")
    row = page.locator("#filter_form table.filters tr").last
    assert row.locator("select.filter_val option").count() == 1
    row.locator("select.filter_val + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(number)
    option = page.locator(".select2-container--open .select2-results__option",
                          has_text=number + " (").first
    option.wait_for()
    option.click()
    page.click("#filter_form button[type=submit]")
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["_flt_0_document"] == [str(doc_id)]
    hrefs = page.locator("table.table-bordered tbody a[href*='/tasks/show/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    shown = sorted({int(re.search(r"/tasks/show/(\d+)", h).group(1)) for h in hrefs})
    assert shown == sorted(i for (i,) in _query(
        database, "SELECT id FROM task WHERE document_id = ?", doc_id))
    # The filter comes back with the document chosen.
    page.click("a.accordion-toggle")
    filter_row = page.locator("#filter_form table.filters tr")
    assert filter_row.count() == 1
    assert filter_row.locator("select.filter_val").input_value() == str(doc_id)
    assert _shown(filter_row.locator("select.filter_val + .select2 .select2-selection__rendered")) \
        .startswith(number + " (")
    assert errors == []
