"""``refresh_flags`` per 1,000 tasks, against a plain SELECT of the same rows
(formerly ``bench/flags_refresh.py``): the set-based refresh cold (the
working-day index rebuilt) and warm, and, for comparison, loading the rows
and computing the flags in Python from the pure rules (without writing them);
then one single-task refresh, as the tracking service runs after each save.

Informational: ``ratio`` is the warm refresh over the plain SELECT; there is
no target (``overdue`` holds the targets).
"""
import os
import time

from sqlalchemy import select

from bench import data
from bench.common import BENCH_DIR, finish, machine, make_app, print_machine

DEFAULT_SIZE = 10_000


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main(args):
    info = machine(args.url)
    print_machine(info)
    url = data.database_url(args.url, args.size, history=False)
    app = make_app(url, os.path.join(BENCH_DIR, "instance"))
    meta = data.ensure(app, args.size, history=False)
    with app.app_context():
        from sqlalchemy.orm import selectinload

        from app.clock import today_vn
        from app.extensions import db
        from app.models import CalendarState, Document, Task
        from app.services import calendar as service
        from app.services.flags import FlagInputs, compute_flags, refresh_flags

        today = today_vn()
        tasks = meta["counts"]["tasks"]

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
        one_id = meta["probe"]["tasks"][0]
        one_task = timed(lambda: refresh_flags(today, [one_id]), repeat=20)
        dialect = db.engine.dialect.name
    per = 1000 / tasks
    print(f"{tasks:,} tasks on {dialect} (best of 3)")
    for name, seconds in results.items():
        print(f"  {name:42s} {seconds * per * 1000:8.2f} ms per 1,000 tasks"
              f"  x{seconds / unit:6.1f} the plain SELECT")
    print(f"  refresh_flags of one task (after a save): {one_task * 1000:.2f} ms per call")
    warm = results["refresh_flags, warm"]
    return finish("flags", warm / unit, None, True, database=dialect, tasks=tasks,
                  per_1000_ms={k: round(v * per * 1000, 3) for k, v in results.items()},
                  one_task_ms=round(one_task * 1000, 3), machine=info)
