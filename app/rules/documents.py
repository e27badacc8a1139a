"""Directive documents and tasks: what a valid entry is (R1–R3).

Pure: the caller passes the data (a mapping, as a form or the JSON API gives
it) and, for tasks, the document they belong to (anything with
``confidentiality`` and ``issued_on``, attribute or key). Each function returns
a cleaned copy or raises RuleError with a whole-sentence msgid and the
``field`` it is about, so screens can mark the input.
"""
import re
import unicodedata
from datetime import date, datetime

from . import N_, RuleError
from . import enums
from . import workflow as wf
from .text import fold

_SPACES = re.compile(r"\s+")

NUMBER_SYMBOL_MAX = 100
SIGNER_MAX = 255
# Ids are PostgreSQL ``integer`` columns: a larger number names no row, but
# the database (and SQLite's driver) would refuse the query instead of
# finding nothing.
MAX_ID = 2 ** 31 - 1

_REQUIRED = {
    "doc_type": N_("Choose the document type."),
    "number_symbol": N_("The number and symbol are required."),
    "summary": N_("The summary is required."),
    "issued_on": N_("The issue date is required."),
    "issuing_authority": N_("Choose the issuing authority."),
    "content": N_("The task content is required."),
    "lead_unit_id": N_("Choose the lead unit."),
    "deadline": N_("A task with a deadline needs the deadline date."),
    "report_cycle": N_("A task without a deadline needs an update cycle."),
}

SECRET_TASKS_MESSAGE = N_("Tasks of a secret document are not entered in the section (Art. 5.2).")
# Art. 5.2: nothing of a Mật / Tối mật / Tuyệt mật document is entered, not even
# its number or summary; the only trace is the register of received periodic
# secret reports (app.models.SecretReportReceipt).
SECRET_DOCUMENT_MESSAGE = N_(
    "A secret document (Mật, Tối mật, Tuyệt mật) is not entered in the section (Art. 5.2): "
    "nothing of it is stored. Units report on it by their periodic secret reports; record "
    "those in the register of received secret reports.")
SECRET_RECLASSIFY_MESSAGE = N_(
    "A secret document is not kept in the section (Art. 5.2): instead of marking this entry "
    "secret, remove it (Remove the entry, on the document's page); record the units' periodic "
    "secret reports in the register of received secret reports.")
SECRET_WITH_TASKS_MESSAGE = N_("This document has tasks: it cannot be marked secret.")
SECRET_WITH_FILES_MESSAGE = N_("This document has files: it cannot be marked secret.")


# Characters that look like a dash or a slash in a document number.
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SLASHES = re.compile("[\u2044\u2215\u29f8\uff0f]")


def clean_number(number_symbol):
    """A number and symbol as it is stored and shown: compatibility forms
    folded (NFKC: fullwidth "１２３４／ＵＢＮＤ" is "1234/UBND"), every dash and
    slash look-alike made "-" and "/", invisible characters (zero-width
    spaces, joiners) removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", number_symbol or "")
    text = _SLASHES.sub("/", _DASHES.sub("-", text))
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc")
                   or c in "\t\n\r")
    return _SPACES.sub(" ", text).strip()


def number_key(number_symbol):
    """Uniqueness key of a number and symbol: "1234/UBND-TH", "1234 / ubnd-th",
    "1234/UBND–TH" (en dash), "１２３４／UBND-TH" (fullwidth) and the same with a
    zero-width space are one document (accents folded too, "QĐ" = "qd")."""
    return _SPACES.sub("", fold(clean_number(number_symbol)))


def in_id_range(value):
    """True for an int that can be a row's id."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def is_secret(confidentiality):
    return confidentiality in enums.SECRET_LEVELS


# --- Input conversion (forms send strings, the API JSON, services Python) ------


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Dates the section accepts: a directive of 1990 may still be tracked; year 1
# or 9999 is a typing slip, and would overflow working-day arithmetic.
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2099, 12, 31)
DATE_RANGE_MESSAGE = N_("%(value)s is outside the dates the section accepts "
                        "(%(first)s to %(last)s).")


def in_date_range(day, field=None):
    """``day`` itself, or RuleError when it lies outside FIRST_DAY..LAST_DAY."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise RuleError(DATE_RANGE_MESSAGE, value=day.isoformat(), first=FIRST_DAY.isoformat(),
                        last=LAST_DAY.isoformat(), field=field)
    return day


def to_date(value, field=None):
    """A date from a date, a datetime or an ISO ``YYYY-MM-DD`` string, within
    FIRST_DAY..LAST_DAY; None if blank."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return in_date_range(value.date(), field)
    if isinstance(value, date):
        return in_date_range(value, field)
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return in_date_range(day, field)
    raise RuleError(N_("%(value)s is not a valid date: use YYYY-MM-DD."),
                    value=str(value), field=field)


def to_int(value, field=None):
    """An integer from an int or its digits; a bool or a number with a
    fraction (1.5, even 3.0: an id is never written so) is refused."""
    if _blank(value):
        return None
    if isinstance(value, (bool, float)):
        raise RuleError(N_("%(value)s is not a valid number."), value=str(value), field=field)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise RuleError(N_("%(value)s is not a valid number."),
                        value=str(value), field=field) from None


def to_bool(value, field=None, default=None):
    if _blank(value):
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "y"):
        return True
    if text in ("0", "false", "no", "off", "n"):
        return False
    raise RuleError(N_("%(value)s is not true or false."), value=str(value), field=field)


def to_ids(values, field=None):
    """Distinct ids in the order given, from a list (or one value)."""
    if _blank(values):
        return []
    if not isinstance(values, (list, tuple, set, frozenset)):
        values = [values]
    ids = []
    for value in values:
        number = to_int(value, field)
        if number is not None and number not in ids:
            ids.append(number)
    return ids


def _text(data, field):
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        # str() would store a list or an object as Python's repr of it.
        raise RuleError(wf.TEXT_MESSAGE, field=field)
    return value.strip() or None


def _require(cleaned, field):
    if _blank(cleaned.get(field)):
        raise RuleError(_REQUIRED[field], field=field)


def _choice(cleaned, field, allowed, default=None):
    value = cleaned.get(field)
    if _blank(value):
        if default is None:
            _require(cleaned, field)
        cleaned[field] = default
        return
    if value not in allowed:
        raise RuleError(N_("%(value)s is not a valid choice."), value=str(value), field=field)


def _attr(obj, name):
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


# --- Documents (R1, R2) -----------------------------------------------------------


def check_not_secret(confidentiality, existing=False, has_tasks=False, has_files=False):
    """RuleError when a write would leave a secret document stored (Art. 5.2).

    A new entry is refused outright. An existing entry is never marked
    secret either: while it has tasks or files they would stay behind, and
    without them the entry itself is all that remains, so the message tells
    the clerk to remove it instead. Checked before anything else, so the
    clerk reads this and not a missing summary.
    """
    if not is_secret(confidentiality):
        return
    if not existing:
        raise RuleError(SECRET_DOCUMENT_MESSAGE, field="confidentiality")
    if has_tasks:
        raise RuleError(SECRET_WITH_TASKS_MESSAGE, field="confidentiality")
    if has_files:
        raise RuleError(SECRET_WITH_FILES_MESSAGE, field="confidentiality")
    raise RuleError(SECRET_RECLASSIFY_MESSAGE, field="confidentiality")


def validate_document(data):
    """A cleaned copy of a document's fields, or RuleError. A secret level is
    refused first (``check_not_secret``): nothing of such a document is kept."""
    check_not_secret(_text(data, "confidentiality"))
    cleaned = {
        "doc_type": _text(data, "doc_type"),
        "number_symbol": clean_number(_text(data, "number_symbol")) or None,
        "summary": _text(data, "summary"),
        "issued_on": to_date(data.get("issued_on"), "issued_on"),
        "signer": _text(data, "signer"),
        "issuing_authority": _text(data, "issuing_authority"),
        "drafting_unit_id": to_int(data.get("drafting_unit_id"), "drafting_unit_id"),
        "urgency": _text(data, "urgency"),
        "confidentiality": _text(data, "confidentiality"),
        "complex_entry": to_bool(data.get("complex_entry"), "complex_entry", False),
        "notes": _text(data, "notes"),
    }
    _choice(cleaned, "doc_type", enums.DOC_TYPES)
    _require(cleaned, "number_symbol")
    if len(cleaned["number_symbol"]) > NUMBER_SYMBOL_MAX:
        raise RuleError(N_("The number and symbol are too long (at most %(max)s characters)."),
                        max=NUMBER_SYMBOL_MAX, field="number_symbol")
    _require(cleaned, "summary")
    _require(cleaned, "issued_on")
    if cleaned["signer"] and len(cleaned["signer"]) > SIGNER_MAX:
        raise RuleError(N_("The signer is too long (at most %(max)s characters)."),
                        max=SIGNER_MAX, field="signer")
    _choice(cleaned, "issuing_authority", enums.ISSUING_AUTHORITIES)
    _choice(cleaned, "urgency", enums.URGENCIES, default=enums.NORMAL)
    _choice(cleaned, "confidentiality", enums.CONFIDENTIALITIES, default=enums.NORMAL)
    return cleaned


# --- Tasks (R3) -----------------------------------------------------------------------


def validate_task(data, document):
    """A cleaned copy of a task's fields, or RuleError.

    Art. 4 classification: a task with a deadline keeps its date and no
    update cycle; one without keeps its cycle and no date (a value left in
    the other field by a form is dropped, not refused).
    """
    if is_secret(_attr(document, "confidentiality")):
        raise RuleError(SECRET_TASKS_MESSAGE)
    has_deadline = to_bool(data.get("has_deadline"), "has_deadline", True)
    cleaned = {
        "content": _text(data, "content"),
        "kind": _text(data, "kind"),
        "lead_unit_id": to_int(data.get("lead_unit_id"), "lead_unit_id"),
        "coordinating_unit_ids": to_ids(data.get("coordinating_unit_ids"),
                                        "coordinating_unit_ids"),
        "monitoring_unit_id": to_int(data.get("monitoring_unit_id"), "monitoring_unit_id"),
        "has_deadline": has_deadline,
        "must_report": to_bool(data.get("must_report"), "must_report", False),
        "deadline": None,
        "report_cycle": None,
        "notes": _text(data, "notes"),
    }
    _require(cleaned, "content")
    _choice(cleaned, "kind", enums.TASK_KINDS, default=enums.OTHER)
    _require(cleaned, "lead_unit_id")
    if cleaned["lead_unit_id"] in cleaned["coordinating_unit_ids"]:
        raise RuleError(N_("The lead unit cannot also be a coordinating unit."),
                        field="coordinating_unit_ids")
    if has_deadline:
        cleaned["deadline"] = to_date(data.get("deadline"), "deadline")
        _require(cleaned, "deadline")
        issued_on = _attr(document, "issued_on")
        if issued_on is not None and cleaned["deadline"] < issued_on:
            raise RuleError(N_("The deadline cannot be before the document's issue date."),
                            field="deadline")
    else:
        cleaned["report_cycle"] = _text(data, "report_cycle")
        _choice(cleaned, "report_cycle", enums.REPORT_CYCLES)
    return cleaned


# Which fields the Office may still change, by state. The lead unit changes
# by "reassign" once the task has left the Office (the reason is recorded);
# after acceptance the unit has committed to the content, the classification
# and the deadline, and a new deadline comes only from an extension decision
# (Art. 20.2), which keeps the old one and the decision's reference.
TASK_FIELDS = frozenset({"content", "kind", "notes", "lead_unit_id", "coordinating_unit_ids",
                         "monitoring_unit_id", "has_deadline", "must_report", "deadline",
                         "report_cycle"})
_AFTER_ACCEPTANCE = frozenset({"notes", "coordinating_unit_ids", "monitoring_unit_id"})
EDITABLE_FIELDS = {
    wf.DRAFT: TASK_FIELDS,
    wf.TRANSFERRED: TASK_FIELDS - {"lead_unit_id"},
    wf.RETURNED: TASK_FIELDS - {"lead_unit_id"},
    wf.ACCEPTED: _AFTER_ACCEPTANCE,
    wf.IN_PROGRESS: _AFTER_ACCEPTANCE,
    wf.DONE_REPORTED: _AFTER_ACCEPTANCE,
    wf.CLOSED: frozenset(),
    wf.CANCELLED: frozenset(),
}


def check_editable(state, changed_fields):
    """RuleError when a field in ``changed_fields`` may not change in ``state``."""
    refused = set(changed_fields) - EDITABLE_FIELDS[state]
    if not refused:
        return
    if state in wf.FINAL_STATES:
        raise RuleError(N_("A closed or cancelled task cannot be changed."))
    if "lead_unit_id" in refused:
        if state in (wf.TRANSFERRED, wf.RETURNED):
            raise RuleError(N_("Use Reassign to give the task to another unit."),
                            field="lead_unit_id")
        raise RuleError(N_("The lead unit cannot change after the unit accepted the task."),
                        field="lead_unit_id")
    if "deadline" in refused:
        raise RuleError(N_("After acceptance the deadline changes only by an extension "
                           "decision."), field="deadline")
    raise RuleError(N_("The content and the classification cannot change after the unit "
                       "accepted the task."), field=sorted(refused)[0])
