"""The badges a list shows for a task: every state x stored deadline status x
with/without a deadline, checked against tables written out here by hand."""
import os
from itertools import product

import pytest
from babel.messages.pofile import read_po

from app.rules import enums
from app.rules.badges import TaskBadges, art7_badges, states_of_progress, task_badges

STATES = ["draft", "transferred", "accepted", "returned", "in_progress", "done_reported",
          "closed", "cancelled"]
TIMELINESS = ["none", "within", "due_soon", "overdue", "done_on_time", "done_late"]

# The status badge each state shows (None: no badge).
PROGRESS = {
    "draft": "not_started",
    "transferred": "not_started",
    "accepted": "not_started",
    "returned": "not_started",
    "in_progress": None,  # "In progress" is the state's own words already
    "done_reported": "done",
    "closed": "done",
    "cancelled": None,  # a withdrawn task has no status
}

# With a deadline: the stored deadline statuses each state shows as they are;
# any other stored status shows no badge.
SHOWN_WITH_DEADLINE = {
    "draft": {"within", "due_soon", "overdue"},
    "transferred": {"within", "due_soon", "overdue"},
    "accepted": {"within", "due_soon", "overdue"},
    "returned": {"within", "due_soon", "overdue"},
    "in_progress": {"within", "due_soon", "overdue"},
    "done_reported": {"done_on_time", "done_late"},
    "closed": {"done_on_time", "done_late"},
    "cancelled": set(),
}


def _expected(state, timeliness, has_deadline):
    if not has_deadline:
        shown = "none"
    else:
        shown = timeliness if timeliness in SHOWN_WITH_DEADLINE[state] else None
    return TaskBadges(state, PROGRESS[state], shown)


CASES = list(product(STATES, TIMELINESS, [True, False]))


@pytest.mark.parametrize("state,timeliness,has_deadline", CASES)
def test_every_combination(state, timeliness, has_deadline):
    assert task_badges(state, timeliness, has_deadline) == _expected(
        state, timeliness, has_deadline)


def test_the_tables_cover_every_state_and_status():
    assert set(STATES) == set(enums.STATES)
    assert set(TIMELINESS) == set(enums.TIMELINESS_VALUES)


@pytest.mark.parametrize("timeliness", TIMELINESS)
def test_a_cancelled_task_with_a_deadline_is_neither_in_progress_nor_without_deadline(
        timeliness):
    badges = task_badges("cancelled", timeliness, True)
    assert badges.progress is None
    assert badges.timeliness is None


@pytest.mark.parametrize("state,timeliness", list(product(STATES, TIMELINESS)))
def test_no_deadline_is_said_exactly_when_there_is_none(state, timeliness):
    assert task_badges(state, timeliness, False).timeliness == "none"
    assert task_badges(state, timeliness, True).timeliness != "none"


def test_examples():
    assert task_badges("in_progress", "overdue", True) == TaskBadges(
        "in_progress", None, "overdue")
    assert task_badges("closed", "done_late", True) == TaskBadges("closed", "done", "done_late")
    assert task_badges("closed", "overdue", True) == TaskBadges("closed", "done", None)
    assert task_badges("accepted", "done_on_time", True) == TaskBadges(
        "accepted", "not_started", None)
    assert task_badges("draft", "none", True) == TaskBadges("draft", "not_started", None)


@pytest.mark.parametrize("state,timeliness", [("lost", "none"), ("draft", "late")])
def test_unknown_values_are_programming_errors(state, timeliness):
    with pytest.raises(ValueError):
        task_badges(state, timeliness, True)


def _catalog(lang):
    path = os.path.join(os.path.dirname(__file__), "..", "..", "translations", lang,
                        "LC_MESSAGES", "messages.po")
    with open(path, "rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang) if m.id}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("state", STATES)
def test_state_and_status_never_say_the_same_words(lang, state):
    catalog = _catalog(lang)
    badges = task_badges(state, "none", False)
    if badges.progress is None:
        return
    state_text = catalog[enums.STATE_LABELS[state]] or enums.STATE_LABELS[state]
    status_text = catalog[enums.PROGRESS_LABELS[badges.progress]] or enums.PROGRESS_LABELS[
        badges.progress]
    assert state_text.casefold() != status_text.casefold(), (state_text, status_text)


@pytest.mark.parametrize("entry,first,cycle,expected", [
    (False, False, False, []),
    (True, False, False, ["entry_late"]),
    (False, True, False, ["first_update_late"]),
    (False, False, True, ["cycle_update_missed"]),
    (True, True, True, ["entry_late", "first_update_late", "cycle_update_missed"]),
])
def test_art7_badges(entry, first, cycle, expected):
    assert art7_badges(entry, first, cycle) == expected


@pytest.mark.parametrize("progress, states", [
    ("not_started", ("draft", "transferred", "accepted", "returned")),
    ("in_progress", ("in_progress",)),
    ("done", ("done_reported", "closed")),
    ("unknown", ()),
])
def test_states_of_progress(progress, states):
    assert states_of_progress(progress) == states


def test_a_status_filter_agrees_with_the_badges():
    # Every state either shows the status it is found under, or says it itself.
    for state in STATES:
        found = [p for p in ("not_started", "in_progress", "done")
                 if state in states_of_progress(p)]
        shown = task_badges(state, "none", False).progress
        assert found == ([shown] if shown else ["in_progress"] if state == "in_progress"
                         else [])
