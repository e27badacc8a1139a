"""indexes of the inboxes' sections: open tasks, in the order listed (issue 10)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:00:00

Each section of the inboxes lists its first tasks and counts them all: the
indexes below hold the section's rows in the order listed, so that a page
reads as many index entries as it shows and a count reads the section alone.
- a state's tasks, soonest deadline first: the Office's returned and done
  reports (only those two states), and with the lead unit in front, a unit's
  own sections and its menu badge (which the index of migration 0008 served);
- the open tasks with an Art. 7 flag raised, by the day it became due: the
  indexes of migration 0006 hold the closed tasks too (most of them, in a
  province's years of history), which a count of the open ones walked. The
  state and the flag are in the index (the same in every row) so that
  SQLite counts from it alone: it does not see that the condition says them;
- the tasks a unit may coordinate on (transferred to done reported), by id,
  with their deadlines: a unit's coordinated tasks are looked up in it from
  the unit's links, without reading the table.
The partial conditions are written out as the queries write them
(app/services/tracking/inbox.py): SQLite uses a partial index only for a
query that says the same.
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

DUE = "coalesce(effective_deadline, deadline)"
OPEN = "state NOT IN ('cancelled', 'closed')"
COORDINATED = "state IN ('transferred', 'accepted', 'in_progress', 'done_reported')"
# "OR", not "IN": SQLite sees that "state = 'returned'" implies it.
OFFICE = "state = 'returned' OR state = 'done_reported'"
FLAGS = (("entry_late", "entry_due"), ("first_update_late", "first_update_due"),
         ("cycle_update_missed", "transferred_on"))


def upgrade():
    op.create_index("ix_task_state_due", "task", ["state", sa.text(DUE), "id"],
                    sqlite_where=sa.text(OFFICE), postgresql_where=sa.text(OFFICE))
    op.create_index("ix_task_lead_unit_state_due", "task",
                    ["lead_unit_id", "state", sa.text(DUE), "id"])
    op.drop_index("ix_task_lead_unit_state", table_name="task")
    for flag, order in FLAGS:
        op.create_index(f"ix_task_open_{flag}", "task", [order, "id", "state", flag],
                        sqlite_where=sa.text(f"{flag} = 1 AND {OPEN}"),
                        postgresql_where=sa.text(f"{flag} AND {OPEN}"))
    op.create_index("ix_task_coordinated_open", "task", ["id", "effective_deadline", "deadline"],
                    sqlite_where=sa.text(COORDINATED), postgresql_where=sa.text(COORDINATED))


def downgrade():
    op.drop_index("ix_task_coordinated_open", table_name="task")
    for flag, _order in reversed(FLAGS):
        op.drop_index(f"ix_task_open_{flag}", table_name="task")
    op.create_index("ix_task_lead_unit_state", "task", ["lead_unit_id", "state"])
    op.drop_index("ix_task_lead_unit_state_due", table_name="task")
    op.drop_index("ix_task_state_due", table_name="task")
