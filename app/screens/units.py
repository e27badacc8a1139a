"""Unit administration: the list of units and the unit tree."""
from flask import flash, g, redirect, request
from flask_appbuilder import BaseView, ModelView, expose, has_access
from flask_appbuilder.actions import action as action_item
from flask_babel import lazy_gettext as _l, ngettext
from sqlalchemy import func, select
from wtforms import IntegerField, SelectField
from wtforms.validators import DataRequired, NumberRange, Optional

from app import services
from app.screens.actions import KnownActionsOnly
from app.extensions import db
from app.screens.formatting import format_bool, format_day
from app.models import Unit, UnitKind
from app.scope import SCOPE_FILTER
from app.screens.forms import DayDateField
from app.screens.lists import ListInterface, choice_field, yes_no_field

UNIT_KIND_LABELS = {
    UnitKind.OFFICE: _l("Provincial People's Committee Office"),
    UnitKind.LEADERSHIP: _l("Provincial leadership"),
    UnitKind.DEPARTMENT: _l("Department, board or sector"),
    UnitKind.DISTRICT: _l("District-level People's Committee"),
    UnitKind.DIC: _l("Department of Information and Communications"),
    UnitKind.OTHER: _l("Other agency"),
}


def _kind_field():
    # No default: a new unit is seldom the Office; the kind is chosen, never assumed.
    return SelectField(
        _l("Unit kind"),
        choices=[("", _l("Choose the kind of unit"))]
        + [(k, UNIT_KIND_LABELS[k]) for k in UnitKind.ALL],
        validators=[DataRequired(message=_l("Choose the kind of unit."))],
        render_kw={"class": "form-control"},
    )


def _sort_order_field():
    return IntegerField(
        _l("Sort order"), validators=[Optional(), NumberRange(min=0, max=1_000_000)],
        render_kw={"class": "form-control"},
        description=_l("Lists show units by this number. Left empty, the unit comes after "
                       "every existing one."))


def next_sort_order():
    """After every existing unit: the largest sort order plus 10."""
    return (db.session.scalar(select(func.max(Unit.sort_order))) or 0) + 10


def label_blank_choice(form_class, field_name, text):
    """FAB's optional drop-downs offer an empty choice that WTForms labels with
    its value, "__None": give it words."""
    field = getattr(form_class, field_name, None)
    if field is not None and hasattr(field, "kwargs"):
        field.kwargs["blank_text"] = text


class UnitModelView(KnownActionsOnly, ModelView):
    datamodel = ListInterface(Unit, {"kind": UNIT_KIND_LABELS})
    route_base = "/units"
    list_title = _l("Units")
    show_title = _l("Unit")
    add_title = _l("Add unit")
    edit_title = _l("Edit unit")
    # Units are deactivated or given an end date, never deleted: tasks refer to them.
    exclude_route_methods = {"delete", "download"}
    base_filters = SCOPE_FILTER
    add_query_rel_fields = {"parent": SCOPE_FILTER}
    edit_query_rel_fields = {"parent": SCOPE_FILTER}
    search_form_query_rel_fields = {"parent": SCOPE_FILTER}
    list_columns = ["name", "short_name", "code", "kind", "parent", "active"]
    show_columns = ["name", "short_name", "code", "kind", "parent", "active",
                    "valid_from", "valid_to", "email", "sort_order"]
    add_columns = edit_columns = ["code", "name", "short_name", "kind", "parent",
                                  "active", "valid_from", "valid_to", "email", "sort_order"]
    search_columns = ["search_key", "kind", "parent", "active"]
    # "Is" / "Is one of" a kind, "Is" yes / no (app/screens/lists.py).
    search_form_extra_fields = {"kind": choice_field(_l("Unit kind"), UNIT_KIND_LABELS),
                                "active": yes_no_field(_l("Active"))}
    add_form_extra_fields = edit_form_extra_fields = {
        "kind": _kind_field(),
        "valid_from": DayDateField(_l("Valid from"), validators=[Optional()]),
        "valid_to": DayDateField(_l("Valid to"), validators=[Optional()]),
        "sort_order": _sort_order_field(),
    }
    formatters_columns = {
        "kind": lambda kind: UNIT_KIND_LABELS.get(kind, kind),
        "active": format_bool,
        "valid_from": format_day,
        "valid_to": format_day,
    }
    base_order = ("sort_order", "asc")
    page_size = 50
    label_columns = {
        "name": _l("Name"),
        "short_name": _l("Short name"),
        "code": _l("Code"),
        "kind": _l("Unit kind"),
        "parent": _l("Parent unit"),
        "active": _l("Active"),
        "valid_from": _l("Valid from"),
        "valid_to": _l("Valid to"),
        "email": _l("E-mail"),
        "sort_order": _l("Sort order"),
        "search_key": _l("Name or code"),
    }
    description_columns = {
        "valid_to": _l("After this date the unit can no longer be assigned new tasks."),
        "search_key": _l("Accents are optional: \"krong pac\" finds \"Krông Pắc\"."),
    }

    def _init_forms(self):
        super()._init_forms()
        for form_class in (self.add_form, self.edit_form):
            label_blank_choice(form_class, "parent", _l("(none: a top-level unit)"))

    def pre_add(self, item):
        if item.sort_order is None:
            item.sort_order = next_sort_order()

    def pre_update(self, item):
        self.pre_add(item)

    @action_item("activate", _l("Activate"), _l("Activate the selected units?"), "fa-check")
    def activate(self, items):
        return self._set_active(items, True)

    @action_item("deactivate", _l("Deactivate"), _l("Deactivate the selected units?"), "fa-ban")
    def deactivate(self, items):
        return self._set_active(items, False)

    def _set_active(self, items, active):
        # FAB's actions bypass base_filters: re-check the scope of every id.
        items = [u for u in (items if isinstance(items, list) else [items]) if u is not None]
        count = services.set_units_active(g.user, [u.id for u in items], active)
        flash(ngettext("%(num)d unit updated.", "%(num)d units updated.", count), "success")
        self.update_redirect()
        return redirect(self.get_redirect())


class UnitTreeView(BaseView):
    route_base = "/unit-tree"
    default_view = "tree"

    @expose("/")
    @has_access
    def tree(self):
        query = request.args.get("q", "")
        roots = services.unit_tree(g.user, query)
        return self.render_template(
            "unit_tree.html", roots=roots, query=query, kind_labels=UNIT_KIND_LABELS,
            title=_l("Unit tree"),
        )
