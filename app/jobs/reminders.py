"""RQ jobs of the reminders (R6): the nightly reminders, right after the
nightly flag refresh (``app.jobs.flags`` enqueues it), and the e-mails of
the notifications: every few minutes for those who want them at once, in
the morning for those who chose a daily digest.

Each computes from the data (the flags, the notifications not yet mailed),
so a run missed is caught up by the next one, and a run twice adds nothing.
"""
import logging
from datetime import date
from itertools import groupby

from flask import current_app
from flask_babel import force_locale, gettext as _

from app.jobs import app_context
from app.jobs.mail import enqueue_mail

log = logging.getLogger(__name__)

JOB = "app.jobs.reminders.remind_job"


def remind_job(today_iso=None):
    from app.clock import today_vn
    from app.services.reminders import send_reminders

    with app_context():
        today = date.fromisoformat(today_iso) if today_iso else today_vn()
        counts = send_reminders(today)
        log.info("reminders of %s: %s", today.isoformat(), counts)
        return {"today": today.isoformat(), "created": counts}


def enqueue_remind(today, queue=None):
    """Enqueue the reminders of ``today`` (the day the flags were computed for)."""
    if queue is None:
        from app.runtime.redis_conn import get_queue

        queue = get_queue()
    return queue.enqueue(JOB, kwargs={"today_iso": today.isoformat()},
                         description=f"send the reminders of {today.isoformat()}")


def _url(path):
    return current_app.config.get("APP_BASE_URL", "").rstrip("/") + path


def compose(notifications, digest=False):
    """(subject, text) of one e-mail about ``notifications``, in Vietnamese;
    a digest groups them by kind."""
    from app.rules.reminders import KIND_LABELS
    from app.web.notices import notice_path, notice_text

    with force_locale("vi"):
        if digest:
            subject = _("[Tracking] Your notifications of the day: %(num)d",
                        num=len(notifications))
        elif len(notifications) == 1:
            subject = _("[Tracking] %(message)s",
                        message=notice_text(notifications[0].kind, notifications[0].params))
        else:
            # Only ever several: Vietnamese has one form, English needs none other.
            subject = _("[Tracking] %(num)d new notifications", num=len(notifications))
        lines = [_("Dear colleague,"), ""]
        if digest:
            rank = {kind: i for i, kind in enumerate(KIND_LABELS)}
            notifications = sorted(notifications,
                                   key=lambda n: (rank.get(n.kind, len(rank)), n.id))
        for kind, group in groupby(notifications, key=lambda n: n.kind if digest else None):
            group = list(group)
            if digest:
                lines += [_("%(kind)s (%(num)d):", kind=_(KIND_LABELS.get(kind, kind)),
                            num=len(group)), ""]
            for n in group:
                lines += ["- " + notice_text(n.kind, n.params), "  " + _url(notice_path(n)), ""]
        lines += [_("All your notifications: %(url)s", url=_url("/notifications/")),
                  _("To stop these e-mails or receive them once a day: %(url)s",
                    url=_url("/notifications/settings")),
                  "", _("This message was sent automatically; please do not reply.")]
    return " ".join(subject.split())[:200], "\n".join(lines)


def _mail(mode):
    from app.services import notifications as service

    sent = 0
    with app_context():
        for user, pending in service.pending_mail(mode):
            subject, text = compose(pending, digest=mode == service.DIGEST)
            if enqueue_mail(user.email, subject, text) is None:
                break  # Redis is unreachable: the next run sends them
            service.mark_emailed([n.id for n in pending])
            sent += 1
    return sent


def mail_pending_job():
    """E-mail, at once, the new notifications of those who want it so."""
    from app.services.notifications import IMMEDIATE

    return _mail(IMMEDIATE)


def mail_digest_job():
    """One e-mail a day with the notifications of those who chose a digest."""
    from app.services.notifications import DIGEST

    return _mail(DIGEST)
