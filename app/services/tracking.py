"""The tracking section (R1–R4): documents, tasks, the workflow, inboxes, search.

Every public function takes the acting user, reads through the one unit scope
(``app.security``) and either commits its whole change or rolls it all back:
a refusal (``RuleError``) or an invisible object (``NotFound``) leaves the
database as it was. Screens, the API, the CLI and imports all come through
here, so the rules (secret documents, uniqueness, the transition table,
versions) and the history hold on every path.

Decisions the brief left open:

* Which fields the Office may edit in which state: ``app.rules.documents.
  EDITABLE_FIELDS``. After acceptance the deadline changes only through
  ``decide-extension`` (old deadline kept, decision reference recorded).
* ``transferred_on`` is the date of the latest transfer (or reassignment):
  the unit that now holds the task gets its Art. 7.2a three working days
  from then; the first transfer stays in the history.
* ``close`` and ``cancel`` withdraw a pending extension request (decided,
  neither approved nor rejected) in the same transaction.
* A correction (``correct-progress``) supersedes the unit's latest progress
  or done report by a new one of the same kind; both are kept. It does not
  move ``last_update_on``: it fixes a report, it is not a new one.
* Users without a task-reading role (DIC IT) see no task, document or
  history here, whatever their unit scope: Art. 5.2 / R9 "no task content".
"""
import logging
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from sqlalchemy import event as sa_event
from sqlalchemy import false, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import NotFound

from app.clock import today_vn
from app.extensions import db
from app.models import (Document, ExtensionRequest, ProgressUpdate, Task, TaskEvent, Unit,
                        UnitKind)
from app.roles import OFFICE_ROLES, PROVINCIAL_LEADER, UNIT_CLERK, UNIT_LEADER
from app.rules import N_, RuleError
from app.rules import documents as rules
from app.rules import enums
from app.rules import workflow as wf
from app.rules.text import fold
from app.security import role_names, scoped_select
from app.seed import OFFICE as OFFICE_UNIT_CODE
from app.services import flags

log = logging.getLogger(__name__)

UNIT_ROLES = frozenset({UNIT_CLERK, UNIT_LEADER})
TASK_READER_ROLES = frozenset(OFFICE_ROLES | {PROVINCIAL_LEADER} | UNIT_ROLES)
OFFICE_INBOX_ROLES = frozenset(OFFICE_ROLES | {PROVINCIAL_LEADER})

STALE_MESSAGE = N_("This task was changed by someone else. Reload it and try again.")
DUPLICATE_MESSAGE = N_("A document with number %(number)s already exists for %(year)s.")
OFFICE_ONLY_MESSAGE = N_("Only the Office enters and changes documents and tasks.")
CONFLICT_MESSAGE = N_("Someone saved a conflicting change meanwhile. Reload and try again.")

DOCUMENT_FIELDS = ("doc_type", "number_symbol", "summary", "issued_on", "signer",
                   "issuing_authority", "drafting_unit_id", "urgency", "confidentiality",
                   "complex_entry", "notes")
# What the history records of a task's entry and edits (R4: deadline,
# assignment, classification; content and notes too, so an edit is never silent).
TRACKED_FIELDS = ("content", "notes", "lead_unit_id", "coordinating_unit_ids",
                  "monitoring_unit_id", "has_deadline", "must_report", "deadline",
                  "report_cycle")
OBSTACLE_WINDOW_DAYS = 30


# --- Plumbing -------------------------------------------------------------------


@contextmanager
def _writing():
    """One transaction: commit at the end, roll everything back on any error."""
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise RuleError(STALE_MESSAGE) from None
    except IntegrityError:
        db.session.rollback()
        raise RuleError(CONFLICT_MESSAGE) from None
    except BaseException:
        db.session.rollback()
        raise


def _refresh_flags(task_ids):
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


def _uid(user):
    return getattr(user, "id", None)


def _stamp(obj, user):
    # Always touch the row: a change of coordinating units alone would
    # otherwise not bump the task's version.
    obj.changed_at = datetime.utcnow()
    obj.changed_by_id = _uid(user)


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def _change(old, new):
    return [_json_value(old), _json_value(new)]


def _text(value):
    if value is None:
        return None
    return str(value).strip() or None


def is_office(user):
    return bool(role_names(user) & OFFICE_ROLES)


def _require_office(user):
    if not is_office(user):
        raise RuleError(OFFICE_ONLY_MESSAGE)


def _scoped(model, user):
    """``scoped_select`` that also shuts out users with no task-reading role."""
    stmt = scoped_select(model, user)
    if not role_names(user) & TASK_READER_ROLES:
        stmt = stmt.where(false())
    return stmt


def pk(value):
    """An id from a URL or form value; NotFound when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def _check_version(task, version, required=False):
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


def _units(ids, field, today, must_be_active=True):
    """The units of ``ids`` (by id); RuleError for an unknown or closed one."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(wanted)))}
    for unit_id in sorted(wanted):
        unit = units.get(unit_id)
        if unit is None:
            raise RuleError(N_("Unit %(unit_id)s does not exist."), unit_id=unit_id, field=field)
        if must_be_active and not unit.is_valid_on(today):
            raise RuleError(N_("%(unit)s is no longer active: choose another unit."),
                            unit=unit.name, field=field)
    return units


# --- Reading ----------------------------------------------------------------------


def get_task(user, task_id):
    """The task if the user may see it, else NotFound."""
    task = db.session.scalars(_scoped(Task, user).where(Task.id == pk(task_id))).first()
    if task is None:
        raise NotFound()
    return task


def get_document(user, doc_id):
    """The document if the user may see it (the Office: all; a unit: those with
    a task in its scope), else NotFound."""
    doc = db.session.scalars(_scoped(Document, user).where(Document.id == pk(doc_id))).first()
    if doc is None:
        raise NotFound()
    return doc


def task_history(user, task_id):
    task = get_task(user, task_id)
    return db.session.scalars(
        select(TaskEvent).where(TaskEvent.task_id == task.id)
        .options(selectinload(TaskEvent.actor), selectinload(TaskEvent.actor_unit))
        .order_by(TaskEvent.id)
    ).all()


def find_duplicate(number_symbol, issued_on, exclude_id=None):
    """The document with this number and symbol in the same issue year, if any
    (the quick-entry screen warns with it before saving)."""
    key = rules.number_key(number_symbol)
    issued = rules.to_date(issued_on, "issued_on")
    if not key or issued is None:
        return None
    stmt = select(Document).where(Document.number_key == key,
                                  Document.issue_year == issued.year)
    if exclude_id is not None:
        stmt = stmt.where(Document.id != exclude_id)
    with db.session.no_autoflush:
        return db.session.scalars(stmt.order_by(Document.id)).first()


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


# --- Documents ---------------------------------------------------------------------


def _document_values(doc):
    return {field: getattr(doc, field) for field in DOCUMENT_FIELDS}


def _write_document(user, doc, data, today):
    cleaned = rules.validate_document(data)
    if cleaned["drafting_unit_id"] != doc.drafting_unit_id:
        _units([cleaned["drafting_unit_id"]], "drafting_unit_id", today, must_be_active=False)
    duplicate = find_duplicate(cleaned["number_symbol"], cleaned["issued_on"], exclude_id=doc.id)
    if duplicate is not None:
        raise RuleError(DUPLICATE_MESSAGE, number=cleaned["number_symbol"],
                        year=cleaned["issued_on"].year, field="number_symbol")
    if doc.id is not None:
        tasks = list(doc.tasks)
        if tasks and rules.is_secret(cleaned["confidentiality"]):
            raise RuleError(N_("This document has tasks: it cannot be marked secret."),
                            field="confidentiality")
        if any(t.deadline and t.deadline < cleaned["issued_on"] for t in tasks):
            raise RuleError(N_("A task of this document has a deadline before this issue date."),
                            field="issued_on")
    for field, value in cleaned.items():
        setattr(doc, field, value)
    if doc.id is None:
        doc.created_by_id = _uid(user)
        db.session.add(doc)
    _stamp(doc, user)
    db.session.flush()
    return doc


def create_document(user, data):
    _require_office(user)
    with _writing():
        doc = _write_document(user, Document(), data, today_vn())
    return doc


def update_document(user, doc_id, data):
    doc = get_document(user, doc_id)
    _require_office(user)
    merged = _document_values(doc)
    merged.update({k: v for k, v in data.items() if k in DOCUMENT_FIELDS})
    with _writing():
        _write_document(user, doc, merged, today_vn())
    _refresh_flags([t.id for t in doc.tasks])
    return doc


# --- Tasks: entry and edits -------------------------------------------------------


def _task_values(task):
    return {
        "content": task.content,
        "notes": task.notes,
        "lead_unit_id": task.lead_unit_id,
        "coordinating_unit_ids": sorted(u.id for u in task.coordinating_units),
        "monitoring_unit_id": task.monitoring_unit_id,
        "has_deadline": task.has_deadline,
        "must_report": task.must_report,
        "deadline": task.deadline,
        "report_cycle": task.report_cycle,
    }


def _clean_task(data, document):
    cleaned = rules.validate_task(data, document)
    cleaned["coordinating_unit_ids"] = sorted(cleaned["coordinating_unit_ids"])
    if cleaned["monitoring_unit_id"] is None:
        cleaned["monitoring_unit_id"] = office_unit_id()
    return cleaned


def _assign(task, cleaned, fields, units):
    for field in fields:
        if field == "coordinating_unit_ids":
            task.coordinating_units = [units[i] for i in cleaned[field]]
        else:
            setattr(task, field, cleaned[field])


def _assigned_units(cleaned, changed, kept, today):
    """Units by id for ``_assign``: those newly named by this write (they must
    exist and be active) plus the coordinating units kept (``kept``)."""
    units = {}
    for field in ("lead_unit_id", "monitoring_unit_id"):
        if field in changed:
            units.update(_units([cleaned[field]], field, today))
    new_coordinating = set(cleaned["coordinating_unit_ids"]) - set(kept)
    units.update(_units(new_coordinating, "coordinating_unit_ids", today))
    units.update(kept)
    return units


def _event(task, user, action, from_state, to_state, reason=None, content=None, changes=None):
    event = TaskEvent(task=task, actor_id=_uid(user),
                      actor_unit_id=getattr(user, "unit_id", None), action=action,
                      from_state=from_state, to_state=to_state, reason=_text(reason),
                      content=_text(content), changes=changes or None)
    db.session.add(event)
    return event


def _new_task(user, document, data, transfer, today):
    cleaned = _clean_task(data, document)
    # Everything is loaded before the Task exists: the document's backref
    # would put a half-built task in the session for autoflush to insert.
    units = _assigned_units(cleaned, TRACKED_FIELDS, {}, today)
    task = Task(document=document, state=wf.DRAFT, progress=enums.NOT_STARTED,
                created_by_id=_uid(user))
    _assign(task, cleaned, TRACKED_FIELDS, units)
    _stamp(task, user)
    db.session.add(task)
    db.session.flush()
    changes = {f: _change(None, cleaned[f]) for f in TRACKED_FIELDS
               if f not in ("content", "notes") and cleaned[f] not in (None, [])}
    _event(task, user, enums.EVENT_CREATE, None, wf.DRAFT, changes=changes)
    if transfer:
        _do_action(user, task, wf.TRANSFER, {}, today)
    return task


def create_task(user, document_id, data, transfer=False):
    """A new task of the document (draft, or transferred at once)."""
    document = get_document(user, document_id)
    _require_office(user)
    with _writing():
        task = _new_task(user, document, data, transfer, today_vn())
    _refresh_flags([task.id])
    return task


def update_task(user, task_id, data, version):
    """Change a task's fields (Office only). Fields absent from ``data`` keep
    their value; ``reason`` in ``data`` goes to the history."""
    task = get_task(user, task_id)
    _require_office(user)
    today = today_vn()
    with _writing():
        _check_version(task, version, required=True)
        current = _task_values(task)
        merged = dict(current)
        merged.update({k: v for k, v in data.items() if k in TRACKED_FIELDS})
        cleaned = _clean_task(merged, task.document)
        changed = [f for f in TRACKED_FIELDS if cleaned[f] != current[f]]
        if changed:
            rules.check_editable(task.state, changed)
            kept = {u.id: u for u in task.coordinating_units}
            units = _assigned_units(cleaned, changed, kept, today)
            _assign(task, cleaned, changed, units)
            _stamp(task, user)
            _event(task, user, enums.EVENT_EDIT, task.state, task.state,
                   reason=data.get("reason"),
                   changes={f: _change(current[f], cleaned[f]) for f in changed})
    if changed:
        _refresh_flags([task.id])
    return task


def quick_entry(user, document_data, tasks_data, transfer=False):
    """One document and all its tasks, all or nothing. A refused task row
    raises RuleError with ``row`` (1-based) in its params."""
    _require_office(user)
    today = today_vn()
    tasks_data = list(tasks_data or [])
    with _writing():
        doc = _write_document(user, Document(), document_data, today)
        if tasks_data and rules.is_secret(doc.confidentiality):
            raise RuleError(rules.SECRET_TASKS_MESSAGE, field="confidentiality")
        task_ids = []
        for row, data in enumerate(tasks_data, start=1):
            try:
                task_ids.append(_new_task(user, doc, data, transfer, today).id)
            except RuleError as err:
                err.params.setdefault("row", row)
                raise
    _refresh_flags(task_ids)
    return doc


# --- The workflow ---------------------------------------------------------------


def _update(task, user, kind, cleaned, today, unit_id=None, status=None):
    update = ProgressUpdate(
        task=task, kind=kind, unit_id=unit_id or task.lead_unit_id, author_id=_uid(user),
        reported_on=today, status=status, content=_text(cleaned.get("content")),
        result=_text(cleaned.get("result")), obstacles=_text(cleaned.get("obstacles")))
    db.session.add(update)
    return update


def _status(cleaned, default):
    status = _text(cleaned.get("status")) or default
    if status not in enums.PROGRESS_VALUES:
        raise RuleError(N_("%(value)s is not a valid choice."), value=status, field="status")
    return status


def _mark_reported(task, today):
    if task.first_update_on is None:
        task.first_update_on = today
    task.last_update_on = today


def _pending_requests(task):
    return db.session.scalars(
        select(ExtensionRequest).where(ExtensionRequest.task_id == task.id,
                                       ExtensionRequest.decided_at.is_(None))
        .order_by(ExtensionRequest.id.desc())).all()


def _withdraw_extension(user, task, event):
    """A pending request becomes moot when the task is closed or cancelled."""
    requests = _pending_requests(task)
    for request in requests:
        request.decided_at = datetime.utcnow()
        request.decided_by_id = _uid(user)
    if task.extension_pending or requests:
        task.extension_pending = False
        event.changes = {**(event.changes or {}), "extension_pending": [True, False]}


def _on_transfer(user, task, cleaned, event, today):
    task.transferred_on = today


def _on_accept(user, task, cleaned, event, today):
    task.accepted_on = today


def _on_return(user, task, cleaned, event, today):
    pass  # the reason is in the event


def _on_reassign(user, task, cleaned, event, today):
    unit_id = rules.to_int(cleaned.get("unit_id"), "unit_id")
    if unit_id == task.lead_unit_id:
        raise RuleError(N_("The task is already assigned to this unit."), field="unit_id")
    if unit_id in {u.id for u in task.coordinating_units}:
        raise RuleError(N_("The lead unit cannot also be a coordinating unit."),
                        field="unit_id")
    unit = _units([unit_id], "unit_id", today)[unit_id]
    event.changes = {"lead_unit_id": [task.lead_unit_id, unit_id]}
    task.lead_unit = unit
    task.transferred_on = today
    task.accepted_on = None


def _on_progress(user, task, cleaned, event, today):
    _update(task, user, enums.UPDATE_PROGRESS, cleaned, today,
            status=_status(cleaned, enums.IN_PROGRESS))
    _mark_reported(task, today)


def _on_correct_progress(user, task, cleaned, event, today):
    previous = db.session.scalars(
        select(ProgressUpdate).where(
            ProgressUpdate.task_id == task.id,
            ProgressUpdate.unit_id == user.unit_id,
            ProgressUpdate.kind.in_((enums.UPDATE_PROGRESS, enums.UPDATE_DONE)),
            ProgressUpdate.superseded_by_id.is_(None))
        .order_by(ProgressUpdate.id.desc())).first()
    if previous is None:
        raise RuleError(N_("Your unit has no update on this task to correct."))
    status = _status(cleaned, previous.status or enums.IN_PROGRESS)
    if previous.kind == enums.UPDATE_DONE:
        status = enums.DONE
    correction = _update(task, user, previous.kind, cleaned, today, status=status)
    db.session.flush()
    previous.superseded_by_id = correction.id
    event.changes = {"update_id": [previous.id, correction.id]}


def _on_report_done(user, task, cleaned, event, today):
    _update(task, user, enums.UPDATE_DONE, cleaned, today, status=enums.DONE)
    _mark_reported(task, today)
    task.done_on = today


def _on_close(user, task, cleaned, event, today):
    task.closed_on = today
    _withdraw_extension(user, task, event)


def _on_reopen(user, task, cleaned, event, today):
    event.changes = {"done_on": _change(task.done_on, None)}
    task.done_on = None


def _on_cancel(user, task, cleaned, event, today):
    _withdraw_extension(user, task, event)


def _on_request_extension(user, task, cleaned, event, today):
    proposed = rules.to_date(cleaned.get("new_deadline"), "new_deadline")
    if task.deadline is not None and proposed <= task.deadline:
        raise RuleError(N_("The proposed deadline must be later than the current one."),
                        field="new_deadline")
    db.session.add(ExtensionRequest(task=task, requested_by_id=_uid(user),
                                    reason=cleaned["reason"], proposed_deadline=proposed,
                                    old_deadline=task.deadline))
    task.extension_pending = True
    event.changes = {"proposed_deadline": _change(task.deadline, proposed)}


def _on_decide_extension(user, task, cleaned, event, today):
    requests = _pending_requests(task)
    if not requests:
        raise RuleError(N_("There is no pending extension request."))
    request = requests[0]
    decision_ref = _text(cleaned.get("decision_ref"))
    request.decided_by_id = _uid(user)
    request.decided_at = datetime.utcnow()
    request.approved = bool(cleaned["approve"])
    request.decision_ref = decision_ref
    task.extension_pending = False
    if not request.approved:
        event.changes = {"approved": False, "decision_ref": decision_ref}
        return
    new_deadline = (rules.to_date(cleaned.get("new_deadline"), "new_deadline")
                    or request.proposed_deadline)
    if new_deadline < task.document.issued_on:
        raise RuleError(N_("The deadline cannot be before the document's issue date."),
                        field="new_deadline")
    old = task.deadline
    if task.original_deadline is None:
        task.original_deadline = old
    task.deadline = new_deadline
    request.granted_deadline = new_deadline
    event.changes = {"deadline": _change(old, new_deadline), "decision_ref": decision_ref,
                     "approved": True}


def _on_report_obstacle(user, task, cleaned, event, today):
    _update(task, user, enums.UPDATE_OBSTACLE, cleaned, today)


def _on_contribute(user, task, cleaned, event, today):
    _update(task, user, enums.UPDATE_CONTRIBUTION, cleaned, today, unit_id=user.unit_id)


def _on_district_feedback(user, task, cleaned, event, today):
    _update(task, user, enums.UPDATE_FEEDBACK, cleaned, today, unit_id=user.unit_id)


_EFFECTS = {
    wf.TRANSFER: _on_transfer,
    wf.ACCEPT: _on_accept,
    wf.RETURN: _on_return,
    wf.REASSIGN: _on_reassign,
    wf.PROGRESS: _on_progress,
    wf.CORRECT_PROGRESS: _on_correct_progress,
    wf.REPORT_DONE: _on_report_done,
    wf.CLOSE: _on_close,
    wf.REOPEN: _on_reopen,
    wf.CANCEL: _on_cancel,
    wf.REQUEST_EXTENSION: _on_request_extension,
    wf.DECIDE_EXTENSION: _on_decide_extension,
    wf.REPORT_OBSTACLE: _on_report_obstacle,
    wf.CONTRIBUTE: _on_contribute,
    wf.DISTRICT_FEEDBACK: _on_district_feedback,
}


def _do_action(user, task, action, payload, today):
    if action not in _EFFECTS:
        raise RuleError(N_("Unknown action: %(action)s."), action=str(action))
    new_state = wf.next_state(task.state, action, capacities(user, task),
                              has_deadline=task.has_deadline,
                              extension_pending=task.extension_pending)
    cleaned = wf.validate_payload(action, payload)
    event = _event(task, user, action, task.state, new_state, reason=cleaned.get("reason"),
                   content=cleaned.get("content"))
    _EFFECTS[action](user, task, cleaned, event, today)
    task.state = new_state
    task.progress = wf.progress_of(new_state) or task.progress
    _stamp(task, user)
    db.session.flush()
    return task


def act(user, task_id, action, payload, version=None):
    """Do a workflow action (``app.rules.workflow.ACTIONS``) on a task.

    ``payload`` keys as the action needs: reason, content, result, obstacles,
    status, unit_id, new_deadline (ISO string or date), approve (bool),
    decision_ref. ``version``, when given, must be the task's current one.
    """
    task = get_task(user, task_id)
    with _writing():
        _check_version(task, version)
        _do_action(user, task, action, dict(payload or {}), today_vn())
    _refresh_flags([task.id])
    return task


# --- Inboxes -----------------------------------------------------------------------


def _by_deadline(stmt):
    return (stmt.options(selectinload(Task.document), selectinload(Task.lead_unit))
            .order_by(Task.deadline.is_(None), Task.deadline, Task.id))


def _count(stmt):
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def _unit_queries(user):
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None or not role_names(user) & UNIT_ROLES:
        return None
    own = _scoped(Task, user).where(Task.lead_unit_id == unit_id)
    return {
        "to_accept": own.where(Task.state == wf.TRANSFERRED),
        "in_progress": own.where(Task.state.in_((wf.ACCEPTED, wf.IN_PROGRESS))),
        "returned": own.where(Task.state == wf.RETURNED),
        "done_reported": own.where(Task.state == wf.DONE_REPORTED),
        "coordinating": _scoped(Task, user).where(
            Task.coordinating_units.any(Unit.id == unit_id),
            Task.state.in_((wf.TRANSFERRED, wf.ACCEPTED, wf.IN_PROGRESS, wf.DONE_REPORTED))),
    }


def unit_inbox(user):
    """The unit's "Nhiệm vụ của đơn vị": lists of Task, soonest deadline first.

    Keys: to_accept, in_progress (accepted or in progress), returned (by this
    unit, waiting for the Office), done_reported, coordinating (open tasks
    the unit coordinates).
    """
    queries = _unit_queries(user)
    if queries is None:
        return {key: [] for key in ("to_accept", "in_progress", "returned", "done_reported",
                                    "coordinating")}
    return {key: db.session.scalars(_by_deadline(stmt)).all() for key, stmt in queries.items()}


def _office_queries(user, today):
    if not role_names(user) & OFFICE_INBOX_ROLES:
        return None
    open_tasks = _scoped(Task, user).where(Task.state.not_in(wf.FINAL_STATES))
    task_ids = open_tasks.with_only_columns(Task.id)
    since = today - timedelta(days=OBSTACLE_WINDOW_DAYS)

    def updates(kind):
        return (select(ProgressUpdate)
                .where(ProgressUpdate.kind == kind, ProgressUpdate.task_id.in_(task_ids),
                       ProgressUpdate.superseded_by_id.is_(None),
                       ProgressUpdate.reported_on >= since)
                .options(selectinload(ProgressUpdate.task), selectinload(ProgressUpdate.unit))
                .order_by(ProgressUpdate.id.desc()))

    return {
        "returned": _by_deadline(_scoped(Task, user).where(Task.state == wf.RETURNED)),
        "done_reported": _by_deadline(_scoped(Task, user)
                                      .where(Task.state == wf.DONE_REPORTED)),
        "extension_requests": (select(ExtensionRequest)
                               .where(ExtensionRequest.decided_at.is_(None),
                                      ExtensionRequest.task_id.in_(task_ids))
                               .options(selectinload(ExtensionRequest.task))
                               .order_by(ExtensionRequest.id)),
        "obstacles": updates(enums.UPDATE_OBSTACLE),
        "feedback": updates(enums.UPDATE_FEEDBACK),
    }


def office_inbox(user):
    """The Office's "Chờ xử lý".

    Keys: returned, done_reported (lists of Task); extension_requests
    (pending ExtensionRequest, oldest first); obstacles and feedback
    (ProgressUpdate of the last 30 days on open tasks, newest first).
    """
    queries = _office_queries(user, today_vn())
    if queries is None:
        return {key: [] for key in ("returned", "done_reported", "extension_requests",
                                    "obstacles", "feedback")}
    return {key: db.session.scalars(stmt).all() for key, stmt in queries.items()}


def inbox_counts(user):
    """Counts for the menu badges (COUNT queries only).

    ``unit``: tasks waiting for the unit to accept; ``office``: everything
    waiting for the Office; the other keys are the lists of both inboxes
    (office ones prefixed ``office_`` where the names clash).
    """
    counts = {"unit": 0, "office": 0}
    unit = _unit_queries(user)
    if unit is not None:
        counts.update({key: _count(stmt) for key, stmt in unit.items()})
        counts["unit"] = counts["to_accept"]
    office = _office_queries(user, today_vn())
    if office is not None:
        office_counts = {key: _count(stmt) for key, stmt in office.items()}
        counts["office"] = sum(office_counts.values())
        for key, value in office_counts.items():
            counts["office_" + key if key in ("returned", "done_reported") else key] = value
    return counts


# --- Search --------------------------------------------------------------------------


def search(user, text, limit=50):
    """Documents (number, summary, signer) and tasks (content, notes) matching
    every word typed, with or without diacritics, within the user's scope."""
    words = fold(text or "").split()
    if not words:
        return {"documents": [], "tasks": []}
    documents = _scoped(Document, user)
    tasks = _scoped(Task, user)
    for word in words:
        documents = documents.where(Document.search_key.contains(word, autoescape=True))
        tasks = tasks.where(Task.search_key.contains(word, autoescape=True))
    return {
        "documents": db.session.scalars(
            documents.order_by(Document.issued_on.desc(), Document.id.desc()).limit(limit)).all(),
        "tasks": db.session.scalars(
            tasks.options(selectinload(Task.document), selectinload(Task.lead_unit))
            .order_by(Task.id.desc()).limit(limit)).all(),
    }


# --- Derived columns, kept true on every write (services, imports, demo data) --------

@sa_event.listens_for(Document, "before_insert")
@sa_event.listens_for(Document, "before_update")
def _document_keys(mapper, connection, doc):
    doc.number_key = rules.number_key(doc.number_symbol)
    if doc.issued_on is not None:
        doc.issue_year = doc.issued_on.year
    doc.search_key = fold(" ".join(filter(None, (doc.number_symbol, doc.summary, doc.signer))))


@sa_event.listens_for(Task, "before_insert")
@sa_event.listens_for(Task, "before_update")
def _task_keys(mapper, connection, task):
    task.search_key = fold(" ".join(filter(None, (task.content, task.notes))))
