"""notifications, urging records and correction requests (issue 11)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 13:00:00

The notification centre and the nightly reminders (``notification``, with a
partial unique index that makes a reminder once a day per task, kind and
person whatever runs at once), each person's e-mail choice, urging records
(Art. 11) with the tasks they name and the units' explanations, the Office's
requests to correct an update (Art. 8.2), and ``task.urging_count``.
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

REMINDER_ONLY = "urging_id IS NULL AND correction_id IS NULL"


def _partial(where):
    return {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)}


def upgrade():
    # SQLite adds a column with a default in place (no table rebuild).
    op.add_column('task', sa.Column('urging_count', sa.Integer(), nullable=False,
                                    server_default='0'))
    op.create_table(
        'urging',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('form', sa.String(20), nullable=False),
        sa.Column('level', sa.String(20), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('urged_on', sa.Date(), nullable=False),
        sa.Column('author_id', sa.Integer(), sa.ForeignKey('ab_user.id'), nullable=False),
        sa.Column('author_unit_id', sa.Integer(), sa.ForeignKey('unit.id')),
        sa.Column('unit_id', sa.Integer(), sa.ForeignKey('unit.id')),
        sa.Column('created_at', sa.DateTime(), nullable=False),
    )
    op.create_index('ix_urging_unit_id', 'urging', ['unit_id'])
    op.create_table(
        'urging_task',
        sa.Column('urging_id', sa.Integer(), sa.ForeignKey('urging.id'), primary_key=True),
        sa.Column('task_id', sa.Integer(), sa.ForeignKey('task.id'), primary_key=True),
    )
    op.create_index('ix_urging_task_task', 'urging_task', ['task_id', 'urging_id'])
    op.create_table(
        'urging_answer',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('urging_id', sa.Integer(), sa.ForeignKey('urging.id'), nullable=False),
        sa.Column('unit_id', sa.Integer(), sa.ForeignKey('unit.id'), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), sa.ForeignKey('ab_user.id'), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('urging_id', 'unit_id', name='uq_urging_answer_unit'),
    )
    op.create_table(
        'correction_request',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('task_id', sa.Integer(), sa.ForeignKey('task.id'), nullable=False),
        sa.Column('update_id', sa.Integer(), sa.ForeignKey('progress_update.id'),
                  nullable=False),
        sa.Column('unit_id', sa.Integer(), sa.ForeignKey('unit.id'), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), sa.ForeignKey('ab_user.id'),
                  nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime()),
        sa.Column('correction_id', sa.Integer(), sa.ForeignKey('progress_update.id')),
    )
    op.create_index('ix_correction_request_task_id', 'correction_request', ['task_id'])
    op.create_index('ix_correction_request_open', 'correction_request', ['unit_id', 'id'],
                    **_partial("closed_at IS NULL"))
    op.create_table(
        'notification',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('ab_user.id'), nullable=False),
        sa.Column('kind', sa.String(30), nullable=False),
        sa.Column('task_id', sa.Integer(), sa.ForeignKey('task.id')),
        sa.Column('urging_id', sa.Integer(), sa.ForeignKey('urging.id')),
        sa.Column('correction_id', sa.Integer(), sa.ForeignKey('correction_request.id')),
        sa.Column('params', sa.JSON()),
        sa.Column('created_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('read_at', sa.DateTime()),
        sa.Column('emailed_at', sa.DateTime()),
    )
    op.create_index('uq_notification_reminder_once', 'notification',
                    ['user_id', 'kind', 'task_id', 'created_on'], unique=True,
                    **_partial(REMINDER_ONLY))
    op.create_index('ix_notification_user', 'notification', ['user_id', 'id'])
    op.create_index('ix_notification_recent', 'notification',
                    ['created_on', 'kind', 'task_id', 'user_id'])
    op.create_index('ix_notification_unread', 'notification', ['user_id'],
                    **_partial("read_at IS NULL"))
    op.create_index('ix_notification_unmailed', 'notification', ['user_id', 'id'],
                    **_partial("emailed_at IS NULL"))
    op.create_table(
        'notification_setting',
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('ab_user.id'), primary_key=True),
        sa.Column('email_enabled', sa.Boolean(), nullable=False),
        sa.Column('email_mode', sa.String(10), nullable=False),
    )


def downgrade():
    op.drop_table('notification_setting')
    op.drop_table('notification')
    op.drop_table('correction_request')
    op.drop_table('urging_answer')
    op.drop_table('urging_task')
    op.drop_table('urging')
    with op.batch_alter_table('task') as batch_op:
        batch_op.drop_column('urging_count')
