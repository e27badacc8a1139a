"""One search box over documents and tasks: whole words, accents optional,
the exact accented words first (``app.rules.search``)."""
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.filters import whole_words
from app.models import Document, Task
from app.rules import search as rules

from .common import scoped

# How many of the most recent matches are ranked; a word found in thousands
# of rows ranks the newest of them (the count still says how many matched).
CANDIDATES = 2000


@dataclass
class SearchResults:
    """Documents and tasks best first, at most ``limit`` of each: the first
    ``*_as_typed`` of them have the words as typed (``rules.as_typed``), the
    rest the same letters with other accents. The counts are of every match;
    ``truncated`` when words beyond ``MAX_WORDS`` were left out."""

    query: rules.Query = field(default_factory=rules.Query)
    documents: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    document_count: int = 0
    task_count: int = 0
    documents_as_typed: int = 0
    tasks_as_typed: int = 0

    @property
    def truncated(self):
        return self.query.truncated


def _document_text(row):
    return " ".join(filter(None, (row.number_symbol, row.summary, row.signer)))


def _task_text(row):
    return " ".join(filter(None, (row.content, row.notes)))


def _find(model, user, query, text_columns, text_of, recent_first, limit, options=()):
    """(the best ``limit`` rows of ``model`` matching ``query``, the number of
    matches, how many of the rows have the words as typed)."""
    matching = scoped(model, user).where(whole_words(model.search_key, query.folded))
    count = db.session.scalar(select(func.count()).select_from(
        matching.with_only_columns(model.id).subquery()))
    if not count:
        return [], 0, 0
    candidates = db.session.execute(
        matching.with_only_columns(model.id, *text_columns)
        .order_by(*recent_first).limit(CANDIDATES)).all()
    best = rules.ranked(query, candidates, text_of)[:limit]
    as_typed = sum(1 for row in best if rules.as_typed(query, text_of(row)))
    rows = {row.id: row for row in db.session.scalars(
        select(model).where(model.id.in_([row.id for row in best])).options(*options))}
    return [rows[row.id] for row in best if row.id in rows], count, as_typed


def find(user, text, limit=50):
    """Documents (number, summary, signer) and tasks (content, notes) where
    every word typed is a whole word, with or without diacritics, within the
    user's scope; rows with the words as typed first (``rules.rank``), then
    the most recent."""
    query = rules.parse(text)
    if not query:
        return SearchResults(query)
    documents, document_count, documents_as_typed = _find(
        Document, user, query, (Document.number_symbol, Document.summary, Document.signer),
        _document_text, (Document.issued_on.desc(), Document.id.desc()), limit)
    tasks, task_count, tasks_as_typed = _find(
        Task, user, query, (Task.content, Task.notes), _task_text, (Task.id.desc(),), limit,
        options=(selectinload(Task.document), selectinload(Task.lead_unit)))
    return SearchResults(query, documents, tasks, document_count, task_count,
                         documents_as_typed, tasks_as_typed)


def search(user, text, limit=50):
    """``find`` as ``{"documents": [...], "tasks": [...]}``."""
    found = find(user, text, limit)
    return {"documents": found.documents, "tasks": found.tasks}
