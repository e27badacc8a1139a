"""RQ jobs of the reminders (R6): the nightly reminders, right after the
nightly flag refresh (``app.jobs.flags`` enqueues it), and the e-mails of
the notifications: every few minutes for those who want them at once, in
the morning for those who chose a daily digest.

Each computes from the data (the flags, the notifications not yet mailed),
so a run missed is caught up by the next one, and a run twice adds nothing.
"""
import logging
from datetime import date

from flask import current_app
from flask_babel import force_locale, gettext as _, ngettext

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


def enqueue_remind(queue=None):
    if queue is None:
        from app.runtime.redis_conn import get_queue

        queue = get_queue()
    return queue.enqueue(JOB, description="send today's reminders")


def _link(notification):
    base = current_app.config.get("APP_BASE_URL", "").rstrip("/")
    if notification.task_id is not None:
        return f"{base}/tasks/show/{notification.task_id}"
    return f"{base}/notifications/"


def compose(notifications):
    """(subject, text) of one e-mail about ``notifications``, in Vietnamese."""
    from app.web.notices import notice_text

    with force_locale("vi"):
        if len(notifications) == 1:
            subject = _("[Tracking] %(message)s",
                        message=notice_text(notifications[0].kind, notifications[0].params))
        else:
            subject = ngettext("[Tracking] %(num)d new notification",
                               "[Tracking] %(num)d new notifications", len(notifications))
        lines = [_("Dear colleague,"), ""]
        for n in notifications:
            lines += ["- " + notice_text(n.kind, n.params), "  " + _link(n), ""]
        lines.append(_("Your notifications: %(url)s",
                       url=current_app.config.get("APP_BASE_URL", "").rstrip("/")
                       + "/notifications/"))
    return subject[:200], "\n".join(lines)


def _mail(mode):
    from app.services import notifications as service

    sent = 0
    with app_context():
        for user, pending in service.pending_mail(mode):
            subject, text = compose(pending)
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
