"""Vietnamese text folding for search that ignores diacritics."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text):
    """Lower-case, strip diacritics (đ → d) and collapse spaces.

    "Krông Pắc" and "krong   pac" fold to the same key, so a search typed
    without accents finds accented names on SQLite and PostgreSQL alike.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def small_number(value, digits=9):
    """A whole number written in at most ``digits`` ASCII digits, else None:
    ``str.isdigit`` also passes "²" and thousands of digits, which ``int``
    refuses or a database cannot hold."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None
