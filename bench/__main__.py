"""``python -m bench NAME [--size N] [--url DATABASE_URL] [options]``

Benchmarks (a module each, ``bench/<name>.py``):

  pages     every list, show, form, inbox, search, home and API page as the
            Office (vanphong) and a unit clerk (krongpac), 2,000 tasks against
            ``--size`` (default 200,000): time ratio and SQL statements per page
  overdue   refresh_flags of ``--size`` (default 1,000,000) tasks against a raw
            UPDATE of the same columns, and a naive per-row ORM loop
  load      gunicorn (4 workers) on PostgreSQL (``--url``, required) and Redis,
            50 users for 60 s mixing list, show and progress update
  flags     refresh_flags per 1,000 tasks against a plain SELECT (the former
            bench/flags_refresh.py)
  data      only build (or find) the cached database of ``--size`` tasks

Each prints its figures and, as its last line, one JSON object
``{"bench", "ratio", "target", "pass", ...}``; the exit status is 0 when it
passes. ``python -m bench NAME --help`` lists a benchmark's own options.
"""
import argparse
import importlib
import os
import sys

NAMES = ("pages", "overdue", "load", "flags", "data")


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in NAMES:
        print(__doc__.strip())
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    name = argv[0]
    from bench import common

    common.ARGV[:] = argv
    module = importlib.import_module(f"bench.{name}")
    parser = argparse.ArgumentParser(prog=f"python -m bench {name}",
                                     description=(module.__doc__ or "").strip(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=module.DEFAULT_SIZE,
                        help=f"tasks (default {module.DEFAULT_SIZE:,})")
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="a scratch PostgreSQL database (default: SQLite under "
                             "instance/bench/)")
    if hasattr(module, "add_arguments"):
        module.add_arguments(parser)
    args = parser.parse_args(argv[1:])
    return module.main(args)


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if root not in sys.path:
        sys.path.insert(0, root)
    os.chdir(root)
    sys.exit(main())
