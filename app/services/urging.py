"""Urging records (Art. 9–11) and correction requests (Art. 8.2).

An urging is recorded once and never changed or deleted (a ``before_flush``
guard refuses it on every path through the ORM); the tasks it names count
it (``Task.urging_count``, kept in the same transaction). Who may urge what
is ``app.rules.reminders.may_urge``; the people told are the users of each
urged task's lead unit.
"""
from datetime import datetime

from sqlalchemy import event, exists, false, func, inspect, or_, select, update
from sqlalchemy.orm import Session, joinedload, selectinload
from werkzeug.exceptions import NotFound

from app.clock import today_vn
from app.extensions import db
from app.models import (CorrectionRequest, ProgressUpdate, Task, Unit, Urging, UrgingAnswer,
                        urging_task)
from app.roles import OFFICE_ROLES
from app.rules import N_, RuleError, enums
from app.rules import reminders as rr
from app.rules import timeliness as tl
from app.rules import workflow as wf
from app.scope import role_names, scope_clause, subtree_ids, visible_unit_ids
from app.services import notifications
from app.services.tracking.common import (TASK_READER_ROLES, UNIT_ROLES, get_task, pk,
                                          writing)

MAX_CONTENT = 5000
MAX_TASKS = 200
EXCERPT = 160
MAX_PAGE = 100_000  # past it, an OFFSET only a mistake or an attack asks for

IMMUTABLE = N_("An urging record cannot be changed or deleted.")
NOT_ALLOWED = N_("You may not urge tasks.")
BAD_FORM = N_("Choose how the urging was made.")
BAD_LEVEL = N_("Choose the level of the urging.")
NO_CONTENT = N_("Write what the urging says.")
TOO_LONG = N_("The text is too long: at most %(n)s characters.")
NO_TARGET = N_("Choose the tasks to urge, or a unit.")
TOO_MANY = N_("At most %(n)s tasks can be urged at once.")
BAD_TASK = N_("%(value)s is not a task number.")
NOT_URGEABLE = N_("Task %(id)s cannot be urged by you: it is not open, or not one you "
                  "monitor.")
NOTHING_DUE = N_("This unit has no overdue or due-soon task that you may urge.")
BAD_UNIT = N_("Choose a unit from the list.")
NOT_ASKED = N_("This urging does not ask for an explanation.")
NOT_YOURS = N_("Only a unit whose task was urged answers it.")
ANSWERED = N_("Your unit has already answered this urging.")
OFFICE_ONLY = N_("Only the Office asks a unit to correct an update.")
BAD_UPDATE = N_("Only the lead unit's latest progress or done report can be corrected, "
                "while the task is in progress or reported done.")
ASKED_ALREADY = N_("A correction of this update has already been asked for.")


@event.listens_for(Session, "before_flush")
def _records_are_immutable(session, flush_context, instances):
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, (Urging, UrgingAnswer)) and (
                obj in session.deleted or _changed(obj)):
            raise RuleError(IMMUTABLE)


def _changed(obj):
    """Whether anything recorded changed: an answer added to an urging is
    kept with it (``answers``), not a change of it."""
    state = inspect(obj)
    return any(attr.history.has_changes() for attr in state.attrs
               if attr.key != "answers")


def _text(value, required_message):
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise RuleError(required_message)
    if len(text) > MAX_CONTENT:
        raise RuleError(TOO_LONG, n=MAX_CONTENT)
    return text


def _urger(user):
    """(office?, unit id, the unit's subtree) of someone who may urge."""
    roles = role_names(user)
    unit_id = getattr(user, "unit_id", None)
    if roles & OFFICE_ROLES:
        return True, unit_id, frozenset()
    if roles & UNIT_ROLES and unit_id is not None:
        return False, unit_id, frozenset(subtree_ids(unit_id))
    raise RuleError(NOT_ALLOWED)


def may_urge_any(user):
    try:
        _urger(user)
    except RuleError:
        return False
    return True


def _urgeable(user, office, unit_id, subtree, task):
    return rr.may_urge(office, unit_id, subtree, task.state, task.lead_unit_id,
                       task.monitoring_unit_id)


def may_urge_task(user, task):
    """Whether the user may urge this task (the task page's button)."""
    try:
        office, unit_id, subtree = _urger(user)
    except RuleError:
        return False
    return _urgeable(user, office, unit_id, subtree, task)


def urgeable_units(user):
    """The units the user may urge as a unit (the form's drop-down): every
    active unit for the Office; for a unit, the lead units of the open tasks
    it monitors and its sub-units."""
    office, unit_id, subtree = _urger(user)
    stmt = select(Unit).where(Unit.active.is_(True)).order_by(Unit.sort_order, Unit.name)
    if not office:
        leads = (select(Task.lead_unit_id)
                 .where(Task.state.not_in((wf.DRAFT, *wf.FINAL_STATES)),
                        or_(Task.monitoring_unit_id.in_(subtree),
                            Task.lead_unit_id.in_(subtree - {unit_id}))))
        stmt = stmt.where(Unit.id.in_(leads))
    return db.session.scalars(stmt).all()


def _scoped_tasks(user):
    clause = scope_clause(Task, user)
    stmt = select(Task)
    return stmt if clause is None else stmt.where(clause)


def _id(value):
    """An id typed or sent (a number, or its digits); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    try:
        return pk(value)
    except NotFound:
        return None


def _task_ids(values):
    if not isinstance(values, (list, tuple)):
        raise RuleError(NO_TARGET)
    if len(values) > MAX_TASKS:
        raise RuleError(TOO_MANY, n=MAX_TASKS)
    ids = []
    for value in values:
        task_id = _id(value)
        if task_id is None:
            raise RuleError(BAD_TASK, value=str(value)[:20])
        ids.append(task_id)
    return sorted(set(ids))


def _urgeable_tasks(user, office, unit_id, subtree, ids, lead=None):
    found = {t.id: t for t in db.session.scalars(
        _scoped_tasks(user).where(Task.id.in_(ids)))}
    tasks, refused = [], []
    for task_id in ids:
        task = found.get(task_id)
        if task is None or not _urgeable(user, office, unit_id, subtree, task) or (
                lead is not None and task.lead_unit_id != lead):
            refused.append(task_id)
        else:
            tasks.append(task)
    return tasks, refused


def urgeable_tasks(user, task_ids):
    """(the tasks of ``task_ids`` the user may urge, by id; the ids refused:
    not in the user's scope, not open, not the user's to urge)."""
    office, unit_id, subtree = _urger(user)
    typed = list(task_ids)[:MAX_TASKS]
    ids = sorted({_id(v) for v in typed} - {None})
    tasks, refused = _urgeable_tasks(user, office, unit_id, subtree, ids)
    return tasks, [str(v)[:20] for v in typed if _id(v) is None] + refused


def _targets(user, data):
    office, unit_id, subtree = _urger(user)
    ids = _task_ids(data.get("task_ids") or [])
    urged_unit = data.get("unit_id")
    if urged_unit in (None, ""):
        urged_unit = None
    else:
        urged_unit = _id(urged_unit)
        if urged_unit is None or db.session.get(Unit, urged_unit) is None:
            raise RuleError(BAD_UNIT)
    if not ids and urged_unit is None:
        raise RuleError(NO_TARGET)
    if ids:
        tasks, refused = _urgeable_tasks(user, office, unit_id, subtree, ids, urged_unit)
        if refused:
            raise RuleError(NOT_URGEABLE, id=refused[0])
    else:
        due = db.session.scalars(
            _scoped_tasks(user).where(Task.lead_unit_id == urged_unit,
                                      Task.state.not_in((wf.DRAFT, *wf.FINAL_STATES)),
                                      Task.done_on.is_(None),
                                      Task.timeliness.in_((tl.OVERDUE, tl.DUE_SOON)))
            .order_by(Task.id).limit(MAX_TASKS)).all()
        tasks = [t for t in due if _urgeable(user, office, unit_id, subtree, t)]
        if not tasks:
            raise RuleError(NOTHING_DUE)
    return tasks, urged_unit


def record_urging(user, data, today=None):
    """Record an urging of ``data["task_ids"]`` (or of the overdue and
    due-soon tasks of ``data["unit_id"]``): ``form``, ``level``, ``content``.
    Tells the users of each task's lead unit. Returns the Urging."""
    form = data.get("form")
    if not isinstance(form, str) or form not in rr.URGING_FORMS:
        raise RuleError(BAD_FORM)
    level = data.get("level")
    if not isinstance(level, str) or level not in rr.URGING_LEVELS:
        raise RuleError(BAD_LEVEL)
    content = _text(data.get("content"), NO_CONTENT)
    today = today or today_vn()
    with writing():
        tasks, urged_unit = _targets(user, data)
        urging = Urging(form=form, level=level, content=content, urged_on=today,
                        author_id=user.id, author_unit_id=getattr(user, "unit_id", None),
                        unit_id=urged_unit, tasks=tasks)
        db.session.add(urging)
        db.session.flush()
        db.session.execute(update(Task).where(Task.id.in_([t.id for t in tasks]))
                           .values(urging_count=Task.urging_count + 1)
                           .execution_options(synchronize_session=False))
        _tell_lead_units(urging, tasks, user, today)
    return urging


def _tell_lead_units(urging, tasks, user, today):
    by_lead = {}
    for task in tasks:
        by_lead.setdefault(task.lead_unit_id, []).append(task)
    people, _office = notifications.recipients(by_lead)
    author_unit = getattr(getattr(user, "unit", None), "name", "") or ""
    rows = []
    for lead, led in by_lead.items():
        for user_id in sorted(people.get(lead, ())):
            rows.append({"user_id": user_id, "kind": rr.URGING, "urging_id": urging.id,
                         "task_id": led[0].id if len(led) == 1 else None,
                         "created_on": today,
                         "params": {"level": urging.level, "author_unit": author_unit,
                                    "count": len(led), "content": urging.content[:EXCERPT]}})
    notifications.add(rows)


def _visible_urgings(user):
    """Urgings the user may read: all for those who see every unit; else
    those naming a task in the user's scope, or made by the user's unit."""
    stmt = select(Urging)
    if not role_names(user) & TASK_READER_ROLES:  # not DIC IT: never task content
        return stmt.where(false())
    units = visible_unit_ids(user)
    if units is None:
        return stmt
    in_scope = exists(select(urging_task.c.task_id)
                      .join(Task, Task.id == urging_task.c.task_id)
                      .where(urging_task.c.urging_id == Urging.id, scope_clause(Task, user)))
    return stmt.where(or_(in_scope, Urging.author_unit_id.in_(units)))


def urgings(user, page=0, per_page=20, task_id=None):
    """(the urgings the user may read, newest first; how many in all)."""
    stmt = _visible_urgings(user)
    if task_id is not None:
        stmt = stmt.where(Urging.id.in_(select(urging_task.c.urging_id)
                                        .where(urging_task.c.task_id == task_id)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.scalars(
        stmt.options(selectinload(Urging.tasks), selectinload(Urging.answers),
                     selectinload(Urging.author), selectinload(Urging.author_unit))
        .order_by(Urging.id.desc()).offset(min(max(page, 0), MAX_PAGE) * per_page)
        .limit(per_page)).all()
    return rows, total


def get_urging(user, urging_id):
    urging_id = _id(urging_id)
    if urging_id is None:
        return None
    return db.session.scalar(_visible_urgings(user).where(Urging.id == urging_id))


def task_urgings(user, task, limit=20):
    """The latest urgings of a task the user sees (the task page), newest
    first; none read when the task was never urged."""
    if not task.urging_count:
        return []
    return db.session.scalars(
        _visible_urgings(user)
        .where(Urging.id.in_(select(urging_task.c.urging_id)
                             .where(urging_task.c.task_id == task.id)))
        .options(joinedload(Urging.author_unit), selectinload(Urging.answers))
        .order_by(Urging.id.desc()).limit(limit)).all()


def _answer_refusal(user, urging):
    unit_id = getattr(user, "unit_id", None)
    if urging.level != rr.EXPLANATION:
        return NOT_ASKED
    leads = {t.lead_unit_id for t in urging.tasks} | {urging.unit_id}
    if not role_names(user) & UNIT_ROLES or unit_id is None or unit_id not in leads:
        return NOT_YOURS
    if any(a.unit_id == unit_id for a in urging.answers):
        return ANSWERED
    return None


def may_answer(user, urging):
    """Whether the user's unit answers this urging now (the answer form)."""
    return _answer_refusal(user, urging) is None


def answer_urging(user, urging_id, content):
    """A unit's explanation of an urging that asked for one (once per unit)."""
    text = _text(content, NO_CONTENT)
    with writing():
        urging = get_urging(user, urging_id)
        refusal = NOT_YOURS if urging is None else _answer_refusal(user, urging)
        if refusal:
            raise RuleError(refusal)
        answer = UrgingAnswer(urging=urging, unit_id=user.unit_id, content=text,
                              author_id=user.id)
        db.session.add(answer)
    return answer


# --- Correction requests (Art. 8.2) -----------------------------------------------


def request_correction(user, task_id, update_id, content, today=None):
    """The Office asks the unit that wrote an update to correct it."""
    if not role_names(user) & OFFICE_ROLES:
        raise RuleError(OFFICE_ONLY)
    text = _text(content, NO_CONTENT)
    today = today or today_vn()
    with writing():
        task = get_task(user, task_id)
        update_row = _correctable_update(task, _id(update_id))
        if update_row is None:
            raise RuleError(BAD_UPDATE)
        if db.session.scalar(select(CorrectionRequest.id).where(
                CorrectionRequest.update_id == update_row.id,
                CorrectionRequest.closed_at.is_(None))) is not None:
            raise RuleError(ASKED_ALREADY)
        request = CorrectionRequest(task_id=task.id, update_id=update_row.id,
                                    unit_id=update_row.unit_id, content=text,
                                    requested_by_id=user.id)
        db.session.add(request)
        db.session.flush()
        people, _office = notifications.recipients({update_row.unit_id})
        notifications.add([
            {"user_id": user_id, "kind": rr.CORRECTION_REQUEST, "task_id": task.id,
             "correction_id": request.id, "created_on": today,
             "params": {"document": task.document.number_symbol, "content": text[:EXCERPT]}}
            for user_id in sorted(people.get(update_row.unit_id, ()))])
    return request


def correctable_update(task):
    """The update the Office may ask the unit to correct, or None: the lead
    unit's latest progress or done report, while the task is in progress or
    reported done. ``correct-progress`` corrects that one only, so asking
    about any other would leave a request nothing can close."""
    if (task.state, wf.CORRECT_PROGRESS) not in wf.TRANSITIONS:
        return None
    return correctable_among(task, db.session.scalars(select(ProgressUpdate).where(
        ProgressUpdate.task_id == task.id, ProgressUpdate.unit_id == task.lead_unit_id,
        ProgressUpdate.superseded_by_id.is_(None))).all())


def correctable_among(task, updates):
    """``correctable_update`` from the task's updates already loaded (the
    task page, without a query): the one place that says which."""
    if (task.state, wf.CORRECT_PROGRESS) not in wf.TRANSITIONS:
        return None
    candidates = [u for u in updates if u.unit_id == task.lead_unit_id
                  and u.kind in (enums.UPDATE_PROGRESS, enums.UPDATE_DONE)
                  and u.superseded_by_id is None]
    return max(candidates, key=lambda u: u.id, default=None)


def _correctable_update(task, update_id):
    latest = None if update_id is None else correctable_update(task)
    return latest if latest is not None and latest.id == update_id else None


def open_corrections(user, limit=20):
    """The open correction requests to the user's unit, oldest first."""
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None or not role_names(user) & UNIT_ROLES:
        return []
    return db.session.scalars(
        select(CorrectionRequest)
        .where(CorrectionRequest.unit_id == unit_id, CorrectionRequest.closed_at.is_(None))
        .options(selectinload(CorrectionRequest.task).selectinload(Task.document),
                 selectinload(CorrectionRequest.update))
        .order_by(CorrectionRequest.id).limit(limit)).all()


def task_corrections(task_id):
    """Every correction request of a task (the task page), newest first."""
    return db.session.scalars(select(CorrectionRequest)
                              .where(CorrectionRequest.task_id == task_id)
                              .order_by(CorrectionRequest.id.desc())).all()
