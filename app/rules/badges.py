"""What a list shows of a task's standing: the badges, agreeing with each other.

A task carries three things a reader sees as badges: its workflow state, its
Art. 5.1g status (``progress``) and its deadline status (``timeliness``). The
stored ``progress`` and ``timeliness`` are kept by the services and the flags
job, and can lag behind the state for a moment (a task saved since the last
refresh) or say nothing useful (a cancelled task owes nothing, so its flags
say "no deadline" even when it had one). ``task_badges`` decides, from the
state, the stored timeliness and whether the task has a deadline, which
badges a list shows, so that no badge contradicts another:

* the state badge is always shown;
* the status badge is the one the state implies (``workflow.progress_of``),
  left out when it would repeat the state's own words ("In progress" twice)
  and for a cancelled task, which has no status;
* the deadline badge says "No deadline" exactly when the task has none,
  whatever its state; a task with a deadline shows an open status (within,
  due soon, overdue) only while open, a done status (on time, late) only
  once reported done or closed, and nothing once cancelled (nothing is owed)
  or while the stored status does not match its state yet.
"""
from dataclasses import dataclass

from . import N_
from . import timeliness as tl
from . import workflow as wf

OPEN_STATES = frozenset({wf.DRAFT, wf.TRANSFERRED, wf.ACCEPTED, wf.RETURNED,
                         wf.IN_PROGRESS})
DONE_STATES = frozenset({wf.DONE_REPORTED, wf.CLOSED})
OPEN_TIMELINESS = frozenset({tl.WITHIN, tl.DUE_SOON, tl.OVERDUE})
DONE_TIMELINESS = frozenset({tl.DONE_ON_TIME, tl.DONE_LATE})

# States whose own words already say the status: the status badge is left out.
_SAYS_ITS_STATUS = frozenset({wf.IN_PROGRESS})


@dataclass(frozen=True)
class TaskBadges:
    """The values to show: a workflow state, an Art. 5.1g status or None, a
    deadline status or None (None: no badge)."""

    state: str
    progress: str | None
    timeliness: str | None


def task_badges(state, timeliness, has_deadline):
    """The badges of a task in ``state`` whose stored deadline status is
    ``timeliness``; ``has_deadline``: the task has a deadline date."""
    if state not in wf.STATES:
        raise ValueError("unknown task state %r" % (state,))
    if timeliness not in tl.DEADLINE_STATUSES:
        raise ValueError("unknown deadline status %r" % (timeliness,))
    progress = None if state in _SAYS_ITS_STATUS else wf.progress_of(state)
    return TaskBadges(state, progress, _deadline_badge(state, timeliness, has_deadline))


def _deadline_badge(state, timeliness, has_deadline):
    if not has_deadline:
        return tl.NONE
    if state in OPEN_STATES and timeliness in OPEN_TIMELINESS:
        return timeliness
    if state in DONE_STATES and timeliness in DONE_TIMELINESS:
        return timeliness
    return None


# --- Art. 7 flags: what the Office follows up -------------------------------

ENTRY_LATE = "entry_late"
FIRST_UPDATE_LATE = "first_update_late"
CYCLE_UPDATE_MISSED = "cycle_update_missed"
ART7_FLAGS = (ENTRY_LATE, FIRST_UPDATE_LATE, CYCLE_UPDATE_MISSED)
# Column and filter names (with the article), and the shorter text of a badge.
ART7_FLAG_LABELS = {
    ENTRY_LATE: N_("Entered late (Art. 7.1)"),
    FIRST_UPDATE_LATE: N_("First update late (Art. 7.2a)"),
    CYCLE_UPDATE_MISSED: N_("Periodic update missed (Art. 7.2b)"),
}
ART7_FLAG_SHORT = {
    ENTRY_LATE: N_("Entered late"),
    FIRST_UPDATE_LATE: N_("First update late"),
    CYCLE_UPDATE_MISSED: N_("Periodic update missed"),
}


def art7_badges(entry_late, first_update_late, cycle_update_missed):
    """The Art. 7 flags that are raised, in article order."""
    raised = (entry_late, first_update_late, cycle_update_missed)
    return [flag for flag, on in zip(ART7_FLAGS, raised) if on]


def states_of_progress(progress):
    """The states whose status badge says ``progress`` (``task_badges``): what a
    filter on the status must match so that it agrees with the badges (a
    cancelled task has no status, whatever its stored ``progress`` says)."""
    return tuple(state for state in wf.STATES if wf.progress_of(state) == progress)
