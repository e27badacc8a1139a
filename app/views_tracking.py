"""The tracking section's screens and menus (R1–R4).

The views live in ``views_tracking_*`` modules; this one registers them and
the inbox counts shown beside the menu items. FAB's menu labels are static,
so the counts come from a context processor that the navbar template
(``templates/appbuilder/navbar_menu.html``) reads by menu item name.
"""
from flask import current_app, g
from flask_babel import lazy_gettext as _l

from app.services import tracking
from app.views_tracking_common import local_time, request_too_large
from app.views_tracking_documents import DocumentModelView
from app.views_tracking_misc import (AttachmentView, InboxView, SecretReportModelView,
                                     TrackingSearchView)
from app.views_tracking_quick import QuickEntryView
from app.views_tracking_tasks import TaskModelView

CATEGORY = "Tracking"
OFFICE_INBOX = "Office inbox"
UNIT_INBOX = "Unit inbox"


def register(appbuilder):
    appbuilder.add_view(DocumentModelView, "Documents", label=_l("Documents"),
                        icon="fa-file-text-o", category=CATEGORY,
                        category_label=_l("Tracking"), category_icon="fa-tasks")
    appbuilder.add_view(TaskModelView, "Tasks", label=_l("Tasks"), icon="fa-check-square-o",
                        category=CATEGORY)
    appbuilder.add_view(TrackingSearchView, "Search", label=_l("Search"), icon="fa-search",
                        category=CATEGORY)
    appbuilder.add_view(QuickEntryView, "Quick entry", label=_l("Quick entry"),
                        icon="fa-keyboard-o", category=CATEGORY)
    appbuilder.add_view(InboxView, OFFICE_INBOX, label=_l("Office inbox"), icon="fa-inbox",
                        href="/inbox/office", category=CATEGORY)
    appbuilder.add_link(UNIT_INBOX, label=_l("Unit inbox"), href="/inbox/unit",
                        icon="fa-inbox", category=CATEGORY)
    appbuilder.add_view(SecretReportModelView, "Secret report receipts",
                        label=_l("Secret report receipts"), icon="fa-lock", category=CATEGORY)
    appbuilder.add_view_no_menu(AttachmentView)
    # register() runs inside create_app's app context.
    current_app.context_processor(lambda: {"menu_badges": menu_badges})
    # Timestamps are stored in UTC; people read them in Vietnam time.
    current_app.jinja_env.filters["vn_time"] = local_time
    current_app.register_error_handler(413, request_too_large)


def menu_badges():
    """Counts to show beside menu items, by menu name (computed once a request)."""
    if "tracking_badges" in g:
        return g.tracking_badges
    badges = {}
    user = getattr(g, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        from app.extensions import appbuilder

        sm = appbuilder.sm
        wants_unit = sm.has_access("can_unit", "InboxView")
        wants_office = sm.has_access("can_office", "InboxView")
        if wants_unit or wants_office:
            counts = tracking.inbox_counts(user)
            if wants_unit and counts.get("unit"):
                badges[UNIT_INBOX] = counts["unit"]
            if wants_office and counts.get("office"):
                badges[OFFICE_INBOX] = counts["office"]
            if badges:
                badges[CATEGORY] = sum(badges.values())
    g.tracking_badges = badges
    return badges
