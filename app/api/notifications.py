"""REST API of the notification centre: ``/api/v1/notification/``.

The caller's own notifications only (``app.services.notifications``):
another person's id answers 404, exactly as a missing one. ``message`` is
the sentence in the caller's language (``api_locale``). docs/api.md is the
contract.
"""
from flask import g, request
from flask_appbuilder.api import BaseApi, expose, safe
from flask_appbuilder.const import API_URI_RIS_KEY
from flask_appbuilder.security.decorators import permission_name, protect
from flask_babel import force_locale, gettext as _

from app.api.base import BAD_QUERY, NEGATIVE_PAGE, _read_query
from app.api.tracking import SessionLocaleMixin, api_locale
from app.rules import N_
from app.services import notifications as service
from app.web import json_body
from app.web.notices import notice_text

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000
BAD_PAGING = N_("page and page_size must be whole numbers (page_size at most %(max)d).")
BAD_UNREAD = N_("unread must be true or false.")


class BadArgs(ValueError):
    pass


def _whole(value, default, low, high):
    if value is None or value == "":
        return default
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise BadArgs(BAD_PAGING)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadArgs(BAD_PAGING) from None
    if number < 0:
        raise BadArgs(NEGATIVE_PAGE)
    if not low <= number <= high:
        raise BadArgs(BAD_PAGING)
    return number


def _flag(value):
    if value in (None, "", False, "false", "0", 0):
        return False
    if value in (True, "true", "1", 1):
        return True
    raise BadArgs(BAD_UNREAD)


def list_args():
    """(page, page_size, unread only) from ``?page=&page_size=&unread=``, or
    from the same keys in FAB's ``q`` (Rison or JSON); the plain ones win."""
    asked = {}
    if request.args.get(API_URI_RIS_KEY):
        try:
            parsed = _read_query(request.args[API_URI_RIS_KEY])
        except Exception:  # noqa: BLE001 - the Rison reader fails with ValueError & co.
            raise BadArgs(BAD_QUERY) from None
        problem = json_body.check(parsed)  # not Unicode, nested too deep
        if problem:
            raise BadArgs(BAD_QUERY if problem == json_body.BAD_JSON else problem)
        if not isinstance(parsed, dict):
            raise BadArgs(BAD_QUERY)
        asked.update(parsed)
    for key in ("page", "page_size", "unread"):
        if key in request.args:
            asked[key] = request.args[key]
    return (_whole(asked.get("page"), 0, 0, MAX_PAGE),
            _whole(asked.get("page_size"), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
            _flag(asked.get("unread")))


def notification_json(notification):
    return {
        "id": notification.id,
        "kind": notification.kind,
        "task_id": notification.task_id,
        "message": notice_text(notification.kind, notification.params),
        "created_on": notification.created_on.isoformat(),
        "read": notification.read_at is not None,
    }


class NotificationApi(SessionLocaleMixin, BaseApi):
    resource_name = "notification"
    class_permission_name = "NotificationApi"
    openapi_spec_tag = "Notifications"

    def _localised(self, status, **body):
        locale = api_locale()
        with force_locale(locale):
            body = {key: value() if callable(value) else value for key, value in body.items()}
        response = self.response(status, **body)
        response.headers["Content-Language"] = locale
        return response

    @expose("/", methods=["GET"])
    @protect()
    @safe
    @permission_name("get")
    def get_list(self):
        """The caller's notifications, newest first.
        ---
        get:
          parameters:
          - in: query
            name: page
            schema: {type: integer, minimum: 0}
          - in: query
            name: page_size
            schema: {type: integer, minimum: 1, maximum: 100}
          - in: query
            name: unread
            schema: {type: boolean}
          responses:
            200:
              description: count (all that match) and result (this page)
            400:
              $ref: '#/components/responses/400'
            401:
              $ref: '#/components/responses/401'
        """
        try:
            page, page_size, unread = list_args()
        except BadArgs as err:
            msgid = str(err)
            return self._localised(400, message=lambda: _(msgid, max=MAX_PAGE_SIZE))
        rows, total = service.notifications(g.user, page=page, per_page=page_size,
                                            unread_only=unread)
        return self._localised(200, count=total,
                               result=lambda: [notification_json(n) for n in rows])

    @expose("/<int:pk>/read", methods=["POST"])
    @protect()
    @safe
    @permission_name("post")
    def read(self, pk):
        """Mark one of the caller's notifications read.
        ---
        post:
          parameters:
          - in: path
            schema: {type: integer}
            name: pk
          responses:
            200:
              description: The notification, read
            401:
              $ref: '#/components/responses/401'
            404:
              $ref: '#/components/responses/404'
        """
        notification = service.get_own(g.user, pk)
        if notification is None:
            return self.response_404()
        service.mark_read(g.user, [notification.id])  # its commit reloads the row
        return self._localised(200, id=pk, result=lambda: notification_json(notification))
