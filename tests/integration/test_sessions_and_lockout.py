"""Sessions end and accounts lock (issue 9): a cookie copied before signing
out, or before a new password, stops working, and so does an API token; an
account locks after too many wrong passwords until the cool-down passes or an
administrator unlocks it, and the person is told why in Vietnamese."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.demo.accounts import DEMO_PASSWORD
from app.extensions import db
from app.models import AppUser

NEW_PASSWORD = "Moi-MatKhau-2026!AB"


def _copy(client, app):
    """A second client holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def _signed_in(client):
    response = client.get("/tasks/list/")
    return response.status_code == 200


def test_a_cookie_copied_before_signing_out_stops_working(app, login):
    client = login("vanphong")
    thief = _copy(client, app)
    assert _signed_in(thief)
    client.get("/logout/")
    assert not _signed_in(thief)
    assert not _signed_in(client)


def test_a_new_password_ends_other_sessions_and_tokens_but_not_this_one(app, login, client,
                                                                        api_token):
    here, elsewhere = login("sotaichinh"), login("sotaichinh")
    token = api_token("sotaichinh")
    assert client.get("/api/v1/task/", headers=token).status_code == 200
    response = here.post("/resetmypassword/form", data={
        "current_password": DEMO_PASSWORD, "password": NEW_PASSWORD,
        "conf_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    refused = client.get("/api/v1/task/?_l_=vi", headers=token)
    assert refused.status_code == 401
    assert refused.json["message"] == "Phiên làm việc đã kết thúc: hãy đăng nhập lại."
    assert client.get("/api/v1/task/", headers=api_token("sotaichinh", NEW_PASSWORD)) \
        .status_code == 200


def test_an_administrator_setting_a_password_ends_the_users_sessions(app, login):
    victim = login("krongpac")
    with app.app_context():
        user_id = db.session.scalar(select(AppUser.id).where(AppUser.username == "krongpac"))
    login("admin").post(f"/resetpassword/form?pk={user_id}",
                        data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD})
    assert not _signed_in(victim)


def _wrong(client, username="buonmathuot"):
    return client.post("/login/", data={"username": username, "password": "sai-mat-khau"},
                       follow_redirects=True).get_data(as_text=True)


def _user(app, username="buonmathuot"):
    with app.app_context():
        return db.session.scalar(select(AppUser).where(AppUser.username == username))


def test_an_account_locks_after_five_wrong_passwords(app, client):
    for _ in range(4):
        assert "bị khóa" not in _wrong(client)
    page = _wrong(client)
    assert "Tài khoản này bị khóa" in page
    assert _user(app).locked_until is not None
    # Even the right password is refused while it is locked.
    response = client.post("/login/", data={"username": "buonmathuot",
                                            "password": DEMO_PASSWORD}, follow_redirects=True)
    assert "Tài khoản này bị khóa" in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_the_lock_ends_after_the_cool_down(app, client, login):
    for _ in range(5):
        _wrong(client)
    with app.app_context():
        user = db.session.scalar(select(AppUser).where(AppUser.username == "buonmathuot"))
        user.locked_until = datetime.utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert _signed_in(login("buonmathuot"))
    assert _user(app).fail_login_count == 0 and _user(app).locked_until is None


def test_an_administrator_unlocks(app, client, login):
    for _ in range(5):
        _wrong(client)
    user_id = _user(app).id
    login("vanphong").post("/users/action_post", data={"action": "unlock",
                                                      "rowid": [str(user_id)]})
    assert _user(app).locked_until is not None  # not an administrator: nothing happens
    login("admin").post("/users/action_post", data={"action": "unlock", "rowid": [str(user_id)]})
    assert _user(app).locked_until is None
    assert _signed_in(login("buonmathuot"))


@pytest.mark.parametrize("username", ["no-such-user", "", "buonmathuot"])
def test_the_api_login_counts_failures_too(app, client, username):
    for _ in range(5):
        client.post("/api/v1/security/login", json={"username": username,
                                                     "password": "sai", "provider": "db"})
    response = client.post("/api/v1/security/login", json={
        "username": username, "password": DEMO_PASSWORD, "provider": "db"})
    assert response.status_code in (400, 401)
