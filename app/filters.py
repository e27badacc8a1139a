"""FAB filters of our own: accent-insensitive search on whole words."""
from flask_appbuilder.models.filters import BaseFilter, Filters
from flask_appbuilder.models.sqla.filters import SQLAFilterConverter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false
from sqlalchemy.orm import selectinload

from app.rules import search as search_rules
from app.rules.documents import MAX_ID, in_id_range

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


class FilterFolded(BaseFilter):
    """Matches every word typed, as a whole word, with or without diacritics,
    in ``search_key`` (``app.rules.search``)."""

    name = _l("Has the words (accents optional)")
    arg_name = "fold"

    def apply(self, query, value):
        folded = search_rules.parse(value).folded
        if not folded:
            return query
        return query.filter(whole_words(getattr(self.model, SEARCH_KEY), folded))


class _FoldedConverter(SQLAFilterConverter):
    def convert(self, col_name):
        if col_name == SEARCH_KEY:
            return [FilterFolded(col_name, self.datamodel)]
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


class FoldedInterface(SafeFiltersMixin, SQLAInterface):
    """SQLAInterface whose ``search_key`` column offers the folded filter only."""

    filter_converter_class = _FoldedConverter

    def __init__(self, obj, session=None, eager=()):
        # Relations every row of a list shows: loaded with the page in one
        # query each, not one query per row.
        self.eager = tuple(eager)
        super().__init__(obj, session)

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
        if _out_of_range(value) or not str(value).strip().lstrip("-").isdigit():
            return None
        return super().get_related_obj(col_name, value)


def _out_of_range(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False  # not an integer id: left to FAB
    return not in_id_range(number)
