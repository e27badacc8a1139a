"""Every SQLite connection of the application gets the page cache, the
memory-mapped reads and the WAL journal of app/runtime/sqlite.py."""
from sqlalchemy import create_engine, text

from app.runtime import sqlite  # noqa: F401 - the listener under test


def test_a_file_database_is_tuned(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.scalar(text("PRAGMA cache_size")) == -65536
        assert conn.scalar(text("PRAGMA mmap_size")) == 268435456
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
    engine.dispose()


def test_an_in_memory_database_keeps_its_journal():
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        assert conn.scalar(text("PRAGMA cache_size")) == -65536
        assert conn.scalar(text("PRAGMA journal_mode")) == "memory"
