"""The roles and their explicit permission sets.

Each role lists ``(permission, view_or_menu)`` pairs; ``*`` as the permission
means every permission FAB registered for that view. ``sync_roles`` (run by
``flask init``) makes the database match this table exactly, so a permission
never leaks in through FAB's defaults. README's role table mirrors it.
"""
from app.rules import N_

ADMIN = "Admin"
OFFICE_SPECIALIST = "Office specialist"
OFFICE_LEADER = "Office leader"
PROVINCIAL_LEADER = "Provincial leader"
UNIT_CLERK = "Unit clerk"
UNIT_LEADER = "Unit leader"
DIC_IT = "DIC IT"

ROLE_LABELS = {
    ADMIN: N_("Administrator"),
    OFFICE_SPECIALIST: N_("Office specialist"),
    OFFICE_LEADER: N_("Office leader"),
    PROVINCIAL_LEADER: N_("Provincial leader (read-only)"),
    UNIT_CLERK: N_("Unit clerk"),
    UNIT_LEADER: N_("Unit leader"),
    DIC_IT: N_("DIC IT"),
}

# Roles that see every unit's records (what they may do is still per view).
GLOBAL_SCOPE_ROLES = {ADMIN, OFFICE_SPECIALIST, OFFICE_LEADER, PROVINCIAL_LEADER, DIC_IT}
# Roles that act for the Office in the task workflow.
OFFICE_ROLES = {ADMIN, OFFICE_SPECIALIST, OFFICE_LEADER}

# What every signed-in person needs: own profile, own password, menu, API spec.
_SELF_SERVICE = [
    ("can_this_form_get", "UserInfoEditView"),
    ("can_this_form_post", "UserInfoEditView"),
    ("can_this_form_get", "ResetMyPasswordView"),
    ("can_this_form_post", "ResetMyPasswordView"),
    ("can_userinfo", "AppUserDBModelView"),
    ("can_resetmypassword", "AppUserDBModelView"),
    ("can_get", "MenuApi"),
    ("can_get", "OpenApi"),
]
_READ = ("can_list", "can_show", "can_get", "can_info", "can_tree")
_MENU = "menu_access"


def _read(*views):
    return [(perm, view) for view in views for perm in _READ]


def _menus(*names):
    return [(_MENU, name) for name in names]


_UNITS_READ = _read("UnitModelView", "UnitTreeView", "UnitApi") + _menus(
    "Organisation", "Units", "Unit tree"
)

# The tracking section (documents, tasks, inboxes) and the calendar.
_TRACKING_MENUS = _menus("Tracking", "Documents", "Tasks", "Search")
_TRACKING_READ = _read("DocumentModelView", "TaskModelView", "DocumentApi", "TaskApi",
                       "TrackingSearchView") + [("can_history", "TaskApi")] + _TRACKING_MENUS
_CALENDAR_READ = _read("CalendarDayModelView") + _menus("Calendar", "Working-day calendar")
# The Office enters, transfers, corrects and closes: every write of the section.
_OFFICE_WRITE = [
    (perm, view)
    for view in ("DocumentModelView", "TaskModelView")
    for perm in ("can_add", "can_edit", "can_act")
] + [
    ("can_post", "DocumentApi"), ("can_put", "DocumentApi"),
    ("can_post", "TaskApi"), ("can_put", "TaskApi"), ("can_act", "TaskApi"),
    ("can_entry", "QuickEntryView"), ("can_office", "InboxView"),
    ("can_download", "AttachmentView"),
    ("*", "SecretReportModelView"),
] + _menus("Quick entry", "Office inbox", "Secret report receipts")
# A unit acts on its own tasks (accept, return, report...) and reads its inbox.
_UNIT_WORK = [
    ("can_act", "TaskModelView"), ("can_act", "TaskApi"),
    ("can_unit", "InboxView"), ("can_download", "AttachmentView"),
] + _menus("Unit inbox")
_LEADER_READ = [("can_download", "AttachmentView"), ("can_office", "InboxView")] + _menus(
    "Office inbox")

ROLE_PERMISSIONS = {
    # Admin receives every permission (FAB's AUTH_ROLE_ADMIN); listed for the README.
    ADMIN: [("*", "*")],
    OFFICE_SPECIALIST: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _OFFICE_WRITE
    + _CALENDAR_READ,
    OFFICE_LEADER: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _OFFICE_WRITE
    + _CALENDAR_READ,
    PROVINCIAL_LEADER: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _LEADER_READ
    + _CALENDAR_READ,
    UNIT_CLERK: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _UNIT_WORK + _CALENDAR_READ,
    UNIT_LEADER: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _UNIT_WORK + _CALENDAR_READ,
    # Statistics and operations, never task content.
    DIC_IT: _SELF_SERVICE + _UNITS_READ + _CALENDAR_READ,
}


def wanted(role_name, permission_view_pairs):
    """The (permission, view) pairs out of those registered that the role gets."""
    rules = ROLE_PERMISSIONS[role_name]
    return {
        (perm, view)
        for perm, view in permission_view_pairs
        for rule_perm, rule_view in rules
        if rule_view in ("*", view) and rule_perm in ("*", perm)
    }
