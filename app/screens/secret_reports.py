"""The register of received periodic secret reports (Art. 5.2)."""
from flask import g
from flask_appbuilder import ModelView
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Regexp

from app.models import SecretReportReceipt
from app.scope import SCOPE_FILTER
from app.screens.forms import DayDateField
from app.screens.formatting import format_day


class SecretReportModelView(ModelView):
    """That a unit sent its periodic secret report: never its content (Art. 5.2)."""

    datamodel = SQLAInterface(SecretReportReceipt)
    route_base = "/secret-reports"
    list_title = _l("Secret report receipts")
    show_title = _l("Secret report receipt")
    add_title = _l("Record a secret report receipt")
    edit_title = _l("Edit secret report receipt")
    # A register entry is corrected, never deleted: nothing is lost.
    exclude_route_methods = {"download", "action", "action_post", "delete"}
    base_filters = SCOPE_FILTER
    add_query_rel_fields = {"unit": SCOPE_FILTER}
    edit_query_rel_fields = {"unit": SCOPE_FILTER}
    search_form_query_rel_fields = {"unit": SCOPE_FILTER}
    list_columns = ["unit", "period", "reference", "received_on"]
    show_columns = add_columns = edit_columns = list_columns
    search_columns = ["unit", "period", "reference", "received_on"]
    base_order = ("received_on", "desc")
    formatters_columns = {"received_on": format_day}
    add_form_extra_fields = edit_form_extra_fields = {
        "received_on": DayDateField(_l("Received on"), validators=[DataRequired()]),
    }
    validators_columns = {
        "period": [Regexp(r"^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$",
                          message=_l("Write the period as 2017, 2017-H1, 2017-Q1 or "
                                     "2017-03."))],
    }
    label_columns = {
        "unit": _l("Unit"),
        "period": _l("Period"),
        "reference": _l("Reference number"),
        "received_on": _l("Received on"),
    }
    description_columns = {
        "period": _l("A year (2017), a half-year (2017-H1), a quarter (2017-Q1) or a month "
                     "(2017-03)."),
        "reference": _l("The number of the written report. Its content is never entered."),
    }

    def pre_add(self, item):
        item.created_by_id = item.changed_by_id = g.user.id

    def pre_update(self, item):
        item.changed_by_id = g.user.id
