"""Sign-in state of accounts: sessions that end (issue 9) and lockout after
wrong passwords. Called by the security manager and the user screens."""
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update

from app.extensions import db
from app.models import AppUser
from app.rules import accounts as rules
from app.scope import role_names
from app.roles import ADMIN


def _now():
    return datetime.utcnow()  # FAB's own sign-in times are naive UTC


def end_sessions(user):
    """Every session cookie and token of ``user`` issued so far stops working."""
    db.session.execute(update(AppUser).where(AppUser.id == user.id)
                       .values(session_epoch=AppUser.session_epoch + 1))
    db.session.commit()
    db.session.refresh(user)
    return user.session_epoch


def epoch_of(user_id):
    """The current epoch of a user id (as a JWT's subject gives it), or None."""
    try:
        number = int(user_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(select(AppUser.session_epoch).where(AppUser.id == number))


def is_locked(user):
    return rules.is_locked(user.locked_until, _now())


def before_sign_in(user):
    """A lock whose cool-down is over is lifted, and its count starts again."""
    if rules.cool_down_over(user.locked_until, _now()):
        user.locked_until = None
        user.fail_login_count = 0
        db.session.commit()


def after_failure(user):
    """Lock the account once it has failed too often in a row."""
    config = current_app.config
    until = rules.locked_until_after_failure(user.fail_login_count or 0, _now(),
                                             config["AUTH_MAX_FAILED_LOGINS"],
                                             config["AUTH_LOCKOUT_MINUTES"])
    if until is not None and user.locked_until is None:
        user.locked_until = until
        db.session.commit()


def unlock(actor, user_ids):
    """Administrators lift the lock of the given accounts; returns how many."""
    if ADMIN not in role_names(actor):
        return 0
    users = db.session.scalars(select(AppUser).where(AppUser.id.in_(user_ids))).all()
    for user in users:
        user.locked_until = None
        user.fail_login_count = 0
    db.session.commit()
    return len(users)
