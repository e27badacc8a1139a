"""Urging records (Art. 9–11) and correction requests (Art. 8.2): the list,
the form for one or many tasks or a unit, one record with its answers. A
record is never edited or deleted: there is no route for it. Every write is
one call of ``app.services.urging``."""
from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.security.decorators import permission_name
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf

from app.rules import RuleError
from app.rules import reminders as rr
from app.screens.common import rule_message
from app.services import tracking, urging
from app.rules.text import small_number

PER_PAGE = 20


def _ids(text):
    """The ids of ``?task_ids=1,2,3`` as typed (the service checks them)."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _page():
    value = request.args.get("page", "")
    return small_number(value, 6) or 0


class UrgingView(BaseView):
    route_base = "/urging"
    default_view = "list"

    @expose("/")
    @has_access
    def list(self):
        page = _page()
        items, total = urging.urgings(g.user, page=page, per_page=PER_PAGE)
        return self.render_template(
            "urging/list.html", title=_l("Urgings"), items=items, total=total, page=page,
            pages=(total + PER_PAGE - 1) // PER_PAGE, **_labels(),
            may_urge=self.appbuilder.sm.has_access("can_urge", "UrgingView")
            and urging.may_urge_any(g.user))

    @expose("/new", methods=["GET"])
    @has_access
    @permission_name("urge")
    def new(self):
        return self._form(request.args.get("task_ids"), request.args.get("unit_id"), {})

    @expose("/new", methods=["POST"])
    @has_access
    @permission_name("urge")
    def record(self):
        form = request.form
        data = {"task_ids": form.getlist("task_id"), "unit_id": form.get("unit_id"),
                "form": form.get("form"), "level": form.get("level"),
                "content": form.get("content")}
        try:
            record = urging.record_urging(g.user, data)
        except RuleError as err:
            flash(rule_message(err), "danger")
            return self._form(",".join(data["task_ids"]), data["unit_id"], data), 400
        flash(_("The urging is recorded; the units are told."), "success")
        return redirect(url_for(".show", pk=record.id))

    def _form(self, task_ids, unit_id, entered):
        tasks, refused = [], []
        if task_ids:
            try:
                tasks, refused = urging.urgeable_tasks(g.user, _ids(task_ids))
            except RuleError as err:
                flash(rule_message(err), "danger")
        for task_id in refused:
            flash(rule_message(RuleError(urging.NOT_URGEABLE, id=task_id)), "danger")
        try:
            units = [] if tasks else urging.urgeable_units(g.user)
        except RuleError as err:  # a role with the permission but no unit
            flash(rule_message(err), "danger")
            units = []
        return self.render_template(
            "urging/new.html", title=_l("Record an urging"), tasks=tasks, units=units,
            unit_id=str(unit_id or ""), entered=entered, **_labels(), csrf_token=generate_csrf)

    @expose("/<int:pk>")
    @has_access
    @permission_name("list")
    def show(self, pk):
        record = urging.get_urging(g.user, pk)
        if record is None:
            abort(404)
        return self.render_template(
            "urging/show.html", title=_l("Urging"), u=record, **_labels(),
            may_answer=self.appbuilder.sm.has_access("can_answer", "UrgingView")
            and urging.may_answer(g.user, record), csrf_token=generate_csrf)

    @expose("/<int:pk>/answer", methods=["POST"])
    @has_access
    @permission_name("answer")
    def answer(self, pk):
        if urging.get_urging(g.user, pk) is None:
            abort(404)
        try:
            urging.answer_urging(g.user, pk, request.form.get("content"))
        except RuleError as err:
            flash(rule_message(err), "danger")
        else:
            flash(_("Your unit's explanation is recorded."), "success")
        return redirect(url_for(".show", pk=pk))

    @expose("/correction", methods=["POST"])
    @has_access
    @permission_name("request_correction")
    def correction(self):
        task = tracking.get_task(g.user, request.form.get("task_id"))  # 404 when not visible
        try:
            urging.request_correction(g.user, task.id, request.form.get("update_id"),
                                      request.form.get("content"))
        except RuleError as err:
            flash(rule_message(err), "danger")
        else:
            flash(_("The unit is asked to correct its update."), "success")
        return redirect(url_for("TaskModelView.show", pk=task.id))


def _labels():
    return {"forms": rr.URGING_FORMS, "levels": rr.URGING_LEVELS,
            "explanation": rr.EXPLANATION}
