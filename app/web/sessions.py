"""Sessions end (issue 9): a signed-in session lasts ``SESSION_IDLE_MINUTES``
after its last request. Flask checks the signed cookie's age on every
request, so a copied cookie expires too, not only the browser's."""
from datetime import timedelta

from flask import session
from flask_login import current_user


def init_sessions(app):
    app.permanent_session_lifetime = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])

    @app.before_request
    def _keep_alive():
        # Permanent sessions are re-signed on each request: the idle clock restarts.
        if current_user.is_authenticated:
            session.permanent = True
