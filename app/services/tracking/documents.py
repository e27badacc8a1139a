"""Directive documents (R1): entry, edits and the number's uniqueness."""
from sqlalchemy import select

from app.clock import today_vn
from app.extensions import db
from app.models import Attachment, Document
from app.rules import N_, RuleError
from app.rules import documents as rules

from .common import (DUPLICATE_MESSAGE, get_document, refresh_task_flags, require_office,
                     stamp, units_by_id, user_id, writing)

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


def _has_files(doc):
    return db.session.scalar(
        select(Attachment.id).where(Attachment.owner_type == "document",
                                    Attachment.owner_id == doc.id).limit(1)) is not None


def _document_values(doc):
    return {field: getattr(doc, field) for field in DOCUMENT_FIELDS}


def write_document(user, doc, data, today):
    """Validate ``data`` onto ``doc`` (new or not) and flush; no commit."""
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
        if tasks and rules.is_secret(cleaned["confidentiality"]):
            raise RuleError(N_("This document has tasks: it cannot be marked secret."),
                            field="confidentiality")
        if rules.is_secret(cleaned["confidentiality"]) and _has_files(doc):
            # Art. 5.2, as for uploads: a secret document's files stay out.
            raise RuleError(N_("This document has files: it cannot be marked secret."),
                            field="confidentiality")
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
    merged = _document_values(doc)
    merged.update({k: v for k, v in data.items() if k in DOCUMENT_FIELDS})
    with writing():
        write_document(user, doc, merged, today_vn())
    refresh_task_flags([t.id for t in doc.tasks])
    return doc
