"""working-day index and calendar version stamp

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'calendar_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.String(length=32), nullable=False),
        sa.Column('index_version', sa.String(length=32), nullable=True),
        sa.Column('index_first', sa.Date(), nullable=True),
        sa.Column('index_last', sa.Date(), nullable=True),
        sa.Column('changed_on', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'workday_index',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('dn', sa.Integer(), nullable=False),
        sa.Column('cum', sa.Integer(), nullable=False),
        sa.Column('is_working', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('day'),
    )
    with op.batch_alter_table('workday_index', schema=None) as batch_op:
        batch_op.create_index('ix_workday_index_cum', ['cum', 'is_working'], unique=False)


def downgrade():
    with op.batch_alter_table('workday_index', schema=None) as batch_op:
        batch_op.drop_index('ix_workday_index_cum')
    op.drop_table('workday_index')
    op.drop_table('calendar_state')
