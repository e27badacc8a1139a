"""What every part of the tracking service shares: who reads tasks, the
messages of refusals, one transaction per call, scoped loading, the units a
write names, and the user's capacities on a task."""
import logging
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import false, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, contains_eager, joinedload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import NotFound

from app.clock import today_vn
from app.extensions import db
from app.models import (Attachment, Document, ProgressUpdate, Task, TaskEvent, Unit, UnitKind,
                        task_coordinating_unit)
from app.roles import OFFICE_ROLES, PROVINCIAL_LEADER, UNIT_CLERK, UNIT_LEADER
from app.rules import N_, RuleError
from app.rules import documents as rules
from app.rules import workflow as wf
from app.scope import _request_cache, role_names, scoped_select, visible_unit_ids
from app.reference.units import OFFICE as OFFICE_UNIT_CODE
from app.services import flags, transaction
from app.services.calendar import load_calendar

# The package's name, as the logger was called before the package was split.
log = logging.getLogger(__package__)

UNIT_ROLES = frozenset({UNIT_CLERK, UNIT_LEADER})
TASK_READER_ROLES = frozenset(OFFICE_ROLES | {PROVINCIAL_LEADER} | UNIT_ROLES)
OFFICE_INBOX_ROLES = frozenset(OFFICE_ROLES | {PROVINCIAL_LEADER})

STALE_MESSAGE = N_("This task was changed by someone else. Reload it and try again.")
DUPLICATE_MESSAGE = N_("A document with number %(number)s already exists for %(year)s.")
OFFICE_ONLY_MESSAGE = N_("Only the Office enters and changes documents and tasks.")
CONFLICT_MESSAGE = N_("Someone saved a conflicting change meanwhile. Reload and try again.")


# --- Plumbing -------------------------------------------------------------------


@contextmanager
def writing():
    """One transaction (``app.services.transaction``); a concurrent change
    becomes a refusal the user can act on."""
    try:
        with transaction():
            yield
    except StaleDataError:
        raise RuleError(STALE_MESSAGE) from None
    except IntegrityError:
        raise RuleError(CONFLICT_MESSAGE) from None
    finally:
        # A write may move a task out of someone's scope: the next read checks again.
        _forget_tasks()


def lock_document(doc_id):
    """The document as committed now, locked until this transaction ends;
    NotFound when it is gone. Call it inside ``writing()``, before the checks.

    Writes that check what a document holds and then change it take this
    lock first, so that two of them never both pass their checks on the same
    old state: adding a task or a file (the document must still exist and
    not be secret), changing the document (no task may end before its issue
    date; a document with tasks or files is never marked secret), removing
    the entry (only without tasks and files). Without it, a PUT and a POST
    sent at the same moment both succeeded.

    PostgreSQL: a row lock on the document (``SELECT ... FOR UPDATE``);
    others wait for it, then read what was committed. SQLite has no row
    locks: the database's write lock (``BEGIN IMMEDIATE``), taken before the
    checks read anything, so writers take turns (readers are not blocked).
    The document is reloaded, and its tasks expired, so the checks see the
    committed state, not what this session loaded before the lock.
    """
    _database_write_lock()
    doc = db.session.scalars(
        select(Document).where(Document.id == doc_id).with_for_update()
        .execution_options(populate_existing=True)).first()
    if doc is None:
        raise NotFound()
    db.session.expire(doc, ["tasks"])
    return doc


def _database_write_lock():
    """SQLite: begin this transaction with the database's write lock unless
    it already holds it. The driver begins a transaction only before its
    first INSERT, UPDATE or DELETE, which takes the write lock: a connection
    already in a transaction holds it."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def document_has_tasks(doc_id):
    return db.session.scalar(
        select(Task.id).where(Task.document_id == doc_id).limit(1)) is not None


def document_has_files(doc_id):
    return db.session.scalar(
        select(Attachment.id).where(Attachment.owner_type == "document",
                                    Attachment.owner_id == doc_id).limit(1)) is not None


def refresh_task_flags(task_ids):
    """Recompute the timeliness flags of what just changed. The change itself is
    committed already and the daily job recomputes everything, so a failure
    here is logged, not reported as a failed action."""
    if not task_ids:
        return
    try:
        flags.refresh_flags(today_vn(), list(task_ids))
    except Exception:  # noqa: BLE001 - see docstring
        db.session.rollback()
        log.exception("refreshing flags of tasks %s failed", task_ids)


def set_flags(task, today):
    """The task's flags as of ``today``, set on the loaded task so that the
    write's own UPDATE carries them, in its transaction: ``compute_flags``,
    which the tests hold equal to ``refresh_flags``, costs one small query
    (the calendar's version) where a refresh after the commit costs five
    statements and a second commit. Returns False (logged) when it could not
    be computed: the caller then refreshes after the commit."""
    try:
        # Not flushed before the flags are set: one UPDATE, one new version.
        with db.session.no_autoflush:
            values = flags.compute_flags(flags.FlagInputs.of(task), today, load_calendar(),
                                         flags.soon_days())
    except Exception:  # noqa: BLE001 - the flags are never worth a refused write
        log.exception("computing the flags of task %s failed", task.id)
        return False
    for column, value in values.items():
        setattr(task, column, value)
    task.flags_as_of = today
    return True


def user_id(user):
    return getattr(user, "id", None)


def stamp(obj, user):
    # Always touch the row: a change of coordinating units alone would
    # otherwise not bump the task's version.
    obj.changed_at = datetime.utcnow()
    obj.changed_by_id = user_id(user)


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def change(old, new):
    """A history ``changes`` entry: [old, new] as JSON values."""
    return [_json_value(old), _json_value(new)]


def text_or_none(value):
    if value is None:
        return None
    return str(value).strip() or None


def is_office(user):
    return bool(role_names(user) & OFFICE_ROLES)


def require_office(user):
    if not is_office(user):
        raise RuleError(OFFICE_ONLY_MESSAGE)


def scoped(model, user):
    """``scoped_select`` that also shuts out users with no task-reading role."""
    stmt = scoped_select(model, user)
    if not role_names(user) & TASK_READER_ROLES:
        stmt = stmt.where(false())
    return stmt


def pk(value):
    """An id from a URL or form value; NotFound when it is not a number."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not rules.in_id_range(value):
        raise NotFound()
    return value


def check_version(task, version, required=False):
    if version is None or (isinstance(version, str) and not version.strip()):
        if required:
            raise RuleError(N_("The task's version is missing. Reload it and try again."))
        return
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise RuleError(STALE_MESSAGE) from None
    if version != task.version:
        raise RuleError(STALE_MESSAGE)


def office_unit_id():
    """The Office's unit: the default monitoring unit of a task."""
    return db.session.scalar(select(Unit.id).where(Unit.code == OFFICE_UNIT_CODE))


def units_by_id(ids, field, today, must_be_active=True):
    """The units of ``ids`` (by id); RuleError for an unknown or closed one."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    in_range = [i for i in wanted if rules.in_id_range(i)]
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(in_range)))}
    for unit_id in sorted(wanted):
        unit = units.get(unit_id)
        if unit is None:
            raise RuleError(N_("Unit %(unit_id)s does not exist."), unit_id=unit_id, field=field)
        if must_be_active and not unit.is_valid_on(today):
            raise RuleError(N_("%(unit)s is no longer active: choose another unit."),
                            unit=unit.name, field=field)
    return units


def add_event(task, user, action, from_state, to_state, reason=None, content=None,
              changes=None):
    """A row of the task's history, by the user and their unit."""
    event = TaskEvent(task=task, actor_id=user_id(user),
                      actor_unit_id=getattr(user, "unit_id", None), action=action,
                      from_state=from_state, to_state=to_state, reason=text_or_none(reason),
                      content=text_or_none(content), changes=changes or None)
    db.session.add(event)
    return event


# --- Reading ----------------------------------------------------------------------


def _get_visible(model, user, object_id):
    found = db.session.scalars(scoped(model, user).where(model.id == pk(object_id))).first()
    if found is None:
        raise NotFound()
    return found


def _task_by_id(task_id):
    """The task with what its page, its saves and the API read besides its
    row, in one statement. The coordinating units by flat outer joins:
    ``joinedload`` nests them (``LEFT JOIN (link JOIN unit)``), which SQLite
    materialises by reading the whole link table."""
    link = task_coordinating_unit
    unit = aliased(Unit, name="coordinating")
    return (select(Task).where(Task.id == task_id)
            .outerjoin(link, link.c.task_id == Task.id)
            .outerjoin(unit, unit.id == link.c.unit_id)
            .options(joinedload(Task.document), joinedload(Task.lead_unit),
                     joinedload(Task.monitoring_unit),
                     contains_eager(Task.coordinating_units.of_type(unit))))


def _task_cache(user):
    """The tasks this user was shown in this request (None outside one), so
    that the page, the API's 404 check and the service it calls read the task
    once. Keyed by who asks, as the scope depends on it; emptied by every
    write (``writing``)."""
    cache = _request_cache("tasks")
    if cache is None:
        return None
    who = (user_id(user), getattr(user, "unit_id", None), frozenset(role_names(user)))
    return cache.setdefault(who, {})


def _forget_tasks():
    cache = _request_cache("tasks")
    if cache is not None:
        cache.clear()


def get_task(user, task_id):
    """The task if the user may see it, else NotFound.

    The unit scope (``app.scope``) asked of this one row in the models' own
    form (``Task.scope_clause``: the same rows, tested in test_scope_perf):
    the row's three unit columns and its coordinating units by primary key.
    The list's form (``task_scope_clause``) would first gather every task of
    the unit's scope, some 14,000 at 200,000 tasks."""
    task_id = pk(task_id)
    cache = _task_cache(user)
    task = cache.get(task_id) if cache is not None else None
    if task is not None and task in db.session:
        return task
    stmt = _task_by_id(task_id)
    if not role_names(user) & TASK_READER_ROLES:
        stmt = stmt.where(false())
    units = visible_unit_ids(user)
    if units is not None:
        stmt = stmt.where(Task.scope_clause(units) if units else false())
    task = db.session.scalars(stmt).unique().first()
    if task is None:
        raise NotFound()
    if cache is not None:
        cache[task_id] = task
    return task


def reloaded(task_id):
    """The task as committed (a commit expires what the session holds), with
    its relations, in one statement: what a save answers."""
    return db.session.scalars(
        _task_by_id(task_id).execution_options(populate_existing=True)).unique().one()


def get_document(user, doc_id):
    """The document if the user may see it (the Office: all; a unit: those with
    a task in its scope), else NotFound."""
    return _get_visible(Document, user, doc_id)


def task_history(user, task_id):
    """The task's events, oldest first, with who did them."""
    task = get_task(user, task_id)
    return db.session.scalars(
        select(TaskEvent).where(TaskEvent.task_id == task.id)
        .options(joinedload(TaskEvent.actor), joinedload(TaskEvent.actor_unit))
        .order_by(TaskEvent.id)
    ).all()


def task_updates(user, task_id):
    """The task's progress updates, oldest first, with their unit and author."""
    task = get_task(user, task_id)
    return db.session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.task_id == task.id)
        .options(joinedload(ProgressUpdate.unit), joinedload(ProgressUpdate.author))
        .order_by(ProgressUpdate.id)
    ).all()


# --- Capacities ---------------------------------------------------------------------

_DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.DIC)


def capacities(user, task):
    """How the user relates to the task, for ``app.rules.workflow``.

    office: an Office role. lead / coordinating: a unit role in that unit.
    district (Art. 21.3): a district's unit user on a department's task that
    involves the district (as coordinating or monitoring unit). The
    Provincial leader and DIC IT act on no task.
    """
    roles = role_names(user)
    caps = set()
    if roles & OFFICE_ROLES:
        caps.add(wf.OFFICE)
    unit_id = getattr(user, "unit_id", None)
    if not roles & UNIT_ROLES or unit_id is None:
        return caps
    coordinating = {u.id for u in task.coordinating_units}
    if task.lead_unit_id == unit_id:
        caps.add(wf.LEAD)
    if unit_id in coordinating:
        caps.add(wf.COORDINATING)
    unit = getattr(user, "unit", None)
    involved = unit_id in coordinating or unit_id == task.monitoring_unit_id
    if (involved and unit is not None and unit.kind == UnitKind.DISTRICT
            and task.lead_unit is not None and task.lead_unit.kind in _DEPARTMENT_KINDS):
        caps.add(wf.DISTRICT)
    return caps


def allowed_actions_for(user, task):
    """Workflow actions the user may do on the task now, in button order."""
    return wf.allowed_actions(task.state, capacities(user, task),
                              has_deadline=task.has_deadline,
                              extension_pending=task.extension_pending)


def editable_fields_for(user, task):
    """Fields of the task the user may change now (empty unless the Office)."""
    if not is_office(user):
        return frozenset()
    return rules.EDITABLE_FIELDS[task.state]
