"""REST API of the tracking section: ``/api/v1/document/`` and ``/api/v1/task/``.

docs/api.md is the contract (field names, enumerations, actions, errors).
Reads go through FAB with the unit scope as ``base_filters``; every write
goes through ``app.services.tracking``, so the rules and the history are the
same as on the screens. A task or document the caller may not see answers
404 on every verb, before any permission check could tell it exists.
"""
import functools
from datetime import date

from flask import current_app, g, request, session
from flask_appbuilder.api import expose, safe
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import force_locale, gettext, lazy_gettext as _l
from flask_jwt_extended import verify_jwt_in_request
from marshmallow import Schema, fields
from marshmallow.validate import OneOf
from werkzeug.exceptions import NotFound

from app.api.base import AppModelRestApi
from app.field_labels import field_labels
from app.filters import FoldedInterface
from app.models import Document, Task
from app.rules import N_, RuleError
from app.rules import enums
from app.rules import workflow as wf
from app.rules.badges import ART7_FLAG_LABELS, ART7_FLAGS
from app.scope import SCOPE_FILTER
from app.services import tracking

# --- Language of the messages ------------------------------------------------------

# Params of RuleError that are msgids themselves (workflow state labels).
_MSGID_PARAMS = frozenset({"state"})


def _remember_session_locale():
    # FAB's locale selector stores its default in the session the first time
    # it runs; only a choice made before this request counts as the user's.
    g.tracking_session_locale = session.get("locale")


def api_locale():
    """``?_l_=`` first, then the language chosen in a browser session, then
    Accept-Language, then the default (Vietnamese)."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("_l_")
    if asked in languages:
        return asked
    chosen = getattr(g, "tracking_session_locale", None)
    if chosen in languages:
        return chosen
    return (request.accept_languages.best_match(list(languages))
            or current_app.config["BABEL_DEFAULT_LOCALE"])


class SessionLocaleMixin:
    """For an API class: its messages follow the language chosen in a
    browser session before this request (``api_locale``)."""

    def create_blueprint(self, appbuilder, *args, **kwargs):
        blueprint = super().create_blueprint(appbuilder, *args, **kwargs)
        blueprint.before_request(_remember_session_locale)
        return blueprint


def rule_message(err):
    """The RuleError's text in the current locale."""
    params = {key: gettext(value) if key in _MSGID_PARAMS and isinstance(value, str) else value
              for key, value in err.params.items()}
    return gettext(err.message, **params)


# Business refusals by kind; anything else is a 400. The other resources
# that answer through ``_answering`` add theirs (``refusal_status``).
_STATUS = {
    tracking.STALE_MESSAGE: 409,
    tracking.DUPLICATE_MESSAGE: 409,
    tracking.CONFLICT_MESSAGE: 409,
    "This action is not allowed while the task is %(state)s.": 409,
    tracking.OFFICE_ONLY_MESSAGE: 403,
    "You may not do this on this task.": 403,
}


def refusal_status(statuses):
    """Register the HTTP status of more refusals (msgid → status)."""
    _STATUS.update(statuses)


def _answering(f):
    """Turn service refusals into JSON: RuleError → 4xx with the message in the
    caller's language, NotFound → FAB's own 404 (the same as for a missing id)."""

    @functools.wraps(f)
    def wraps(self, *args, **kwargs):
        try:
            return f(self, *args, **kwargs)
        except NotFound:
            return self.response_404()
        except RuleError as err:
            locale = api_locale()
            with force_locale(locale):
                body = {"message": rule_message(err)}
            for key in ("field", "row"):
                if err.params.get(key) is not None:
                    body[key] = err.params[key]
            response = self.response(_STATUS.get(err.message, 400), **body)
            response.headers["Content-Language"] = locale
            return response

    return wraps


def _warnings(warnings):
    """Warnings of a write that was accepted (a deadline on a day off), in the
    caller's language; the dates in the message as the caller reads them."""
    locale = api_locale()
    day_format = "%d/%m/%Y" if locale == "vi" else "%Y-%m-%d"
    out = []
    with force_locale(locale):
        for warning in warnings:
            params = {key: value.strftime(day_format) if isinstance(value, date) else value
                      for key, value in warning.params.items()}
            item = {"message": gettext(warning.message, **params)}
            for key in ("field", "row"):
                if warning.params.get(key) is not None:
                    item[key] = warning.params[key]
            if isinstance(warning.params.get("effective"), date):
                item["effective_deadline"] = warning.params["effective"].isoformat()
            out.append(item)
    return out


def _visible_or_404(loader):
    """404 for an authenticated caller who may not see object ``pk``, before
    FAB's permission check (a 403 there would still say "it exists")."""

    def decorator(f):
        @functools.wraps(f)
        def wraps(self, pk, *args, **kwargs):
            try:
                verify_jwt_in_request(optional=True)
            except Exception:  # noqa: BLE001 - protect() answers bad tokens
                return f(self, pk, *args, **kwargs)
            user = getattr(g, "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                try:
                    loader(user, pk)
                except NotFound:
                    return self.response_404()
            return f(self, pk, *args, **kwargs)

        return wraps

    return decorator


def _object_endpoint(rule, method, loader, permission):
    """Our endpoints on one object (``pk``), decorated in one order: the route,
    a 404 for an object the caller may not see (before FAB's permission check
    could answer 403), FAB's checks, then service refusals as JSON."""
    stack = (expose(rule, methods=[method]), _visible_or_404(loader), protect(), safe,
             permission_name(permission), _answering)

    def decorator(f):
        for wrap in reversed(stack):
            f = wrap(f)
        return f

    return decorator


def _json_body(allowed, ignored=()):
    body = request.get_json(silent=True) if request.data else {}
    if not isinstance(body, dict):
        raise RuleError(N_("The request body must be a JSON object."))
    for key in body:
        if key not in allowed and key not in ignored:
            raise RuleError(N_("Unknown field: %(field)s."), field=key)
    return {key: value for key, value in body.items() if key in allowed}


# --- Schemas (output, and input for the OpenAPI description) ----------------------


def _coordinating_ids(task):
    return sorted(unit.id for unit in task.coordinating_units)


_INT_LIST = {"type": "array", "items": {"type": "integer"}}


class DocumentSchema(Schema):
    id = fields.Integer(dump_only=True)
    doc_type = fields.String(required=True, validate=OneOf(enums.DOC_TYPES))
    number_symbol = fields.String(required=True)
    summary = fields.String(required=True)
    issued_on = fields.Date(required=True)
    signer = fields.String(allow_none=True)
    issuing_authority = fields.String(required=True, validate=OneOf(enums.ISSUING_AUTHORITIES))
    drafting_unit_id = fields.Integer(allow_none=True)
    urgency = fields.String(validate=OneOf(enums.URGENCIES))
    confidentiality = fields.String(validate=OneOf(enums.CONFIDENTIALITIES))


class DocumentInputSchema(DocumentSchema):
    complex_entry = fields.Boolean()
    notes = fields.String(allow_none=True)


class TaskSchema(Schema):
    id = fields.Integer(dump_only=True)
    document_id = fields.Integer(required=True)
    content = fields.String(required=True)
    kind = fields.String(validate=OneOf(enums.TASK_KINDS))
    lead_unit_id = fields.Integer(required=True)
    coordinating_unit_ids = fields.Function(_coordinating_ids, metadata=_INT_LIST)
    monitoring_unit_id = fields.Integer(allow_none=True)
    has_deadline = fields.Boolean()
    must_report = fields.Boolean()
    deadline = fields.Date(allow_none=True)
    effective_deadline = fields.Date(dump_only=True, allow_none=True)
    report_cycle = fields.String(allow_none=True, validate=OneOf(enums.REPORT_CYCLES))
    state = fields.String(dump_only=True, validate=OneOf(wf.STATES))
    progress = fields.String(dump_only=True, validate=OneOf(enums.PROGRESS_VALUES))
    timeliness = fields.String(dump_only=True, validate=OneOf(enums.TIMELINESS_VALUES))
    # Art. 7 flags, kept by the flags job (app.services.flags).
    entry_late = fields.Boolean(dump_only=True)
    first_update_late = fields.Boolean(dump_only=True)
    cycle_update_missed = fields.Boolean(dump_only=True)
    # How many urgings name the task (Art. 11).
    urging_count = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)


class TaskPostSchema(Schema):
    document_id = fields.Integer(required=True)
    content = fields.String(required=True)
    kind = fields.String(validate=OneOf(enums.TASK_KINDS))
    lead_unit_id = fields.Integer(required=True)
    coordinating_unit_ids = fields.List(fields.Integer())
    monitoring_unit_id = fields.Integer(allow_none=True)
    has_deadline = fields.Boolean()
    must_report = fields.Boolean()
    deadline = fields.Date(allow_none=True)
    report_cycle = fields.String(allow_none=True, validate=OneOf(enums.REPORT_CYCLES))
    notes = fields.String(allow_none=True)
    transfer = fields.Boolean()


class TaskPutSchema(Schema):
    version = fields.Integer(required=True)
    content = fields.String()
    kind = fields.String(validate=OneOf(enums.TASK_KINDS))
    lead_unit_id = fields.Integer()
    coordinating_unit_ids = fields.List(fields.Integer())
    monitoring_unit_id = fields.Integer(allow_none=True)
    has_deadline = fields.Boolean()
    must_report = fields.Boolean()
    deadline = fields.Date(allow_none=True)
    report_cycle = fields.String(allow_none=True, validate=OneOf(enums.REPORT_CYCLES))
    notes = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


DOCUMENT_COLUMNS = ["id", "doc_type", "number_symbol", "summary", "issued_on", "signer",
                    "issuing_authority", "drafting_unit_id", "urgency", "confidentiality"]
DOCUMENT_INPUT = tracking.DOCUMENT_FIELDS
TASK_COLUMNS = ["id", "document_id", "content", "kind", "lead_unit_id",
                "coordinating_unit_ids", "monitoring_unit_id", "has_deadline", "must_report",
                "deadline", "effective_deadline", "report_cycle", "state", "progress",
                "timeliness", *ART7_FLAGS, "urging_count", "version"]
TASK_POST_INPUT = ("document_id", *tracking.TASK_ENTRY_FIELDS, "transfer")
TASK_PUT_INPUT = ("version", *tracking.TASK_ENTRY_FIELDS, "reason")
# What GET returns, accepted back and ignored, so GET → edit → PUT works.
TASK_READ_ONLY = ("id", "document_id", "state", "progress", "timeliness", "effective_deadline",
                  *ART7_FLAGS, "urging_count")
ACTION_INPUT = ("version", "reason", "content", "result", "obstacles", "status", "unit_id",
                "new_deadline", "approve", "decision_ref")

LABELS = field_labels(
    "doc_type", "number_symbol", "summary", "issued_on", "signer", "issuing_authority",
    "drafting_unit_id", "urgency", "confidentiality", "document_id", "content", "kind",
    "effective_deadline", "lead_unit_id",
    "coordinating_unit_ids", "monitoring_unit_id", "has_deadline", "must_report", "deadline",
    "report_cycle", "state", "progress", "timeliness", "version",
    **{flag: _l(ART7_FLAG_LABELS[flag]) for flag in ART7_FLAGS})


def _event_json(event):
    return {
        "id": event.id,
        "at": event.at.replace(microsecond=0).isoformat() + "Z",
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "actor": event.actor.username if event.actor else None,
        "actor_id": event.actor_id,
        "actor_unit_id": event.actor_unit_id,
        "reason": event.reason,
        "content": event.content,
        "changes": event.changes,
    }


class _TrackingApi(SessionLocaleMixin, AppModelRestApi):
    base_filters = SCOPE_FILTER
    label_columns = LABELS

    def _handle_columns_args(self, args, default_select_columns, default_response_columns):
        # The contract returns every field: FAB's column selection would build
        # a schema from the model, which has no coordinating_unit_ids.
        return default_select_columns, []

    def _dump(self, item):
        return self.show_model_schema.dump(item)


class DocumentApi(_TrackingApi):
    resource_name = "document"
    datamodel = FoldedInterface(Document)
    include_route_methods = {"get", "get_list", "info", "post", "put", "remove"}
    list_columns = show_columns = DOCUMENT_COLUMNS
    list_select_columns = show_select_columns = DOCUMENT_COLUMNS
    add_columns = edit_columns = list(DOCUMENT_INPUT)
    list_model_schema = DocumentSchema()
    show_model_schema = DocumentSchema()
    add_model_schema = edit_model_schema = DocumentInputSchema()
    order_columns = ["id", "issued_on", "number_symbol", "doc_type", "urgency"]
    search_columns = ["doc_type", "issuing_authority", "urgency", "confidentiality",
                      "issued_on", "issue_year", "drafting_unit", "search_key"]
    base_order = ("issued_on", "desc")

    @_answering
    def post_headless(self):
        data = _json_body(DOCUMENT_INPUT, ignored=("id",))
        doc = tracking.create_document(g.user, data)
        return self.response(201, id=doc.id, result=self._dump(doc))

    @_object_endpoint("/<int:pk>", "PUT", tracking.get_document, "put")
    def put(self, pk):
        """Change a document (the Office).
        ---
        put:
          parameters:
          - in: path
            schema:
              type: integer
            name: pk
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/{{self.__class__.__name__}}.put'
          responses:
            200:
              description: The document
            400:
              $ref: '#/components/responses/400'
            404:
              $ref: '#/components/responses/404'
        """
        data = _json_body(DOCUMENT_INPUT, ignored=("id",))
        doc = tracking.update_document(g.user, pk, data)
        return self.response(200, id=doc.id, result=self._dump(doc))

    @_object_endpoint("/<int:pk>", "DELETE", tracking.get_document, "put")
    def remove(self, pk):
        """Remove a document's entry (the Office): only one without tasks and
        files, e.g. one found to be secret (Art. 5.2). Needs the ``put``
        permission: it corrects the register, it withdraws no tracked work.
        ---
        delete:
          parameters:
          - in: path
            schema:
              type: integer
            name: pk
          responses:
            200:
              description: The entry was removed
            400:
              $ref: '#/components/responses/400'
            404:
              $ref: '#/components/responses/404'
        """
        number = tracking.remove_document(g.user, pk)
        with force_locale(api_locale()):
            message = gettext("The entry of document %(number)s was removed.", number=number)
        return self.response(200, id=pk, message=message)


class TaskApi(_TrackingApi):
    resource_name = "task"
    datamodel = FoldedInterface(Task, eager=("coordinating_units",))
    include_route_methods = {"get", "get_list", "info", "post", "put", "act", "history"}
    list_columns = show_columns = TASK_COLUMNS
    list_select_columns = show_select_columns = [c for c in TASK_COLUMNS
                                                 if c != "coordinating_unit_ids"]
    add_columns = list(TASK_POST_INPUT)
    edit_columns = list(TASK_PUT_INPUT)
    list_model_schema = TaskSchema()
    show_model_schema = TaskSchema()
    add_model_schema = TaskPostSchema()
    edit_model_schema = TaskPutSchema()
    order_columns = ["id", "deadline", "effective_deadline", "state", "progress", "timeliness",
                     "document_id"]
    search_columns = ["document", "lead_unit", "monitoring_unit", "coordinating_units",
                      "state", "progress", "timeliness", "has_deadline", "must_report",
                      "deadline", "effective_deadline", "kind", "report_cycle", "search_key",
                      *ART7_FLAGS]
    base_order = ("id", "desc")

    @_answering
    def post_headless(self):
        data = _json_body(TASK_POST_INPUT, ignored=("id",))
        if data.get("document_id") is None:
            raise RuleError(N_("Choose the document of the task."), field="document_id")
        transfer = data.pop("transfer", False)
        if not isinstance(transfer, bool):
            raise RuleError(N_("%(value)s is not true or false."), value=str(transfer),
                            field="transfer")
        try:
            task = tracking.create_task(g.user, data.pop("document_id"), data,
                                        transfer=transfer)
        except NotFound:
            raise RuleError(N_("The document does not exist."), field="document_id") from None
        return self.response(201, id=task.id, result=self._dump(task),
                             warnings=_warnings(tracking.deadline_warnings([task])))

    @_object_endpoint("/<int:pk>", "PUT", tracking.get_task, "put")
    def put(self, pk):
        """Change a task's fields (the Office); ``version`` is required.
        ---
        put:
          parameters:
          - in: path
            schema:
              type: integer
            name: pk
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  $ref: '#/components/schemas/{{self.__class__.__name__}}.put'
          responses:
            200:
              description: The task
            400:
              $ref: '#/components/responses/400'
            404:
              $ref: '#/components/responses/404'
        """
        data = _json_body(TASK_PUT_INPUT, ignored=TASK_READ_ONLY)
        body = request.get_json(silent=True) or {}
        task = tracking.get_task(g.user, pk)
        if body.get("document_id") not in (None, task.document_id):
            raise RuleError(N_("A task cannot move to another document."), field="document_id")
        version = data.pop("version", None)
        task = tracking.update_task(g.user, pk, data, version)
        entered = "deadline" in data or "has_deadline" in data
        return self.response(200, id=task.id, result=self._dump(task),
                             warnings=_warnings(tracking.deadline_warnings([task]) if entered
                                                else []))

    @_object_endpoint("/<int:pk>/<action>", "POST", tracking.get_task, "act")
    def act(self, pk, action):
        """Do a workflow action on a task.
        ---
        post:
          parameters:
          - in: path
            schema:
              type: integer
            name: pk
          - in: path
            schema:
              type: string
              enum: [transfer, accept, return, reassign, progress, correct-progress,
                     report-done, close, reopen, request-extension, decide-extension,
                     report-obstacle, contribute, district-feedback, cancel]
            name: action
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    version: {type: integer}
                    reason: {type: string}
                    content: {type: string}
                    result: {type: string}
                    obstacles: {type: string}
                    status: {type: string, enum: [not_started, in_progress, done]}
                    unit_id: {type: integer}
                    new_deadline: {type: string, format: date}
                    approve: {type: boolean}
                    decision_ref: {type: string}
          responses:
            200:
              description: The task after the action
            400:
              $ref: '#/components/responses/400'
            404:
              $ref: '#/components/responses/404'
        """
        if action not in wf.ACTIONS:
            return self.response_404()
        payload = _json_body(ACTION_INPUT)
        version = payload.pop("version", None)
        task = tracking.act(g.user, pk, action, payload, version=version)
        return self.response(200, id=task.id, result=self._dump(task))

    @_object_endpoint("/<int:pk>/history", "GET", tracking.get_task, "history")
    def history(self, pk):
        """The task's history, oldest first.
        ---
        get:
          parameters:
          - in: path
            schema:
              type: integer
            name: pk
          responses:
            200:
              description: The events
            404:
              $ref: '#/components/responses/404'
        """
        events = tracking.task_history(g.user, pk)
        return self.response(200, id=pk, result=[_event_json(e) for e in events])

