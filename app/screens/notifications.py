"""The notification centre (R6): a person's own notifications, newest first,
read or not; opening one marks it read; and the e-mail settings.

Every path reads or changes the signed-in person's own rows only
(``app.services.notifications``): another person's notification answers
404, exactly like one that does not exist.
"""
from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.security.decorators import permission_name
from flask_babel import gettext as _

from app.rules import RuleError
from app.screens.common import rule_message
from app.services import notifications as service
from app.web.notices import kind_label, notice_path, notice_text

PER_PAGE = 20
# A page number past any real list (an offset the database could not take).
MAX_PAGE = 100_000


def _page():
    try:
        page = int(request.args.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    return min(max(page, 1), MAX_PAGE)


def _own_or_404(pk):
    notification = service.get_own(g.user, pk)
    if notification is None:
        abort(404)
    return notification


def _back():
    """Back to the list page the form was sent from."""
    args = {}
    if request.form.get("unread") == "1":
        args["unread"] = 1
    try:
        page = int(request.form.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    if 1 < page <= MAX_PAGE:
        args["page"] = page
    return redirect(url_for("NotificationView.list", **args))


class NotificationView(BaseView):
    """Everything here is the person's own: one permission for it all."""

    route_base = "/notifications"
    default_view = "list"
    class_permission_name = "NotificationView"

    @expose("/")
    @has_access
    @permission_name("list")
    def list(self):
        unread_only = request.args.get("unread") == "1"
        page = _page()
        rows, total = service.notifications(g.user, page=page - 1, per_page=PER_PAGE,
                                            unread_only=unread_only)
        pages = max(1, -(-total // PER_PAGE))
        items = [{"n": n, "kind": kind_label(n.kind), "text": notice_text(n.kind, n.params)}
                 for n in rows]
        return self.render_template("notifications/list.html", items=items, total=total,
                                    page=page, pages=pages, unread_only=unread_only,
                                    title=_("Notifications"))

    @expose("/open/<int:pk>")
    @has_access
    @permission_name("list")
    def open(self, pk):
        notification = _own_or_404(pk)
        service.mark_read(g.user, [notification.id])
        return redirect(request.script_root + notice_path(notification))

    @expose("/read/<int:pk>", methods=["POST"])
    @has_access
    @permission_name("list")
    def read(self, pk):
        notification = _own_or_404(pk)
        service.mark_read(g.user, [notification.id])
        return _back()

    @expose("/read-all", methods=["POST"])
    @has_access
    @permission_name("list")
    def read_all(self):
        changed = service.mark_read(g.user)
        if changed:
            flash(_("All your notifications are marked as read."), "success")
        return _back()

    @expose("/settings", methods=["GET", "POST"])
    @has_access
    @permission_name("list")
    def settings(self):
        if request.method == "POST":
            try:
                service.save_settings(g.user, request.form.get("email_enabled") == "1",
                                      request.form.get("email_mode", ""))
            except RuleError as err:
                flash(rule_message(err), "danger")
            else:
                flash(_("Your notification settings are saved."), "success")
                return redirect(url_for("NotificationView.settings"))
        email_enabled, email_mode = service.settings_of(g.user)
        return self.render_template("notifications/settings.html",
                                    email_enabled=email_enabled, email_mode=email_mode,
                                    modes=service.EMAIL_MODES, address=g.user.email or "",
                                    title=_("Notification settings"))
