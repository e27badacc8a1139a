"""The unit's and the Office's inboxes."""
from flask import g
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from app.rules import enums
from app.services import tracking
from app.screens.common import label_of, progress_flag, timeliness_flag

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


def list_helpers():
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
                                    buckets=buckets, **list_helpers())
