"""Seed rows for the working-day calendar: the ``holidays`` package, and on top
of it the government's decisions the package lacks (``official_days.csv``,
reviewed data with the deciding document's reference).

The rows are only a starting point: administrators override any day (a
decree can move a year's Tết block or add a swap Saturday), so this module
stays out of the rules and only produces rows.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays

SWAP_NAME = "Ngày làm việc bù"


def vn_calendar_rows(first_year: int, last_year: int) -> list[tuple[date, bool, str]]:
    """Exceptions to the Monday-Friday week for ``first_year..last_year``.

    * every holiday on a weekday (including observed "nghỉ bù" days and
      substitute days off) -> ``(day, False, name)``;
    * every weekend day the package marks as worked (``weekend_workdays``, the
      government's swap Saturdays) -> ``(day, True, "Ngày làm việc bù (...)")``.

    Holidays on a weekend change nothing and are left out.
    """
    # One year either side so a swap that crosses New Year (31/12/2018 off,
    # 05/01/2019 worked) still finds its partner for the name.
    vn = holidays.VN(years=range(first_year - 1, last_year + 2), language="vi")
    years = range(first_year, last_year + 1)

    rows = [(d, False, name) for d, name in vn.items() if d.year in years and d.weekday() < 5]
    for saturday in vn.weekend_workdays:
        if saturday.year in years:
            rows.append((saturday, True, _swap_name(vn, saturday)))
    return sorted(rows)


def _swap_name(vn: holidays.HolidayBase, worked: date) -> str:
    # The day off it pays for is labelled "Ngày nghỉ (thay cho ngày dd/mm/yyyy)".
    marker = worked.strftime("%d/%m/%Y")
    for day_off, name in sorted(vn.items()):
        if marker in name:
            return f"{SWAP_NAME} (cho ngày nghỉ {day_off:%d/%m/%Y})"
    return SWAP_NAME


# --- Official decisions the package lacks (app/reference/official_days.csv) -----------

OFFICIAL_DAYS_FILE = os.path.join(os.path.dirname(__file__), "official_days.csv")


@dataclass(frozen=True)
class OfficialDay:
    """One day decided by a government document (a day off or a swap working day)."""

    day: date
    is_working: bool
    name: str
    reference: str
    public_source: str


def load_official_days(path: str = OFFICIAL_DAYS_FILE) -> tuple[OfficialDay, ...]:
    """The reviewed decisions, sorted by day. A malformed file raises ValueError
    naming the line: it ships with the code, so a test catches it first."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    days = {}
    for number, row in enumerate(csv.DictReader(lines), start=2):
        try:
            day = date.fromisoformat(row["day"].strip())
            working = {"1": True, "0": False}[row["working"].strip()]
            name, reference = row["name"].strip(), row["reference"].strip()
            source = (row.get("public_source") or "").strip()
        except (AttributeError, KeyError, ValueError) as exc:
            raise ValueError(f"{path}: data row {number - 1} is malformed ({exc!r})") from None
        if not name or not reference or len(name) > 255 or len(reference) > 255:
            raise ValueError(f"{path}: data row {number - 1} needs a name and a reference "
                             "(at most 255 characters each)")
        if day in days:
            raise ValueError(f"{path}: {day} is listed twice")
        days[day] = OfficialDay(day, working, name, reference, source)
    return tuple(days[d] for d in sorted(days))


def official_rows(first_year: int, last_year: int) -> list[OfficialDay]:
    """The official decisions for days in ``first_year..last_year``."""
    return [o for o in _official_days() if first_year <= o.day.year <= last_year]


@lru_cache(maxsize=1)
def _official_days() -> tuple[OfficialDay, ...]:
    return load_official_days()


# Where a seeded row comes from (``CalendarDay.source``); administrators' rows are "admin".
PACKAGE = "holidays"
OFFICIAL = "official"


def seed_rows(first_year: int, last_year: int) -> list[tuple[date, bool, str, str, str | None]]:
    """What seeding stores for ``first_year..last_year``: the package's rows with
    the official decisions on top, as ``(day, is_working, name, source,
    decision_ref)`` sorted by day. Administrators' overrides go on top of
    these in the database (``app.services.calendar``)."""
    rows = {day: (day, working, name, PACKAGE, None)
            for day, working, name in vn_calendar_rows(first_year, last_year)}
    for o in official_rows(first_year, last_year):
        rows[o.day] = (o.day, o.is_working, o.name, OFFICIAL, o.reference)
    return [rows[d] for d in sorted(rows)]
