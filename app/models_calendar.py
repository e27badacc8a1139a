"""Derived tables of the working-day calendar (the source rows are CalendarDay).

``WorkdayIndex`` materialises the calendar as one row per day with the
running count of working days, so that the flags job can do working-day
arithmetic in plain, portable SQL: the working days in (a, b] are
``cum(b) - cum(a)``, and the nth working day after ``a`` is the working day
whose ``cum`` is ``cum(a) + n``. It is rebuilt from CalendarDay whenever the
calendar's version stamp changes, so it is never edited by hand.
"""
from flask_appbuilder import Model
from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String


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


__all__ = ["CalendarState", "WorkdayIndex"]
