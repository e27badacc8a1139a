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
    all_pvs = db.session.scalars(select(sm.permissionview_model)).all()
    by_pair = {(pv.permission.name, pv.view_menu.name): pv for pv in all_pvs}
    for role_name in ROLE_PERMISSIONS:
        role = sm.find_role(role_name)
        role.permissions = [by_pair[pair] for pair in sorted(wanted(role_name, by_pair))]
    db.session.commit()


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
