"""``flask`` commands, a module per area: set-up and seed data, the
working-day calendar, task maintenance."""
from app.cli.calendar import calendar, workdays
from app.cli.setup import init, seed, setup
from app.cli.tasks import tasks


def register_cli(app):
    for group in (seed, init, setup, workdays, calendar, tasks):
        app.cli.add_command(group)
