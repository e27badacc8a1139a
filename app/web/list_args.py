"""List screens' URL arguments that FAB would turn into a 500 (issue 9).

FAB reads ``page_<View>``, ``psize_<View>`` and ``_oc_<View>``/``_od_<View>``
straight from the query string: a page that is not a number, a page size
beyond any integer, or an order on a column the view cannot sort by fail deep
inside FAB or SQLAlchemy. Such an argument is dropped: the browser is sent to
the same URL without it, and the list shows as it would without it.
"""
import re
from urllib.parse import urlencode

from flask import redirect, request

_PAGING = re.compile(r"^(?:page|psize)_(\w+)$")
_ORDER = re.compile(r"^_o([cd])_(\w+)$")
MAX_PAGE = 10 ** 9
MAX_PAGE_SIZE = 500


def init_list_args(app, appbuilder):
    """After every view is registered: their sortable columns are read once."""
    sortable = _sortable_columns(appbuilder)

    @app.before_request
    def _drop_bad_list_args():
        if request.method != "GET" or not request.args:
            return None
        bad = bad_list_args(request.args, sortable)
        if not bad:
            return None
        kept = [(k, v) for k, v in request.args.items(multi=True) if k not in bad]
        return redirect(request.path + ("?" + urlencode(kept) if kept else ""))


def _sortable_columns(appbuilder):
    """View class name → the columns it can order by (no relations: FAB lists
    them but the query fails)."""
    found = {}
    for view in appbuilder.baseviews:
        columns = getattr(view, "order_columns", None)
        datamodel = getattr(view, "datamodel", None)
        if columns is None or datamodel is None:
            continue
        found[type(view).__name__] = {c for c in columns if not _is_relation(datamodel, c)}
    return found


def _is_relation(datamodel, column):
    try:
        return datamodel.is_relation(column)
    except Exception:  # noqa: BLE001 - FAB raises on names that are not columns
        return True


def bad_list_args(args, sortable):
    """The names of the list arguments in ``args`` that cannot be honoured."""
    bad = set()
    for key, value in args.items(multi=True):
        paging = _PAGING.match(key)
        if paging:
            limit = MAX_PAGE_SIZE if key.startswith("psize_") else MAX_PAGE
            if not (value.isascii() and value.isdigit() and int(value) <= limit):
                bad.add(key)
            continue
        order = _ORDER.match(key)
        if order:
            kind, view = order.groups()
            if kind == "c" and value not in sortable.get(view, ()):
                bad |= {key, "_od_" + view}
            elif kind == "d" and value not in ("asc", "desc"):
                bad |= {key, "_oc_" + view}
    return bad
