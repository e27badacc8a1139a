"""Counts shown beside menu items.

FAB's menu labels are static, so the counts come from a context processor
that the navbar template (``templates/appbuilder/navbar_menu.html``) reads by
menu item name.
"""
from flask import g

from app.services import tracking
from app.services.notifications import unread_count, unread_count_query

CATEGORY = "Tracking"
OFFICE_INBOX = "Office inbox"
UNIT_INBOX = "Unit inbox"
# A badge counts so far, then says "99+".
BADGE_MAX = 99


def menu_badges():
    """Counts to show beside menu items, by menu name, and the bell's unread
    notifications (``g.unread_notifications``): computed once a request, in
    the statement of the inbox counts (one statement for a unit's or the
    Office's people)."""
    if "tracking_badges" in g:
        return g.tracking_badges
    badges, unread = {}, 0
    user = getattr(g, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        from app.extensions import appbuilder

        sm = appbuilder.sm
        wants_unit = sm.has_access("can_unit", "InboxView")
        wants_office = sm.has_access("can_office", "InboxView")
        also = {"unread": unread_count_query(user)}
        if wants_unit or wants_office:
            counts = tracking.inbox_counts(user, at_most=BADGE_MAX, also=also)
            if wants_unit and counts.get("unit"):
                badges[UNIT_INBOX] = counts["unit"]
            if wants_office and counts.get("office"):
                badges[OFFICE_INBOX] = counts["office"]
            if badges:
                badges[CATEGORY] = sum(badges.values())
        else:
            counts = {"unread": unread_count(user)}
        unread = counts["unread"] or 0
    g.tracking_badges, g.unread_notifications = badges, unread
    return badges


def unread_notifications():
    """The signed-in person's unread notifications, for the navbar's bell
    (one statement a request, however often the template asks)."""
    menu_badges()
    return g.unread_notifications
