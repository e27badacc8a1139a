"""Look-ups for the screens' searched drop-downs (select2 asking as the user
types): the few documents of the user's scope matching the text, as JSON.

``GET /lookup/documents?q=<text>`` → ``{"results": [{"id", "text"}], "pagination":
{"more": false}}``, at most ``tracking.LOOKUP_LIMIT`` documents, newest first
(``tracking.lookup_documents``). Signed-in screens only (the session; the API
has its own lists); who may read documents may look them up (``can_lookup``,
app/roles.py). Text longer than a number or a summary's start: 400.
"""
from flask import g, jsonify, request
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.security.decorators import permission_name
from flask_babel import gettext as _

from app.rules import N_
from app.screens.forms import document_label
from app.services import tracking

TOO_LONG_MESSAGE = N_("Type at most %(max)d characters.")


class LookupView(BaseView):
    route_base = "/lookup"
    default_view = "documents"

    @expose("/documents")
    @has_access
    @permission_name("lookup")
    def documents(self):
        text = request.args.get("q", "")
        if len(text) > tracking.LOOKUP_MAX_CHARS:
            return jsonify({"message": _(TOO_LONG_MESSAGE, max=tracking.LOOKUP_MAX_CHARS)}), 400
        found = tracking.lookup_documents(g.user, text.strip())
        return jsonify({"results": [{"id": doc.id, "text": document_label(doc)}
                                    for doc in found],
                        "pagination": {"more": False}})
