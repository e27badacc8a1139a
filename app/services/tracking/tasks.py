"""Tasks (R3): entry (one task, or a document with all its tasks at once) and
the Office's edits, each recorded in the history."""
from app.clock import today_vn
from app.extensions import db
from app.models import Document, Task
from app.rules import RuleError
from app.rules import documents as rules
from app.rules import enums
from app.rules import timeliness as tl
from app.rules import workflow as wf
from app.services.calendar import load_calendar

from .common import (add_event, change, check_version, get_document, get_task,
                     lock_document, office_unit_id, refresh_task_flags, reloaded,
                     require_office, set_flags, stamp, units_by_id, user_id, writing)
from .documents import write_document
from .workflow import do_action

# What the history records of a task's entry and edits (R4: deadline,
# assignment, classification; content and notes too, so an edit is never silent).
TRACKED_FIELDS = ("content", "kind", "notes", "lead_unit_id", "coordinating_unit_ids",
                  "monitoring_unit_id", "has_deadline", "must_report", "deadline",
                  "report_cycle")
# What a task's entry carries, in the order the forms and the API show it.
TASK_ENTRY_FIELDS = ("content", "kind", "lead_unit_id", "coordinating_unit_ids",
                     "monitoring_unit_id", "has_deadline", "must_report", "deadline",
                     "report_cycle", "notes")


def _task_values(task):
    return {
        "content": task.content,
        "kind": task.kind,
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
            units.update(units_by_id([cleaned[field]], field, today))
    new_coordinating = set(cleaned["coordinating_unit_ids"]) - set(kept)
    units.update(units_by_id(new_coordinating, "coordinating_unit_ids", today))
    units.update(kept)
    return units


def _new_task(user, document, data, transfer, today):
    cleaned = _clean_task(data, document)
    # Everything is loaded before the Task exists: the document's backref
    # would put a half-built task in the session for autoflush to insert.
    units = _assigned_units(cleaned, TRACKED_FIELDS, {}, today)
    task = Task(document=document, state=wf.DRAFT, progress=enums.NOT_STARTED,
                created_by_id=user_id(user))
    _assign(task, cleaned, TRACKED_FIELDS, units)
    stamp(task, user)
    db.session.add(task)
    db.session.flush()
    changes = {f: change(None, cleaned[f]) for f in TRACKED_FIELDS
               if f not in ("content", "notes") and cleaned[f] not in (None, [])}
    add_event(task, user, enums.EVENT_CREATE, None, wf.DRAFT, changes=changes)
    if transfer:
        do_action(user, task, wf.TRANSFER, {}, today)
    return task


def create_task(user, document_id, data, transfer=False):
    """A new task of the document (draft, or transferred at once)."""
    document = get_document(user, document_id)
    require_office(user)
    with writing():
        # Checked under the document's lock: a concurrent edit of the document
        # or removal of its entry waits, or is waited for (``lock_document``).
        document = lock_document(document.id)
        task = _new_task(user, document, data, transfer, today_vn())
    refresh_task_flags([task.id])
    return task


def update_task(user, task_id, data, version):
    """Change a task's fields (Office only). Fields absent from ``data`` keep
    their value; ``reason`` in ``data`` goes to the history."""
    task = get_task(user, task_id)
    task_id = task.id  # read before the commit expires it
    require_office(user)
    today = today_vn()
    flagged = True
    with writing():
        # The deadline is checked against the issue date. Held here: the
        # session keeps only what is referenced, and the checks read it again.
        document = lock_document(task.document_id)
        check_version(task, version, required=True)
        current = _task_values(task)
        merged = dict(current)
        merged.update({k: v for k, v in data.items() if k in TRACKED_FIELDS})
        cleaned = _clean_task(merged, document)
        changed = [f for f in TRACKED_FIELDS if cleaned[f] != current[f]]
        if changed:
            rules.check_editable(task.state, changed)
            kept = {u.id: u for u in task.coordinating_units}
            units = _assigned_units(cleaned, changed, kept, today)
            _assign(task, cleaned, changed, units)
            stamp(task, user)
            add_event(task, user, enums.EVENT_EDIT, task.state, task.state,
                      reason=data.get("reason"),
                      changes={f: change(current[f], cleaned[f]) for f in changed})
            flagged = set_flags(task, today)
    if not flagged:
        refresh_task_flags([task_id])
    return reloaded(task_id)


def quick_entry(user, document_data, tasks_data, transfer=False):
    """One document and all its tasks, all or nothing. A refused task row
    raises RuleError with ``row`` (1-based) in its params."""
    require_office(user)
    today = today_vn()
    tasks_data = list(tasks_data or [])
    with writing():
        doc = write_document(user, Document(), document_data, today)
        if tasks_data and rules.is_secret(doc.confidentiality):
            raise RuleError(rules.SECRET_TASKS_MESSAGE, field="confidentiality")
        task_ids = []
        for row, data in enumerate(tasks_data, start=1):
            try:
                task_ids.append(_new_task(user, doc, data, transfer, today).id)
            except RuleError as err:
                err.params.setdefault("row", row)
                raise
    refresh_task_flags(task_ids)
    return doc


def deadline_warnings(tasks):
    """Warnings (``RuleError`` values, not raised) for the tasks whose deadline
    falls on a day off: it stands, and ends on the next working day (Civil
    Code art. 148(5)). ``tasks``: Task rows, or ``(row, task)`` pairs for a
    quick entry, whose warnings then carry ``row``."""
    calendar = None
    warnings = []
    for item in tasks:
        row, task = item if isinstance(item, tuple) else (None, item)
        if not task.has_deadline or task.deadline is None:
            continue
        calendar = calendar or load_calendar()
        warning = tl.day_off_deadline_warning(task.deadline, calendar)
        if warning is not None:
            if row is not None:
                warning.params["row"] = row
            warnings.append(warning)
    return warnings
