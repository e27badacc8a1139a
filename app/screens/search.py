"""Search over documents and tasks."""
from flask import g, request
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from app.screens.inbox import list_helpers
from app.services import tracking


class TrackingSearchView(BaseView):
    """One box over document numbers, summaries and task content, accents optional."""

    route_base = "/search"
    default_view = "list"

    @expose("/")
    @has_access
    def list(self):
        query = (request.args.get("q") or "").strip()
        results = tracking.search(g.user, query) if query else None
        return self.render_template("tracking/search.html", title=_l("Search"),
                                    query=query, results=results, **list_helpers())
