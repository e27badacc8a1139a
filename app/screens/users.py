"""The user administration screen: FAB's user view with the unit, folded
search, and bulk activate / deactivate."""
from flask import flash, g, redirect
from flask_appbuilder.actions import action
from flask_appbuilder.security.views import UserDBModelView
from flask_babel import lazy_gettext as _l, ngettext

from app import services
from app.screens.formatting import format_bool, format_day, format_roles


def _set_active(view, items, active):
    count = services.set_users_active(g.user, [u.id for u in items], active)
    message = (
        ngettext("%(num)d user activated.", "%(num)d users activated.", count)
        if active
        else ngettext("%(num)d user deactivated.", "%(num)d users deactivated.", count)
    )
    flash(message, "success")
    view.update_redirect()
    return redirect(view.get_redirect())


class AppUserDBModelView(UserDBModelView):
    list_columns = ["first_name", "last_name", "username", "unit", "roles", "active", "last_login"]
    add_columns = ["first_name", "last_name", "username", "active", "email", "unit", "roles"]
    edit_columns = ["first_name", "last_name", "username", "active", "email", "unit", "roles"]
    search_columns = ["search_key", "unit", "roles", "active", "last_login"]
    show_fieldsets = [
        (_l("User info"), {"fields": ["username", "active", "unit", "roles", "login_count"]}),
        (_l("Personal Info"), {"fields": ["first_name", "last_name", "email"], "expanded": True}),
        (
            _l("Audit Info"),
            {
                "fields": ["last_login", "fail_login_count", "created_on", "created_by",
                           "changed_on", "changed_by"],
                "expanded": False,
            },
        ),
    ]
    user_show_fieldsets = [
        (_l("User info"), {"fields": ["username", "active", "unit", "roles", "login_count"]}),
        (_l("Personal Info"), {"fields": ["first_name", "last_name", "email"], "expanded": True}),
    ]
    label_columns = dict(
        UserDBModelView.label_columns,
        unit=_l("Unit"),
        search_key=_l("Name, username or e-mail"),
    )
    formatters_columns = {"active": format_bool, "last_login": format_day, "roles": format_roles}
    base_order = ("username", "asc")
    # People leave; their history stays: deactivate, never delete.
    exclude_route_methods = {"delete"}
    page_size = 50

    @action("activate", _l("Activate"), _l("Activate the selected users?"), "fa-check")
    def activate(self, items):
        return _set_active(self, items if isinstance(items, list) else [items], True)

    @action("deactivate", _l("Deactivate"), _l("Deactivate the selected users?"), "fa-ban")
    def deactivate(self, items):
        return _set_active(self, items if isinstance(items, list) else [items], False)

