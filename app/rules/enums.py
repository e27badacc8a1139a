"""Enumerations of the tracking section: stored values and their labels.

Values are the lowercase English words of the REST contract (docs/api.md);
labels are English msgids the screens translate (Vietnamese officials read
"Quyết định", "Công văn", "Hỏa tốc"...). Workflow states and actions live in
``app.rules.workflow``; the deadline statuses in ``app.rules.timeliness``:
they are re-exported here so that screens find every label in one place.
"""
from . import N_
from . import timeliness as _timeliness
from . import workflow as _workflow

# --- Directive documents (R1) -------------------------------------------------

DECISION = "decision"
DIRECTIVE = "directive"
OFFICIAL_LETTER = "official_letter"
TELEGRAM = "telegram"
CONCLUSION_NOTICE = "conclusion_notice"
DIRECTION = "direction"
OTHER = "other"
DOC_TYPES = (DECISION, DIRECTIVE, OFFICIAL_LETTER, TELEGRAM, CONCLUSION_NOTICE,
             DIRECTION, OTHER)
DOC_TYPE_LABELS = {
    DECISION: N_("Decision"),
    DIRECTIVE: N_("Directive"),
    OFFICIAL_LETTER: N_("Official letter"),
    TELEGRAM: N_("Official telegram"),
    CONCLUSION_NOTICE: N_("Meeting conclusion notice"),
    DIRECTION: N_("Leader's direction"),
    OTHER: N_("Other document"),
}

COMMITTEE = "committee"
CHAIRMAN = "chairman"
VICE_CHAIRMAN = "vice_chairman"
ISSUING_AUTHORITIES = (COMMITTEE, CHAIRMAN, VICE_CHAIRMAN)
ISSUING_AUTHORITY_LABELS = {
    COMMITTEE: N_("Provincial People's Committee"),
    CHAIRMAN: N_("Chairman"),
    VICE_CHAIRMAN: N_("Vice-Chairman"),
}

NORMAL = "normal"
URGENT = "urgent"
VERY_URGENT = "very_urgent"
EXPRESS = "express"
URGENCIES = (NORMAL, URGENT, VERY_URGENT, EXPRESS)
URGENCY_LABELS = {
    NORMAL: N_("Ordinary"),
    URGENT: N_("Urgent"),
    VERY_URGENT: N_("Very urgent"),
    EXPRESS: N_("Express"),
}

# Confidentiality shares the value "normal" with urgency, not the label.
SECRET = "secret"
TOP_SECRET = "top_secret"
MOST_SECRET = "most_secret"
CONFIDENTIALITIES = (NORMAL, SECRET, TOP_SECRET, MOST_SECRET)
SECRET_LEVELS = frozenset({SECRET, TOP_SECRET, MOST_SECRET})
CONFIDENTIALITY_LABELS = {
    NORMAL: N_("Not classified"),
    SECRET: N_("Secret"),
    TOP_SECRET: N_("Top secret"),
    MOST_SECRET: N_("Most secret"),
}

# --- Tasks (R3) -----------------------------------------------------------------

# Art. 3.1: what the task asks for. "other" covers the other specific tasks
# a directive document assigns, and every task entered before kinds existed.
LEGAL_DOCUMENT = "legal_document"
SCHEME = "scheme"
REPORT = "report"
TASK_KINDS = (LEGAL_DOCUMENT, SCHEME, REPORT, OTHER)
TASK_KIND_LABELS = {
    LEGAL_DOCUMENT: N_("Drafting a legal document"),
    SCHEME: N_("Scheme or project"),
    REPORT: N_("Report"),
    OTHER: N_("Other task"),
}

QUARTER, HALF_YEAR, YEAR, ON_RESULT = _timeliness.CYCLES
REPORT_CYCLES = _timeliness.CYCLES
REPORT_CYCLE_LABELS = {
    QUARTER: N_("Quarterly"),
    HALF_YEAR: N_("Half-yearly"),
    YEAR: N_("Yearly"),
    ON_RESULT: N_("When there is a result"),
}

NOT_STARTED = _workflow.NOT_STARTED
IN_PROGRESS = _workflow.PROGRESSING
DONE = _workflow.DONE
PROGRESS_VALUES = (NOT_STARTED, IN_PROGRESS, DONE)
PROGRESS_LABELS = {
    NOT_STARTED: N_("Not started"),
    IN_PROGRESS: N_("In progress"),
    DONE: N_("Done"),
}

TIMELINESS_VALUES = _timeliness.DEADLINE_STATUSES
TIMELINESS_LABELS = {
    _timeliness.NONE: N_("No deadline"),
    _timeliness.WITHIN: N_("Within deadline"),
    _timeliness.DUE_SOON: N_("Due soon"),
    _timeliness.OVERDUE: N_("Overdue"),
    _timeliness.DONE_ON_TIME: N_("Done on time"),
    _timeliness.DONE_LATE: N_("Done late"),
}

STATES = _workflow.STATES
STATE_LABELS = _workflow.STATE_LABELS

# --- Progress updates (R4) --------------------------------------------------------

UPDATE_PROGRESS = "progress"
UPDATE_DONE = "done"
UPDATE_OBSTACLE = "obstacle"
UPDATE_CONTRIBUTION = "contribution"
UPDATE_FEEDBACK = "feedback"
UPDATE_KINDS = (UPDATE_PROGRESS, UPDATE_DONE, UPDATE_OBSTACLE, UPDATE_CONTRIBUTION,
                UPDATE_FEEDBACK)
UPDATE_KIND_LABELS = {
    UPDATE_PROGRESS: N_("Progress update"),
    UPDATE_DONE: N_("Done report"),
    UPDATE_OBSTACLE: N_("Obstacle report"),
    UPDATE_CONTRIBUTION: N_("Coordinating unit's contribution"),
    UPDATE_FEEDBACK: N_("District feedback"),
}

# --- History (TaskEvent.action): workflow actions plus entry and edits ----------

EVENT_CREATE = "create"
EVENT_EDIT = "edit"
EVENT_LABELS = {
    EVENT_CREATE: N_("Entered"),
    EVENT_EDIT: N_("Edited"),
    **_workflow.ACTION_LABELS,
}


def choices(labels):
    """``[(value, msgid), ...]`` in declaration order, for select fields."""
    return list(labels.items())
