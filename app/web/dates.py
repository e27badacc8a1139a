"""Dates as people read them: dd/mm/yyyy in Vietnamese, ISO in English
(the screens, the messages of notifications and e-mails)."""
from datetime import date, datetime

from flask_babel import get_locale

_FORMATS = {"vi": ("%d/%m/%Y", "%d/%m/%Y %H:%M")}
_DEFAULT = ("%Y-%m-%d", "%Y-%m-%d %H:%M")


def _formats():
    locale = get_locale()
    return _FORMATS.get(locale.language if locale else "vi", _DEFAULT)


def format_day(value):
    """A date or datetime (or an ISO date string) in the reader's format."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.strftime(_formats()[1])
    if isinstance(value, date):
        return value.strftime(_formats()[0])
    return str(value)
