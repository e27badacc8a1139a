"""no secret documents: remove what is stored of them; who received a secret report

Art. 5.2 of the regulation: nothing of a Mật / Tối mật / Tuyệt mật document is
entered in the section, not its number, summary or signer, not its tasks. The
application refuses them from now on; this revision removes what was stored
before: every document whose confidentiality is secret, top_secret or
most_secret, with its tasks and everything hanging from them (history
events, progress updates, extension requests, coordinating units) and the
attachment rows of the document, its tasks and their updates.

Files on disk: a migration cannot safely delete files (it may run on another
machine than the one holding UPLOAD_FOLDER, or before a restore). Their rows
are deleted, so the application can no longer reach or serve them, and the
random stored names of the removed files are written to the migration's log
("secret document files to delete from UPLOAD_FOLDER: ..."), for the
operator to delete securely (e.g. ``shred -u``). Stored names are random and
reveal nothing of the content.

The register of received periodic secret reports stays the only trace, and
gains ``received_by`` (who at the Office received the report), filled for
existing rows with the name of the person who recorded them.

Downgrade drops ``received_by``; the removed rows do not come back.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:00:00

"""
import logging

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

SECRET_LEVELS = ("secret", "top_secret", "most_secret")

document = sa.table("document", sa.column("id", sa.Integer),
                    sa.column("confidentiality", sa.String))
task = sa.table("task", sa.column("id", sa.Integer), sa.column("document_id", sa.Integer))
task_event = sa.table("task_event", sa.column("task_id", sa.Integer))
progress_update = sa.table("progress_update", sa.column("id", sa.Integer),
                           sa.column("task_id", sa.Integer),
                           sa.column("superseded_by_id", sa.Integer))
extension_request = sa.table("extension_request", sa.column("task_id", sa.Integer))
coordinating = sa.table("task_coordinating_unit", sa.column("task_id", sa.Integer))
attachment = sa.table("attachment", sa.column("id", sa.Integer),
                      sa.column("owner_type", sa.String), sa.column("owner_id", sa.Integer),
                      sa.column("stored_name", sa.String))
receipt = sa.table("secret_report_receipt", sa.column("id", sa.Integer),
                   sa.column("created_by_id", sa.Integer), sa.column("received_by", sa.String))
user = sa.table("ab_user", sa.column("id", sa.Integer), sa.column("first_name", sa.String),
                sa.column("last_name", sa.String), sa.column("username", sa.String))


def _ids(conn, stmt):
    return [row[0] for row in conn.execute(stmt)]


def _remove_secret_documents(conn):
    doc_ids = _ids(conn, sa.select(document.c.id)
                   .where(document.c.confidentiality.in_(SECRET_LEVELS)))
    if not doc_ids:
        return
    task_ids = _ids(conn, sa.select(task.c.id).where(task.c.document_id.in_(doc_ids)))
    update_ids = _ids(conn, sa.select(progress_update.c.id)
                      .where(progress_update.c.task_id.in_(task_ids))) if task_ids else []
    owners = [sa.and_(attachment.c.owner_type == "document",
                      attachment.c.owner_id.in_(doc_ids))]
    if task_ids:
        owners.append(sa.and_(attachment.c.owner_type == "task",
                              attachment.c.owner_id.in_(task_ids)))
    if update_ids:
        owners.append(sa.and_(attachment.c.owner_type == "update",
                              attachment.c.owner_id.in_(update_ids)))
    files = _ids(conn, sa.select(attachment.c.stored_name).where(sa.or_(*owners)))
    conn.execute(attachment.delete().where(sa.or_(*owners)))
    if task_ids:
        # A correction points at the update it supersedes: unlink first.
        conn.execute(progress_update.update().where(progress_update.c.task_id.in_(task_ids))
                     .values(superseded_by_id=None))
        conn.execute(progress_update.delete().where(progress_update.c.task_id.in_(task_ids)))
        conn.execute(extension_request.delete()
                     .where(extension_request.c.task_id.in_(task_ids)))
        conn.execute(task_event.delete().where(task_event.c.task_id.in_(task_ids)))
        conn.execute(coordinating.delete().where(coordinating.c.task_id.in_(task_ids)))
        conn.execute(task.delete().where(task.c.id.in_(task_ids)))
    conn.execute(document.delete().where(document.c.id.in_(doc_ids)))
    log.warning("Art. 5.2: removed %d secret document(s), %d task(s), %d attachment row(s)",
                len(doc_ids), len(task_ids), len(files))
    if files:
        log.warning("secret document files to delete from UPLOAD_FOLDER: %s",
                    " ".join(sorted(files)))


def _fill_received_by(conn):
    names = {row.id: " ".join(filter(None, (row.last_name, row.first_name))) or row.username
             for row in conn.execute(sa.select(user.c.id, user.c.first_name, user.c.last_name,
                                               user.c.username))}
    for row in conn.execute(sa.select(receipt.c.id, receipt.c.created_by_id)).all():
        name = names.get(row.created_by_id)
        if name:
            conn.execute(receipt.update().where(receipt.c.id == row.id)
                         .values(received_by=name[:255]))


def upgrade():
    with op.batch_alter_table('secret_report_receipt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_by', sa.String(length=255), nullable=True))
    conn = op.get_bind()
    _fill_received_by(conn)
    _remove_secret_documents(conn)


def downgrade():
    with op.batch_alter_table('secret_report_receipt', schema=None) as batch_op:
        batch_op.drop_column('received_by')
