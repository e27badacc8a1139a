"""One search box over documents and tasks, accents optional."""
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Document, Task
from app.rules.text import fold

from .common import scoped


def search(user, text, limit=50):
    """Documents (number, summary, signer) and tasks (content, notes) matching
    every word typed, with or without diacritics, within the user's scope."""
    words = fold(text or "").split()
    if not words:
        return {"documents": [], "tasks": []}
    documents = scoped(Document, user)
    tasks = scoped(Task, user)
    for word in words:
        documents = documents.where(Document.search_key.contains(word, autoescape=True))
        tasks = tasks.where(Task.search_key.contains(word, autoescape=True))
    return {
        "documents": db.session.scalars(
            documents.order_by(Document.issued_on.desc(), Document.id.desc()).limit(limit)).all(),
        "tasks": db.session.scalars(
            tasks.options(selectinload(Task.document), selectinload(Task.lead_unit))
            .order_by(Task.id.desc()).limit(limit)).all(),
    }
