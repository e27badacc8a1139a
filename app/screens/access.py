"""Roles and permissions as an administrator reads them.

Roles are data in ``app/roles.py``, restored by every ``flask init``: their
screens are read-only (an edit made here would silently vanish at the next
start) and speak in labels: the role's name and purpose, each permission as
"screen: what may be done", never ``can_list on HomeView``. FAB's user
groups are not used (a group's roles would bypass the unit scope, which reads
the user's own roles): their screens are not offered.
"""
from flask import current_app
from flask_appbuilder.models.sqla.filters import FilterNotEqual
from flask_appbuilder.security.views import (PermissionModelView, PermissionViewModelView,
                                             RoleModelView, UserGroupModelView,
                                             ViewMenuModelView)
from flask_appbuilder.widgets import ListWidget, ShowWidget
from flask_babel import gettext as _, lazy_gettext as _l
from markupsafe import Markup

from app.roles import PERMISSION_LABELS, ROLE_DESCRIPTIONS, ROLE_LABELS, VIEW_LABELS
from app.rules.text import fold

MENU_ACCESS = "menu_access"
# Permissions listed in the order of PERMISSION_LABELS (list, details, add, edit...).
_ORDER = {name: i for i, name in enumerate(PERMISSION_LABELS)}
LIST_TEMPLATE = "appbuilder/general/security/list.html"


def permission_label(name):
    label = PERMISSION_LABELS.get(name)
    return _(label) if label else name


def _menu_label(name, items):
    for item in items:
        if item.name == name and item.label:
            return _(item.label) if isinstance(item.label, str) else str(item.label)
        found = _menu_label(name, item.childs or [])
        if found:
            return found
    return None


def view_label(name):
    """A view or menu entry by its label: ours, else its menu label, else its
    list title; the raw name only for something nobody labelled."""
    label = VIEW_LABELS.get(name)
    if label:
        return _(label)
    appbuilder = current_app.appbuilder
    found = _menu_label(name, appbuilder.menu.get_list())
    if found:
        return found
    for view in appbuilder.baseviews:
        if view.class_permission_name == name and getattr(view, "list_title", None):
            return str(view.list_title)
    return name


def role_name(name):
    label = ROLE_LABELS.get(name)
    return _(label) if label else name


def _role_name_with_purpose(name):
    purpose = ROLE_DESCRIPTIONS.get(name)
    if not purpose:
        return role_name(name)
    return Markup("<strong>{}</strong><br><small class=\"text-muted\">{}</small>").format(
        role_name(name), _(purpose))


def _permission_summary(permission_views):
    views = {pv.view_menu.name for pv in permission_views
             if pv.permission.name != MENU_ACCESS}
    return _("%(permissions)d permissions on %(views)d screens and APIs",
             permissions=len(permission_views), views=len(views))


def describe_permissions(permission_views):
    """One line per screen or API: "Units screen: list, view details"; the
    menu entries on a last line."""
    by_view, menus = {}, set()
    for pv in permission_views:
        view = view_label(pv.view_menu.name)
        if pv.permission.name == MENU_ACCESS:
            menus.add(view)
        else:
            by_view.setdefault(view, set()).add(
                (_ORDER.get(pv.permission.name, len(_ORDER)), permission_label(pv.permission.name)))
    lines = [f"{view}: {', '.join(label for _order, label in sorted(perms))}"
             for view, perms in sorted(by_view.items(), key=lambda item: fold(item[0]))]
    if menus:
        lines.append(_("Menu entries: %(menus)s", menus=", ".join(sorted(menus, key=fold))))
    return "\n".join(lines) if lines else _("No permission")


class AppRoleModelView(RoleModelView):
    class_permission_name = "RoleModelView"
    list_title = _l("List Roles")
    show_title = _l("Show Role")
    list_widget = ListWidget
    show_widget = ShowWidget
    list_template = "appbuilder/general/security/role_list.html"
    # Read-only: app/roles.py is the source and `flask init` restores it.
    include_route_methods = {"list", "show"}
    copy_role = None  # FAB's "copy role" action
    base_order = ("id", "asc")
    search_columns = ["name"]
    list_columns = ["name", "permissions"]
    show_columns = ["name", "permissions"]
    label_columns = {"name": _l("Name"), "permissions": _l("Permissions")}
    formatters_columns = {"name": _role_name_with_purpose, "permissions": _permission_summary}
    show_formatters_columns = {"name": _role_name_with_purpose,
                               "permissions": describe_permissions}

    def __init__(self, **kwargs):
        # FAB's role for anonymous visitors holds nothing: not listed.
        self.base_filters = [["name", FilterNotEqual,
                              current_app.config.get("AUTH_ROLE_PUBLIC", "Public")]]
        super().__init__(**kwargs)

    def _get_show_widget(self, pk, item, widgets=None, actions=None, show_fieldsets=None):
        widgets = widgets or {}
        widgets["show"] = self.show_widget(
            pk=pk,
            label_columns=self.label_columns,
            include_columns=self.show_columns,
            value_columns=self.datamodel.get_values_item(item, self.show_columns),
            formatters_columns=self.show_formatters_columns,
            actions={},
            fieldsets=show_fieldsets or self.show_fieldsets,
            modelview_name=self.__class__.__name__,
        )
        return widgets


class AppPermissionModelView(PermissionModelView):
    class_permission_name = "PermissionModelView"
    include_route_methods = {"list"}  # read-only: the roles table is app/roles.py
    list_template = LIST_TEMPLATE
    formatters_columns = {"name": permission_label}


class AppViewMenuModelView(ViewMenuModelView):
    class_permission_name = "ViewMenuModelView"
    include_route_methods = {"list"}  # read-only: the roles table is app/roles.py
    list_template = LIST_TEMPLATE
    formatters_columns = {"name": view_label}


class AppPermissionViewModelView(PermissionViewModelView):
    class_permission_name = "PermissionViewModelView"
    include_route_methods = {"list"}  # read-only: the roles table is app/roles.py
    list_template = LIST_TEMPLATE
    formatters_columns = {
        "permission": lambda permission: permission_label(permission.name),
        "view_menu": lambda view_menu: view_label(view_menu.name),
    }


class AppUserGroupModelView(UserGroupModelView):
    """Registered by FAB's security manager; no route and no menu entry."""

    class_permission_name = "UserGroupModelView"
    include_route_methods = set()
