"""FAB filters of our own: accent-insensitive search."""
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.filters import SQLAFilterConverter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import false

from app.rules.documents import MAX_ID, in_id_range
from app.rules.text import fold

SEARCH_KEY = "search_key"


class FilterFolded(BaseFilter):
    """Matches every word typed, with or without diacritics, in ``search_key``."""

    name = _l("Contains (with or without accents)")
    arg_name = "fold"

    def apply(self, query, value):
        column = getattr(self.model, SEARCH_KEY)
        for word in fold(value).split():
            query = query.filter(column.contains(word, autoescape=True))
        return query


class _FoldedConverter(SQLAFilterConverter):
    def convert(self, col_name):
        if col_name == SEARCH_KEY:
            return [FilterFolded(col_name, self.datamodel)]
        return super().convert(col_name)


class FoldedInterface(SQLAInterface):
    """SQLAInterface whose ``search_key`` column offers the folded filter only."""

    filter_converter_class = _FoldedConverter

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
        if _out_of_range(value):
            return None
        return super().get_related_obj(col_name, value)


def _out_of_range(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False  # not an integer id: left to FAB
    return not in_id_range(number)
