"""The flags job through a real Redis: a real `rq worker` process computes
what the in-process run computes, and a second run changes nothing."""
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from rq.cron import CronScheduler
from rq.job import Job
from sqlalchemy import select, update

from app.clock import today_vn
from app.extensions import db
from app.jobs.flags import FULL_REFRESH_ID, JOB, enqueue_refresh, refresh_flags_job
from app.models import Task, Unit
from app.runtime.redis_conn import get_queue, get_redis
from app.services import calendar as service
from app.services.flags import FLAG_COLUMNS
from tests.integration.test_flags_sql import _anchors, make_tasks

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
TODAY = date(2017, 2, 6)


@pytest.fixture
def queue(app):
    with app.app_context():
        q = get_queue()
        q.empty()
        yield q
        q.empty()


@pytest.fixture
def tasks(app):
    with app.app_context():
        service.seed_calendar(2016, 2018)
        rng = random.Random(45)
        unit_id = db.session.scalar(select(Unit.id).limit(1))
        centers = [TODAY + timedelta(days=k) for k in (-20, -7, 0, 3)]
        db.session.add_all(make_tasks(rng, centers, _anchors(service.load_calendar()), 150,
                                      unit_id))
        db.session.commit()
        db.session.remove()  # nothing held open while the worker writes (SQLite)


def run_worker(app):
    """A real `rq worker` process whose app uses this test's database."""
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               REDIS_URL=app.config["REDIS_URL"], INSTANCE_DIR=app.config["INSTANCE_DIR"])
    result = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--burst", "--url", app.config["REDIS_URL"],
         app.config["RQ_QUEUE"]], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=180)
    assert result.returncode == 0, result.stderr
    return result


def snapshot(app):
    with app.app_context():
        rows = db.session.scalars(select(Task).order_by(Task.id)).all()
        data = {t.id: ({c: getattr(t, c) for c in FLAG_COLUMNS}, t.flags_as_of, t.version)
                for t in rows}
        db.session.remove()
        return data


def reset_flags(app):
    with app.app_context():
        db.session.execute(update(Task).values(
            timeliness="none", working_days_overdue=0, calendar_days_overdue=0, entry_due=None,
            entry_late=False, first_update_due=None, first_update_late=False,
            cycle_update_missed=False, flags_as_of=None).execution_options(
                synchronize_session=False))
        db.session.commit()
        db.session.remove()


def test_real_worker_matches_in_process_and_twice_changes_nothing(app, queue, tasks):
    job = queue.enqueue(JOB, kwargs={"today_iso": TODAY.isoformat()})
    run_worker(app)
    with app.app_context():
        fetched = Job.fetch(job.id, connection=get_redis())
        assert fetched.get_status() == "finished"
        assert fetched.meta["tasks"] == 150 and fetched.meta["stage"] == "done"
        assert sum(fetched.meta["timeliness"].values()) == 150
        assert fetched.return_value()["today"] == TODAY.isoformat()
        # The day's reminders followed, for the same day.
        reminders = [Job.fetch(i, connection=get_redis())
                     for i in queue.finished_job_registry.get_job_ids()]
        assert [r.return_value()["today"] for r in reminders
                if r.func_name == "app.jobs.reminders.remind_job"] == [TODAY.isoformat()]
    by_worker = snapshot(app)
    assert {flags_as_of for _, flags_as_of, _ in by_worker.values()} == {TODAY}
    assert len({f["timeliness"] for f, *_ in by_worker.values()}) >= 4

    reset_flags(app)
    with app.app_context():
        assert refresh_flags_job(TODAY.isoformat())["tasks"] == 150
    assert snapshot(app) == by_worker

    queue.enqueue(JOB, kwargs={"today_iso": TODAY.isoformat()})
    run_worker(app)
    assert snapshot(app) == by_worker


def test_enqueue_refresh_without_a_date_uses_today_in_vietnam(app, queue, tasks):
    with app.app_context():
        first = enqueue_refresh()
        assert first.id == FULL_REFRESH_ID
        assert enqueue_refresh().id == FULL_REFRESH_ID  # still waiting: not queued twice
        assert queue.count == 1
        ids = db.session.scalars(select(Task.id).limit(3)).all()
        enqueue_refresh(ids)
        db.session.remove()
    run_worker(app)
    rows = snapshot(app)
    assert {rows[i][1] for i in rows} == {today_vn()}
    with app.app_context():
        # The finished one is replaced: changes keep sharing one waiting job.
        assert enqueue_refresh().id == FULL_REFRESH_ID
        assert enqueue_refresh().id == FULL_REFRESH_ID
        assert queue.count == 1


def test_the_job_seeds_an_empty_calendar(app, queue):
    with app.app_context():
        summary = refresh_flags_job("2017-02-06")
        assert summary["calendar_seeded"] is True and summary["tasks"] == 0
        assert not service.is_empty()


def test_scheduled_daily_at_five_past_midnight_vietnam_time(app):
    with app.app_context():
        scheduler = CronScheduler(connection=get_redis())
        scheduler.load_config_from_file("app.jobs.cron")
        jobs = {job.name: job for job in scheduler.get_jobs()}
    job = jobs["refresh_flags"]
    assert job.func is refresh_flags_job and job.cron == "5 17 * * *"
    local = job.get_next_enqueue_time().astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (local.hour, local.minute) == (0, 5)
    assert "ping" in jobs
