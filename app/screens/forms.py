"""Forms of the tracking screens. They only turn what was typed into the API's
data dict (dates typed dd/mm/yyyy or ISO); every rule is checked by the
service, whose refusals are put back on the field they name."""
import re

from flask import flash, g, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.exceptions import NotFound
from wtforms import (BooleanField, Field, HiddenField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import Optional, StopValidation, ValidationError
from wtforms.widgets import html_params

from app.rules import RuleError, enums
from app.services import tracking
from app.services.tracking import DOCUMENT_FIELDS, TASK_ENTRY_FIELDS
from app.screens.common import DATE_FORMAT_MESSAGE, input_day, parse_day, rule_message
from app.screens.formatting import format_day

# What a clerk is asked to type; the translation may spell it "nn/tt/nnnn".
DATE_PLACEHOLDER = _l("dd/mm/yyyy")
# The description of the list screens' search_key filter.
SEARCH_KEY_HELP = _l("Accents are optional: \"quan ly dat dai\" finds \"quản lý đất đai\".")


class DayField(StringField):
    """A date typed as dd/mm/yyyy or ISO; ``data`` holds the text, ``day`` the date."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": DATE_PLACEHOLDER, "autocomplete": "off",
                     "class": "form-control tracking-day"}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.day = None

    def process_data(self, value):
        self.data = input_day(value)

    def pre_validate(self, form):
        try:
            self.day = parse_day(self.data)
        except ValueError:
            self.day = None
            raise ValidationError(_(DATE_FORMAT_MESSAGE)) from None


def _choices(labels, blank=None):
    items = [(value, _l(label)) for value, label in labels.items()]
    return ([("", blank)] if blank is not None else []) + items


def _unit_choices(units, blank=None):
    items = [(str(u.id), u.name) for u in units]
    return ([("", blank)] if blank is not None else []) + items


def _int_or_none(value):
    return int(value) if value not in (None, "") else None


# --- Searched drop-downs of documents -----------------------------------------------
#
# A province holds tens of thousands of documents: a drop-down never lists
# them. It holds the chosen document only; select2 asks ``/lookup/documents``
# (app/screens/lookup.py) for the few matching what is typed
# (app/static/tracking/lookup.js). The id sent back is checked through the
# scoped service like any other.

LOOKUP_PLACEHOLDER = _l("Type part of the number or of the summary")
LOOKUP_FAILED = _l("The documents could not be loaded. Try again.")
CHOOSE_DOCUMENT = _l("Choose the directive document from the list.")
# At most this many documents named by a list's active filters are shown back.
MAX_FILTERED_DOCUMENTS = 5


def document_label(doc):
    """How a document reads in a drop-down: the number, the issue date (a
    number comes back every year) and the start of the summary."""
    return f"{doc.number_symbol} ({format_day(doc.issued_on)}) – {(doc.summary or '')[:80]}"


def visible_document(value):
    """The document of id ``value`` if the signed-in user may see it, else None."""
    try:
        return tracking.get_document(g.user, value)
    except NotFound:
        return None


def lookup_select(name, documents, selected=None, **attrs):
    """A ``<select>`` holding ``documents`` only, select2 fetching the rest as
    typed; ``selected``: the id chosen."""
    classes = " ".join(filter(None, ("form-control tracking-lookup", attrs.pop("class_", None),
                                     attrs.pop("class", None))))
    params = html_params(name=name, class_=classes, **{
        "data-lookup": url_for("LookupView.documents"),
        "data-placeholder": str(LOOKUP_PLACEHOLDER),
        "data-error": str(LOOKUP_FAILED), **attrs})
    options = [Markup('<option value=""></option>')]
    for doc in documents:
        options.append(Markup("<option {}>{}</option>").format(
            Markup(html_params(value=doc.id, selected=str(doc.id) == str(selected or ""))),
            document_label(doc)))
    return Markup("<select {}>{}</select>").format(Markup(params), Markup("").join(options))


class _LookupWidget:
    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        if kwargs.pop("disabled", False):
            kwargs["disabled"] = True
        return lookup_select(field.name, field.documents(), field.selected(), **kwargs)


class DocumentLookupField(Field):
    """The directive document of a task form: an id typed into nothing, chosen
    in a searched drop-down; it must name a document the user may see."""

    widget = _LookupWidget()

    def process_formdata(self, valuelist):
        self.data = (valuelist[0] or "").strip() if valuelist else ""

    def _value(self):
        return "" if self.data is None else str(self.data)

    def selected(self):
        return self._value()

    def documents(self):
        """What the drop-down holds before anything is typed: the chosen document."""
        doc = self._document()
        return [doc] if doc is not None else []

    def _document(self):
        if not hasattr(self, "_resolved"):
            value = self._value()
            self._resolved = visible_document(value) if value else None
        return self._resolved

    def pre_validate(self, form):
        if not self._value() or self._document() is None:
            raise StopValidation(_(CHOOSE_DOCUMENT))


_FILTER_ARG = re.compile(r"^_flt_\d+_document$")


class DocumentFilterField(Field):
    """The ``document`` filter of a list's search form: the same searched
    drop-down, holding the documents the active filters name (FAB's filter
    script selects them) and nothing selected for a new filter. FAB's
    relation filter still receives the id."""

    widget = _LookupWidget()

    def selected(self):
        return None

    def documents(self):
        ids = []
        for key in request.args:
            if _FILTER_ARG.match(key):
                ids.extend(v for v in request.args.getlist(key) if v not in ids)
        found = (visible_document(v) for v in ids[:MAX_FILTERED_DOCUMENTS])
        return [doc for doc in found if doc is not None]


class DocumentForm(FlaskForm):
    doc_type = SelectField(_l("Document type"), choices=_choices(enums.DOC_TYPE_LABELS))
    number_symbol = StringField(_l("Number and symbol"),
                                render_kw={"placeholder": _l("e.g. 1234/UBND-TH")})
    issued_on = DayField(_l("Issue date"))
    summary = TextAreaField(_l("Summary"), render_kw={"rows": 3})
    signer = StringField(_l("Signer (name and position)"))
    issuing_authority = SelectField(_l("Issuing authority"),
                                    choices=_choices(enums.ISSUING_AUTHORITY_LABELS))
    drafting_unit_id = SelectField(_l("Drafting or submitting unit"), validators=[Optional()])
    urgency = SelectField(_l("Urgency"), choices=_choices(enums.URGENCY_LABELS))
    confidentiality = SelectField(_l("Confidentiality"),
                                  choices=_choices(enums.CONFIDENTIALITY_LABELS))
    complex_entry = BooleanField(_l("Many tasks, many units or needs consultation "
                                    "(5 working days to enter)"))
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 2})

    FIELDS = DOCUMENT_FIELDS

    def set_units(self, units):
        self.drafting_unit_id.choices = _unit_choices(units, blank=_l("(none)"))

    def load(self, doc):
        for name in self.FIELDS:
            value = getattr(doc, name)
            field = getattr(self, name)
            if name == "issued_on":
                field.data = input_day(value)
            elif name == "drafting_unit_id":
                field.data = str(value) if value else ""
            else:
                field.data = value

    def to_data(self):
        data = {name: getattr(self, name).data for name in self.FIELDS}
        data["issued_on"] = self.issued_on.day
        data["drafting_unit_id"] = _int_or_none(data["drafting_unit_id"])
        return data


class TaskForm(FlaskForm):
    document_id = DocumentLookupField(_l("Directive document"))
    content = TextAreaField(_l("Task content"), render_kw={"rows": 4})
    kind = SelectField(_l("Task kind"), default=enums.OTHER)
    lead_unit_id = SelectField(_l("Lead unit"))
    coordinating_unit_ids = SelectMultipleField(_l("Coordinating units"),
                                                validators=[Optional()])
    monitoring_unit_id = SelectField(_l("Monitoring unit"), validators=[Optional()])
    has_deadline = BooleanField(_l("Has a deadline"), default=True)
    deadline = DayField(_l("Deadline"))
    report_cycle = SelectField(_l("Update cycle (tasks without a deadline)"),
                               validators=[Optional()])
    must_report = BooleanField(_l("Must be submitted or reported"))
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 2})
    version = HiddenField()

    FIELDS = TASK_ENTRY_FIELDS

    def setup(self, units):
        self.lead_unit_id.choices = _unit_choices(units, blank="")
        self.coordinating_unit_ids.choices = _unit_choices(units)
        self.monitoring_unit_id.choices = _unit_choices(units, blank=_l("The Office"))
        self.report_cycle.choices = _choices(enums.REPORT_CYCLE_LABELS, blank="")
        self.kind.choices = _choices(enums.TASK_KIND_LABELS)

    def load(self, task, only=None):
        """Show the task's values; ``only``: just these fields (the ones the
        user may not change, which a browser does not post when disabled)."""
        values = {
            "content": task.content,
            "kind": task.kind or enums.OTHER,
            "lead_unit_id": str(task.lead_unit_id or ""),
            "coordinating_unit_ids": [str(u.id) for u in task.coordinating_units],
            "monitoring_unit_id": str(task.monitoring_unit_id or ""),
            "has_deadline": task.has_deadline,
            "must_report": task.must_report,
            "deadline": input_day(task.deadline),
            "report_cycle": task.report_cycle or "",
            "notes": task.notes,
        }
        for name, value in values.items():
            if only is None or name in only:
                self[name].data = value
        if only is None:
            self.version.data = str(task.version)

    def to_data(self):
        return {
            "content": self.content.data,
            "kind": self.kind.data or enums.OTHER,
            "lead_unit_id": _int_or_none(self.lead_unit_id.data),
            "coordinating_unit_ids": [int(v) for v in self.coordinating_unit_ids.data or []],
            "monitoring_unit_id": _int_or_none(self.monitoring_unit_id.data),
            "has_deadline": bool(self.has_deadline.data),
            "must_report": bool(self.must_report.data),
            "deadline": self.deadline.day,
            "report_cycle": self.report_cycle.data or None,
            "notes": self.notes.data,
        }


def put_error(form, err, message):
    """Show a refusal on the field it names; False when it names none of ours."""
    field = getattr(form, (err.params or {}).get("field") or "", None)
    if field is None or not hasattr(field, "errors"):
        return False
    field.errors = list(field.errors or []) + [message]
    return True


def submit(form, save):
    """``save(form.to_data())`` once the form validates, and what it returns.
    None when the form was not sent or did not validate, or when the service
    refused: the refusal then stands on the field it names, else is flashed."""
    if not form.validate_on_submit():
        return None
    try:
        return save(form.to_data())
    except RuleError as err:
        message = rule_message(err)
        if not put_error(form, err, message):
            flash(message, "danger")
    return None


class DayDateField(StringField):
    """A date field for FAB's own forms: typed dd/mm/yyyy or ISO, ``data`` a date."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": DATE_PLACEHOLDER, "autocomplete": "off",
                     "class": "form-control"}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self._typed = None

    def _value(self):
        if self._typed is not None:
            return self._typed
        return input_day(self.data)

    def process_formdata(self, valuelist):
        self._typed = valuelist[0] if valuelist else ""
        try:
            self.data = parse_day(self._typed)
        except ValueError:
            self.data = None
            raise ValueError(_(DATE_FORMAT_MESSAGE)) from None
