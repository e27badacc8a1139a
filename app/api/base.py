"""The base of our REST resources."""
from flask_appbuilder.api import ModelRestApi


class AppModelRestApi(ModelRestApi):
    """FAB's ModelRestApi, whose ``_info`` translates a missing description
    as ``gettext("")``: the catalogue's header. A column without a
    description gets an empty one."""

    def _get_field_info(self, field, *args, **kwargs):
        info = super()._get_field_info(field, *args, **kwargs)
        if not (self.description_columns or {}).get(field.name):
            info["description"] = ""
        return info
