"""Helpers shared by the tracking screens: dates as clerks type them, refusals
in the user's language, coloured flags. (CSRF: app/web/csrf.py, for every POST.)"""
import re
from datetime import date, datetime, timezone

from flask_babel import gettext as _
from markupsafe import Markup

from app.clock import VN
from app.screens.formatting import format_day
from app.rules import N_, badges, enums
from app.rules.documents import FIRST_DAY, LAST_DAY

# What a clerk is told when a date is not dd/mm/yyyy (or ISO), on every screen.
DATE_FORMAT_MESSAGE = N_("Type the date as dd/mm/yyyy.")
_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_day(text):
    """A date typed as dd/mm/yyyy (what Vietnamese clerks write) or ISO.

    Returns None for blank input; raises ValueError for anything else, a
    day outside the section's dates (year 1, 9999: a slip) included."""
    if text is None:
        return None
    if isinstance(text, date):
        return text
    text = str(text).strip()
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        year, month, day = (int(x) for x in match.groups())
    else:
        match = _DMY.match(text)
        if not match:
            raise ValueError(text)
        day, month, year = (int(x) for x in match.groups())
    typed = date(year, month, day)
    if not FIRST_DAY <= typed <= LAST_DAY:
        raise ValueError(text)
    return typed


def input_day(value):
    """The text a date input shows: dd/mm/yyyy, whatever the language, because
    that is the format the inputs' placeholder asks for."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value or ""


def local_time(value):
    """A stored UTC timestamp as Vietnam time, formatted for the user."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(VN).replace(tzinfo=None)
    return format_day(value)


# Params of a RuleError that are msgids themselves (state and action labels).
_MSGID_PARAMS = frozenset(enums.STATE_LABELS.values()) | frozenset(enums.EVENT_LABELS.values())


def rule_message(err):
    """A RuleError in the user's language; params that are msgids translate too."""
    params = {k: (_(v) if isinstance(v, str) and v in _MSGID_PARAMS else v)
              for k, v in (err.params or {}).items() if k != "field"}
    try:
        return _(err.message, **params)
    except (KeyError, ValueError, TypeError):
        return _(err.message)


# Badges: a Bootstrap label class, an icon and a text, never colour alone.
TIMELINESS_STYLE = {
    "overdue": ("label-danger", "fa-exclamation-circle"),
    "due_soon": ("label-warning", "fa-clock-o"),
    "within": ("label-success", "fa-check"),
    "done_on_time": ("label-success", "fa-check-circle"),
    "done_late": ("label-danger", "fa-exclamation-triangle"),
    "none": ("label-default", "fa-minus"),
}
PROGRESS_STYLE = {
    "not_started": ("label-default", "fa-circle-o"),
    "in_progress": ("label-info", "fa-spinner"),
    "done": ("label-success", "fa-check"),
}
STATE_STYLE = {
    "draft": ("label-default", "fa-pencil"),
    "transferred": ("label-primary", "fa-share"),
    "accepted": ("label-primary", "fa-inbox"),
    "returned": ("label-warning", "fa-reply"),
    "in_progress": ("label-info", "fa-spinner"),
    "done_reported": ("label-primary", "fa-flag-checkered"),
    "closed": ("label-success", "fa-lock"),
    "cancelled": ("label-default", "fa-ban"),
}
ART7_STYLE = ("label-danger", "fa-bell")
URGING_STYLE = ("label-warning", "fa-bullhorn")


def _label(style, text, title=None, kind="tracking-flag"):
    css, icon = style
    if title:
        return Markup('<span class="label {} {}" title="{}"><i class="fa {}" '
                      'aria-hidden="true"></i> {}</span>').format(css, kind, title, icon, text)
    return Markup('<span class="label {} {}"><i class="fa {}" aria-hidden="true">'
                  '</i> {}</span>').format(css, kind, icon, text)


def _is_task(value):
    return hasattr(value, "state") and hasattr(value, "timeliness")


def task_badges_of(task):
    """``app.rules.badges.task_badges`` of a Task (unknown stored values, which
    only a hand-edited row could hold, read as a draft / no deadline status)."""
    state = task.state if task.state in enums.STATES else "draft"
    timeliness = (task.timeliness if task.timeliness in enums.TIMELINESS_VALUES
                  else "none")
    return badges.task_badges(state, timeliness,
                              bool(task.has_deadline and task.deadline is not None))


def state_flag(value):
    """The state badge of a Task or of a state value."""
    if _is_task(value):
        value = value.state
    if not value:
        return ""
    return _label(STATE_STYLE.get(value, STATE_STYLE["draft"]),
                  _(enums.STATE_LABELS.get(value, value)), kind="tracking-state")


def timeliness_flag(value):
    """The deadline badge: of a Task, the one that agrees with its state
    (``app.rules.badges``, possibly none); of a value, that value's."""
    if _is_task(value):
        value = task_badges_of(value).timeliness
        if value is None:
            return ""
    value = value or "none"
    return _label(TIMELINESS_STYLE.get(value, TIMELINESS_STYLE["none"]),
                  _(enums.TIMELINESS_LABELS.get(value, value)))


def progress_flag(value):
    """The Art. 5.1g status badge: of a Task, the one its state implies unless
    the state says it already (``app.rules.badges``); of a value, that value's."""
    if _is_task(value):
        value = task_badges_of(value).progress
    if not value:
        return ""
    return _label(PROGRESS_STYLE.get(value, PROGRESS_STYLE["not_started"]),
                  _(enums.PROGRESS_LABELS.get(value, value)))


def status_flags(task):
    """The state and, when it adds something, the status of a Task."""
    progress = progress_flag(task)
    return state_flag(task) + (Markup(" ") + progress if progress else "")


def art7_flags(task):
    """A badge per raised Art. 7 flag (entered late, first update late,
    periodic update missed), each titled with its article."""
    raised = badges.art7_badges(task.entry_late, task.first_update_late,
                                task.cycle_update_missed)
    return Markup(" ").join(_label(ART7_STYLE, _(badges.ART7_FLAG_SHORT[flag]),
                                   _(badges.ART7_FLAG_LABELS[flag])) for flag in raised)


def urging_flag(task):
    """"Urged N times" (Art. 11), when the task was urged."""
    if not task.urging_count:
        return Markup("")
    return _label(URGING_STYLE, _("Urged %(num)d times", num=task.urging_count))


def label_of(labels, value):
    """The translated label of an enumeration value (the value itself if unknown)."""
    if value is None:
        return ""
    return _(labels[value]) if value in labels else value
