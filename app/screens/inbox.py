"""The unit's and the Office's inboxes."""
from flask import g, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from app.rules import enums
from app.rules.badges import ART7_FLAG_LABELS, ART7_FLAGS
from app.services import urging
from app.services.calendar import calendar_horizon_warning
from app.services.tracking.inbox import (INBOX_LIMIT, OFFICE_KEYS, OPEN_STATES, UNIT_KEYS,
                                         office_inbox_page, unit_inbox_page)
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


def asked_pages(keys):
    """{key: page} of the ``page_<key>`` arguments that are page numbers (the
    service keeps them within each section's pages)."""
    pages = {}
    for key in keys:
        try:
            pages[key] = int(request.args.get(f"page_{key}", 1))
        except (TypeError, ValueError):
            pages[key] = 1
    return pages


def pagers(counts, pages, limit=INBOX_LIMIT):
    """{key: pager} of each section with more than one page: the numbers of
    its first and last items shown, and the links to its other pages (the
    other sections stay on their pages)."""
    def link(key, page):
        args = {f"page_{other}": number for other, number in pages.items() if number > 1}
        args[f"page_{key}"] = page
        return url_for(request.endpoint, **args, _anchor=f"bucket-{key}")

    found = {}
    for key, count in counts.items():
        page = pages[key]
        if count > limit:
            found[key] = dict(first=(page - 1) * limit + 1, last=min(page * limit, count),
                              previous=link(key, page - 1) if page > 1 else None,
                              next=link(key, page + 1) if page * limit < count else None)
    return found


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
        return self._inbox(_l("Unit inbox"), UNIT_BUCKETS,
                           *unit_inbox_page(g.user, asked_pages(UNIT_KEYS)),
                           corrections=urging.open_corrections(g.user))

    @expose("/office")
    @has_access
    def office(self):
        # Each section lists a page of its items; its count and "see all" say the rest.
        return self._inbox(_l("Office inbox"), OFFICE_BUCKETS,
                           *office_inbox_page(g.user, asked_pages(OFFICE_KEYS)),
                           see_all=office_see_all(), calendar_warning=calendar_horizon_warning())

    def _inbox(self, title, sections, buckets, counts, pages, see_all=None, **extra):
        return self.render_template("tracking/inbox.html", title=title, sections=sections,
                                    buckets=buckets, counts=counts, see_all=see_all or {},
                                    pagers=pagers(counts, pages), **list_helpers(), **extra)
