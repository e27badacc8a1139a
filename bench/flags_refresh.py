"""How long ``refresh_flags`` takes over many tasks, as ratios.

    .venv/bin/python bench/flags_refresh.py [--tasks 10000] [--url DATABASE_URL]

Without ``--url`` it uses a fresh SQLite file in a temporary folder. With a
PostgreSQL URL the database's ``public`` schema is DROPPED and rebuilt: point
it at a scratch database only.

Prints seconds per 1,000 tasks for: a plain SELECT of the same rows (the
unit), the set-based refresh (cold: with the working-day index build; warm),
and for comparison loading the rows and computing the flags in Python from
the pure rules (without even writing them back); then the time of one
single-task refresh, as the tracking service runs after each save.
"""
import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import insert, select, text  # noqa: E402


def build(url, folder):
    from flask_migrate import upgrade

    from app import create_app
    from app.services import bootstrap
    from app.extensions import db

    app = create_app("config.Config", SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=folder,
                     REDIS_URL="unix:///nonexistent/redis.sock", LOAD_DEMO_DATA=False)
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        bootstrap.seed_units()
    return app


def fill(n):
    from app.extensions import db
    from app.models import Document, Task, Unit

    rng = random.Random(1)
    unit_ids = db.session.scalars(select(Unit.id)).all()
    start = date(2016, 1, 1)
    docs, tasks = [], []
    for i in range(1, n + 1):
        issued = start + timedelta(days=rng.randint(0, 3600))
        docs.append({"id": i, "doc_type": "decision", "number_symbol": f"{i}/QĐ-UBND",
                     "number_key": f"{i}/qđ-ubnd", "issue_year": issued.year, "summary": "x",
                     "issued_on": issued, "issuing_authority": "committee",
                     "urgency": rng.choice(("normal", "urgent", "express")),
                     "confidentiality": "normal", "complex_entry": rng.random() < 0.3})
        has_deadline = rng.random() < 0.7
        transferred = issued + timedelta(days=rng.randint(0, 5)) if rng.random() < 0.9 else None
        done = (transferred + timedelta(days=rng.randint(1, 90))
                if transferred and rng.random() < 0.5 else None)
        tasks.append({"id": i, "document_id": i, "content": "x",
                      "lead_unit_id": rng.choice(unit_ids), "has_deadline": has_deadline,
                      "deadline": issued + timedelta(days=rng.randint(5, 120)) if has_deadline
                      else None,
                      "state": "done_reported" if done else rng.choice(
                          ("draft", "transferred", "accepted", "in_progress", "cancelled")),
                      "transferred_on": transferred, "done_on": done,
                      "first_update_on": transferred + timedelta(days=rng.randint(0, 6))
                      if transferred and rng.random() < 0.7 else None,
                      "last_update_on": None,
                      "report_cycle": None if has_deadline else rng.choice(
                          ("quarter", "half_year", "year", "on_result")),
                      "progress": "not_started", "timeliness": "none",
                      "working_days_overdue": 0, "calendar_days_overdue": 0,
                      "entry_late": False, "first_update_late": False,
                      "cycle_update_missed": False, "must_report": False,
                      "extension_pending": False, "version": 1})
    db.session.execute(insert(Document.__table__), docs)
    db.session.execute(insert(Task.__table__), tasks)
    db.session.commit()


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-flags-")
    url = args.url or f"sqlite:///{folder}/bench.db"
    app = build(url, folder)
    with app.app_context():
        from app.extensions import db
        from app.models import Document, Task
        from app.models import CalendarState
        from app.services import calendar as service
        from app.services.flags import FlagInputs, compute_flags, refresh_flags
        from sqlalchemy.orm import selectinload

        service.seed_calendar(2010, 2028)
        fill(args.tasks)
        today = date(2021, 6, 15)

        def plain_select():
            db.session.execute(select(Task.__table__, Document.issued_on, Document.urgency,
                                      Document.complex_entry)
                               .join(Document, Document.id == Task.document_id)).all()

        def cold():
            db.session.execute(CalendarState.__table__.update().values(index_version=None))
            db.session.commit()
            refresh_flags(today)

        def python_loop():
            cal = service.load_calendar()
            db.session.expire_all()
            for task in db.session.scalars(select(Task).options(selectinload(Task.document))):
                compute_flags(FlagInputs.of(task), today, cal)

        unit = timed(plain_select)
        results = {
            "plain SELECT of the rows": unit,
            "refresh_flags, cold (index rebuilt)": timed(cold),
            "refresh_flags, warm": timed(lambda: refresh_flags(today)),
            "Python loop over the rules (no writes)": timed(python_loop, repeat=1),
        }
        one_task = timed(lambda: refresh_flags(today, [args.tasks // 2]), repeat=20)
        dialect = db.engine.dialect.name
    per = 1000 / args.tasks
    print(f"{args.tasks} tasks on {dialect}")
    for name, seconds in results.items():
        print(f"  {name:42s} {seconds * per * 1000:8.2f} ms per 1,000 tasks"
              f"  x{seconds / unit:6.1f} the plain SELECT")
    print(f"  refresh_flags of one task (after a save): {one_task * 1000:.2f} ms per call")


if __name__ == "__main__":
    main()
