"""Setting up a database: permissions and roles, the units of the province.

Every function is idempotent: ``make run`` calls them on each start.
"""
from flask import current_app
from sqlalchemy import func, select

from app.extensions import appbuilder, db
from app.models import AppUser, Unit
from app.roles import ROLE_PERMISSIONS, wanted
from app.reference.units import LEADERSHIP, UNITS


def sync_roles():
    """Register every view's permissions, then make each role hold exactly
    the permissions of ``app.roles`` (Admin: all of them)."""
    sm = appbuilder.sm
    # FAB grants each new permission to the Admin role as it registers it, so
    # the roles must exist first.
    for role_name in [*ROLE_PERMISSIONS, current_app.config["AUTH_ROLE_PUBLIC"]]:
        if not sm.find_role(role_name):
            sm.add_role(role_name)
    appbuilder.add_permissions(update_perms=True)
    registered = _registered_pairs()
    by_pair, stale = {}, []
    for pv in db.session.scalars(select(sm.permissionview_model)):
        pair = (pv.permission.name, pv.view_menu.name)
        if pair in registered:
            by_pair[pair] = pv
        else:
            stale.append(pv)
    for role in db.session.scalars(select(sm.role_model)):
        if role.name in ROLE_PERMISSIONS:
            role.permissions = [by_pair[pair] for pair in sorted(wanted(role.name, by_pair))]
        else:
            role.permissions = [pv for pv in role.permissions if pv not in stale]
    db.session.flush()
    # Permissions of screens that no longer exist (a removed or renamed view):
    # FAB keeps them, and Admin would hold them forever.
    for pv in stale:
        view_menu = pv.view_menu
        db.session.delete(pv)
        db.session.flush()
        if not db.session.scalar(select(func.count()).select_from(sm.permissionview_model)
                                 .where(sm.permissionview_model.view_menu_id == view_menu.id)):
            db.session.delete(view_menu)
    db.session.commit()


def _registered_pairs():
    """The (permission, view or menu) pairs that the running app registers,
    as FAB's ``add_permissions`` does: each view's permissions, and
    ``menu_access`` on every menu entry."""
    pairs = {(perm, view.class_permission_name)
             for view in appbuilder.baseviews for perm in view.base_permissions or ()}

    for category in appbuilder.menu.get_list():
        pairs.add(("menu_access", category.name))
        pairs.update(("menu_access", item.name) for item in category.childs if item.name != "-")
    return pairs


def seed_units():
    """Insert the province's units that are missing (matched by code)."""
    existing = {u.code: u for u in db.session.scalars(select(Unit))}
    root = existing.get(LEADERSHIP)
    added = 0
    for order, (code, name, short_name, kind) in enumerate(UNITS, start=1):
        if code in existing:
            continue
        unit = Unit(code=code, name=name, short_name=short_name, kind=kind,
                    sort_order=order * 10, active=True)
        if code != LEADERSHIP:
            unit.parent = root
        db.session.add(unit)
        existing[code] = unit
        if code == LEADERSHIP:
            root = unit
        added += 1
    db.session.commit()
    return added


def database_is_empty():
    return not db.session.scalar(select(func.count(AppUser.id)))
