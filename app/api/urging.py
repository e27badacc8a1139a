"""REST API of urging records: ``/api/v1/urging/`` (docs/api.md).

What the caller may read, recorded through ``app.services.urging`` as on
the screens. A record is never changed or deleted: there is no PUT and no
DELETE (405). Refusals answer as the tracking API's do, in the caller's
language.
"""
from datetime import timezone

from flask import g, request
from flask_appbuilder.api import BaseApi, expose, safe
from flask_appbuilder.security.decorators import permission_name, protect

from app.api import tracking as tracking_api
from app.api.tracking import SessionLocaleMixin, _answering, _json_body
from app.clock import VN
from app.services import urging
from app.rules.text import small_number

POST_INPUT = ("task_ids", "unit_id", "form", "level", "content")
PAGE_SIZE, MAX_PAGE_SIZE = 20, 100

# Refusals about who asks rather than what was sent.
tracking_api.refusal_status({urging.NOT_ALLOWED: 403, urging.NOT_URGEABLE: 403,
                             urging.NOT_YOURS: 403})


def _vn_day(stamp):
    """The day in Vietnam of a UTC timestamp, as ``urged_on`` is."""
    return stamp.replace(tzinfo=timezone.utc).astimezone(VN).date()


def urging_json(record):
    return {
        "id": record.id,
        "form": record.form,
        "level": record.level,
        "content": record.content,
        "urged_on": record.urged_on.isoformat(),
        "author": record.author.get_full_name() if record.author else None,
        "author_unit_id": record.author_unit_id,
        "unit_id": record.unit_id,
        "task_ids": [t.id for t in record.tasks],
        "answers": [{"unit_id": a.unit_id, "content": a.content,
                     "answered_on": _vn_day(a.answered_at).isoformat()}
                    for a in record.answers],
    }


def _number(name, default, most):
    value = request.args.get(name, "")
    number = small_number(value, 6)
    return default if number is None else min(number, most)


class UrgingApi(SessionLocaleMixin, BaseApi):
    resource_name = "urging"
    openapi_spec_tag = "Urging"

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("get")
    def get_list(self):
        """The urgings the caller may read, newest first.
        ---
        get:
          parameters:
          - in: query
            name: page
            schema: {type: integer, minimum: 0}
          - in: query
            name: page_size
            schema: {type: integer, minimum: 1, maximum: 100}
          responses:
            200:
              description: "``count`` and ``result``: id, form, level, content, urged_on,
                author, author_unit_id, unit_id, task_ids, answers"
            401:
              $ref: '#/components/responses/401'
        """
        page_size = max(_number("page_size", PAGE_SIZE, MAX_PAGE_SIZE), 1)
        items, total = urging.urgings(g.user, page=_number("page", 0, urging.MAX_PAGE),
                                      per_page=page_size)
        return self.response(200, count=total, result=[urging_json(u) for u in items])

    @expose("/<int:pk>", methods=["GET"])
    @protect()
    @safe
    @permission_name("get")
    def get(self, pk):
        """One urging with its answers.
        ---
        get:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          responses:
            200:
              description: The urging
            404:
              $ref: '#/components/responses/404'
        """
        record = urging.get_urging(g.user, pk)
        if record is None:
            return self.response_404()
        return self.response(200, id=record.id, result=urging_json(record))

    @expose("/", methods=["POST"])
    @protect()
    @safe
    @permission_name("post")
    @_answering
    def post(self):
        """Record an urging of ``task_ids``, or of the overdue and due-soon tasks
        of ``unit_id``.
        ---
        post:
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    task_ids: {type: array, items: {type: integer}}
                    unit_id: {type: integer}
                    form: {type: string, enum: [system, report, meeting, phone, email,
                                                fax, inspection]}
                    level: {type: string, enum: [reminder, criticism, explanation]}
                    content: {type: string}
          responses:
            201:
              description: The urging recorded
            400:
              $ref: '#/components/responses/400'
            403:
              $ref: '#/components/responses/403'
        """
        record = urging.record_urging(g.user, _json_body(POST_INPUT))
        return self.response(201, id=record.id, result=urging_json(record))

    @expose("/<int:pk>/answer", methods=["POST"])
    @protect()
    @safe
    @permission_name("answer")
    @_answering
    def answer(self, pk):
        """The explanation of the caller's unit, when the urging asked for one.
        ---
        post:
          parameters:
          - in: path
            name: pk
            schema: {type: integer}
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    content: {type: string}
          responses:
            200:
              description: The urging with the answer
            400:
              $ref: '#/components/responses/400'
            404:
              $ref: '#/components/responses/404'
        """
        if urging.get_urging(g.user, pk) is None:
            return self.response_404()
        urging.answer_urging(g.user, pk, _json_body(("content",)).get("content"))
        return self.response(200, id=pk, result=urging_json(urging.get_urging(g.user, pk)))
