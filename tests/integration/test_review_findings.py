"""Defects found in review: each test failed before its fix.

Bad input must get a clear 4xx message and change nothing, on SQLite and on
PostgreSQL; no input may end in "Fatal error"."""
import prison
import pytest

from app.services import tracking
from tests.integration.test_tracking_services import (document_data, fingerprint, new_document,
                                                      task_in, unit_id, who)

HUGE = 10 ** 20  # beyond every integer column (and SQLite's 64 bits)


@pytest.fixture
def headers(api_token):
    tokens = {}

    def _headers(username):
        if username not in tokens:
            tokens[username] = api_token(username)
        return tokens[username]

    return _headers


# --- Ids beyond the integer range: 404 or a message, never a 500 ------------------------


@pytest.mark.parametrize("user, method, url", [
    ("vanphong", "get", "/api/v1/task/{huge}"),
    ("vanphong", "get", "/api/v1/document/{huge}"),
    ("vanphong", "get", "/api/v1/unit/{huge}"),
    ("vanphong", "get", "/api/v1/task/{huge}/history"),
    ("krongpac", "post", "/api/v1/task/{huge}/accept"),
    ("vanphong", "put", "/api/v1/task/{huge}"),
    ("vanphong", "put", "/api/v1/document/{huge}"),
])
def test_api_huge_id_is_not_found(client, headers, ctx, user, method, url):
    response = getattr(client, method)(url.format(huge=HUGE), json={"version": 1},
                                       headers=headers(user))
    assert response.status_code == 404, response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/tasks/show/{huge}", "/documents/show/{huge}",
                                 "/tasks/edit/{huge}", "/files/{huge}"])
def test_screen_huge_id_is_not_found(login, ctx, url):
    response = login("vanphong").get(url.format(huge=HUGE))
    assert response.status_code == 404


def test_api_rel_filter_with_huge_id_is_no_500(client, headers, ctx):
    query = prison.dumps({"filters": [{"col": "lead_unit", "opr": "rel_o_m", "value": HUGE}]})
    response = client.get("/api/v1/task/?q=" + query, headers=headers("vanphong"))
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    if response.status_code == 200:
        assert response.json["count"] == 0


@pytest.mark.parametrize("path, body, field", [
    ("/api/v1/task/", lambda doc: {"document_id": doc.id, "content": "x", "lead_unit_id": HUGE,
                                   "deadline": "2017-06-30"}, "lead_unit_id"),
    ("/api/v1/task/", lambda doc: {"document_id": doc.id, "content": "x",
                                   "lead_unit_id": unit_id("BMT"),
                                   "coordinating_unit_ids": [HUGE],
                                   "deadline": "2017-06-30"}, "coordinating_unit_ids"),
    ("/api/v1/task/", lambda doc: {"document_id": HUGE, "content": "x",
                                   "lead_unit_id": unit_id("BMT"),
                                   "deadline": "2017-06-30"}, "document_id"),
    ("/api/v1/document/", lambda doc: document_data(number="9/X", drafting_unit_id=HUGE),
     "drafting_unit_id"),
])
def test_api_huge_unit_or_document_id_is_refused(client, headers, ctx, path, body, field):
    doc = new_document()
    before = fingerprint()
    response = client.post(path, json=body(doc), headers=headers("vanphong"))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["field"] == field
    assert fingerprint() == before


def test_reassign_to_huge_unit_id_is_refused(client, headers, ctx):
    task = task_in("returned", new_document(), lead="STC", coordinating=())
    before = fingerprint()
    response = client.post(f"/api/v1/task/{task.id}/reassign",
                           json={"unit_id": HUGE, "reason": "r"}, headers=headers("vanphong"))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["field"] == "unit_id"
    assert fingerprint() == before


# --- Wrong JSON types for text: refused, not stored as Python's repr -----------------------


@pytest.mark.parametrize("path, body, field", [
    ("/api/v1/task/", lambda doc: {"document_id": doc.id, "content": ["a", "b"],
                                   "lead_unit_id": unit_id("BMT"),
                                   "deadline": "2017-06-30"}, "content"),
    ("/api/v1/task/", lambda doc: {"document_id": doc.id, "content": "x", "notes": {"a": 1},
                                   "lead_unit_id": unit_id("BMT"),
                                   "deadline": "2017-06-30"}, "notes"),
    ("/api/v1/document/", lambda doc: document_data(number="9/X", summary={"a": 1}), "summary"),
    ("/api/v1/document/", lambda doc: document_data(number="9/X", signer=["x"]), "signer"),
])
def test_api_non_text_for_a_text_field_is_refused(client, headers, ctx, path, body, field):
    doc = new_document()
    before = fingerprint()
    response = client.post(path, json=body(doc), headers=headers("vanphong"))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["field"] == field
    assert fingerprint() == before


@pytest.mark.parametrize("body, field", [
    ({"content": {"a": 1}}, "content"),
    ({"content": "ok", "result": ["x"]}, "result"),
])
def test_action_non_text_payload_is_refused(client, headers, ctx, body, field):
    task = task_in("accepted", new_document(), lead="KRONGPAC", coordinating=())
    before = fingerprint()
    response = client.post(f"/api/v1/task/{task.id}/progress", json=body,
                           headers=headers("krongpac"))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["field"] == field
    assert fingerprint() == before


# --- A decision reference longer than its column: a message, not a 500 (PostgreSQL) ----------


def test_too_long_decision_ref_is_refused(client, headers, ctx):
    task = task_in("accepted", new_document(), lead="KRONGPAC", coordinating=())
    tracking.act(who("krongpac"), task.id, "request-extension",
                 {"reason": "r", "new_deadline": "2017-12-31"})
    before = fingerprint()
    response = client.post(f"/api/v1/task/{task.id}/decide-extension",
                           json={"approve": True, "decision_ref": "1/QĐ-UBND " + "x" * 300},
                           headers=headers("vanphong"))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["field"] == "decision_ref"
    assert fingerprint() == before


# --- FAB's _info: no catalogue header as a field description -------------------------------


@pytest.mark.parametrize("url", ["/api/v1/task/_info", "/api/v1/document/_info",
                                 "/api/v1/unit/_info"])
def test_info_descriptions_are_not_the_catalogue_header(client, headers, ctx, url):
    response = client.get(url, headers=headers("vanphong"))
    assert response.status_code == 200
    for key in ("add_columns", "edit_columns"):
        for column in response.json.get(key, []):
            assert "Project-Id-Version" not in column["description"], column["name"]


# --- A page number far past the end: an empty page, not a 500 -------------------------------


@pytest.mark.parametrize("url", ["/api/v1/task/", "/api/v1/document/", "/api/v1/unit/"])
def test_api_huge_page_is_empty(client, headers, ctx, url):
    query = prison.dumps({"page": HUGE, "page_size": 10})
    response = client.get(url + "?q=" + query, headers=headers("vanphong"))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["result"] == []


@pytest.mark.parametrize("url", ["/tasks/list/?page_TaskModelView={huge}",
                                 "/documents/list/?page_DocumentModelView={huge}",
                                 "/units/list/?page_UnitModelView={huge}"])
def test_screen_huge_page_is_no_500(login, ctx, url):
    # A page beyond any count is dropped (app.web.list_args): the list's first page.
    response = login("vanphong").get(url.format(huge=HUGE), follow_redirects=True)
    assert response.status_code == 200


# --- A file over the request limit: the translated size message, not a bare 413 ------------


def test_too_large_upload_gets_the_translated_message(app, login, ctx, monkeypatch):
    import io

    from flask_babel import force_locale, gettext

    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    doc = new_document()
    web = login("vanphong")
    page = f"http://localhost/documents/show/{doc.id}"
    response = web.post(f"/documents/upload/{doc.id}", headers={"Referer": page},
                        data={"file": (io.BytesIO(b"%PDF-" + b"0" * 2 * 1024 * 1024),
                                       "big.pdf")})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/documents/show/{doc.id}")
    with app.test_request_context(), force_locale("vi"):
        expected = gettext("The file is larger than %(limit)s MB.", limit=1)
    assert expected in web.get(f"/documents/show/{doc.id}").get_data(as_text=True)


# --- Quick entry reads "transfer" as the API does: "false" is false --------------------------


def test_quick_entry_transfer_false_string_keeps_drafts(app, login):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Task

    with app.app_context():
        row = {"content": "Rà soát đất đai", "lead_unit_id": unit_id("BMT"),
               "coordinating_unit_ids": [], "has_deadline": True, "deadline": "30/06/2017"}
        document = {k: v for k, v in document_data().items()}
    document["issued_on"] = "01/03/2017"
    response = login("vanphong").post("/quick-entry/save", json={
        "document": document, "tasks": [row], "transfer": "false"})
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Task.state)).all() == ["draft"]


# --- A document with files cannot become secret (files of secret documents stay out) --------


@pytest.mark.parametrize("level", ["secret", "top_secret", "most_secret"])
def test_a_document_with_files_cannot_become_secret(client, headers, ctx, level):
    import io

    from werkzeug.datastructures import FileStorage

    from app.services import files

    doc = new_document()
    files.store_upload(FileStorage(io.BytesIO(b"%PDF-1.4 x"), "a.pdf"), "document", doc.id,
                       who("vanphong"))
    before = fingerprint()
    response = client.put(f"/api/v1/document/{doc.id}", json={"confidentiality": level},
                          headers=headers("vanphong"))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["field"] == "confidentiality"
    assert fingerprint() == before


# --- A progress update does not claim "done"; an extension only extends --------------------


@pytest.mark.parametrize("status, code", [("done", 400), ("in_progress", 200), ("bogus", 400)])
def test_progress_status_cannot_be_done(client, headers, ctx, status, code):
    task = task_in("accepted", new_document(), lead="KRONGPAC", coordinating=())
    before = fingerprint()
    response = client.post(f"/api/v1/task/{task.id}/progress",
                           json={"content": "Đang triển khai", "status": status},
                           headers=headers("krongpac"))
    assert response.status_code == code, response.get_data(as_text=True)
    if code == 400:
        assert response.json["field"] == "status"
        assert fingerprint() == before


@pytest.mark.parametrize("new_deadline, code", [("2017-06-30", 400), ("2017-05-15", 400),
                                              ("2017-07-31", 200)])
def test_an_extension_decision_cannot_shorten_the_deadline(client, headers, ctx, new_deadline,
                                                           code):
    task = task_in("accepted", new_document(), lead="KRONGPAC", coordinating=())
    tracking.act(who("krongpac"), task.id, "request-extension",
                 {"reason": "r", "new_deadline": "2099-12-31"})
    before = fingerprint()
    response = client.post(f"/api/v1/task/{task.id}/decide-extension",
                           json={"approve": True, "decision_ref": "12/QĐ-UBND",
                                 "new_deadline": new_deadline},
                           headers=headers("vanphong"))
    assert response.status_code == code, response.get_data(as_text=True)
    if code == 400:
        assert response.json["field"] == "new_deadline"
        assert fingerprint() == before
