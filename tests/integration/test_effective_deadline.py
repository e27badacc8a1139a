"""Civil Code 2015 art. 148(5) end to end: a deadline on a day off ends on the
next working day; the stored ``effective_deadline`` drives the flags the CLI,
the daily job, the API and the task page show, and entering such a deadline
warns without refusing."""
import re
from datetime import date

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import select

from app.extensions import db
from app.models import Task
from app.rules.timeliness import DAY_OFF_DEADLINE_MESSAGE
from app.services import calendar as cal_service
from app.services import tracking
from tests.helpers import who, unit_id

D = date


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args):
        result = runner.invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.fixture
def seeded(ctx):
    cal_service.seed_calendar(2016, 2027)


def document(number="101/UBND-TH", issued_on="2017-04-03"):
    return tracking.create_document(who("vanphong"), {
        "doc_type": "official_letter", "number_symbol": number,
        "summary": "V/v chuẩn bị kỷ niệm ngày Giải phóng miền Nam 30/4",
        "issued_on": issued_on, "issuing_authority": "chairman"})


def task_due(deadline, number="101/UBND-TH", lead="STC", issued_on="2017-04-03"):
    doc = document(number, issued_on)
    task = tracking.create_task(who("vanphong"), doc.id, {
        "content": "Tổ chức các hoạt động kỷ niệm", "lead_unit_id": unit_id(lead),
        "has_deadline": True, "deadline": deadline}, transfer=True)
    tracking.act(who("sotaichinh"), task.id, "accept", {})
    return task.id


def flags(task_id):
    db.session.expire_all()
    task = db.session.get(Task, task_id)
    return (task.timeliness, task.effective_deadline, task.working_days_overdue,
            task.calendar_days_overdue)


def test_due_sunday_30_4_2017_is_overdue_only_after_wednesday_3_5(cli, seeded):
    task_id = task_due("2017-04-30")
    assert cli("tasks", "refresh-flags", "--today", "2017-05-01").strip() == "1"
    assert flags(task_id) == ("due_soon", D(2017, 5, 3), 0, 0)
    cli("tasks", "refresh-flags", "--today", "2017-05-03")
    assert flags(task_id) == ("due_soon", D(2017, 5, 3), 0, 0)
    cli("tasks", "refresh-flags", "--today", "2017-05-04")
    assert flags(task_id) == ("overdue", D(2017, 5, 3), 1, 1)


def test_a_result_sent_on_the_effective_day_is_on_time(cli, seeded):
    on_time, late = task_due("2017-04-30"), task_due("2017-04-30", number="102/UBND-TH")
    # The unit reported done on Wednesday 3/5 and on Thursday 4/5 (the report
    # itself is dated today by the workflow: the dates are put back to 2017).
    for task_id, day in ((on_time, D(2017, 5, 3)), (late, D(2017, 5, 4))):
        tracking.act(who("sotaichinh"), task_id, "report-done", {"content": "Đã tổ chức"})
        db.session.get(Task, task_id).done_on = day
    db.session.commit()
    cli("tasks", "refresh-flags", "--today", "2017-05-31")
    assert flags(on_time) == ("done_on_time", D(2017, 5, 3), 0, 0)
    assert flags(late) == ("done_late", D(2017, 5, 3), 1, 1)


def test_a_working_day_deadline_is_its_own_effective_deadline(cli, seeded):
    task_id = task_due("2017-04-28")
    cli("tasks", "refresh-flags", "--today", "2017-04-29")
    assert flags(task_id) == ("overdue", D(2017, 4, 28), 0, 1)


def test_the_effective_deadline_follows_the_calendar(cli, seeded):
    task_id = task_due("2017-05-03")
    cli("tasks", "refresh-flags", "--today", "2017-05-02")
    assert flags(task_id)[:2] == ("due_soon", D(2017, 5, 3))
    # An administrator declares Wednesday 3/5 a day off: the deadline moves to Thursday.
    cal_service.set_day(None, D(2017, 5, 3), False, "Nghỉ thử", "01/TB-UBND")
    cli("tasks", "refresh-flags", "--today", "2017-05-04")
    assert flags(task_id)[:2] == ("due_soon", D(2017, 5, 4))


def test_a_saved_task_gets_its_effective_deadline_at_once(seeded):
    task_id = task_due("2017-01-28", issued_on="2017-01-10")  # Saturday of Tết Đinh Dậu
    assert db.session.get(Task, task_id).effective_deadline == D(2017, 2, 2)


def test_entering_a_deadline_on_a_day_off_warns_and_keeps_it(seeded):
    doc = document()
    office = who("vanphong")
    task = tracking.create_task(office, doc.id, {
        "content": "Báo cáo kết quả", "lead_unit_id": unit_id("STC"), "has_deadline": True,
        "deadline": "2017-04-30"})
    assert task.deadline == D(2017, 4, 30)
    [warning] = tracking.deadline_warnings([task])
    assert warning.params == {"deadline": D(2017, 4, 30), "effective": D(2017, 5, 3),
                              "field": "deadline"}
    task = tracking.update_task(office, task.id, {"deadline": "2017-05-05"}, task.version)
    assert tracking.deadline_warnings([task]) == []
    no_deadline = tracking.create_task(office, doc.id, {
        "content": "Theo dõi", "lead_unit_id": unit_id("STC"), "has_deadline": False,
        "report_cycle": "quarter"})
    assert tracking.deadline_warnings([no_deadline]) == []
    # Quick entry rows carry their row number.
    row_task = Task(has_deadline=True, deadline=D(2017, 9, 2))  # National Day, a Saturday
    [quick] = tracking.deadline_warnings([(1, task), (3, row_task)])
    assert quick.params["row"] == 3
    assert quick.params["effective"] == D(2017, 9, 5)  # Monday 4/9 is the day off in lieu


# --- The API and the screens --------------------------------------------------------------


def test_api_shows_the_effective_deadline_and_warns_on_entry(seeded, client, api_token):
    doc = document()
    headers = api_token("vanphong")
    body = {"document_id": doc.id, "content": "Tổ chức kỷ niệm", "lead_unit_id": unit_id("STC"),
            "has_deadline": True, "deadline": "2017-04-30"}
    created = client.post("/api/v1/task/", headers=headers, json=body,
                          query_string={"_l_": "vi"})
    assert created.status_code == 201, created.json
    assert created.json["result"]["deadline"] == "2017-04-30"
    assert created.json["result"]["effective_deadline"] == "2017-05-03"
    [warning] = created.json["warnings"]
    assert warning["field"] == "deadline" and warning["effective_deadline"] == "2017-05-03"
    assert "30/04/2017" in warning["message"] and "03/05/2017" in warning["message"]
    english = client.post("/api/v1/task/", headers=headers, json=body,
                          query_string={"_l_": "en"}).json["warnings"][0]["message"]
    assert english.startswith("The deadline 2017-04-30 falls on a day off") and \
        "2017-05-03" in english
    task_id = created.json["id"]
    got = client.get(f"/api/v1/task/{task_id}", headers=headers).json["result"]
    assert got["effective_deadline"] == "2017-05-03"
    # GET -> PUT: the read-only field is ignored, the deadline is entered again: a warning.
    put = client.put(f"/api/v1/task/{task_id}", headers=headers, json=got)
    assert put.status_code == 200, put.json
    assert len(put.json["warnings"]) == 1
    notes = client.put(f"/api/v1/task/{task_id}", headers=headers,
                       json={"version": put.json["result"]["version"], "notes": "Ghi chú"})
    assert notes.status_code == 200 and notes.json["warnings"] == []
    moved = client.put(f"/api/v1/task/{task_id}", headers=headers, json={
        "version": notes.json["result"]["version"], "deadline": "2017-05-05"})
    assert moved.json["warnings"] == []
    assert moved.json["result"]["effective_deadline"] == "2017-05-05"
    sneaky = client.put(f"/api/v1/task/{task_id}", headers=headers, json={
        "version": moved.json["result"]["version"], "effective_deadline": "2017-12-31"})
    assert sneaky.status_code == 200
    assert sneaky.json["result"]["effective_deadline"] == "2017-05-05"
    # Set-based filter and order on the stored column.
    listed = client.get("/api/v1/task/", headers=headers, query_string={
        "q": "(filters:!((col:effective_deadline,opr:eq,value:'2017-05-03')),"
             "order_column:effective_deadline,order_direction:asc)"})
    assert listed.status_code == 200, listed.json
    assert [t["effective_deadline"] for t in listed.json["result"]] == ["2017-05-03"]


def test_task_page_and_form_show_the_effective_deadline(seeded, login, app, cli):
    office = login("vanphong")
    doc = document()
    response = office.post("/tasks/add", data={
        "document_id": str(doc.id), "content": "Tổ chức kỷ niệm", "lead_unit_id":
        str(unit_id("STC")), "has_deadline": "y", "deadline": "30/04/2017", "transfer": "1"},
        follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    with app.test_request_context(), force_locale("vi"):
        warning = gettext(DAY_OFF_DEADLINE_MESSAGE, deadline="30/04/2017",
                          effective="03/05/2017")
        effective_label = gettext("Effective deadline")
        rule = gettext("The deadline falls on a day off: it ends at the end of the next "
                       "working day (Civil Code, art. 148(5)).")
    assert escape(warning) in page  # flashed, not refused
    alerts = re.findall(r'<div class="alert alert-(\w+)">(.*?)</div>', page, re.S)
    assert [kind for kind, _ in alerts] == ["success", "warning"]
    task = db.session.scalar(select(Task))
    assert task.deadline == D(2017, 4, 30)
    tracking.act(who("sotaichinh"), task.id, "accept", {})
    cli("tasks", "refresh-flags", "--today", "2017-05-02")
    page = office.get(f"/tasks/show/{task.id}").get_data(as_text=True)
    assert re.search(r'id="effective-deadline">\s*03/05/2017', page)
    assert effective_label in page and escape(rule) in page
    # The explanation names the days off the deadline moved over.
    explained = page[page.index('class="tracking-effective-deadline"'):]
    assert "01/05/2017" in explained and "02/05/2017" in explained
    # A deadline on a working day: no effective line, no warning.
    other = office.post("/tasks/add", data={
        "document_id": str(doc.id), "content": "Báo cáo", "lead_unit_id": str(unit_id("STC")),
        "has_deadline": "y", "deadline": "28/04/2017"}, follow_redirects=True)
    alerts = re.findall(r'<div class="alert alert-(\w+)">(.*?)</div>',
                        other.get_data(as_text=True), re.S)
    assert [kind for kind, _ in alerts] == ["success"]
    task_id = db.session.scalars(select(Task.id).order_by(Task.id.desc())).first()
    assert 'id="effective-deadline"' not in office.get(f"/tasks/show/{task_id}").get_data(
        as_text=True)


def test_quick_entry_warns_on_the_row_with_a_day_off(seeded, login, app):
    office = login("vanphong")
    response = office.post("/quick-entry/save", json={
        "document": {"doc_type": "official_letter", "number_symbol": "303/UBND-TH",
                     "summary": "V/v kỷ niệm", "issued_on": "03/04/2017",
                     "issuing_authority": "chairman", "urgency": "normal",
                     "confidentiality": "normal"},
        "tasks": [
            {"content": "Việc một", "lead_unit_id": unit_id("STC"), "has_deadline": True,
             "deadline": "28/04/2017"},
            {"content": "Việc hai", "lead_unit_id": unit_id("BMT"), "has_deadline": True,
             "deadline": "30/04/2017"}]})
    assert response.status_code == 200, response.json
    with app.test_request_context(), force_locale("vi"):
        expected = gettext("Row %(row)s", row=2) + ": " + gettext(
            DAY_OFF_DEADLINE_MESSAGE, deadline="30/04/2017", effective="03/05/2017")
    assert response.json["warnings"] == [expected]
    page = office.get(response.json["url"]).get_data(as_text=True)
    assert escape(expected) in page
    assert db.session.scalars(select(Task.deadline).order_by(Task.id)).all() == [
        D(2017, 4, 28), D(2017, 4, 30)]
