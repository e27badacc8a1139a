"""Setting up a database: permissions and roles, units, demo accounts.

Every function is idempotent: ``make run`` calls them on each start.
"""
from flask import current_app
from sqlalchemy import func, select

from app.extensions import appbuilder, db
from app.models import AppUser, Unit
from app.roles import ROLE_PERMISSIONS, wanted
from app.seed import DEMO_PASSWORD, DEMO_USERS, LEADERSHIP, UNITS


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


def seed_demo_users():
    """The demo accounts of REQUIREMENTS.md; refused in production."""
    if current_app.config["APP_ENV"] == "production":
        raise RuntimeError("Demo accounts are never created in production")
    sm = appbuilder.sm
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    added = 0
    for username, first, last, role_name, unit_code in DEMO_USERS:
        if sm.find_user(username=username):
            continue
        user = sm.add_user(username, first, last, f"{username}@daklak.example.vn",
                           [sm.find_role(role_name)], password=DEMO_PASSWORD)
        if not user:
            raise RuntimeError(f"Could not create demo user {username}")
        user.unit = units.get(unit_code) if unit_code else None
        added += 1
    db.session.commit()
    return added


def has_demo_users():
    """Whether any demo account can still sign in with the published demo
    password (a production "admin" with its own password is not one)."""
    from werkzeug.security import check_password_hash

    names = [u[0] for u in DEMO_USERS]
    users = db.session.scalars(select(AppUser).where(AppUser.username.in_(names)))
    return any(u.password and check_password_hash(u.password, DEMO_PASSWORD) for u in users)


def database_is_empty():
    return not db.session.scalar(select(func.count(AppUser.id)))
