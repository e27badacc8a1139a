"""One label per field of a document or a task, shared by the screens, the
API and the history, so a field reads the same wherever it appears."""
from flask_babel import lazy_gettext as _l

FIELD_LABELS = {
    "doc_type": _l("Document type"),
    "number_symbol": _l("Number and symbol"),
    "summary": _l("Summary"),
    "issued_on": _l("Issue date"),
    "signer": _l("Signer"),
    "issuing_authority": _l("Issuing authority"),
    "drafting_unit_id": _l("Drafting or submitting unit"),
    "urgency": _l("Urgency"),
    "confidentiality": _l("Confidentiality"),
    "complex_entry": _l("Many tasks, units or consultation (5 working days)"),
    "notes": _l("Notes"),
    "document_id": _l("Document"),
    "content": _l("Content"),
    "kind": _l("Task kind"),
    "lead_unit_id": _l("Lead unit"),
    "coordinating_unit_ids": _l("Coordinating units"),
    "monitoring_unit_id": _l("Monitoring unit"),
    "has_deadline": _l("Has a deadline"),
    "must_report": _l("Must be submitted or reported"),
    "deadline": _l("Deadline"),
    "effective_deadline": _l("Effective deadline"),
    "report_cycle": _l("Update cycle"),
    "state": _l("State"),
    "progress": _l("Status"),
    "timeliness": _l("Timeliness"),
    "version": _l("Version"),
}
# Screens name the relations; the API and the history name their ids.
for _id, _relation in (("drafting_unit_id", "drafting_unit"), ("lead_unit_id", "lead_unit"),
                       ("monitoring_unit_id", "monitoring_unit"), ("document_id", "document"),
                       ("coordinating_unit_ids", "coordinating_units")):
    FIELD_LABELS[_relation] = FIELD_LABELS[_id]


def field_labels(*names, **own):
    """The shared labels of ``names``, plus labels of the caller's own."""
    return {**{name: FIELD_LABELS[name] for name in names}, **own}
