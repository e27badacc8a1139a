"""RQ jobs: thin functions taking ids and ISO dates, run inside an app context.

A worker process builds the Flask app once (``app_context``) and reuses it
for every job it runs; in a process that already has a context (tests, the
CLI) the existing one is used.
"""
from contextlib import contextmanager

from flask import has_app_context

_app = None


@contextmanager
def app_context():
    global _app
    if has_app_context():
        yield
        return
    if _app is None:
        from app import create_app

        _app = create_app()
    with _app.app_context():
        yield
