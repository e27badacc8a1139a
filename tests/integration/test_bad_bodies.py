"""Bodies that used to end in a 500 (issue 9) answer 400 and change nothing:
a lone surrogate or a NUL character in any JSON text, JSON nested thousands
deep, an impossible date in quick entry, thousands of quick-entry rows."""
import json

import pytest

from tests.integration import test_tracking_views as views
from tests.integration.test_tracking_api import document_data, fingerprint
from tests.integration.test_tracking_views import quick_entry, quick_row


@pytest.fixture(autouse=True)
def _bind_app(app):
    views.APP = app  # the view tests' helpers read the database through it


def _post(client, url, raw, headers):
    return client.post(url, data=raw, headers={**headers, "Content-Type": "application/json"})


@pytest.mark.parametrize("field", ["number_symbol", "summary", "signer"])
def test_a_lone_surrogate_in_a_document_is_refused(client, api_token, ctx, field):
    before = fingerprint()
    raw = json.dumps({**document_data(), field: "x\ud800y"})
    assert "\\ud800" in raw
    response = _post(client, "/api/v1/document/?_l_=en", raw, api_token("vanphong"))
    assert response.status_code == 400
    assert response.json["message"] == "The request holds text that is not valid Unicode."
    assert fingerprint() == before


def test_a_lone_surrogate_in_a_task_is_refused(client, api_token, ctx):
    raw = json.dumps({"document_id": 1, "content": "\udfff", "lead_unit_id": 3})
    response = _post(client, "/api/v1/task/", raw, api_token("vanphong"))
    assert response.status_code == 400


# PostgreSQL's text columns cannot hold NUL: it was a 500 there (found by
# tests/fuzz/test_api_fuzz.py); refused alike on every database.
@pytest.mark.parametrize("field", ["number_symbol", "summary", "signer"])
def test_a_nul_character_in_a_document_is_refused(client, api_token, ctx, field):
    before = fingerprint()
    response = client.post("/api/v1/document/?_l_=en", headers=api_token("vanphong"),
                           json={**document_data(), field: "a\x00b"})
    assert response.status_code == 400
    assert response.json["message"] == \
        "The request holds a NUL character, which no text may contain."
    assert fingerprint() == before


def test_a_nul_character_anywhere_in_a_body_is_refused(client, api_token, ctx):
    headers = api_token("vanphong")
    for url, body in [("/api/v1/task/", {"document_id": 1, "content": "\x00", "lead_unit_id": 3}),
                      ("/api/v1/task/1", {"notes": "x", "version": 1, "reason": ["\x00"]}),
                      ("/api/v1/task/1/progress", {"content": "x\x00"}),
                      ("/api/v1/security/login", {"username": "admin\x00", "password": "x",
                                                  "provider": "db"}),
                      ("/api/v1/document/", {"summary\x00": "x"})]:
        method = client.put if url == "/api/v1/task/1" else client.post
        response = method(url + "?_l_=en", json=body, headers=headers)
        assert response.status_code == 400, url
        assert "NUL" in response.json["message"], url


@pytest.mark.parametrize("depth", [40, 5000])
def test_json_nested_deep_is_refused(client, api_token, ctx, depth):
    raw = '{"summary": ' + "[" * depth + "]" * depth + "}"
    response = _post(client, "/api/v1/document/?_l_=en", raw, api_token("vanphong"))
    assert response.status_code == 400
    assert response.json["message"] == "The request's JSON is not valid."


@pytest.mark.parametrize("issued_on", ["31/02/2017", "2017-02-31", 5, "01/01/0001"])
def test_quick_entry_with_an_impossible_date_says_so(login, ctx, issued_on):
    before = fingerprint()
    response = quick_entry(login("vanphong"), [quick_row("STC")], issued_on=issued_on)
    assert response.status_code == 400
    assert "issued_on" in response.json["document"]
    assert fingerprint() == before


def test_quick_entry_with_a_surrogate_is_refused(login, ctx):
    response = quick_entry(login("vanphong"), [quick_row("STC", content="a\ud800")])
    assert response.status_code == 400


def test_quick_entry_takes_at_most_200_rows(login, ctx):
    before = fingerprint()
    response = quick_entry(login("vanphong"), [quick_row("STC")] * 201)
    assert response.status_code == 400
    assert "200" in response.json["message"]
    assert fingerprint() == before


def test_day_off_warnings_are_one_message(login, ctx):
    client = login("vanphong")
    # 30/04/2017 is a Sunday: every row's deadline ends on the next working day.
    response = quick_entry(client, [quick_row("STC", deadline="30/04/2017")] * 30)
    assert response.status_code == 200, response.json
    assert len(response.json["warnings"]) == 30
    with client.session_transaction() as session:
        warnings = [m for kind, m in session.get("_flashes", []) if kind == "warning"]
    assert len(warnings) == 1
