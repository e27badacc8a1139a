"""indexes of the unit scope and of the inboxes' counts (issue 10)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 13:00:00

What the menu badges (on every page) and a unit's scope (app.scope) look up,
so that they read a few index entries instead of the tables:
- a unit's tasks by state (its inbox and badge);
- whether a document has a task in a unit's scope, from the index alone;
- a unit's coordinated tasks, without reading task_coordinating_unit itself;
- the documents newest first (the document lists);
- the recent obstacles and district feedback among the updates in force
  (not superseded), by kind and day (the Office inbox and badge);
- the pending extension requests (the same).
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# (name, table, columns, partial: the rows it holds or None)
INDEXES = (
    ("ix_task_lead_unit_state", "task", ["lead_unit_id", "state"], None),
    ("ix_task_document_scope", "task",
     ["document_id", "state", "lead_unit_id", "monitoring_unit_id"], None),
    ("ix_task_coordinating_unit_unit_task", "task_coordinating_unit", ["unit_id", "task_id"],
     None),
    ("ix_document_issued_on", "document", ["issued_on", "id"], None),
    ("ix_progress_update_open_kind", "progress_update", ["kind", "reported_on"],
     "superseded_by_id IS NULL"),
    ("ix_extension_request_pending", "extension_request", ["task_id"], "decided_at IS NULL"),
)


def upgrade():
    for name, table, columns, where in INDEXES:
        partial = {} if where is None else {"sqlite_where": sa.text(where),
                                            "postgresql_where": sa.text(where)}
        op.create_index(name, table, columns, **partial)


def downgrade():
    for name, table, _columns, _where in reversed(INDEXES):
        op.drop_index(name, table_name=table)
