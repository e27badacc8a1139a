"""RQ job keeping every task's timeliness flags true (R5).

Scheduled daily at 00:05 Vietnam time (``app.jobs.cron``), enqueued after a
calendar change, and run in-process by ``flask tasks refresh-flags``. It
computes from the data, so a run missed while nothing was running is caught
up by the next one.
Each run first seeds the working-day calendar through two years after this
one (``app.services.calendar.ensure_seeded``), so the calendar never runs out.
"""
import logging
from datetime import date

from redis.exceptions import RedisError
from rq import Queue, get_current_job
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

from app.jobs import app_context

log = logging.getLogger(__name__)

JOB = "app.jobs.flags.refresh_flags_job"
# One pending full refresh is enough: a second would compute the same.
FULL_REFRESH_ID = "refresh-flags-all"
JOB_TIMEOUT = 30 * 60


def refresh_flags_job(today_iso=None, task_ids=None):
    from app.clock import today_vn
    from app.services import calendar
    from app.services.flags import refresh_flags, timeliness_counts

    with app_context():
        today = date.fromisoformat(today_iso) if today_iso else today_vn()
        # Keeps the calendar seeded two years ahead (and the official
        # decisions applied): past the seeded years every weekday would
        # silently count as a working day.
        seeded = calendar.ensure_seeded()
        job = get_current_job()
        if job is not None:
            job.meta.update({"today": today.isoformat(), "stage": "refreshing"})
            job.save_meta()
        count = refresh_flags(today, task_ids)
        summary = {"today": today.isoformat(), "tasks": count, "calendar_seeded": seeded,
                   "timeliness": timeliness_counts(task_ids)}
        if job is not None:
            job.meta.update({**summary, "stage": "done"})
            job.save_meta()
            if task_ids is None:
                # The day's reminders read the day's flags: right after them.
                from app.jobs.reminders import enqueue_remind

                enqueue_remind(today, Queue(job.origin, connection=job.connection))
        return summary


def enqueue_refresh(task_ids=None, queue=None):
    """Enqueue a refresh; ``today`` is taken when the job runs.

    A full refresh uses a stable id, so changes made while one is waiting in
    the queue share it. While one runs, a change gets a job of its own (the
    running one may have read the calendar before the change); a finished
    one is replaced. Raises redis errors when Redis is unreachable: the
    caller decides what to do then.
    """
    if queue is None:
        from app.runtime.redis_conn import get_queue

        queue = get_queue()
    options = {"job_timeout": JOB_TIMEOUT, "description": "refresh timeliness flags"}
    if task_ids is not None:
        return queue.enqueue(JOB, kwargs={"task_ids": sorted({int(i) for i in task_ids})},
                             **options)
    for _ in range(2):
        try:
            return queue.enqueue(JOB, job_id=FULL_REFRESH_ID, unique=True, **options)
        except DuplicateJobError:
            try:
                existing = Job.fetch(FULL_REFRESH_ID, connection=queue.connection)
            except NoSuchJobError:  # expired meanwhile
                continue
            status = existing.get_status(refresh=True)
            if status == JobStatus.QUEUED:
                return existing
            if status == JobStatus.STARTED:
                break
            existing.delete()
    return queue.enqueue(JOB, **options)


def recompute_flags():
    """Re-compute every task's flags after a calendar change.

    Enqueued on RQ (a big table is not refreshed inside a web request); when
    Redis cannot be reached, run in this process instead, so a change is
    never left without its flags. Returns "queued" or "in_process".
    """
    try:
        enqueue_refresh()
        return "queued"
    except (RedisError, OSError) as exc:
        log.warning("Redis unreachable (%s): refreshing flags in-process", exc)
    refresh_flags_job()
    return "in_process"
