"""A JSON request body that cannot be stored is refused at the door (issue 9):
nesting deeper than any form of ours sends, text that is not valid Unicode
(a lone surrogate such as "\\ud800", which Python's JSON reader accepts and
the database then refuses), or text with a NUL character ("\\u0000", which
PostgreSQL's text columns cannot hold: found by tests/fuzz/test_api_fuzz.py).
Answers 400 with a sentence instead of a 500 from wherever it would have
failed. ``check`` serves the API's ``q`` argument too (app/api/base.py)."""
import json

from flask import jsonify, request
from flask_babel import gettext as _

from app.rules import N_

MAX_DEPTH = 32
BAD_JSON = N_("The request's JSON is not valid.")
BAD_TEXT = N_("The request holds text that is not valid Unicode.")
BAD_NUL = N_("The request holds a NUL character, which no text may contain.")


def init_json_body(app):
    @app.before_request
    def _check_json_body():
        if request.method in ("GET", "HEAD", "OPTIONS") or not request.is_json:
            return None
        raw = request.get_data(cache=True)
        if not raw:
            return None
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            return jsonify({"message": _(BAD_JSON)}), 400
        problem = check(body)
        if problem:
            return jsonify({"message": _(problem)}), 400
        return None


def check(body):
    """None when ``body`` can be stored, else the msgid of what is wrong with it.
    Iterative: a deep body must not exhaust the stack here either."""
    stack = [(body, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return BAD_JSON
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return BAD_TEXT
            if "\x00" in value:
                return BAD_NUL
        elif isinstance(value, dict):
            stack.extend((k, depth + 1) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return None
