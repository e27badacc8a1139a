"""The tracking REST API (issue 3 item 11, docs/api.md) as integrations use it:
JWT from /api/v1/security/login, JSON in and out, the unit scope on every verb."""
import pytest
from flask_babel import force_locale, gettext

from app.extensions import db
from app.models import Task
from app.rules import workflow as wf
from app.services import tracking
from tests.integration.test_tracking_services import (document_data, fingerprint, new_document,
                                                      task_data, task_in, unit_id, who)

USERS = ("admin", "vanphong", "lanhdao", "sotttt", "sotaichinh", "buonmathuot", "krongpac")
TASK_FIELDS = {"id", "document_id", "content", "lead_unit_id", "coordinating_unit_ids",
               "monitoring_unit_id", "has_deadline", "must_report", "deadline", "report_cycle",
               "state", "progress", "timeliness", "version", "kind", "effective_deadline",
               "entry_late", "first_update_late", "cycle_update_missed", "urging_count"}
DOCUMENT_FIELDS = {"id", "doc_type", "number_symbol", "summary", "issued_on", "signer",
                   "issuing_authority", "drafting_unit_id", "urgency", "confidentiality"}


@pytest.fixture
def as_user(api_token):
    """``as_user(name)``: the Authorization header of that demo user (cached)."""
    tokens = {}

    def _headers(username):
        if username not in tokens:
            tokens[username] = api_token(username)
        return tokens[username]

    return _headers


def translated(app, msgid, locale, **params):
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid, **params)


# --- The "Done when" scenario ------------------------------------------------------------


def test_done_when_scenario_through_the_api(client, as_user, ctx):
    vp, stc, kp = as_user("vanphong"), as_user("sotaichinh"), as_user("krongpac")
    response = client.post("/api/v1/document/", json=document_data(), headers=vp)
    assert response.status_code == 201, response.json
    document = response.json["result"]
    assert set(document) == DOCUMENT_FIELDS
    assert document["issued_on"] == "2017-03-01"

    task_ids = {}
    for code in ("STC", "BMT", "KRONGPAC"):
        response = client.post("/api/v1/task/", headers=vp, json={
            "document_id": document["id"], "content": f"Báo cáo quản lý đất đai ({code})",
            "lead_unit_id": unit_id(code), "coordinating_unit_ids": [], "has_deadline": True,
            "must_report": True, "deadline": "2017-06-30"})
        assert response.status_code == 201, response.json
        task = response.json["result"]
        assert set(task) == TASK_FIELDS
        assert (task["state"], task["progress"], task["monitoring_unit_id"]) == \
            ("draft", "not_started", unit_id("VP"))
        task_ids[code] = task["id"]
    for task_id in task_ids.values():
        response = client.post(f"/api/v1/task/{task_id}/transfer", headers=vp)
        assert response.status_code == 200 and response.json["result"]["state"] == "transferred"

    task_id = task_ids["STC"]
    steps = [
        (stc, "return", {"reason": "Không thuộc chức năng, nhiệm vụ của Sở"}, "returned"),
        (vp, "reassign", {"unit_id": unit_id("KRONGPAC"), "reason": "Giao UBND huyện Krông Pắc"},
         "transferred"),
        (kp, "accept", {}, "accepted"),
        (kp, "progress", {"content": "Đã rà soát 3/5 xã"}, "in_progress"),
        (kp, "report-done", {"content": "Đã hoàn thành", "result": "Báo cáo số 45/BC-UBND"},
         "done_reported"),
        (vp, "close", {}, "closed"),
    ]
    for headers, action, body, state in steps:
        response = client.post(f"/api/v1/task/{task_id}/{action}", json=body, headers=headers)
        assert response.status_code == 200, (action, response.json)
        assert response.json["result"]["state"] == state
    result = response.json["result"]
    assert (result["lead_unit_id"], result["progress"]) == (unit_id("KRONGPAC"), "done")

    response = client.get(f"/api/v1/task/{task_id}/history", headers=kp)
    assert response.status_code == 200
    history = response.json["result"]
    assert [(e["action"], e["actor"]) for e in history] == [
        ("create", "vanphong"), ("transfer", "vanphong"), ("return", "sotaichinh"),
        ("reassign", "vanphong"), ("accept", "krongpac"), ("progress", "krongpac"),
        ("report-done", "krongpac"), ("close", "vanphong")]
    assert history[2]["reason"] == "Không thuộc chức năng, nhiệm vụ của Sở"
    assert history[3]["changes"] == {"lead_unit_id": [unit_id("STC"), unit_id("KRONGPAC")]}
    assert [(e["from_state"], e["to_state"]) for e in history[1:4]] == [
        ("draft", "transferred"), ("transferred", "returned"), ("returned", "transferred")]
    assert all(e["at"].endswith("Z") for e in history)
    # After the reassignment Sở Tài chính no longer sees the task.
    assert client.get(f"/api/v1/task/{task_id}", headers=stc).status_code == 404


# --- Scope: a task one may not see answers 404 on every verb --------------------------------

ACTION_BODIES = {
    "transfer": {}, "accept": {}, "return": {"reason": "r"},
    "reassign": {"unit_id": "BMT", "reason": "r"}, "progress": {"content": "c"},
    "correct-progress": {"content": "c"}, "report-done": {"content": "c"}, "close": {},
    "reopen": {"reason": "r"}, "cancel": {"reason": "r"},
    "request-extension": {"reason": "r", "new_deadline": "2017-12-31"},
    "decide-extension": {"approve": True, "decision_ref": "1/QĐ-UBND"},
    "report-obstacle": {"content": "c"}, "contribute": {"content": "c"},
    "district-feedback": {"content": "c"},
}


def body_for(action):
    return {key: unit_id(value) if key == "unit_id" else value
            for key, value in ACTION_BODIES[action].items()}


def test_buonmathuot_never_sees_krong_pac_tasks(client, as_user, ctx):
    shared = new_document()
    kp_task = task_in("accepted", shared, lead="KRONGPAC", coordinating=())
    bmt_task = task_in("accepted", shared, lead="BMT", coordinating=())
    kp_only = new_document(number="7/UBND-KT")
    kp_only_task = task_in("transferred", kp_only, lead="KRONGPAC", coordinating=())
    bmt = as_user("buonmathuot")
    before = fingerprint()

    for task_id in (kp_task.id, kp_only_task.id):
        assert client.get(f"/api/v1/task/{task_id}", headers=bmt).status_code == 404
        response = client.put(f"/api/v1/task/{task_id}", headers=bmt,
                              json={"notes": "x", "version": 1})
        assert response.status_code == 404
        assert client.get(f"/api/v1/task/{task_id}/history", headers=bmt).status_code == 404
        for action in (*wf.ACTIONS, "no-such-action"):
            response = client.post(f"/api/v1/task/{task_id}/{action}", headers=bmt,
                                   json=body_for(action) if action in ACTION_BODIES else {})
            assert response.status_code == 404, action
            assert response.json == {"message": "Not found"}
    # Exactly what a task that does not exist answers.
    assert client.get("/api/v1/task/999999", headers=bmt).json == \
        client.get(f"/api/v1/task/{kp_task.id}", headers=bmt).json
    assert client.get(f"/api/v1/document/{kp_only.id}", headers=bmt).status_code == 404
    assert client.put(f"/api/v1/document/{kp_only.id}", headers=bmt,
                      json={"summary": "x"}).status_code == 404
    # Nothing is hard-deleted: DELETE is not offered to anyone, visible or not.
    assert client.delete(f"/api/v1/task/{kp_task.id}", headers=bmt).status_code == 405
    assert client.delete(f"/api/v1/task/{bmt_task.id}", headers=bmt).status_code == 405
    assert client.delete(f"/api/v1/task/{bmt_task.id}",
                         headers=as_user("vanphong")).status_code == 405

    listed = client.get("/api/v1/task/", headers=bmt).json
    assert listed["ids"] == [bmt_task.id] and listed["count"] == 1
    documents = client.get("/api/v1/document/", headers=bmt).json
    assert documents["ids"] == [shared.id]
    rison = "(filters:!((col:search_key,opr:fold,value:'quan ly dat dai')))"
    found = client.get("/api/v1/task/", query_string={"q": rison}, headers=bmt).json
    assert found["ids"] == [bmt_task.id]
    assert [t.id for t in tracking.search(who("buonmathuot"), "quan ly dat dai")["tasks"]] \
        == [bmt_task.id]
    assert fingerprint() == before

    # The Office sees them all; Krông Pắc its own.
    assert client.get("/api/v1/task/", headers=as_user("vanphong")).json["count"] == 3
    assert sorted(client.get("/api/v1/task/", headers=as_user("krongpac")).json["ids"]) == \
        sorted([kp_task.id, kp_only_task.id])


def test_search_with_and_without_diacritics(client, as_user, ctx):
    doc = new_document()
    task = task_in("transferred", doc)
    vp = as_user("vanphong")
    for text in ("quan ly dat dai", "quản lý đất đai", "QUẢN LY  dat"):
        rison = f"(filters:!((col:search_key,opr:fold,value:'{text}')))"
        assert client.get("/api/v1/task/", query_string={"q": rison},
                          headers=vp).json["ids"] == [task.id]
        assert client.get("/api/v1/document/", query_string={"q": rison},
                          headers=vp).json["ids"] == [doc.id]
        found = tracking.search(who("vanphong"), text)
        assert ([d.id for d in found["documents"]], [t.id for t in found["tasks"]]) == \
            ([doc.id], [task.id])
    rison = "(filters:!((col:search_key,opr:fold,value:'ha noi')))"
    assert client.get("/api/v1/task/", query_string={"q": rison}, headers=vp).json["count"] == 0


# --- Secret documents, duplicates, versions -------------------------------------------------


# A secret document is refused outright (Art. 5.2): tests/integration/test_secret_documents.py.


@pytest.mark.parametrize("look_alike", ["1234/UBND\u200b-TH", "1234\uff0fUBND-TH",
                                        "1234/UBND\u2013TH", "\uff11234/UBND-TH",
                                        "\u20601234/UBND-TH\ufeff"])
def test_a_look_alike_number_is_the_same_document(client, as_user, ctx, look_alike):
    vp = as_user("vanphong")
    assert client.post("/api/v1/document/", json=document_data(), headers=vp).status_code == 201
    before = fingerprint()
    response = client.post("/api/v1/document/", headers=vp,
                           json=document_data(number=look_alike, issued_on="2017-12-29"))
    assert response.status_code == 409, response.json
    assert fingerprint() == before


def test_a_number_is_stored_without_invisible_characters(client, as_user, ctx):
    response = client.post("/api/v1/document/", headers=as_user("vanphong"),
                           json=document_data(number="77\u200b\uff0fUBND\u2013TH"))
    assert response.status_code == 201
    assert response.json["result"]["number_symbol"] == "77/UBND-TH"


def test_duplicate_number_in_the_same_year(client, as_user, ctx):
    vp = as_user("vanphong")
    assert client.post("/api/v1/document/", json=document_data(), headers=vp).status_code == 201
    before = fingerprint()
    response = client.post("/api/v1/document/?_l_=en", headers=vp,
                           json=document_data(number="1234/ubnd-th ", issued_on="2017-12-29"))
    assert response.status_code == 409
    assert response.json["message"] == \
        "A document with number 1234/ubnd-th already exists for 2017."
    assert response.json["field"] == "number_symbol"
    assert fingerprint() == before
    response = client.post("/api/v1/document/", headers=vp,
                           json=document_data(issued_on="2018-01-03"))
    assert response.status_code == 201


def test_stale_version_is_refused_and_changes_nothing(client, as_user, ctx):
    vp = as_user("vanphong")
    task = task_in("transferred", new_document())
    shown = client.get(f"/api/v1/task/{task.id}", headers=vp).json["result"]
    stale = shown["version"]
    # GET → edit → PUT round trip: read-only fields are accepted back and ignored.
    response = client.put(f"/api/v1/task/{task.id}", headers=vp,
                          json={**shown, "deadline": "2017-07-31", "reason": "Sửa lỗi"})
    assert response.status_code == 200, response.json
    fresh = response.json["result"]
    assert fresh["version"] > stale and fresh["deadline"] == "2017-07-31"
    before = fingerprint()
    response = client.put(f"/api/v1/task/{task.id}?_l_=en", headers=vp,
                          json={"deadline": "2017-08-31", "version": stale})
    assert response.status_code == 409
    assert response.json["message"] == \
        "This task was changed by someone else. Reload it and try again."
    response = client.post(f"/api/v1/task/{task.id}/accept", headers=as_user("sotaichinh"),
                           json={"version": stale})
    assert response.status_code == 409
    response = client.put(f"/api/v1/task/{task.id}", headers=vp, json={"notes": "no version"})
    assert response.status_code == 400
    assert fingerprint() == before
    response = client.post(f"/api/v1/task/{task.id}/accept", headers=as_user("sotaichinh"),
                           json={"version": fresh["version"]})
    assert response.status_code == 200


def test_every_refusal_leaves_the_database_unchanged(client, as_user, ctx):
    vp, stc = as_user("vanphong"), as_user("sotaichinh")
    doc = new_document()
    task = task_in("accepted", doc)
    before = fingerprint()
    refusals = [
        ("post", "/api/v1/document/", vp, {**document_data(), "doc_type": "memo"}, 400),
        ("post", "/api/v1/document/", vp, {**document_data(number="2/X"), "colour": "red"},
         400),
        ("post", "/api/v1/document/", stc, document_data(number="3/X"), 403),
        ("put", f"/api/v1/document/{doc.id}", vp, {"issued_on": "2017-02-30"}, 400),
        ("put", f"/api/v1/document/{doc.id}", vp, {"confidentiality": "secret"}, 400),
        ("post", "/api/v1/task/", vp, {**task_data(), "document_id": 999999}, 400),
        ("post", "/api/v1/task/", vp, {**task_data(), "document_id": doc.id,
                                       "deadline": "2016-12-31"}, 400),
        ("post", "/api/v1/task/", vp, {**task_data(coordinating=("STC",)),
                                       "document_id": doc.id}, 400),
        ("post", "/api/v1/task/", vp, {**task_data(), "document_id": doc.id,
                                       "has_deadline": False}, 400),
        ("post", "/api/v1/task/", vp, {**task_data(), "document_id": doc.id,
                                       "lead_unit_id": 999999}, 400),
        ("post", "/api/v1/task/", stc, {**task_data(), "document_id": doc.id}, 403),
        ("put", f"/api/v1/task/{task.id}", vp, {"deadline": "2017-12-31",
                                                "version": task.version}, 400),
        ("put", f"/api/v1/task/{task.id}", vp, {"document_id": 999, "notes": "x",
                                                "version": task.version}, 400),
        ("put", f"/api/v1/task/{task.id}", stc, {"notes": "x", "version": task.version}, 403),
        ("post", f"/api/v1/task/{task.id}/progress", stc, {}, 400),
        ("post", f"/api/v1/task/{task.id}/progress", stc, {"content": "x", "status": "half"},
         400),
        ("post", f"/api/v1/task/{task.id}/progress", stc, {"content": "x", "colour": "red"},
         400),
        ("post", f"/api/v1/task/{task.id}/request-extension", stc,
         {"reason": "x", "new_deadline": "31/12/2017"}, 400),
        ("post", f"/api/v1/task/{task.id}/decide-extension", vp,
         {"approve": "yes", "decision_ref": "1"}, 400),
        ("post", f"/api/v1/task/{task.id}/decide-extension", vp,
         {"approve": True, "decision_ref": "1"}, 400),
        ("post", f"/api/v1/task/{task.id}/close", vp, {}, 409),
        ("post", f"/api/v1/task/{task.id}/progress", vp, {"content": "x"}, 403),
        ("post", f"/api/v1/task/{task.id}/transfer", as_user("lanhdao"), {}, 403),
    ]
    for method, url, headers, body, status in refusals:
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code == status, (method, url, body, response.json)
        assert response.json["message"], (method, url)
        assert fingerprint() == before, (method, url, body)


# --- Language of the messages -----------------------------------------------------------------


def test_messages_in_the_users_language(app, client, as_user, ctx):
    task = task_in("transferred", new_document())
    url = f"/api/v1/task/{task.id}/return"
    stc = as_user("sotaichinh")
    cases = [
        (url, {}, "vi"),
        (url + "?_l_=en", {}, "en"),
        (url + "?_l_=vi", {"Accept-Language": "en"}, "vi"),
        (url, {"Accept-Language": "en-GB,en;q=0.8"}, "en"),
        (url, {"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"}, "vi"),
        (url, {"Accept-Language": "fr"}, "vi"),
        (url + "?_l_=xx", {}, "vi"),
    ]
    for path, headers, locale in cases:
        response = client.post(path, json={}, headers={**stc, **headers})
        assert response.status_code == 400
        assert response.headers["Content-Language"] == locale, (path, headers)
        assert response.json["message"] == translated(app, "A reason is required.", locale)
        assert response.json["field"] == "reason"
    assert client.post(url + "?_l_=en", json={}, headers=stc).json["message"] == \
        "A reason is required."
    # A message with a translated parameter (the state's label).
    tracking.act(who("vanphong"), task.id, "cancel", {"reason": "Thay thế"})
    for locale in ("vi", "en"):
        response = client.post(f"{url}?_l_={locale}", json={"reason": "x"}, headers=stc)
        assert response.status_code == 409
        assert response.json["message"] == translated(
            app, "This action is not allowed while the task is %(state)s.", locale,
            state=translated(app, "Cancelled", locale))


# --- Who may do what: every workflow action for every role ------------------------------------

# For each action, the state the task is brought to first (lead STC, BMT coordinating —
# a district on a department's task) and the answer for each demo user, in USERS order:
#               admin vanphong lanhdao sotttt sotaichinh buonmathuot krongpac
ROLE_ACTION_MATRIX = {
    # A draft is the Office's alone: units do not even see it.
    "transfer":          ("draft",             (200, 200, 403, 404, 404, 404, 404)),
    "accept":            ("transferred",       (403, 403, 403, 404, 200, 403, 404)),
    "return":            ("transferred",       (403, 403, 403, 404, 200, 403, 404)),
    "reassign":          ("transferred",       (200, 200, 403, 404, 403, 403, 404)),
    "progress":          ("accepted",          (403, 403, 403, 404, 200, 403, 404)),
    "correct-progress":  ("in_progress",       (403, 403, 403, 404, 200, 403, 404)),
    "report-done":       ("in_progress",       (403, 403, 403, 404, 200, 403, 404)),
    "close":             ("done_reported",     (200, 200, 403, 404, 403, 403, 404)),
    "reopen":            ("done_reported",     (200, 200, 403, 404, 403, 403, 404)),
    "cancel":            ("transferred",       (200, 200, 403, 404, 403, 403, 404)),
    "request-extension": ("accepted",          (403, 403, 403, 404, 200, 403, 404)),
    "decide-extension":  ("extension_pending", (200, 200, 403, 404, 403, 403, 404)),
    "report-obstacle":   ("accepted",          (403, 403, 403, 404, 200, 403, 404)),
    "contribute":        ("accepted",          (403, 403, 403, 404, 403, 200, 404)),
    "district-feedback": ("accepted",          (403, 403, 403, 404, 403, 200, 404)),
}
MATRIX_BODIES = {**ACTION_BODIES, "reassign": {"unit_id": "SNV", "reason": "r"}}


def test_the_matrix_covers_every_action():
    assert set(ROLE_ACTION_MATRIX) == set(wf.ACTIONS)


@pytest.mark.parametrize("action", list(ROLE_ACTION_MATRIX))
def test_role_action_matrix(client, as_user, ctx, action):
    state, expected = ROLE_ACTION_MATRIX[action]
    doc = new_document()
    body = {key: unit_id(value) if key == "unit_id" else value
            for key, value in MATRIX_BODIES[action].items()}
    for username, status in zip(USERS, expected):
        task = task_in(state, doc)
        version = task.version
        before = fingerprint()
        response = client.post(f"/api/v1/task/{task.id}/{action}", json=body,
                               headers=as_user(username))
        assert response.status_code == status, (action, username, response.json)
        if status == 200:
            result = response.json["result"]
            assert result["version"] > version
            db.session.expire_all()
            event = db.session.get(Task, task.id).events[-1]
            assert (event.action, event.actor.username, event.from_state) == \
                (action, username, "accepted" if state == "extension_pending" else state)
        else:
            assert fingerprint() == before, (action, username)


# The lead / office user who could do the action, refused because of the state.
WRONG_STATE = [
    ("transfer", "accepted", "vanphong"),
    ("transfer", "transferred", "vanphong"),
    ("accept", "accepted", "sotaichinh"),
    ("return", "accepted", "sotaichinh"),
    ("reassign", "accepted", "vanphong"),
    ("progress", "transferred", "sotaichinh"),
    ("progress", "done_reported", "sotaichinh"),
    ("correct-progress", "accepted", "sotaichinh"),
    ("report-done", "transferred", "sotaichinh"),
    ("report-done", "done_reported", "sotaichinh"),
    ("close", "in_progress", "vanphong"),
    ("reopen", "in_progress", "vanphong"),
    ("request-extension", "transferred", "sotaichinh"),
    ("report-obstacle", "returned", "sotaichinh"),
    ("contribute", "transferred", "buonmathuot"),
    ("district-feedback", "returned", "buonmathuot"),
    ("cancel", "closed", "vanphong"),
    *[(action, "closed", user) for action, user in (
        ("reopen", "vanphong"), ("progress", "sotaichinh"), ("contribute", "buonmathuot"),
        ("district-feedback", "buonmathuot"), ("decide-extension", "vanphong"))],
    *[(action, "cancelled", user) for action, user in (
        ("transfer", "vanphong"), ("accept", "sotaichinh"), ("close", "vanphong"),
        ("cancel", "vanphong"))],
]


@pytest.mark.parametrize("action, state, username", WRONG_STATE)
def test_actions_refused_in_the_wrong_state(client, as_user, ctx, action, state, username):
    task = task_in(state, new_document())
    body = {key: unit_id(value) if key == "unit_id" else value
            for key, value in MATRIX_BODIES[action].items()}
    before = fingerprint()
    response = client.post(f"/api/v1/task/{task.id}/{action}", json=body,
                           headers=as_user(username))
    assert response.status_code == 409, response.json
    assert fingerprint() == before


def test_units_do_not_see_drafts(client, as_user, ctx):
    task = task_in("draft", new_document())
    for username in ("sotaichinh", "buonmathuot"):
        headers = as_user(username)
        assert client.get(f"/api/v1/task/{task.id}", headers=headers).status_code == 404
        assert client.post(f"/api/v1/task/{task.id}/accept", json={},
                           headers=headers).status_code == 404
    assert client.get(f"/api/v1/task/{task.id}", headers=as_user("vanphong")).status_code == 200


# --- The contract's shape ---------------------------------------------------------------------


def test_task_json_shape_and_put(client, as_user, ctx):
    vp = as_user("vanphong")
    doc = new_document()
    response = client.post("/api/v1/task/", headers=vp, json={
        "document_id": doc.id, "content": "Tổng kết", "lead_unit_id": unit_id("STC"),
        "coordinating_unit_ids": [unit_id("KRONGPAC"), unit_id("BMT")],
        "has_deadline": False, "must_report": True, "report_cycle": "quarter",
        "transfer": True})
    assert response.status_code == 201, response.json
    task = response.json["result"]
    assert task["coordinating_unit_ids"] == sorted([unit_id("KRONGPAC"), unit_id("BMT")])
    assert (task["deadline"], task["report_cycle"], task["state"]) == \
        (None, "quarter", "transferred")
    shown = client.get(f"/api/v1/task/{task['id']}", headers=vp).json
    assert shown["result"] == task
    assert set(shown["show_columns"]) == TASK_FIELDS
    listed = client.get("/api/v1/task/", headers=vp).json
    assert listed["result"] == [task]
    # Column selection is not part of the contract: every field comes back.
    assert client.get("/api/v1/task/", query_string={"q": "(columns:!(id))"},
                      headers=vp).json["result"] == [task]

    response = client.put(f"/api/v1/task/{task['id']}", headers=vp, json={
        "version": task["version"], "coordinating_unit_ids": [unit_id("BMT")],
        "has_deadline": True, "deadline": "2017-12-31"})
    assert response.status_code == 200, response.json
    changed = response.json["result"]
    assert (changed["coordinating_unit_ids"], changed["deadline"], changed["report_cycle"]) == \
        ([unit_id("BMT")], "2017-12-31", None)
    event = client.get(f"/api/v1/task/{task['id']}/history", headers=vp).json["result"][-1]
    assert event["action"] == "edit"
    assert event["changes"]["deadline"] == [None, "2017-12-31"]
    assert event["changes"]["report_cycle"] == ["quarter", None]

    info = client.get("/api/v1/task/_info", headers=vp)
    assert info.status_code == 200
    assert {c["name"] for c in info.json["add_columns"]} >= {"document_id", "coordinating_unit_ids"}
    spec = client.get("/api/v1/_openapi", headers=vp)
    assert spec.status_code == 200
    assert "/task/{pk}/{action}" in spec.get_data(as_text=True)


def test_document_put_and_permissions(client, as_user, ctx):
    vp = as_user("vanphong")
    doc_id = client.post("/api/v1/document/", json=document_data(), headers=vp).json["id"]
    response = client.put(f"/api/v1/document/{doc_id}", headers=vp,
                          json={"urgency": "express", "summary": "Hỏa tốc"})
    assert response.status_code == 200
    assert (response.json["result"]["urgency"], response.json["result"]["summary"]) == \
        ("express", "Hỏa tốc")
    assert client.get(f"/api/v1/document/{doc_id}",
                      headers=as_user("lanhdao")).json["result"]["urgency"] == "express"
    assert client.get(f"/api/v1/document/{doc_id}", headers=as_user("sotttt")).status_code == 403
    assert client.get("/api/v1/task/", headers=as_user("sotttt")).status_code == 403
    assert client.post("/api/v1/document/", json=document_data(number="5/X"),
                       headers=as_user("lanhdao")).status_code == 403
    assert client.get("/api/v1/task/").status_code == 401
