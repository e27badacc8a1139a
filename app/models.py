"""Tables and relationships only; behaviour lives in app/rules and app/services."""
from datetime import date, datetime

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User as FabUser
from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer,
                        String, Table, Text, UniqueConstraint, and_, event, or_, text)
from sqlalchemy.orm import declared_attr, relationship

from app.rules.search import WORD_MAX
from app.rules.text import fold


class UnitKind:
    OFFICE = "office"
    LEADERSHIP = "leadership"
    DEPARTMENT = "department"
    DISTRICT = "district"
    DIC = "dic"
    OTHER = "other"
    ALL = (OFFICE, LEADERSHIP, DEPARTMENT, DISTRICT, DIC, OTHER)


class Unit(Model):
    """An agency: the Office, the leadership, a department, a district..."""

    __tablename__ = "unit"
    id = Column(Integer, primary_key=True)
    code = Column(String(32), unique=True, nullable=False)
    name = Column(String(255), nullable=False)
    short_name = Column(String(100))
    kind = Column(String(20), nullable=False, default=UnitKind.OTHER, index=True)
    parent_id = Column(Integer, ForeignKey("unit.id"), index=True)
    parent = relationship("Unit", remote_side=[id], backref="children")
    active = Column(Boolean, nullable=False, default=True)
    valid_from = Column(Date)
    valid_to = Column(Date)
    email = Column(String(255))
    sort_order = Column(Integer, nullable=False, default=0)
    # Folded name and short name, for accent-insensitive search on any database.
    search_key = Column(String(400), index=True)

    def is_valid_on(self, day: date) -> bool:
        return (
            self.active
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )

    @classmethod
    def scope_clause(cls, unit_ids):
        return cls.id.in_(unit_ids)

    def __str__(self):
        return self.name


@event.listens_for(Unit, "before_insert")
@event.listens_for(Unit, "before_update")
def _unit_search_key(mapper, connection, unit):
    unit.search_key = fold(f"{unit.name} {unit.short_name or ''} {unit.code}")


class AppUser(FabUser):
    """FAB's user with the unit the person works for (FAB's documented subclass)."""

    __tablename__ = "ab_user"
    unit_id = Column(Integer, ForeignKey("unit.id"), index=True)
    unit = relationship("Unit", backref="users")

    search_key = Column(String(400), index=True)
    # Sessions and tokens carry the epoch they were signed in under; signing
    # out or a new password moves it on, so copies of them stop working.
    session_epoch = Column(Integer, nullable=False, default=0, server_default="0")
    # Locked after too many wrong passwords (app.rules.accounts), naive UTC.
    locked_until = Column(DateTime)

    @classmethod
    def scope_clause(cls, unit_ids):
        return cls.unit_id.in_(unit_ids)

    def get_full_name(self):
        # Vietnamese order: family name (Họ, FAB's last name) before given name (Tên).
        return " ".join(filter(None, (self.last_name, self.first_name))) or self.username


@event.listens_for(AppUser, "before_insert")
@event.listens_for(AppUser, "before_update")
def _user_search_key(mapper, connection, user):
    user.search_key = fold(
        f"{user.first_name} {user.last_name} {user.username} {user.email}"
    )


# --- Tracking section (R1–R4) -------------------------------------------------


class Stamped:
    """Who created and last changed a row, set by the service layer (jobs and
    the CLI act without a signed-in user, so unlike FAB's AuditMixin the
    columns are nullable)."""

    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    changed_at = Column(DateTime, nullable=False, default=datetime.utcnow,
                        onupdate=datetime.utcnow)

    @declared_attr
    def created_by_id(cls):
        return Column(Integer, ForeignKey("ab_user.id"))

    @declared_attr
    def changed_by_id(cls):
        return Column(Integer, ForeignKey("ab_user.id"))


class Document(Stamped, Model):
    """A directive document of the UBND tỉnh or its Chairman (R1)."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("number_key", "issue_year", name="uq_document_number_year"),
                      # The document lists, newest first (migration 0008).
                      Index("ix_document_issued_on", "issued_on", "id"))
    id = Column(Integer, primary_key=True)
    doc_type = Column(String(30), nullable=False)  # app.rules.enums.DOC_TYPES
    number_symbol = Column(String(100), nullable=False)
    # Folded number and year: "1234/UBND-TH" and "1234/ubnd-th" are one document.
    number_key = Column(String(100), nullable=False)
    issue_year = Column(Integer, nullable=False)
    summary = Column(Text, nullable=False)
    issued_on = Column(Date, nullable=False)
    signer = Column(String(255))  # name and position
    issuing_authority = Column(String(30), nullable=False)
    drafting_unit_id = Column(Integer, ForeignKey("unit.id"), index=True)
    drafting_unit = relationship("Unit", foreign_keys=[drafting_unit_id])
    urgency = Column(String(20), nullable=False, default="normal")
    confidentiality = Column(String(20), nullable=False, default="normal")
    # Art. 7.1: many tasks, many units or consultation → 5 working days to enter.
    complex_entry = Column(Boolean, nullable=False, default=False)
    notes = Column(Text)
    search_key = Column(Text)

    tasks = relationship("Task", back_populates="document", order_by="Task.id")

    @classmethod
    def scope_clause(cls, unit_ids):
        return cls.tasks.any(Task.scope_clause(unit_ids))

    def __str__(self):
        return f"{self.number_symbol} – {self.summary[:80]}"


task_coordinating_unit = Table(
    "task_coordinating_unit",
    Model.metadata,
    Column("task_id", Integer, ForeignKey("task.id"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("unit.id"), primary_key=True, index=True),
    # A unit's coordinated tasks without reading the table (the unit scope,
    # app.scope; migration 0008).
    Index("ix_task_coordinating_unit_unit_task", "unit_id", "task_id"),
)


class Task(Stamped, Model):
    """One assignment to one lead unit (R3), with its workflow state and the
    timeliness flags the daily job keeps true (R5)."""

    __tablename__ = "task"
    id = Column(Integer, primary_key=True)
    document_id = Column(Integer, ForeignKey("document.id"), nullable=False, index=True)
    document = relationship("Document", back_populates="tasks")
    content = Column(Text, nullable=False)
    # Art. 3.1: legal_document / scheme / report / other (app.rules.enums.TASK_KINDS).
    kind = Column(String(20), nullable=False, default="other", server_default="other",
                  index=True)
    lead_unit_id = Column(Integer, ForeignKey("unit.id"), nullable=False, index=True)
    lead_unit = relationship("Unit", foreign_keys=[lead_unit_id])
    monitoring_unit_id = Column(Integer, ForeignKey("unit.id"), index=True)
    monitoring_unit = relationship("Unit", foreign_keys=[monitoring_unit_id])
    coordinating_units = relationship("Unit", secondary=task_coordinating_unit)
    # Art. 4 classification.
    has_deadline = Column(Boolean, nullable=False, default=True)
    must_report = Column(Boolean, nullable=False, default=False)
    deadline = Column(Date, index=True)
    original_deadline = Column(Date)  # the first deadline, kept when extended
    report_cycle = Column(String(20))  # quarter / half_year / year / on_result
    notes = Column(Text)

    state = Column(String(20), nullable=False, default="draft", index=True)
    progress = Column(String(20), nullable=False, default="not_started")
    extension_pending = Column(Boolean, nullable=False, default=False)
    transferred_on = Column(Date)  # the latest transfer or reassignment (Art. 7.2a)
    first_transferred_on = Column(Date)  # the first transfer, never overwritten (Art. 7.1)
    accepted_on = Column(Date)
    first_update_on = Column(Date)
    last_update_on = Column(Date)
    done_on = Column(Date)
    closed_on = Column(Date)

    # Timeliness flags, recomputed from the data by app.jobs.flags.
    timeliness = Column(String(20), nullable=False, default="none", index=True)
    # The deadline, or the next working day when it falls on a day off (Civil
    # Code art. 148(5)); what timeliness, due-soon and days overdue count from.
    effective_deadline = Column(Date, index=True)
    working_days_overdue = Column(Integer, nullable=False, default=0)
    calendar_days_overdue = Column(Integer, nullable=False, default=0)
    entry_due = Column(Date)
    entry_late = Column(Boolean, nullable=False, default=False)
    first_update_due = Column(Date)
    first_update_late = Column(Boolean, nullable=False, default=False)
    cycle_update_missed = Column(Boolean, nullable=False, default=False)
    flags_as_of = Column(Date)

    search_key = Column(Text)
    # How many urgings name the task (Art. 11): kept by app.services.urging
    # in the urging's transaction, so lists show it without counting.
    urging_count = Column(Integer, nullable=False, default=0, server_default="0")
    version = Column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    # The Office inbox lists the few tasks with an Art. 7 flag raised: partial
    # indexes hold only those, ordered as the inbox lists them (migration
    # 0006), and those of the open tasks (0010). The inboxes' sections read
    # a state's tasks soonest deadline first, a unit's own in front; a unit's
    # coordinated tasks are looked up by id among the open ones (0010). The
    # conditions are the queries' words (app.services.tracking.inbox).
    __table_args__ = tuple(
        index
        for flag, order in (("entry_late", "entry_due"),
                            ("first_update_late", "first_update_due"),
                            ("cycle_update_missed", "transferred_on"))
        for index in (
            Index(f"ix_task_{flag}", order, "id", "state",
                  sqlite_where=text(f"{flag} = 1"), postgresql_where=text(flag)),
            Index(f"ix_task_open_{flag}", order, "id", "state", flag,
                  sqlite_where=text(f"{flag} = 1 AND state NOT IN ('cancelled', 'closed')"),
                  postgresql_where=text(f"{flag} AND state NOT IN ('cancelled', 'closed')")))
    ) + (
        Index("ix_task_state_due", "state", text("coalesce(effective_deadline, deadline)"), "id",
              **{f"{dialect}_where": text("state = 'returned' OR state = 'done_reported'")
                 for dialect in ("sqlite", "postgresql")}),
        # A unit's inbox and its menu badge: its tasks by state (migration
        # 0008, the deadline added by 0010); whether a document has a task in
        # a unit's scope, from the index alone (app.scope.document_scope_clause).
        Index("ix_task_lead_unit_state_due", "lead_unit_id", "state",
              text("coalesce(effective_deadline, deadline)"), "id"),
        Index("ix_task_coordinated_open", "id", "effective_deadline", "deadline",
              **{f"{dialect}_where": text("state IN ('transferred', 'accepted', "
                                          "'in_progress', 'done_reported')")
                 for dialect in ("sqlite", "postgresql")}),
        # With the id: PostgreSQL answers a document's scope from the index
        # alone (migration 0012).
        Index("ix_task_document_scope", "document_id", "state", "lead_unit_id",
              "monitoring_unit_id", "id"))

    events = relationship("TaskEvent", back_populates="task", order_by="TaskEvent.id")
    updates = relationship("ProgressUpdate", back_populates="task", order_by="ProgressUpdate.id")

    @classmethod
    def scope_clause(cls, unit_ids):
        # A draft is the Office's work in progress: units see a task once transferred.
        return and_(
            cls.state != "draft",
            or_(
                cls.lead_unit_id.in_(unit_ids),
                cls.monitoring_unit_id.in_(unit_ids),
                cls.coordinating_units.any(Unit.id.in_(unit_ids)),
            ),
        )

    def __str__(self):
        return f"#{self.id} {self.content[:80]}"


# The search index (app.rules.search): one row per distinct word of a row's
# folded search_key, kept with the row (app.services.tracking.keys). Looked
# up by word (the primary key: equality, or a range for a word's start);
# the owner's index serves the upkeep. Binary order on both databases
# (PostgreSQL: collation "C"), so a range is exactly "starts with".
def _search_word_table(name, owner):
    word_type = String(WORD_MAX).with_variant(String(WORD_MAX, collation="C"), "postgresql")
    return Table(
        name, Model.metadata,
        Column("word", word_type, primary_key=True),
        Column(f"{owner}_id", Integer, ForeignKey(f"{owner}.id", ondelete="CASCADE"),
               primary_key=True, index=True),
        sqlite_with_rowid=False,
    )


task_word = _search_word_table("task_word", "task")
document_word = _search_word_table("document_word", "document")


class TaskEvent(Model):
    """The task's history: append-only, never edited (R4)."""

    __tablename__ = "task_event"
    id = Column(Integer, primary_key=True)
    task_id = Column(Integer, ForeignKey("task.id"), nullable=False, index=True)
    task = relationship("Task", back_populates="events")
    at = Column(DateTime, nullable=False, default=datetime.utcnow)
    actor_id = Column(Integer, ForeignKey("ab_user.id"))
    actor = relationship("AppUser", foreign_keys=[actor_id])
    actor_unit_id = Column(Integer, ForeignKey("unit.id"))
    actor_unit = relationship("Unit", foreign_keys=[actor_unit_id])
    action = Column(String(30), nullable=False)  # workflow action, or create / edit
    from_state = Column(String(20))
    to_state = Column(String(20))
    reason = Column(Text)
    content = Column(Text)
    # What changed, e.g. {"deadline": ["2017-03-01", "2017-04-01"], "decision_ref": "..."}
    changes = Column(JSON)


class ProgressUpdate(Model):
    """A unit's report on a task: progress, done report, obstacle, contribution,
    district feedback (R4). A correction supersedes, never overwrites."""

    __tablename__ = "progress_update"
    id = Column(Integer, primary_key=True)
    task_id = Column(Integer, ForeignKey("task.id"), nullable=False, index=True)
    task = relationship("Task", back_populates="updates")
    kind = Column(String(20), nullable=False)  # progress / done / obstacle / contribution / feedback
    unit_id = Column(Integer, ForeignKey("unit.id"), nullable=False)
    unit = relationship("Unit")
    author_id = Column(Integer, ForeignKey("ab_user.id"))
    author = relationship("AppUser")
    at = Column(DateTime, nullable=False, default=datetime.utcnow)
    reported_on = Column(Date, nullable=False)
    status = Column(String(20))  # not_started / in_progress / done
    content = Column(Text, nullable=False)
    result = Column(Text)
    obstacles = Column(Text)
    superseded_by_id = Column(Integer, ForeignKey("progress_update.id"))
    # The Office inbox and its menu badge: the recent obstacles and district
    # feedback among the updates in force (migration 0008).
    __table_args__ = (Index("ix_progress_update_open_kind", "kind", "reported_on",
                            sqlite_where=text("superseded_by_id IS NULL"),
                            postgresql_where=text("superseded_by_id IS NULL")),)


class ExtensionRequest(Model):
    """A request for a new deadline and the leadership's decision (Art. 20.2)."""

    __tablename__ = "extension_request"
    id = Column(Integer, primary_key=True)
    task_id = Column(Integer, ForeignKey("task.id"), nullable=False, index=True)
    task = relationship("Task")
    requested_by_id = Column(Integer, ForeignKey("ab_user.id"))
    requested_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    reason = Column(Text, nullable=False)
    proposed_deadline = Column(Date, nullable=False)
    old_deadline = Column(Date)
    decided_by_id = Column(Integer, ForeignKey("ab_user.id"))
    decided_at = Column(DateTime)
    approved = Column(Boolean)
    granted_deadline = Column(Date)
    decision_ref = Column(String(255))
    # The pending requests (the Office inbox and its menu badge; migration 0008).
    __table_args__ = (Index("ix_extension_request_pending", "task_id",
                            sqlite_where=text("decided_at IS NULL"),
                            postgresql_where=text("decided_at IS NULL")),)


class Attachment(Model):
    """A file of a document, task or update, stored under UPLOAD_FOLDER."""

    __tablename__ = "attachment"
    id = Column(Integer, primary_key=True)
    owner_type = Column(String(20), nullable=False)  # document / task / update
    owner_id = Column(Integer, nullable=False)
    filename = Column(String(255), nullable=False)
    stored_name = Column(String(100), nullable=False, unique=True)
    content_type = Column(String(100), nullable=False)
    size = Column(Integer, nullable=False)
    sha256 = Column(String(64), nullable=False)
    uploaded_by_id = Column(Integer, ForeignKey("ab_user.id"))
    uploaded_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    __table_args__ = (Index("ix_attachment_owner", "owner_type", "owner_id"),)


class SecretReportReceipt(Stamped, Model):
    """That a unit sent its periodic secret report (Art. 5.2): never the content.
    The section's only trace of secret documents: no document row holds one."""

    __tablename__ = "secret_report_receipt"
    id = Column(Integer, primary_key=True)
    unit_id = Column(Integer, ForeignKey("unit.id"), nullable=False, index=True)
    unit = relationship("Unit")
    period = Column(String(20), nullable=False)  # e.g. 2017-Q1, 2017-H1, 2017
    reference = Column(String(100), nullable=False)
    received_on = Column(Date, nullable=False)
    # The person at the Office who received the report (a name: the clerk of
    # the records office may have no account here). Null only on rows
    # recorded before the column existed without a known author.
    received_by = Column(String(255))

    @classmethod
    def scope_clause(cls, unit_ids):
        return cls.unit_id.in_(unit_ids)


# --- Working-day calendar (R5) -------------------------------------------------


class CalendarDay(Model):
    """A day that differs from the Monday–Friday week: a day off on a weekday,
    or a working weekend day. Seeded from ``holidays``; administrators
    override any day, citing the decree or notice that decided it."""

    __tablename__ = "calendar_day"
    day = Column(Date, primary_key=True)
    is_working = Column(Boolean, nullable=False)
    name = Column(String(255), nullable=False)
    # holidays (the package) / official (app/reference/official_days.csv) / admin
    source = Column(String(20), nullable=False, default="holidays")
    decision_ref = Column(String(255))
    changed_by_id = Column(Integer, ForeignKey("ab_user.id"))
    changed_on = Column(DateTime, default=datetime.utcnow)


# Derived tables of the working-day calendar (the source rows are CalendarDay).
# ``WorkdayIndex`` materialises the calendar as one row per day with the
# running count of working days, so that the flags job can do working-day
# arithmetic in plain, portable SQL: the working days in (a, b] are
# ``cum(b) - cum(a)``, and the nth working day after ``a`` is the working day
# whose ``cum`` is ``cum(a) + n``. It is rebuilt from CalendarDay whenever the
# calendar's version stamp changes, so it is never edited by hand.


class CalendarState(Model):
    """One row (id 1): the calendar's version stamp and what the index covers.

    ``version`` is a fresh random token on every calendar change (a counter
    could repeat after a restore and serve a stale cache); ``index_version``
    is the version ``workday_index`` was built from.
    """

    __tablename__ = "calendar_state"
    id = Column(Integer, primary_key=True)
    version = Column(String(32), nullable=False)
    index_version = Column(String(32))
    index_first = Column(Date)
    index_last = Column(Date)
    changed_on = Column(DateTime)


class WorkdayIndex(Model):
    __tablename__ = "workday_index"
    day = Column(Date, primary_key=True)
    # date.toordinal(): calendar-day differences without dialect date functions.
    dn = Column(Integer, nullable=False)
    # Working days from the first indexed day through this one.
    cum = Column(Integer, nullable=False)
    is_working = Column(Boolean, nullable=False)
    __table_args__ = (Index("ix_workday_index_cum", "cum", "is_working"),)


# --- Urging and reminders (R6, Art. 8.2, 9–11) ------------------------------------


REMINDER_ONLY = "urging_id IS NULL AND correction_id IS NULL"


class Notification(Model):
    """A message to one person: a reminder of the nightly job, an urging, a
    correction request. What it says is rendered from ``kind`` and
    ``params`` in the reader's language."""

    __tablename__ = "notification"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False)
    kind = Column(String(30), nullable=False)
    task_id = Column(Integer, ForeignKey("task.id"))
    task = relationship("Task")
    urging_id = Column(Integer, ForeignKey("urging.id"))
    correction_id = Column(Integer, ForeignKey("correction_request.id"))
    params = Column(JSON)
    created_on = Column(Date, nullable=False)  # the day in Vietnam
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    read_at = Column(DateTime)
    emailed_at = Column(DateTime)
    __table_args__ = (
        # The same reminder for the same task and person once a day, however
        # many runs or workers (app.services.reminders inserts "or ignore").
        # Urgings and correction requests are not reminders: as many as made.
        Index("uq_notification_reminder_once", "user_id", "kind", "task_id", "created_on",
              unique=True, sqlite_where=text(REMINDER_ONLY), postgresql_where=text(REMINDER_ONLY)),
        Index("ix_notification_user", "user_id", "id"),
        # The reminders sent lately (when each is due again).
        Index("ix_notification_recent", "created_on", "kind", "task_id", "user_id"),
        Index("ix_notification_unread", "user_id",
              sqlite_where=text("read_at IS NULL"), postgresql_where=text("read_at IS NULL")),
        Index("ix_notification_unmailed", "user_id", "id",
              sqlite_where=text("emailed_at IS NULL"),
              postgresql_where=text("emailed_at IS NULL")),
    )


class NotificationSetting(Model):
    """A person's choice for e-mail: on or off, at once or in a daily digest."""

    __tablename__ = "notification_setting"
    user_id = Column(Integer, ForeignKey("ab_user.id"), primary_key=True)
    email_enabled = Column(Boolean, nullable=False, default=True)
    email_mode = Column(String(10), nullable=False, default="immediate")  # or digest


urging_task = Table(
    "urging_task",
    Model.metadata,
    Column("urging_id", Integer, ForeignKey("urging.id"), primary_key=True),
    Column("task_id", Integer, ForeignKey("task.id"), primary_key=True),
    Index("ix_urging_task_task", "task_id", "urging_id"),
)


class Urging(Model):
    """An urging (đôn đốc, Art. 11) of one or many tasks: how, how strongly,
    what was said, by whom and when. Never changed or deleted once recorded
    (app.services.urging refuses it at the ORM level too)."""

    __tablename__ = "urging"
    id = Column(Integer, primary_key=True)
    form = Column(String(20), nullable=False)
    level = Column(String(20), nullable=False)
    content = Column(Text, nullable=False)
    urged_on = Column(Date, nullable=False)
    author_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False)
    author = relationship("AppUser")
    author_unit_id = Column(Integer, ForeignKey("unit.id"))
    author_unit = relationship("Unit", foreign_keys=[author_unit_id])
    # The unit urged, when a unit rather than chosen tasks was urged.
    unit_id = Column(Integer, ForeignKey("unit.id"), index=True)
    unit = relationship("Unit", foreign_keys=[unit_id])
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    tasks = relationship("Task", secondary=urging_task, order_by="Task.id")
    answers = relationship("UrgingAnswer", back_populates="urging",
                           order_by="UrgingAnswer.id")


class UrgingAnswer(Model):
    """A unit's explanation, when the urging asked for one."""

    __tablename__ = "urging_answer"
    id = Column(Integer, primary_key=True)
    urging_id = Column(Integer, ForeignKey("urging.id"), nullable=False)
    urging = relationship("Urging", back_populates="answers")
    unit_id = Column(Integer, ForeignKey("unit.id"), nullable=False)
    unit = relationship("Unit")
    content = Column(Text, nullable=False)
    author_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False)
    author = relationship("AppUser")
    answered_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    __table_args__ = (UniqueConstraint("urging_id", "unit_id", name="uq_urging_answer_unit"),)


class CorrectionRequest(Model):
    """The Office asking a unit to correct a wrong update (Art. 8.2); closed
    by the unit's correction of that update."""

    __tablename__ = "correction_request"
    id = Column(Integer, primary_key=True)
    task_id = Column(Integer, ForeignKey("task.id"), nullable=False, index=True)
    task = relationship("Task")
    update_id = Column(Integer, ForeignKey("progress_update.id"), nullable=False)
    update = relationship("ProgressUpdate", foreign_keys=[update_id])
    unit_id = Column(Integer, ForeignKey("unit.id"), nullable=False)
    unit = relationship("Unit")
    content = Column(Text, nullable=False)
    requested_by_id = Column(Integer, ForeignKey("ab_user.id"), nullable=False)
    requested_by = relationship("AppUser")
    requested_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    closed_at = Column(DateTime)
    correction_id = Column(Integer, ForeignKey("progress_update.id"))
    __table_args__ = (Index("ix_correction_request_open", "unit_id", "id",
                            sqlite_where=text("closed_at IS NULL"),
                            postgresql_where=text("closed_at IS NULL")),)
