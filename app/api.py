"""REST resources (FAB ModelRestApi) under the same unit scope as the screens."""
from flask_appbuilder.api import ModelRestApi

from app.filters import FoldedInterface
from app.models import Unit
from app.security import SCOPE_FILTER


class AppModelRestApi(ModelRestApi):
    """FAB's ModelRestApi, whose ``_info`` translates a missing description
    as ``gettext("")``: the catalogue's header. A column without a
    description gets an empty one."""

    def _get_field_info(self, field, *args, **kwargs):
        info = super()._get_field_info(field, *args, **kwargs)
        if not (self.description_columns or {}).get(field.name):
            info["description"] = ""
        return info


class UnitApi(AppModelRestApi):
    resource_name = "unit"
    datamodel = FoldedInterface(Unit)
    # Units are maintained on screen; integrations read them.
    include_route_methods = {"get", "get_list", "info"}
    base_filters = SCOPE_FILTER
    list_columns = ["id", "code", "name", "short_name", "kind", "parent_id", "active",
                    "valid_from", "valid_to", "email", "sort_order"]
    show_columns = list_columns
    order_columns = ["name", "code", "sort_order"]
    search_columns = ["name", "code", "kind", "parent", "active"]
    base_order = ("sort_order", "asc")
