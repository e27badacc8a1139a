"""Urging records on the screens and in the API (issue 11 items 4, 5, 8):
who opens what, the form, the answer, correction requests, and that no path
changes or deletes a record."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import CorrectionRequest, Notification, ProgressUpdate, Task, Urging
from app.rules import reminders as rr
from app.services import tracking, urging
from tests.helpers import text, unit_id, who
from tests.integration.test_tracking_services import new_document, task_in
from tests.integration.test_urging import D, data, rows


@pytest.fixture
def kp(app):
    """An accepted Krông Pắc task (Buôn Ma Thuột coordinating) and a Buôn Ma
    Thuột one, by id."""
    with app.app_context():
        ids = (task_in("accepted", new_document(), lead="KRONGPAC").id,
               task_in("accepted", new_document(number="7/UBND-TH"), lead="BMT",
                       coordinating=()).id)
        db.session.remove()
    return ids


def _urge(app, task_ids, level=rr.EXPLANATION, username="vanphong"):
    with app.app_context():
        record_id = urging.record_urging(who(username), data(task_ids, level=level),
                                         today=D).id
        db.session.remove()
    return record_id


# --- Screens --------------------------------------------------------------------------


def test_the_office_records_an_urging_on_screen(app, login, kp, T):
    web = login("vanphong")
    form = web.get(f"/urging/new?task_ids={kp[0]},{kp[1]}")
    assert form.status_code == 200
    page = text(form)
    assert f'name="task_id" value="{kp[0]}"' in page and f'value="{kp[1]}"' in page
    assert T("Qua điện thoại") == "Qua điện thoại" and "Qua điện thoại" in page
    assert "Yêu cầu giải trình" in page
    response = web.post("/urging/new", data={
        "task_id": [str(kp[0]), str(kp[1])], "form": "phone", "level": rr.EXPLANATION,
        "content": "Đề nghị giải trình việc chậm"})
    assert response.status_code == 302
    with app.app_context():
        record = db.session.scalars(select(Urging)).one()
        assert [t.id for t in record.tasks] == list(kp)
        assert db.session.get(Task, kp[0]).urging_count == 1
        record_id = record.id
    assert response.headers["Location"].endswith(f"/urging/{record_id}")
    shown = text(web.get(f"/urging/{record_id}"))
    assert "Đề nghị giải trình việc chậm" in shown and "Qua điện thoại" in shown
    assert T("The urging is recorded; the units are told.") in shown
    listed = text(web.get("/urging/"))
    assert f"/tasks/show/{kp[0]}" in listed and "Yêu cầu giải trình" in listed
    assert "04/07/2017" not in listed  # recorded today, not on D


def test_a_refused_urging_shows_the_message_and_records_nothing(app, login, kp, T):
    web = login("buonmathuot")
    form = text(web.get(f"/urging/new?task_ids={kp[0]},abc"))
    assert T(urging.NOT_URGEABLE, id=kp[0]) in form
    with app.app_context():
        before = rows()
    response = web.post("/urging/new", data={"task_id": str(kp[0]), "form": "phone",
                                             "level": rr.REMINDER, "content": "Nhắc"})
    assert response.status_code == 400
    assert T(urging.NOT_URGEABLE, id=kp[0]) in text(response)
    response = web.post("/urging/new", data={"task_id": str(kp[1]), "form": "",
                                             "content": "Nhắc"})
    assert response.status_code == 400 and T(urging.BAD_FORM) in text(response)
    with app.app_context():
        assert rows() == before


def test_the_unit_drop_down(app, login, kp):
    page = text(login("vanphong").get(f"/urging/new?unit_id={unit_id_of(app, 'KRONGPAC')}"))
    assert 'name="unit_id"' in page and "UBND huyện Krông Pắc</option>" in page
    assert f'value="{unit_id_of(app, "KRONGPAC")}" selected' in page


def unit_id_of(app, code):
    with app.app_context():
        return unit_id(code)


def test_the_lead_unit_answers_on_screen(app, login, kp, T):
    record_id = _urge(app, [kp[0]])
    office = login("vanphong")
    assert 'id="urging-answer-form"' not in text(office.get(f"/urging/{record_id}"))
    assert 'id="urging-answer-form"' not in text(login("buonmathuot").get(
        f"/urging/{record_id}"))  # it coordinates the task: reads, does not answer
    web = login("krongpac")
    assert 'id="urging-answer-form"' in text(web.get(f"/urging/{record_id}"))
    response = web.post(f"/urging/{record_id}/answer", data={"content": "Do thiếu kinh phí"})
    assert response.status_code == 302
    page = text(web.get(f"/urging/{record_id}"))
    assert "Do thiếu kinh phí" in page and 'id="urging-answer-form"' not in page
    again = web.post(f"/urging/{record_id}/answer", data={"content": "Lần hai"},
                     follow_redirects=True)
    assert T(urging.ANSWERED) in text(again) and "Lần hai" not in text(again)


def test_who_sees_what_on_screen(app, login, kp):
    mine, other = _urge(app, [kp[0]]), _urge(app, [kp[1]])
    assert login("krongpac").get(f"/urging/{other}").status_code == 404
    assert login("krongpac").get("/urging/999999").status_code == 404
    listed = text(login("krongpac").get("/urging/"))
    assert f"/urging/{mine}" in listed and f"/urging/{other}" not in listed
    leader = login("lanhdao")
    assert leader.get(f"/urging/{other}").status_code == 200
    assert leader.get("/urging/new").status_code in (302, 403)
    dic = login("sotttt")
    for url in ("/urging/", f"/urging/{mine}", "/urging/new"):
        assert dic.get(url).status_code in (302, 403), url
    for url in ("/urging/?page=-1", "/urging/?page=99999999999999", "/urging/?page=x"):
        assert login("vanphong").get(url).status_code == 200


def test_no_screen_route_changes_or_deletes_a_record(app, login, kp):
    record_id = _urge(app, [kp[0]])
    with app.app_context():
        before = rows()
    web = login("admin")
    for method, url in (("GET", f"/urging/edit/{record_id}"),
                        ("POST", f"/urging/edit/{record_id}"),
                        ("GET", f"/urging/delete/{record_id}"),
                        ("POST", f"/urging/delete/{record_id}"),
                        ("PUT", f"/urging/{record_id}"),
                        ("DELETE", f"/urging/{record_id}"),
                        ("POST", f"/urging/{record_id}")):
        assert web.open(url, method=method).status_code in (404, 405), (method, url)
    with app.app_context():
        assert rows() == before


def test_the_office_asks_for_a_correction_on_screen(app, login, kp, T):
    with app.app_context():
        tracking.act(who("krongpac"), kp[0], "progress", {"content": "Đã rà soát 50%"})
        update_id = db.session.scalars(select(ProgressUpdate.id)
                                       .where(ProgressUpdate.task_id == kp[0])).one()
        db.session.remove()
    response = login("vanphong").post("/urging/correction", data={
        "task_id": kp[0], "update_id": update_id, "content": "Số liệu chưa khớp"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/tasks/show/{kp[0]}")
    with app.app_context():
        request = db.session.scalars(select(CorrectionRequest)).one()
        assert (request.unit_id, request.update_id) == (unit_id("KRONGPAC"), update_id)
        kinds = db.session.scalars(select(Notification.kind).where(
            Notification.user_id == who("krongpac").id)).all()
        assert kinds == ["correction_request"]
    again = login("vanphong").post("/urging/correction", data={
        "task_id": kp[0], "update_id": update_id, "content": "Lần nữa"},
        follow_redirects=True)
    assert T(urging.ASKED_ALREADY) in text(again)
    assert login("krongpac").post("/urging/correction", data={
        "task_id": kp[0], "update_id": update_id, "content": "x"}).status_code in (302, 403)
    assert login("vanphong").post("/urging/correction", data={
        "task_id": "abc", "update_id": update_id, "content": "x"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CorrectionRequest)) == 1


def test_the_forms_need_the_csrf_token(app, login, kp, T):
    web = login("vanphong")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = web.post("/urging/new", data={"task_id": str(kp[0]), "form": "phone",
                                                  "level": rr.REMINDER, "content": "Nhắc"})
        assert response.status_code == 302 and "/urging/" not in response.headers["Location"]
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          text(web.get(f"/urging/new?task_ids={kp[0]}"))).group(1)
        response = web.post("/urging/new", data={"task_id": str(kp[0]), "form": "phone",
                                                  "level": rr.REMINDER, "content": "Nhắc",
                                                  "csrf_token": token})
        assert response.status_code == 302 and "/urging/" in response.headers["Location"]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# --- API ------------------------------------------------------------------------------


def test_the_api_records_reads_and_answers(app, client, api_token, kp):
    office = api_token("vanphong")
    response = client.post("/api/v1/urging/", headers=office, json={
        "task_ids": [kp[0]], "form": "email", "level": "explanation",
        "content": "Đề nghị giải trình"})
    assert response.status_code == 201, response.json
    record = response.json["result"]
    assert {k: record[k] for k in ("form", "level", "content", "task_ids", "unit_id",
                                   "answers")} == {
        "form": "email", "level": "explanation", "content": "Đề nghị giải trình",
        "task_ids": [kp[0]], "unit_id": None, "answers": []}
    assert record["author"] == "Chuyên viên Văn phòng"
    unit = api_token("krongpac")
    listed = client.get("/api/v1/urging/", headers=unit).json
    assert listed["count"] == 1 and listed["result"][0]["id"] == record["id"]
    assert client.get("/api/v1/urging/", headers=api_token("buonmathuot")).json["count"] == 1
    assert client.get("/api/v1/urging/", headers=api_token("sotaichinh")).json["count"] == 0
    assert client.get(f"/api/v1/urging/{record['id']}",
                      headers=api_token("sotaichinh")).status_code == 404
    answered = client.post(f"/api/v1/urging/{record['id']}/answer", headers=unit,
                           json={"content": "Do thiếu kinh phí"})
    assert answered.status_code == 200, answered.json
    answers = client.get(f"/api/v1/urging/{record['id']}", headers=unit).json["result"]["answers"]
    assert [(a["unit_id"], a["content"]) for a in answers] == [
        (unit_id_of(app, "KRONGPAC"), "Do thiếu kinh phí")]
    again = client.post(f"/api/v1/urging/{record['id']}/answer", headers=unit,
                        json={"content": "Lần hai"})
    assert again.status_code == 400
    assert again.json["message"] == "Đơn vị của bạn đã giải trình nội dung đôn đốc này."


@pytest.mark.parametrize("body, status, field", [
    ({"task_ids": "KP", "form": "phone", "level": "reminder", "content": "x"}, 400, None),
    ({"form": "phone", "level": "reminder", "content": "x"}, 400, None),
    ({"task_ids": [1], "form": "phone", "level": "reminder", "content": "x", "x": 1}, 400,
     "x"),
    ([1, 2], 400, None),
    ({"task_ids": [{"a": 1}], "form": "phone", "level": "reminder", "content": "x"}, 400,
     None),
    ({"unit_id": [], "form": "phone", "level": "reminder", "content": "x"}, 400, None),
])
def test_the_api_refuses_bad_bodies(app, client, api_token, kp, body, status, field):
    with app.app_context():
        before = rows()
    response = client.post("/api/v1/urging/", headers=api_token("vanphong"), json=body)
    assert response.status_code == status, response.json
    assert response.json["message"]
    assert response.json.get("field") == field
    with app.app_context():
        assert rows() == before


def test_the_api_refuses_who_may_not_urge(app, client, api_token, kp):
    with app.app_context():
        before = rows()
    body = {"task_ids": [kp[0]], "form": "phone", "level": "reminder", "content": "Nhắc"}
    refused = client.post("/api/v1/urging/", headers=api_token("buonmathuot"), json=body)
    assert refused.status_code == 403
    assert refused.json["message"] == (
        f"Bạn không được đôn đốc nhiệm vụ {kp[0]}: nhiệm vụ chưa giao, đã kết thúc, "
        "hoặc không thuộc phạm vi bạn theo dõi.")
    english = client.post("/api/v1/urging/?_l_=en", headers=api_token("buonmathuot"),
                          json=body)
    assert english.json["message"].startswith(f"Task {kp[0]} cannot be urged by you")
    for username in ("lanhdao", "sotttt"):
        assert client.post("/api/v1/urging/", headers=api_token(username),
                           json=body).status_code == 403
    assert client.get("/api/v1/urging/", headers=api_token("sotttt")).status_code == 403
    with app.app_context():
        assert rows() == before


def test_the_api_has_no_put_patch_or_delete(app, client, api_token, kp):
    record_id = _urge(app, [kp[0]])
    with app.app_context():
        before = rows()
    admin = api_token("admin")
    for method in ("PUT", "PATCH", "DELETE"):
        for url in (f"/api/v1/urging/{record_id}", "/api/v1/urging/",
                    f"/api/v1/urging/{record_id}/answer"):
            response = client.open(url, method=method, headers=admin,
                                   json={"content": "Sửa"})
            assert response.status_code == 405, (method, url, response.status_code)
    with app.app_context():
        assert rows() == before


def test_the_api_pages(app, client, api_token, kp):
    for _ in range(3):
        _urge(app, [kp[0]], level=rr.REMINDER)
    office = api_token("vanphong")
    page = client.get("/api/v1/urging/?page_size=2&page=1", headers=office).json
    assert page["count"] == 3 and len(page["result"]) == 1
    for query in ("page=-1", "page=99999999999", "page_size=0", "page_size=x"):
        assert client.get(f"/api/v1/urging/?{query}", headers=office).status_code == 200
    assert client.get("/api/v1/urging/99999999999999999999",
                      headers=office).status_code == 404
