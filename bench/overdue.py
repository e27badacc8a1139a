"""The daily flag refresh at province scale: ``refresh_flags`` of ``--size``
tasks (default 1,000,000) against a raw ``UPDATE`` of the same columns, and
against a naive per-row ORM loop.

* raw UPDATE: one statement writing every flag column of every task with
  plain values (``timeliness = 'none'``, ``effective_deadline = deadline``,
  zeros, NULLs, false, ``flags_as_of = today``) — the least any refresh can
  cost. Target: refresh ≤ 2.0 × raw.
* naive loop: for each task, load it (``session.get``), its document (lazy
  load), compute the flags in Python from the pure rules (``compute_flags``),
  set them, flush (one UPDATE per row); one commit. Measured on
  ``--naive-rows`` tasks (default 20,000, a share in each round, right after
  that round's raw UPDATE so that every row really changes), the median time
  per row SCALED linearly to ``--size``. Target: ≥ 50 × the refresh.

Each round runs the raw UPDATE, the naive share, then the refresh
(``--repeat`` rounds), so each run rewrites values the other left (indexed
columns included); medians.
A refresh over flags that are already right (the nightly case) is printed too.
On PostgreSQL the table is vacuumed (untimed) before each run.
Data: documents and tasks only (``bench/data.py``,
cached under instance/bench/ or in the database ``<url's database>_flat_<size>``).
"""
import os
import time

from sqlalchemy import select, text

from bench import data
from bench.common import BENCH_DIR, finish, machine, make_app, median, print_machine

DEFAULT_SIZE = 1_000_000
TARGET_RAW = 2.0
TARGET_NAIVE = 50.0


def add_arguments(parser):
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--naive-rows", type=int, default=20_000,
                        help="rows of the naive loop, scaled to --size (default 20,000)")


RAW_UPDATE = text(
    "UPDATE task SET timeliness = 'none', effective_deadline = deadline, "
    "working_days_overdue = 0, calendar_days_overdue = 0, entry_due = NULL, "
    "entry_late = false, first_update_due = NULL, first_update_late = false, "
    "cycle_update_missed = false, flags_as_of = :today")


def main(args):
    info = machine(args.url)
    print_machine(info)
    url = data.database_url(args.url, args.size, history=False)
    app = make_app(url, os.path.join(BENCH_DIR, "instance"))
    meta = data.ensure(app, args.size, history=False)
    with app.app_context():
        from app.clock import today_vn
        from app.extensions import db
        from app.models import Task
        from app.services.flags import refresh_flags

        dialect = db.engine.dialect.name
        tasks = meta["counts"]["tasks"]
        print(f"{tasks:,} tasks, {meta['counts']['documents']:,} documents on {dialect} "
              f"(built in {meta['build_seconds']} s)", flush=True)
        today = today_vn()

        def raw():
            db.session.execute(RAW_UPDATE, {"today": today})
            db.session.commit()

        def refresh():
            return refresh_flags(today)

        def vacuum():
            """PostgreSQL: the dead row versions of the previous run reclaimed
            (untimed), as autovacuum would between two nightly refreshes;
            otherwise every run writes into a table one version fatter."""
            if dialect == "postgresql":
                db.session.commit()
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM task"))

        refresh()  # the working-day index built, caches warm: not timed
        # Strict turns: raw, naive, refresh. Each raw run follows a refresh and
        # each refresh a raw run, so each writes values that differ from the
        # ones in place (the refresh recomputes every flag the raw UPDATE reset);
        # the naive loop takes its share of rows right after the raw UPDATE, so
        # that every row it visits changes too.
        rows = min(args.naive_rows, tasks)
        ids = db.session.scalars(select(Task.id).order_by(Task.id).limit(rows)).all()
        chunks = [ids[i::args.repeat] for i in range(args.repeat)]
        times = {"raw": [], "refresh": [], "naive_per_row": []}
        for rnd in range(args.repeat):
            vacuum()
            times["raw"].append(_timed(raw))
            vacuum()
            spent = _timed(lambda: _naive(db, today, chunks[rnd]))
            times["naive_per_row"].append(spent / len(chunks[rnd]))
            vacuum()
            times["refresh"].append(_timed(refresh))
            print(f"round {rnd + 1}: raw {times['raw'][-1]:7.2f} s   refresh "
                  f"{times['refresh'][-1]:7.2f} s   naive {spent:6.2f} s on "
                  f"{len(chunks[rnd]):,} rows", flush=True)
        vacuum()
        steady_s = _timed(refresh)
        print(f"refresh again, nothing to change (the daily case): {steady_s:.2f} s", flush=True)
        raw_s, refresh_s = median(times["raw"]), median(times["refresh"])
        per_row = median(times["naive_per_row"])
        naive_s = per_row * rows
        scaled = per_row * tasks
    ratio = refresh_s / raw_s
    naive_ratio = scaled / refresh_s
    print()
    print(f"raw UPDATE of the flag columns, {tasks:,} rows:   {raw_s:8.2f} s (median of "
          f"{args.repeat})")
    print(f"refresh_flags, {tasks:,} rows:                  {refresh_s:8.2f} s (median of "
          f"{args.repeat})  = {ratio:.2f} × raw (target ≤ {TARGET_RAW})")
    print(f"naive per-row ORM loop: {per_row * 1000:.2f} ms a row (median of {args.repeat} "
          f"shares of {rows:,} rows), SCALED linearly to {tasks:,} rows: {scaled:,.0f} s = "
          f"{naive_ratio:.0f} × the refresh (target ≥ {TARGET_NAIVE:.0f})")
    passed = ratio <= TARGET_RAW and naive_ratio >= TARGET_NAIVE
    return finish("overdue", ratio, TARGET_RAW, passed, database=dialect, tasks=tasks,
                  raw_update_s=round(raw_s, 3), refresh_s=round(refresh_s, 3),
                  raw_update_runs=[round(x, 3) for x in times["raw"]],
                  refresh_runs=[round(x, 3) for x in times["refresh"]],
                  refresh_unchanged_s=round(steady_s, 3), naive_rows_measured=rows,
                  naive_measured_s=round(naive_s, 3),
                  naive_ms_per_row_runs=[round(x * 1000, 3) for x in times["naive_per_row"]],
                  naive_scaled_s=round(scaled, 1), naive_scaled="linearly from "
                  f"{rows} rows to {tasks}", naive_ratio=round(naive_ratio, 1),
                  naive_target=TARGET_NAIVE, machine=info)


def _timed(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _naive(db, today, ids):
    """Load, compute in Python, write back: one task at a time."""
    from app.models import Task
    from app.services.calendar import load_calendar
    from app.services.flags import FlagInputs, compute_flags, soon_days

    db.session.expire_all()
    calendar = load_calendar()
    soon = soon_days()
    for task_id in ids:
        task = db.session.get(Task, task_id)
        for column, value in compute_flags(FlagInputs.of(task), today, calendar,
                                           soon).items():
            setattr(task, column, value)
        task.flags_as_of = today
        db.session.flush()
    db.session.commit()
    db.session.expunge_all()
