"""A new colleague from start to own password, in a real browser (Chromium via
Playwright) against the app served by gunicorn with CSRF on, every request to a
host other than 127.0.0.1 refused: the administrator adds a unit on /units/add,
then a user of that unit with a password; the user signs in, changes the
password from the user menu, signs out, and signs in again with the new
password and not with the old one."""
import os
import sqlite3

from tests.e2e.conftest import needs_chromium, sign_in

SHOTS = os.environ.get("E2E_SHOTS", "/tmp")
FIRST_PASSWORD = "KrongPac@2024a"
NEW_PASSWORD = "Phong#TuPhap99"


def _pick(page, select_id, typed, option):
    """Choose in a select2 drop-down as a person does: open, type, click."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def _row(database, sql, *args):
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, args).fetchone()


def _guard(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 500 else None)
    return errors


@needs_chromium
def test_admin_adds_a_unit_and_a_user_who_changes_their_password(server, browser, new_context):
    base = server["base"]

    # The administrator adds a unit: the kind is chosen, nothing assumed.
    admin = new_context(browser).new_page()
    errors = _guard(admin)
    sign_in(admin, base, "admin")
    admin.goto(base + "/units/list/")
    admin.click("a[href^='/units/add']")
    admin.wait_for_url(base + "/units/add")
    assert admin.input_value("#kind") == ""
    admin.fill("#code", "KP-TUPHAP")
    admin.fill("#name", "Phòng Tư pháp huyện Krông Pắc")
    admin.fill("#short_name", "Phòng Tư pháp Krông Pắc")
    admin.select_option("#kind", "other")
    _pick(admin, "parent", "Krông Pắc", "UBND huyện Krông Pắc")
    admin.screenshot(path=os.path.join(SHOTS, "user_admin_unit_form.png"), full_page=True)
    admin.click("button[type=submit]")
    admin.wait_for_url(base + "/units/list/**")
    assert "Phòng Tư pháp huyện Krông Pắc" in admin.inner_text("body")
    unit_id, parent, highest = _row(
        server["database"],
        "SELECT u.id, p.code, (SELECT MAX(sort_order) FROM unit) = u.sort_order "
        "FROM unit u JOIN unit p ON p.id = u.parent_id WHERE u.code = ?", "KP-TUPHAP")
    assert parent == "KRONGPAC" and highest == 1  # sorted after every existing unit

    # Then a user of that unit, with a password.
    admin.goto(base + "/users/list/")
    admin.click("a[href^='/users/add']")
    admin.wait_for_url(base + "/users/add")
    body = admin.inner_text("body")
    assert "Ít nhất 10 ký tự" in body and "__None" not in body and "LDAP" not in body
    admin.fill("#first_name", "Thị Hoa")
    admin.fill("#last_name", "Lê")
    admin.fill("#username", "lethihoa")
    admin.fill("#email", "lethihoa@krongpac.daklak.gov.vn")
    _pick(admin, "unit", "Tư pháp", "Phòng Tư pháp huyện Krông Pắc")
    _pick(admin, "roles", "đơn vị", "Chuyên viên đơn vị")
    admin.fill("#password", FIRST_PASSWORD)
    admin.fill("#conf_password", FIRST_PASSWORD)
    admin.screenshot(path=os.path.join(SHOTS, "user_admin_user_form.png"), full_page=True)
    admin.click("button[type=submit]")
    admin.wait_for_url(base + "/users/list/**")
    assert "lethihoa" in admin.inner_text("body")
    assert _row(server["database"], "SELECT unit_id FROM ab_user WHERE username = ?",
                "lethihoa") == (unit_id,)
    assert errors == [], errors

    # The new user signs in and changes the password from the user menu.
    page = new_context(browser).new_page()
    errors = _guard(page)
    sign_in(page, base, "lethihoa", FIRST_PASSWORD)
    # The name reads family name first, as Vietnamese names do.
    page.click("a.dropdown-toggle:has-text('Lê Thị Hoa')")
    page.click(".navbar .dropdown-menu >> text=Hồ sơ cá nhân")
    page.wait_for_url(base + "/users/userinfo/")
    assert "Phòng Tư pháp huyện Krông Pắc" in page.inner_text("body")
    page.click("a.dropdown-toggle:has-text('Lê Thị Hoa')")
    page.click(".navbar .dropdown-menu >> text=Đổi mật khẩu")
    page.wait_for_url(base + "/resetmypassword/form")
    page.fill("#current_password", FIRST_PASSWORD)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#conf_password", NEW_PASSWORD)
    page.screenshot(path=os.path.join(SHOTS, "user_admin_own_password.png"), full_page=True)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/users/userinfo/")
    assert "Đã đổi mật khẩu" in page.inner_text("body")

    # Signs out, and only the new password opens the door.
    page.click("a.dropdown-toggle:has-text('Lê Thị Hoa')")
    page.click("text=Đăng xuất")
    page.wait_for_url(base + "/")
    page.goto(base + "/login/")
    page.fill("#username", "lethihoa")
    page.fill("#password", FIRST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("text=Đăng nhập không hợp lệ").wait_for()
    assert "/login/" in page.url
    sign_in(page, base, "lethihoa", NEW_PASSWORD)
    page.goto(base + "/users/userinfo/")
    assert "lethihoa" in page.inner_text("body")
    page.screenshot(path=os.path.join(SHOTS, "user_admin_signed_in_again.png"), full_page=True)
    assert errors == [], errors
