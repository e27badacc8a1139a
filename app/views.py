"""The one place that registers every screen, menu entry and REST resource.

Menus: Organisation (units), Tracking (documents, tasks, search, quick
entry, inboxes, secret report receipts), Calendar. The screens themselves
live in ``app/screens/``, a module per area; the REST resources in
``app/api/``.
"""
from flask_babel import lazy_gettext as _l

from app.api.health import bp as health_bp
from app.api.notifications import NotificationApi
from app.api.tracking import DocumentApi, TaskApi
from app.api.units import UnitApi
from app.api.urging import UrgingApi
from app.screens.attachments import AttachmentView
from app.screens.badges import (BADGE_MAX, CATEGORY as TRACKING, OFFICE_INBOX, UNIT_INBOX,
                                menu_badges, unread_notifications)
from app.screens.calendar import CalendarDayModelView
from app.screens.common import local_time
from app.screens.documents import DocumentModelView
from app.screens.errors import register as register_error_pages
from app.screens.formatting import register as register_formatting
from app.screens.inbox import InboxView
from app.screens.letters import UrgingLetterView
from app.screens.lookup import LookupView
from app.screens.notifications import NotificationView
from app.screens.quick_entry import QuickEntryView
from app.screens.search import TrackingSearchView
from app.screens.secret_reports import SecretReportModelView
from app.screens.tasks import TaskModelView
from app.screens.units import UnitModelView, UnitTreeView
from app.screens.urging import UrgingView
from app.web.list_args import init_list_args


def register_views(app, appbuilder):
    """Called by the app factory inside its app context."""
    _organisation(appbuilder)
    _tracking(appbuilder)
    _calendar(appbuilder)
    for api in (UnitApi, DocumentApi, TaskApi, UrgingApi):
        appbuilder.add_api(api)
    # The notification centre: reached from the navbar's bell, not a menu.
    appbuilder.add_view_no_menu(NotificationView)
    appbuilder.add_api(NotificationApi)
    app.register_blueprint(health_bp)
    app.context_processor(lambda: {"menu_badges": menu_badges, "badge_max": BADGE_MAX})
    app.context_processor(lambda: {"unread_notifications": unread_notifications})
    # Timestamps are stored in UTC; people read them in Vietnam time.
    app.jinja_env.filters["vn_time"] = local_time
    register_error_pages(app)
    register_formatting(app)
    init_list_args(app, appbuilder)


def _organisation(appbuilder):
    appbuilder.add_view(UnitTreeView, "Unit tree", label=_l("Unit tree"),
                        icon="fa-sitemap", category="Organisation",
                        category_label=_l("Organisation"), category_icon="fa-building")
    appbuilder.add_view(UnitModelView, "Units", label=_l("Units"), icon="fa-list",
                        category="Organisation")


def _tracking(appbuilder):
    appbuilder.add_view(DocumentModelView, "Documents", label=_l("Documents"),
                        icon="fa-file-text-o", category=TRACKING,
                        category_label=_l("Tracking"), category_icon="fa-tasks")
    appbuilder.add_view(TaskModelView, "Tasks", label=_l("Tasks"), icon="fa-check-square-o",
                        category=TRACKING)
    appbuilder.add_view(TrackingSearchView, "Search", label=_l("Search"), icon="fa-search",
                        category=TRACKING)
    appbuilder.add_view(QuickEntryView, "Quick entry", label=_l("Quick entry"),
                        icon="fa-keyboard-o", category=TRACKING)
    appbuilder.add_view(InboxView, OFFICE_INBOX, label=_l("Office inbox"), icon="fa-inbox",
                        href="/inbox/office", category=TRACKING)
    appbuilder.add_view(UrgingLetterView, "Urging letters", label=_l("Urging letters"),
                        icon="fa-envelope-o", category=TRACKING)
    appbuilder.add_link(UNIT_INBOX, label=_l("Unit inbox"), href="/inbox/unit",
                        icon="fa-inbox", category=TRACKING)
    appbuilder.add_view(SecretReportModelView, "Secret report receipts",
                        label=_l("Secret report receipts"), icon="fa-lock", category=TRACKING)
    appbuilder.add_view(UrgingView, "Urgings", label=_l("Urgings"), icon="fa-bullhorn",
                        category=TRACKING)
    appbuilder.add_view_no_menu(AttachmentView)
    appbuilder.add_view_no_menu(LookupView)


def _calendar(appbuilder):
    appbuilder.add_view(CalendarDayModelView, "Working-day calendar",
                        label=_l("Working-day calendar"), icon="fa-calendar",
                        category="Calendar", category_label=_l("Calendar"),
                        category_icon="fa-calendar")
