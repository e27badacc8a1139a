"""Units, readable by integrations under the same unit scope as the screens."""
from app.api.base import AppModelRestApi
from app.filters import FoldedInterface
from app.models import Unit
from app.scope import SCOPE_FILTER


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

    # Read-only: no add or edit form to describe. FAB's would list every unit
    # as a possible parent and every user account, whatever the caller's scope.
    def _get_fields_info(self, cols, model_schema, filter_rel_fields, **kwargs):
        return []
