"""One search box over documents and tasks: whole words, accents optional,
the exact accented words first (``app.rules.search``).

The words are looked up in the search index (``app.filters.word_lookup``):
a search reads the index rows of its rarest word, newest first, checks the
other words and the user's scope on each, and stops after ``COUNT_LIMIT``
matches, which are ranked. Its time follows what it finds, not how many
tasks and documents are kept."""
from dataclasses import dataclass, field

from sqlalchemy import false, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.filters import word_counts, word_lookup
from app.models import Document, Task
from app.rules import search as rules
from app.scope import role_names, visible_unit_ids

from .common import TASK_READER_ROLES, scoped

# The newest matches are counted and ranked up to this many (or the ``limit``
# asked for, if more); beyond, the screen says "more than" and asks for
# another word. What a search costs then follows this, not the number of
# rows kept: a clerk's scope holds a few of the rows with a common word, and
# every row read to find them is checked against it. The task list's folded
# filter counts them all.
COUNT_LIMIT = 200


@dataclass
class SearchResults:
    """Documents and tasks best first, at most ``limit`` of each: the first
    ``*_as_typed`` of them have the words as typed (``rules.as_typed``), the
    rest the same letters with other accents. The counts are of the matches
    up to ``COUNT_LIMIT`` (or the ``limit`` asked, if larger), the newest;
    ``*_more`` when there are more than that. ``truncated`` when words beyond
    ``MAX_WORDS`` were left out."""

    query: rules.Query = field(default_factory=rules.Query)
    documents: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    document_count: int = 0
    task_count: int = 0
    documents_as_typed: int = 0
    tasks_as_typed: int = 0
    documents_more: bool = False
    tasks_more: bool = False

    @property
    def truncated(self):
        return self.query.truncated


def _document_text(row):
    return " ".join(filter(None, (row.number_symbol, row.summary, row.signer)))


def _task_text(row):
    return " ".join(filter(None, (row.content, row.notes)))


def _searchable(model, user):
    """``scoped``, except that a unit's scope is tested on each row as the
    word index hands it over (the model's own ``scope_clause``, the same
    rows: the task's unit columns and one probe of its coordinating units;
    a document's few tasks so). ``app.scope``'s clauses gather a list first
    (the tasks a unit coordinates, or every task of its scope), thousands
    of ids and more as the tables grow, to keep the newest 200."""
    ids = visible_unit_ids(user)
    if not ids:
        return scoped(model, user)
    stmt = select(model).where(model.scope_clause(ids))
    return stmt if role_names(user) & TASK_READER_ROLES else stmt.where(false())


def _find(model, user, query, words, columns, text_of, newest, limit, options=()):
    """(the best ``limit`` rows of ``model`` having the words of ``query``
    (looked up in the order of ``words``), the number of matches counted,
    whether there are more, how many of the rows have the words as typed).

    One statement walks the index rows of the first word, newest (highest
    id) first, keeps those of the user's scope with the other words, and
    stops one past the count limit, with the columns the ranking reads.
    The matches are ranked (equals in ``newest`` order), and the best rows
    loaded whole."""
    counted = max(COUNT_LIMIT, limit)
    lookup = word_lookup(model, query.folded, rarest_first=words)
    found = db.session.execute(
        _searchable(model, user).with_only_columns(model.id, *columns)
        .join(lookup.table, lookup.owner == model.id)
        .where(*lookup.conditions, *lookup.checks)
        .order_by(lookup.owner.desc()).limit(counted + 1)).all()
    if not found:
        return [], 0, False, 0
    candidates = sorted(found[:counted], key=newest, reverse=True)
    # rules.ranked, keeping each rank: its first part is ``as_typed``.
    ranks = {row.id: rules.rank(query, text_of(row)) for row in candidates}
    best = sorted(candidates, key=lambda row: ranks[row.id], reverse=True)[:limit]
    as_typed = sum(1 for row in best if ranks[row.id][0])
    rows = {row.id: row for row in db.session.scalars(
        select(model).where(model.id.in_([row.id for row in best])).options(*options))}
    return ([rows[row.id] for row in best if row.id in rows], len(candidates),
            len(found) > counted, as_typed)


def _rarest_first(query):
    """The query's folded words in the order to look them up, for documents
    and for tasks: the fewest rows first (counted in the index up to a few
    thousand, one statement for both); None for a kind where a word is in
    no row (nothing to find)."""
    words = query.folded
    if len(words) == 1:
        return words, words
    counts = db.session.execute(select(
        *word_counts(Document, words), *word_counts(Task, words))).one()
    orders = []
    for part in (counts[:len(words)], counts[len(words):]):
        # Equal counts (both past the limit): the longer word first.
        orders.append(None if 0 in part else tuple(
            w for _, w in sorted(zip(part, words), key=lambda p: (p[0], -len(p[1])))))
    return tuple(orders)


def find(user, text, limit=50):
    """Documents (number, summary, signer) and tasks (content, notes) where
    every word typed is a whole word, with or without diacritics, within the
    user's scope; rows with the words as typed first (``rules.rank``), then
    the most recent (documents by issue date)."""
    query = rules.parse(text)
    if not query:
        return SearchResults(query)
    document_words, task_words = _rarest_first(query)
    documents, document_count, documents_more, documents_as_typed = (
        _find(Document, user, query, document_words,
              (Document.number_symbol, Document.summary, Document.signer, Document.issued_on),
              _document_text, lambda row: (row.issued_on, row.id), limit)
        if document_words else ([], 0, False, 0))
    tasks, task_count, tasks_more, tasks_as_typed = (
        _find(Task, user, query, task_words, (Task.content, Task.notes), _task_text,
              lambda row: row.id, limit,
              options=(selectinload(Task.document), selectinload(Task.lead_unit)))
        if task_words else ([], 0, False, 0))
    return SearchResults(query, documents, tasks, document_count, task_count,
                         documents_as_typed, tasks_as_typed, documents_more, tasks_more)


def search(user, text, limit=50):
    """``find`` as ``{"documents": [...], "tasks": [...]}``."""
    found = find(user, text, limit)
    return {"documents": found.documents, "tasks": found.tasks}
