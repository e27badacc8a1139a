"""CSRF on every state change (issue 9).

With Flask-WTF's ``CSRFProtect`` installed, every POST of a screen needs the
session's token (FAB's APIs, which authenticate by JWT, exempt themselves),
and FAB refuses its ``@action`` routes on GET. A missing or stale token is
told in the user's language, back where they were, never as a bare 400.
"""
from urllib.parse import urlsplit

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect

from app.rules import N_

csrf = CSRFProtect()

EXPIRED = N_("The form has expired. Reload the page and try again.")


def init_csrf(app):
    csrf.init_app(app)
    app.register_error_handler(CSRFError, _refused)


def _refused(error):
    message = _(EXPIRED)
    if request.path.startswith("/api/") or request.is_json:
        return jsonify({"message": message}), 400
    flash(message, "danger")
    back = request.referrer or ""
    if not back or urlsplit(back).netloc not in ("", request.host):
        back = url_for("HomeView.index")  # never redirect to another site
    return redirect(back)
