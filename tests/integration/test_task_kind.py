"""Task kind (Art. 3.1): drafting a legal document, a scheme or project, a
report, other — on the task, its forms and quick entry, its page, the list's
filter, the API, the history and the demo data."""
import json
import re

import pytest
from sqlalchemy import func, select

from app.demo.tracking import seed_demo_tracking
from app.extensions import db
from app.models import Task
from app.rules import RuleError, enums
from app.services import tracking
from tests.helpers import who, unit_id, text


def document(number="55/UBND-TH"):
    return tracking.create_document(who("vanphong"), {
        "doc_type": "official_letter", "number_symbol": number, "summary": "V/v xây dựng đề án",
        "issued_on": "2017-03-01", "issuing_authority": "chairman"})


def task_data(**extra):
    return {"content": "Xây dựng Đề án phát triển du lịch", "lead_unit_id": unit_id("STC"),
            "has_deadline": True, "deadline": "2017-06-30", **extra}


def test_enumeration_and_labels():
    assert enums.TASK_KINDS == ("legal_document", "scheme", "report", "other")
    assert set(enums.TASK_KIND_LABELS) == set(enums.TASK_KINDS)


def test_service_default_set_change_and_refuse(ctx):
    doc = document()
    office = who("vanphong")
    plain = tracking.create_task(office, doc.id, task_data())
    assert plain.kind == "other"
    scheme = tracking.create_task(office, doc.id, task_data(kind="scheme"), transfer=True)
    assert scheme.kind == "scheme"
    assert scheme.events[0].changes["kind"] == [None, "scheme"]
    scheme = tracking.update_task(office, scheme.id, {"kind": "report"}, scheme.version)
    assert scheme.kind == "report"
    assert scheme.events[-1].changes == {"kind": ["scheme", "report"]}
    with pytest.raises(RuleError) as err:
        tracking.create_task(office, doc.id, task_data(kind="decree"))
    assert err.value.params["field"] == "kind"
    # After acceptance the classification stands (Art. 4 as for the content).
    tracking.act(who("sotaichinh"), scheme.id, "accept", {})
    scheme = db.session.get(Task, scheme.id)
    with pytest.raises(RuleError):
        tracking.update_task(office, scheme.id, {"kind": "other"}, scheme.version)
    assert db.session.get(Task, scheme.id).kind == "report"


def test_api_kind_in_and_out_filter_and_bad_value(ctx, client, api_token):
    doc = document()
    headers = api_token("vanphong")
    created = client.post("/api/v1/task/", headers=headers,
                          json={"document_id": doc.id, **task_data(kind="legal_document")})
    assert created.status_code == 201, created.json
    assert created.json["result"]["kind"] == "legal_document"
    default = client.post("/api/v1/task/", headers=headers,
                          json={"document_id": doc.id, **task_data()})
    assert default.json["result"]["kind"] == "other"
    task_id = created.json["id"]
    got = client.get(f"/api/v1/task/{task_id}", headers=headers).json["result"]
    assert got["kind"] == "legal_document"
    # GET -> PUT round trip with a new kind.
    got["kind"] = "scheme"
    put = client.put(f"/api/v1/task/{task_id}", headers=headers, json=got)
    assert put.status_code == 200, put.json
    assert put.json["result"]["kind"] == "scheme"
    for bad in ("decree", "", 3, None):
        before = db.session.scalar(select(func.count(Task.id)))
        response = client.post("/api/v1/task/", headers=headers,
                               json={"document_id": doc.id, **task_data(kind=bad)})
        if bad in ("", None):  # blank: the default
            assert response.status_code == 201
            assert response.json["result"]["kind"] == "other"
            continue
        assert response.status_code == 400, (bad, response.json)
        assert response.json["field"] == "kind" and response.json["message"]
        assert db.session.scalar(select(func.count(Task.id))) == before
    response = client.put(f"/api/v1/task/{task_id}", headers=headers,
                          json={"version": put.json["result"]["version"], "kind": "law"})
    assert response.status_code == 400 and response.json["field"] == "kind"
    listed = client.get("/api/v1/task/", headers=headers, query_string={
        "q": "(filters:!((col:kind,opr:eq,value:scheme)))"})
    assert listed.status_code == 200, listed.json
    assert listed.json["ids"] == [task_id]
    info = client.get("/api/v1/task/_info", headers=headers).json
    assert "kind" in {f["name"] for f in info["add_columns"]}


def test_forms_page_list_filter_and_history(ctx, login, T):
    doc = document()
    office = login("vanphong")
    form = text(office.get(f"/tasks/add?document_id={doc.id}"))
    for kind in enums.TASK_KINDS:
        assert f'value="{kind}"' in form
    assert T("Scheme or project") in form
    response = office.post("/tasks/add", data={
        "document_id": str(doc.id), "content": "Soạn thảo Quy định quản lý", "kind":
        "legal_document", "lead_unit_id": str(unit_id("STC")), "has_deadline": "y",
        "deadline": "30/06/2017"})
    assert response.status_code == 302
    task = db.session.scalar(select(Task))
    assert task.kind == "legal_document"
    page = text(office.get(f"/tasks/show/{task.id}"))
    assert re.search(r'id="task-kind">\s*' + re.escape(T("Drafting a legal document")), page)
    # Edit: the kind changes and the history names both kinds by their labels.
    edit = text(office.get(f"/tasks/edit/{task.id}"))
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"',
                        edit)
    version = next(v for v in version.groups() if v)
    response = office.post(f"/tasks/edit/{task.id}", data={
        "version": version, "content": "Soạn thảo Quy định quản lý", "kind": "report",
        "lead_unit_id": str(unit_id("STC")), "has_deadline": "y", "deadline": "30/06/2017"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Task, task.id).kind == "report"
    page = text(office.get(f"/tasks/show/{task.id}"))
    assert T("Drafting a legal document") in page and T("Report") in page
    assert T("Task kind") in page
    # A bad kind on the form is refused, nothing changes.
    response = office.post(f"/tasks/edit/{task.id}", data={
        "version": str(db.session.get(Task, task.id).version), "content": "x", "kind": "law",
        "lead_unit_id": str(unit_id("STC")), "has_deadline": "y", "deadline": "30/06/2017"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Task, task.id).kind == "report"
    # The list filters by kind, with the kinds' labels in the drop-down.
    other = tracking.create_task(who("vanphong"), doc.id, task_data(content="Khác"))
    # FAB writes the search form's labels and drop-downs as JSON in the page.
    listing = office.get("/tasks/list/").get_data(as_text=True)
    assert json.dumps(T("Task kind"))[1:-1] in listing
    assert json.dumps(T("Other task"))[1:-1] in listing
    only_reports = text(office.get("/tasks/list/", query_string={"_flt_0_kind": "report"}))
    assert f"/tasks/show/{task.id}" in only_reports
    assert f"/tasks/show/{other.id}" not in only_reports


def test_quick_entry_takes_the_kind(ctx, login):
    response = login("vanphong").post("/quick-entry/save", json={
        "document": {"doc_type": "official_letter", "number_symbol": "88/UBND-TH",
                     "summary": "V/v báo cáo", "issued_on": "01/03/2017",
                     "issuing_authority": "chairman", "urgency": "normal",
                     "confidentiality": "normal"},
        "tasks": [
            {"content": "Báo cáo tình hình", "kind": "report", "lead_unit_id": unit_id("STC"),
             "has_deadline": True, "deadline": "30/06/2017"},
            {"content": "Việc khác", "lead_unit_id": unit_id("BMT"), "has_deadline": True,
             "deadline": "30/06/2017"},
            {"content": "Sai loại", "kind": "law", "lead_unit_id": unit_id("BMT"),
             "has_deadline": True, "deadline": "30/06/2017"}]})
    assert response.status_code == 400
    assert set(response.json["rows"]) == {"2"}
    assert db.session.scalar(select(func.count(Task.id))) == 0
    response = login("vanphong").post("/quick-entry/save", json={
        "document": {"doc_type": "official_letter", "number_symbol": "88/UBND-TH",
                     "summary": "V/v báo cáo", "issued_on": "01/03/2017",
                     "issuing_authority": "chairman", "urgency": "normal",
                     "confidentiality": "normal"},
        "tasks": [
            {"content": "Báo cáo tình hình", "kind": "report", "lead_unit_id": unit_id("STC"),
             "has_deadline": True, "deadline": "30/06/2017"},
            {"content": "Việc khác", "lead_unit_id": unit_id("BMT"), "has_deadline": True,
             "deadline": "30/06/2017"}]})
    assert response.status_code == 200, response.json
    kinds = db.session.scalars(select(Task.kind).order_by(Task.id)).all()
    assert kinds == ["report", "other"]


def test_demo_tasks_have_sensible_kinds(ctx):
    seed_demo_tracking()
    kinds = dict(db.session.execute(
        select(Task.kind, func.count(Task.id)).group_by(Task.kind)).all())
    assert set(kinds) == set(enums.TASK_KINDS)
    assert kinds["other"] > kinds["report"] > kinds["legal_document"] >= 1
    for task in db.session.scalars(select(Task).where(Task.kind == "report")):
        assert re.search(r"báo cáo|tổng hợp|đánh giá|thống kê", task.content.lower())
