"""RQ job sending one e-mail, and the way to enqueue it.

A web request never talks SMTP: it calls ``enqueue_mail`` and a worker sends.
A failed send is retried after 1, 5 and 15 minutes (the retries need the
``rq worker --with-scheduler`` or ``rq scheduler`` that moves due jobs back
to the queue), then the job stays in the failed registry.
"""
import logging

from redis.exceptions import RedisError
from rq import Retry

from app.jobs import app_context

log = logging.getLogger(__name__)

JOB = "app.jobs.mail.send_mail_job"
RETRY_INTERVALS = [60, 300, 900]


def send_mail_job(to, subject, text, html=None):
    from app.services.mail import send_message

    with app_context():
        return send_message(to, subject, text, html)


def enqueue_mail(to, subject, text, html=None, queue=None):
    """Enqueue one message; returns the job, or None when Redis is unreachable.

    A reminder e-mail is not worth failing the request that caused it (the
    notification itself stays in the app), so an unreachable Redis is only
    logged as a warning and the message is dropped.
    """
    try:
        if queue is None:
            from app.runtime.redis_conn import get_queue

            queue = get_queue()
        return queue.enqueue(
            JOB, kwargs={"to": to, "subject": subject, "text": text, "html": html},
            retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
            description=f"mail to {to}: {subject}")
    except (RedisError, OSError) as exc:
        log.warning("Redis unreachable (%s): mail to %s not queued", exc, to)
        return None
