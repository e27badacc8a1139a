"""User administration, everyone's own password and profile, and the security
screens as an administrator reads them (issue 7, items 1, 2 and 4).

Through the FAB test client with real sign-ins: every bad form comes back with
a Vietnamese message and saves nothing, never a 500."""
import html
import json
import re
from datetime import datetime

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.demo.accounts import DEMO_PASSWORD, has_demo_users
from app.extensions import appbuilder, db
from app.models import AppUser, Unit
from app.roles import ADMIN, OFFICE_SPECIALIST, UNIT_CLERK

NEW_PASSWORD = "Buon@Ma2024t"
DEMO_USERS = ["admin", "vanphong", "lanhdao", "sotttt", "sotaichinh", "buonmathuot", "krongpac"]
POLICY = "Ít nhất 10 ký tự, trong đó có ít nhất hai chữ in hoa, ba chữ thường, hai chữ số"


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _role_id(app, name):
    with app.app_context():
        return appbuilder.sm.find_role(name).id


def _unit_id(app, code):
    with app.app_context():
        return db.session.scalar(select(Unit.id).where(Unit.code == code))


def _user(app, username):
    with app.app_context():
        user = db.session.scalar(select(AppUser).where(AppUser.username == username))
        if user is None:
            return None
        return {"id": user.id, "password": user.password, "unit": user.unit_id,
                "roles": sorted(r.name for r in user.roles), "active": user.active,
                "first_name": user.first_name, "last_name": user.last_name,
                "email": user.email, "username": user.username}


def _user_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(AppUser.id)))


def _signs_in(app, username, password):
    """Whether this username and password open a session (FAB answers a
    failed sign-in with a redirect too: ask for a page that needs one)."""
    web = app.test_client()
    web.post("/login/", data={"username": username, "password": password})
    return web.get("/users/userinfo/").status_code == 200


def _new_user(app, **changes):
    data = {"first_name": "Văn An", "last_name": "Nguyễn", "username": "nvan",
            "email": "nvan@daklak.example.vn", "active": "y",
            "unit": str(_unit_id(app, "KRONGPAC")), "roles": [str(_role_id(app, UNIT_CLERK))],
            "password": NEW_PASSWORD, "conf_password": NEW_PASSWORD}
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# --- 1. An administrator creates a user ----------------------------------------------


def test_the_add_form_asks_for_password_unit_and_roles_and_states_the_policy(login):
    page = _text(login("admin").get("/users/add"))
    for name in ("password", "conf_password", "unit", "roles", "username", "email"):
        assert f'name="{name}"' in page, name
    assert POLICY in page
    text = _visible(login("admin").get("/users/add"))
    for raw in ("__None", "LDAP", "OpenID", "OID", "Public", "Office specialist"):
        assert raw not in text, raw
    assert "Chuyên viên đơn vị" in text and "(không thuộc đơn vị nào)" in text


def test_admin_creates_a_user_who_then_signs_in(app, login):
    response = login("admin").post("/users/add", data=_new_user(app))
    assert response.status_code == 302
    saved = _user(app, "nvan")
    assert saved["unit"] == _unit_id(app, "KRONGPAC")
    assert saved["roles"] == [UNIT_CLERK] and saved["active"] is True
    assert saved["password"] != NEW_PASSWORD
    assert check_password_hash(saved["password"], NEW_PASSWORD)
    assert _signs_in(app, "nvan", NEW_PASSWORD)
    assert not _signs_in(app, "nvan", "Wrong@Pass2024")


def test_an_office_user_needs_no_unit(app, login):
    data = _new_user(app, unit="__None", roles=[str(_role_id(app, OFFICE_SPECIALIST))])
    assert login("admin").post("/users/add", data=data).status_code == 302
    assert _user(app, "nvan")["unit"] is None


BAD_USERS = [
    # (case, changes to a good form, the message shown)
    ("everything empty", {k: "" for k in ("first_name", "last_name", "username", "email",
                                           "password", "conf_password")} | {"roles": None,
                                                                             "unit": None},
     "Trường này là bắt buộc."),
    ("no password", {"password": None, "conf_password": None}, "Trường này là bắt buộc."),
    ("no confirmation", {"conf_password": ""}, "Trường này là bắt buộc."),
    ("mismatched passwords", {"conf_password": "Buon@Ma2024x"},
     "Mật khẩu nhập lại phải trùng khớp"),
    ("weak password", {"password": "abc", "conf_password": "abc"},
     "Phải có ít nhất hai chữ cái in hoa"),
    ("password without digits", {"password": "BuonMa@Thuot", "conf_password": "BuonMa@Thuot"},
     "Phải có ít nhất hai chữ cái in hoa"),
    ("password far too long", {"password": "Aa1@" * 40 + "Bb22", "conf_password": "Aa1@" * 40
                               + "Bb22"}, "Trường này không được dài quá 128 ký tự."),
    ("no role", {"roles": None}, "Hãy chọn ít nhất một vai trò."),
    ("bogus role id", {"roles": ["999999"]}, "Lựa chọn không hợp lệ"),
    ("role id not a number", {"roles": ["admin"]}, "Lựa chọn không hợp lệ"),
    ("bogus unit id", {"unit": "999999"}, "Lựa chọn không hợp lệ"),
    ("unit id not a number", {"unit": "abc"}, "Lựa chọn không hợp lệ"),
    ("unit clerk without a unit", {"unit": "__None"}, "Hãy chọn đơn vị công tác"),
    ("duplicate username", {"username": "vanphong"}, "Tên đăng nhập này đã có người dùng."),
    ("duplicate username, other case", {"username": "VanPhong"},
     "Tên đăng nhập này đã có người dùng."),
    ("duplicate e-mail", {"email": "VANPHONG@daklak.example.vn"},
     "Thư điện tử này đã được dùng cho người dùng khác."),
    ("e-mail without @", {"email": "nvan.daklak.vn"}, "Địa chỉ email không hợp lệ."),
    ("username with a space", {"username": "nguyen van"}, "Chỉ dùng chữ cái không dấu"),
    ("username with accents", {"username": "nguyễn"}, "Chỉ dùng chữ cái không dấu"),
    ("username of one letter", {"username": "n"}, "Trường này phải có độ dài từ"),
    ("first name only spaces", {"first_name": "   "}, "Trường này là bắt buộc."),
    ("last name too long", {"last_name": "x" * 65}, "Trường này không được dài quá 64 ký tự."),
]


@pytest.mark.parametrize("case,changes,message", BAD_USERS, ids=[c[0] for c in BAD_USERS])
def test_a_bad_user_form_shows_a_message_and_saves_nothing(app, login, case, changes, message):
    before = _user_count(app)
    response = login("admin").post("/users/add", data=_new_user(app, **changes))
    assert response.status_code == 200, case
    page = _text(response)
    assert message in page, case
    assert "Traceback" not in page and "NoneType" not in page
    assert _user_count(app) == before
    assert _user(app, "nvan") is None


def test_editing_a_user_without_roles_is_a_message(app, login):
    krongpac = _user(app, "krongpac")
    response = login("admin").post(f"/users/edit/{krongpac['id']}", data={
        "first_name": "Văn thư", "last_name": "Krông Pắc", "username": "krongpac",
        "email": "krongpac@daklak.example.vn", "active": "y",
        "unit": str(krongpac["unit"])})
    assert response.status_code == 200
    assert "Hãy chọn ít nhất một vai trò." in _text(response)
    assert _user(app, "krongpac")["roles"] == [UNIT_CLERK]


def test_admin_moves_a_user_to_another_unit(app, login):
    krongpac = _user(app, "krongpac")
    response = login("admin").post(f"/users/edit/{krongpac['id']}", data={
        "first_name": "Văn thư", "last_name": "Krông Pắc", "username": "krongpac",
        "email": "krongpac@daklak.example.vn", "active": "y",
        "unit": str(_unit_id(app, "BMT")), "roles": [str(_role_id(app, UNIT_CLERK))]})
    assert response.status_code == 302
    assert _user(app, "krongpac")["unit"] == _unit_id(app, "BMT")


@pytest.mark.parametrize("changes,message", [
    ({"active": None}, "Bạn không thể ngừng hoạt động tài khoản của chính mình."),
    ({"roles": "office"}, "Bạn không thể bỏ vai trò Quản trị viên của chính mình."),
])
def test_the_administrator_cannot_lock_themselves_out(app, login, changes, message):
    admin = _user(app, "admin")
    data = {"first_name": "Quản trị", "last_name": "hệ thống", "username": "admin",
            "email": "admin@daklak.example.vn", "active": "y", "unit": "__None",
            "roles": [str(_role_id(app, ADMIN))]}
    if changes.get("roles") == "office":
        data["roles"] = [str(_role_id(app, OFFICE_SPECIALIST))]
    if "active" in changes:
        data.pop("active")
    response = login("admin").post(f"/users/edit/{admin['id']}", data=data)
    assert response.status_code == 200
    assert message in _text(response)
    assert _user(app, "admin")["roles"] == [ADMIN] and _user(app, "admin")["active"]


def test_bulk_deactivation_spares_the_administrator_themselves(app, login):
    ids = [_user(app, "admin")["id"], _user(app, "krongpac")["id"]]
    response = login("admin").post("/users/action_post", data={"action": "deactivate",
                                                               "rowid": ids})
    assert response.status_code == 302
    assert _user(app, "admin")["active"] and not _user(app, "krongpac")["active"]


@pytest.mark.parametrize("url", ["/users/action/nosuch/1", "/units/action/nosuch/1"])
def test_an_unknown_action_is_not_found(login, url):
    assert login("admin").post(url).status_code == 404


@pytest.mark.parametrize("url", ["/users/action_post", "/units/action_post"])
def test_an_unknown_bulk_action_is_not_found(login, url):
    assert login("admin").post(url, data={"action": "nosuch", "rowid": [1]}).status_code == 404


def test_a_bulk_action_on_a_missing_row_is_no_500(login):
    response = login("admin").post("/users/action_post", data={"action": "activate",
                                                               "rowid": ["999999"]})
    assert response.status_code == 302


# --- 1. An administrator sets another user's password ------------------------------


def test_admin_sets_another_users_password_who_then_signs_in_with_it(app, login):
    sotaichinh = _user(app, "sotaichinh")
    web = login("admin")
    show = _text(web.get(f"/users/show/{sotaichinh['id']}"))
    assert "Đặt mật khẩu mới" in show
    response = web.post(f"/users/action/resetpasswords/{sotaichinh['id']}")
    assert response.status_code == 302
    assert f"/resetpassword/form?pk={sotaichinh['id']}" in response.headers["Location"]
    form = _text(web.get(f"/resetpassword/form?pk={sotaichinh['id']}"))
    assert "Đặt mật khẩu mới cho Văn thư Sở Tài chính (sotaichinh)" in form
    assert POLICY in form
    response = web.post(f"/resetpassword/form?pk={sotaichinh['id']}",
                        data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/users/show/{sotaichinh['id']}")
    assert _signs_in(app, "sotaichinh", NEW_PASSWORD)
    assert not _signs_in(app, "sotaichinh", DEMO_PASSWORD)


@pytest.mark.parametrize("data,message", [
    ({"password": "", "conf_password": ""}, "Trường này là bắt buộc."),
    ({"password": "abc", "conf_password": "abc"}, "Phải có ít nhất hai chữ cái in hoa"),
    ({"password": NEW_PASSWORD, "conf_password": "Other@Pass2024"},
     "Mật khẩu nhập lại phải trùng khớp"),
])
def test_a_bad_new_password_changes_nothing(app, login, data, message):
    target = _user(app, "sotaichinh")
    response = login("admin").post(f"/resetpassword/form?pk={target['id']}", data=data)
    assert response.status_code == 200
    assert message in _text(response)
    assert _user(app, "sotaichinh")["password"] == target["password"]


@pytest.mark.parametrize("query", ["", "?pk=", "?pk=999999", "?pk=abc", "?pk=99999999999999999"])
def test_setting_the_password_of_nobody_is_not_found(login, query):
    web = login("admin")
    assert web.get("/resetpassword/form" + query).status_code == 404
    assert web.post("/resetpassword/form" + query,
                    data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD}
                    ).status_code == 404


@pytest.mark.parametrize("user", DEMO_USERS[1:])
def test_only_the_administrator_sets_other_peoples_passwords(app, login, user):
    target = _user(app, "admin")
    web = login(user)
    assert web.get(f"/resetpassword/form?pk={target['id']}").status_code == 403
    web.post(f"/resetpassword/form?pk={target['id']}",
             data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD})
    web.post(f"/users/action/resetpasswords/{target['id']}")
    assert _user(app, "admin")["password"] == target["password"]


# --- 2. Everyone changes their own password and profile ---------------------------


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_demo_user_changes_their_own_password_from_the_profile(app, login, username):
    web = login(username)
    me = _user(app, username)
    profile = _text(web.get("/users/userinfo/"))
    assert "Đổi mật khẩu" in profile and "Sửa thông tin cá nhân" in profile
    for button in ("resetmypassword", "userinfoedit"):  # FAB shows an action's button only
        assert f'id="btn-action-AppUserDBModelView.action-{button}"' in profile  # if held
    response = web.post(f"/users/action/resetmypassword/{me['id']}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/resetmypassword/form")
    form = _text(web.get("/resetmypassword/form"))
    assert "Mật khẩu hiện tại" in form and POLICY in form
    wrong = web.post("/resetmypassword/form", data={
        "current_password": "Not@Mine2024", "password": NEW_PASSWORD,
        "conf_password": NEW_PASSWORD})
    assert wrong.status_code == 200 and "Mật khẩu hiện tại không đúng." in _text(wrong)
    assert _user(app, username)["password"] == me["password"]
    response = web.post("/resetmypassword/form", data={
        "current_password": DEMO_PASSWORD, "password": NEW_PASSWORD,
        "conf_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/users/userinfo/")
    assert _signs_in(app, username, NEW_PASSWORD)
    assert not _signs_in(app, username, DEMO_PASSWORD)


@pytest.mark.parametrize("data,message", [
    ({"current_password": DEMO_PASSWORD, "password": DEMO_PASSWORD,
      "conf_password": DEMO_PASSWORD}, "Mật khẩu mới phải khác mật khẩu hiện tại."),
    ({"current_password": DEMO_PASSWORD, "password": "short", "conf_password": "short"},
     "Phải có ít nhất hai chữ cái in hoa"),
    ({"current_password": DEMO_PASSWORD, "password": NEW_PASSWORD,
      "conf_password": "Buon@Ma2024x"}, "Mật khẩu nhập lại phải trùng khớp"),
    ({"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD}, "Trường này là bắt buộc."),
    ({}, "Trường này là bắt buộc."),
])
def test_a_bad_own_password_form_changes_nothing(app, login, data, message):
    before = _user(app, "krongpac")["password"]
    response = login("krongpac").post("/resetmypassword/form", data=data)
    assert response.status_code == 200
    assert message in _text(response)
    assert _user(app, "krongpac")["password"] == before


def test_once_every_demo_user_changed_their_password_no_demo_password_works(app, login):
    for username in DEMO_USERS:
        response = login(username).post("/resetmypassword/form", data={
            "current_password": DEMO_PASSWORD, "password": NEW_PASSWORD,
            "conf_password": NEW_PASSWORD})
        assert response.status_code == 302
    with app.app_context():
        assert not has_demo_users()


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_demo_user_edits_their_own_profile_but_not_their_account(app, login, username):
    web = login(username)
    me = _user(app, username)
    assert web.post(f"/users/action/userinfoedit/{me['id']}").headers["Location"].endswith(
        "/userinfoeditview/form")
    form = _text(web.get("/userinfoeditview/form"))
    assert f'value="{me["email"]}"' in form
    for name in ("roles", "unit", "active", "username"):
        assert f'name="{name}"' not in form
    response = web.post("/userinfoeditview/form", data={
        "first_name": "  Thị Bình ", "last_name": "Trần", "email": f"{username}@daklak.gov.vn",
        # Posted by hand: none of these may change.
        "roles": [str(_role_id(app, ADMIN))], "unit": str(_unit_id(app, "VP")),
        "active": "", "username": "someoneelse"})
    assert response.status_code == 302
    after = _user(app, username)
    assert (after["first_name"], after["last_name"], after["email"]) == (
        "Thị Bình", "Trần", f"{username}@daklak.gov.vn")
    assert (after["roles"], after["unit"], after["active"], after["username"]) == (
        me["roles"], me["unit"], me["active"], me["username"])


@pytest.mark.parametrize("data,message", [
    ({"first_name": "", "last_name": "Trần", "email": "a@daklak.gov.vn"},
     "Trường này là bắt buộc."),
    ({"first_name": "Bình", "last_name": "Trần", "email": "VANPHONG@daklak.example.vn"},
     "Thư điện tử này đã được dùng cho người dùng khác."),
    ({"first_name": "Bình", "last_name": "Trần", "email": "not-an-address"},
     "Địa chỉ email không hợp lệ."),
])
def test_a_bad_profile_changes_nothing(app, login, data, message):
    before = _user(app, "krongpac")
    response = login("krongpac").post("/userinfoeditview/form", data=data)
    assert response.status_code == 200
    assert message in _text(response)
    assert _user(app, "krongpac") == before


def test_keeping_ones_own_email_is_fine(app, login):
    response = login("krongpac").post("/userinfoeditview/form", data={
        "first_name": "Văn thư", "last_name": "Krông Pắc", "email": "krongpac@daklak.example.vn"})
    assert response.status_code == 302


# --- 4. No raw or English values on the security screens ---------------------------

RAW = re.compile(r"\bcan_\w+|\bmenu_access\b|\w+(?:ModelView|View|Api)\b|\[\]|\[<|"
                 r"\d{2}:\d{2}:\d{2}\.\d+|__None")


def _visible(response):
    text = _text(response)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.parametrize("path", ["/roles/list/", "/roles/show/{role}", "/permissions/list/",
                                  "/viewmenus/list/", "/permissionviews/list/",
                                  "/users/list/", "/users/show/{user}", "/users/userinfo/",
                                  "/users/add", "/users/edit/{user}",
                                  "/resetpassword/form?pk={user}", "/resetmypassword/form",
                                  "/userinfoeditview/form", "/units/add"])
def test_security_screens_show_no_raw_values(app, login, path):
    url = path.format(role=_role_id(app, OFFICE_SPECIALIST), user=_user(app, "vanphong")["id"])
    response = login("admin").get(url + ("" if "?" in url else "?psize_AppPermissionViewModelView"
                                         "=500&psize_AppViewMenuModelView=500"
                                         "&psize_AppPermissionModelView=500"))
    assert response.status_code == 200
    text = _visible(response)
    assert RAW.findall(text) == []
    if "psize" in response.request.url and "list" in url:
        assert "Tổng số bản ghi" in text and "»" not in text  # one page: every row checked
    for english in ("Office specialist", "List Roles", "Reset Password", "Permissions on",
                    "Is Active?", "LDAP", "OpenID", "User's Statistics", "Select Value"):
        assert english not in text, english


def test_the_roles_read_as_labels_and_purposes(app, login):
    web = login("admin")
    text = _visible(web.get("/roles/list/"))
    for label in ("Quản trị viên", "Chuyên viên Văn phòng", "Lãnh đạo UBND tỉnh (chỉ xem)",
                  "Chuyên viên đơn vị", "Cán bộ CNTT Sở TT&TT"):
        assert label in text
    assert "Public" not in text
    show = _visible(web.get(f"/roles/show/{_role_id(app, UNIT_CLERK)}"))
    assert "Màn hình Nhiệm vụ:" in show and "xử lý nhiệm vụ" in show
    assert re.search(r"Màn hình Người dùng: xem thông tin tài khoản của mình, "
                     r"sửa thông tin cá nhân của mình, đổi mật khẩu của mình\n", show)


def test_roles_are_read_only_on_screen(app, login):
    web = login("admin")
    role = _role_id(app, OFFICE_SPECIALIST)
    for url in ("/roles/add", f"/roles/edit/{role}", f"/roles/delete/{role}"):
        assert web.get(url).status_code == 404


def test_every_registered_permission_and_view_has_a_label(app):
    from app.screens.access import permission_label, view_label

    with app.test_request_context():
        sm = appbuilder.sm
        unlabelled = sorted(
            {pv.permission.name for pv in db.session.scalars(select(sm.permissionview_model))
             if permission_label(pv.permission.name) == pv.permission.name}
            | {pv.view_menu.name for pv in db.session.scalars(select(sm.permissionview_model))
               if view_label(pv.view_menu.name) == pv.view_menu.name})
    assert unlabelled == [], "add them to PERMISSION_LABELS / VIEW_LABELS in app/roles.py"


@pytest.mark.parametrize("url", ["/userstatschartview/chart/", "/groups/list/", "/groups/add"])
def test_statistics_and_groups_are_gone(login, url):
    assert login("admin").get(url).status_code == 404


def test_the_security_menu_offers_neither_statistics_nor_groups(login):
    text = _visible(login("admin").get("/users/list/"))
    assert "Thống kê người dùng" not in text and "Nhóm người dùng" not in text
    assert "Danh sách người dùng" in text


def test_last_login_shows_in_vietnam_time(app, login):
    stamp = datetime(2024, 3, 1, 1, 30)  # FAB stamps the server's local time
    with app.app_context():
        user = db.session.scalar(select(AppUser).where(AppUser.username == "krongpac"))
        user.last_login = stamp
        user.created_on = datetime(2024, 2, 1, 8, 0, 0, 123456)
        db.session.commit()
        user_id = user.id
    from zoneinfo import ZoneInfo
    vn = stamp.astimezone().astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")
    web = login("admin")
    assert vn in _visible(web.get("/users/list/?_flt_0_search_key=krongpac"))
    shown = _visible(web.get(f"/users/show/{user_id}"))
    assert vn in shown and "123456" not in shown and "2024-02-01" not in shown


# --- 4. Units: no assumed kind, new units at the end ---------------------------------


def test_the_unit_kind_has_no_default_and_is_required(app, login):
    web = login("admin")
    page = _text(web.get("/units/add"))
    kind = page[page.index('name="kind"'):]
    kind = kind[:kind.index("</select>")]
    assert "selected" not in kind.split("</option>", 1)[1]
    assert ">__None<" not in page and "(không có: đơn vị cấp cao nhất)" in page
    before = _unit_count(app)
    response = web.post("/units/add", data={"code": "NEWU", "name": "Đơn vị mới",
                                             "active": "y"})
    assert response.status_code == 200
    assert "Hãy chọn loại đơn vị." in _text(response)
    assert _unit_count(app) == before


def _unit_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Unit.id)))


def test_a_unit_added_without_sort_order_comes_last(app, login):
    with app.app_context():
        highest = db.session.scalar(select(func.max(Unit.sort_order)))
    response = login("admin").post("/units/add", data={
        "code": "NEWU", "name": "Ban Quản lý dự án mới", "kind": "other", "active": "y",
        "sort_order": ""})
    assert response.status_code == 302
    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == "NEWU"))
        assert unit.sort_order == highest + 10
    rows = _visible(login("admin").get("/units/list/?psize_UnitModelView=100"))
    assert rows.index("Ban Quản lý dự án mới") > rows.index("Ủy ban nhân dân tỉnh Đắk Lắk")


def test_the_user_search_offers_role_labels_and_finds_by_role(app, login):
    web = login("admin")
    page = _text(web.get("/users/list/"))
    search = page[:page.rindex("<table")]

    def option(label):  # the search form's fields travel as JSON in a script
        return "\\u003e" + json.dumps(label)[1:-1] + "\\u003c"

    assert option("Chuyên viên đơn vị") in search and option("Unit clerk") not in search
    rows = _text(web.get(f"/users/list/?_flt_0_roles={_role_id(app, UNIT_CLERK)}"))
    rows = rows[rows.rindex("<table"):]
    assert "krongpac" in rows and "sotaichinh" in rows and "vanphong" not in rows
    rows = _text(web.get(f"/users/list/?_flt_0_unit={_unit_id(app, 'KRONGPAC')}"))
    rows = rows[rows.rindex("<table"):]
    assert "krongpac" in rows and "sotaichinh" not in rows


@pytest.mark.parametrize("method,url", [
    ("get", "/users/show/abc"), ("get", "/users/show/99999999999999999999"),
    ("get", "/users/edit/99999999999999999999"), ("post", "/users/edit/abc"),
    ("post", "/users/action/resetpasswords/abc"),
    ("post", "/users/action/resetpasswords/99999999999999999999"),
    ("get", "/roles/show/99999999999999999999"), ("get", "/roles/show/abc"),
])
def test_odd_ids_on_the_user_screens_are_not_found(login, method, url):
    assert getattr(login("admin"), method)(url).status_code == 404


BAD_UNITS = [
    ("no kind", {"kind": ""}, "Hãy chọn loại đơn vị."),
    ("unknown kind", {"kind": "ministry"}, "Lựa chọn không hợp lệ"),
    ("bogus parent", {"parent": "999999"}, "Lựa chọn không hợp lệ"),
    ("duplicate code", {"code": "KRONGPAC"}, "Đã tồn tại."),
    ("sort order not a number", {"sort_order": "mười"}, "Giá trị số nguyên không hợp lệ."),
    ("negative sort order", {"sort_order": "-5"}, "Số phải nằm trong khoảng từ 0"),
    ("no name", {"name": ""}, "Trường này là bắt buộc."),
]


@pytest.mark.parametrize("case,changes,message", BAD_UNITS, ids=[c[0] for c in BAD_UNITS])
def test_a_bad_unit_form_shows_a_message_and_saves_nothing(app, login, case, changes, message):
    before = _unit_count(app)
    data = {"code": "NEWU", "name": "Ban Quản lý dự án mới", "kind": "other", "active": "y",
            "parent": str(_unit_id(app, "KRONGPAC")), "sort_order": ""} | changes
    response = login("admin").post("/units/add", data=data)
    assert response.status_code == 200, case
    assert message in _text(response), case
    assert _unit_count(app) == before


@pytest.mark.parametrize("username", ["admin", "vanphong", "lanhdao", "sotttt", "sotaichinh",
                                      "buonmathuot", "krongpac"])
def test_the_user_menu_offers_the_own_password_and_profile(login, username):
    page = login(username).get("/").get_data(as_text=True)
    menu = page[page.index('class="fa fa-user"'):]
    assert 'href="/resetmypassword/form"' in menu and "Đổi mật khẩu" in menu
    assert 'href="/userinfoeditview/form"' in menu and "Sửa thông tin cá nhân" in menu
    # The language in use is Vietnamese: its flag shows, not the English one.
    assert re.search(r'<i class="flag (\w+)"></i><b class="caret">', page).group(1) == "vn"


def test_full_names_read_family_name_first(ctx):
    from app.models import AppUser

    assert AppUser(first_name="Văn An", last_name="Nguyễn").get_full_name() == "Nguyễn Văn An"
    assert AppUser(username="x", first_name="", last_name="").get_full_name() == "x"
