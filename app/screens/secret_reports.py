"""The register of received periodic secret reports (Art. 5.2)."""
from flask import g
from flask_appbuilder import ModelView
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from app.filters import FoldedInterface
from app.models import SecretReportReceipt
from app.scope import SCOPE_FILTER
from app.screens.forms import DayDateField
from app.screens.formatting import format_day


def _signed_in_name():
    """The signed-in person's name: who receives a report is usually who records it."""
    user = getattr(g, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_full_name()


def _received_by_field(default=None):
    return StringField(_l("Received by"), default=default, widget=BS3TextFieldWidget(),
                       description=_l("Who at the Office received the report."),
                       validators=[DataRequired(), Length(max=255)])


class SecretReportModelView(ModelView):
    """That a unit sent its periodic secret report: never its content (Art. 5.2).
    The section's only trace of secret documents, which are never entered."""

    datamodel = FoldedInterface(SecretReportReceipt)
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
    list_columns = ["unit", "period", "reference", "received_on", "received_by"]
    show_columns = add_columns = edit_columns = list_columns
    search_columns = ["unit", "period", "reference", "received_on", "received_by"]
    base_order = ("received_on", "desc")
    formatters_columns = {"received_on": format_day}
    add_form_extra_fields = {
        "received_on": DayDateField(_l("Received on"), validators=[DataRequired()]),
        "received_by": _received_by_field(default=_signed_in_name),
    }
    edit_form_extra_fields = {
        "received_on": DayDateField(_l("Received on"), validators=[DataRequired()]),
        "received_by": _received_by_field(),
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
        "received_by": _l("Received by"),
    }
    description_columns = {
        "period": _l("A year (2017), a half-year (2017-H1), a quarter (2017-Q1) or a month "
                     "(2017-03)."),
        "reference": _l("The number of the written report. Its content is never entered."),
        "received_by": _l("Who at the Office received the report."),
    }

    def pre_add(self, item):
        item.created_by_id = item.changed_by_id = g.user.id

    def pre_update(self, item):
        item.changed_by_id = g.user.id
