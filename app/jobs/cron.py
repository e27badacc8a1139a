"""Schedules for ``rq cron`` (one process only). Cron strings are UTC:
Vietnam is UTC+7 with no daylight saving, so 00:05 in Hà Nội is 17:05 UTC.
Jobs compute from the data, so a run missed while the scheduler was down is
caught up by the next one."""
import os

from rq import cron

from app.jobs.flags import JOB_TIMEOUT, refresh_flags_job
from app.jobs.reminders import mail_digest_job, mail_pending_job
from app.jobs.system import ping

QUEUE = os.environ.get("RQ_QUEUE", "default")

cron.register(ping, queue_name=QUEUE, cron="*/10 * * * *", name="ping")
# 00:05 Asia/Ho_Chi_Minh: today's overdue / due-soon flags as the day starts.
cron.register(refresh_flags_job, queue_name=QUEUE, cron="5 17 * * *",
              job_timeout=JOB_TIMEOUT, name="refresh_flags")
# The nightly reminders follow the refresh (app.jobs.flags enqueues them).
# E-mails of new notifications, for those who want them at once...
cron.register(mail_pending_job, queue_name=QUEUE, cron="*/5 * * * *", name="mail_pending")
# ...and the daily digest at 07:00 Asia/Ho_Chi_Minh (00:00 UTC).
cron.register(mail_digest_job, queue_name=QUEUE, cron="0 0 * * *", name="mail_digest")
