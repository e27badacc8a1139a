"""Issue 10: the unit scope and the menu badges read indexes, with the same
answers as before.

- ``app.scope.task_scope_clause`` / ``document_scope_clause`` (indexed
  lookups) select exactly the rows of the models' ``scope_clause`` (the
  reference definition: ``OR`` and ``EXISTS``), for every kind of unit set;
- the unit subtree is asked once per request, and only within it;
- ``inbox_counts`` (one statement per inbox) agrees with the lists it counts;
- the plans: the scope and the badge counts use the indexes of migration
  0008, never a scan of the big tables (SQLite's plan as it is; PostgreSQL's
  with sequential scans priced out, i.e. an index path exists).

Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
"""
import random
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from flask import g
from sqlalchemy import event, func, inspect, select

from app.clock import today_vn
from app.extensions import db
from app.models import Document, ExtensionRequest, ProgressUpdate, Task, Unit
from app.rules import enums
from app.scope import (document_scope_clause, scope_clause, subtree_ids, task_scope_clause,
                       visible_unit_ids)
from app.services import tracking
from tests.integration.test_tracking_services import new_document, task_in, unit_id, who

CODES = ("STC", "BMT", "KRONGPAC", "VP")
STATES = ("draft", "transferred", "in_progress", "closed", "cancelled")


@contextmanager
def statements():
    """The statements run inside the block (text, parameters)."""
    seen = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def _grid():
    """Documents and tasks over every way a unit meets a task: lead,
    monitoring, coordinating (none, one, several), a sub-unit of the lead,
    drafts and final states; some documents with drafts only."""
    rng = random.Random(10)
    krongpac = db.session.scalar(select(Unit).where(Unit.code == "KRONGPAC"))
    sub = Unit(code="KRONGPAC-EAKUANG", name="Xã Ea Kuăng", kind="other", parent=krongpac,
               sort_order=999, active=True)
    db.session.add(sub)
    db.session.flush()
    units = {code: db.session.get(Unit, unit_id(code)) for code in CODES}
    units["SUB"] = sub
    codes = list(units)
    stamp = datetime(2017, 3, 1)
    for n in range(40):
        doc = Document(doc_type="official_letter", number_symbol=f"{n}/UBND-TH",
                       number_key=f"{n}/ubnd-th", issue_year=2017, summary=f"Văn bản {n}",
                       issued_on=date(2017, 3, 1) + timedelta(days=n % 7),
                       issuing_authority="chairman", created_at=stamp, changed_at=stamp)
        db.session.add(doc)
        drafts_only = n % 9 == 0
        for _ in range(rng.randint(1, 4)):
            task = Task(document=doc, content="Nhiệm vụ", kind="other",
                        lead_unit=units[rng.choice(codes)],
                        monitoring_unit=units[rng.choice(codes)] if rng.random() < 0.7 else None,
                        state="draft" if drafts_only else rng.choice(STATES),
                        created_at=stamp, changed_at=stamp)
            task.coordinating_units = [units[c] for c in
                                       rng.sample(codes, rng.choice((0, 0, 1, 2, 3)))]
            db.session.add(task)
    db.session.commit()
    return units


def _ids(model, clause):
    return set(db.session.scalars(select(model.id).where(clause)))


def test_scope_clauses_select_the_rows_of_the_reference_definition(ctx):
    units = _grid()
    u = {code: unit.id for code, unit in units.items()}
    unit_sets = [set(), {u["KRONGPAC"]}, {u["SUB"]}, {u["KRONGPAC"], u["SUB"]}, {u["STC"]},
                 {u["BMT"], u["STC"]}, {u["VP"]}, set(u.values()), {999_999}]
    for ids in unit_sets:
        tasks = _ids(Task, task_scope_clause(ids))
        assert tasks == _ids(Task, Task.scope_clause(ids)), ids
        documents = _ids(Document, document_scope_clause(ids))
        assert documents == _ids(Document, Document.scope_clause(ids)), ids
        if ids and ids != {999_999}:
            assert tasks and documents  # the grid meets every set: not vacuous
    # The drafts and their documents stay the Office's.
    drafts = _ids(Task, Task.state == "draft")
    assert drafts and not drafts & _ids(Task, task_scope_clause(set(u.values())))


def test_the_clauses_combine_with_other_conditions_on_the_same_tables(ctx):
    """Inside a query on task (or joined to it) the subqueries stay
    uncorrelated: the same rows as filtering in Python."""
    units = _grid()
    ids = {units["KRONGPAC"].id, units["SUB"].id}
    visible = _ids(Task, task_scope_clause(ids))
    led = set(db.session.scalars(select(Task.id).where(
        task_scope_clause(ids), Task.lead_unit_id == units["STC"].id)))
    assert led == {t for t in visible if db.session.get(Task, t).lead_unit_id == units["STC"].id}
    joined = set(db.session.scalars(select(Document.id).join(Task).where(
        document_scope_clause(ids), task_scope_clause(ids))))
    assert joined == {db.session.get(Task, t).document_id for t in visible}


def test_the_unit_subtree_is_asked_once_a_request(app, ctx):
    krongpac = who("krongpac")
    unit = krongpac.unit_id
    with app.test_request_context("/"):
        g.user = krongpac
        with statements() as seen:
            first = visible_unit_ids(krongpac)
            for model in (Task, Document, Task):
                scope_clause(model, krongpac)
            again = visible_unit_ids(krongpac)
        asked = [s for s, _ in seen if "parent_id IN" in s]
        assert first == again == {unit}
        assert len(asked) == 1
        again.add(-1)  # a caller's copy: the cache is not changed
        assert visible_unit_ids(krongpac) == {unit}
    # A new request asks again, and sees a change of the tree.
    sub = Unit(code="KRONGPAC-X", name="Xã X", kind="other", parent_id=unit, sort_order=1,
               active=True)
    db.session.add(sub)
    db.session.commit()
    with app.test_request_context("/"):
        assert visible_unit_ids(krongpac) == {unit, sub.id}
    # Outside a request (jobs, the CLI) nothing is kept.
    with statements() as seen:
        subtree_ids(unit)
        subtree_ids(unit)
    assert len([s for s, _ in seen if "parent_id IN" in s]) >= 2


def test_requests_sharing_an_app_context_do_not_share_the_cache(app, ctx, login):
    """Tests hold one app context (one ``g``) across requests: the cache
    belongs to its request and a later request sees a changed tree."""
    web = login("krongpac")
    doc = new_document()
    unit = unit_id("KRONGPAC")
    sub = Unit(code="KRONGPAC-Y", name="Xã Y", kind="other", parent_id=unit, sort_order=1,
               active=True)
    db.session.add(sub)
    db.session.commit()
    task = tracking.create_task(who("vanphong"), doc.id,
                                {"content": "Nhiệm vụ của xã", "lead_unit_id": sub.id,
                                 "has_deadline": True, "deadline": "2017-06-30"},
                                transfer=True)
    assert web.get(f"/tasks/show/{task.id}").status_code == 200
    sub.parent_id = unit_id("STC")
    db.session.commit()
    assert web.get(f"/tasks/show/{task.id}").status_code == 404


def _inbox_world():
    """Tasks in every state with what the Office inbox counts, and what it
    must not: superseded and old updates, updates of closed tasks, decided
    extension requests."""
    doc = new_document()
    tasks = {state: task_in(state, doc) for state in
             ("transferred", "returned", "accepted", "in_progress", "done_reported", "closed",
              "extension_pending")}
    tasks["kp"] = task_in("in_progress", doc, lead="KRONGPAC", coordinating=("STC",))
    stc = who("sotaichinh")
    tracking.act(stc, tasks["in_progress"].id, "report-obstacle", {"content": "Vướng mặt bằng"})
    tracking.act(who("buonmathuot"), tasks["in_progress"].id, "district-feedback",
                 {"content": "Sở chậm"})
    today = today_vn()
    stc_unit = unit_id("STC")
    old = ProgressUpdate(task_id=tasks["in_progress"].id, kind=enums.UPDATE_OBSTACLE,
                         unit_id=stc_unit, reported_on=today - timedelta(days=45),
                         content="Vướng cũ")
    on_closed = ProgressUpdate(task_id=tasks["closed"].id, kind=enums.UPDATE_OBSTACLE,
                               unit_id=stc_unit, reported_on=today, content="Đã xong")
    replaced = ProgressUpdate(task_id=tasks["accepted"].id, kind=enums.UPDATE_FEEDBACK,
                              unit_id=stc_unit, reported_on=today, content="Bản đầu")
    db.session.add_all([old, on_closed, replaced])
    db.session.flush()
    replacement = ProgressUpdate(task_id=tasks["accepted"].id, kind=enums.UPDATE_FEEDBACK,
                                 unit_id=stc_unit, reported_on=today, content="Bản sửa")
    db.session.add(replacement)
    db.session.flush()
    replaced.superseded_by_id = replacement.id
    db.session.add(ExtensionRequest(task_id=tasks["accepted"].id, reason="Đã quyết",
                                    proposed_deadline=date(2017, 9, 30),
                                    decided_at=datetime(2017, 7, 1), approved=False))
    db.session.commit()
    return tasks


def _count_statements(seen):
    return [s for s, _ in seen if "count(" in s.lower()]


def test_badge_counts_agree_with_the_lists_in_one_statement(ctx):
    _inbox_world()
    for username in ("sotaichinh", "krongpac", "buonmathuot"):
        user = who(username)
        with statements() as seen:
            counts = tracking.inbox_counts(user)
        assert len(_count_statements(seen)) == 1, username
        lists = tracking.unit_inbox(user)
        for key in ("to_accept", "in_progress", "returned", "done_reported"):
            assert counts[key] == len(lists[key]), (username, key)
        assert counts["unit"] == counts["to_accept"]
        assert counts["office"] == 0
    office = who("vanphong")
    with statements() as seen:
        counts = tracking.inbox_counts(office)
    assert len(_count_statements(seen)) == 1
    lists = tracking.office_inbox(office, limit=None)
    assert (counts["office_returned"], counts["office_done_reported"],
            counts["extension_requests"], counts["obstacles"], counts["feedback"]) == (
        len(lists["returned"]), len(lists["done_reported"]), len(lists["extension_requests"]),
        len(lists["obstacles"]), len(lists["feedback"])) == (1, 1, 1, 1, 2)
    assert counts["office"] == 6
    assert [u.content for u in lists["obstacles"]] == ["Vướng mặt bằng"]
    assert [u.content for u in lists["feedback"]] == ["Bản sửa", "Sở chậm"]
    by_key = tracking.inbox.office_inbox_counts(office)
    assert by_key == {key: len(value) for key, value in lists.items()}


# --- Plans ------------------------------------------------------------------------------------


def _plan(statement, parameters):
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return [row[3] for row in rows]
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    try:
        return [row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters)]
    finally:
        connection.exec_driver_sql("RESET enable_seqscan")


def _scans(plan, tables):
    """The steps of a plan that read a whole table of ``tables``."""
    found = []
    for step in plan:
        for table in tables:
            if (step.startswith(f"SCAN {table}") and "COVERING INDEX" not in step) or (
                    f"Seq Scan on {table} " in step + " "):
                found.append(step)
    return found


BIG = ("task", "document", "progress_update", "task_coordinating_unit")


def test_badges_and_scoped_counts_read_indexes(ctx):
    _inbox_world()
    plans = {}
    for username in ("krongpac", "vanphong"):
        user = who(username)
        with statements() as seen:
            tracking.inbox_counts(user)
            if username == "krongpac":
                for model in (Task, Document):
                    db.session.scalar(select(func.count()).select_from(model)
                                      .where(scope_clause(model, user)))
        for statement, parameters in seen:
            if "count(" in statement.lower():
                plans[statement] = _plan(statement, parameters)
    assert len(plans) >= 4
    for statement, plan in plans.items():
        if "unit_id IN" in statement or "task.state" in statement or "kind" in statement:
            assert not _scans(plan, BIG), (statement, plan)
    text = "\n".join(step for plan in plans.values() for step in plan)
    for index in ("ix_task_lead_unit_state_due", "ix_progress_update_open_kind",
                  "ix_task_coordinating_unit_unit_task"):
        assert index in text, index


def test_migration_0008_indexes_exist_as_declared(ctx):
    inspector = inspect(db.engine)
    declared = {(index.table.name, index.name): [c.name for c in index.columns]
                for table in db.metadata.tables.values() for index in table.indexes}
    # (ix_task_lead_unit_state became ix_task_lead_unit_state_due in 0010:
    # test_inbox_paging.py checks the indexes of 0010.)
    for table, name in (("task", "ix_task_document_scope"),
                        ("task_coordinating_unit", "ix_task_coordinating_unit_unit_task"),
                        ("document", "ix_document_issued_on"),
                        ("progress_update", "ix_progress_update_open_kind"),
                        ("extension_request", "ix_extension_request_pending")):
        found = {i["name"]: i["column_names"] for i in inspector.get_indexes(table)}
        assert found.get(name) == declared[(table, name)], (table, name)
