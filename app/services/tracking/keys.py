"""Derived columns, kept true on every write (services, imports, demo data):
the number's uniqueness key and issue year, and the folded search keys."""
from sqlalchemy import event as sa_event

from app.models import Document, Task
from app.rules import documents as rules
from app.rules.text import fold


@sa_event.listens_for(Document, "before_insert")
@sa_event.listens_for(Document, "before_update")
def _document_keys(mapper, connection, doc):
    doc.number_key = rules.number_key(doc.number_symbol)
    if doc.issued_on is not None:
        doc.issue_year = doc.issued_on.year
    doc.search_key = fold(" ".join(filter(None, (doc.number_symbol, doc.summary, doc.signer))))


@sa_event.listens_for(Task, "before_insert")
@sa_event.listens_for(Task, "before_update")
def _task_keys(mapper, connection, task):
    task.search_key = fold(" ".join(filter(None, (task.content, task.notes))))
