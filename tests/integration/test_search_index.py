"""The search index (issue 10): the words of every task and document kept
with the row in the same transaction, looked up by the search page and the
folded filter instead of testing every row; counts that stop at
``COUNT_LIMIT``; the migration that fills it for the rows already there.
On SQLite and PostgreSQL (TEST_DATABASE_URL)."""
import importlib
import re
from datetime import date, datetime
from html import unescape

import pytest
import sqlalchemy as sa
from sqlalchemy import event, select

from app.demo.tracking import seed_demo_tracking
from app.extensions import db
from app.models import Document, Task, document_word, task_word
from app.rules.search import WORD_MAX, key_words
from app.rules.text import fold
from app.services import tracking
from app.services.tracking.search import find
from tests.integration.test_migration_0004 import _run, engine  # noqa: F401 (fixture)
from tests.integration.test_search import T
from tests.integration.test_tracking_services import document_data, task_data, who

# The module (``app.services.tracking.search`` the name is its ``search`` function).
search_service = importlib.import_module("app.services.tracking.search")


def _index(table, owner_id):
    owner = table.c.task_id if table is task_word else table.c.document_id
    return sorted(db.session.scalars(select(table.c.word).where(owner == owner_id)))


def _whole_index(table):
    owner = table.c.task_id if table is task_word else table.c.document_id
    found = {}
    for word, owner_id in db.session.execute(select(table.c.word, owner)):
        found.setdefault(owner_id, []).append(word)
    return {k: sorted(v) for k, v in found.items()}


def test_index_follows_every_write(ctx):
    office = who("vanphong")
    doc = tracking.create_document(office, document_data(
        number="12/UBND-TH", summary="Về việc phòng, chống hạn hán"))
    assert _index(document_word, doc.id) == key_words(doc.search_key)
    assert {"12", "ubnd", "th", "han", "phong"} <= set(_index(document_word, doc.id))
    task = tracking.create_task(office, doc.id, task_data(content="Báo cáo tình hình hạn hán"))
    assert _index(task_word, task.id) == ["bao", "cao", "han", "hinh", "tinh"]
    # A change of the text changes the words; the row and its words in one write.
    task = tracking.update_task(office, task.id, {"content": "Khắc phục hậu quả mưa lũ",
                                                  "notes": "Đắk Lắk"}, task.version)
    assert _index(task_word, task.id) == ["dak", "hau", "khac", "lak", "lu", "mua", "phuc",
                                          "qua"]
    assert [t.id for t in find(office, "mưa lũ").tasks] == [task.id]
    assert find(office, "hạn hán").tasks == []
    # A change elsewhere (the deadline) leaves the words alone.
    task = tracking.update_task(office, task.id, {"deadline": "2017-07-31"}, task.version)
    assert _index(task_word, task.id) == key_words(task.search_key)
    doc = tracking.update_document(office, doc.id, {"summary": "Về việc ứng phó mưa lũ"})
    assert "han" not in _index(document_word, doc.id)
    assert [d.id for d in find(office, "ung pho").documents] == [doc.id]
    # A removed document takes its words with it.
    other = tracking.create_document(office, document_data(number="13/UBND-TH"))
    assert _index(document_word, other.id)
    tracking.remove_document(office, other.id)
    db.session.expire_all()
    assert _index(document_word, other.id) == []


def test_words_and_row_in_one_transaction(ctx, monkeypatch):
    """A write that fails after the row and its words were flushed leaves
    both as they were."""
    from app.services.tracking import tasks as task_service

    office = who("vanphong")
    doc = tracking.create_document(office, document_data())
    task = tracking.create_task(office, doc.id, task_data(content="Rà soát đất đai"))

    def flush_then_fail(*args, **kwargs):
        db.session.flush()
        assert "moi" in _index(task_word, task.id)  # written, not yet committed
        raise RuntimeError("the server went away")

    monkeypatch.setattr(task_service, "add_event", flush_then_fail)
    with pytest.raises(RuntimeError):
        tracking.update_task(office, task.id, {"content": "Nội dung mới"}, task.version)
    db.session.rollback()
    assert _index(task_word, task.id) == ["dai", "dat", "ra", "soat"]


def test_demo_year_index_is_the_words_of_every_key(ctx):
    seed_demo_tracking()
    tasks = {t.id: key_words(t.search_key) for t in db.session.scalars(select(Task))}
    docs = {d.id: key_words(d.search_key) for d in db.session.scalars(select(Document))}
    assert _whole_index(task_word) == {k: v for k, v in tasks.items() if v}
    assert _whole_index(document_word) == {k: v for k, v in docs.items() if v}
    # The stored key is the folded text (what the words come from).
    for task in db.session.scalars(select(Task)):
        assert task.search_key == fold(" ".join(filter(None, (task.content, task.notes))))


def test_long_words_are_checked_whole(ctx):
    """The index keeps the first WORD_MAX letters of a word; a word that long
    is still matched whole."""
    office = who("vanphong")
    doc = tracking.create_document(office, document_data())
    stem = "x" * WORD_MAX
    long_one = tracking.create_task(office, doc.id, task_data(content=f"Mã {stem}abc cũ"))
    other = tracking.create_task(office, doc.id, task_data(content=f"Mã {stem}abd mới"))
    exact = tracking.create_task(office, doc.id, task_data(content=f"Mã {stem}"))
    assert _index(task_word, long_one.id) == ["cu", "ma", stem]
    assert [t.id for t in find(office, f"{stem}abc").tasks] == [long_one.id]
    assert [t.id for t in find(office, f"mã {stem}ABD").tasks] == [other.id]
    assert [t.id for t in find(office, stem).tasks] == [exact.id]
    assert find(office, f"{stem}ab").tasks == []


def test_word_in_no_row_finds_nothing_without_reading_rows(ctx):
    office = who("vanphong")
    doc = tracking.create_document(office, document_data())
    tracking.create_task(office, doc.id, task_data(content="Rà soát đất đai"))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        found = find(office, "đất đai zzzkhongco")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert (found.tasks, found.documents, found.task_count) == ([], [], 0)
    # One statement counts each word's rows; no kind has all the words.
    assert len([s for s in statements if "_word" in s]) == 1


def test_counts_stop_at_the_limit(ctx, login, monkeypatch):
    office = who("vanphong")
    doc = tracking.create_document(office, document_data(summary="Về việc hạn hán"))
    ids = [tracking.create_task(office, doc.id, task_data(content=f"Hạn hán đợt {i}")).id
           for i in range(5)]
    monkeypatch.setattr(search_service, "COUNT_LIMIT", 3)
    monkeypatch.setattr("app.screens.search.SHOWN", 2)
    found = find(office, "hạn hán", limit=2)
    assert (found.task_count, found.tasks_more) == (3, True)
    assert (found.document_count, found.documents_more) == (1, False)
    # The newest candidates, best first.
    assert [t.id for t in found.tasks] == ids[:-3:-1]
    page = unescape(re.sub(r"\s+", " ", login("vanphong").get(
        "/search/", query_string={"q": "hạn hán"}).get_data(as_text=True)))
    assert f'id="count-tasks">{T("more than %(num)s", num="3")}<' in page
    assert T("The best %(shown)d of more than %(num)s are shown: add a word to narrow the "
             "search.", shown=2, num="3") in page
    assert 'id="count-documents">1<' in page


def test_fold_filter_uses_the_index(ctx, login, client, api_token):
    office = who("vanphong")
    doc = tracking.create_document(office, document_data(summary="Về việc phòng chống hạn hán"))
    hit = tracking.create_task(office, doc.id, task_data(content="Chống hạn hán")).id
    tracking.create_task(office, doc.id, task_data(content="Chống hạn mức"))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page = login("vanphong").get("/tasks/list/",
                                     query_string={"_flt_0_search_key": "han han"})
        found = client.get("/api/v1/task/", headers=api_token("vanphong"), query_string={
            "q": "(filters:!((col:search_key,opr:fold,value:'chong han')))"}).json
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert f"/tasks/show/{hit}" in page.get_data(as_text=True)
    assert sorted(found["ids"]) == sorted(
        t.id for t in db.session.scalars(select(Task).where(Task.document_id == doc.id)))
    searching = [s for s in statements if "search_key" in s and "WHERE" in s]
    assert all("REGEXP" not in s and "~" not in s.split("WHERE", 1)[1] for s in searching)
    assert any("task_word" in s for s in statements)


# --- The migration --------------------------------------------------------------------


def _fill_0007(engine):
    t = {name: sa.Table(name, sa.MetaData(), autoload_with=engine)
         for name in ("unit", "document", "task")}
    stamp = datetime(2017, 1, 3)
    with engine.begin() as conn:
        conn.execute(t["unit"].insert(), [{"id": 1, "code": "STC", "name": "Sở Tài chính",
                                           "kind": "department", "active": True,
                                           "sort_order": 0}])
        conn.execute(t["document"].insert(), [{
            "id": i, "doc_type": "decision", "number_symbol": f"{i}/QĐ-UBND",
            "number_key": f"{i}/qd-ubnd", "issue_year": 2017,
            "summary": "Về việc phòng, chống hạn hán", "issued_on": date(2017, 1, 3),
            "issuing_authority": "committee", "urgency": "normal", "confidentiality": "normal",
            "complex_entry": False, "created_at": stamp, "changed_at": stamp,
            "search_key": fold(f"{i}/QĐ-UBND Về việc phòng, chống hạn hán")} for i in (1, 2)])
        conn.execute(t["task"].insert(), [{
            "id": i, "document_id": 1, "content": content, "lead_unit_id": 1,
            "has_deadline": False, "must_report": False, "state": "draft",
            "progress": "not_started", "extension_pending": False, "timeliness": "none",
            "working_days_overdue": 0, "calendar_days_overdue": 0, "entry_late": False,
            "first_update_late": False, "cycle_update_missed": False, "version": 1,
            "created_at": stamp, "changed_at": stamp, "kind": "other",
            # A key the application would have written, or none (refolded).
            "search_key": fold(content) if i == 1 else None}
            for i, content in ((1, "Báo cáo quá hạn"), (2, "Đắk Lắk: hạn hán"))])


def _rows(engine, name, owner):
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(sa.text(
            f"SELECT {owner}_id, word FROM {name} ORDER BY 1, 2")))


def test_migration_fills_the_index_then_down_and_up(engine):  # noqa: F811
    for revision in ("0001", "0002", "0003", "0004", "0005", "0006", "0007"):
        _run(engine, revision)
    _fill_0007(engine)
    _run(engine, "0009")
    assert _rows(engine, "task_word", "task") == [
        (1, "bao"), (1, "cao"), (1, "han"), (1, "qua"),
        (2, "dak"), (2, "han"), (2, "lak")]
    assert _rows(engine, "document_word", "document") == sorted(
        (i, w) for i in (1, 2) for w in key_words(fold(f"{i}/QĐ-UBND Về việc phòng, chống "
                                                      "hạn hán")))
    indexes = {i["name"] for i in sa.inspect(engine).get_indexes("task_word")}
    assert "ix_task_word_task_id" in indexes
    _run(engine, "0009", "downgrade")
    assert not {"task_word", "document_word"} & set(sa.inspect(engine).get_table_names())
    _run(engine, "0009")
    assert len(_rows(engine, "task_word", "task")) == 7


def test_one_head_and_the_index_follows_0007():
    from alembic.script import ScriptDirectory

    from tests.integration.test_migration_0004 import MIGRATIONS

    script = ScriptDirectory(str(MIGRATIONS))
    assert len(script.get_heads()) == 1
    assert "0007" in {r.revision for r in script.iterate_revisions("0009", "base")}


def test_word_starts_through_the_index(ctx):
    """``has_words(..., prefix=True)``: what is typed so far of each word (the
    searched drop-downs), read from the index as a range of words."""
    from app.filters import has_words

    office = who("vanphong")
    hit = tracking.create_document(office, document_data(
        number="21/UBND-TH", summary="Về việc phòng chống hạn hán"))
    hanh = tracking.create_document(office, document_data(
        number="22/UBND-TH", summary="Về việc hành chính công"))
    tracking.create_document(office, document_data(number="23/UBND-TH", summary="Nhân sự"))
    long_one = tracking.create_document(office, document_data(
        number="24/UBND-TH", summary="Mã " + "y" * 45))

    def found(*words):
        return {d.id for d in db.session.scalars(
            select(Document).where(has_words(Document, words, prefix=True)))}

    assert found("han") == {hit.id, hanh.id}  # "hạn", "hán", "hành"; not "nhân"
    assert found("han", "chon") == {hit.id}
    assert found("ve", "viec", "ha") == {hit.id, hanh.id}
    assert found("ubnd", "21") == {hit.id}
    assert len(found("ubnd", "2")) == 4
    assert found("x" * 50) == set()
    assert found("y" * 44) == {long_one.id}  # longer than the index keeps: checked on the key
