"""The unit's and the Office's inboxes."""
from flask import g, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from app.rules import enums
from app.rules.badges import ART7_FLAG_LABELS, ART7_FLAGS
from app.services import tracking
from app.services.calendar import calendar_horizon_warning
from app.services.tracking.inbox import OPEN_STATES, office_inbox_counts
from app.screens.common import label_of, progress_flag, timeliness_flag
from app.screens.lists import IS, IS_ONE_OF, YES

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
    # Open tasks with an Art. 7 flag raised.
    *[(flag, _l(ART7_FLAG_LABELS[flag])) for flag in ART7_FLAGS],
]


def office_see_all():
    """The task list filtered as each task section of the Office inbox."""
    links = {state: url_for("TaskModelView.list", **{f"_flt_{IS}_state": state})
             for state in ("returned", "done_reported")}
    for flag in ART7_FLAGS:
        links[flag] = url_for("TaskModelView.list", **{f"_flt_{IS}_{flag}": YES,
                                                       f"_flt_{IS_ONE_OF}_state": OPEN_STATES})
    return links


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
        buckets = tracking.unit_inbox(g.user)
        return self._inbox(_l("Unit inbox"), UNIT_BUCKETS, buckets,
                           {key: len(items) for key, items in buckets.items()})

    @expose("/office")
    @has_access
    def office(self):
        # Each section lists its first items; its count and "see all" say the rest.
        return self._inbox(_l("Office inbox"), OFFICE_BUCKETS, tracking.office_inbox(g.user),
                           office_inbox_counts(g.user), see_all=office_see_all(),
                           calendar_warning=calendar_horizon_warning())

    def _inbox(self, title, sections, buckets, counts, see_all=None, **extra):
        return self.render_template("tracking/inbox.html", title=title, sections=sections,
                                    buckets=buckets, counts=counts, see_all=see_all or {},
                                    **list_helpers(), **extra)
