"""Error pages inside the layout, in the user's language; JSON for the API.

One handler for every HTTP error (403, 404 — also what an object outside the
user's scope answers —, 405, 413, 429, 500 and the rest): the page shows the
navbar (with the user's menu when signed in), a sentence a clerk
understands and a way back; ``/api/...`` (and JSON requests) get FAB's
``{"message": ...}``. An unexpected exception reaches here as a 500 after
Flask has logged it with its traceback; the page never shows it. Rendering
the page can never raise: when the layout cannot be drawn (the database is
down, say) a plain page says the same.
"""
import json
import logging
from urllib.parse import urlsplit

from flask import (Response, current_app, flash, g, jsonify, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import escape
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.rules import N_
from app.services.files import TOO_LARGE_MESSAGE, megabytes

log = logging.getLogger(__name__)

# What each status tells a person: a title and a sentence (msgids).
MESSAGES = {
    400: (N_("The request could not be handled"),
          N_("Something in what was sent is not valid. Go back, check what was typed and "
             "try again.")),
    401: (N_("Please sign in"),
          N_("Sign in to continue.")),
    403: (N_("Not allowed"),
          N_("Your account is not allowed to open this page. If your work needs it, ask the "
             "administrator to give your role this permission.")),
    404: (N_("Not found"),
          N_("This page or record does not exist, or it belongs to another unit and your "
             "account cannot see it. Check the address, or go back.")),
    405: (N_("Not possible from this address"),
          N_("This address does not accept this kind of request. Use the buttons and links "
             "of the screens instead of typing the address.")),
    413: (N_("File too large"), TOO_LARGE_MESSAGE),
    429: (N_("Too many attempts"),
          N_("There were too many attempts in a short time. Wait a minute, then try again.")),
    500: (N_("Something went wrong"),
          N_("The system could not complete this request. The error has been recorded for "
             "the IT staff. Try again in a moment; if it happens again, tell them the time it "
             "happened.")),
}
GENERIC = (N_("The request could not be completed"),
           N_("The system could not complete this request. Go back and try again."))


def register(app):
    """Called by ``app.views.register_views``."""
    app.register_error_handler(HTTPException, handle_error)
    app.before_request(refuse_too_large)


def refuse_too_large():
    """A body over the limit is refused before any view reads it: werkzeug
    would raise 413 inside the view, where FAB's API turns every exception
    into a 500 "Fatal error"."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def handle_error(error):
    """Flask's handler for every HTTPException (unexpected exceptions arrive
    as InternalServerError). Never raises."""
    try:
        return _respond(error)
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        _logger().exception("The error page for %s could not be drawn", _code(error))
        return _plain(error)


def _logger():
    """Flask's logger, where the 500's own traceback went (a module logger
    made at import may have been disabled by a later logging.config)."""
    try:
        return current_app.logger
    except Exception:  # noqa: BLE001
        return log


def _code(error):
    return getattr(error, "code", None) or 500


def _respond(error):
    # A response made by whoever raised (e.g. a rate limit's own) is the answer.
    if getattr(error, "response", None) is not None:
        return error.response
    code = _code(error)
    if code >= 500:
        _rollback()
    title, message = _texts(error, code)
    headers = _headers(error)
    if _wants_json():
        return jsonify({"message": message}), code, headers
    if code == 413:
        back = _same_site_referrer()
        if back:  # the upload form: back where the file was chosen, with the reason
            flash(message, "danger")
            return redirect(back)
    if "user" not in g:
        g.user = current_user
    appbuilder = current_app.appbuilder
    page = render_template(
        "errors/error.html", appbuilder=appbuilder, base_template=appbuilder.base_template,
        code=code, title=title, message=message, back=_same_site_referrer(),
        home=url_for("HomeView.index"))
    return page, code, headers


def _texts(error, code):
    """(title, sentence) in the user's language."""
    title, message = MESSAGES.get(code, GENERIC)
    if code == 413:
        limit = megabytes(current_app.config.get("MAX_CONTENT_LENGTH") or 0)
        return _(title), _(message, limit=limit)
    description = getattr(error, "description", None)
    if code == 400 and description and description != type(error).description:
        # Our abort(400, description=...) says what is wrong, translated
        # a JSON client gets Flask's reason.
        return _(title), str(description)
    return _(title), _(message)


def _headers(error):
    """The error's own headers (Allow for 405, WWW-Authenticate, Retry-After)."""
    try:
        return [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    except Exception:  # noqa: BLE001
        return []


def _wants_json():
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _same_site_referrer():
    """The page the person came from, if it is one of ours, else None."""
    back = request.referrer or ""
    if not back or back == request.url:
        return None
    parts = urlsplit(back)
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None  # never send anyone to another site
    return back


def _rollback():
    """A failed statement may have left the transaction unusable: the layout
    (menu, badges) reads the database again."""
    try:
        from app.extensions import db

        db.session.rollback()
    except Exception:  # noqa: BLE001
        _logger().warning("Rollback before the error page failed", exc_info=True)


def _plain(error):
    """The same answer without the layout, templates or database."""
    code = _code(error)
    _rollback()
    title, message = MESSAGES.get(code, GENERIC)
    home = N_("Home page")
    try:
        params = ({"limit": megabytes(current_app.config["MAX_CONTENT_LENGTH"])}
                  if code == 413 else {})
        title, message, home = _(title), _(message, **params), _(home)
    except Exception:  # noqa: BLE001 - no catalog: the English text
        message = message.replace("%(limit)s", "?")
    try:
        wants_json = _wants_json()
    except Exception:  # noqa: BLE001
        wants_json = False
    if wants_json:
        return Response(json.dumps({"message": message}, ensure_ascii=False), code,
                        mimetype="application/json")
    body = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            '<body style="font-family:sans-serif;margin:3em"><h1>{title}</h1><p>{message}</p>'
            '<p><a href="/">{home}</a></p></body></html>').format(
        title=escape(title), message=escape(message), home=escape(home))
    return Response(body, code, mimetype="text/html")
