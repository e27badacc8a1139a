"""SQLite connections tuned for the embedded mode (production runs PostgreSQL).

SQLite's defaults are a 2 MB page cache per connection and reads through
``read()``: at province scale (a 700 MB file at 200,000 tasks) counts and
index walks re-read pages all the time; a bigger cache and memory-mapped
reads made them 30–50 % faster (issue 10). WAL lets the web, the worker
and the scheduler read while one of them writes (one writer at a time, as
before); an in-memory database keeps its own journal.
"""
from sqlalchemy import event
from sqlalchemy.engine import Engine

PRAGMAS = (
    "PRAGMA cache_size = -65536",  # KiB: 64 MiB per connection, filled as needed
    "PRAGMA mmap_size = 268435456",  # 256 MiB, shared with the OS page cache
    "PRAGMA journal_mode = WAL",
)


@event.listens_for(Engine, "connect")
def _tune(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.split(".")[0] != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
