"""partial indexes of the tasks with an Art. 7 flag raised (the Office inbox)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

FLAGS = (("entry_late", "entry_due"), ("first_update_late", "first_update_due"),
         ("cycle_update_missed", "transferred_on"))


def upgrade():
    for flag, order in FLAGS:
        op.create_index(f"ix_task_{flag}", "task", [order, "id", "state"],
                        sqlite_where=sa.text(f"{flag} = 1"), postgresql_where=sa.text(flag))


def downgrade():
    for flag, _order in FLAGS:
        op.drop_index(f"ix_task_{flag}", table_name="task")
