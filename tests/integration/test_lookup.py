"""Searched drop-downs of documents (issue 10, item 1): ``/lookup/documents``
answers the few documents of the user's scope matching what is typed; the
add-task form and the task list's filter hold only the chosen document and
check the id sent back through the scoped service."""
import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Task
from app.services import tracking
from tests.helpers import who, unit_id, text


def document(number, summary="Về việc tăng cường quản lý đất đai", issued_on="2017-03-01"):
    return tracking.create_document(who("vanphong"), {
        "doc_type": "official_letter", "number_symbol": number, "summary": summary,
        "issued_on": issued_on, "issuing_authority": "chairman"})


def add_task(doc, lead, transfer=True):
    return tracking.create_task(who("vanphong"), doc.id, {
        "content": f"Triển khai văn bản {doc.number_symbol}", "lead_unit_id": unit_id(lead),
        "has_deadline": True, "deadline": "2017-12-29"}, transfer=transfer)


@pytest.fixture
def docs(ctx):
    """Four documents: Krông Pắc leads a task of two of them (one transferred,
    one still a draft), Buôn Ma Thuột the others."""
    made = {
        "kp": document("12/CT-UBND", "Về việc phòng, chống hạn hán mùa khô",
                       "2017-03-10"),
        "kp_draft": document("13/CT-UBND", "Về phòng chống hạn hán năm 2017", "2017-03-11"),
        "bmt": document("1234/UBND-TH", "Về việc chống hạn hán tại thành phố", "2017-03-12"),
        "bmt_old": document("77/KH-UBND", "Kế hoạch quản lý đất đai", "2016-05-02"),
    }
    add_task(made["kp"], "KRONGPAC")
    add_task(made["kp_draft"], "KRONGPAC", transfer=False)
    add_task(made["bmt"], "BMT")
    add_task(made["bmt_old"], "BMT")
    return {name: doc.id for name, doc in made.items()}


def lookup(client, q=None, **args):
    # A NUL in an argument is dropped by a redirect (app/web/list_args.py): followed.
    if q is not None:
        args["q"] = q
    return client.get("/lookup/documents", query_string=args, follow_redirects=True)


def ids(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["pagination"] == {"more": False}
    return [row["id"] for row in body["results"]]


# --- The endpoint ----------------------------------------------------------------------


def test_office_finds_by_number_or_summary_accents_optional_newest_first(docs, login):
    office = login("vanphong")
    assert ids(lookup(office, "")) == [docs["bmt"], docs["kp_draft"], docs["kp"],
                                       docs["bmt_old"]]
    assert ids(lookup(office)) == ids(lookup(office, ""))
    # Part of a number, spaces, case and accents aside.
    assert ids(lookup(office, "34/ubnd")) == [docs["bmt"]]
    assert ids(lookup(office, "12/ct")) == [docs["kp"]]
    assert ids(lookup(office, "CT-UBND")) == [docs["kp_draft"], docs["kp"]]
    # Words of the summary, without accents, the last one still being typed.
    assert ids(lookup(office, "han ha")) == [docs["bmt"], docs["kp_draft"], docs["kp"]]
    assert ids(lookup(office, "quản lý đất")) == [docs["bmt_old"]]
    assert ids(lookup(office, "han han mua kho")) == [docs["kp"]]
    # A word starts where typed: "an" is no word start of "hạn hán".
    assert ids(lookup(office, "an ha")) == []
    body = lookup(office, "1234").get_json()["results"]
    assert body[0]["text"].startswith("1234/UBND-TH (12/03/2017) – Về việc chống hạn hán")


def test_unit_clerk_finds_only_documents_of_its_transferred_tasks(docs, login):
    krongpac = login("krongpac")
    assert ids(lookup(krongpac, "")) == [docs["kp"]]
    assert ids(lookup(krongpac, "han han")) == [docs["kp"]]
    assert ids(lookup(krongpac, "1234")) == []  # Buôn Ma Thuột's
    assert ids(lookup(krongpac, "13/CT")) == []  # its task is still the Office's draft
    buonmathuot = login("buonmathuot")
    assert ids(lookup(buonmathuot, "")) == [docs["bmt"], docs["bmt_old"]]
    assert ids(lookup(buonmathuot, "12/CT")) == []


def test_provincial_leader_reads_every_document(docs, login):
    assert len(ids(lookup(login("lanhdao"), ""))) == 4


def test_dic_it_and_anonymous_are_refused(docs, login, client):
    assert lookup(login("sotttt"), "").status_code == 403
    anonymous = client.get("/lookup/documents?q=")
    assert anonymous.status_code == 302 and "/login/" in anonymous.headers["Location"]


def test_at_most_twenty_newest(ctx, login):
    first = date(2018, 1, 1)
    made = [document(f"{n}/TB-UBND", "Thông báo kết luận", (first + timedelta(n)).isoformat())
            for n in range(1, 26)]
    office = login("vanphong")
    expected = [doc.id for doc in reversed(made)][:tracking.LOOKUP_LIMIT]
    assert tracking.LOOKUP_LIMIT == 20
    assert ids(lookup(office, "")) == expected
    assert ids(lookup(office, "thong bao")) == expected
    assert ids(lookup(office, "TB", limit="1000")) == expected  # no way to ask for more
    assert [d.id for d in tracking.lookup_documents(who("vanphong"), "", limit=3)] \
        == expected[:3]
    assert len(tracking.lookup_documents(who("vanphong"), "", limit=500)) == 20


@pytest.mark.parametrize("q", ["%", "_", "'", '"', "\\", "(", "[a-", ".*", "^$", "\x00",
                               "1234\x00", "/", "-", "   ", "#12", "%%%%",
                               "a" * tracking.LOOKUP_MAX_CHARS, "𝔘𝔅𝔑𝔇", "１２/ＣＴ"])
def test_odd_text_is_answered_never_500(docs, login, q):
    response = lookup(login("vanphong"), q)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert isinstance(response.get_json()["results"], list)


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%", "%zz", "q=%00"])
def test_bytes_that_are_no_text_are_answered_never_500(docs, login, raw):
    response = login("vanphong").get(f"/lookup/documents?q={raw}", follow_redirects=True)
    assert response.status_code == 200
    assert isinstance(response.get_json()["results"], list)


def test_odd_text_finds_only_what_holds_it(docs, login):
    office = login("vanphong")
    assert ids(lookup(office, "%")) == [] and ids(lookup(office, "_")) == []
    assert ids(lookup(office, "１２/ＣＴ")) == [docs["kp"]]  # fullwidth, as number_key reads it


def test_too_long_text_is_400_with_a_message(docs, login, T):
    response = lookup(login("vanphong"), "a" * (tracking.LOOKUP_MAX_CHARS + 1))
    assert response.status_code == 400
    assert response.get_json()["message"] == T("Type at most %(max)d characters.",
                                               max=tracking.LOOKUP_MAX_CHARS)


def test_repeated_q_takes_the_first(docs, login):
    response = login("vanphong").get("/lookup/documents?q=1234&q=12/CT")
    assert ids(response) == [docs["bmt"]]


# --- The add-task form ------------------------------------------------------------------


def _options(page, name):
    select_ = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select_, f"no select {name}"
    return re.findall(r'<option([^>]*)>(.*?)</option>', select_.group(1), re.S)


def test_add_form_holds_only_the_chosen_document(docs, login):
    office = login("vanphong")
    page = text(office.get("/tasks/add"))
    assert [attrs for attrs, _ in _options(page, "document_id")] == [' value=""']
    assert 'data-lookup="/lookup/documents"' in page
    assert "tracking/lookup.js" in page
    # Opened from a document's page: that document is chosen already.
    page = text(office.get(f"/tasks/add?document_id={docs['bmt']}"))
    options = _options(page, "document_id")
    assert len(options) == 2
    assert re.search(rf'value="{docs["bmt"]}"', options[1][0]) and "selected" in options[1][0]
    assert options[1][1].startswith("1234/UBND-TH (12/03/2017)")
    # A document id that names nothing: nothing chosen, the page still opens.
    for bad in ("abc", "99999999", "-1", "99999999999999999999"):
        response = office.get(f"/tasks/add?document_id={bad}")
        assert response.status_code == 200
        assert len(_options(text(response), "document_id")) == 1


def _task_fields(**extra):
    return {"content": "Rà soát hồ chứa nước", "lead_unit_id": str(unit_id("STC")),
            "has_deadline": "y", "deadline": "30/06/2017", **extra}


def test_add_task_posts_the_chosen_id_and_saves(docs, login):
    office = login("vanphong")
    response = office.post("/tasks/add", data=_task_fields(document_id=str(docs["bmt_old"])))
    assert response.status_code == 302, text(response)
    task = db.session.scalars(select(Task).order_by(Task.id.desc())).first()
    assert response.headers["Location"].endswith(f"/tasks/show/{task.id}")
    assert task.document_id == docs["bmt_old"] and task.content == "Rà soát hồ chứa nước"


@pytest.mark.parametrize("value", ["", "abc", "99999999", "0", "99999999999999999999", " "])
def test_add_task_without_a_known_document_is_refused_on_the_field(docs, login, T, value):
    office = login("vanphong")
    before = db.session.scalar(select(func.count()).select_from(Task))
    response = office.post("/tasks/add", data=_task_fields(document_id=value))
    assert response.status_code == 200
    page = text(response)
    assert T("Choose the directive document from the list.") in page
    assert db.session.scalar(select(func.count()).select_from(Task)) == before


def test_after_a_refusal_the_chosen_document_is_still_chosen(docs, login, T):
    office = login("vanphong")
    response = office.post("/tasks/add", data=_task_fields(
        document_id=str(docs["kp"]), deadline="31/02/2017"))
    assert response.status_code == 200
    page = text(response)
    assert T("Type the date as dd/mm/yyyy.") in page
    options = _options(page, "document_id")
    assert len(options) == 2 and "selected" in options[1][0]
    assert f'value="{docs["kp"]}"' in options[1][0]


def test_edit_keeps_the_document(docs, login):
    office = login("vanphong")
    task = db.session.scalar(select(Task).where(Task.document_id == docs["bmt"]))
    task_id, version = task.id, task.version
    page = text(office.get(f"/tasks/edit/{task_id}"))
    assert 'name="document_id"' not in page and "1234/UBND-TH" in page
    response = office.post(f"/tasks/edit/{task_id}", data={
        "version": str(version), "content": "Nội dung đã sửa", "kind": "other",
        "lead_unit_id": str(unit_id("BMT")), "has_deadline": "y", "deadline": "29/12/2017",
        "document_id": str(docs["kp"]), "reason": "Sửa nội dung"})
    assert response.status_code == 302, text(response)
    db.session.expire_all()
    task = db.session.get(Task, task_id)
    assert task.content == "Nội dung đã sửa" and task.document_id == docs["bmt"]


# --- The task list's document filter ----------------------------------------------------


def _filter_select(page):
    """The document filter's field, as FAB's search widget hands it to its script."""
    fields = [json.loads(value) for value in re.findall(r'"document": ("(?:[^"\\]|\\.)*")', page)]
    fields = [field for field in fields if field.startswith("<select")]
    assert len(fields) == 1, "no document filter"
    return fields[0]


def test_task_list_filter_is_searched_and_still_filters(docs, login):
    office = login("vanphong")
    page = office.get("/tasks/list/").get_data(as_text=True)
    field = _filter_select(page)
    assert "tracking-lookup" in field and field.count("<option") == 1
    assert "tracking/lookup.js" in page
    # Filtered by a document: the list shows its task, the field holds it.
    page = office.get(f"/tasks/list/?_flt_0_document={docs['bmt_old']}").get_data(as_text=True)
    field = _filter_select(page)
    assert field.count("<option") == 2 and "selected" not in field
    assert f'<option value="{docs["bmt_old"]}">77/KH-UBND (02/05/2016)' in field
    rows = re.findall(r'/tasks/show/(\d+)', page)
    expected = db.session.scalars(select(Task.id).where(
        Task.document_id == docs["bmt_old"])).all()
    assert sorted(set(map(int, rows))) == sorted(expected)


def test_task_list_filter_names_no_document_out_of_scope(docs, login):
    krongpac = login("krongpac")
    page = krongpac.get(f"/tasks/list/?_flt_0_document={docs['bmt']}").get_data(as_text=True)
    field = _filter_select(page)
    assert field.count("<option") == 1 and "1234/UBND-TH" not in page
    assert re.findall(r'/tasks/show/(\d+)', page) == []
    assert krongpac.get("/tasks/list/?_flt_0_document=99999999999999999999").status_code == 200
    # Not a number (the screen never sends one: lookup.js leaves an empty filter out):
    # it names no document, on SQLite as on PostgreSQL (which would refuse the comparison).
    for bad in ("abc", "", "1.5"):
        response = krongpac.get(f"/tasks/list/?_flt_0_document={bad}")
        assert response.status_code == 200, bad
        assert re.findall(r'/tasks/show/(\d+)', response.get_data(as_text=True)) == [], bad
