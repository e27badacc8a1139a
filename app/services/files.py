"""Files of documents, tasks and progress updates.

Stored under ``UPLOAD_FOLDER`` with a random name (never the uploader's), the
type judged by the content's magic bytes and agreeing with the extension, the
size limited by ``MAX_UPLOAD_BYTES`` (20 MB unless configured), the SHA-256
recorded. Who may read a file is who may see its owner: the same unit scope.
"""
import hashlib
import io
import os
import secrets
import zipfile
import zlib

from flask import current_app
from sqlalchemy import and_, or_, select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models import Attachment, ProgressUpdate
from app.rules import N_, RuleError
from app.rules import workflow as wf
from app.rules.documents import is_secret
from app.services import tracking, transaction
from app.services.tracking.common import lock_document

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
OWNER_TYPES = ("document", "task", "update")

# Detected kind → (stored content type, extensions that may carry it).
KINDS = {
    "pdf": ("application/pdf", (".pdf",)),
    "ole2": ("application/x-ole-storage", (".doc", ".xls")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             (".docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "odt": ("application/vnd.oasis.opendocument.text", (".odt",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
}
# Old Word and Excel share the OLE2 container: name the type by extension.
_OLE2_TYPES = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}
ACCEPTED_EXTENSIONS = frozenset(ext for _, exts in KINDS.values() for ext in exts)

_TYPE_MESSAGE = N_("Only PDF, Word, Excel, OpenDocument text, PNG and JPEG files are accepted.")


# Office files are zip archives: bound what their directory may promise and
# what is ever inflated, so a small upload cannot unpack to gigabytes.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_ZIP_ENTRIES = 20000
_MIMETYPE_READ = 200  # "application/vnd.oasis.opendocument.text" and a margin
ZIP_BOMB_MESSAGE = N_("This file would unpack to more than %(limit)s MB: it is refused.")


def _zip_kind(head_and_body):
    try:
        archive = zipfile.ZipFile(io.BytesIO(head_and_body))
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES or \
                sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
            raise RuleError(ZIP_BOMB_MESSAGE, limit=megabytes(MAX_UNPACKED_BYTES))
        names = {entry.filename for entry in entries}
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "mimetype" in names:
            # Never more than a few bytes inflated, whatever the entry claims.
            with archive.open("mimetype") as entry:
                if entry.read(_MIMETYPE_READ).strip() == b"application/vnd.oasis.opendocument.text":
                    return "odt"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError, ValueError,
            NotImplementedError, zlib.error):
        return None
    return None


def sniff(data):
    """The kind of file ``data`` is (a KINDS key) by its content, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


TOO_LARGE_MESSAGE = N_("The file is larger than %(limit)s MB.")


def megabytes(size):
    """A byte count as the MB figure the size message shows (20, or 2.5)."""
    value = size / (1024 * 1024)
    return int(value) if value == int(value) else round(value, 1)


def check_file(filename, data, max_bytes):
    """(content type, extension) of an acceptable file, or RuleError."""
    if not data:
        raise RuleError(N_("The file is empty."))
    if len(data) > max_bytes:
        raise RuleError(TOO_LARGE_MESSAGE, limit=megabytes(max_bytes))
    extension = os.path.splitext(filename or "")[1].lower()
    if extension not in ACCEPTED_EXTENSIONS:
        raise RuleError(_TYPE_MESSAGE)
    kind = sniff(data)
    if kind is None:
        raise RuleError(_TYPE_MESSAGE)
    content_type, extensions = KINDS[kind]
    if extension not in extensions:
        raise RuleError(N_("The file's content does not match its extension %(extension)s."),
                        extension=extension)
    return _OLE2_TYPES.get(extension, content_type), extension


def _display_name(filename):
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[-255:] or "file"


def _owner_task(user, owner_type, owner_id):
    """The visible document or task owning the file (NotFound otherwise), and
    the update itself for an update's file."""
    if owner_type == "document":
        return tracking.get_document(user, owner_id), None
    if owner_type == "task":
        return tracking.get_task(user, owner_id), None
    if owner_type == "update":
        update = db.session.get(ProgressUpdate, tracking.pk(owner_id))
        if update is None:
            raise NotFound()
        return tracking.get_task(user, update.task_id), update
    raise NotFound()


def _check_may_attach(user, owner_type, owner, update):
    is_office = tracking.is_office(user)
    if owner_type == "document":
        if is_secret(owner.confidentiality):
            raise RuleError(N_("Files of a secret document are not stored in the section "
                               "(Art. 5.2)."))
        allowed = is_office
    elif owner_type == "task":
        allowed = is_office or bool(tracking.capacities(user, owner) & {wf.LEAD, wf.COORDINATING})
    else:
        allowed = is_office or (update.unit_id == getattr(user, "unit_id", None)
                                and bool(tracking.capacities(user, owner)))
    if not allowed:
        raise RuleError(N_("You may not attach files here."))


def store_upload(file_storage, owner_type, owner_id, user):
    """Check and store one uploaded file (a werkzeug FileStorage) of a
    document, task or update the user may see and write; the Attachment."""
    if owner_type not in OWNER_TYPES:
        raise NotFound()
    owner_id = tracking.pk(owner_id)
    owner, update = _owner_task(user, owner_type, owner_id)
    _check_may_attach(user, owner_type, owner, update)
    max_bytes = current_app.config.get("MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)
    data = file_storage.stream.read(max_bytes + 1)
    content_type, extension = check_file(file_storage.filename, data, max_bytes)

    folder = current_app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    stored_name = secrets.token_hex(16) + extension
    path = os.path.join(folder, stored_name)
    attachment = Attachment(owner_type=owner_type, owner_id=owner_id,
                            filename=_display_name(file_storage.filename),
                            stored_name=stored_name, content_type=content_type,
                            size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                            uploaded_by_id=getattr(user, "id", None))
    written = False
    try:
        with transaction():
            if owner_type == "document":
                # Art. 5.2 under concurrency: checked again under the document's
                # lock, so that the entry cannot be removed (or changed) between
                # the check and the insert. NotFound when it was removed meanwhile.
                owner = lock_document(owner_id)
                _check_may_attach(user, owner_type, owner, update)
            with open(path, "xb") as out:
                written = True
                out.write(data)
            db.session.add(attachment)
    except BaseException:
        if written:
            os.remove(path)
        raise
    return attachment


def attachments_of(user, owner_type, owner_id):
    """Files of an owner the user may see (NotFound otherwise), oldest first."""
    _owner_task(user, owner_type, owner_id)
    return db.session.scalars(
        select(Attachment).where(Attachment.owner_type == owner_type,
                                 Attachment.owner_id == tracking.pk(owner_id))
        .order_by(Attachment.id)).all()


def task_attachments(task):
    """``(files of the task, {update id: its files})`` in one query, for a task
    the caller already has from ``tracking.get_task`` (so visible)."""
    update_ids = select(ProgressUpdate.id).where(ProgressUpdate.task_id == task.id)
    rows = db.session.scalars(
        select(Attachment).where(or_(
            and_(Attachment.owner_type == "task", Attachment.owner_id == task.id),
            and_(Attachment.owner_type == "update", Attachment.owner_id.in_(update_ids))))
        .order_by(Attachment.id)).all()
    by_update = {}
    for row in rows:
        if row.owner_type == "update":
            by_update.setdefault(row.owner_id, []).append(row)
    return [row for row in rows if row.owner_type == "task"], by_update


def open_attachment(user, attachment_id):
    """``(attachment, absolute path)`` of a file whose owner the user may see,
    else NotFound. The caller streams it (``send_file``) under
    ``attachment.filename`` and ``attachment.content_type``."""
    attachment = db.session.get(Attachment, tracking.pk(attachment_id))
    if attachment is None:
        raise NotFound()
    _owner_task(user, attachment.owner_type, attachment.owner_id)
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], attachment.stored_name)
    if not os.path.isfile(path):
        raise NotFound()
    return attachment, path
