"""Jobs through a real Redis: in-process worker and a real `rq worker` process."""
import os
import subprocess
import sys

from rq import SimpleWorker
from rq.job import Job

from app.runtime.redis_conn import get_queue, get_redis
from app.jobs.system import ping

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def test_ping_runs_in_a_burst_worker(app):
    with app.app_context():
        queue = get_queue()
        job = queue.enqueue(ping)
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        assert Job.fetch(job.id, connection=get_redis()).return_value() == {"units": 35}


def test_ping_runs_in_a_real_rq_worker_process(app):
    with app.app_context():
        queue = get_queue()
        job = queue.enqueue(ping)
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               REDIS_URL=app.config["REDIS_URL"], INSTANCE_DIR=app.config["INSTANCE_DIR"])
    result = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--burst", "--url", app.config["REDIS_URL"],
         app.config["RQ_QUEUE"]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with app.app_context():
        fetched = Job.fetch(job.id, connection=get_redis())
        assert fetched.get_status() == "finished", result.stderr
        assert fetched.return_value() == {"units": 35}
