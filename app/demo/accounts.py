"""The demo accounts of REQUIREMENTS.md (never in production) and the check
that production makes before it starts."""
from flask import current_app
from sqlalchemy import select

from app.extensions import appbuilder, db
from app.models import AppUser, Unit
from app.reference.units import DIC, LEADERSHIP, OFFICE

DEMO_PASSWORD = "DakLak@2016"

# (username, family name (Họ), given name (Tên), role, unit code or None):
# the full name reads family then given, as Vietnamese names do.
DEMO_USERS = [
    ("admin", "Quản trị", "hệ thống", "Admin", None),
    ("vanphong", "Chuyên viên", "Văn phòng", "Office specialist", OFFICE),
    ("lanhdao", "Lãnh đạo", "UBND tỉnh", "Provincial leader", LEADERSHIP),
    ("sotttt", "Cán bộ", "Sở TT&TT", "DIC IT", DIC),
    ("sotaichinh", "Văn thư", "Sở Tài chính", "Unit clerk", "STC"),
    ("buonmathuot", "Văn thư", "TP Buôn Ma Thuột", "Unit clerk", "BMT"),
    ("krongpac", "Văn thư", "Krông Pắc", "Unit clerk", "KRONGPAC"),
]


def seed_demo_users():
    """The demo accounts of REQUIREMENTS.md; refused in production."""
    if current_app.config["APP_ENV"] == "production":
        raise RuntimeError("Demo accounts are never created in production")
    sm = appbuilder.sm
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    added = 0
    for username, family, given, role_name, unit_code in DEMO_USERS:
        if sm.find_user(username=username):
            continue
        user = sm.add_user(username, given, family, f"{username}@daklak.example.vn",
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

