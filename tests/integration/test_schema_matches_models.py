"""The migrations build the schema the models describe: tables, columns and
indexes (partial ones included), on SQLite and on PostgreSQL. A model
changed without its migration (or the reverse) fails here, not in
production."""
import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db


def test_no_difference_between_the_migrations_and_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        with warnings.catch_warnings():
            # SQLite cannot reflect expression indexes: alembic skips them.
            warnings.filterwarnings("ignore", message=".*expression-based index.*")
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []
