"""The security manager: FAB's, with our user model and user screen."""
from flask_appbuilder.security.sqla.manager import SecurityManager

from app.filters import FoldedInterface
from app.models import AppUser
from app.screens.users import AppUserDBModelView


class AppSecurityManager(SecurityManager):
    user_model = AppUser
    userdbmodelview = AppUserDBModelView

    def __init__(self, appbuilder):
        super().__init__(appbuilder)
        # FAB binds a plain interface; ours adds the accent-insensitive filter.
        self.userdbmodelview.datamodel = FoldedInterface(self.user_model)
