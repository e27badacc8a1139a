"""Unit and user administration: folded search, tree, bulk actions, scope."""
import pytest
from sqlalchemy import select

from app.extensions import appbuilder, db
from app.models import Unit
from app.scope import visible_unit_ids


def _rows(page):
    """The list's table only: the search form's dropdowns list every unit."""
    text = page.get_data(as_text=True)
    start = text.rindex("<table")
    return text[start:text.index("</table>", start)]


def _unit_id(app, code):
    with app.app_context():
        return db.session.scalar(select(Unit.id).where(Unit.code == code))


@pytest.mark.parametrize("query,found,absent", [
    ("krong pac", "Krông Pắc", "Buôn Ma Thuột"),
    ("KRÔNG PẮC", "Krông Pắc", "Buôn Ma Thuột"),
    ("buon ma thuot", "Buôn Ma Thuột", "Krông Pắc"),
    ("tai chinh", "Sở Tài chính", "Krông Pắc"),
    ("m'drak", "Đrắk", "Krông Pắc"),
])
def test_unit_list_search_ignores_diacritics(login, query, found, absent):
    text = _rows(login("admin").get("/units/list/", query_string={"_flt_0_search_key": query}))
    assert found in text
    assert absent not in text


@pytest.mark.parametrize("query,found,absent", [
    ("krong pac", "Krông Pắc", "Buôn Đôn"),
    ("ea", "Ea Kar", "Krông Pắc"),
])
def test_unit_tree_search_ignores_diacritics(login, query, found, absent):
    text = login("vanphong").get("/unit-tree/", query_string={"q": query}).get_data(as_text=True)
    assert found in text
    assert absent not in text
    assert "Ủy ban nhân dân tỉnh Đắk Lắk" in text  # the ancestor keeps the match in place


def test_admin_bulk_deactivates_and_activates_units(app, login):
    ids = [_unit_id(app, "KRONGPAC"), _unit_id(app, "LAK")]
    web = login("admin")
    web.post("/units/action_post", data={"action": "deactivate", "rowid": ids})
    with app.app_context():
        assert [db.session.get(Unit, i).active for i in ids] == [False, False]
    web.post("/units/action_post", data={"action": "activate", "rowid": ids})
    with app.app_context():
        assert [db.session.get(Unit, i).active for i in ids] == [True, True]


def test_admin_adds_a_sub_unit_that_the_parent_clerk_then_sees(app, login):
    parent = _unit_id(app, "KRONGPAC")
    response = login("admin").post("/units/add", data={
        "code": "KP-TNMT", "name": "Phòng Tài nguyên và Môi trường huyện Krông Pắc",
        "short_name": "Phòng TN&MT Krông Pắc", "kind": "other", "parent": parent,
        "active": "y", "sort_order": "1000"})
    assert response.status_code == 302
    assert "Phòng Tài nguyên và Môi trường huyện Krông Pắc" in _rows(login("krongpac").get("/units/list/"))
    assert "Phòng Tài nguyên" not in login("buonmathuot").get("/units/list/").get_data(as_text=True)


@pytest.mark.parametrize("typed,stored", [("31/12/2017", "2017-12-31"), ("2017-12-31", "2017-12-31")])
def test_unit_dates_are_typed_dd_mm_yyyy(app, login, typed, stored):
    unit_id = _unit_id(app, "LAK")
    web = login("admin")
    web.post(f"/units/edit/{unit_id}", data={
        "code": "LAK", "name": "UBND huyện Lắk", "short_name": "Lắk", "kind": "district",
        "active": "y", "sort_order": "340", "valid_to": typed})
    with app.app_context():
        assert db.session.get(Unit, unit_id).valid_to.isoformat() == stored
    assert 'value="31/12/2017"' in web.get(f"/units/edit/{unit_id}").get_data(as_text=True)


def test_a_badly_typed_unit_date_changes_nothing(app, login):
    unit_id = _unit_id(app, "LAK")
    page = login("admin").post(f"/units/edit/{unit_id}", data={
        "code": "LAK", "name": "Đổi tên", "kind": "district", "active": "y",
        "sort_order": "340", "valid_to": "32/13/2017"}).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Unit, unit_id).name == "UBND huyện Lắk"
    assert "dd/mm/yyyy" in page


def test_visible_unit_ids(app):
    with app.app_context():
        sm = appbuilder.sm
        assert visible_unit_ids(sm.find_user("vanphong")) is None
        assert visible_unit_ids(sm.find_user("sotttt")) is None
        assert visible_unit_ids(sm.find_user("krongpac")) == {_unit_id(app, "KRONGPAC")}


def test_user_list_shows_units_and_searches_without_accents(login):
    web = login("admin")
    text = _rows(web.get("/users/list/", query_string={"_flt_0_search_key": "krong pac"}))
    assert "krongpac" in text
    assert "buonmathuot" not in text
    assert "UBND huyện Krông Pắc" in text


def test_bulk_deactivated_user_cannot_sign_in(app, login, client):
    with app.app_context():
        user_id = appbuilder.sm.find_user("krongpac").id
    login("admin").post("/users/action_post", data={"action": "deactivate", "rowid": [user_id]})
    response = client.post("/login/", data={"username": "krongpac", "password": "DakLak@2016"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.app_context():
        assert appbuilder.sm.find_user("krongpac").active is False
