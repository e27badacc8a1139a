"""Sessions end (issue 9).

A signed-in session lasts ``SESSION_IDLE_MINUTES`` after its last request:
Flask checks the signed cookie's age on every request, so a copied cookie
expires too, not only the browser's. And every session carries the epoch
its user signed in under (``AppUser.session_epoch``): signing out or a new
password moves the epoch on, so a cookie copied before stops working
(``app.security`` does the same for API tokens).
"""
from datetime import timedelta

from flask import g, session
from flask_login import current_user, logout_user, user_logged_in, user_logged_out

EPOCH = "_epoch"


def init_sessions(app):
    app.permanent_session_lifetime = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    user_logged_in.connect(_remember_epoch, app)
    user_logged_out.connect(_end_sessions, app)

    @app.before_request
    def _check_session():
        if not current_user.is_authenticated:
            return
        if session.get(EPOCH) != current_user.session_epoch:
            # Signed out elsewhere, or the password changed since: this copy is over.
            g.ending_stale_session = True
            logout_user()
            session.clear()
            return
        # Permanent sessions are re-signed on each request: the idle clock restarts.
        session.permanent = True


def _remember_epoch(sender, user, **extra):
    session[EPOCH] = user.session_epoch


def _end_sessions(sender, user, **extra):
    if user is None or not getattr(user, "is_authenticated", False) \
            or g.get("ending_stale_session"):
        return
    from app.services import accounts

    accounts.end_sessions(user)
