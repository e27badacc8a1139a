"""The base of our REST resources."""
import json
import urllib.parse
from datetime import date

import prison
from flask import current_app, request
from flask_appbuilder.api import ModelRestApi
from flask_appbuilder.const import API_PAGE_INDEX_RIS_KEY, API_URI_RIS_KEY
from flask_appbuilder.exceptions import FABException
from flask_babel import gettext as _

from app.filters import SEARCH_KEY, as_bool
from app.rules import N_
from app.rules.documents import in_id_range
from app.web import json_body

BAD_FILTER = N_("The filter on %(col)s has a value of the wrong kind.")
BAD_QUERY = N_("The q argument is not valid Rison or JSON.")
NEGATIVE_PAGE = N_("The page number cannot be negative.")


class AppModelRestApi(ModelRestApi):
    """FAB's ModelRestApi with four repairs.

    ``_info`` translated a missing description as ``gettext("")``: the
    catalogue's header; a column without a description gets an empty one.

    A rison filter's value went to the database as given, so a text where a
    yes/no, a number or a date belongs failed there (a 500 on PostgreSQL):
    each value is read as its column's kind first, and one that is not of
    that kind answers 400.

    The ``q`` argument (Rison, else JSON) is read before FAB reads it
    (issue 9, found by tests/fuzz/test_api_fuzz.py): the Rison reader fails
    on some texts ("1e", "!", "--1", deep nesting) with errors FAB does not
    expect (a 500), and FAB's own refusal is in English only; text that is
    not valid Unicode or nested deeper than any query of ours would fail
    later. Each answers 400 with a translated sentence.

    A negative page became a negative OFFSET: refused by PostgreSQL, and
    beyond SQLite's integer when large (a 500). It answers 400.
    """

    def create_blueprint(self, appbuilder, *args, **kwargs):
        blueprint = super().create_blueprint(appbuilder, *args, **kwargs)
        blueprint.before_request(self._check_query)
        return blueprint

    def _check_query(self):
        value = request.args.get(API_URI_RIS_KEY)
        if request.method != "GET" or not value:
            return None
        try:
            parsed = _read_query(value)
        except Exception:  # noqa: BLE001 - the Rison reader fails with ValueError & co.
            return self.response_400(message=_(BAD_QUERY))
        problem = json_body.check(parsed)
        if problem:
            return self.response_400(
                message=_(BAD_QUERY if problem == json_body.BAD_JSON else problem))
        page = parsed.get(API_PAGE_INDEX_RIS_KEY) if isinstance(parsed, dict) else None
        if isinstance(page, (int, float)) and not isinstance(page, bool) and page < 0:
            return self.response_400(message=_(NEGATIVE_PAGE))
        return None

    def pre_get_list(self, data):
        # The list's count stopped early (app/filters.py COUNT_AHEAD): there
        # are at least "count" rows.
        data["count_more"] = bool(getattr(data.get("count"), "more", False))

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


def _read_query(value):
    """``q`` as FAB reads it: Rison, else (when allowed) JSON. Raises when
    it is neither."""
    try:
        return prison.loads(value)
    except prison.decoder.ParserException:
        if not current_app.config.get("FAB_API_ALLOW_JSON_QS", True):
            raise
    return json.loads(urllib.parse.parse_qs(f"{API_URI_RIS_KEY}={value}")[API_URI_RIS_KEY][0])


def _integer(value):
    if isinstance(value, bool):
        return None
    number = int(value)
    return number if in_id_range(number) else None
