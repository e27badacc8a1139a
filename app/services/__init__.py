"""The service layer: the only code that loads, changes and commits.

Views, the API, the CLI and jobs call these functions with the acting user;
every read goes through ``app.scope`` helpers.
"""
from contextlib import contextmanager
from dataclasses import dataclass, field

from app.extensions import db
from app.models import AppUser, Unit
from app.rules.text import fold
from app.scope import scoped_select


@contextmanager
def transaction():
    """One transaction: commit at the end, roll everything back on any error
    (re-raised), so a failure never leaves half a change in the session."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _set_active(model, user, ids, active):
    """Activate or deactivate the rows among ``ids`` the user may see."""
    with transaction():
        rows = db.session.scalars(scoped_select(model, user).where(model.id.in_(ids))).all()
        for row in rows:
            row.active = active
    return len(rows)


def set_units_active(user, unit_ids, active):
    return _set_active(Unit, user, unit_ids, active)


def set_users_active(user, user_ids, active):
    return _set_active(AppUser, user, user_ids, active)


@dataclass
class UnitNode:
    unit: Unit
    children: list = field(default_factory=list)
    match: bool = True


def unit_tree(user, query=""):
    """The user's visible units as a forest; with a query, the matches and
    their ancestors (so a match is shown in place)."""
    units = db.session.scalars(
        scoped_select(Unit, user).order_by(Unit.sort_order, Unit.name)
    ).all()
    nodes = {u.id: UnitNode(u) for u in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.id])
    words = fold(query).split()
    if not words:
        return roots

    def keep(node):
        node.match = all(w in (node.unit.search_key or "") for w in words)
        node.children = [c for c in node.children if keep(c)]
        return node.match or bool(node.children)

    return [r for r in roots if keep(r)]


def visible_units(user, active_only=True):
    stmt = scoped_select(Unit, user).order_by(Unit.sort_order, Unit.name)
    if active_only:
        stmt = stmt.where(Unit.active.is_(True))
    return db.session.scalars(stmt).all()
