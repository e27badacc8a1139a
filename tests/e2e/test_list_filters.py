"""The Office's task list in a real browser, as a person uses it: filters on
"first update late" (Art. 7.2a) and gets the same tasks as the API; picks
states with "Is one of" from a searchable drop-down, pressing Enter there
without sending the form; reads labelled buttons and the pages under the list."""
import json
import os
import re
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.e2e.conftest import PASSWORD, needs_chromium, sign_in

SHOTS = os.environ.get("E2E_SHOTS", "/tmp")

pytestmark = needs_chromium


def api_ids(base, rison):
    login = urllib.request.Request(
        base + "/api/v1/security/login", method="POST",
        data=json.dumps({"username": "vanphong", "password": PASSWORD,
                         "provider": "db"}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(login, timeout=10) as response:
        token = json.load(response)["access_token"]
    request = urllib.request.Request(base + "/api/v1/task/?" + urlencode({"q": rison}),
                                     headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return sorted(json.load(response)["ids"])


def listed_ids(page):
    hrefs = page.locator("table.table-bordered tbody a[href*='/tasks/show/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    return sorted({int(re.search(r"/tasks/show/(\d+)", h).group(1)) for h in hrefs})


def open_search(page):
    page.click("a.accordion-toggle")
    page.wait_for_selector("#filter_form .dropdown-toggle", state="visible")


def add_filter(page, column):
    page.click("#filter_form .dropdown-toggle")
    page.click(f"#filter_form a.filter[name={column}]")
    return page.locator("#filter_form table.filters tr").last


def test_the_office_filters_tasks_as_a_person_would(demo_server, browser, new_context):
    base = demo_server["base"]
    page = new_context(browser).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    documents = []
    page.on("request", lambda r: r.resource_type == "document" and documents.append(r.url))
    sign_in(page, base, "vanphong")

    page.goto(base + "/tasks/list/?psize_TaskModelView=500")
    assert page.title().startswith("Nhiệm vụ – ")
    # Labelled buttons, and the pages under the list as well as above it.
    assert page.locator("table.table-bordered tbody tr").first.locator(
        "a", has_text="Chi tiết").count() == 1
    page.goto(base + "/tasks/list/")
    assert page.locator("ul.pagination").count() == 2
    assert page.locator(".list-footer ul.pagination").is_visible()

    # "First update late (Art. 7.2a)" is "Có": the same tasks as the API's filter.
    open_search(page)
    row = add_filter(page, "first_update_late")
    assert row.locator("select.filter-op option").all_inner_texts() == ["Là"]
    assert row.locator("select.filter_val option").all_inner_texts() == ["Có", "Không"]
    row.locator("select.filter_val").select_option("1")
    page.click("#filter_form button[type=submit]")
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["_flt_0_first_update_late"] == ["1"]
    page.goto(page.url.split("#")[0] + "&psize_TaskModelView=500")
    shown = listed_ids(page)
    assert shown and shown == api_ids(
        base, "(filters:!((col:first_update_late,opr:eq,value:!t)),page_size:500)")
    assert page.locator("table.table-bordered tbody tr", has_text="Cập nhật lần đầu muộn").count() \
        == len(shown)

    # States "Is one of" accepted, returned: typed without accents, Enter picks each one
    # and never sends the form.
    page.goto(base + "/tasks/list/")
    open_search(page)
    row = add_filter(page, "state")
    assert row.locator("select.filter-op option").all_inner_texts() == ["Là", "Là một trong"]
    row.locator("select.filter-op").select_option("1")
    documents.clear()
    row.locator(".select2-selection--multiple").click()
    for typed in ("tiep nhan", "tra lai"):
        page.keyboard.type(typed)
        page.wait_for_selector(".select2-results__option--highlighted")
        page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert documents == [], "Enter in the drop-down sent the form"
    assert row.locator(".select2-selection__choice").all_inner_texts() == [
        "×Đã tiếp nhận", "×Đã trả lại"]
    page.screenshot(path=os.path.join(SHOTS, "list_filters.png"))
    page.click("#filter_form button[type=submit]")
    page.wait_for_load_state()
    assert sorted(parse_qs(urlsplit(page.url).query)["_flt_1_state"]) == ["accepted",
                                                                         "returned"]
    states = page.locator("table.table-bordered tbody .tracking-state").all_inner_texts()
    assert states and {s.strip() for s in states} == {"Đã tiếp nhận", "Đã trả lại"}
    # The filter comes back as it was chosen: one row, both states.
    open_search(page)
    assert page.locator("#filter_form table.filters tr").count() == 1
    assert page.locator("#filter_form select.filter_val").evaluate(
        "s => Array.from(s.selectedOptions).map(o => o.value)") == ["accepted", "returned"]
    assert errors == []
