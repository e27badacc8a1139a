"""What a notification says, in the reader's language (the notification
centre, the API and the e-mails): from its kind and the facts stored with
it, so that a message is read in the language of whoever reads it."""
from flask_babel import gettext as _

from app.rules import N_
from app.rules import reminders as rr
from app.rules.reminders import KIND_LABELS, URGING_LEVELS
from app.web.dates import format_day

MESSAGES = {
    rr.DUE_SOON: N_("Task of %(document)s is due on %(deadline)s: %(content)s"),
    rr.DUE_TODAY: N_("Task of %(document)s is due today (%(deadline)s): %(content)s"),
    rr.OVERDUE: N_("Task of %(document)s is %(days)s working days overdue "
                   "(deadline %(deadline)s): %(content)s"),
    rr.FIRST_UPDATE_LATE: N_("Task of %(document)s: the first progress update is late "
                             "(Art. 7.2a): %(content)s"),
    rr.CYCLE_UPDATE_MISSED: N_("Task of %(document)s: the periodic update was missed "
                               "(Art. 7.2b): %(content)s"),
    rr.ENTRY_LATE: N_("Task of %(document)s was not transferred by %(due)s (Art. 7.1): "
                      "%(content)s"),
    rr.DONE_REPORT_WAITING: N_("Task of %(document)s was reported done on %(done_on)s and "
                               "waits for the Office: %(content)s"),
    rr.URGING: N_("%(level)s from %(author_unit)s on %(count)s task(s): %(content)s"),
    rr.CORRECTION_REQUEST: N_("The Office asks your unit to correct an update of the task "
                              "of %(document)s: %(content)s"),
}
DATE_PARAMS = ("deadline", "due", "done_on")


def notice_text(kind, params):
    """The sentence of a notification of ``kind`` with its stored ``params``."""
    values = {"document": "", "content": "", "deadline": "", "days": 0, "due": "",
              "done_on": "", "level": "", "author_unit": "", "count": 1}
    values.update(params or {})
    for key in DATE_PARAMS:
        values[key] = format_day(values[key])
    if values.get("level") in URGING_LEVELS:
        values["level"] = _(URGING_LEVELS[values["level"]])
    msgid = MESSAGES.get(kind)
    if msgid is None:
        return _(KIND_LABELS.get(kind, kind))
    return _(msgid, **values)


def kind_label(kind):
    return _(KIND_LABELS.get(kind, kind))


def notice_path(notification):
    """Where a notification leads (the centre's link, the e-mail's): its task,
    else its urging, else the centre."""
    if notification.task_id is not None:
        return f"/tasks/show/{notification.task_id}"
    if notification.kind == rr.URGING and notification.urging_id is not None:
        return f"/urging/{notification.urging_id}"
    return "/notifications/"
