"""Quick entry: one screen for a document and all its tasks, built for the
keyboard (app/static/tracking/quick_entry.js). Saving is all or nothing: the
service refuses the whole entry on the first bad row, and the screen shows
every row's error it can find first."""
from flask import flash, g, jsonify, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.security.decorators import permission_name
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf

from app import services
from app.rules import RuleError, enums
from app.rules import documents as rules
from app.rules.documents import SECRET_DOCUMENT_MESSAGE
from app.services import tracking
from app.screens.common import DATE_FORMAT_MESSAGE, parse_day, rule_message
from app.screens.tasks import warning_message

DOCUMENT_KEYS = tracking.DOCUMENT_FIELDS
# A directive assigns tens of tasks, not thousands: more is a slip or an attack.
MAX_ROWS = 200
MAX_FLASHED_WARNINGS = 5
TASK_KEYS = tracking.TASK_ENTRY_FIELDS


def _messages():
    """Every string the script shows, in the user's language."""
    return {
        "no_match": _("No unit matches."),
        "saving": _("Saving…"),
        "saved": _("Saved."),
        "failed": _("Nothing was saved. Correct the marked fields."),
        "network": _("The server could not be reached. Nothing was saved."),
        "duplicate": _("A document with this number already exists in %(year)s:"),
        "checking": _("Checking the number…"),
        "pick_unit": _("Choose a unit from the list."),
        "remove": _("Remove"),
        "row": _("Row %(row)s"),
        "secret": _(SECRET_DOCUMENT_MESSAGE),
        "no_tasks": _("Add at least one task, or use the document form for a document "
                      "without tasks."),
        "confirm_duplicate": _("Nothing was saved: this number already exists in that year."),
        "duplicate_field": _("This number already exists in %(year)s."),
    }


def _units():
    return [{"id": u.id, "name": u.name, "short": u.short_name or "", "code": u.code}
            for u in services.visible_units(g.user)]


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class QuickEntryView(BaseView):
    route_base = "/quick-entry"
    default_view = "entry"

    @expose("/")
    @has_access
    def entry(self):
        return self.render_template(
            "tracking/quick_entry.html", title=_l("Quick entry"), enums=enums,
            data={"units": _units(), "messages": _messages(),
                  "urls": {"save": url_for(".save"), "duplicate": url_for(".duplicate")},
                  "secret_levels": sorted(enums.SECRET_LEVELS)},
            csrf_token=generate_csrf)

    @expose("/duplicate")
    @has_access
    @permission_name("entry")
    def duplicate(self):
        try:
            issued_on = parse_day(request.args.get("issued_on"))
        except ValueError:
            issued_on = None
        doc = None
        if issued_on is not None:
            doc = tracking.find_duplicate(request.args.get("number_symbol"), issued_on)
        if doc is None:
            return jsonify({"duplicate": None})
        return jsonify({"duplicate": {
            "id": doc.id, "number_symbol": doc.number_symbol, "summary": doc.summary,
            "year": doc.issue_year,
            "url": url_for("DocumentModelView.show", pk=doc.id)}})

    @expose("/save", methods=["POST"])
    @has_access
    @permission_name("entry")
    def save(self):
        body = request.get_json(silent=True)
        body = body if isinstance(body, dict) else {}
        document, tasks, rows, errors = _read(body)
        if not tasks and not errors["rows"]:
            errors.setdefault("message", _messages()["no_tasks"])
        if errors["document"] or errors["rows"] or errors.get("message"):
            return _refused(errors)
        try:
            # bool("false") is True: the same reading of true/false as the API's.
            transfer = rules.to_bool(body.get("transfer"), "transfer", False)
            doc = tracking.quick_entry(g.user, document, tasks, transfer=transfer)
        except RuleError as err:
            message = rule_message(err)
            field = err.params.get("field") or "__all__"
            row = err.params.get("row")
            if row:
                errors["rows"][str(rows[row - 1])] = {field: message}
            else:
                errors["document"][field] = message
            errors["message"] = message
            return _refused(errors)
        flash(_("Document %(number)s saved with %(num)d task(s).", number=doc.number_symbol,
                num=len(tasks)), "success")
        # A deadline on a day off is kept; the clerk sees the day it really ends.
        saved = sorted(doc.tasks, key=lambda t: t.id)
        warnings = [_("Row %(row)s", row=w.params["row"]) + ": " + warning_message(w)
                    for w in tracking.deadline_warnings(
                        [(rows[i] + 1, t) for i, t in enumerate(saved)])]
        if warnings:  # one message: a flash per row could outgrow the session cookie
            flash(" ".join(warnings[:MAX_FLASHED_WARNINGS])
                  + (" …" if len(warnings) > MAX_FLASHED_WARNINGS else ""), "warning")
        return jsonify({"ok": True, "document_id": doc.id, "warnings": warnings,
                        "url": url_for("DocumentModelView.show", pk=doc.id)})


def _refused(errors):
    errors.setdefault("message", _messages()["failed"])
    return jsonify(errors), 400


def _error(errors, err):
    errors[(err.params or {}).get("field") or "__all__"] = rule_message(err)


def _read(body):
    """The document and task dicts from the posted JSON with dates parsed, the
    screen row (0-based) of each task sent, and every error the rules find
    in any row, so that the clerk corrects them all at once. The service
    checks everything again when saving (units, uniqueness), all or nothing."""
    errors = {"document": {}, "rows": {}}
    raw_doc = body.get("document")
    raw_doc = raw_doc if isinstance(raw_doc, dict) else {}
    document = {k: raw_doc.get(k) for k in DOCUMENT_KEYS}
    try:
        document["issued_on"] = parse_day(document["issued_on"])
    except (ValueError, TypeError):
        errors["document"]["issued_on"] = _(DATE_FORMAT_MESSAGE)
        document["issued_on"] = None  # the rows are then checked without the document's date
    else:
        try:
            rules.validate_document(document)
        except RuleError as err:
            _error(errors["document"], err)
    tasks, rows = [], []
    raw_tasks = body.get("tasks")
    raw_tasks = raw_tasks if isinstance(raw_tasks, list) else []
    if len(raw_tasks) > MAX_ROWS:
        errors["message"] = _("At most %(max)d tasks are entered at once: save this document "
                              "with the first ones, then add the others to it.", max=MAX_ROWS)
        return document, tasks, rows, errors
    for index, raw in enumerate(raw_tasks):
        task = {k: raw.get(k) for k in TASK_KEYS} if isinstance(raw, dict) else {}
        task = {k: task.get(k) for k in TASK_KEYS}
        if all(_blank(task[k]) for k in ("content", "lead_unit_id", "deadline")) \
                and not task.get("coordinating_unit_ids"):
            continue  # the empty row the keyboard left at the end
        tasks.append(task)
        rows.append(index)
        try:
            task["deadline"] = parse_day(task["deadline"])
        except (ValueError, TypeError):
            errors["rows"][str(index)] = {"deadline": _(DATE_FORMAT_MESSAGE)}
            continue
        if rules.is_secret(document.get("confidentiality")):
            continue
        try:
            rules.validate_task(task, document)
        except RuleError as err:
            _error(errors["rows"].setdefault(str(index), {}), err)
    if rules.is_secret(document.get("confidentiality")):  # Art. 5.2: nothing of it is kept
        errors["document"]["confidentiality"] = _(SECRET_DOCUMENT_MESSAGE)
    return document, tasks, rows, errors
