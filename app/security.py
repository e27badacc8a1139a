"""The security manager: FAB's, with our user model and our security screens
(users, own password and profile, another user's password, read-only roles,
labelled permission lists). FAB's user statistics page (it loads its chart
library from the internet) and its user groups (a group's roles would bypass
the unit scope) are not offered."""
from flask_appbuilder.security.sqla.manager import SecurityManager

from app.filters import FoldedInterface
from app.models import AppUser
from app.screens.access import (AppPermissionModelView, AppPermissionViewModelView,
                                AppRoleModelView, AppUserGroupModelView, AppViewMenuModelView)
from app.screens.users import (AppResetMyPasswordView, AppResetPasswordView,
                               AppUserDBModelView, AppUserInfoEditView, UserInterface)

# FAB's menu entries whose screens are not offered.
HIDDEN_MENU_ENTRIES = ("List Groups", "User's Statistics")


class AppSecurityManager(SecurityManager):
    user_model = AppUser
    userdbmodelview = AppUserDBModelView
    resetmypasswordview = AppResetMyPasswordView
    resetpasswordview = AppResetPasswordView
    userinfoeditview = AppUserInfoEditView
    rolemodelview = AppRoleModelView
    groupmodelview = AppUserGroupModelView
    permissionmodelview = AppPermissionModelView
    viewmenumodelview = AppViewMenuModelView
    permissionviewmodelview = AppPermissionViewModelView
    userstatschartview = None

    def __init__(self, appbuilder):
        super().__init__(appbuilder)
        # FAB binds plain interfaces; ours add the accent-insensitive filter
        # and answer an id beyond any integer column with "not found".
        self.userdbmodelview.datamodel = UserInterface(self.user_model)
        for view in (self.rolemodelview, self.permissionmodelview, self.viewmenumodelview,
                     self.permissionviewmodelview):
            view.datamodel = FoldedInterface(view.datamodel.obj)

    def register_views(self):
        super().register_views()
        for category in self.appbuilder.menu.get_list():
            category.childs = [item for item in category.childs
                               if item.name not in HIDDEN_MENU_ENTRIES]
