"""task kind, first transfer date, effective deadline

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00

* ``task.kind`` (Art. 3.1): every existing task becomes ``other``.
* ``task.first_transferred_on`` (Art. 7.1 counts entry lateness from the first
  transfer): the Vietnamese date of the task's earliest transfer event,
  else its ``transferred_on``.
* ``task.effective_deadline`` (Civil Code art. 148(5)): the deadline, or the
  next working day when it falls on a day off, read from ``workday_index``
  where it covers the deadline, else the deadline itself; the flag refresh
  (``flask setup``, the daily job) recomputes it from the current calendar.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# TaskEvent.at is UTC; the workflow stamps dates in Asia/Ho_Chi_Minh.
VN_OFFSET_HOURS = 7

task = sa.table(
    'task',
    sa.column('id', sa.Integer), sa.column('has_deadline', sa.Boolean),
    sa.column('deadline', sa.Date), sa.column('transferred_on', sa.Date),
    sa.column('first_transferred_on', sa.Date), sa.column('effective_deadline', sa.Date),
)
task_event = sa.table(
    'task_event',
    sa.column('task_id', sa.Integer), sa.column('action', sa.String),
    sa.column('at', sa.DateTime),
)
workday_index = sa.table(
    'workday_index',
    sa.column('day', sa.Date), sa.column('cum', sa.Integer),
    sa.column('is_working', sa.Boolean),
)


def _vn_date(column, dialect):
    if dialect == 'sqlite':
        return sa.func.date(column, f'+{VN_OFFSET_HOURS} hours')
    interval = sa.literal_column(f"INTERVAL '{VN_OFFSET_HOURS} hours'", sa.Interval())
    return sa.cast(column + interval, sa.Date)


def _earlier(a, b, dialect):
    """The earlier of two dates, either of which may be NULL."""
    least = sa.func.min if dialect == 'sqlite' else sa.func.least
    return sa.case((a.is_(None), b), (b.is_(None), a), else_=least(a, b))


def _backfill(bind):
    dialect = bind.dialect.name
    first_event = (
        sa.select(sa.func.min(_vn_date(task_event.c.at, dialect)))
        .where(task_event.c.task_id == task.c.id,
               task_event.c.action.in_(('transfer', 'reassign')))
        .scalar_subquery()
    )
    bind.execute(
        task.update()
        .where(task.c.transferred_on.isnot(None))
        .values(first_transferred_on=_earlier(first_event, task.c.transferred_on, dialect))
    )

    # Next working day on or after the deadline: a day off has the running
    # count of the working day before it, so its next working day has cum + 1.
    w_dl, w_eff = workday_index.alias('w_dl'), workday_index.alias('w_eff')
    shifted = (
        sa.select(w_eff.c.day)
        .select_from(w_dl.join(w_eff, sa.and_(
            w_eff.c.cum == w_dl.c.cum + sa.case((w_dl.c.is_working.is_(True), 0), else_=1),
            w_eff.c.is_working.is_(True))))
        .where(w_dl.c.day == task.c.deadline)
        .scalar_subquery()
    )
    bind.execute(
        task.update()
        .where(task.c.has_deadline.is_(True), task.c.deadline.isnot(None))
        .values(effective_deadline=sa.func.coalesce(shifted, task.c.deadline))
    )


def upgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False,
                                      server_default='other'))
        batch_op.add_column(sa.Column('first_transferred_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('effective_deadline', sa.Date(), nullable=True))
        batch_op.create_index('ix_task_kind', ['kind'], unique=False)
        batch_op.create_index('ix_task_effective_deadline', ['effective_deadline'],
                              unique=False)
    _backfill(op.get_bind())


def downgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_effective_deadline')
        batch_op.drop_index('ix_task_kind')
        batch_op.drop_column('effective_deadline')
        batch_op.drop_column('first_transferred_on')
        batch_op.drop_column('kind')
