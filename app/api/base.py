"""The base of our REST resources."""
from datetime import date

from flask_appbuilder.api import ModelRestApi
from flask_appbuilder.exceptions import FABException
from flask_babel import gettext as _

from app.filters import SEARCH_KEY, as_bool
from app.rules import N_
from app.rules.documents import in_id_range

BAD_FILTER = N_("The filter on %(col)s has a value of the wrong kind.")


class AppModelRestApi(ModelRestApi):
    """FAB's ModelRestApi with two repairs.

    ``_info`` translated a missing description as ``gettext("")``: the
    catalogue's header; a column without a description gets an empty one.

    A rison filter's value went to the database as given, so a text where a
    yes/no, a number or a date belongs failed there (a 500 on PostgreSQL):
    each value is read as its column's kind first, and one that is not of
    that kind answers 400.
    """

    def _get_field_info(self, field, *args, **kwargs):
        info = super()._get_field_info(field, *args, **kwargs)
        if not (self.description_columns or {}).get(field.name):
            info["description"] = ""
        return info

    def _handle_filters_args(self, rison_args):
        filters = rison_args.get("filters")
        if isinstance(filters, list):
            for item in filters:
                if isinstance(item, dict) and isinstance(item.get("col"), str):
                    value = item.get("value")
                    if isinstance(value, list) and item.get("opr") != "in":
                        raise FABException(_(BAD_FILTER, col=item["col"]))
                    item["value"] = self._typed(item["col"], value)
        return super()._handle_filters_args(rison_args)

    def _typed(self, col, value):
        if isinstance(value, list):
            return [self._typed(col, v) for v in value]
        reader = self._reader(col)
        if reader is None:
            return value
        try:
            typed = reader(value)
        except (TypeError, ValueError, OverflowError):
            typed = None
        if typed is None:
            raise FABException(_(BAD_FILTER, col=col))
        return typed

    def _reader(self, col):
        model = self.datamodel
        if col == SEARCH_KEY:
            return lambda v: v if isinstance(v, str) else None
        if col in model.list_properties and model.is_relation(col):
            return _integer  # the related row's id
        if col not in model.list_columns:
            return None  # an unknown column: FAB refuses it
        if model.is_boolean(col):
            return as_bool
        if model.is_integer(col):
            return _integer
        if model.is_date(col):
            return lambda v: date.fromisoformat(v) if isinstance(v, str) else None
        if model.is_string(col) or model.is_text(col):
            return lambda v: v if isinstance(v, str) else None
        return None


def _integer(value):
    if isinstance(value, bool):
        return None
    number = int(value)
    return number if in_id_range(number) else None
