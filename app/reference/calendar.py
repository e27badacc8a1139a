"""Seed rows for the working-day calendar, from the ``holidays`` package.

The rows are only a starting point: administrators override any day (a
decree can move a year's Tết block or add a swap Saturday), so this module
stays out of the rules and only produces ``(day, is_working, name)`` rows.
"""

from __future__ import annotations

from datetime import date

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
