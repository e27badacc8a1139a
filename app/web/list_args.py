"""List screens' URL arguments that FAB would turn into a 500 (issue 9).

FAB reads ``page_<View>``, ``psize_<View>`` and ``_oc_<View>``/``_od_<View>``
straight from the query string: a page that is not a number, a page size
beyond any integer, or an order on a column the view cannot sort by fail deep
inside FAB or SQLAlchemy. Such an argument is dropped: the browser is sent to
the same URL without it, and the list shows as it would without it.

FAB finds these names anywhere in an argument's name (``re.findall("page_(.*)")``
on every argument, on every screen that draws a list or a related list):
``xpage_=abc`` or ``page_=x`` reach its ``int()`` as well, so they are matched
the same way here, not only ``page_<View>``.
"""
from urllib.parse import urlencode

from flask import redirect, request
from sqlalchemy import inspect as sa_inspect

PAGE, PAGE_SIZE, ORDER_COLUMN, ORDER_DIRECTION = "page_", "psize_", "_oc_", "_od_"
MAX_PAGE = 10 ** 9
MAX_PAGE_SIZE = 500


def init_list_args(app, appbuilder):
    """After every view is registered: their sortable columns are read once."""
    sortable = _sortable_columns(appbuilder)

    @app.before_request
    def _drop_bad_list_args():
        # The API reads its own arguments (rison ``q``, ``page``, ``page_size``)
        # and answers 400 on bad ones: FAB's screen arguments are screens'.
        if request.method != "GET" or not request.args or request.path.startswith("/api/"):
            return None
        bad = bad_list_args(request.args, sortable)
        if not bad:
            return None
        kept = [(k, v) for k, v in request.args.items(multi=True) if k not in bad]
        return redirect(request.path + ("?" + urlencode(kept) if kept else ""))


def _sortable_columns(appbuilder):
    """View class name → the columns it can order by: FAB also lists
    relations and list columns the model does not have (a value the screen
    computes, the calendar's weekday), and the query fails on both."""
    found = {}
    for view in appbuilder.baseviews:
        columns = getattr(view, "order_columns", None)
        datamodel = getattr(view, "datamodel", None)
        if columns is None or datamodel is None:
            continue
        found[type(view).__name__] = {c for c in columns if _sortable(datamodel, c)}
    return found


def _sortable(datamodel, column):
    try:
        if "." in column:  # a related model's column: FAB joins it
            return True
        if datamodel.is_relation(column):
            return False
        model = datamodel.obj
        if column in sa_inspect(model).all_orm_descriptors:
            return True
        # FAB's @renders methods order by the column they name.
        return hasattr(getattr(model, column, None), "_col_name")
    except Exception:  # noqa: BLE001 - FAB raises on names that are not columns
        return False


def bad_list_args(args, sortable):
    """The names of the list arguments in ``args`` that cannot be honoured,
    found where FAB finds them (``flask_appbuilder.urltools``)."""
    bad = set()
    for key, value in args.items(multi=True):
        if "\x00" in key + value:
            bad.add(key)  # no database column can hold a NUL (PostgreSQL refuses it)
        for marker, limit in ((PAGE, MAX_PAGE), (PAGE_SIZE, MAX_PAGE_SIZE)):
            if marker in key and not _whole_number(value, limit):
                bad.add(key)
        if ORDER_COLUMN in key:
            view = key.split(ORDER_COLUMN, 1)[1]
            if value not in sortable.get(view, ()):
                bad |= {key, ORDER_DIRECTION + view}
        if key.startswith(ORDER_DIRECTION) and value not in ("asc", "desc"):
            bad |= {key, ORDER_COLUMN + key[len(ORDER_DIRECTION):]}
    return bad


def _whole_number(value, limit):
    return value.isascii() and value.isdigit() and int(value) <= limit
