"""Directive documents: FAB's list and search, our own pages for show, add and
edit so that every write goes through the service (rules, uniqueness, history)."""
from flask import flash, g, redirect, request, url_for
from flask_appbuilder import ModelView, expose, has_access
from flask_appbuilder.security.decorators import permission_name
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf

from app import services
from app.services import files
from app.extensions import db
from app.field_labels import field_labels
from app.screens.formatting import format_day
from app.models import Document, Task
from app.rules import RuleError, enums
from app.scope import SCOPE_FILTER, scoped_select
from app.services import tracking
from app.screens.common import (label_of, progress_flag, rule_message,
                                       timeliness_flag)
from app.screens.forms import SEARCH_KEY_HELP, DocumentForm, submit
from app.screens.lists import ListInterface, search_fields

_ROUTES_NOT_USED = {"delete", "download", "action", "action_post"}


def _labels(labels):
    return lambda value: label_of(labels, value)


DOCUMENT_LABELS = field_labels(
    "doc_type", "number_symbol", "summary", "issued_on", "signer", "issuing_authority",
    "drafting_unit", "urgency", "confidentiality", "complex_entry", "notes",
    search_key=_l("Number, summary or signer"))
# Enumerations of the list's filters ("Is" / "Is one of" on their labels).
DOCUMENT_CHOICES = {
    "doc_type": enums.DOC_TYPE_LABELS,
    "urgency": enums.URGENCY_LABELS,
    "confidentiality": enums.CONFIDENTIALITY_LABELS,
    "issuing_authority": enums.ISSUING_AUTHORITY_LABELS,
}


class DocumentModelView(ModelView):
    datamodel = ListInterface(Document, DOCUMENT_CHOICES)
    route_base = "/documents"
    list_title = _l("Directive documents")
    show_title = _l("Directive document")
    add_title = _l("New directive document")
    edit_title = _l("Edit directive document")
    exclude_route_methods = _ROUTES_NOT_USED
    base_filters = SCOPE_FILTER
    search_form_query_rel_fields = {"drafting_unit": SCOPE_FILTER}
    list_columns = ["number_symbol", "issued_on", "doc_type", "summary", "urgency",
                    "confidentiality"]
    search_columns = ["search_key", "doc_type", "issued_on", "urgency", "confidentiality",
                      "issuing_authority", "drafting_unit", "complex_entry"]
    search_form_extra_fields = search_fields(DOCUMENT_LABELS, DOCUMENT_CHOICES,
                                             yes_no=("complex_entry",))
    order_columns = ["number_symbol", "issued_on", "doc_type", "urgency"]
    base_order = ("issued_on", "desc")
    formatters_columns = {
        "issued_on": format_day,
        "doc_type": _labels(enums.DOC_TYPE_LABELS),
        "urgency": _labels(enums.URGENCY_LABELS),
        "confidentiality": _labels(enums.CONFIDENTIALITY_LABELS),
        "summary": lambda text: (text or "")[:200],
    }
    label_columns = DOCUMENT_LABELS
    description_columns = {"search_key": SEARCH_KEY_HELP}
    page_size = 50

    # --- Show ---------------------------------------------------------------

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        doc = tracking.get_document(g.user, pk)
        tasks = db.session.scalars(
            scoped_select(Task, g.user).where(Task.document_id == doc.id).order_by(Task.id)
        ).all()
        sm = self.appbuilder.sm
        attachments = files.attachments_of(g.user, "document", doc.id)
        can_edit = sm.has_access("can_edit", "DocumentModelView")
        return self.render_template(
            "tracking/document_show.html", doc=doc, tasks=tasks,
            attachments=attachments, can_edit=can_edit,
            # Only an entry with no task and no file may be removed (Art. 5.2, R4).
            can_remove=can_edit and not attachments and not db.session.scalar(
                db.select(Task.id).where(Task.document_id == doc.id).limit(1)),
            can_add_task=sm.has_access("can_add", "TaskModelView")
            and not enums.SECRET_LEVELS & {doc.confidentiality},
            enums=enums, label_of=label_of, timeliness_flag=timeliness_flag,
            progress_flag=progress_flag, csrf_token=generate_csrf, title=self.show_title)

    # --- Add / edit -----------------------------------------------------------

    def _form(self, doc=None):
        form = DocumentForm()
        form.set_units(services.visible_units(g.user, active_only=doc is None))
        if doc is not None and request.method == "GET":
            form.load(doc)
        return form

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        form = self._form()
        doc = submit(form, lambda data: tracking.create_document(g.user, data))
        if doc is not None:
            flash(_("Document %(number)s saved.", number=doc.number_symbol), "success")
            return redirect(url_for(".show", pk=doc.id))
        return self.render_template("tracking/document_form.html", form=form,
                                    title=self.add_title, doc=None)

    @expose("/edit/<pk>", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        doc = tracking.get_document(g.user, pk)
        form = self._form(doc)
        saved = submit(form, lambda data: tracking.update_document(g.user, doc.id, data))
        if saved is not None:
            flash(_("Document %(number)s saved.", number=saved.number_symbol), "success")
            return redirect(url_for(".show", pk=saved.id))
        return self.render_template("tracking/document_form.html", form=form,
                                    title=self.edit_title, doc=doc)

    @expose("/remove/<pk>", methods=["GET", "POST"])
    @has_access
    @permission_name("edit")
    def remove(self, pk):
        """Remove an entry made by mistake (no task, no file), above all one
        found to be secret: asks first, then removes (``remove_document``)."""
        doc = tracking.get_document(g.user, pk)
        if request.method == "POST":
            try:
                number = tracking.remove_document(g.user, doc.id)
            except RuleError as err:
                flash(rule_message(err), "danger")
                return redirect(url_for(".show", pk=doc.id))
            flash(_("The entry of document %(number)s was removed.", number=number), "success")
            return redirect(url_for(".list"))
        return self.render_template("tracking/document_remove.html", doc=doc,
                                    csrf_token=generate_csrf, enums=enums, label_of=label_of,
                                    title=_("Remove the entry"))

    # --- Files --------------------------------------------------------------------

    @expose("/upload/<pk>", methods=["POST"])
    @has_access
    @permission_name("edit")
    def upload(self, pk):
        doc = tracking.get_document(g.user, pk)
        upload_files(request.files.getlist("file"), "document", doc.id)
        return redirect(url_for(".show", pk=doc.id) + "#files")


def upload_files(file_list, owner_type, owner_id):
    """Store each uploaded file, flashing what was kept and what was refused."""
    stored = 0
    for storage in file_list:
        if not storage or not storage.filename:
            continue
        try:
            files.store_upload(storage, owner_type, owner_id, g.user)
            stored += 1
        except RuleError as err:
            flash(_("%(name)s: %(message)s", name=storage.filename,
                    message=rule_message(err)), "danger")
    if stored:
        flash(_("%(num)d file(s) attached.", num=stored), "success")
    elif not any(s and s.filename for s in file_list):
        flash(_("Choose a file to attach."), "warning")

