"""Role × endpoint access matrix for the foundation's screens and API.

Expected codes are written out by hand: 200 allowed; 403 refused by role;
302 the login page for anonymous visitors; 404 an object outside the user's
unit scope; 401/403 the API's refusals.
"""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Unit

USERS = ["admin", "vanphong", "lanhdao", "sotttt", "sotaichinh", "buonmathuot", "krongpac", None]

# path template → expected code per user, in USERS order. {own} is the user's
# own unit (the Office's for users without one), {kp} is huyện Krông Pắc.
SCREENS = {
    "/units/list/":        [200, 200, 200, 200, 200, 200, 200, 302],
    "/units/show/{kp}":    [200, 200, 200, 200, 404, 404, 200, 302],
    "/units/add":          [200, 403, 403, 403, 403, 403, 403, 302],
    "/units/edit/{kp}":    [200, 403, 403, 403, 403, 403, 403, 302],
    "/unit-tree/":         [200, 200, 200, 200, 200, 200, 200, 302],
    "/users/list/":        [200, 403, 403, 403, 403, 403, 403, 302],
    "/users/add":          [200, 403, 403, 403, 403, 403, 403, 302],
    "/users/delete/1":     [404, 404, 404, 404, 404, 404, 404, 404],
    "/roles/list/":        [200, 403, 403, 403, 403, 403, 403, 302],
    "/permissions/list/":  [200, 403, 403, 403, 403, 403, 403, 302],
    "/swagger/v1":         [200, 403, 403, 403, 403, 403, 403, 302],
    "/users/userinfo/":    [200, 200, 200, 200, 200, 200, 200, 302],
    "/health":             [200, 200, 200, 200, 200, 200, 200, 200],
}

API = {
    "/api/v1/unit/":                 [200, 200, 200, 200, 200, 200, 200, 401],
    "/api/v1/unit/{kp}":             [200, 200, 200, 200, 404, 404, 200, 401],
    "/api/v1/unit/_info":            [200, 200, 200, 200, 200, 200, 200, 401],
    "/api/v1/_openapi":              [200, 200, 200, 200, 200, 200, 200, 401],
    # No security API: users and roles are managed on the screens only.
    "/api/v1/security/users/":       [404, 404, 404, 404, 404, 404, 404, 404],
    "/api/v1/security/roles/":       [404, 404, 404, 404, 404, 404, 404, 404],
}


def _ids(app):
    with app.app_context():
        return {"kp": db.session.scalar(select(Unit.id).where(Unit.code == "KRONGPAC"))}


def _cases(table):
    return [(path, user, codes[i]) for path, codes in table.items() for i, user in enumerate(USERS)]


@pytest.mark.parametrize("path,user,expected", _cases(SCREENS))
def test_screen_access(app, login, client, path, user, expected):
    web = login(user) if user else client
    response = web.get(path.format(**_ids(app)))
    assert response.status_code == expected, response.get_data(as_text=True)[:300]
    if expected == 302 and user is None:
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path,user,expected", _cases(API))
def test_api_access(app, client, api_token, path, user, expected):
    headers = api_token(user) if user else {}
    response = client.get(path.format(**_ids(app)), headers=headers)
    assert response.status_code == expected, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("user,visible", [
    ("admin", 35), ("vanphong", 35), ("lanhdao", 35), ("sotttt", 35),
    ("sotaichinh", 1), ("buonmathuot", 1), ("krongpac", 1),
])
def test_api_unit_list_is_scoped(client, api_token, user, visible):
    response = client.get("/api/v1/unit/?q=(page_size:100)", headers=api_token(user))
    assert response.json["count"] == visible


@pytest.mark.parametrize("user", ["vanphong", "lanhdao", "sotttt", "sotaichinh", "buonmathuot"])
def test_only_admin_changes_units_and_users(app, login, user):
    ids = _ids(app)
    web = login(user)
    web.post(f"/units/edit/{ids['kp']}", data={"code": "X", "name": "Hacked", "kind": "other"})
    web.post("/units/action_post", data={"action": "deactivate", "rowid": [ids["kp"]]})
    web.post("/users/add", data={"first_name": "a", "last_name": "b", "username": "intruder",
                                 "email": "i@x.vn", "roles": [1], "password": "Xx1!xxxxxx",
                                 "conf_password": "Xx1!xxxxxx"})
    with app.app_context():
        unit = db.session.get(Unit, ids["kp"])
        assert (unit.name, unit.active) == ("UBND huyện Krông Pắc", True)
        assert appbuilder_user("intruder") is None


def appbuilder_user(username):
    from app.extensions import appbuilder

    return appbuilder.sm.find_user(username=username)


def test_clerk_lists_only_own_unit(login):
    page = login("buonmathuot").get("/units/list/").get_data(as_text=True)
    assert "Buôn Ma Thuột" in page
    assert "Krông Pắc" not in page
    assert "Sở Tài chính" not in page


def test_clerk_tree_shows_only_own_unit(login):
    page = login("krongpac").get("/unit-tree/").get_data(as_text=True)
    assert "Krông Pắc" in page and "Buôn Ma Thuột" not in page
