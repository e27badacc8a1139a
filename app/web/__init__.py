"""Request-level policies that hold for every screen and API call alike:
CSRF on every state change, security headers, session lifetime, JSON bodies
that can be stored; and the list arguments FAB cannot honour (``list_args``,
installed once the views are registered)."""
from app.web.csrf import init_csrf
from app.web.headers import init_headers
from app.web.json_body import init_json_body
from app.web.sessions import init_sessions


def init_web(app):
    """Before FAB's ``init_app``: FAB exempts its APIs from the CSRF check
    only when the CSRF extension is there when they are added."""
    init_csrf(app)
    init_headers(app)
    init_sessions(app)
    init_json_body(app)
