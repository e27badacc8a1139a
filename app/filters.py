"""FAB filters of our own: accent-insensitive search on whole words."""
import re
from dataclasses import dataclass

from flask_appbuilder.models.filters import BaseFilter, Filters
from flask_appbuilder.models.sqla.filters import FilterEqual, SQLAFilterConverter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, false, func, literal, select
from sqlalchemy.orm import selectinload

from app.models import Document, Task, document_word, task_word
from app.rules import search as search_rules
from app.rules.documents import MAX_ID, in_id_range
from app.rules.text import small_number

SEARCH_KEY = "search_key"

_TRUE = frozenset({"1", "y", "yes", "t", "true", "on"})
_FALSE = frozenset({"0", "n", "no", "f", "false", "off"})


def as_bool(value):
    """True / False from what a form or the API sends; None when it is neither."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def whole_words(column, folded_words):
    """SQL: every word of ``folded_words`` is a whole word of ``column`` (a
    folded key, see ``app.rules.search``), on SQLite and PostgreSQL alike.
    The cheap substring test goes first; the regular expression then keeps
    whole words only ("qua" does not find "quan")."""
    return and_(*(and_(column.contains(word, autoescape=True),
                       column.regexp_match(search_rules.word_pattern(word)))
                  for word in folded_words))


# The models whose words are indexed (app.models.task_word, document_word):
# the owner column of their index.
_WORD_INDEX = {Task: task_word.c.task_id, Document: document_word.c.document_id}


@dataclass
class WordLookup:
    """How the rows of ``model`` having some words are found in its word
    index (``word_lookup``): ``table``, an alias of the index, has a row per
    row of ``model`` having the first word (``owner`` its id column) when
    ``conditions`` hold, which check the other words (a correlated
    ``EXISTS``, one index probe each); ``checks`` are the conditions left on
    the row itself (``search_key``), for words longer than the index keeps.

    For whole words, joined to the model and ordered by ``owner``, the rows
    come in the index's order, one each, and the database stops at the
    ``LIMIT`` (the search page); ``clause()`` is the same as a condition on
    the model (the lists' filter; word starts, where a row may have several
    index rows in the range)."""

    model: type
    table: object
    owner: object
    conditions: list
    checks: list

    def ids(self):
        return select(self.owner).where(*self.conditions).correlate(None)

    def clause(self):
        """SQL on ``model``: the row has the words."""
        return and_(self.model.id.in_(self.ids()), *self.checks)


def _terms(model, folded_words, prefix):
    """[(first word, end of range or None for one word)...], checks on the key."""
    key = getattr(model, SEARCH_KEY)
    lookups, checks = [], []
    for word in folded_words:
        terms, enough = search_rules.index_terms(word)
        if prefix and enough:
            lookups.append((word, search_rules.prefix_end(word) or ""))
        else:
            lookups.extend((term, None) for term in terms)
            if not enough:
                checks.append(_word_starts(key, word) if prefix else whole_words(key, (word,)))
    return list(dict.fromkeys(lookups)), checks


def _matching(table, term):
    first, end = term
    if end is None:
        return table.c.word == first
    if not end:  # the prefix ends with the last code point: no upper bound
        return table.c.word >= first
    return and_(table.c.word >= first, table.c.word < end)


def word_lookup(model, folded_words, prefix=False, rarest_first=None):
    """The ``WordLookup`` of the ``model`` rows having every word of
    ``folded_words``: whole words (``word = w``), or with ``prefix`` words
    starting so (``w <= word < prefix_end(w)``); the primary key of the index
    (word, id) answers either, on SQLite and PostgreSQL. ``rarest_first``:
    the words in the order to look them up (``word_counts``), else the
    longest first. None when no word can be looked up (none given)."""
    owner = _WORD_INDEX[model]
    order = rarest_first or sorted(folded_words, key=len, reverse=True)
    terms, checks = _terms(model, order, prefix)
    if not terms:
        return None
    table = owner.table.alias("words")
    column = table.c[owner.key]
    conditions = [_matching(table, terms[0])]
    for term in terms[1:]:
        other = owner.table.alias()
        conditions.append(exists().where(_matching(other, term),
                                         other.c[owner.key] == column))
    return WordLookup(model, table, column, conditions, checks)


def word_counts(model, folded_words, at_most=5000):
    """Scalar subqueries: how many rows of ``model`` have each word of
    ``folded_words`` (whole words), counted up to ``at_most`` in the index
    (which word to look up first)."""
    owner = _WORD_INDEX[model]
    counts = []
    for word in folded_words:
        terms, _ = search_rules.index_terms(word)
        found = (select(literal(1)).where(owner.table.c.word == (terms[0] if terms else word))
                 .limit(at_most).subquery())
        counts.append(select(func.count()).select_from(found).scalar_subquery())
    return counts


def _word_starts(column, word):
    """SQL: ``word`` begins a word of the folded key ``column``."""
    return and_(column.contains(word, autoescape=True),
                column.regexp_match(r"(^|\W)" + re.escape(word)))


def has_words(model, folded_words, prefix=False):
    """SQL: the row has every word of ``folded_words`` (whole words, or
    word starts with ``prefix``), through the word index for tasks and
    documents (``word_lookup``), the folded key's expressions for the others
    (units, users: a few hundred rows)."""
    if not folded_words:
        return None
    lookup = word_lookup(model, folded_words, prefix) if model in _WORD_INDEX else None
    if lookup is None:  # no word the index holds (not from ``parse``)
        key = getattr(model, SEARCH_KEY)
        return (and_(*(_word_starts(key, w) for w in folded_words)) if prefix
                else whole_words(key, folded_words))
    return lookup.clause()


class FilterFolded(BaseFilter):
    """Matches every word typed, as a whole word, with or without diacritics,
    in ``search_key`` (``app.rules.search``); tasks and documents through
    their word index."""

    name = _l("Has the words (accents optional)")
    arg_name = "fold"

    def apply(self, query, value):
        folded = search_rules.parse(value).folded
        if not folded:
            return query
        return query.filter(has_words(self.model, folded))


class FilterIs(FilterEqual):
    """FAB's "Equal to", named "Is"; on a yes/no column it reads 1/0, y/n,
    true/false (from a form or JSON) and matches nothing on anything else."""

    name = _l("Is")
    arg_name = "eq"

    def apply(self, query, value):
        if self.datamodel.is_boolean(self.column_name):
            flag = as_bool(value)
            if flag is None:
                return query.filter(false())
            return query.filter(getattr(self.model, self.column_name) == flag)
        return super().apply(query, value)


class _FoldedConverter(SQLAFilterConverter):
    def convert(self, col_name):
        if col_name == SEARCH_KEY:
            return [FilterFolded(col_name, self.datamodel)]
        if self.datamodel.is_boolean(col_name):
            # FAB's "Equal"/"Not equal" hand any text to the database, which
            # PostgreSQL refuses against a boolean: "Is" reads yes/no.
            return [FilterIs(col_name, self.datamodel)]
        return super().convert(col_name)


class _Filters(Filters):
    """FAB's filters, ignoring an operator number a column does not have
    (``_flt_7_state``: a hand-made URL) instead of failing with IndexError."""

    def add_filter_index(self, column_name, filter_instance_index, value):
        if 0 <= filter_instance_index < len(self._all_filters.get(column_name) or ()):
            super().add_filter_index(column_name, filter_instance_index, value)


class SafeFiltersMixin:
    """For a data interface: its filters ignore an unknown operator number."""

    def get_filters(self, search_columns=None, search_filters=None):
        return _Filters(self.filter_converter_class, self, search_columns=search_columns or [],
                        search_filters=search_filters)


# A list counts its rows only this far past where its page starts (or to the
# page's end, for a bigger page): a unit's scope holds tens of thousands of
# tasks at province scale, and counting them all for the pager was most of
# the page's time (issue 10). Each page further on counts further, so every
# row stays reachable.
COUNT_AHEAD = 500


class CountAtLeast(int):
    """A row count that stopped early: there are at least this many rows
    (one past where it stopped, so that a pager shows a page further)."""

    more = True


class FoldedInterface(SafeFiltersMixin, SQLAInterface):
    """SQLAInterface whose ``search_key`` column offers the folded filter
    only, and whose lists count their rows up to ``COUNT_AHEAD`` past the
    page (a ``CountAtLeast`` beyond it)."""

    filter_converter_class = _FoldedConverter

    def __init__(self, obj, session=None, eager=()):
        # Relations every row of a list shows: loaded with the page in one
        # query each, not one query per row.
        self.eager = tuple(eager)
        super().__init__(obj, session)

    def query(self, filters=None, order_column="", order_direction="", page=None,
              page_size=None, select_columns=None, outer_default_load=False):
        # FAB's query(), with the count stopped past the page.
        query = self.session.query(self.obj)
        at_most = None  # unpaged: every row is read anyway
        if page_size:
            # No table has more rows than ids (and a bigger LIMIT overflows).
            at_most = min((page or 0) * page_size + max(page_size, COUNT_AHEAD), MAX_ID)
        count = self.query_count(query, filters, select_columns, at_most=at_most)
        rows = self.apply_all(query, filters, order_column, order_direction, page, page_size,
                              select_columns, outer_default_load).all()
        name = self.obj.__name__
        if rows and not hasattr(rows[0], name):
            return count, rows
        return count, [getattr(row, name) for row in rows]

    def query_count(self, query, filters=None, select_columns=None, at_most=None):
        query = self._apply_inner_all(query, filters, select_columns=select_columns,
                                      aliases_mapping={})
        if at_most is None:
            return query.count()
        count = query.limit(at_most + 1).count()
        return CountAtLeast(count) if count > at_most else count

    def apply_all(self, query, *args, **kwargs):
        query = super().apply_all(query, *args, **kwargs)
        if self.eager:
            query = query.options(*[selectinload(getattr(self.obj, name))
                                    for name in self.eager])
        return query

    # An id no integer column can hold names no row: answer "none" (FAB then
    # says 404, or filters everything out) instead of a database error.
    def get(self, id, *args, **kwargs):
        if _out_of_range(id):
            return None
        return super().get(id, *args, **kwargs)

    def apply_pagination(self, query, page, page_size):
        # No table has more rows than ids: a page further on is empty (and
        # its OFFSET would overflow the database's integer).
        if page and page_size and page * page_size > MAX_ID:
            return query.filter(false())
        return super().apply_pagination(query, page, page_size)

    def get_related_obj(self, col_name, value):
        # Every related table here has integer ids: anything else names no
        # row (PostgreSQL would refuse the comparison, and FAB say so in English).
        if _out_of_range(value) or small_number(str(value).strip().lstrip("-"), 20) is None:
            return None
        return super().get_related_obj(col_name, value)


def _out_of_range(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False  # not an integer id: left to FAB
    return not in_id_range(number)
