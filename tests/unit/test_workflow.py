"""Workflow rules: every state x action x capacity, checked against a table
written out here by hand, so a slip in app.rules.workflow.TRANSITIONS cannot
also slip into the expectation."""

from itertools import combinations, product

import pytest

from app.rules import RuleError
from app.rules import workflow as wf

STATES = ["draft", "transferred", "accepted", "returned", "in_progress",
          "done_reported", "closed", "cancelled"]
ACTIONS = ["transfer", "accept", "return", "reassign", "progress",
           "correct-progress", "report-done", "close", "reopen",
           "request-extension", "decide-extension", "report-obstacle",
           "contribute", "district-feedback", "cancel"]
CAPACITIES = ["office", "lead", "coordinating", "district"]

# (state, action, the one capacity allowed, new state). Anything not listed
# is refused for every capacity.
EXPECTED = {
    ("draft", "transfer", "office", "transferred"),
    ("draft", "cancel", "office", "cancelled"),

    ("transferred", "accept", "lead", "accepted"),
    ("transferred", "return", "lead", "returned"),
    ("transferred", "reassign", "office", "transferred"),
    ("transferred", "district-feedback", "district", "transferred"),
    ("transferred", "cancel", "office", "cancelled"),

    ("returned", "transfer", "office", "transferred"),
    ("returned", "reassign", "office", "transferred"),
    ("returned", "cancel", "office", "cancelled"),

    ("accepted", "progress", "lead", "in_progress"),
    ("accepted", "report-done", "lead", "done_reported"),
    ("accepted", "request-extension", "lead", "accepted"),
    ("accepted", "decide-extension", "office", "accepted"),
    ("accepted", "report-obstacle", "lead", "accepted"),
    ("accepted", "contribute", "coordinating", "accepted"),
    ("accepted", "district-feedback", "district", "accepted"),
    ("accepted", "cancel", "office", "cancelled"),

    ("in_progress", "progress", "lead", "in_progress"),
    ("in_progress", "correct-progress", "lead", "in_progress"),
    ("in_progress", "report-done", "lead", "done_reported"),
    ("in_progress", "request-extension", "lead", "in_progress"),
    ("in_progress", "decide-extension", "office", "in_progress"),
    ("in_progress", "report-obstacle", "lead", "in_progress"),
    ("in_progress", "contribute", "coordinating", "in_progress"),
    ("in_progress", "district-feedback", "district", "in_progress"),
    ("in_progress", "cancel", "office", "cancelled"),

    ("done_reported", "close", "office", "closed"),
    ("done_reported", "reopen", "office", "in_progress"),
    ("done_reported", "correct-progress", "lead", "done_reported"),
    ("done_reported", "decide-extension", "office", "done_reported"),
    ("done_reported", "district-feedback", "district", "done_reported"),
    ("done_reported", "cancel", "office", "cancelled"),
}
EXPECTED_BY_KEY = {(s, a): (c, new) for s, a, c, new in EXPECTED}

NOT_IN_STATE = "This action is not allowed while the task is %(state)s."
NOT_YOURS = "You may not do this on this task."
NO_DEADLINE = "This task has no deadline to extend."
ALREADY_PENDING = "An extension request is already pending."
NOT_PENDING = "There is no pending extension request."

CAPACITY_SETS = [set()] + [{c} for c in CAPACITIES]
ALL_CAPACITY_SUBSETS = [set(c) for n in range(len(CAPACITIES) + 1)
                        for c in combinations(CAPACITIES, n)]
FLAGS = [dict(has_deadline=d, extension_pending=p)
         for d, p in product([True, False], repeat=2)]


def expected_outcome(state, action, caps, has_deadline, extension_pending):
    """(new_state, None) when allowed, else (None, expected msgid)."""
    if not caps & {c for (_, a), (c, _) in EXPECTED_BY_KEY.items() if a == action}:
        return None, NOT_YOURS
    if (state, action) not in EXPECTED_BY_KEY:
        return None, NOT_IN_STATE
    cap, new = EXPECTED_BY_KEY[(state, action)]
    if cap not in caps:
        return None, NOT_YOURS
    if action == "request-extension":
        if not has_deadline:
            return None, NO_DEADLINE
        if extension_pending:
            return None, ALREADY_PENDING
    if action == "decide-extension" and not extension_pending:
        return None, NOT_PENDING
    return new, None


def actual_outcome(state, action, caps, **flags):
    try:
        return wf.next_state(state, action, caps, **flags), None
    except RuleError as e:
        return None, e.message


def test_constants_are_the_agreed_strings():
    assert list(wf.STATES) == STATES
    assert sorted(wf.ACTIONS) == sorted(ACTIONS)
    assert wf.CAPACITIES == set(CAPACITIES)
    assert wf.FINAL_STATES == {"closed", "cancelled"}
    assert (wf.DRAFT, wf.DONE_REPORTED, wf.CANCEL, wf.CORRECT_PROGRESS) == (
        "draft", "done_reported", "cancel", "correct-progress")


@pytest.mark.parametrize("state", STATES)
def test_every_transition_for_every_single_capacity(state):
    mismatches = []
    for action, caps, flags in product(ACTIONS, CAPACITY_SETS, FLAGS):
        want = expected_outcome(state, action, caps, **flags)
        got = actual_outcome(state, action, caps, **flags)
        if want != got:
            mismatches.append((action, sorted(caps), flags, want, got))
    assert mismatches == []


def test_capacities_combine_as_a_union():
    # An Office user whose unit is also the lead (the Office leads its own tasks).
    caps = {"office", "lead"}
    assert wf.next_state("done_reported", "close", caps) == "closed"
    assert wf.next_state("done_reported", "correct-progress", caps) == "done_reported"
    assert wf.allowed_actions("transferred", caps) == [
        "accept", "return", "reassign", "cancel"]


def test_final_states_allow_nothing_to_anyone():
    for state, caps, flags in product(["closed", "cancelled"],
                                      ALL_CAPACITY_SUBSETS, FLAGS):
        assert wf.allowed_actions(state, caps, **flags) == []


@pytest.mark.parametrize("flags", FLAGS)
@pytest.mark.parametrize("state", STATES)
def test_allowed_actions_agrees_with_next_state(state, flags):
    for caps in ALL_CAPACITY_SUBSETS:
        ok = [a for a in ACTIONS if actual_outcome(state, a, caps, **flags)[1] is None]
        got = wf.allowed_actions(state, caps, **flags)
        assert sorted(got) == sorted(ok), (caps, got, ok)
        # Stable order: always a subsequence of wf.ACTIONS.
        assert got == [a for a in wf.ACTIONS if a in got]


def test_allowed_actions_ui_order():
    assert wf.allowed_actions("in_progress", {"lead"}) == [
        "progress", "correct-progress", "report-done", "request-extension",
        "report-obstacle"]
    assert wf.allowed_actions("done_reported", {"office"}, extension_pending=True) == [
        "close", "reopen", "decide-extension", "cancel"]
    assert wf.allowed_actions("draft", {"office"}) == ["transfer", "cancel"]


def test_read_only_users_get_nothing():
    for state, flags in product(STATES, FLAGS):
        assert wf.allowed_actions(state, set(), **flags) == []


def test_unknown_action_is_a_rule_error():
    with pytest.raises(RuleError) as e:
        wf.next_state("draft", "delete", {"office"})
    assert e.value.message == "Unknown action: %(action)s."
    assert e.value.params == {"action": "delete"}
    with pytest.raises(RuleError):
        wf.validate_payload("delete", {})


def test_programming_errors_are_not_rule_errors():
    with pytest.raises(ValueError):
        wf.next_state("archived", "close", {"office"})
    with pytest.raises(ValueError):
        wf.allowed_actions("draft", {"admin"})


def test_refusal_names_the_state_by_its_label():
    with pytest.raises(RuleError) as e:
        wf.next_state("closed", "reopen", {"office"})
    assert e.value.message == NOT_IN_STATE
    assert e.value.params == {"state": "Closed"}


# ---- payloads ----

VALID = {
    "transfer": {},
    "accept": {},
    "return": {"reason": "Không thuộc thẩm quyền"},
    "reassign": {"unit_id": 7, "reason": "Sai đơn vị"},
    "progress": {"content": "Đang triển khai"},
    "correct-progress": {"content": "Sửa số liệu"},
    "report-done": {"content": "Đã hoàn thành"},
    "close": {},
    "reopen": {"reason": "Kết quả chưa đạt"},
    "request-extension": {"reason": "Vướng mặt bằng", "new_deadline": "2024-12-31"},
    "decide-extension": {"approve": False},
    "report-obstacle": {"content": "Thiếu kinh phí"},
    "contribute": {"content": "Ý kiến phối hợp"},
    "district-feedback": {"content": "Sở chưa thực hiện"},
    "cancel": {"reason": "Văn bản bị thu hồi"},
}


def test_required_fields_table():
    assert set(wf.REQUIRED_FIELDS) == set(ACTIONS)
    allowed_keys = {"reason", "content", "unit_id", "new_deadline", "approve",
                    "decision_ref"}
    for fields in wf.REQUIRED_FIELDS.values():
        assert set(fields) <= allowed_keys


@pytest.mark.parametrize("action", ACTIONS)
def test_valid_payloads_pass(action):
    assert wf.validate_payload(action, VALID[action]) == VALID[action]


@pytest.mark.parametrize("action,field", [
    (a, f) for a, payload in VALID.items() for f in payload])
@pytest.mark.parametrize("bad", ["missing", None, "", "   "])
def test_missing_or_blank_required_field(action, field, bad):
    payload = dict(VALID[action])
    if bad == "missing":
        del payload[field]
    else:
        payload[field] = bad
    with pytest.raises(RuleError) as e:
        wf.validate_payload(action, payload)
    assert e.value.params == {"field": field}


def test_approve_false_is_a_value_not_a_blank():
    assert wf.validate_payload("decide-extension", {"approve": False}) == {"approve": False}


def test_decision_ref_required_only_when_approving():
    with pytest.raises(RuleError) as e:
        wf.validate_payload("decide-extension", {"approve": True})
    assert e.value.params == {"field": "decision_ref"}
    with pytest.raises(RuleError):
        wf.validate_payload("decide-extension", {"approve": True, "decision_ref": " "})
    ok = {"approve": True, "decision_ref": "123/QĐ-UBND", "new_deadline": "2025-01-15"}
    assert wf.validate_payload("decide-extension", ok) == ok


def test_approve_must_be_a_boolean():
    with pytest.raises(RuleError) as e:
        wf.validate_payload("decide-extension", {"approve": "false"})
    assert e.value.params == {"field": "approve"}


def test_strings_are_stripped_and_none_payload_is_empty():
    assert wf.validate_payload("return", {"reason": "  Sai  "}) == {"reason": "Sai"}
    assert wf.validate_payload("close", None) == {}


# ---- labels and status ----

def test_every_state_and_action_has_a_label():
    assert set(wf.STATE_LABELS) == set(STATES)
    assert set(wf.ACTION_LABELS) == set(ACTIONS)
    for label in list(wf.STATE_LABELS.values()) + list(wf.ACTION_LABELS.values()):
        assert label and label.strip() == label


@pytest.mark.parametrize("state,status", [
    ("draft", "not_started"),
    ("transferred", "not_started"),
    ("accepted", "not_started"),
    ("returned", "not_started"),
    ("in_progress", "in_progress"),
    ("done_reported", "done"),
    ("closed", "done"),
    ("cancelled", None),
])
def test_progress_of(state, status):
    assert wf.progress_of(state) == status
