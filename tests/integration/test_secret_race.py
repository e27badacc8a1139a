"""Concurrent writes on one document take turns (``lock_document``).

The issue: a PUT that marked a document secret and a POST that added a task
to it, sent at the same moment, both succeeded in 22 of 30 tries: each
checked the other's absence before either wrote. Every write that checks
what a document holds now takes the document's lock inside the transaction
that writes (PostgreSQL: ``SELECT ... FOR UPDATE``; SQLite: its database
write lock), so the second one checks what the first committed.

Each race sends two requests from two threads at once, each with its own
client, app context, session and database connection, many times over. To
make the bad interleaving happen every time rather than now and then, every
INSERT, UPDATE and DELETE of the racing threads waits a little before it
reaches the database (a cursor event on the engine, nothing of the
application replaced): both requests finish their checks before either
writes, unless the lock makes the second one wait. Removing the lock from
``app.services.tracking.common.lock_document`` makes these tests fail.

Production runs PostgreSQL (``TEST_DATABASE_URL=postgresql+psycopg://...``):
there the races run 30 times each. On SQLite (the embedded mode, and the
default test run) they run a few times: the lock there is the database's
write lock, and without it these tests fail on SQLite too, on the first try.
"""
import io
import os
import re
import threading
import time

import pytest
from sqlalchemy import event, func, select
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models import Attachment, Document, Task
from app.rules import RuleError
from app.rules import enums
from app.services import files, tracking
from tests.integration.test_tracking_services import PDF, new_document, task_data, who

ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
TRIES = 30 if ON_POSTGRESQL else 5
WRITE_DELAY = 0.05  # seconds before each write of a racing thread reaches the database
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)
_racing = threading.local()


@pytest.fixture
def slow_writes(app):
    def delay(conn, cursor, statement, parameters, context, executemany):
        if getattr(_racing, "on", False) and _WRITE.match(statement):
            time.sleep(WRITE_DELAY)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", delay)
    yield
    event.remove(engine, "before_cursor_execute", delay)


@pytest.fixture
def vp(api_token):
    return api_token("vanphong")


def race(app, *calls):
    """Run the calls at the same moment, each in its own thread with its own
    test client and app context; their results (or the exception raised)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        _racing.on = True
        client = app.test_client()
        barrier.wait()
        try:
            results[index] = call(client)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads), "a racing request hung"
    return results


def fresh_document(number):
    doc = new_document(number=number)
    db.session.commit()
    return doc.id


def in_context(app, fn):
    def call(_client):
        with app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()
    return call


def _state(doc_id):
    db.session.expire_all()
    doc = db.session.get(Document, doc_id)
    tasks = db.session.scalars(select(Task).where(Task.document_id == doc_id)).all()
    attachments = db.session.scalar(select(func.count(Attachment.id)).where(
        Attachment.owner_type == "document", Attachment.owner_id == doc_id))
    return doc, tasks, attachments


def test_marking_secret_and_adding_a_task_at_once_never_both_succeed(app, ctx, slow_writes, vp):
    """The issue's race: PUT confidentiality=secret against POST task."""
    for i in range(TRIES):
        doc_id = fresh_document(f"{i}/UBND-A")
        task = {**task_data(), "document_id": doc_id}
        put, post = race(
            app,
            lambda c: c.put(f"/api/v1/document/{doc_id}", headers=vp,
                            json={"confidentiality": "secret"}),
            lambda c: c.post("/api/v1/task/", headers=vp, json=task))
        assert put.status_code == 400 and post.status_code == 201, (i, put.json, post.json)
        doc, tasks, _ = _state(doc_id)
        assert doc.confidentiality == "normal" and len(tasks) == 1
    assert db.session.scalar(select(func.count(Document.id)).where(
        Document.confidentiality.in_(sorted(enums.SECRET_LEVELS)))) == 0


def test_removing_an_entry_and_adding_a_task_at_once(app, ctx, slow_writes, vp):
    """Exactly one wins, and the other is told why: never an orphan task, never
    the database's own conflict error."""
    for i in range(TRIES):
        doc_id = fresh_document(f"{i}/UBND-B")
        task = {**task_data(), "document_id": doc_id}
        delete, post = race(
            app,
            lambda c: c.delete(f"/api/v1/document/{doc_id}?_l_=en", headers=vp),
            lambda c: c.post("/api/v1/task/?_l_=en", headers=vp, json=task))
        codes = (delete.status_code, post.status_code)
        assert codes in ((200, 400), (400, 201)), (i, codes, delete.json, post.json)
        doc, tasks, _ = _state(doc_id)
        if codes == (200, 400):
            assert doc is None and not tasks
            assert post.json["message"] == "The document does not exist."
        else:
            assert doc is not None and len(tasks) == 1
            assert delete.json["message"].startswith("This document has tasks")
    assert db.session.scalar(select(func.count(Task.id)).where(
        ~Task.document_id.in_(select(Document.id)))) == 0


def test_removing_an_entry_and_attaching_a_file_at_once(app, ctx, slow_writes, vp):
    """An upload against the removal (the issue: 4 of 20 both succeeded
    against a reclassification): never a file row of a removed document."""
    for i in range(TRIES):
        doc_id = fresh_document(f"{i}/UBND-C")

        def upload():
            storage = FileStorage(stream=io.BytesIO(PDF), filename="a.pdf")
            return files.store_upload(storage, "document", doc_id, who("vanphong"))

        def remove():
            return tracking.remove_document(who("vanphong"), doc_id)

        removed, uploaded = race(app, in_context(app, remove), in_context(app, upload))
        doc, _, attachments = _state(doc_id)
        if doc is None:  # the removal won: the upload found no document
            assert isinstance(uploaded, NotFound), (i, removed, uploaded)
            assert attachments == 0
        else:  # the upload won: the removal was refused
            assert isinstance(removed, RuleError), (i, removed, uploaded)
            assert removed.message == tracking.documents.REMOVE_WITH_FILES_MESSAGE
            assert attachments == 1
    orphans = db.session.scalar(select(func.count(Attachment.id)).where(
        Attachment.owner_type == "document",
        ~Attachment.owner_id.in_(select(Document.id))))
    assert orphans == 0
    stored = set(os.listdir(app.config["UPLOAD_FOLDER"]))
    assert set(db.session.scalars(select(Attachment.stored_name))) <= stored


def test_a_later_issue_date_and_an_earlier_deadline_at_once(app, ctx, slow_writes, vp):
    """No task ends before its document's issue date, whichever comes first."""
    for i in range(TRIES):
        doc_id = fresh_document(f"{i}/UBND-D")  # issued 01/03/2017
        task = {**task_data(deadline="2017-04-01"), "document_id": doc_id}
        put, post = race(
            app,
            lambda c: c.put(f"/api/v1/document/{doc_id}", headers=vp,
                            json={"issued_on": "2017-05-01"}),
            lambda c: c.post("/api/v1/task/", headers=vp, json=task))
        codes = (put.status_code, post.status_code)
        assert codes in ((200, 400), (400, 201)), (i, codes, put.json, post.json)
        doc, tasks, _ = _state(doc_id)
        assert all(t.deadline >= doc.issued_on for t in tasks), i
