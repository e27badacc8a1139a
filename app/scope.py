"""Unit scope: the one access filter reused everywhere.

``visible_unit_ids(user)`` answers "which units' records may this user see":
``None`` means every unit (Office, leadership, administrators, DIC), otherwise
a set of ids (the user's unit and its sub-units; empty for a user with no unit).
``UnitScopeFilter`` turns that into SQL through each model's ``scope_clause``,
so list, show, edit, delete, actions, relation dropdowns, the API, exports,
search and jobs all ask the same question the same way.
"""
from flask import g
from flask_appbuilder.models.filters import BaseFilter
from sqlalchemy import select

from app.extensions import db
from app.models import Unit
from app.roles import GLOBAL_SCOPE_ROLES


def role_names(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return {role.name for role in user.roles}


def subtree_ids(unit_id):
    """The unit and all its descendants (iterative: unit trees are shallow)."""
    ids = {unit_id}
    frontier = {unit_id}
    while frontier:
        children = set(
            db.session.scalars(select(Unit.id).where(Unit.parent_id.in_(frontier)))
        )
        frontier = children - ids
        ids |= frontier
    return ids


def visible_unit_ids(user):
    """None for "all units", else the set of unit ids the user may see."""
    if role_names(user) & GLOBAL_SCOPE_ROLES:
        return None
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        return set()
    return subtree_ids(unit_id)


def scope_clause(model, user):
    """SQL condition limiting ``model`` rows to the user's scope, or None."""
    ids = visible_unit_ids(user)
    if ids is None:
        return None
    return model.scope_clause(ids)


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
