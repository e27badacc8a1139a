"""``flask workdays`` and ``flask calendar``: the calendar from the shell,
running the same code as the screens.

Every command reads the calendar from the database (seeding it first when
it is empty) and prints machine-friendly output: one value alone on a line.
"""
from datetime import date

import click
from flask.cli import AppGroup

from app.rules import RuleError
from app.rules.workdays import add_working_days, working_days_between

workdays = AppGroup("workdays", help="Working-day arithmetic on the database calendar.")
calendar = AppGroup("calendar", help="The working-day calendar.")


class IsoDate(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD.", param, ctx)


ISO_DATE = IsoDate()


def _calendar():
    from app.services import calendar as service

    service.ensure_seeded()
    return service.load_calendar()


@workdays.command("add")
@click.argument("day", type=ISO_DATE)
@click.argument("n", type=click.IntRange(min=0))
def workdays_add(day, n):
    """The end of the Nth working day after DAY (DAY itself not counted)."""
    click.echo(add_working_days(day, n, _calendar()).isoformat())


@workdays.command("count")
@click.argument("start", type=ISO_DATE)
@click.argument("end", type=ISO_DATE)
def workdays_count(start, end):
    """Working days in (START, END]; negative when END is before START."""
    click.echo(working_days_between(start, end, _calendar()))


@calendar.command("seed")
@click.option("--from", "first_year", type=click.IntRange(1900, 2199), default=None,
              help="First year (default 2010).")
@click.option("--to", "last_year", type=click.IntRange(1900, 2199), default=None,
              help="Last year (default two years ahead).")
def calendar_seed(first_year, last_year):
    """Load holidays, substitute days off and swap Saturdays from the
    `holidays` package; administrator overrides are kept."""
    from app.clock import today_vn
    from app.services import calendar as service
    from app.services.flags import refresh_flags

    first_year = first_year or service.FIRST_SEED_YEAR
    try:
        result = service.seed_calendar(first_year, last_year)
    except RuleError as err:
        raise click.ClickException(err.message % err.params if err.params else err.message)
    click.echo(f"added {result.added}, updated {result.updated}, removed {result.removed}, "
               f"overrides kept {result.kept_overrides}")
    if result.changed:
        click.echo(f"flags refreshed: {refresh_flags(today_vn())}")

