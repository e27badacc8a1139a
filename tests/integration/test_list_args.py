"""Odd list arguments never answer 500 (issue 9): a page or page size that is
not a number, an order on a relation or an unknown column, a filter operator
number a column does not have, a year no date can have; FAB's user download
route is gone."""
import pytest

LISTS = {
    "admin": ["/tasks/list/", "/documents/list/", "/units/list/", "/users/list/",
              "/roles/list/", "/permissionviews/list/", "/calendar/list/",
              "/secret-reports/list/"],
    "krongpac": ["/tasks/list/", "/documents/list/", "/units/list/", "/calendar/list/"],
}
VIEWS = {"/tasks/list/": "TaskModelView", "/documents/list/": "DocumentModelView",
         "/units/list/": "UnitModelView", "/users/list/": "AppUserDBModelView",
         "/roles/list/": "AppRoleModelView", "/permissionviews/list/":
         "AppPermissionViewModelView", "/calendar/list/": "CalendarDayModelView",
         "/secret-reports/list/": "SecretReportModelView"}
ODD = ["_oc_{v}=lead_unit&_od_{v}=desc", "_oc_{v}=no_such_column&_od_{v}=asc",
       "_oc_{v}=id&_od_{v}=sideways", "psize_{v}=abc", "psize_{v}=", "psize_{v}=1.5",
       "psize_{v}=99999999999999999999", "page_{v}=x", "page_{v}=-1",
       "page_{v}=99999999999999999999", "_flt_9_active=1", "_flt_5_unit=1", "_flt_2_role=1",
       "_flt_0_day=-1", "_flt_0_day=99999999999", "_flt_7_state=draft"]


@pytest.mark.parametrize("username", sorted(LISTS))
def test_odd_list_arguments_never_answer_500(login, username):
    client = login(username)
    failures = []
    for url in LISTS[username]:
        for odd in ODD:
            query = odd.format(v=VIEWS[url])
            response = client.get(f"{url}?{query}", follow_redirects=True)
            if response.status_code >= 500 or response.status_code == 404:
                failures.append((url, query, response.status_code))
    assert not failures, failures


def test_a_bad_argument_is_dropped_and_the_rest_kept(login):
    response = login("vanphong").get(
        "/tasks/list/?psize_TaskModelView=abc&_flt_0_state=draft")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/tasks/list/?_flt_0_state=draft")


def test_good_list_arguments_are_kept(login):
    client = login("vanphong")
    response = client.get("/tasks/list/?psize_TaskModelView=25&page_TaskModelView=0"
                          "&_oc_TaskModelView=deadline&_od_TaskModelView=asc")
    assert response.status_code == 200


def test_the_user_list_cannot_be_downloaded(login):
    assert login("admin").get("/users/download/csv").status_code == 404


# FAB finds page_, psize_ and _oc_ anywhere in an argument's name
# (re.findall("page_(.*)", arg)), on every screen that draws a list or a
# related list: they are checked the same way, not only page_<View>.
ANYWHERE = [("/tasks/list/", "page_=x"), ("/tasks/list/", "xpage_TaskModelView=abc"),
            ("/documents/list/", "psize_=-1"), ("/roles/show/1", "page_=x"),
            ("/units/list/", "x_oc_UnitModelView=parent&_od_UnitModelView=asc"),
            ("/calendar/list/", "%ED%A0%80=1&page_=x")]


@pytest.mark.parametrize("url, query", ANYWHERE)
def test_list_argument_names_are_found_where_fab_finds_them(login, url, query):
    client = login("admin")
    response = client.get(f"{url}?{query}")
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_list_column_the_table_lacks_is_not_an_order(app, login):
    """The calendar shows each day's weekday, which the table does not store:
    FAB offered to sort on it and the query failed (500)."""
    from datetime import date

    from sqlalchemy import select

    from app.extensions import db
    from app.models import AppUser
    from app.services import calendar

    with app.app_context():
        admin = db.session.scalar(select(AppUser).where(AppUser.username == "admin"))
        calendar.set_day(admin, date(2017, 4, 6), False, "Giỗ Tổ Hùng Vương", "1/TB-UBND")
        db.session.commit()
    client = login("admin")
    url = "/calendar/list/?_oc_CalendarDayModelView=weekday&_od_CalendarDayModelView=asc"
    assert client.get(url, follow_redirects=True).status_code == 200
    page = client.get("/calendar/list/").get_data(as_text=True)
    assert "_oc_CalendarDayModelView=weekday" not in page
    assert "_oc_CalendarDayModelView=day" in page


def test_bad_list_args_reads_names_as_fab_does():
    from werkzeug.datastructures import MultiDict

    from app.web.list_args import bad_list_args

    sortable = {"TaskModelView": {"deadline"}}
    assert bad_list_args(MultiDict([("page_", "x"), ("apsize_B", "-1"), ("page_T", "3"),
                                    ("_oc_TaskModelView", "deadline"),
                                    ("_od_TaskModelView", "asc")]), sortable) \
        == {"page_", "apsize_B"}
    assert bad_list_args(MultiDict([("x_oc_TaskModelView", "lead_unit")]), sortable) \
        == {"x_oc_TaskModelView", "_od_TaskModelView"}
    assert bad_list_args(MultiDict([("_oc_TaskModelView", "deadline"),
                                    ("_oc_TaskModelView", "lead_unit")]), sortable) \
        == {"_oc_TaskModelView", "_od_TaskModelView"}
