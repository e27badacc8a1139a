"""Dates as people read them: dd/mm/yyyy in Vietnamese, ISO in English."""
from datetime import date, datetime

from flask_babel import get_locale

_FORMATS = {"vi": ("%d/%m/%Y", "%d/%m/%Y %H:%M")}
_DEFAULT = ("%Y-%m-%d", "%Y-%m-%d %H:%M")


def _formats():
    locale = get_locale()
    return _FORMATS.get(locale.language if locale else "vi", _DEFAULT)


def format_day(value):
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.strftime(_formats()[1])
    if isinstance(value, date):
        return value.strftime(_formats()[0])
    return str(value)


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
