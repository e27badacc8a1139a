"""User administration and everyone's own account.

FAB's user screen with the unit, Vietnamese validation of every field (a bad
form is shown again with its messages, never a 500), the password policy
stated on the form, folded search and bulk activate / deactivate; an
administrator's "set a new password" for another user; each person's own
password (the current one asked first) and own profile (names and e-mail
only: roles, unit, active flag and username stay the administrator's).
"""
from datetime import datetime

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.actions import action as action_item
from flask_appbuilder.fields import QuerySelectField, QuerySelectMultipleField
from flask_appbuilder.fieldwidgets import (BS3PasswordFieldWidget, BS3TextFieldWidget,
                                           Select2ManyWidget, Select2Widget)
from flask_appbuilder.forms import DynamicForm
from flask_appbuilder.security.sqla.models import Role
from flask_appbuilder.security.views import (ResetMyPasswordView, ResetPasswordView,
                                             UserDBModelView, UserInfoEditView)
from flask_appbuilder.validators import PasswordComplexityValidator
from flask_babel import LazyString, gettext as _, lazy_gettext as _l, ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.security import check_password_hash
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp, ValidationError

from app import services
from app.screens.actions import KnownActionsOnly
from app.services import accounts
from app.clock import VN
from app.extensions import db
from app.filters import FoldedInterface
from app.models import AppUser, Unit
from app.roles import ADMIN, GLOBAL_SCOPE_ROLES, ROLE_LABELS
from app.screens.formatting import format_bool, format_day, format_roles
from app.rules.text import small_number

# --- formatting ---------------------------------------------------------------


def server_time(value):
    """FAB stamps users (last login, created, changed) with the server's local
    clock, without a zone: shown in Vietnam time, dd/mm/yyyy HH:MM."""
    if not isinstance(value, datetime):
        return format_day(value)
    if value.tzinfo is None:
        value = value.astimezone()  # the server's local time
    return format_day(value.astimezone(VN).replace(tzinfo=None, microsecond=0))


def role_label(role):
    return _(ROLE_LABELS.get(role.name, role.name))


def _count(value):
    return value or 0


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _policy():
    config = current_app.config
    if config.get("FAB_PASSWORD_COMPLEXITY_ENABLED") and not config.get(
            "FAB_PASSWORD_COMPLEXITY_VALIDATOR"):
        return _("At least 10 characters, among them at least two capital letters, three "
                 "lower-case letters, two digits and one special character such as @ # ! or %.")
    return _("Choose a password others cannot guess.")


# What FAB's password complexity validator demands, in the user's language.
PASSWORD_POLICY = LazyString(_policy)
PASSWORD_MAX = 128

# --- validators ---------------------------------------------------------------


class UniqueFolded:
    """No other user has this value, letters' case aside (FAB signs people in
    by username case-insensitively: two "An"/"an" accounts could not sign in)."""

    def __init__(self, column, message):
        self.column = column
        self.message = message

    def __call__(self, form, field):
        value = (field.data or "").strip()
        if not value:
            return
        ids = db.session.scalars(
            select(AppUser.id).where(func.lower(self.column) == value.lower())).all()
        own = getattr(form, "_id", None)
        if any(str(found) != str(own) for found in ids):
            raise ValidationError(self.message)


class RequiredChoice:
    """A choice must be made. Unlike DataRequired it sets no HTML ``required``
    flag, which Chrome refuses on the select2-hidden select."""

    field_flags = {}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise ValidationError(self.message)


def _unit_when_unit_scoped(form, field):
    """Without a role that sees every unit, a person sees only their unit's
    records: such a person needs a unit."""
    roles = (form.roles.data or []) if "roles" in form else []
    if field.data is None and roles and not {r.name for r in roles} & GLOBAL_SCOPE_ROLES:
        raise ValidationError(_("Choose the unit this person works for: with these roles a "
                                "person without a unit would see nothing."))


def _not_locking_oneself_out(form, field):
    """An administrator editing their own account keeps it active and Admin."""
    if g.user is None or str(getattr(form, "_id", "")) != str(g.user.id):
        return
    if field.name == "active" and not field.data:
        raise ValidationError(_("You cannot deactivate your own account."))
    if field.name == "roles" and ADMIN in {r.name for r in g.user.roles} and ADMIN not in {
            r.name for r in field.data or []}:
        raise ValidationError(_("You cannot remove your own administrator role."))


# --- fields -------------------------------------------------------------------


def _roles_query():
    public = current_app.config.get("AUTH_ROLE_PUBLIC", "Public")
    return db.session.scalars(select(Role).where(Role.name != public).order_by(Role.id)).all()


def _units_query():
    return db.session.scalars(select(Unit).order_by(Unit.sort_order, Unit.name)).all()


def _name_field(label, description):
    return StringField(label, description=description, filters=[_strip],
                       validators=[DataRequired(), Length(max=64)],
                       widget=BS3TextFieldWidget())


def _username_field():
    return StringField(
        _l("User Name"), filters=[_strip], widget=BS3TextFieldWidget(),
        description=_l("What the person types to sign in: letters without accents, digits, "
                       "dot, hyphen, underscore or @, 2 to 64 characters."),
        validators=[DataRequired(), Length(min=2, max=64),
                    Regexp(r"^[A-Za-z0-9._@-]+$", message=_l(
                        "Use only letters without accents, digits, dot, hyphen, underscore "
                        "or @, without spaces.")),
                    UniqueFolded(AppUser.username, _l("This username is already taken."))])


def _email_field():
    return StringField(
        _l("Email"), filters=[_strip], widget=BS3TextFieldWidget(),
        description=_l("The person's work e-mail address."),
        validators=[DataRequired(), Length(max=320), Email(),
                    UniqueFolded(AppUser.email, _l("Another user already has this e-mail."))])


def _password_fields(label=_l("Password"), confirm=_l("Confirm Password")):
    return {
        "password": PasswordField(
            label, description=PASSWORD_POLICY, widget=BS3PasswordFieldWidget(),
            validators=[DataRequired(), Length(max=PASSWORD_MAX), PasswordComplexityValidator()]),
        "conf_password": PasswordField(
            confirm, description=_l("Type the same password again."),
            widget=BS3PasswordFieldWidget(),
            validators=[DataRequired(), EqualTo("password", message=_l("Passwords must match"))]),
    }


def _user_fields():
    return {
        "first_name": _name_field(_l("First Name"), _l("Given name, e.g. \"Văn An\".")),
        "last_name": _name_field(_l("Last Name"), _l("Family name, e.g. \"Nguyễn\".")),
        "username": _username_field(),
        "email": _email_field(),
        "active": BooleanField(
            _l("Is Active?"), default=True, validators=[_not_locking_oneself_out],
            description=_l("An inactive user cannot sign in; their history stays.")),
        "unit": QuerySelectField(
            _l("Unit"), query_func=_units_query, get_pk_func=lambda unit: unit.id,
            get_label=lambda unit: unit.name, allow_blank=True, blank_text=_l("(no unit)"),
            widget=Select2Widget(), validators=[_unit_when_unit_scoped],
            description=_l("Required for unit clerks and unit leaders: they see their unit "
                           "and its sub-units only.")),
        "roles": QuerySelectMultipleField(
            _l("Role"), query_func=_roles_query, get_pk_func=lambda role: role.id,
            get_label=role_label, widget=Select2ManyWidget(),
            validators=[RequiredChoice(_l("Choose at least one role.")),
                        _not_locking_oneself_out],
            description=_l("At least one. What each role may see and do is on the Roles "
                           "screen.")),
    }


# --- the user screen ----------------------------------------------------------


class UserInterface(FoldedInterface):
    """A database refusal (two administrators saving the same username at the
    same moment) becomes a sentence, not SQL."""

    def add(self, item, commit=True):
        try:
            super().add(item, commit)
        except SQLAlchemyError:
            raise ValueError(_("The user could not be saved: the username or e-mail is "
                               "already used.")) from None


def _set_active(view, items, active):
    items = [u for u in (items if isinstance(items, list) else [items]) if u is not None]
    if not active and any(u.id == g.user.id for u in items):
        flash(_("You cannot deactivate your own account."), "warning")
        items = [u for u in items if u.id != g.user.id]
    count = services.set_users_active(g.user, [u.id for u in items], active)
    message = (
        ngettext("%(num)d user activated.", "%(num)d users activated.", count)
        if active
        else ngettext("%(num)d user deactivated.", "%(num)d users deactivated.", count)
    )
    flash(message, "success")
    view.update_redirect()
    return redirect(view.get_redirect())


class AppUserDBModelView(KnownActionsOnly, UserDBModelView):
    list_title = _l("List Users")
    list_columns = ["last_name", "first_name", "username", "unit", "roles", "active", "last_login"]
    add_columns = ["last_name", "first_name", "username", "email", "active", "unit", "roles",
                   "password", "conf_password"]
    edit_columns = ["last_name", "first_name", "username", "email", "active", "unit", "roles"]
    add_form_extra_fields = {**_user_fields(), **_password_fields()}
    edit_form_extra_fields = _user_fields()
    # FAB's validators read a "groups" field these forms do not have.
    validators_columns = {}
    search_columns = ["search_key", "unit", "roles", "active", "last_login"]
    search_form_extra_fields = {
        "unit": QuerySelectField(_l("Unit"), query_func=_units_query,
                                 get_pk_func=lambda unit: unit.id,
                                 get_label=lambda unit: unit.name, widget=Select2Widget()),
        "roles": QuerySelectField(_l("Role"), query_func=_roles_query,
                                  get_pk_func=lambda role: role.id, get_label=role_label,
                                  widget=Select2Widget()),
    }
    show_fieldsets = [
        (_l("User info"), {"fields": ["username", "active", "unit", "roles", "login_count"]}),
        (_l("Personal Info"), {"fields": ["last_name", "first_name", "email"], "expanded": True}),
        (
            _l("Audit Info"),
            {
                "fields": ["last_login", "fail_login_count", "locked_until", "created_on",
                           "created_by", "changed_on", "changed_by"],
                "expanded": False,
            },
        ),
    ]
    # The own profile: who one is; nothing about accounts one cannot change.
    user_show_fieldsets = [
        (_l("User info"), {"fields": ["username", "unit", "roles", "last_login"]}),
        (_l("Personal Info"), {"fields": ["last_name", "first_name", "email"], "expanded": True}),
    ]
    label_columns = dict(
        UserDBModelView.label_columns,
        unit=_l("Unit"),
        search_key=_l("Name, username or e-mail"),
        locked_until=_l("Locked until"),
    )
    # FAB's own texts speak of LDAP and OpenID, which this application does not use.
    description_columns = {}
    formatters_columns = {
        "active": format_bool, "roles": format_roles, "last_login": server_time,
        "created_on": server_time, "changed_on": server_time, "locked_until": server_time,
        "login_count": _count, "fail_login_count": _count,
    }
    base_order = ("username", "asc")
    # People leave; their history stays: deactivate, never delete.
    exclude_route_methods = {"delete", "download"}
    page_size = 50

    @action_item("activate", _l("Activate"), _l("Activate the selected users?"), "fa-check")
    def activate(self, items):
        return _set_active(self, items, True)

    @action_item("unlock", _l("Unlock"), _l("Unlock the selected accounts?"), "fa-unlock")
    def unlock(self, items):
        items = [u for u in (items if isinstance(items, list) else [items]) if u is not None]
        count = accounts.unlock(g.user, [u.id for u in items])
        flash(ngettext("%(num)d account unlocked.", "%(num)d accounts unlocked.", count),
              "success")
        self.update_redirect()
        return redirect(self.get_redirect())

    @action_item("deactivate", _l("Deactivate"), _l("Deactivate the selected users?"), "fa-ban")
    def deactivate(self, items):
        return _set_active(self, items, False)

    @action_item("resetmypassword", _l("Change my password"), "", "fa-lock", multiple=False)
    def resetmypassword(self, item):
        return redirect(url_for(self.appbuilder.sm.resetmypasswordview.__name__
                                + ".this_form_get"))

    @action_item("userinfoedit", _l("Edit my profile"), "", "fa-edit", multiple=False)
    def userinfoedit(self, item):
        return redirect(url_for(self.appbuilder.sm.userinfoeditview.__name__
                                + ".this_form_get"))

    @action_item("resetpasswords", _l("Set a new password"), "", "fa-key", multiple=False)
    def resetpasswords(self, item):
        if item is None:
            abort(404)
        return redirect(url_for(self.appbuilder.sm.resetpasswordview.__name__
                                + ".this_form_get", pk=item.id))


# --- passwords and the own profile ---------------------------------------------


class NewPasswordForm(DynamicForm):
    """An administrator sets another user's password."""

    password = _password_fields(_l("New password"))["password"]
    conf_password = _password_fields(confirm=_l("Confirm the new password"))["conf_password"]


class OwnPasswordForm(DynamicForm):
    """Anyone changes their own password, proving they know the current one."""

    current_password = PasswordField(
        _l("Current password"), widget=BS3PasswordFieldWidget(),
        description=_l("The password you signed in with."),
        validators=[DataRequired(), Length(max=PASSWORD_MAX)])
    password = _password_fields(_l("New password"))["password"]
    conf_password = _password_fields(confirm=_l("Confirm the new password"))["conf_password"]

    def validate_current_password(self, field):
        if not check_password_hash(g.user.password or "", field.data or ""):
            raise ValidationError(_("The current password is not right."))

    def validate_password(self, field):
        if g.user.password and check_password_hash(g.user.password, field.data or ""):
            raise ValidationError(_("The new password must differ from the current one."))


class ProfileForm(DynamicForm):
    """What a person may change about themselves."""

    last_name = _name_field(_l("Last Name"), _l("Family name, e.g. \"Nguyễn\"."))
    first_name = _name_field(_l("First Name"), _l("Given name, e.g. \"Văn An\"."))
    email = _email_field()

    @property
    def _id(self):  # the uniqueness check skips the person's own row
        return g.user.id


def _form_page(view, form, title):
    return view.render_template(view.form_template, title=title,
                                widgets=view._get_edit_widget(form=form),
                                appbuilder=view.appbuilder)


def _userinfo_url(view):
    return url_for(view.appbuilder.sm.user_view.endpoint + ".userinfo")


class AppResetMyPasswordView(ResetMyPasswordView):
    class_permission_name = "ResetMyPasswordView"
    form = OwnPasswordForm
    form_title = _l("Change my password")

    @expose("/form", methods=["GET"])
    @has_access
    def this_form_get(self):
        self._init_vars()
        return _form_page(self, self.form.refresh(), self.form_title)

    @expose("/form", methods=["POST"])
    @has_access
    def this_form_post(self):
        self._init_vars()
        form = self.form.refresh()
        if not form.validate_on_submit():
            return _form_page(self, form, self.form_title)
        self.appbuilder.sm.reset_password(g.user.id, form.password.data)
        flash(_("Your password has been changed. Use the new one from your next sign-in."),
              "success")
        return redirect(_userinfo_url(self))


class AppResetPasswordView(ResetPasswordView):
    class_permission_name = "ResetPasswordView"
    form = NewPasswordForm
    form_title = _l("Set a new password")

    @staticmethod
    def _target():
        pk = request.args.get("pk", "")
        number = small_number(pk)
        user = db.session.get(AppUser, number) if number is not None else None
        if user is None:
            abort(404)
        return user

    @staticmethod
    def _title(user):
        return _("Set a new password for %(name)s (%(username)s)",
                 name=user.get_full_name(), username=user.username)

    @expose("/form", methods=["GET"])
    @has_access
    def this_form_get(self):
        user = self._target()
        self._init_vars()
        return _form_page(self, self.form.refresh(), self._title(user))

    @expose("/form", methods=["POST"])
    @has_access
    def this_form_post(self):
        user = self._target()
        self._init_vars()
        form = self.form.refresh()
        if not form.validate_on_submit():
            return _form_page(self, form, self._title(user))
        self.appbuilder.sm.reset_password(user.id, form.password.data)
        flash(_("The password of %(username)s has been changed.", username=user.username),
              "success")
        return redirect(url_for(self.appbuilder.sm.user_view.endpoint + ".show", pk=user.id))


class AppUserInfoEditView(UserInfoEditView):
    route_base = "/userinfoeditview"
    class_permission_name = "UserInfoEditView"
    form = ProfileForm
    form_title = _l("Edit my profile")

    @expose("/form", methods=["GET"])
    @has_access
    def this_form_get(self):
        self._init_vars()
        user = db.session.get(AppUser, g.user.id)
        form = self.form.refresh(obj=user)
        return _form_page(self, form, self.form_title)

    @expose("/form", methods=["POST"])
    @has_access
    def this_form_post(self):
        self._init_vars()
        form = self.form.refresh()
        if not form.validate_on_submit():
            return _form_page(self, form, self.form_title)
        user = db.session.get(AppUser, g.user.id)
        # Only the form's own fields: roles, unit, active or username posted
        # alongside are ignored.
        user.first_name = form.first_name.data
        user.last_name = form.last_name.data
        user.email = form.email.data
        user.changed_on = datetime.now()
        user.changed_by_fk = g.user.id
        self.appbuilder.sm.update_user(user)
        flash(_("Your profile has been saved."), "success")
        return redirect(_userinfo_url(self))
