"""``GET /health``: a liveness summary with no login and nothing else revealed.

``calendar`` is "ok" while the working-day calendar is seeded for the next 12
months, "short" when it is not (past the seeded years every weekday would
count as a working day), "unknown" when the database cannot say; it warns,
it does not make the answer 503. ``calendar_seeded_through`` is the last
seeded day (ISO), or null.
"""
import time

from flask import Blueprint, current_app, jsonify
from rq import Worker
from rq import cron_scheduler_registry
from rq.defaults import DEFAULT_CRON_SCHEDULER_TTL
from sqlalchemy import text

from app.extensions import db
from app.runtime.launcher import read_status
from app.runtime.redis_conn import get_redis
from app.services.calendar import calendar_horizon_warning, seeded_through

bp = Blueprint("health", __name__)


@bp.route("/health")
def health():
    body = {"db": "ok", "redis": "ok", "workers": 0, "scheduler": "down",
            "calendar": "unknown", "calendar_seeded_through": None,
            "version": current_app.config["VERSION"]}
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means the database is unusable
        db.session.rollback()
        body["db"] = "down"
    else:
        try:
            through = seeded_through()
            body["calendar"] = "short" if calendar_horizon_warning() else "ok"
            body["calendar_seeded_through"] = through.isoformat() if through else None
        except Exception:  # noqa: BLE001 - e.g. before the migrations ran
            db.session.rollback()
    try:
        conn = get_redis()
        conn.ping()
        body["workers"] = Worker.count(connection=conn)
        # A scheduler counts while its heartbeat is fresh (read-only: no cleanup here).
        fresh_since = time.time() - DEFAULT_CRON_SCHEDULER_TTL
        if conn.zcount(cron_scheduler_registry.get_registry_key(), fresh_since, "+inf"):
            body["scheduler"] = "ok"
    except Exception:  # connection refused, timeout, bad URL
        body["redis"] = "down"
    processes = read_status(current_app.config["INSTANCE_DIR"])
    if processes is not None:
        # The embedded mode: what its launcher sees up or being restarted.
        body["processes"] = processes
        if processes.get("worker") == "down":
            body["workers"] = 0  # RQ remembers a killed worker until its heartbeat expires
        if processes.get("cron") == "down":
            body["scheduler"] = "down"
    status = 200 if body["db"] == "ok" and body["redis"] == "ok" else 503
    return jsonify(body), status
