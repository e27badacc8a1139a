"""Directive documents (R1): entry, edits, the number's uniqueness, and the
removal of an entry made by mistake.

Art. 5.2 (R2): nothing of a secret document is stored. Registering one is
refused on every path (they all come through ``write_document``), an
existing entry is never marked secret, and an entry found to be secret is
removed (``remove_document``) while it has no task and no file. The only
trace of secret documents is the register of received periodic secret
reports. Every check that depends on what the document holds runs under
the document's lock (``lock_document``), so concurrent writes take turns.
"""
import logging

from sqlalchemy import select

from app.clock import today_vn
from app.extensions import db
from app.models import Document
from app.rules import N_, RuleError
from app.rules import documents as rules

from .common import (DUPLICATE_MESSAGE, document_has_files, document_has_tasks, get_document,
                     lock_document, refresh_task_flags, require_office, stamp, units_by_id,
                     user_id, writing)

log = logging.getLogger(__name__)

REMOVE_WITH_TASKS_MESSAGE = N_("This document has tasks: its entry cannot be removed. A task "
                               "that should not be tracked is cancelled, with a reason.")
REMOVE_WITH_FILES_MESSAGE = N_("This document has files: its entry cannot be removed.")

# What a document's entry carries, in the order the forms and the API show it.
DOCUMENT_FIELDS = ("doc_type", "number_symbol", "summary", "issued_on", "signer",
                   "issuing_authority", "drafting_unit_id", "urgency", "confidentiality",
                   "complex_entry", "notes")


def find_duplicate(number_symbol, issued_on, exclude_id=None):
    """The document with this number and symbol in the same issue year, if any
    (the quick-entry screen warns with it before saving)."""
    key = rules.number_key(number_symbol)
    issued = rules.to_date(issued_on, "issued_on")
    if not key or issued is None:
        return None
    stmt = select(Document).where(Document.number_key == key,
                                  Document.issue_year == issued.year)
    if exclude_id is not None:
        stmt = stmt.where(Document.id != exclude_id)
    with db.session.no_autoflush:
        return db.session.scalars(stmt.order_by(Document.id)).first()


def _document_values(doc):
    return {field: getattr(doc, field) for field in DOCUMENT_FIELDS}


def write_document(user, doc, data, today):
    """Validate ``data`` onto ``doc`` (new or not) and flush; no commit. An
    existing ``doc`` must have been locked (``lock_document``) in this
    transaction: the checks read its tasks and files."""
    if doc.id is not None:
        confidentiality = data.get("confidentiality")
        if isinstance(confidentiality, str) and rules.is_secret(confidentiality.strip()):
            rules.check_not_secret(confidentiality.strip(), existing=True,
                                   has_tasks=document_has_tasks(doc.id),
                                   has_files=document_has_files(doc.id))
    cleaned = rules.validate_document(data)
    if cleaned["drafting_unit_id"] != doc.drafting_unit_id:
        units_by_id([cleaned["drafting_unit_id"]], "drafting_unit_id", today,
                    must_be_active=False)
    duplicate = find_duplicate(cleaned["number_symbol"], cleaned["issued_on"], exclude_id=doc.id)
    if duplicate is not None:
        raise RuleError(DUPLICATE_MESSAGE, number=cleaned["number_symbol"],
                        year=cleaned["issued_on"].year, field="number_symbol")
    if doc.id is not None:
        tasks = list(doc.tasks)
        if any(t.deadline and t.deadline < cleaned["issued_on"] for t in tasks):
            raise RuleError(N_("A task of this document has a deadline before this issue date."),
                            field="issued_on")
    for field, value in cleaned.items():
        setattr(doc, field, value)
    if doc.id is None:
        doc.created_by_id = user_id(user)
        db.session.add(doc)
    stamp(doc, user)
    db.session.flush()
    return doc


def create_document(user, data):
    require_office(user)
    with writing():
        doc = write_document(user, Document(), data, today_vn())
    return doc


def update_document(user, doc_id, data):
    doc = get_document(user, doc_id)
    require_office(user)
    with writing():
        doc = lock_document(doc.id)
        merged = _document_values(doc)
        merged.update({k: v for k, v in data.items() if k in DOCUMENT_FIELDS})
        write_document(user, doc, merged, today_vn())
    refresh_task_flags([t.id for t in doc.tasks])
    return doc


def remove_document(user, doc_id):
    """Remove the entry of a document that has no task and no file: one
    entered by mistake, above all one found to be secret (Art. 5.2: nothing
    of it may stay, not even its number). Returns its number and symbol.

    Nothing of the tracking is lost: a document with tasks keeps them (a task
    that should not be tracked is cancelled, with a reason, R4) and one with
    files keeps its entry. The check and the delete run under the
    document's lock, so a task or a file added meanwhile is never orphaned.
    The log keeps the id and who removed it, never the content.
    """
    doc = get_document(user, doc_id)
    require_office(user)
    with writing():
        doc = lock_document(doc.id)
        if document_has_tasks(doc.id):
            raise RuleError(REMOVE_WITH_TASKS_MESSAGE)
        if document_has_files(doc.id):
            raise RuleError(REMOVE_WITH_FILES_MESSAGE)
        number, removed_id = doc.number_symbol, doc.id
        db.session.delete(doc)
    log.info("document %s removed by user %s", removed_id, user_id(user))
    return number
