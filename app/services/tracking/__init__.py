"""The tracking section (R1–R4): documents, tasks, the workflow, inboxes, search.

Every public function takes the acting user, reads through the one unit scope
(``app.scope``) and either commits its whole change or rolls it all back:
a refusal (``RuleError``) or an invisible object (``NotFound``) leaves the
database as it was. Screens, the API, the CLI and imports all come through
here, so the rules (secret documents, uniqueness, the transition table,
versions) and the history hold on every path.

Decisions the brief left open:

* Which fields the Office may edit in which state: ``app.rules.documents.
  EDITABLE_FIELDS``. After acceptance the deadline changes only through
  ``decide-extension`` (old deadline kept, decision reference recorded).
* ``transferred_on`` is the date of the latest transfer (or reassignment):
  the unit that now holds the task gets its Art. 7.2a three working days
  from then. ``first_transferred_on`` is set once, by the first transfer,
  and never moves: Art. 7.1 entry lateness counts from it.
* A deadline on a day off is accepted, with a warning naming the day it
  really ends (``deadline_warnings``; Civil Code art. 148(5)).
* ``close`` and ``cancel`` withdraw a pending extension request (decided,
  neither approved nor rejected) in the same transaction.
* A correction (``correct-progress``) supersedes the unit's latest progress
  or done report by a new one of the same kind; both are kept. It does not
  move ``last_update_on``: it fixes a report, it is not a new one.
* Users without a task-reading role (DIC IT) see no task, document or
  history here, whatever their unit scope: Art. 5.2 / R9 "no task content".

Modules: ``common`` (roles, messages, transactions, scoped reads,
capacities), ``documents``, ``tasks`` (entry, edits, quick entry),
``workflow`` (``act`` and its side effects), ``inbox``, ``search`` and
``keys`` (derived columns, kept by mapper events once this package is
imported) and ``lookup`` (documents as they are typed, for the searched
drop-downs). Callers use the names re-exported here.
"""
from . import keys  # noqa: F401 - registers the derived-column listeners
from .common import (CONFLICT_MESSAGE, DUPLICATE_MESSAGE, OFFICE_INBOX_ROLES,
                     OFFICE_ONLY_MESSAGE, STALE_MESSAGE, TASK_READER_ROLES, UNIT_ROLES,
                     allowed_actions_for, capacities, editable_fields_for, get_document,
                     get_task, is_office, office_unit_id, pk, task_history, task_updates)
from .documents import (DOCUMENT_FIELDS, create_document, find_duplicate, remove_document,
                        update_document)
from .inbox import OBSTACLE_WINDOW_DAYS, inbox_counts, office_inbox, unit_inbox
from .lookup import LOOKUP_LIMIT, LOOKUP_MAX_CHARS, lookup_documents
from .search import search  # the function, not the module, is ``tracking.search``
from .tasks import (TASK_ENTRY_FIELDS, TRACKED_FIELDS, create_task, deadline_warnings,
                    quick_entry, update_task)
from .workflow import act

__all__ = [
    "CONFLICT_MESSAGE", "DOCUMENT_FIELDS", "DUPLICATE_MESSAGE", "LOOKUP_LIMIT",
    "LOOKUP_MAX_CHARS", "OBSTACLE_WINDOW_DAYS",
    "OFFICE_INBOX_ROLES", "OFFICE_ONLY_MESSAGE", "STALE_MESSAGE", "TASK_ENTRY_FIELDS",
    "TASK_READER_ROLES", "TRACKED_FIELDS", "UNIT_ROLES", "act", "allowed_actions_for",
    "capacities", "create_document", "create_task", "deadline_warnings",
    "editable_fields_for", "find_duplicate",
    "get_document", "get_task", "inbox_counts", "is_office", "lookup_documents",
    "office_inbox", "office_unit_id",
    "pk", "quick_entry", "remove_document", "search", "task_history", "task_updates",
    "unit_inbox",
    "update_document",
    "update_task",
]
