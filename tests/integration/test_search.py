"""Search that finds what was meant (issue 7, item 7): whole words, accents
optional, the exact accented words first — on the search page, the task and
document lists' folded filter and the API's ``fold`` operator, on SQLite and
PostgreSQL (TEST_DATABASE_URL)."""
import re
from html import unescape

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from app.demo.tracking import seed_demo_tracking
from app.extensions import db
from app.models import Document, Task, task_coordinating_unit
from app.rules.search import MAX_WORDS, matches, parse
from app.scope import scoped_select
from app.services import tracking
from app.services.tracking.search import find
from tests.integration.test_tracking_services import document_data, task_data, who

EXACT = "Báo cáo tình hình các nhiệm vụ quá hạn"            # the words as typed
NO_ACCENTS = "Khắc phục hậu quả hạn hán"                    # quả hạn: the letters only
APART = "Thông qua kế hoạch phòng chống hạn, báo cáo"        # qua ... hạn
DROUGHT = "Phòng, chống hạn hán, bảo đảm nước tưới"          # no word "qua"
QUOTA = "Quản lý hạn mức tín dụng"                          # "quan" is not "qua"


def T(msgid, **params):
    from flask import current_app

    with current_app.test_request_context(), force_locale("vi"):
        return gettext(msgid, **params)


def text(response):
    assert response.status_code == 200, response.status_code
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def new_task(doc, content, lead="STC"):
    return tracking.create_task(who("vanphong"), doc.id,
                                task_data(lead=lead, content=content), transfer=True)


@pytest.fixture
def tasks(ctx):
    """Oldest first: the exact one is the oldest, so recency alone would list
    it last."""
    doc = tracking.create_document(who("vanphong"), document_data(
        number="77/UBND-TH", summary="Về việc phòng, chống hạn hán"))
    rows = {}
    for key, content in (("exact", EXACT), ("no_accents", NO_ACCENTS), ("apart", APART),
                         ("drought", DROUGHT), ("quota", QUOTA)):
        rows[key] = new_task(doc, content).id
    rows["krongpac"] = new_task(doc, "Huyện Krông Pắc rà soát nhiệm vụ quá hạn",
                                lead="KRONGPAC").id
    return rows


def test_whole_words_accents_optional_exact_first(tasks):
    office = who("vanphong")
    found = find(office, "quá hạn")
    ids = [t.id for t in found.tasks]
    # Both exact ones first (the newer first), then "quả hạn" (together),
    # then "qua ... hạn" (apart); "hạn hán" and "quản lý hạn mức" not at all.
    assert ids == [tasks["krongpac"], tasks["exact"], tasks["no_accents"], tasks["apart"]]
    assert found.task_count == 4
    assert found.tasks_as_typed == 2  # the other two have "quả", "qua": other accents
    # Typed without accents: the same tasks, all as typed; together before apart.
    unaccented = find(office, "QUA  han")
    assert [t.id for t in unaccented.tasks] == [tasks["krongpac"], tasks["no_accents"],
                                                tasks["exact"], tasks["apart"]]
    assert unaccented.tasks_as_typed == 4
    # Within the unit's scope only.
    assert [t.id for t in find(who("krongpac"), "quá hạn").tasks] == [tasks["krongpac"]]
    # The document's summary is "phòng, chống hạn hán": no word "qua".
    assert found.documents == [] and found.document_count == 0
    assert [d.number_symbol for d in find(office, "han han").documents] == ["77/UBND-TH"]


def test_search_keeps_its_old_answer_shape(tasks):
    assert tracking.search(who("vanphong"), "quản lý hạn mức") == {
        "documents": [], "tasks": [db.session.get(Task, tasks["quota"])]}
    assert tracking.search(who("vanphong"), "  %_ ") == {"documents": [], "tasks": []}


def test_limit_keeps_the_best_and_counts_them_all(tasks):
    found = find(who("vanphong"), "hạn", limit=2)
    assert found.task_count == 6
    # All six have "hạn" exactly as typed: the newest first.
    assert [t.id for t in found.tasks] == [tasks["krongpac"], tasks["quota"]]


def _shown(page):
    return list(dict.fromkeys(int(i) for i in re.findall(r"/tasks/show/(\d+)", page)))


def test_search_page_lists_exact_words_first(tasks, login):
    page = text(login("vanphong").get("/search/", query_string={"q": "quá hạn"}))
    as_typed, other = page.split('id="other-tasks"')
    assert _shown(as_typed) == [tasks["krongpac"], tasks["exact"]]
    assert _shown(other) == [tasks["no_accents"], tasks["apart"]]
    assert T("Same letters, other accents") in other
    assert 'id="count-tasks">4<' in page
    assert T("No document matches.") in page
    assert "search-truncated" not in page and "more-tasks" not in page


def test_search_page_without_accents_has_one_list(tasks, login):
    page = text(login("vanphong").get("/search/", query_string={"q": "qua han"}))
    assert 'id="other-tasks"' not in page
    assert set(_shown(page)) == {tasks[k] for k in ("exact", "no_accents", "apart",
                                                    "krongpac")}


def test_search_page_with_only_other_accents(tasks, login):
    """Nothing has "quà hận": the tasks with the same letters, under their heading."""
    page = text(login("vanphong").get("/search/", query_string={"q": "quà hận"}))
    assert 'id="search-tasks"' not in page and 'id="search-tasks-other"' in page
    assert len(_shown(page)) == 4


def test_search_page_says_when_words_were_left_out(tasks, login):
    typed = " ".join(["quá", "hạn"] + [f"tu{i}" for i in range(MAX_WORDS)])
    page = text(login("vanphong").get("/search/", query_string={"q": typed}))
    assert T("Only the first %(num)d words were searched.", num=MAX_WORDS) in page
    assert T("No task matches.") in page


@pytest.mark.parametrize("typed", ["100%_", "'; DROP TABLE task; --", "(^|\\W)", "[[",
                                   "quá" * 2000, "a " * 500, "\u0301\u0300", "đ",
                                   " ".join(f"w{i}" for i in range(400))])
def test_odd_input_is_no_error(tasks, login, typed):
    response = login("vanphong").get("/search/", query_string={"q": typed})
    assert response.status_code == 200
    task_list = login("vanphong").get("/tasks/list/", query_string={"_flt_0_search_key": typed})
    assert task_list.status_code == 200


def _listed(page, kind):
    return set(int(i) for i in re.findall(rf"/{kind}/show/(\d+)", page))


def test_task_list_filter_is_whole_words(tasks, login):
    """The task list's "search_key" filter was a substring match: "quá hạn"
    listed "Quản lý hạn mức"."""
    web = login("vanphong")
    page = text(web.get("/tasks/list/", query_string={"_flt_0_search_key": "quá hạn"}))
    assert _listed(page, "tasks") == {tasks[k] for k in ("exact", "no_accents", "apart",
                                                         "krongpac")}
    page = text(web.get("/tasks/list/", query_string={"_flt_0_search_key": "quan ly han"}))
    assert _listed(page, "tasks") == {tasks["quota"]}
    page = text(login("krongpac").get("/tasks/list/",
                                      query_string={"_flt_0_search_key": "qua han"}))
    assert _listed(page, "tasks") == {tasks["krongpac"]}


def test_document_list_filter_is_whole_words(ctx, login):
    office = who("vanphong")
    overdue = tracking.create_document(office, document_data(
        number="10/UBND-TH", summary="Về việc xử lý các nhiệm vụ quá hạn"))
    quota = tracking.create_document(office, document_data(
        number="11/UBND-TH", summary="Về việc quản lý hạn mức tín dụng"))
    web = login("vanphong")
    page = text(web.get("/documents/list/", query_string={"_flt_0_search_key": "quá hạn"}))
    assert _listed(page, "documents") == {overdue.id}
    page = text(web.get("/documents/list/", query_string={"_flt_0_search_key": "ubnd th"}))
    assert _listed(page, "documents") == {overdue.id, quota.id}
    page = text(web.get("/documents/list/", query_string={"_flt_0_search_key": "ubn"}))
    assert _listed(page, "documents") == set()


def test_api_fold_operator_is_whole_words(tasks, client, api_token):
    headers = api_token("vanphong")
    rison = "(filters:!((col:search_key,opr:fold,value:'quá hạn')))"
    found = client.get("/api/v1/task/", query_string={"q": rison}, headers=headers).json
    assert sorted(found["ids"]) == sorted(tasks[k] for k in ("exact", "no_accents", "apart",
                                                             "krongpac"))
    rison = "(filters:!((col:search_key,opr:fold,value:'qua')))"
    found = client.get("/api/v1/task/", query_string={"q": rison}, headers=headers).json
    assert tasks["quota"] not in found["ids"] and tasks["apart"] in found["ids"]


def test_database_matches_exactly_what_the_rule_says(ctx):
    """Over the demo year, the database's whole-word match (SQLite's REGEXP,
    PostgreSQL's ~) finds exactly the rows the pure rule accepts."""
    seed_demo_tracking()
    docs = {d.id: " ".join(filter(None, (d.number_symbol, d.summary, d.signer)))
            for d in db.session.scalars(select(Document))}
    tasks = {t.id: " ".join(filter(None, (t.content, t.notes)))
             for t in db.session.scalars(select(Task))}
    for typed in ("quá hạn", "hạn hán", "dat dai", "ubnd", "cà phê", "m'drak",
                  "bao cao ket qua", "2016", "qd ubnd", "krông pắc", "ha", "2017"):
        query = parse(typed)
        found = find(who("vanphong"), typed, limit=10 ** 6)
        expected_docs = {i for i, t in docs.items() if matches(query, t)}
        expected_tasks = {i for i, t in tasks.items() if matches(query, t)}
        assert expected_docs or expected_tasks, typed
        assert {d.id for d in found.documents} == expected_docs, typed
        assert {t.id for t in found.tasks} == expected_tasks, typed
        assert (found.document_count, found.task_count) == (
            len(expected_docs), len(expected_tasks)), typed


def test_search_page_over_the_demo_year_says_how_many_are_shown(ctx, login):
    seed_demo_tracking()
    page = text(login("vanphong").get("/search/", query_string={"q": "ubnd tinh"}))
    total = find(who("vanphong"), "ubnd tinh").task_count
    assert total > 50
    assert T("The best %(shown)d of %(num)d are shown: add a word to narrow the search.",
             shown=50, num=total) in page
    assert len(set(re.findall(r"/tasks/show/(\d+)", page))) == 50


def test_a_units_search_finds_exactly_its_scope(ctx):
    """A unit's scope is tested on each row the word index gives (the
    models' ``scope_clause``): over the demo year, the same rows as
    ``app.scope``'s clauses, its coordinated tasks and drafts' exclusion
    included."""
    seed_demo_tracking()
    coordinated = 0
    for username in ("sotaichinh", "buonmathuot", "krongpac"):
        user = who(username)
        docs = {d.id: " ".join(filter(None, (d.number_symbol, d.summary, d.signer)))
                for d in db.session.scalars(scoped_select(Document, user))}
        tasks = {t.id: " ".join(filter(None, (t.content, t.notes)))
                 for t in db.session.scalars(scoped_select(Task, user))}
        coordinated += db.session.scalar(select(func.count()).select_from(
            task_coordinating_unit).where(task_coordinating_unit.c.unit_id == user.unit_id,
                                          task_coordinating_unit.c.task_id.in_(tasks)))
        for typed in ("hạn hán", "ubnd", "bao cao", "2017"):
            query = parse(typed)
            found = find(user, typed, limit=10 ** 6)
            assert {d.id for d in found.documents} == {
                i for i, t in docs.items() if matches(query, t)}, (username, typed)
            assert {t.id for t in found.tasks} == {
                i for i, t in tasks.items() if matches(query, t)}, (username, typed)
    assert coordinated  # the coordinating units' part of the scope is exercised
