"""Task workflow: states, actions, who may act, and what each action needs.

Regulation: Art. 6 (Office transfers; the unit reviews, returns with a reason,
updates), Art. 8 (units correct their own updates; the Office checks and
closes), Art. 20.2 / 21.2 (obstacles, new deadline), Art. 21.3 (a district
reports a late department).

``TRANSITIONS`` is the single source of truth; ``next_state`` and
``allowed_actions`` both read it, so a button is shown exactly when the API
would accept the action.

Choices where the brief was open or the regulation says more:

* ``correct-progress`` is also allowed in ``done_reported`` (state unchanged):
  Art. 8.1b lets a unit correct any of its own wrong updates, and the "done"
  report is one of them; until the Office closes, fixing it is cheaper than a
  reopen.
* ``district-feedback`` is also allowed in ``done_reported``: Art. 21.3 covers
  a department that did not act "đúng yêu cầu" (as required), which is exactly
  what a district can tell the Office before it closes the task.
* ``decide-extension`` is allowed in ``accepted``, ``in_progress`` and
  ``done_reported``: a request made before a "done" report must still be
  answerable. ``close`` and ``cancel`` do not check for a pending request;
  the caller marks it obsolete in the same transaction.
* The Office asking a unit to correct an update (Art. 8.2) is an urging
  message, not a state change, so it is not an action here.
* Cancelled tasks have no Art. 5.1g status: ``progress_of`` returns ``None``
  so that reports and scorecards exclude withdrawn tasks instead of counting
  them as "not started".
"""

from . import N_, RuleError

# States
DRAFT = "draft"
TRANSFERRED = "transferred"
ACCEPTED = "accepted"
RETURNED = "returned"
IN_PROGRESS = "in_progress"
DONE_REPORTED = "done_reported"
CLOSED = "closed"
CANCELLED = "cancelled"

STATES = (DRAFT, TRANSFERRED, ACCEPTED, RETURNED, IN_PROGRESS, DONE_REPORTED,
          CLOSED, CANCELLED)
FINAL_STATES = frozenset({CLOSED, CANCELLED})

# Actions (also the API URL names). ACTIONS is in the order the UI lists
# buttons: the main path first, side reports next, cancel last.
TRANSFER = "transfer"
ACCEPT = "accept"
RETURN = "return"
REASSIGN = "reassign"
PROGRESS = "progress"
CORRECT_PROGRESS = "correct-progress"
REPORT_DONE = "report-done"
CLOSE = "close"
REOPEN = "reopen"
REQUEST_EXTENSION = "request-extension"
DECIDE_EXTENSION = "decide-extension"
REPORT_OBSTACLE = "report-obstacle"
CONTRIBUTE = "contribute"
DISTRICT_FEEDBACK = "district-feedback"
CANCEL = "cancel"

ACTIONS = (TRANSFER, ACCEPT, RETURN, REASSIGN, PROGRESS, CORRECT_PROGRESS,
           REPORT_DONE, CLOSE, REOPEN, REQUEST_EXTENSION, DECIDE_EXTENSION,
           REPORT_OBSTACLE, CONTRIBUTE, DISTRICT_FEEDBACK, CANCEL)

# Capacities: how the acting user relates to this task (computed by the caller).
OFFICE = "office"
LEAD = "lead"
COORDINATING = "coordinating"
DISTRICT = "district"

CAPACITIES = frozenset({OFFICE, LEAD, COORDINATING, DISTRICT})

_O = frozenset({OFFICE})
_L = frozenset({LEAD})
_C = frozenset({COORDINATING})
_D = frozenset({DISTRICT})

# (from_state, action): (new_state, capacities allowed to do it)
TRANSITIONS = {
    (DRAFT,         TRANSFER):          (TRANSFERRED,   _O),
    (DRAFT,         CANCEL):            (CANCELLED,     _O),

    (TRANSFERRED,   ACCEPT):            (ACCEPTED,      _L),
    (TRANSFERRED,   RETURN):            (RETURNED,      _L),
    (TRANSFERRED,   REASSIGN):          (TRANSFERRED,   _O),
    (TRANSFERRED,   DISTRICT_FEEDBACK): (TRANSFERRED,   _D),
    (TRANSFERRED,   CANCEL):            (CANCELLED,     _O),

    # Art. 6.2a: the Office corrects and resends, or sends to another unit.
    (RETURNED,      TRANSFER):          (TRANSFERRED,   _O),
    (RETURNED,      REASSIGN):          (TRANSFERRED,   _O),
    (RETURNED,      CANCEL):            (CANCELLED,     _O),

    (ACCEPTED,      PROGRESS):          (IN_PROGRESS,   _L),
    (ACCEPTED,      REPORT_DONE):       (DONE_REPORTED, _L),
    (ACCEPTED,      REQUEST_EXTENSION): (ACCEPTED,      _L),
    (ACCEPTED,      DECIDE_EXTENSION):  (ACCEPTED,      _O),
    (ACCEPTED,      REPORT_OBSTACLE):   (ACCEPTED,      _L),
    (ACCEPTED,      CONTRIBUTE):        (ACCEPTED,      _C),
    (ACCEPTED,      DISTRICT_FEEDBACK): (ACCEPTED,      _D),
    (ACCEPTED,      CANCEL):            (CANCELLED,     _O),

    (IN_PROGRESS,   PROGRESS):          (IN_PROGRESS,   _L),
    (IN_PROGRESS,   CORRECT_PROGRESS):  (IN_PROGRESS,   _L),
    (IN_PROGRESS,   REPORT_DONE):       (DONE_REPORTED, _L),
    (IN_PROGRESS,   REQUEST_EXTENSION): (IN_PROGRESS,   _L),
    (IN_PROGRESS,   DECIDE_EXTENSION):  (IN_PROGRESS,   _O),
    (IN_PROGRESS,   REPORT_OBSTACLE):   (IN_PROGRESS,   _L),
    (IN_PROGRESS,   CONTRIBUTE):        (IN_PROGRESS,   _C),
    (IN_PROGRESS,   DISTRICT_FEEDBACK): (IN_PROGRESS,   _D),
    (IN_PROGRESS,   CANCEL):            (CANCELLED,     _O),

    # Art. 8.2: the Office closes, or sends the result back when not accepted.
    (DONE_REPORTED, CLOSE):             (CLOSED,        _O),
    (DONE_REPORTED, REOPEN):            (IN_PROGRESS,   _O),
    (DONE_REPORTED, CORRECT_PROGRESS):  (DONE_REPORTED, _L),
    (DONE_REPORTED, DECIDE_EXTENSION):  (DONE_REPORTED, _O),
    (DONE_REPORTED, DISTRICT_FEEDBACK): (DONE_REPORTED, _D),
    (DONE_REPORTED, CANCEL):            (CANCELLED,     _O),
    # CLOSED and CANCELLED: no rows, they are final.
}

# Who may do each action in some state.
ACTION_CAPACITIES = {action: frozenset().union(*(caps for (_, act), (_, caps)
                                                 in TRANSITIONS.items() if act == action))
                     for action in ACTIONS}

REQUIRED_FIELDS = {
    TRANSFER: (),
    ACCEPT: (),
    RETURN: ("reason",),
    REASSIGN: ("unit_id", "reason"),
    PROGRESS: ("content",),
    CORRECT_PROGRESS: ("content",),
    REPORT_DONE: ("content",),
    CLOSE: (),
    REOPEN: ("reason",),
    REQUEST_EXTENSION: ("reason", "new_deadline"),
    # decision_ref is required too, but only when approve is true.
    DECIDE_EXTENSION: ("approve",),
    REPORT_OBSTACLE: ("content",),
    CONTRIBUTE: ("content",),
    DISTRICT_FEEDBACK: ("content",),
    CANCEL: ("reason",),
}

# What a text field says when JSON gives it a list, an object, a number...
TEXT_MESSAGE = N_("This field must be text.")
# Payload fields that are text, and the longest text a column holds.
TEXT_FIELDS = ("reason", "content", "result", "obstacles", "status", "decision_ref")
DECISION_REF_MAX = 255

# One whole sentence per field, so translators never see a glued-in field name.
_REQUIRED_MESSAGES = {
    "reason": N_("A reason is required."),
    "content": N_("Content is required."),
    "unit_id": N_("A unit is required."),
    "new_deadline": N_("A new deadline is required."),
    "approve": N_("Approve or reject the request."),
    "decision_ref": N_("The reference of the deciding document is required."),
}

STATE_LABELS = {
    DRAFT: N_("Draft"),
    TRANSFERRED: N_("Transferred"),
    ACCEPTED: N_("Accepted"),
    RETURNED: N_("Returned"),
    IN_PROGRESS: N_("In progress"),
    DONE_REPORTED: N_("Reported done"),
    CLOSED: N_("Closed"),
    CANCELLED: N_("Cancelled"),
}

ACTION_LABELS = {
    TRANSFER: N_("Transfer"),
    ACCEPT: N_("Accept"),
    RETURN: N_("Return"),
    REASSIGN: N_("Reassign"),
    PROGRESS: N_("Update progress"),
    CORRECT_PROGRESS: N_("Correct last update"),
    REPORT_DONE: N_("Report done"),
    CLOSE: N_("Close"),
    REOPEN: N_("Reject the result"),
    REQUEST_EXTENSION: N_("Request extension"),
    DECIDE_EXTENSION: N_("Decide extension"),
    REPORT_OBSTACLE: N_("Report obstacle"),
    CONTRIBUTE: N_("Contribute"),
    DISTRICT_FEEDBACK: N_("District feedback"),
    CANCEL: N_("Cancel"),
}

# Art. 5.1g status
NOT_STARTED = "not_started"
PROGRESSING = "in_progress"
DONE = "done"

_PROGRESS = {
    DRAFT: NOT_STARTED,
    TRANSFERRED: NOT_STARTED,
    ACCEPTED: NOT_STARTED,
    RETURNED: NOT_STARTED,
    IN_PROGRESS: PROGRESSING,
    DONE_REPORTED: DONE,
    CLOSED: DONE,
    CANCELLED: None,
}


def _check_inputs(state, capacities):
    # Programming errors, not user errors: fail loudly.
    if state not in STATES:
        raise ValueError("unknown task state %r" % (state,))
    unknown = set(capacities) - CAPACITIES
    if unknown:
        raise ValueError("unknown capacities %r" % (sorted(unknown),))


def _refusal(state, action, capacities, has_deadline, extension_pending):
    """The RuleError refusing this action, or None when it is allowed.

    A capacity that may do the action in no state is told so whatever the
    state: that refusal is about who asks (403), not about when (409).
    """
    if not ACTION_CAPACITIES[action] & set(capacities):
        return RuleError(N_("You may not do this on this task."))
    row = TRANSITIONS.get((state, action))
    if row is None:
        return RuleError(
            N_("This action is not allowed while the task is %(state)s."),
            state=STATE_LABELS[state])
    if not row[1] & set(capacities):
        return RuleError(N_("You may not do this on this task."))
    if action == REQUEST_EXTENSION:
        if not has_deadline:
            return RuleError(N_("This task has no deadline to extend."))
        if extension_pending:
            return RuleError(N_("An extension request is already pending."))
    if action == DECIDE_EXTENSION and not extension_pending:
        return RuleError(N_("There is no pending extension request."))
    return None


def next_state(state, action, capacities, *, has_deadline=True,
               extension_pending=False):
    """The state after ``action``; RuleError when it is refused.

    RuleError params ``state`` are STATE_LABELS msgids: translate them too.
    """
    if action not in ACTIONS:
        raise RuleError(N_("Unknown action: %(action)s."), action=action)
    _check_inputs(state, capacities)
    error = _refusal(state, action, capacities, has_deadline, extension_pending)
    if error is not None:
        raise error
    return TRANSITIONS[(state, action)][0]


def allowed_actions(state, capacities, *, has_deadline=True,
                    extension_pending=False):
    """Actions these capacities may do now, in ACTIONS (button) order."""
    _check_inputs(state, capacities)
    return [action for action in ACTIONS
            if _refusal(state, action, capacities, has_deadline,
                        extension_pending) is None]


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def validate_payload(action, payload):
    """Check the fields ``action`` needs; return a copy with strings stripped."""
    if action not in REQUIRED_FIELDS:
        raise RuleError(N_("Unknown action: %(action)s."), action=action)
    cleaned = {key: value.strip() if isinstance(value, str) else value
               for key, value in (payload or {}).items()}
    for field in TEXT_FIELDS:
        if cleaned.get(field) is not None and not isinstance(cleaned[field], str):
            raise RuleError(TEXT_MESSAGE, field=field)
    if len(cleaned.get("decision_ref") or "") > DECISION_REF_MAX:
        raise RuleError(N_("The reference of the deciding document is too long (at most "
                           "%(max)s characters)."), max=DECISION_REF_MAX, field="decision_ref")
    required = list(REQUIRED_FIELDS[action])
    if action == DECIDE_EXTENSION:
        approve = cleaned.get("approve")
        if approve is not None and not isinstance(approve, bool):
            raise RuleError(N_("The field “approve” must be true or false."),
                            field="approve")
        if approve:
            required.append("decision_ref")
    for field in required:
        if _blank(cleaned.get(field)):
            raise RuleError(_REQUIRED_MESSAGES[field], field=field)
    return cleaned


def progress_of(state):
    """Art. 5.1g status: not_started, in_progress or done; None if cancelled."""
    if state not in STATES:
        raise ValueError("unknown task state %r" % (state,))
    return _PROGRESS[state]
