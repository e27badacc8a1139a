"""Security headers on every response (issue 9).

The Content-Security-Policy allows scripts, styles, images, fonts and
connections from our own origin only; FAB's inline scripts carry a nonce
(its templates call ``csp_nonce()`` when the context has it), ours are
files. Inline ``style`` attributes stay allowed: FAB's widgets use them and
they cannot run code.
"""
import secrets

from flask import g

POLICY = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
          "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
          "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
          "frame-ancestors 'none'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def csp_nonce():
    """One nonce per response, the same for every script of the page."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_headers(app):
    # A global, not a context processor: FAB renders its widgets without the
    # request context's processors, and their inline scripts need it too.
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _security_headers(response):
        response.headers["Content-Security-Policy"] = POLICY.format(nonce=csp_nonce())
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
