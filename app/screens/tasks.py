"""Tasks: FAB's list with the flag columns and filters; our own task page
(fields, workflow buttons, history, updates, files, how the dates were
reached), add and edit forms. Every write is one service call."""
import logging
from datetime import date

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import ModelView, expose, has_access
from flask_appbuilder.actions import action as action_item
from flask_appbuilder.security.decorators import permission_name
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from app import services
from app.services import files
from app.extensions import db
from app.field_labels import field_labels
from app.screens.formatting import format_day
from app.models import Task, Unit
from app.rules import RuleError, enums
from app.rules import reminders as rr
from app.rules import workflow as wf
from app.scope import SCOPE_FILTER
from app.services import flags, tracking, urging
from app.rules.badges import ART7_FLAG_LABELS, ART7_FLAGS, states_of_progress
from app.screens.common import (DATE_FORMAT_MESSAGE, art7_flags, label_of,
                                parse_day, progress_flag, rule_message, status_flags,
                                timeliness_flag, urging_flag)
from app.screens.actions import KnownActionsOnly
from app.screens.documents import upload_files
from app.screens.forms import SEARCH_KEY_HELP, DocumentFilterField, TaskForm, submit
from app.screens.lists import ListInterface, search_fields
from app.screens.history import describe_changes
from app.rules.text import small_number

log = logging.getLogger(__name__)

TASK_LABELS = field_labels(
    "lead_unit", "monitoring_unit", "coordinating_units", "has_deadline", "must_report",
    "deadline", "report_cycle", "state", "progress", "timeliness", "kind",
    "effective_deadline", document=_l("Directive document"), content=_l("Task content"),
    search_key=_l("Content or notes"), art7=_l("Art. 7 warnings"),
    **{flag: _l(ART7_FLAG_LABELS[flag]) for flag in ART7_FLAGS})
# Enumerations of the list's filters ("Is" / "Is one of" on their labels).
TASK_CHOICES = {
    "state": enums.STATE_LABELS,
    "progress": enums.PROGRESS_LABELS,
    "timeliness": enums.TIMELINESS_LABELS,
    "report_cycle": enums.REPORT_CYCLE_LABELS,
    "kind": enums.TASK_KIND_LABELS,
}
TASK_YES_NO = ("has_deadline", "must_report", *ART7_FLAGS)

# What each action's form asks for (the rest of the payload stays empty).
ACTION_FIELDS = {
    wf.TRANSFER: (),
    wf.ACCEPT: (),
    wf.RETURN: ("reason",),
    wf.REASSIGN: ("unit_id", "reason"),
    wf.PROGRESS: ("content", "result"),
    wf.CORRECT_PROGRESS: ("content", "result"),
    wf.REPORT_DONE: ("content", "result"),
    wf.CLOSE: (),
    wf.REOPEN: ("reason",),
    wf.REQUEST_EXTENSION: ("new_deadline", "reason"),
    wf.DECIDE_EXTENSION: ("approve", "decision_ref", "new_deadline"),
    wf.REPORT_OBSTACLE: ("content", "obstacles"),
    wf.CONTRIBUTE: ("content",),
    wf.DISTRICT_FEEDBACK: ("content",),
    wf.CANCEL: ("reason",),
}
# Actions that can be undone only by another action: styled as warnings.
_CAUTION = {wf.RETURN, wf.REOPEN, wf.CANCEL}


class TaskModelView(KnownActionsOnly, ModelView):
    # The state, deadline status and Art. 7 columns read the whole task: their
    # badges agree with each other (app.rules.badges).
    # The status is filtered through the state, as its badge shows it.
    datamodel = ListInterface(Task, TASK_CHOICES, row_columns=("state", "timeliness", "art7"),
                              derived={"progress": ("state", states_of_progress)},
                              eager=("document", "lead_unit"))
    route_base = "/tasks"
    list_title = _l("Tasks")
    show_title = _l("Task")
    add_title = _l("New task")
    edit_title = _l("Edit task")
    exclude_route_methods = {"delete", "download"}
    base_filters = SCOPE_FILTER
    # The units (a few dozen) are listed; the documents (tens of thousands) are
    # searched as typed (DocumentFilterField, app/static/tracking/lookup.js).
    search_form_query_rel_fields = {"lead_unit": SCOPE_FILTER}
    list_template = "tracking/task_list.html"
    # "state" shows the state and the status it implies; "art7" the raised flags.
    list_columns = ["document", "content", "lead_unit", "deadline", "state", "timeliness",
                    "art7"]
    search_columns = ["search_key", "state", "lead_unit", "timeliness", "progress",
                      *ART7_FLAGS, "kind", "has_deadline", "must_report", "report_cycle",
                      "document", "deadline", "effective_deadline"]
    search_form_extra_fields = {
        **search_fields(TASK_LABELS, TASK_CHOICES, TASK_YES_NO),
        "document": DocumentFilterField(TASK_LABELS["document"]),
    }
    order_columns = ["deadline", "state", "timeliness"]
    base_order = ("id", "desc")
    formatters_columns = {
        "deadline": format_day,
        "state": status_flags,
        "timeliness": timeliness_flag,
        "art7": lambda task: art7_flags(task) + " " + urging_flag(task),
        "content": lambda text: (text or "")[:160],
        "document": lambda doc: doc.number_symbol if doc is not None else "",
    }
    label_columns = TASK_LABELS
    description_columns = {"search_key": SEARCH_KEY_HELP}
    page_size = 50

    # --- Bulk action -------------------------------------------------------------

    @action_item("urge", _l("Urge"), "", "fa-bullhorn", single=False)
    def urge(self, items):
        """The urging form for the ticked tasks. Their ids as sent, not the rows
        FAB loaded past the list's scope filter: the form checks each against
        the user's scope and what the user may urge, and refuses an unknown
        task and one out of scope alike."""
        sent = (request.form.getlist("rowid") if isinstance(items, list)
                else [request.view_args.get("pk", "")])
        ids = [v for v in sent if small_number(v, 10) is not None]
        if not ids or len(ids) > urging.MAX_TASKS:
            flash(_("Tick between 1 and %(n)d tasks to urge.", n=urging.MAX_TASKS), "warning")
            return redirect(url_for(".list"))
        return redirect(url_for("UrgingView.new", task_ids=",".join(ids)))

    # --- The task page ----------------------------------------------------------

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        task = tracking.get_task(g.user, pk)
        sm = self.appbuilder.sm
        actions = tracking.allowed_actions_for(g.user, task) if sm.has_access(
            "can_act", "TaskModelView") else []
        updates = tracking.task_updates(g.user, task.id)
        events = tracking.task_history(g.user, task.id)
        attachments, update_files = files.task_attachments(task)
        correctable = (urging.correctable_among(task, updates)
                       if sm.has_access("can_request_correction", "UrgingView") else None)
        return self.render_template(
            "tracking/task_show.html", task=task, title=self.show_title,
            actions=actions, action_fields=ACTION_FIELDS, caution=_CAUTION,
            events=events, updates=updates,
            superseded={u.id for u in updates if u.superseded_by_id},
            attachments=attachments, update_files=update_files,
            explain=_explain(task),
            can_edit=sm.has_access("can_edit", "TaskModelView")
            and bool(tracking.editable_fields_for(g.user, task)),
            may_attach=_may_attach(task),
            units=services.visible_units(g.user), unit_names=_unit_names(events),
            describe_changes=describe_changes,
            enums=enums, wf=wf, label_of=label_of,
            timeliness_flag=timeliness_flag, progress_flag=progress_flag, art7_flags=art7_flags,
            urging_flag=urging_flag,
            csrf_token=generate_csrf,
            urgings=(urging.task_urgings(g.user, task)
                     if sm.has_access("can_list", "UrgingView") else []),
            may_urge=(sm.has_access("can_urge", "UrgingView")
                      and urging.may_urge_task(g.user, task)),
            correctable=correctable, urging_levels=rr.URGING_LEVELS,
            urging_forms=rr.URGING_FORMS,
            corrections=urging.task_corrections(task.id) if updates else [])

    @expose("/act/<pk>/<action>", methods=["POST"])
    @has_access
    @permission_name("act")
    def act(self, pk, action):
        task = tracking.get_task(g.user, pk)
        if action not in wf.ACTIONS:
            abort(404)
        try:
            payload = _payload(action, request.form)
            tracking.act(g.user, task.id, action, payload,
                         version=request.form.get("version") or None)
        except RuleError as err:
            flash(rule_message(err), "danger")
        else:
            flash(_("%(action)s: done.", action=_(enums.EVENT_LABELS[action])), "success")
        return redirect(url_for(".show", pk=task.id))

    @expose("/upload/<pk>", methods=["POST"])
    @has_access
    @permission_name("act")
    def upload(self, pk):
        task = tracking.get_task(g.user, pk)
        owner_type, owner_id = "task", task.id
        update_id = request.form.get("update_id")
        if update_id:
            if tracking.pk(update_id) not in {u.id for u in task.updates}:
                abort(404)
            owner_type, owner_id = "update", tracking.pk(update_id)
        upload_files(request.files.getlist("file"), owner_type, owner_id)
        return redirect(url_for(".show", pk=task.id) + "#files")

    # --- Add / edit ------------------------------------------------------------------

    def _form(self):
        form = TaskForm()
        form.setup(services.visible_units(g.user))
        return form

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        form = self._form()
        # Opened from a document's page: that document, chosen already.
        if request.method == "GET" and request.args.get("document_id"):
            form.document_id.data = request.args["document_id"]
        transfer = request.form.get("transfer") == "1"
        task = submit(form, lambda data: tracking.create_task(
            g.user, form.document_id.data, data, transfer=transfer))
        if task is not None:
            flash(_("Task #%(id)d saved.", id=task.id), "success")
            flash_warnings(tracking.deadline_warnings([task]))
            return redirect(url_for(".show", pk=task.id))
        return self.render_template("tracking/task_form.html", form=form, task=None,
                                    title=self.add_title, editable=None, transfer=transfer)

    @expose("/edit/<pk>", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        task = tracking.get_task(g.user, pk)
        editable = tracking.editable_fields_for(g.user, task)
        form = self._form()
        del form.document_id  # a task stays with its document
        if request.method == "GET":
            form.load(task)
        else:
            form.load(task, only=set(TaskForm.FIELDS) - set(editable))

        def save(data):
            data = {k: v for k, v in data.items() if k in editable}
            data["reason"] = request.form.get("reason")
            return tracking.update_task(g.user, task.id, data, form.version.data)

        saved = submit(form, save)
        if saved is not None:
            flash(_("Task #%(id)d saved.", id=task.id), "success")
            if "deadline" in editable:
                flash_warnings(tracking.deadline_warnings([saved]))
            return redirect(url_for(".show", pk=task.id))
        return self.render_template("tracking/task_form.html", form=form, task=task,
                                    title=self.edit_title, editable=editable,
                                    transfer=False)


def warning_message(warning):
    """A warning (a RuleError not raised) in the user's language, its dates
    as the user reads them."""
    params = {k: format_day(v) if isinstance(v, date) else v
              for k, v in warning.params.items() if k not in ("field", "row")}
    return _(warning.message, **params)


def flash_warnings(warnings):
    for warning in warnings:
        flash(warning_message(warning), "warning")


def _payload(action, form):
    """The action's payload from its form; dates typed dd/mm/yyyy or ISO."""
    payload = {}
    for name in ACTION_FIELDS[action]:
        value = form.get(name)
        if name == "new_deadline":
            try:
                value = parse_day(value)
            except ValueError:
                raise RuleError(DATE_FORMAT_MESSAGE, field=name) from None
        elif name == "approve":
            value = {"1": True, "0": False}.get(value)
        elif name == "unit_id":
            value = small_number(value, 10)
        if value not in (None, ""):
            payload[name] = value
    return payload


def _explain(task):
    """How the task's dates were reached; empty if it cannot be computed (the
    task page must still show everything else)."""
    try:
        return flags.explain_task(task) or []
    except Exception:  # noqa: BLE001 - an explanation is never worth a broken page
        log.exception("explaining task %s failed", task.id)
        db.session.rollback()  # a failed query must not poison the rest of the page
        return []


def _may_attach(task):
    # The same answer app.services.files gives on upload: the Office, the lead or a
    # coordinating unit.
    return tracking.is_office(g.user) or bool(
        tracking.capacities(g.user, task) & {wf.LEAD, wf.COORDINATING})


def _unit_names(events):
    """Unit names by id, for the history's "lead unit: A → B" changes."""
    ids = set()
    for event in events:
        for field in ("lead_unit_id", "monitoring_unit_id"):
            ids.update(v for v in (event.changes or {}).get(field) or [] if v)
        for value in (event.changes or {}).get("coordinating_unit_ids") or []:
            ids.update(value or [])
    if not ids:
        return {}
    return dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())

