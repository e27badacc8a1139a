"""Values as people read them on the screens: dates (app/web/dates.py),
yes/no, roles."""
from app.web.dates import format_day  # noqa: F401 - the screens' name for it


def format_bool(value):
    from flask_babel import gettext as _

    return _("Yes") if value else _("No")


def format_roles(roles):
    from flask_babel import gettext as _

    from app.roles import ROLE_LABELS

    return ", ".join(_(ROLE_LABELS.get(r.name, r.name)) for r in roles)


def register(app):
    app.jinja_env.filters["day"] = format_day
    # An empty value shows as nothing, not as the English word "None".
    app.jinja_env.finalize = lambda value: "" if value is None else value
