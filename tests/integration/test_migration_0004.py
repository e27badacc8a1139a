"""Migration 0004 (task kind, first transfer, effective deadline) upgrades a
database at 0003 that holds tasks: on SQLite (batch mode) always, and on
PostgreSQL when TEST_DATABASE_URL points at one (a scratch database next to
it is created and dropped)."""
import os
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from app.reference.calendar import vn_calendar_rows
from app.rules.workdays import Calendar, is_working_day

D = date
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
SCRIPT = ScriptDirectory(str(MIGRATIONS))
CAL = Calendar.from_rows(vn_calendar_rows(2016, 2018))


def _run(engine, revision, direction="upgrade"):
    with engine.begin() as conn:
        with Operations.context(MigrationContext.configure(conn)):
            getattr(SCRIPT.get_revision(revision).module, direction)()


def _sqlite(tmp_path):
    yield sa.create_engine(f"sqlite:///{tmp_path}/m4.db")


def _postgresql(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL is not a PostgreSQL database")
    base = make_url(url)
    name = f"{base.database}_m4_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = sa.create_engine(base.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}"'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    maker = _sqlite if request.param == "sqlite" else _postgresql
    gen = maker(tmp_path)
    engine = next(gen)
    yield engine
    gen.close()


def _table(engine, name):
    return sa.Table(name, sa.MetaData(), autoload_with=engine)


def _index_rows(first, last):
    cum, day, rows = 0, first, []
    while day <= last:
        working = is_working_day(day, CAL)
        cum += working
        rows.append({"day": day, "dn": day.toordinal(), "cum": cum, "is_working": working})
        day += timedelta(days=1)
    return rows


def _vn(day, hour):
    """A TaskEvent time (UTC) for ``hour`` o'clock in Vietnam on ``day``."""
    return datetime(day.year, day.month, day.day, hour) - timedelta(hours=7)


# (deadline, transferred_on, transfer events as (Vietnamese day, hour)) ->
# (first_transferred_on, effective_deadline) expected after the upgrade.
TASKS = {
    # Transferred at 06:30 Vietnam time on 2/3, i.e. 1/3 in UTC, returned, sent again on 20/3.
    1: ((D(2017, 4, 30), D(2017, 3, 20), [(D(2017, 3, 2), 6), (D(2017, 3, 20), 9)]),
        (D(2017, 3, 2), D(2017, 5, 3))),
    # Reassigned: the first transfer is the transfer, not the reassignment.
    2: ((D(2017, 1, 27), D(2017, 1, 20), [(D(2017, 1, 9), 14), (D(2017, 1, 20), 8)]),
        (D(2017, 1, 9), D(2017, 2, 2))),
    # No event kept: the transfer date is all there is.
    3: ((D(2017, 5, 5), D(2017, 4, 10), []), (D(2017, 4, 10), D(2017, 5, 5))),
    # A draft: never transferred.
    4: ((D(2017, 6, 3), None, []), (None, D(2017, 6, 5))),
    # Outside the index: the deadline stands until the next refresh.
    5: ((D(2019, 6, 1), D(2017, 4, 10), [(D(2017, 4, 10), 10)]),
        (D(2017, 4, 10), D(2019, 6, 1))),
}


def _fill(engine):
    with engine.begin() as conn:
        t = {name: _table(engine, name) for name in ("unit", "document", "task", "task_event",
                                                      "workday_index")}
        conn.execute(t["unit"].insert(), [{"id": 1, "code": "STC", "name": "Sở Tài chính",
                                           "kind": "department", "active": True,
                                           "sort_order": 0}])
        conn.execute(t["document"].insert(), [{
            "id": 1, "doc_type": "decision", "number_symbol": "1/QĐ-UBND",
            "number_key": "1/qd-ubnd", "issue_year": 2017, "summary": "x",
            "issued_on": D(2017, 1, 3), "issuing_authority": "committee", "urgency": "normal",
            "confidentiality": "normal", "complex_entry": False,
            "created_at": datetime(2017, 1, 3), "changed_at": datetime(2017, 1, 3)}])
        conn.execute(t["workday_index"].insert(), _index_rows(D(2017, 1, 1), D(2017, 12, 31)))
        for task_id, ((deadline, transferred_on, transfers), _) in TASKS.items():
            conn.execute(t["task"].insert(), [{
                "id": task_id, "document_id": 1, "content": f"Nhiệm vụ {task_id}",
                "lead_unit_id": 1, "has_deadline": True, "must_report": False,
                "deadline": deadline, "state": "transferred" if transferred_on else "draft",
                "progress": "not_started", "extension_pending": False,
                "transferred_on": transferred_on, "timeliness": "none",
                "working_days_overdue": 0, "calendar_days_overdue": 0, "entry_late": False,
                "first_update_late": False, "cycle_update_missed": False, "version": 1,
                "created_at": datetime(2017, 1, 3), "changed_at": datetime(2017, 1, 3)}])
            events = [{"task_id": task_id, "at": datetime(2017, 1, 3), "action": "create",
                       "to_state": "draft"}]
            for i, (day, hour) in enumerate(transfers):
                action = "reassign" if task_id == 2 and i else "transfer"
                events.append({"task_id": task_id, "at": _vn(day, hour), "action": action,
                               "from_state": "draft", "to_state": "transferred"})
                if i + 1 < len(transfers):
                    events.append({"task_id": task_id, "at": _vn(day, hour + 1),
                                   "action": "return", "from_state": "transferred",
                                   "to_state": "returned"})
            conn.execute(t["task_event"].insert(), events)


def _tasks(engine):
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT id, kind, first_transferred_on, effective_deadline FROM task ORDER BY id"))
        return {r.id: (r.kind, _day(r.first_transferred_on), _day(r.effective_deadline))
                for r in rows}


def _day(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def test_upgrade_from_0003_with_tasks_then_down_and_up_again(engine):
    for revision in ("0001", "0002", "0003"):
        _run(engine, revision)
    _fill(engine)
    _run(engine, "0004")
    expected = {task_id: ("other", *want) for task_id, (_, want) in TASKS.items()}
    assert _tasks(engine) == expected
    columns = {c["name"]: c for c in sa.inspect(engine).get_columns("task")}
    assert columns["kind"]["nullable"] is False
    indexes = {i["name"] for i in sa.inspect(engine).get_indexes("task")}
    assert {"ix_task_kind", "ix_task_effective_deadline"} <= indexes
    # New rows get the default kind from the database too.
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO task (id, document_id, content, lead_unit_id, has_deadline, "
            "must_report, state, progress, extension_pending, timeliness, "
            "working_days_overdue, calendar_days_overdue, entry_late, first_update_late, "
            "cycle_update_missed, version, created_at, changed_at) VALUES (9, 1, 'x', 1, "
            ":f, :f, 'draft', 'not_started', :f, 'none', 0, 0, :f, :f, :f, 1, :at, :at)"),
            {"f": False, "at": datetime(2017, 1, 3)})
    assert _tasks(engine)[9] == ("other", None, None)
    _run(engine, "0004", "downgrade")
    columns = {c["name"] for c in sa.inspect(engine).get_columns("task")}
    assert not {"kind", "first_transferred_on", "effective_deadline"} & columns
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM task")).scalar() == 6
    _run(engine, "0004")
    assert _tasks(engine)[1] == ("other", D(2017, 3, 2), D(2017, 5, 3))
