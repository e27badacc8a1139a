"""``flask`` commands: set-up, seed data, and later the rules' CLIs."""
import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from app.demo import accounts
from app.services import bootstrap
from app.clock import today_vn
from app.demo.tracking import seed_demo_tracking
from app.services import calendar
from app.services.flags import refresh_flags

seed = AppGroup("seed", help="Load reference or demo data.")


@seed.command("units")
def seed_units():
    """The units of Đắk Lắk province."""
    click.echo(f"units added: {bootstrap.seed_units()}")


@seed.command("demo")
def seed_demo():
    """Demo accounts and a year of documents and tasks (never in production)."""
    bootstrap.seed_units()
    calendar.ensure_seeded()
    click.echo(f"demo users added: {accounts.seed_demo_users()}")
    click.echo(f"demo tasks added: {seed_demo_tracking()}")
    click.echo(f"flags refreshed: {refresh_flags(today_vn())}")


@click.command("init")
def init():
    """Register permissions and set every role to its permission set."""
    bootstrap.sync_roles()
    click.echo("roles synchronised")


@click.command("setup")
def setup():
    """Migrate, sync roles, load units and the calendar; demo data when the
    database is empty; then every timeliness flag as of today."""
    upgrade()
    bootstrap.sync_roles()
    bootstrap.seed_units()
    calendar.seed_calendar()
    if current_app.config["LOAD_DEMO_DATA"] and bootstrap.database_is_empty():
        click.echo(f"demo users added: {accounts.seed_demo_users()}")
        click.echo(f"demo tasks added: {seed_demo_tracking()}")
    click.echo(f"flags refreshed: {refresh_flags(today_vn())}")
    click.echo("setup done")

