"""The notification centre (issue 11, R6): the bell on every page, the list,
opening and marking read, the e-mail settings, and the API — each person's
own notifications only, on every path."""
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import AppUser, Notification, NotificationSetting
from app.rules import reminders as rr
from app.services import notifications as service
from tests.integration.test_tracking_services import new_document, task_in

OVERDUE = {"document": "12/KH-UBND", "content": "Báo cáo tình hình thực hiện",
           "deadline": "2017-06-30", "days": 2}


def user(username):
    return db.session.scalar(select(AppUser).where(AppUser.username == username))


def notify(username, kind=rr.OVERDUE, task_id=None, params=None, day=date(2017, 7, 4),
           **extra):
    row = Notification(user_id=user(username).id, kind=kind, task_id=task_id,
                       params=OVERDUE if params is None else params, created_on=day,
                       created_at=datetime.utcnow(), **extra)
    db.session.add(row)
    db.session.commit()
    return row.id


@pytest.fixture
def task(app):
    with app.app_context():
        task_id = task_in("accepted", new_document(), lead="KRONGPAC").id
        db.session.remove()
    return task_id


@pytest.fixture
def mine(app, task):
    """krongpac's overdue reminder of the task, and buonmathuot's."""
    with app.app_context():
        ids = notify("krongpac", task_id=task), notify("buonmathuot", task_id=task)
        db.session.remove()
    return ids


def read_at(notification_id):
    db.session.expire_all()
    return db.session.get(Notification, notification_id).read_at


def text(response):
    return response.get_data(as_text=True)


# --- The bell ------------------------------------------------------------------------


def count_statements(app):
    seen = []

    def listen(conn, cursor, statement, *args):
        if re.search(r"\bFROM notification\b", statement):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    return seen, lambda: event.remove(db.engine, "before_cursor_execute", listen)


def test_the_bell_shows_the_unread_count_with_one_statement(app, login, mine, T):
    client = login("krongpac")
    with app.app_context():
        seen, stop = count_statements(app)
        try:
            page = text(client.get("/tasks/list/"))
        finally:
            stop()
    assert len(seen) == 1, seen
    # Read with the unit's inbox counts, not by a statement of its own.
    assert re.search(r"\bFROM task\b", seen[0]), seen
    bell = re.search(r'<a href="/notifications/" id="notification-bell"\s+aria-label="([^"]+)"',
                     page)
    assert bell and bell.group(1) == T("Notifications, %(num)d unread", num=1)
    assert '<span class="badge" id="notification-count">1</span>' in page
    assert "fa-bell" in page


def test_no_badge_when_nothing_is_unread(app, login, mine, T):
    page = text(login("buonmathuot").get("/"))
    assert 'id="notification-count"' in page
    with app.app_context():
        service.mark_read(user("buonmathuot"))
    page = text(login("buonmathuot").get("/"))
    assert 'id="notification-bell"' in page and 'id="notification-count"' not in page
    assert f'aria-label="{T("Notifications")}"' in page


def test_every_role_has_the_bell(app, login):
    for username in ("admin", "vanphong", "lanhdao", "sotttt", "krongpac"):
        response = login(username).get("/notifications/")
        assert response.status_code == 200, username
        assert 'id="notification-bell"' in text(response), username


def test_anonymous_goes_to_sign_in(client, mine):
    for method, path in (("get", "/notifications/"), ("get", f"/notifications/open/{mine[0]}"),
                         ("post", f"/notifications/read/{mine[0]}"),
                         ("post", "/notifications/read-all"),
                         ("get", "/notifications/settings")):
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    assert client.get("/api/v1/notification/").status_code == 401
    assert client.post(f"/api/v1/notification/{mine[0]}/read").status_code == 401


# --- The list ------------------------------------------------------------------------


def test_the_list_in_vietnamese_newest_first(app, login, mine, task, T):
    with app.app_context():
        newer = notify("krongpac", kind=rr.DUE_TODAY, task_id=task, day=date(2017, 7, 5),
                       params={"document": "12/KH-UBND", "content": "Họp",
                               "deadline": "2017-07-05"})
    page = text(login("krongpac").get("/notifications/"))
    rows = re.findall(r'id="notification-(\d+)"', page)
    assert rows == [str(newer), str(mine[0])]  # never buonmathuot's
    sentence = T("Task of %(document)s is %(days)s working days overdue "
                 "(deadline %(deadline)s): %(content)s", document="12/KH-UBND", days=2,
                 deadline="30/06/2017", content="Báo cáo tình hình thực hiện")
    assert (f'<strong><a href="/notifications/open/{mine[0]}" class="notification-open">'
            f'{sentence}</a></strong>') in page
    assert "<td>04/07/2017</td>" in page and "<td>05/07/2017</td>" in page
    assert f"<td>{T('Overdue')}</td>" in page
    assert T("Mark all as read") in page and T("Mark as read") in page


def test_pages_and_the_unread_filter(app, login, task):
    with app.app_context():
        ids = [notify("krongpac", task_id=task, day=date(2017, 6, 1) + timedelta(i))
               for i in range(25)]
        service.mark_read(user("krongpac"), ids[:3])
    client = login("krongpac")
    first = re.findall(r'id="notification-(\d+)"', text(client.get("/notifications/")))
    second = re.findall(r'id="notification-(\d+)"', text(client.get("/notifications/?page=2")))
    assert first == [str(i) for i in reversed(ids[5:])]
    assert second == [str(i) for i in reversed(ids[:5])]
    unread = text(client.get("/notifications/?unread=1&page=2"))
    assert re.findall(r'id="notification-(\d+)"', unread) == [str(ids[4]), str(ids[3])]
    for page in ("abc", "-4", "99999999999999999999999", "1e9"):
        assert client.get(f"/notifications/?page={page}").status_code == 200, page


def test_opening_marks_read_and_leads_to_the_task(app, login, mine, task):
    client = login("krongpac")
    response = client.get(f"/notifications/open/{mine[0]}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/tasks/show/{task}")
    with app.app_context():
        assert read_at(mine[0]) is not None and read_at(mine[1]) is None
    page = text(client.get("/notifications/"))
    assert 'id="notification-count"' not in page
    assert f'class="notification notification-read" id="notification-{mine[0]}"' in page


def test_an_urging_of_several_tasks_opens_the_urging(app, login):
    with app.app_context():
        from app.models import Urging

        urging = Urging(form="document", level="reminder", content="Đôn đốc",
                        urged_on=date(2017, 7, 4), author_id=user("vanphong").id)
        db.session.add(urging)
        db.session.commit()
        urging_id = urging.id
        note = notify("krongpac", kind=rr.URGING, urging_id=urging_id,
                      params={"level": "reminder", "author_unit": "Văn phòng", "count": 2,
                              "content": "Đôn đốc"})
    response = login("krongpac").get(f"/notifications/open/{note}")
    assert response.headers["Location"].endswith(f"/urging/{urging_id}")


def test_mark_one_and_mark_all(app, login, mine, task):
    with app.app_context():
        other = notify("krongpac", task_id=task, day=date(2017, 7, 5))
    client = login("krongpac")
    response = client.post(f"/notifications/read/{mine[0]}", data={"page": "1", "unread": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/notifications/?unread=1")
    with app.app_context():
        assert read_at(mine[0]) is not None and read_at(other) is None
    assert client.post("/notifications/read-all").status_code == 302
    with app.app_context():
        assert read_at(other) is not None
        assert read_at(mine[1]) is None  # buonmathuot's stays unread


def test_another_persons_notification_is_not_found_on_every_path(app, login, mine, api_token,
                                                                  T):
    theirs = mine[1]
    client = login("krongpac")
    for response in (client.get(f"/notifications/open/{theirs}"),
                     client.post(f"/notifications/read/{theirs}")):
        assert response.status_code == 404
        assert T("Not found") in text(response)
    headers = api_token("krongpac")
    response = client.post(f"/api/v1/notification/{theirs}/read", headers=headers)
    missing = client.post("/api/v1/notification/99999999/read", headers=headers)
    assert response.status_code == missing.status_code == 404
    assert response.json == missing.json
    with app.app_context():
        assert read_at(theirs) is None


@pytest.mark.parametrize("bad", ["abc", "1.5", "-1", "0", "99999999999999999999999", "%00"])
def test_ids_that_are_no_ids_are_not_found(login, api_token, client, mine, bad):
    session = login("krongpac")
    assert session.get(f"/notifications/open/{bad}").status_code == 404
    assert session.post(f"/notifications/read/{bad}").status_code == 404
    response = client.post(f"/api/v1/notification/{bad}/read", headers=api_token("krongpac"))
    assert response.status_code == 404


# --- Settings ------------------------------------------------------------------------


def test_settings_are_kept(app, login, T):
    client = login("krongpac")
    page = text(client.get("/notifications/settings"))
    with app.app_context():
        address = user("krongpac").email
    if address:
        assert T("E-mails go to %(address)s.", address=address) in page
    assert 'id="email_enabled" checked' in page
    assert 'value="immediate" id="email_mode_immediate" checked' in page
    response = client.post("/notifications/settings", data={"email_mode": "digest"},
                           follow_redirects=True)
    assert T("Your notification settings are saved.") in text(response)
    page = text(response)
    assert 'id="email_enabled" checked' not in page
    assert 'value="digest" id="email_mode_digest" checked' in page
    with app.app_context():
        assert service.settings_of(user("krongpac")) == (False, "digest")


def test_a_bad_mode_is_refused_and_changes_nothing(app, login, T):
    response = login("krongpac").post("/notifications/settings",
                                      data={"email_enabled": "1", "email_mode": "hourly"})
    assert response.status_code == 200
    assert T("Choose how e-mails are sent: at once or in a daily digest.") in text(response)
    with app.app_context():
        assert db.session.get(NotificationSetting, user("krongpac").id) is None


def test_settings_say_when_there_is_no_address(app, login, T):
    with app.app_context():
        user("krongpac").email = ""
        db.session.commit()
    page = text(login("krongpac").get("/notifications/settings"))
    assert T("Your account has no e-mail address, so no e-mail can be sent to you. "
             "Add one in your profile to receive them.") in page


# --- API -----------------------------------------------------------------------------


def test_the_api_lists_the_callers_own(app, client, api_token, mine, task, T):
    response = client.get("/api/v1/notification/", headers=api_token("krongpac"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert response.json["count"] == 1
    [item] = response.json["result"]
    assert item == {"id": mine[0], "kind": "overdue", "task_id": task,
                    "message": T("Task of %(document)s is %(days)s working days overdue "
                                 "(deadline %(deadline)s): %(content)s",
                                 document="12/KH-UBND", days=2, deadline="30/06/2017",
                                 content="Báo cáo tình hình thực hiện"),
                    "created_on": "2017-07-04", "read": False}
    english = client.get("/api/v1/notification/?_l_=en", headers=api_token("krongpac"))
    assert english.json["result"][0]["message"] == (
        "Task of 12/KH-UBND is 2 working days overdue (deadline 2017-06-30): "
        "Báo cáo tình hình thực hiện")


def test_the_api_marks_read(app, client, api_token, mine):
    headers = api_token("krongpac")
    response = client.post(f"/api/v1/notification/{mine[0]}/read", headers=headers)
    assert response.status_code == 200
    assert response.json["result"]["read"] is True and response.json["id"] == mine[0]
    assert client.get("/api/v1/notification/?unread=true", headers=headers).json["count"] == 0
    # Again: still read, still 200.
    assert client.post(f"/api/v1/notification/{mine[0]}/read", headers=headers).status_code \
        == 200


def test_api_paging(app, client, api_token, task):
    with app.app_context():
        ids = [notify("krongpac", task_id=task, day=date(2017, 7, 3 + i)) for i in range(5)]
    headers = api_token("krongpac")
    plain = client.get("/api/v1/notification/?page=1&page_size=2", headers=headers).json
    rison = client.get("/api/v1/notification/?q=(page:1,page_size:2)", headers=headers).json
    assert plain == rison
    assert plain["count"] == 5 and [n["id"] for n in plain["result"]] == [ids[2], ids[1]]


@pytest.mark.parametrize("query", ["page=abc", "page=-1", "page_size=0", "page_size=101",
                                   "page=99999999999999999999", "unread=maybe", "q=(page:!t)",
                                   "q=((", "q=!(1,2)", "q=(page_size:1.5)", "page_size=1.5",
                                   "q=" + "!(" * 2000])
def test_bad_paging_is_a_translated_400(client, api_token, query, T):
    response = client.get(f"/api/v1/notification/?{query}", headers=api_token("krongpac"))
    assert response.status_code == 400, query
    message = response.json["message"]
    assert message in {T("page and page_size must be whole numbers (page_size at most "
                         "%(max)d).", max=100),
                       T("The page number cannot be negative."),
                       T("unread must be true or false."),
                       T("The q argument is not valid Rison or JSON.")}, message
