"""Request-level policies (issue 9): security headers on every response, CSRF
on every state change of the screens (FAB's actions included), sessions that
end after the idle time."""
import re
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AppUser, Unit


@contextmanager
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("url", ["/login/", "/", "/health", "/api/v1/unit/", "/no-such-page",
                                 "/static/tracking/tracking.css"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy.split(
        "script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_inline_script_carries_the_pages_nonce(login):
    response = login("vanphong").get("/tasks/list/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script\b([^>]*)>", response.get_data(as_text=True))
    assert scripts
    for attributes in scripts:
        if "src=" not in attributes and "application/json" not in attributes:
            assert f'nonce="{nonce}"' in attributes, attributes


def _user(ctx_app, username):
    with ctx_app.app_context():
        return db.session.scalar(select(AppUser).where(AppUser.username == username))


def test_a_get_on_an_action_changes_nothing(app, login):
    admin = login("admin")
    target = _user(app, "krongpac")
    unit_id = target.unit_id
    with csrf_on(app):
        admin.get(f"/users/action/deactivate/{target.id}")
        admin.get(f"/units/action/deactivate/{unit_id}")
    assert _user(app, "krongpac").active
    with app.app_context():
        assert db.session.get(Unit, unit_id).active


def test_an_action_post_needs_the_token(app, login):
    admin = login("admin")
    target = _user(app, "krongpac")
    with csrf_on(app):
        response = admin.post("/users/action_post",
                              data={"action": "deactivate", "rowid": [str(target.id)]},
                              headers={"Referer": "http://localhost/users/list/"})
        assert response.status_code == 302
        assert _user(app, "krongpac").active
        page = admin.get("/users/list/", follow_redirects=True).get_data(as_text=True)
        assert "Biểu mẫu đã hết hạn" in page or "hết hạn" in page
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        admin.post("/users/action_post", data={"action": "deactivate", "csrf_token": token,
                                               "rowid": [str(target.id)]})
    assert not _user(app, "krongpac").active


def test_the_api_needs_no_csrf_token_but_a_jwt(app, client, api_token):
    headers = api_token("vanphong")
    with csrf_on(app):
        response = client.get("/api/v1/task/", headers=headers)
        assert response.status_code == 200
        response = client.post("/api/v1/document/", json={}, headers=headers)
    assert response.status_code == 400  # validation, not a CSRF refusal
    assert "CSRF" not in response.get_data(as_text=True)


def test_a_session_ends_after_the_idle_time(app, login):
    client = login("vanphong")
    assert client.get("/tasks/list/").status_code == 200
    lifetime = app.permanent_session_lifetime
    app.permanent_session_lifetime = timedelta(seconds=1)
    try:
        time.sleep(2.1)
        response = client.get("/tasks/list/")
    finally:
        app.permanent_session_lifetime = lifetime
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_session_is_kept_alive_by_use(app, login):
    client = login("vanphong")
    response = client.get("/tasks/list/")
    cookie = response.headers.get("Set-Cookie", "")
    assert "Expires=" in cookie  # permanent: re-signed with a fresh time on each request
