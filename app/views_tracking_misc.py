"""Inboxes, search, file downloads and the register of secret report receipts."""
from flask import g, request, send_file
from flask_appbuilder import BaseView, ModelView, expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Regexp

from app import files
from app.formatting import format_day
from app.models import SecretReportReceipt
from app.rules import enums
from app.security import SCOPE_FILTER
from app.services import tracking
from app.views_tracking_common import label_of, progress_flag, timeliness_flag
from app.views_tracking_forms import DayDateField

# Bucket keys of app.services.tracking's inboxes, with their headings.
UNIT_BUCKETS = [
    ("to_accept", _l("To accept")),
    ("in_progress", _l("In progress")),
    ("returned", _l("Returned to the Office")),
    ("done_reported", _l("Reported done, awaiting the Office")),
    ("coordinating", _l("Coordinating")),
]
OFFICE_BUCKETS = [
    ("returned", _l("Returned by units")),
    ("done_reported", _l("Done reports awaiting confirmation")),
    ("extension_requests", _l("Extension requests")),
    ("obstacles", _l("Obstacles reported")),
    ("feedback", _l("District feedback")),
]


def _helpers():
    return dict(enums=enums, label_of=label_of, timeliness_flag=timeliness_flag,
                progress_flag=progress_flag)


class InboxView(BaseView):
    """The unit's "Nhiệm vụ của đơn vị" and the Office's "Chờ xử lý"."""

    route_base = "/inbox"
    default_view = "unit"

    @expose("/unit")
    @has_access
    def unit(self):
        return self._inbox(_l("Unit inbox"), UNIT_BUCKETS, tracking.unit_inbox(g.user))

    @expose("/office")
    @has_access
    def office(self):
        return self._inbox(_l("Office inbox"), OFFICE_BUCKETS, tracking.office_inbox(g.user))

    def _inbox(self, title, sections, buckets):
        return self.render_template("tracking/inbox.html", title=title, sections=sections,
                                    buckets=buckets, **_helpers())


class TrackingSearchView(BaseView):
    """One box over document numbers, summaries and task content, accents optional."""

    route_base = "/search"
    default_view = "list"

    @expose("/")
    @has_access
    def list(self):
        query = (request.args.get("q") or "").strip()
        results = tracking.search(g.user, query) if query else None
        return self.render_template("tracking/search.html", title=_l("Search"),
                                    query=query, results=results, **_helpers())


class AttachmentView(BaseView):
    """Downloads: who may see the owner may read its files."""

    route_base = "/files"
    default_view = "download"

    @expose("/<attachment_id>")
    @has_access
    def download(self, attachment_id):
        attachment, path = files.open_attachment(g.user, attachment_id)
        return send_file(path, mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.filename)


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
