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

# What each role is for, in a sentence (the role screens show it).
ROLE_DESCRIPTIONS = {
    ADMIN: N_("Everything: units, users, roles and permissions, the API documentation, "
              "the calendar."),
    OFFICE_SPECIALIST: N_("Sees every unit's documents and tasks; enters documents and tasks "
                          "(also by quick entry), transfers, reassigns, closes, reopens and "
                          "cancels tasks, decides extensions, keeps the secret-report register."),
    OFFICE_LEADER: N_("As the Office specialist."),
    PROVINCIAL_LEADER: N_("Sees every unit's documents and tasks and the Office inbox; "
                          "changes nothing."),
    UNIT_CLERK: N_("Sees the tasks its unit leads, coordinates or monitors once transferred; "
                   "accepts, returns, reports progress and results, reports obstacles, "
                   "requests extensions."),
    UNIT_LEADER: N_("As the Unit clerk."),
    DIC_IT: N_("Sees units, the calendar, statistics and operations; never task content."),
}

# Readable names of FAB's permissions and of the views they apply to, for the
# role and permission screens. Menu entries are named by their menu label.
PERMISSION_LABELS = {
    "can_list": N_("see the list"),
    "can_show": N_("see the details"),
    "can_add": N_("add new"),
    "can_edit": N_("edit records"),
    "can_delete": N_("delete records"),
    "can_download": N_("download files"),
    "can_get": N_("read (API)"),
    "can_info": N_("read the field descriptions (API)"),
    "can_post": N_("create (API)"),
    "can_put": N_("change (API)"),
    "can_tree": N_("see the tree"),
    "can_act": N_("act on tasks"),
    "can_entry": N_("enter documents and tasks"),
    "can_office": N_("the Office inbox"),
    "can_unit": N_("the unit inbox"),
    "can_history": N_("read the history"),
    "can_lookup": N_("look up documents while typing"),
    "can_urge": N_("urge tasks and units"),
    "can_answer": N_("answer an urging"),
    "can_request_correction": N_("ask a unit to correct an update"),
    "urge": N_("urge the selected tasks"),
    "can_chart": N_("see the chart"),
    "can_this_form_get": N_("open the form"),
    "can_this_form_post": N_("send the form"),
    "can_userinfo": N_("view own profile"),
    "userinfoedit": N_("edit own profile"),
    "resetmypassword": N_("change own password"),
    "resetpasswords": N_("set another user's password"),
    "activate": N_("activate records"),
    "deactivate": N_("deactivate records"),
    "unlock": N_("unlock accounts locked after wrong passwords"),
    "copyrole": N_("copy roles"),
    "can_add_role_permissions": N_("add permissions to a role"),
    "can_list_role_permissions": N_("list a role's permissions"),
    "can_update_role_groups": N_("change a role's groups"),
    "can_update_role_users": N_("change a role's users"),
    "menu_access": N_("menu entry"),
}
VIEW_LABELS = {
    "HomeView": N_("Home page"),
    "UtilView": N_("Back navigation"),
    "LocaleView": N_("Language switch"),
    "AuthDBView": N_("Sign-in page"),
    "SecurityApi": N_("Sign-in API"),
    "UserInfoEditView": N_("Own profile form"),
    "ResetMyPasswordView": N_("Own password form"),
    "ResetPasswordView": N_("Another user's password form"),
    "AppUserDBModelView": N_("Users screen"),
    "RoleModelView": N_("Roles screen"),
    "UserGroupModelView": N_("User groups screen"),
    "UserStatsChartView": N_("User statistics screen"),
    "PermissionModelView": N_("Base permissions screen"),
    "ViewMenuModelView": N_("Screens and menus screen"),
    "PermissionViewModelView": N_("Permissions on screens screen"),
    "OpenApi": N_("API description (OpenAPI)"),
    "SwaggerView": N_("API documentation (Swagger UI)"),
    "MenuApi": N_("Menu API"),
    "UnitTreeView": N_("Unit tree screen"),
    "UnitModelView": N_("Units screen"),
    "UnitApi": N_("Units API"),
    "DocumentModelView": N_("Documents screen"),
    "DocumentApi": N_("Documents API"),
    "TaskModelView": N_("Tasks screen"),
    "TaskApi": N_("Tasks API"),
    "TrackingSearchView": N_("Search screen"),
    "QuickEntryView": N_("Quick entry screen"),
    "InboxView": N_("Inboxes"),
    "SecretReportModelView": N_("Secret report receipts screen"),
    "AttachmentView": N_("Attachments"),
    "LookupView": N_("Searched drop-downs"),
    "CalendarDayModelView": N_("Working-day calendar screen"),
    "UrgingView": N_("Urgings screen"),
    "UrgingApi": N_("Urgings API"),
    "NotificationView": N_("Notification centre"),
    "NotificationApi": N_("Notifications API"),
    "UrgingLetterView": N_("Urging letters screen"),
    # FAB's menu entries whose screens are gone or renamed.
    "User's Statistics": N_("User statistics"),
    "List Groups": N_("User groups"),
}

# Roles that see every unit's records (what they may do is still per view).
GLOBAL_SCOPE_ROLES = {ADMIN, OFFICE_SPECIALIST, OFFICE_LEADER, PROVINCIAL_LEADER, DIC_IT}
# Roles that act for the Office in the task workflow.
OFFICE_ROLES = {ADMIN, OFFICE_SPECIALIST, OFFICE_LEADER}

# What every signed-in person needs: own profile, own password, menu, API spec,
# own notifications.
# The profile page's two buttons are FAB *actions*, whose permission is the
# action's bare name (no ``can_`` prefix): without them the buttons are hidden.
_SELF_SERVICE = [
    ("can_this_form_get", "UserInfoEditView"),
    ("can_this_form_post", "UserInfoEditView"),
    ("can_this_form_get", "ResetMyPasswordView"),
    ("can_this_form_post", "ResetMyPasswordView"),
    ("can_userinfo", "AppUserDBModelView"),
    ("resetmypassword", "AppUserDBModelView"),
    ("userinfoedit", "AppUserDBModelView"),
    ("can_get", "MenuApi"),
    ("can_get", "OpenApi"),
    # The notification centre: each person's own notifications and settings.
    ("can_list", "NotificationView"),
    ("can_get", "NotificationApi"),
    ("can_post", "NotificationApi"),
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
# ``can_lookup``: the searched drop-downs of documents (app/screens/lookup.py).
_TRACKING_READ = _read("DocumentModelView", "TaskModelView", "DocumentApi", "TaskApi",
                       "TrackingSearchView") + [("can_history", "TaskApi"),
                                                ("can_lookup", "LookupView")] + _TRACKING_MENUS
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
# The Office drafts the urging letters (công văn đôn đốc) to units.
_URGING_LETTERS = [("can_list", "UrgingLetterView"),
                   ("can_download", "UrgingLetterView")] + _menus("Urging letters")
# A unit acts on its own tasks (accept, return, report...) and reads its inbox.
_UNIT_WORK = [
    ("can_act", "TaskModelView"), ("can_act", "TaskApi"),
    ("can_unit", "InboxView"), ("can_download", "AttachmentView"),
] + _menus("Unit inbox")
# Urgings (Art. 9–11): read by whoever reads tasks (not DIC IT); the Office
# urges any open task and asks for corrections; a unit urges the tasks it
# monitors or its sub-units lead (the service decides which) and answers.
_URGING_READ = _read("UrgingView", "UrgingApi") + _menus("Urgings")
_OFFICE_URGING = [("can_urge", "UrgingView"), ("can_request_correction", "UrgingView"),
                  ("can_post", "UrgingApi"), ("urge", "TaskModelView")]
_UNIT_URGING = [("can_urge", "UrgingView"), ("can_answer", "UrgingView"),
                ("can_post", "UrgingApi"), ("can_answer", "UrgingApi"), ("urge", "TaskModelView")]
_LEADER_READ = [("can_download", "AttachmentView"), ("can_office", "InboxView")] + _menus(
    "Office inbox")

ROLE_PERMISSIONS = {
    # Admin receives every permission (FAB's AUTH_ROLE_ADMIN); listed for the README.
    ADMIN: [("*", "*")],
    OFFICE_SPECIALIST: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _OFFICE_WRITE
    + _CALENDAR_READ + _URGING_READ + _OFFICE_URGING + _URGING_LETTERS,
    OFFICE_LEADER: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _OFFICE_WRITE
    + _CALENDAR_READ + _URGING_READ + _OFFICE_URGING + _URGING_LETTERS,
    PROVINCIAL_LEADER: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _LEADER_READ
    + _CALENDAR_READ + _URGING_READ,
    UNIT_CLERK: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _UNIT_WORK + _CALENDAR_READ
    + _URGING_READ + _UNIT_URGING,
    UNIT_LEADER: _SELF_SERVICE + _UNITS_READ + _TRACKING_READ + _UNIT_WORK + _CALENDAR_READ
    + _URGING_READ + _UNIT_URGING,
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
