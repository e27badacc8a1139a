"""Search over documents and tasks."""
from flask import g, request
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from app.rules.search import MAX_WORDS
from app.screens.inbox import list_helpers
from app.services.tracking.search import find

# At most this many documents and this many tasks are listed, best first.
SHOWN = 50


class TrackingSearchView(BaseView):
    """One box over document numbers, summaries and task content: whole words,
    accents optional, the words exactly as typed first."""

    route_base = "/search"
    default_view = "list"

    @expose("/")
    @has_access
    def list(self):
        query = (request.args.get("q") or "").strip()
        results = find(g.user, query, limit=SHOWN) if query else None
        return self.render_template("tracking/search.html", title=_l("Search"),
                                    query=query, results=results, shown=SHOWN,
                                    max_words=MAX_WORDS, **list_helpers())
