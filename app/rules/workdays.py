"""Vietnamese working-day arithmetic (Decision 45/2016 Art. 7; Civil Code art. 147).

Working days are Monday to Friday, minus the calendar's days off (public
holidays, substitute days off), plus its extra working days (the
government's swap Saturdays). Counting follows Civil Code art. 147: the day
of the event is not counted and a period of n working days ends at the end
of the nth working day after it.

Counts are computed from weekday arithmetic plus binary searches over the
sorted exceptions, so they cost O(log holidays) whatever the span.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Iterable, Mapping

Row = tuple[date, bool, str]


def _is_weekday(day: date) -> bool:
    return day.weekday() < 5


def _weekdays_through(ordinal: int) -> int:
    """Mondays to Fridays in [ordinal 1, ordinal]; ordinal 1 (0001-01-01) is a Monday."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


@dataclass(frozen=True)
class Calendar:
    """Exceptions to the Monday-Friday week, each with its (Vietnamese) name.

    Entries that restate the default (a weekend in ``days_off``, a weekday in
    ``extra_working_days``) are dropped, so the two mappings stay disjoint
    and counting can treat them as pure corrections to the weekday count.
    """

    days_off: Mapping[date, str] = field(default_factory=dict)
    extra_working_days: Mapping[date, str] = field(default_factory=dict)
    _off: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _extra: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        off = {d: n for d, n in self.days_off.items() if _is_weekday(d)}
        extra = {d: n for d, n in self.extra_working_days.items() if not _is_weekday(d)}
        # frozen: the normalised copies replace the caller's mappings once.
        object.__setattr__(self, "days_off", MappingProxyType(off))
        object.__setattr__(self, "extra_working_days", MappingProxyType(extra))
        object.__setattr__(self, "_off", tuple(sorted(d.toordinal() for d in off)))
        object.__setattr__(self, "_extra", tuple(sorted(d.toordinal() for d in extra)))

    @classmethod
    def from_rows(cls, rows: Iterable[Row]) -> "Calendar":
        """Build from ``(day, is_working, name)`` rows; a later row for the same
        day wins, so administrator overrides can simply follow the seed rows."""
        off: dict[date, str] = {}
        extra: dict[date, str] = {}
        for day, is_working, name in rows:
            off.pop(day, None)
            extra.pop(day, None)
            if is_working and not _is_weekday(day):
                extra[day] = name
            elif not is_working and _is_weekday(day):
                off[day] = name
        return cls(off, extra)

    def rows(self) -> list[Row]:
        """The effective exceptions as rows, sorted by day."""
        rows = [(d, False, n) for d, n in self.days_off.items()]
        rows += [(d, True, n) for d, n in self.extra_working_days.items()]
        return sorted(rows)

    def with_rows(self, rows: Iterable[Row]) -> "Calendar":
        """A copy with ``rows`` applied on top (e.g. administrator overrides)."""
        return Calendar.from_rows([*self.rows(), *rows])


def is_working_day(day: date, calendar: Calendar) -> bool:
    if _is_weekday(day):
        return day not in calendar.days_off
    return day in calendar.extra_working_days


def _count(a: int, b: int, calendar: Calendar) -> int:
    """Working days in (a, b] for ordinals a <= b."""
    weekdays = _weekdays_through(b) - _weekdays_through(a)
    off = bisect_right(calendar._off, b) - bisect_right(calendar._off, a)
    extra = bisect_right(calendar._extra, b) - bisect_right(calendar._extra, a)
    return weekdays - off + extra


def working_days_between(a: date, b: date, calendar: Calendar) -> int:
    """Working days in (a, b]; when b < a, minus the working days in (b, a].

    The sign makes it reusable both ways: ``working_days_between(today,
    deadline)`` is the days left, ``working_days_between(deadline, today)``
    the days overdue.
    """
    if b < a:
        return -_count(b.toordinal(), a.toordinal(), calendar)
    return _count(a.toordinal(), b.toordinal(), calendar)


def add_working_days(day: date, n: int, calendar: Calendar) -> date:
    """End of the nth working day after ``day`` (``day`` itself not counted).

    n == 0 returns ``day`` unchanged, even on a non-working day: it is the
    "same day" deadline of an express (hỏa tốc) document.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return day
    start = day.toordinal()
    # The answer is the first day whose count reaches n; the count only grows
    # on working days, so that day is a working day. Find an upper bound,
    # then bisect.
    span = n * 7 // 5 + 7
    while _count(start, start + span, calendar) < n:
        span *= 2
    lo, hi = start, start + span
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _count(start, mid, calendar) >= n:
            hi = mid
        else:
            lo = mid
    return date.fromordinal(hi)


def next_working_day(day: date, calendar: Calendar) -> date:
    """``day`` when it is a working day, else the first working day after it.

    Civil Code art. 148(5): a period whose last day is a weekend or a
    holiday ends at the end of the next working day.
    """
    if is_working_day(day, calendar):
        return day
    return add_working_days(day, 1, calendar)


def skipped_days(a: date, b: date, calendar: Calendar) -> list[tuple[date, str]]:
    """Named days off in (a, b] (in (b, a] when b < a), sorted, for explaining
    why a count is lower than the plain Monday-Friday count."""
    lo, hi = sorted((a.toordinal(), b.toordinal()))
    ordinals = calendar._off[bisect_right(calendar._off, lo) : bisect_right(calendar._off, hi)]
    return [(d, calendar.days_off[d]) for d in map(date.fromordinal, ordinals)]


def worked_weekend_days(a: date, b: date, calendar: Calendar) -> list[tuple[date, str]]:
    """Extra working days (swap Saturdays) in (a, b] (in (b, a] when b < a)."""
    lo, hi = sorted((a.toordinal(), b.toordinal()))
    ordinals = calendar._extra[bisect_right(calendar._extra, lo) : bisect_right(calendar._extra, hi)]
    return [(d, calendar.extra_working_days[d]) for d in map(date.fromordinal, ordinals)]


@dataclass(frozen=True)
class AddExplanation:
    """How ``result`` was reached from ``start`` + ``n`` working days."""

    start: date
    n: int
    result: date
    skipped: tuple[tuple[date, str], ...]
    worked_weekend_days: tuple[tuple[date, str], ...]

    @property
    def calendar_days(self) -> int:
        return (self.result - self.start).days


def explain_add(day: date, n: int, calendar: Calendar) -> AddExplanation:
    result = add_working_days(day, n, calendar)
    return AddExplanation(
        start=day,
        n=n,
        result=result,
        skipped=tuple(skipped_days(day, result, calendar)),
        worked_weekend_days=tuple(worked_weekend_days(day, result, calendar)),
    )


__all__ = [
    "AddExplanation",
    "Calendar",
    "Row",
    "add_working_days",
    "explain_add",
    "is_working_day",
    "next_working_day",
    "skipped_days",
    "worked_weekend_days",
    "working_days_between",
]
