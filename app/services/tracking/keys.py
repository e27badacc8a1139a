"""Derived columns, kept true on every write (services, imports, demo data):
the number's uniqueness key and issue year, the folded search keys, and the
search index (``task_word``, ``document_word``: the words of the folded key,
``app.rules.search.key_words``), written in the same flush, so in the same
transaction, as the row."""
from sqlalchemy import delete, event as sa_event, insert, inspect

from app.models import Document, Task, document_word, task_word
from app.rules import documents as rules
from app.rules.search import key_words
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


# --- The search index ---------------------------------------------------------------

_INDEX = ((Task, task_word, task_word.c.task_id), (Document, document_word,
                                                    document_word.c.document_id))


def _add(connection, table, owner, row_id, words):
    if words:
        connection.execute(insert(table), [{"word": w, owner.key: row_id} for w in words])


def _indexed(table, owner):
    def after_insert(mapper, connection, row):
        _add(connection, table, owner, row.id, key_words(row.search_key))

    def after_update(mapper, connection, row):
        history = inspect(row).attrs.search_key.history
        if not history.has_changes():
            return
        new = set(key_words(row.search_key))
        old_key = history.deleted[0] if history.deleted else None
        if old_key is None:
            # The old key was not loaded: the row's words written anew.
            connection.execute(delete(table).where(owner == row.id))
            _add(connection, table, owner, row.id, sorted(new))
            return
        old = set(key_words(old_key))
        gone = sorted(old - new)
        if gone:
            connection.execute(delete(table).where(owner == row.id, table.c.word.in_(gone)))
        _add(connection, table, owner, row.id, sorted(new - old))

    def before_delete(mapper, connection, row):
        connection.execute(delete(table).where(owner == row.id))

    return after_insert, after_update, before_delete


for _model, _table, _owner in _INDEX:
    _after_insert, _after_update, _before_delete = _indexed(_table, _owner)
    sa_event.listen(_model, "after_insert", _after_insert)
    sa_event.listen(_model, "after_update", _after_update)
    sa_event.listen(_model, "before_delete", _before_delete)
