"""FAB filters of our own: accent-insensitive search."""
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.filters import SQLAFilterConverter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

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
