"""The working-day calendar: seeding, administrator overrides, the cached
``Calendar`` value, and the materialised index the flags SQL reads.

Every write goes through this module so that the version stamp changes with
the rows: the per-process cache and ``workday_index`` are both keyed by it.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, extract, insert, select, text
from sqlalchemy.exc import IntegrityError

from app.reference import calendar as reference
from app.clock import today_vn
from app.extensions import db
from app.models import CalendarDay
from app.models import CalendarState, WorkdayIndex
from app.rules import N_, RuleError
from app.rules.timeliness import ENTRY_DAYS_COMPLEX, FIRST_UPDATE_DAYS
from app.rules.workdays import Calendar, add_working_days, is_working_day


# Where a row comes from, in order of precedence (each one overrides the last):
# the ``holidays`` package, the government's decisions shipped as reviewed
# data (app/reference/official_days.csv), an administrator.
SEEDED = reference.PACKAGE
OFFICIAL = reference.OFFICIAL
ADMIN = "admin"
SOURCES = (SEEDED, OFFICIAL, ADMIN)
SEED_SOURCES = (SEEDED, OFFICIAL)
FIRST_SEED_YEAR = 2010
# The nightly job keeps this many years after the current one seeded.
YEARS_AHEAD = 2
# The index never grows past these bounds, whatever a mistyped date says;
# tasks dated outside them get no working-day flags.
INDEX_MIN = date(1900, 1, 1)
INDEX_MAX = date(2199, 12, 31)
# The largest n the flags add to a date (complex entry: 5; first update: 3).
MAX_REACH = max(ENTRY_DAYS_COMPLEX, FIRST_UPDATE_DAYS)
_STATE_ID = 1


# --- Version stamp -------------------------------------------------------------


def _state(for_update=False):
    stmt = select(CalendarState).where(CalendarState.id == _STATE_ID)
    if for_update:
        stmt = stmt.with_for_update()
    return db.session.scalars(stmt).first()


def _locked_state():
    """The state row, locked for this transaction (created when missing), so
    that calendar writers and index builders take turns."""
    state = _state(for_update=True)
    if state is not None:
        return state
    try:
        with db.session.begin_nested():
            db.session.add(CalendarState(id=_STATE_ID, version=uuid.uuid4().hex,
                                         changed_on=datetime.utcnow()))
    except IntegrityError:  # another process created it first
        pass
    return _state(for_update=True)


def lock_calendar():
    """Hold the calendar's lock until this transaction ends."""
    _locked_state()


def _bump_version():
    state = _locked_state()
    state.version = uuid.uuid4().hex
    state.changed_on = datetime.utcnow()
    return state


def calendar_version():
    """The current version stamp, or None before the calendar was ever stamped."""
    return db.session.scalar(select(CalendarState.version).where(CalendarState.id == _STATE_ID))


# --- Reading -----------------------------------------------------------------------

_cache: dict = {}


def load_calendar() -> Calendar:
    """The calendar as a ``Calendar`` value, cached per process by version
    stamp: one small query per call while nothing changes."""
    stamp = calendar_version()
    key = (db.engine.url.render_as_string(), stamp)
    hit = _cache.get("calendar")
    if stamp is not None and hit is not None and hit[0] == key:
        return hit[1]
    rows = db.session.execute(
        select(CalendarDay.day, CalendarDay.is_working, CalendarDay.name).order_by(CalendarDay.day)
    ).all()
    calendar = Calendar.from_rows(tuple(r) for r in rows)
    if stamp is not None:  # an unstamped table may be edited behind our back
        _cache["calendar"] = (key, calendar)
    return calendar


def get_day(day):
    return db.session.get(CalendarDay, day)


def is_empty():
    return db.session.scalar(select(CalendarDay.day).limit(1)) is None


# --- Seeding ---------------------------------------------------------------------


@dataclass
class SeedResult:
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept_overrides: int = 0

    @property
    def changed(self):
        return bool(self.added or self.updated or self.removed)


def seed_calendar(first_year=FIRST_SEED_YEAR, last_year=None) -> SeedResult:
    """Bring the seeded rows of ``first_year..last_year`` in line with the
    ``holidays`` package and, on top of it, the official decisions
    (``app.reference.calendar.seed_rows``). Idempotent; administrator rows
    are never touched, and seeded rows no source lists any more are removed."""
    if last_year is None:
        last_year = today_vn().year + YEARS_AHEAD
    if first_year > last_year:
        raise RuleError(N_("The first year must not be after the last year."))
    if first_year < INDEX_MIN.year or last_year > INDEX_MAX.year:
        raise RuleError(N_("Years must be between %(first)d and %(last)d."),
                        first=INDEX_MIN.year, last=INDEX_MAX.year)
    wanted = {day: (is_working, name, source, ref) for day, is_working, name, source, ref
              in reference.seed_rows(first_year, last_year)}
    existing = {
        row.day: row for row in db.session.scalars(
            select(CalendarDay).where(CalendarDay.day >= date(first_year, 1, 1),
                                      CalendarDay.day <= date(last_year, 12, 31)))
    }
    result = SeedResult()
    state_locked = False
    for day, values in sorted(wanted.items()):
        row = existing.pop(day, None)
        if row is not None and row.source == ADMIN:
            result.kept_overrides += 1
            continue
        if row is not None and (row.is_working, row.name, row.source,
                                row.decision_ref) == values:
            continue
        if not state_locked:
            _bump_version()
            state_locked = True
        if row is None:
            row = CalendarDay(day=day)
            db.session.add(row)
            result.added += 1
        else:
            result.updated += 1
        row.is_working, row.name, row.source, row.decision_ref = values
        row.changed_by_id, row.changed_on = None, datetime.utcnow()
    for row in existing.values():
        if row.source in SEED_SOURCES:
            if not state_locked:
                _bump_version()
                state_locked = True
            db.session.delete(row)
            result.removed += 1
    if not state_locked:
        _locked_state()  # an untouched table still gets a stamp, so it is cached
    db.session.commit()
    return result


def seeded_years():
    """The years that have rows from the package or the official decisions.

    Every year has seeded rows once seeded: Tết alone puts at least three
    weekdays off. Administrators' rows do not count: one override in a far
    year does not make that year seeded.
    """
    year = extract("year", CalendarDay.day)
    return {int(y) for y in db.session.scalars(
        select(year).where(CalendarDay.source.in_(SEED_SOURCES)).distinct())}


def _stale_official_years(first_year, last_year):
    """Years with an official decision not yet applied: a calendar seeded
    before the decision shipped (an administrator's row stays on top)."""
    decided = reference.official_rows(first_year, last_year)
    if not decided:
        return set()
    rows = {r.day: r for r in db.session.scalars(
        select(CalendarDay).where(CalendarDay.day.in_([o.day for o in decided])))}
    stale = set()
    for o in decided:
        row = rows.get(o.day)
        if row is not None and row.source == ADMIN:
            continue
        if row is None or (row.source, row.is_working, row.name, row.decision_ref) != (
                OFFICIAL, o.is_working, o.name, o.reference):
            stale.add(o.day.year)
    return stale


def ensure_seeded(today=None):
    """Keep the calendar seeded from ``FIRST_SEED_YEAR`` through
    ``YEARS_AHEAD`` years after ``today`` (default: today in Vietnam), with
    every official decision applied. Run by the nightly job and before the
    CLI computes; True when it seeded anything.

    Past the seeded years every weekday would silently count as a working
    day, so the years are added as time goes by, not only into an empty
    table. Seeding is idempotent and keeps administrators' overrides.
    """
    today = today or today_vn()
    last_year = min(today.year + YEARS_AHEAD, INDEX_MAX.year)
    have = seeded_years()
    years = {y for y in range(FIRST_SEED_YEAR, last_year + 1) if y not in have}
    years |= _stale_official_years(FIRST_SEED_YEAR, last_year)
    if not years:
        return False
    seed_calendar(min(years), max(years))
    return True


# --- How far ahead the calendar is known -------------------------------------------

# "The next 12 months" must be seeded: a deadline is rarely set further ahead.
HORIZON_MONTHS = 12


@dataclass(frozen=True)
class HorizonWarning:
    """The next 12 months are not all seeded: past ``seeded_through`` (None:
    not even today's year) every weekday counts as a working day."""

    seeded_through: date | None
    needed_through: date


def _months_later(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def seeded_through(today=None):
    """The last day of the unbroken run of seeded years that starts with
    today's year, or None when today's year itself is not seeded."""
    today = today or today_vn()
    have = seeded_years()
    if today.year not in have:
        return None
    year = today.year
    while year + 1 in have:
        year += 1
    return date(year, 12, 31)


def calendar_horizon_warning(today=None):
    """A ``HorizonWarning`` when the next 12 months are not all seeded, else
    None. Shown by ``/health`` and the Office inbox."""
    today = today or today_vn()
    needed = _months_later(today, HORIZON_MONTHS)
    through = seeded_through(today)
    if through is not None and through >= needed:
        return None
    return HorizonWarning(through, needed)


# --- Administrator overrides ---------------------------------------------------


def _clean(text, message, limit=255):
    text = (text or "").strip()
    if not text:
        raise RuleError(message)
    if len(text) > limit:
        raise RuleError(N_("At most %(limit)d characters."), limit=limit)
    return text


def _check_day(day):
    if not isinstance(day, date) or not INDEX_MIN <= day <= INDEX_MAX:
        raise RuleError(N_("The day must be between %(first)s and %(last)s."),
                        first=INDEX_MIN.isoformat(), last=INDEX_MAX.isoformat())


def check_day(day, name, decision_ref):
    """The cleaned ``(name, decision_ref)`` of an override, or RuleError."""
    _check_day(day)
    return (_clean(name, N_("Give the day a name.")),
            _clean(decision_ref, N_("Cite the decision or notice that decided this day.")))


def set_day(user, day, is_working, name, decision_ref):
    """Make ``day`` a working day or a day off, citing the decree or notice.

    Stored as an administrator row, so re-seeding never undoes it. The
    caller re-computes the flags (``app.jobs.flags.recompute_flags``).
    """
    name, decision_ref = check_day(day, name, decision_ref)
    try:
        _bump_version()
        row = db.session.get(CalendarDay, day) or CalendarDay(day=day)
        row.is_working = bool(is_working)
        row.name = name
        row.source = ADMIN
        row.decision_ref = decision_ref
        row.changed_by_id = getattr(user, "id", None)
        row.changed_on = datetime.utcnow()
        db.session.add(row)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return row


def _seeded_row(day):
    for seeded_day, is_working, name, _source, _ref in reference.seed_rows(day.year, day.year):
        if seeded_day == day:
            return is_working, name
    return None


def remove_day(user, day, decision_ref):
    """Put ``day`` back to the normal week (Monday-Friday working).

    Kept as an administrator row that restates the normal week, never a bare
    delete: re-seeding would bring a seeded holiday back, and the row records
    who did it and on which decision.
    """
    _check_day(day)
    decision_ref = _clean(decision_ref, N_("Cite the decision or notice that decided this day."))
    normal = day.weekday() < 5
    row = db.session.get(CalendarDay, day)
    seeded = _seeded_row(day)
    if row is None and seeded is None:
        raise RuleError(N_("This day already follows the normal week."))
    if row is not None and row.source == ADMIN and row.is_working == normal:
        raise RuleError(N_("This day already follows the normal week."))
    name = row.name if row is not None else seeded[1]
    return set_day(user, day, normal, name, decision_ref)


# --- The working-day index ------------------------------------------------------


def _clamp(day):
    return min(max(day, INDEX_MIN), INDEX_MAX)


def ensure_index(lo, hi):
    """Make ``workday_index`` match the current calendar and cover every day
    from ``lo`` to ``MAX_REACH`` working days after ``hi``. Does not commit:
    the caller's transaction holds the lock until its own commit."""
    lo, hi = _clamp(lo), _clamp(hi)
    state = _state()
    if state is not None and _covers(state, lo, _reach(hi)):
        return False
    state = _locked_state()
    target = _reach(hi)  # the calendar may have changed while we waited
    if _covers(state, lo, target):
        return False
    # A year of slack ahead, so the daily run does not rebuild every morning;
    # never narrower than before, so single-task refreshes do not thrash.
    first_year, last_year = lo.year, min(target.year + 1, INDEX_MAX.year)
    if state.index_first is not None:
        first_year = min(first_year, state.index_first.year)
        last_year = max(last_year, state.index_last.year)
    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    db.session.execute(delete(WorkdayIndex))
    db.session.execute(insert(WorkdayIndex), list(_index_rows(first, last, load_calendar())))
    if db.session.get_bind().dialect.name == "postgresql":
        # Fresh statistics, or the planner guesses millions of joined rows.
        db.session.execute(text("ANALYZE workday_index"))
    state.index_version = state.version
    state.index_first, state.index_last = first, last
    db.session.flush()
    return True


def _reach(hi):
    return _clamp(add_working_days(hi, MAX_REACH, load_calendar()))


def _covers(state, lo, target):
    return (state.index_version == state.version and state.index_first is not None
            and state.index_first <= lo and target <= state.index_last)


def _index_rows(first, last, calendar):
    cum = 0
    day = first
    one = timedelta(days=1)
    while day <= last:
        working = is_working_day(day, calendar)
        cum += working
        yield {"day": day, "dn": day.toordinal(), "cum": cum, "is_working": working}
        day += one
