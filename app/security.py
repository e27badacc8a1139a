"""The security manager: FAB's, with our user model and our security screens
(users, own password and profile, another user's password, read-only roles,
labelled permission lists). FAB's user statistics page (it loads its chart
library from the internet) and its user groups (a group's roles would bypass
the unit scope) are not offered."""
import logging
import time

from flask import current_app, flash, g, has_request_context, jsonify, request, session
from flask_appbuilder.security.api import SecurityApi
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.filters import FoldedInterface
from app.models import AppUser
from app.rules import N_
from app.screens.access import (AppPermissionModelView, AppPermissionViewModelView,
                                AppRoleModelView, AppUserGroupModelView, AppViewMenuModelView)
from app.screens.users import (AppResetMyPasswordView, AppResetPasswordView,
                               AppUserDBModelView, AppUserInfoEditView, UserInterface)

log = logging.getLogger(__name__)

LOCKED_MESSAGE = N_("This account is locked after too many wrong passwords. Try again in "
                    "%(minutes)d minutes, or ask an administrator to unlock it.")
SESSION_ENDED_MESSAGE = N_("Your session has ended: sign in again.")

# FAB's menu entries whose screens are not offered.
HIDDEN_MENU_ENTRIES = ("List Groups", "User's Statistics")


PROVIDER_MESSAGE = N_("Say how to sign in: \"provider\": \"db\".")


def _login_needs_a_provider():
    """FAB's API login reads ``provider`` without its schema requiring it (a
    KeyError, so a 500): a body without it is told what is missing."""
    if request.endpoint != "SecurityApi.login" or request.method != "POST":
        return None
    body = request.get_json(silent=True)
    if isinstance(body, dict) and "provider" not in body:
        return jsonify({"message": _(PROVIDER_MESSAGE)}), 400
    return None


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
        current_app.before_request(_login_needs_a_provider)
        if self.is_auth_limited:
            # FAB limits the login form only: the API's login gets the same limit.
            for view in self.appbuilder.baseviews:
                if isinstance(view, SecurityApi):
                    self.limiter.limit(self.auth_rate_limit, methods=["POST"])(view.blueprint)

    # --- Permission checks: one query per request (issue 10) ---------------------

    def exist_permission_on_roles(self, view_name, permission_name, role_ids):
        """FAB asks the database once per menu entry and button (16–20 times
        a page); here the roles' whole permission set is read once per
        request. Kept in the request's environ, which dies with the request:
        a change to a role counts from the next request on."""
        if not has_request_context():
            return super().exist_permission_on_roles(view_name, permission_name, role_ids)
        cache = request.environ.setdefault("app.role_permissions", {})
        key = tuple(sorted(role_ids))
        if key not in cache:
            cache[key] = self._role_permission_pairs(role_ids)
        return (permission_name, view_name) in cache[key]

    # The Public role's permissions, for every API request (FAB's protect()
    # asks before it reads the token): kept this long by each process. The
    # Public role holds nothing here and changes only with `flask init`.
    PUBLIC_TTL = 30.0
    _public = (float("-inf"), frozenset())

    def is_item_public(self, permission_name, view_name):
        fetched_at, pairs = self._public
        if time.monotonic() - fetched_at > self.PUBLIC_TTL:
            role = self.get_public_role()
            pairs = self._role_permission_pairs([role.id]) if role is not None else frozenset()
            type(self)._public = (time.monotonic(), pairs)
        return (permission_name, view_name) in pairs

    def _role_permission_pairs(self, role_ids):
        from flask_appbuilder.security.sqla.models import assoc_permissionview_role

        pv, perm, view = self.permissionview_model, self.permission_model, self.viewmenu_model
        rows = self.session.execute(
            select(perm.name, view.name)
            .select_from(pv)
            .join(assoc_permissionview_role,
                  pv.id == assoc_permissionview_role.c.permission_view_id)
            .join(perm, pv.permission_id == perm.id)
            .join(view, pv.view_menu_id == view.id)
            .where(assoc_permissionview_role.c.role_id.in_(role_ids)))
        return frozenset(tuple(row) for row in rows)

    # --- Sign-in: lockout after wrong passwords (issue 9) ------------------------

    def auth_user_db(self, username, password):
        from app.services import accounts

        user = None
        if isinstance(username, str) and username:
            user = self.find_user(username=username) or self.find_user(email=username)
        if user is not None:
            accounts.before_sign_in(user)
            if accounts.is_locked(user):
                log.info("sign-in refused: %s is locked", user.username)
                self._say_locked()
                return None
        signed_in = super().auth_user_db(username, password)
        if signed_in is None and user is not None:
            accounts.after_failure(user)
            if accounts.is_locked(user):
                log.warning("account %s locked after %s failed sign-ins", user.username,
                            user.fail_login_count)
                self._say_locked()
        return signed_in

    def _say_locked(self):
        from flask import current_app

        flash(_(LOCKED_MESSAGE, minutes=current_app.config["AUTH_LOCKOUT_MINUTES"]), "danger")

    # --- Sessions and tokens that end (issue 9) --------------------------------------

    def reset_password(self, userid, password):
        from app.services import accounts

        super().reset_password(userid, password)
        user = self.get_user_by_id(userid)
        epoch = accounts.end_sessions(user)
        if current_user.is_authenticated and current_user.id == user.id:
            session["_epoch"] = epoch  # the person who changed it stays signed in here

    def create_jwt_manager(self, app):
        from app.services import accounts

        jwt_manager = super().create_jwt_manager(app)

        @jwt_manager.additional_claims_loader
        def _epoch_claim(identity):
            return {"epoch": accounts.epoch_of(identity)}

        @jwt_manager.token_in_blocklist_loader
        def _token_ended(header, payload):
            # Checked more than once a request (the API's 404 check and FAB's
            # protect()): the epoch is read once.
            cache = g.setdefault("token_epochs", {})
            subject = payload.get("sub")
            if subject not in cache:
                cache[subject] = accounts.epoch_of(subject)
            epoch = cache[subject]
            return epoch is None or payload.get("epoch") != epoch

        @jwt_manager.revoked_token_loader
        def _ended(header, payload):
            return jsonify({"message": _(SESSION_ENDED_MESSAGE)}), 401

        return jwt_manager
