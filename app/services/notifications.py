"""The notification centre (R6): a person's own notifications, read or not,
their e-mail settings, and what the mail jobs send.

Every function reads or changes the acting user's own rows only: there is
no path to another person's notifications.
"""
from datetime import datetime, timedelta

from flask_appbuilder.security.sqla.models import Role
from sqlalchemy import and_, func, or_, select, update

from app.extensions import db
from app.models import AppUser, Notification, NotificationSetting
from app.roles import OFFICE_LEADER, OFFICE_SPECIALIST, UNIT_CLERK, UNIT_LEADER
from app.rules import N_, RuleError
from app.rules.documents import in_id_range
from app.services import transaction

IMMEDIATE, DIGEST = "immediate", "digest"
EMAIL_MODES = {IMMEDIATE: N_("At once"), DIGEST: N_("Once a day, in a digest")}
# An e-mail is about what is new: a backlog older than this is not mailed.
MAIL_WINDOW = timedelta(days=2)
BAD_MODE = N_("Choose how e-mails are sent: at once or in a daily digest.")
UNIT_RECIPIENT_ROLES = (UNIT_CLERK, UNIT_LEADER)
OFFICE_RECIPIENT_ROLES = (OFFICE_SPECIALIST, OFFICE_LEADER)


def _own(user):
    return select(Notification).where(Notification.user_id == user.id)


def unread_count_query(user):
    """``count(*)`` of the user's unread notifications, to run alone or
    beside other counts (the navbar's badges)."""
    return select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))


def unread_count(user):
    return db.session.scalar(unread_count_query(user)) or 0


def notifications(user, page=0, per_page=20, unread_only=False):
    """(the user's notifications of that page, newest first; how many in all)."""
    query = _own(user)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Notification.id.desc())
                              .offset(max(page, 0) * per_page).limit(per_page)).all()
    return rows, total


def get_own(user, notification_id):
    """The user's notification, or None (another's is as absent as none, and
    so is an id no row can have: the database would refuse to compare it)."""
    if not in_id_range(notification_id):
        return None
    return db.session.scalar(_own(user).where(Notification.id == notification_id))


def mark_read(user, notification_ids=None):
    """Mark the user's notifications read (all of them when ``None``);
    returns how many changed."""
    stmt = (update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=datetime.utcnow()))
    if notification_ids is not None:
        ids = [int(i) for i in notification_ids]
        if not ids:
            return 0
        stmt = stmt.where(Notification.id.in_(ids))
    with transaction():
        return db.session.execute(stmt.execution_options(synchronize_session=False)).rowcount


def settings_of(user):
    """(e-mail on, mode) of the user; the defaults when never set."""
    row = db.session.get(NotificationSetting, user.id)
    if row is None:
        return True, IMMEDIATE
    return bool(row.email_enabled), row.email_mode


def save_settings(user, email_enabled, email_mode):
    if email_mode not in EMAIL_MODES:
        raise RuleError(BAD_MODE)
    with transaction():
        row = db.session.get(NotificationSetting, user.id)
        if row is None:
            row = NotificationSetting(user_id=user.id)
            db.session.add(row)
        row.email_enabled = bool(email_enabled)
        row.email_mode = email_mode


def recipients(unit_ids):
    """(unit id → the ids of its active unit users, the ids of the Office's
    active users): who is told about a unit's task, and the Office."""
    rows = db.session.execute(
        select(AppUser.id, AppUser.unit_id, Role.name).join(AppUser.roles)
        .where(AppUser.active.is_(True),
               or_(and_(AppUser.unit_id.in_(list(unit_ids)),
                        Role.name.in_(UNIT_RECIPIENT_ROLES)),
                   Role.name.in_(OFFICE_RECIPIENT_ROLES)))).all()
    by_unit, office = {}, set()
    for user_id, unit_id, role in rows:
        if role in OFFICE_RECIPIENT_ROLES:
            office.add(user_id)
        else:
            by_unit.setdefault(unit_id, set()).add(user_id)
    return by_unit, sorted(office)


def add(rows):
    """Add notifications (dicts of Notification's columns) to the session:
    the caller's transaction commits them with what they are about."""
    now = datetime.utcnow()
    for row in rows:
        db.session.add(Notification(created_at=now, **row))


# --- For the mail jobs -------------------------------------------------------------


def pending_mail(mode, now=None):
    """[(user, [notifications not yet mailed])] for the people who chose
    ``mode``, have an address and e-mail on; oldest first."""
    now = now or datetime.utcnow()
    setting = NotificationSetting
    chosen_mode = func.coalesce(setting.email_mode, IMMEDIATE)
    rows = db.session.execute(
        select(Notification, AppUser)
        .join(AppUser, AppUser.id == Notification.user_id)
        .outerjoin(setting, setting.user_id == AppUser.id)
        .where(Notification.emailed_at.is_(None),
               Notification.created_at >= now - MAIL_WINDOW,
               AppUser.active.is_(True), AppUser.email.is_not(None), AppUser.email != "",
               func.coalesce(setting.email_enabled, True).is_(True),
               chosen_mode == mode)
        .order_by(AppUser.id, Notification.id)).all()
    grouped = {}
    for notification, user in rows:
        grouped.setdefault(user.id, (user, []))[1].append(notification)
    return list(grouped.values())


def mark_emailed(notification_ids):
    if not notification_ids:
        return
    with transaction():
        db.session.execute(update(Notification)
                           .where(Notification.id.in_(list(notification_ids)))
                           .values(emailed_at=datetime.utcnow())
                           .execution_options(synchronize_session=False))
