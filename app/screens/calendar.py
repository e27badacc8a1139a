"""The working-day calendar screens: the list of exceptions to the normal
week (administrators change them, everyone reads), and a year view.

Writes go through ``app.services.calendar``: each one is an administrator
override citing its decision, re-computes the flags, and either happens
whole or not at all. Deleting means "back to the normal week" and is kept
as an override (see ``remove_day``), so it asks for the decision too.
"""
import calendar as std_calendar
from datetime import date

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import ModelView, expose, has_access
from flask_appbuilder.forms import DynamicForm
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.filters import SQLAFilterConverter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import permission_name
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from app.clock import today_vn
from app.extensions import db
from app.jobs.flags import recompute_flags
from app.screens.formatting import format_day
from app.models import AppUser, CalendarDay
from app.rules import N_, RuleError
from app.services import calendar as service
from app.screens.forms import DayDateField
from app.filters import SafeFiltersMixin
from app.screens.lists import FilterIs, FilterIsOneOf, choice_field

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))
WEEKDAYS_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))
SOURCE_LABELS = {
    service.SEEDED: N_("Public holidays (seeded)"),
    service.OFFICIAL: N_("Official decision"),
    service.ADMIN: N_("Administrator"),
}
# The year view marks each day that has a row with where it comes from.
SOURCE_ICONS = {service.SEEDED: "fa-calendar-o", service.OFFICIAL: "fa-file-text-o",
                service.ADMIN: "fa-user"}
WORKING, DAY_OFF = "1", "0"


def _translate_error(err):
    params = {k: _(v) if isinstance(v, str) else v for k, v in err.params.items()}
    return _(err.message, **params)


def _working_label(is_working):
    return _("Working day") if is_working else _("Day off")


# --- Filters and the data interface -------------------------------------------------


class FilterYear(BaseFilter):
    name = _l("In year")
    arg_name = "year"

    def apply(self, query, value):
        try:
            year = int(str(value).strip())
            first, last = date(year, 1, 1), date(year, 12, 31)
        except (ValueError, OverflowError):  # not a year, or none a date can have
            return query.filter(False)
        column = getattr(self.model, self.column_name)
        return query.filter(column >= first, column <= last)


class FilterWorking(BaseFilter):
    """FAB's boolean filter only matches "checked"; this one matches either."""

    name = _l("Is")
    arg_name = "wk"

    def apply(self, query, value):
        column = getattr(self.model, self.column_name)
        return query.filter(column.is_(str(value) in (WORKING, "y", "True", "true")))


class _Converter(SQLAFilterConverter):
    def convert(self, col_name):
        # FAB wants filter instances here, not classes.
        if col_name == "day":
            return [FilterYear(col_name, self.datamodel), *super().convert(col_name)]
        if col_name == "is_working":
            return [FilterWorking(col_name, self.datamodel)]
        if col_name == "source":  # "Is" / "Is one of" a source (app/screens/lists.py)
            return [FilterIs(col_name, self.datamodel), FilterIsOneOf(col_name, self.datamodel)]
        return super().convert(col_name)


class CalendarDayInterface(SafeFiltersMixin, SQLAInterface):
    """Writes through the service (which commits and re-computes the flags);
    ``weekday`` and ``changed_by`` are read from the row for display."""

    filter_converter_class = _Converter

    def __init__(self, obj=CalendarDay, session=None):
        super().__init__(obj, session)

    @staticmethod
    def _get_attr_value(item, col):
        if col == "weekday":
            return item.day
        if col == "changed_by":
            user = db.session.get(AppUser, item.changed_by_id) if item.changed_by_id else None
            return user.username if user else ""
        return SQLAInterface._get_attr_value(item, col)

    def add(self, item, commit=True):
        service.set_day(g.user, item.day, item.is_working, item.name, item.decision_ref)
        recompute_flags()

    def edit(self, item, commit=True):
        self.add(item, commit)

    def delete(self, item, commit=True):
        raise NotImplementedError("deleting is remove_day, through CalendarDayModelView.delete")


def _is_working(value):
    """The select's value as a bool; anything else is refused, never a day off."""
    if value in (True, WORKING, "True"):
        return True
    if value in (False, DAY_OFF, "False"):
        return False
    raise ValueError(value)


def _working_field():
    return SelectField(_l("Kind of day"), choices=[(DAY_OFF, _l("Day off")),
                                                   (WORKING, _l("Working day"))],
                       coerce=_is_working, validators=[InputRequired()])


class RestoreForm(DynamicForm):
    decision_ref = StringField(_l("Decision or notice"),
                               validators=[DataRequired(), Length(max=255)])


# --- The view ---------------------------------------------------------------------------


class CalendarDayModelView(ModelView):
    datamodel = CalendarDayInterface(CalendarDay)
    route_base = "/calendar"
    list_title = _l("Working-day calendar")
    show_title = _l("Calendar day")
    add_title = _l("Add a calendar day")
    edit_title = _l("Change a calendar day")
    list_template = "calendar/list.html"
    exclude_route_methods = {"download", "action", "action_post"}
    list_columns = ["day", "weekday", "is_working", "name", "source", "decision_ref"]
    show_columns = ["day", "weekday", "is_working", "name", "source", "decision_ref",
                    "changed_by", "changed_on"]
    add_columns = ["day", "is_working", "name", "decision_ref"]
    edit_columns = ["is_working", "name", "decision_ref"]
    search_columns = ["day", "is_working", "source", "name", "decision_ref"]
    # Not the weekday: the screen computes it, the table has no such column.
    order_columns = ["day", "is_working", "name", "source", "decision_ref"]
    add_form_extra_fields = {"is_working": _working_field(),
                             "day": DayDateField(_l("Day"), validators=[DataRequired()])}
    edit_form_extra_fields = {"is_working": _working_field()}
    search_form_extra_fields = {
        "is_working": SelectField(_l("Kind of day"), choices=[(DAY_OFF, _l("Day off")),
                                                              (WORKING, _l("Working day"))]),
        "source": choice_field(_l("Source"), SOURCE_LABELS),
    }
    validators_columns = {
        "name": [DataRequired(), Length(max=255)],
        "decision_ref": [DataRequired(), Length(max=255)],
    }
    base_order = ("day", "desc")
    page_size = 50
    label_columns = {
        "day": _l("Day"),
        "weekday": _l("Weekday"),
        "is_working": _l("Kind of day"),
        "name": _l("Name"),
        "source": _l("Source"),
        "decision_ref": _l("Decision or notice"),
        "changed_by": _l("Changed by"),
        "changed_on": _l("Changed at"),
    }
    description_columns = {
        "is_working": _l("A day off on a weekday (holiday, substitute day off), or a "
                         "working Saturday or Sunday (swap day)."),
        "name": _l("For example: Tết Nguyên Đán, Ngày làm việc bù."),
        "decision_ref": _l("The decree, decision or notice that decided this day, "
                           "e.g. 1234/TB-UBND."),
    }
    formatters_columns = {
        "day": format_day,
        "changed_on": format_day,
        "weekday": lambda d: _(WEEKDAYS[d.weekday()]) if d else "",
        "is_working": _working_label,
        "source": lambda s: _(SOURCE_LABELS[s]) if s in SOURCE_LABELS else s,
    }

    # FAB flashes what these raise, and then does not write.
    def pre_add(self, item):
        if service.get_day(item.day) is not None:
            raise ValueError(_("%(day)s is already in the calendar: change it instead.",
                               day=format_day(item.day)))
        self._check(item)

    def pre_update(self, item):
        self._check(item)

    def _check(self, item):
        try:
            service.check_day(item.day, item.name, item.decision_ref)
        except RuleError as err:
            db.session.rollback()
            raise ValueError(_translate_error(err)) from None

    @expose("/delete/<pk>", methods=["GET", "POST"])
    @has_access
    def delete(self, pk):
        """Back to the normal week, citing the decision: asks for it first
        (FAB's list button posts without it)."""
        day = _parse_day(pk)
        row = service.get_day(day) if day else None
        if row is None:
            abort(404)
        form = RestoreForm(request.form)
        if request.method == "POST" and "decision_ref" in request.form and form.validate():
            try:
                service.remove_day(g.user, day, form.decision_ref.data)
            except RuleError as err:
                flash(_translate_error(err), "danger")
            else:
                recompute_flags()
                flash(_("%(day)s now follows the normal week.", day=format_day(day)), "success")
                return redirect(url_for(f"{self.endpoint}.list"))
        return self.render_template("calendar/delete.html", form=form, row=row,
                                    weekday=_(WEEKDAYS[day.weekday()]),
                                    normal=_working_label(day.weekday() < 5),
                                    current=_working_label(row.is_working))

    @expose("/year/")
    @expose("/year/<int:year>")
    @has_access
    @permission_name("list")
    def year(self, year=None):
        year = year or today_vn().year
        if not service.INDEX_MIN.year <= year <= service.INDEX_MAX.year:
            abort(404)
        rows = {r.day: r for r in db.session.scalars(
            db.select(CalendarDay).where(CalendarDay.day >= date(year, 1, 1),
                                         CalendarDay.day <= date(year, 12, 31)))}
        calendar = service.load_calendar()
        months = [_month(year, m, rows, calendar) for m in range(1, 13)]
        return self.render_template(
            "calendar/year.html", year=year, months=months, title=self.list_title,
            weekdays=[_(w) for w in WEEKDAYS_SHORT], month_names=[_(m) for m in MONTHS],
            working_days=sum(c["working"] for m in months for w in m for c in w if c),
            days=[_day_source(r) for _, r in sorted(rows.items())],
            source_labels={k: _(v) for k, v in SOURCE_LABELS.items()}, source_icons=SOURCE_ICONS,
        )


def _parse_day(pk):
    try:
        return date.fromisoformat(str(pk))
    except ValueError:
        return None


def _month(year, month, rows, calendar):
    """Weeks (Monday first) of cells: None outside the month, else the day,
    whether it is worked, and why when it differs from the normal week."""
    from app.rules.workdays import is_working_day

    weeks = []
    for week in std_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(None)
                continue
            row = rows.get(day)
            working = is_working_day(day, calendar)
            weekend = day.weekday() >= 5
            if not working and not weekend:
                kind = "holiday"
            elif working and weekend:
                kind = "swap"
            else:
                kind = "weekend" if weekend else "normal"
            cells.append({"day": day, "working": working, "kind": kind,
                          "name": row.name if row is not None and kind in ("holiday", "swap")
                          else None,
                          "source": row.source if row is not None else None,
                          "decision_ref": row.decision_ref if row is not None else None})
        weeks.append(cells)
    return weeks


def _day_source(row):
    """A row of the year's table of days: where each day comes from (the
    package, an official decision with its reference, an administrator)."""
    return {"day": row.day, "weekday": _(WEEKDAYS[row.day.weekday()]),
            "kind": _working_label(row.is_working), "name": row.name, "source": row.source,
            "source_label": _(SOURCE_LABELS[row.source]) if row.source in SOURCE_LABELS
            else row.source, "decision_ref": row.decision_ref}

