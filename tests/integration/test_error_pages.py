"""Error pages inside the layout, in Vietnamese (issue 7, item 3): 403, 404
(also an object outside the user's scope), 405, 413, 429 and 500 show the
navbar, a sentence a clerk understands and a way back; /api/... answers
FAB's {"message": ...}; a 500 is logged, never shown; the page is drawn even
when the database is down."""
import io
import json
import logging
import os
import re
import subprocess
import sys
from contextlib import contextmanager

import pytest
from markupsafe import escape
from sqlalchemy import event
from werkzeug.exceptions import TooManyRequests

from app.extensions import db
from app.screens.errors import MESSAGES, handle_error
from tests.integration.test_tracking_services import new_document, task_data, tracking, who

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def title(code):
    return MESSAGES[code][0]


def sentence(code):
    return MESSAGES[code][1]


def assert_error_page(response, code, T, signed_in_as=None, **params):
    """The layout (navbar, with the user's name when signed in), the title and
    sentence in Vietnamese, a way home, and nothing of a traceback."""
    assert response.status_code == code
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for msgid in (title(code), sentence(code)):
        text = T(msgid, **params)
        assert text != msgid % params, f"no Vietnamese for {msgid!r}"
        assert str(escape(text)) in page, text
    assert 'class="navbar' in page and 'id="error-page"' in page
    assert 'id="error-home"' in page
    assert "Traceback" not in page and "File &#34;" not in page and 'File "' not in page
    if signed_in_as:
        assert 'href="/logout/"' in page and str(escape(signed_in_as)) in page
    else:
        assert 'href="/login/"' in page and 'href="/logout/"' not in page
    return page


# --- 404 -------------------------------------------------------------------------------------


def test_out_of_scope_task_is_the_vietnamese_404_in_the_layout(ctx, login, T):
    """A task of Văn phòng's, led by Sở Tài chính, opened by Krông Pắc."""
    task = tracking.create_task(who("vanphong"), new_document().id, task_data(lead="STC"),
                                transfer=True)
    krongpac = login("krongpac")
    response = krongpac.get(f"/tasks/show/{task.id}",
                            headers={"Referer": "http://localhost/tasks/list/"})
    page = assert_error_page(response, 404, T, signed_in_as="Văn thư Krông Pắc")
    assert 'id="error-back" href="http://localhost/tasks/list/"' in page
    # The clerk's own menu is there (the unit inbox), not the Office's.
    assert 'href="/inbox/unit"' in page and 'href="/quick-entry/"' not in page
    assert task.content not in page


def test_unknown_address_for_an_anonymous_visitor(client, T):
    page = assert_error_page(client.get("/no/such/page"), 404, T)
    assert 'id="error-back"' not in page  # no page of ours to go back to


def test_fab_abort_404_is_the_same_page(login, T):
    assert_error_page(login("admin").get("/units/show/999999"), 404, T,
                      signed_in_as="Quản trị hệ thống")


def test_a_referrer_on_another_site_is_not_offered_as_the_way_back(login, T):
    page = assert_error_page(login("vanphong").get(
        "/tasks/show/999999", headers={"Referer": "http://evil.example/x"}), 404, T,
        signed_in_as="Chuyên viên Văn phòng")
    assert "evil.example" not in page


# --- 403, 405 --------------------------------------------------------------------------------


def test_signed_in_user_without_the_permission_gets_a_clear_403(login, T):
    """DIC IT may not read tasks: FAB's has_access aborts 403 for a signed-in user."""
    page = assert_error_page(login("sotttt").get("/tasks/list/"), 403, T,
                             signed_in_as="Cán bộ Sở TT&TT")
    assert T("You are signed in as %(name)s.", name="sotttt") in page


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/tasks/list/")
    assert response.status_code == 302 and "/login/" in response.headers["Location"]


def test_wrong_method_is_a_405_page_with_allow(login, T):
    response = login("vanphong").get("/quick-entry/save")
    assert_error_page(response, 405, T, signed_in_as="Chuyên viên Văn phòng")
    assert "POST" in response.headers["Allow"]


# --- 413 -------------------------------------------------------------------------------------


def test_too_large_without_a_form_to_return_to_is_a_page(app, login, ctx, monkeypatch, T):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    doc = new_document()
    response = login("vanphong").post(f"/documents/upload/{doc.id}", data={
        "file": (io.BytesIO(b"%PDF-" + b"0" * 2 * 1024 * 1024), "big.pdf")})
    assert_error_page(response, 413, T, signed_in_as="Chuyên viên Văn phòng", limit=1)


def test_too_large_from_the_form_goes_back_with_the_message(app, login, ctx, monkeypatch, T):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    doc = new_document()
    web = login("vanphong")
    page = f"http://localhost/documents/show/{doc.id}"
    response = web.post(f"/documents/upload/{doc.id}", headers={"Referer": page}, data={
        "file": (io.BytesIO(b"%PDF-" + b"0" * 2 * 1024 * 1024), "big.pdf")})
    assert response.status_code == 302 and response.headers["Location"] == page
    assert T(sentence(413), limit=1) in web.get(page).get_data(as_text=True)


# --- The API keeps answering JSON ------------------------------------------------------------


def test_api_answers_json_for_every_error(app, client, api_token, monkeypatch, T):
    headers = api_token("vanphong")
    response = client.get("/api/v1/no-such-resource/", headers=headers)
    assert (response.status_code, response.json) == (404, {"message": T(sentence(404))})
    response = client.delete("/api/v1/task/1", headers=headers)
    assert (response.status_code, response.json) == (405, {"message": T(sentence(405))})
    assert "GET" in response.headers["Allow"]
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    response = client.post("/api/v1/task/", headers=headers,
                           json={"content": "x" * (1024 * 1024)})
    assert (response.status_code, response.json) == (413, {"message": T(sentence(413),
                                                                        limit=1)})
    # FAB's own answers keep their shape.
    response = client.get("/api/v1/task/999999", headers=headers)
    assert response.status_code == 404 and set(response.json) == {"message"}


def test_rate_limit_on_the_api_is_json(app, T):
    with app.test_request_context("/api/v1/security/login", method="POST"):
        response = app.make_response(handle_error(TooManyRequests()))
    assert (response.status_code, response.json) == (429, {"message": T(sentence(429))})


# --- 500: logged, never shown; the database down --------------------------------------------


@contextmanager
def database_failing(app, times=None, statement=None):
    """The database refuses statements (all, or the first ``times`` matching
    ``statement``), as when its server goes away: a driver error, raised
    where the driver would raise it."""
    with app.app_context():
        engine = db.engine
    left = [times]

    def refuse(conn, cursor, sql, parameters, context, executemany):
        if statement and not re.search(statement, sql):
            return
        if left[0] is not None:
            if left[0] <= 0:
                return
            left[0] -= 1
        raise engine.dialect.loaded_dbapi.OperationalError("server closed the connection (test)")

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


@pytest.fixture
def unpropagated(app, monkeypatch):
    """Flask's test mode re-raises exceptions; production answers the 500 page."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)


def _logged(caplog, path):
    return [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info
            and path in r.getMessage()]


def test_an_unexpected_error_is_logged_and_shown_in_the_layout(app, login, unpropagated,
                                                               caplog, T):
    web = login("vanphong")
    caplog.set_level(logging.ERROR)
    with database_failing(app, times=1, statement=r"\bdocument\b"):
        response = web.get("/search/?q=dat")
    page = assert_error_page(response, 500, T, signed_in_as="Chuyên viên Văn phòng")
    assert "server closed the connection" not in page and "OperationalError" not in page
    assert _logged(caplog, "/search/"), "the exception must be logged with its traceback"
    # The menu was drawn after the failure: the database works again.
    assert 'href="/tasks/list/"' in page


def test_database_down_falls_back_to_a_plain_page(app, login, unpropagated, caplog, T):
    web = login("vanphong")
    caplog.set_level(logging.ERROR)
    with database_failing(app):
        response = web.get("/tasks/list/")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert T(sentence(500)) in page and T(title(500)) in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert 'href="/"' in page
    assert 'class="navbar' not in page  # the layout needs the database: the plain page
    assert _logged(caplog, "/tasks/list/")
    assert _logged(caplog, "could not be drawn")  # and why the layout was not drawn


def test_database_down_for_an_anonymous_404(app, client, unpropagated, T):
    with database_failing(app):
        response = client.get("/no/such/page")
    assert response.status_code == 404
    assert T(sentence(404)) in response.get_data(as_text=True)


def test_database_down_on_the_api_is_json(app, client, api_token, unpropagated, T):
    headers = api_token("vanphong")
    with database_failing(app):
        response = client.get("/api/v1/unit/", headers=headers)
    assert response.status_code == 500
    assert set(response.json) == {"message"}
    assert "OperationalError" not in response.get_data(as_text=True)


# --- 429: the login rate limit, in an app that has it on -------------------------------------

_RATE_LIMITED_APP = """
import json, sys
from flask_migrate import upgrade
from app import create_app
from app.services import bootstrap
folder, redis_url = sys.argv[1], sys.argv[2]
app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/app.db",
                 REDIS_URL=redis_url, INSTANCE_DIR=folder, AUTH_RATE_LIMITED=True,
                 RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="2 per minute",
                 RATELIMIT_STORAGE_URI="memory://")
with app.app_context():
    upgrade()
    bootstrap.sync_roles()
client = app.test_client()
answers = [client.post("/login/", data={"username": "nobody", "password": "wrong"})
           for _ in range(3)]
print("RESULT" + json.dumps({"codes": [a.status_code for a in answers],
                             "page": answers[-1].get_data(as_text=True)}))
"""


def test_too_many_sign_in_attempts_is_a_vietnamese_429_page(tmp_path, redis_url, T):
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    done = subprocess.run([sys.executable, "-c", _RATE_LIMITED_APP, str(tmp_path), redis_url],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.split("RESULT", 1)[1])
    assert result["codes"][:2] != [429, 429] and result["codes"][2] == 429
    page = result["page"]
    assert T(title(429)) in page and T(sentence(429)) in page
    assert T(sentence(429)) != sentence(429)
    assert 'class="navbar' in page and 'href="/login/"' in page

