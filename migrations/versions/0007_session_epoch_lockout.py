"""sessions that end on sign-out or a new password; account lockout

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ab_user") as batch:
        batch.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("ab_user") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("session_epoch")
