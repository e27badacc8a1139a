"""Unit scope: the one access filter reused everywhere.

``visible_unit_ids(user)`` answers "which units' records may this user see":
``None`` means every unit (Office, leadership, administrators, DIC), otherwise
a set of ids (the user's unit and its sub-units; empty for a user with no unit).
``UnitScopeFilter`` turns that into SQL through ``scope_clause``, so list,
show, edit, delete, actions, relation dropdowns, the API, exports, search and
jobs all ask the same question the same way.

Tasks and documents, the big tables, get their clause here
(``task_scope_clause``, ``document_scope_clause``): the same rows as the
models' ``scope_clause``, written so that each unit column's own index answers
(three indexed lookups) instead of an ``OR`` with a correlated ``EXISTS`` that
makes the database test every task (issue 10).
"""
from flask import g, has_request_context, request
from flask_appbuilder.models.filters import BaseFilter
from sqlalchemy import and_, false, or_, select, union

from app.extensions import db
from app.models import Document, Task, Unit, task_coordinating_unit
from app.roles import GLOBAL_SCOPE_ROLES


def role_names(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return {role.name for role in user.roles}


def _request_cache(name):
    """A dict that lives as long as the current request; None outside one.

    Kept in ``g`` with the request it belongs to: a test that holds an app
    context across requests shares one ``g`` between them, and a new request
    starts afresh. Nothing is ever shared between requests.
    """
    if not has_request_context():
        return None
    current = request._get_current_object()
    held = g.get("_scope_cache")
    if held is None or held[0] is not current:
        held = (current, {})
        g._scope_cache = held
    return held[1].setdefault(name, {})


def subtree_ids(unit_id):
    """The unit and all its descendants (iterative: unit trees are shallow).

    Asked several times a request (every scoped query): remembered for the
    rest of the request, never longer."""
    cache = _request_cache("subtree_ids")
    if cache is not None and unit_id in cache:
        return set(cache[unit_id])
    ids = {unit_id}
    frontier = {unit_id}
    while frontier:
        children = set(
            db.session.scalars(select(Unit.id).where(Unit.parent_id.in_(frontier)))
        )
        frontier = children - ids
        ids |= frontier
    if cache is not None:
        cache[unit_id] = frozenset(ids)
    return ids


def visible_unit_ids(user):
    """None for "all units", else the set of unit ids the user may see."""
    if role_names(user) & GLOBAL_SCOPE_ROLES:
        return None
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        return set()
    return subtree_ids(unit_id)


def _units_task_clause(unit_ids, per_document=False):
    """The tasks any of ``unit_ids`` leads, monitors or coordinates (drafts
    included), as each database answers it from the indexes on those three
    columns rather than by testing every task:

    - PostgreSQL: ``lead IN … OR monitoring IN … OR task.id IN (coordinated)``:
      the coordinated ids are hashed once (a hashed SubPlan), each task row
      tested in constant time. The lists stop after a page and count a few
      hundred rows past it (``app.filters.COUNT_AHEAD``): PostgreSQL walks an
      index in the list's order and stops early. ``task.id = ANY(ARRAY(...))``
      (a ``BitmapOr`` of three indexes, best for counting a whole scope)
      became a filter that compares each row with the whole array once the
      counts stopped early: 1.5 s for a clerk's folded search at 200,000
      tasks, against 24 ms this way.
    - SQLite: ``task.id IN (lead UNION monitoring UNION coordinated)``, a list
      it walks by primary key (either way: "newest first" stops after a
      page). Not inside a subquery per document (``per_document``): there it
      would walk the whole list for every document; there the ``OR`` form,
      which tests the document's few tasks (the coordinated ids read once).
    """
    ids = sorted(unit_ids)
    coordinating = task_coordinating_unit.c
    coordinated = select(coordinating.task_id).where(
        coordinating.unit_id.in_(ids)).correlate(None)
    if per_document or db.engine.dialect.name == "postgresql":
        return or_(Task.lead_unit_id.in_(ids), Task.monitoring_unit_id.in_(ids),
                   Task.id.in_(coordinated))
    return Task.id.in_(union(
        select(Task.id).where(Task.lead_unit_id.in_(ids)).correlate(None),
        select(Task.id).where(Task.monitoring_unit_id.in_(ids)).correlate(None),
        coordinated,
    ))


def task_scope_clause(unit_ids):
    """The tasks ``unit_ids`` may see: the rows of ``Task.scope_clause`` (not a
    draft, and one of the units leads, monitors or coordinates it)."""
    if not unit_ids:
        return false()
    return and_(Task.state != "draft", _units_task_clause(unit_ids))


def document_scope_clause(unit_ids):
    """The documents ``unit_ids`` may see: the rows of ``Document.scope_clause``
    (one of its tasks is in their scope), as ``EXISTS`` over the document's
    tasks: a semi-join on PostgreSQL (the same plans as ``IN``), and on SQLite
    a look at the document's few tasks in the (document, state, lead unit,
    monitoring unit) index, which a single document, a page newest first and
    a count all need, where an ``IN`` list would gather every document of the
    scope even to show one."""
    if not unit_ids:
        return false()
    # Correlated with the document only: a query that also reads task (a
    # join) keeps this subquery's own FROM task. "SELECT task.id", not
    # exists()'s "SELECT *", so that the index alone answers.
    return (select(Task.id)
            .where(Task.document_id == Document.id, Task.state != "draft",
                   _units_task_clause(unit_ids, per_document=True))
            .correlate(Document).exists())


_FAST_CLAUSES = {Task: task_scope_clause, Document: document_scope_clause}


def scope_clause(model, user):
    """SQL condition limiting ``model`` rows to the user's scope, or None."""
    ids = visible_unit_ids(user)
    if ids is None:
        return None
    fast = _FAST_CLAUSES.get(model)
    return fast(ids) if fast is not None else model.scope_clause(ids)


def scoped_select(model, user):
    stmt = select(model)
    clause = scope_clause(model, user)
    return stmt if clause is None else stmt.where(clause)


def current_user():
    return getattr(g, "user", None)


class UnitScopeFilter(BaseFilter):
    """FAB filter form of ``scope_clause`` for ``base_filters`` and dropdowns.

    Use as ``["id", UnitScopeFilter, current_user]``.
    """

    name = "Unit scope"
    arg_name = "unit_scope"

    def apply(self, query, value):
        clause = scope_clause(self.model, value() if callable(value) else value)
        return query if clause is None else query.filter(clause)


SCOPE_FILTER = [["id", UnitScopeFilter, current_user]]
