"""The workflow (R2): ``act`` checks the transition table, records the event
and applies each action's side effects (dates, updates, extension requests)."""
from datetime import datetime

from sqlalchemy import select, update

from app.clock import today_vn
from app.extensions import db
from app.models import CorrectionRequest, ExtensionRequest, ProgressUpdate
from app.rules import N_, RuleError
from app.rules import documents as rules
from app.rules import enums
from app.rules import workflow as wf

from .common import (add_event, capacities, change, check_version, get_task,
                     refresh_task_flags, reloaded, set_flags, stamp, text_or_none, units_by_id,
                     user_id, writing)


# --- Side effects of the actions ----------------------------------------------------


def _update(task, user, kind, cleaned, today, unit_id=None, status=None):
    update = ProgressUpdate(
        task=task, kind=kind, unit_id=unit_id or task.lead_unit_id, author_id=user_id(user),
        reported_on=today, status=status, content=text_or_none(cleaned.get("content")),
        result=text_or_none(cleaned.get("result")),
        obstacles=text_or_none(cleaned.get("obstacles")))
    db.session.add(update)
    return update


# A progress update reports work under way; "done" is reported by report-done.
_PROGRESS_STATUSES = tuple(v for v in enums.PROGRESS_VALUES if v != enums.DONE)


def _status(cleaned, default, allowed=_PROGRESS_STATUSES):
    status = text_or_none(cleaned.get("status")) or default
    if status not in allowed:
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


def _decide(request, user):
    request.decided_by_id = user_id(user)
    request.decided_at = datetime.utcnow()


def _withdraw_extension(user, task, event):
    """A pending request becomes moot when the task is closed or cancelled."""
    requests = _pending_requests(task)
    for request in requests:
        _decide(request, user)
    if task.extension_pending or requests:
        task.extension_pending = False
        event.changes = {**(event.changes or {}), "extension_pending": [True, False]}


def _mark_transferred(task, today):
    """Art. 7.2a counts from the latest transfer; Art. 7.1 from the first,
    which a transfer again after a return or a reassignment never moves."""
    if task.first_transferred_on is None:
        task.first_transferred_on = task.transferred_on or today
    task.transferred_on = today


def _on_transfer(user, task, cleaned, event, today):
    _mark_transferred(task, today)


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
    unit = units_by_id([unit_id], "unit_id", today)[unit_id]
    event.changes = {"lead_unit_id": [task.lead_unit_id, unit_id]}
    task.lead_unit = unit
    _mark_transferred(task, today)
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
    if previous.kind == enums.UPDATE_DONE:
        status = enums.DONE
    else:
        status = _status(cleaned, previous.status or enums.IN_PROGRESS)
    correction = _update(task, user, previous.kind, cleaned, today, status=status)
    db.session.flush()
    previous.superseded_by_id = correction.id
    event.changes = {"update_id": [previous.id, correction.id]}
    # The Office's requests to correct it (Art. 8.2) are answered by this.
    db.session.execute(update(CorrectionRequest)
                       .where(CorrectionRequest.update_id == previous.id,
                              CorrectionRequest.closed_at.is_(None))
                       .values(closed_at=datetime.utcnow(), correction_id=correction.id)
                       .execution_options(synchronize_session=False))


def _on_report_done(user, task, cleaned, event, today):
    _update(task, user, enums.UPDATE_DONE, cleaned, today, status=enums.DONE)
    _mark_reported(task, today)
    task.done_on = today


def _on_close(user, task, cleaned, event, today):
    task.closed_on = today
    _withdraw_extension(user, task, event)


def _on_reopen(user, task, cleaned, event, today):
    event.changes = {"done_on": change(task.done_on, None)}
    task.done_on = None


def _on_cancel(user, task, cleaned, event, today):
    _withdraw_extension(user, task, event)


def _on_request_extension(user, task, cleaned, event, today):
    proposed = rules.to_date(cleaned.get("new_deadline"), "new_deadline")
    if task.deadline is not None and proposed <= task.deadline:
        raise RuleError(N_("The proposed deadline must be later than the current one."),
                        field="new_deadline")
    db.session.add(ExtensionRequest(task=task, requested_by_id=user_id(user),
                                    reason=cleaned["reason"], proposed_deadline=proposed,
                                    old_deadline=task.deadline))
    task.extension_pending = True
    event.changes = {"proposed_deadline": change(task.deadline, proposed)}


def _on_decide_extension(user, task, cleaned, event, today):
    requests = _pending_requests(task)
    if not requests:
        raise RuleError(N_("There is no pending extension request."))
    request = requests[0]
    decision_ref = text_or_none(cleaned.get("decision_ref"))
    _decide(request, user)
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
    if task.deadline is not None and new_deadline <= task.deadline:
        raise RuleError(N_("The new deadline must be later than the current one."),
                        field="new_deadline")
    old = task.deadline
    if task.original_deadline is None:
        task.original_deadline = old
    task.deadline = new_deadline
    request.granted_deadline = new_deadline
    event.changes = {"deadline": change(old, new_deadline), "decision_ref": decision_ref,
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


def do_action(user, task, action, payload, today):
    """The action on a loaded task, inside the caller's transaction; its flags
    set in the same UPDATE. False when they could not be (``set_flags``)."""
    if action not in _EFFECTS:
        raise RuleError(N_("Unknown action: %(action)s."), action=str(action))
    new_state = wf.next_state(task.state, action, capacities(user, task),
                              has_deadline=task.has_deadline,
                              extension_pending=task.extension_pending)
    cleaned = wf.validate_payload(action, payload)
    event = add_event(task, user, action, task.state, new_state, reason=cleaned.get("reason"),
                      content=cleaned.get("content"))
    _EFFECTS[action](user, task, cleaned, event, today)
    task.state = new_state
    task.progress = wf.progress_of(new_state) or task.progress
    stamp(task, user)
    flagged = set_flags(task, today)
    db.session.flush()
    return flagged


# --- The entry point ------------------------------------------------------------------


def act(user, task_id, action, payload, version=None):
    """Do a workflow action (``app.rules.workflow.ACTIONS``) on a task.

    ``payload`` keys as the action needs: reason, content, result, obstacles,
    status, unit_id, new_deadline (ISO string or date), approve (bool),
    decision_ref. ``version``, when given, must be the task's current one.
    """
    task = get_task(user, task_id)
    task_id = task.id  # read before the commit expires it
    today = today_vn()
    with writing():
        check_version(task, version)
        flagged = do_action(user, task, action, dict(payload or {}), today)
    if not flagged:
        refresh_task_flags([task_id])
    return reloaded(task_id)
