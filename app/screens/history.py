"""The task history as people read it: names instead of ids, dates as
dd/mm/yyyy, labels instead of stored values."""
from datetime import date

from flask_babel import gettext as _, lazy_gettext as _l

from app.field_labels import field_labels
from app.screens.formatting import format_day
from app.rules import enums
from app.screens.common import label_of

CHANGE_LABELS = field_labels(
    "content", "kind", "notes", "lead_unit_id", "coordinating_unit_ids", "monitoring_unit_id",
    "has_deadline", "must_report", "deadline", "report_cycle",
    proposed_deadline=_l("Proposed deadline"), decision_ref=_l("Deciding document"),
    approved=_l("Extension approved"), extension_pending=_l("Extension pending"),
    done_on=_l("Reported done on"), update_id=_l("Corrected update"))
_UNIT_FIELDS = ("lead_unit_id", "monitoring_unit_id")
_DATE_FIELDS = ("deadline", "proposed_deadline", "done_on")


def _value(field, value, unit_names):
    if value is None or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field in _UNIT_FIELDS:
        return unit_names.get(value, "#%s" % value)
    if field == "coordinating_unit_ids":
        return ", ".join(unit_names.get(v, "#%s" % v) for v in value)
    if field in _DATE_FIELDS:
        try:
            return format_day(date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if field == "report_cycle":
        return label_of(enums.REPORT_CYCLE_LABELS, value)
    if field == "kind":
        return label_of(enums.TASK_KIND_LABELS, value)
    if field == "update_id":
        return "#%s" % value
    return str(value)


def describe_changes(changes, unit_names):
    """``[(label, old or None, new)]`` from a TaskEvent's ``changes``: a pair is
    a change from old to new, anything else a single recorded value."""
    lines = []
    for field, value in (changes or {}).items():
        label = CHANGE_LABELS.get(field, field)
        # A list of unit ids is a value; [old, new] is a change.
        is_pair = isinstance(value, list) and len(value) == 2 and (
            field != "coordinating_unit_ids"
            or all(v is None or isinstance(v, list) for v in value))
        if is_pair:
            old, new = value
            lines.append((label, None if old is None else _value(field, old, unit_names),
                          _value(field, new, unit_names)))
        else:
            lines.append((label, None, _value(field, value, unit_names)))
    return lines
