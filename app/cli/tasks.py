"""``flask tasks``: task maintenance from the shell, running the same jobs
as the scheduler."""
import click
from flask.cli import AppGroup

from app.cli.calendar import ISO_DATE

tasks = AppGroup("tasks", help="Task maintenance.")


@tasks.command("refresh-flags")
@click.option("--today", type=ISO_DATE, default=None,
              help="Compute as of this day (default: today in Asia/Ho_Chi_Minh).")
def tasks_refresh_flags(today):
    """Recompute every task's timeliness flags now, in this process."""
    from app.jobs.flags import refresh_flags_job

    summary = refresh_flags_job(today.isoformat() if today else None)
    click.echo(summary["tasks"])


@tasks.command("remind")
@click.option("--today", type=ISO_DATE, default=None,
              help="Remind as of this day (default: today in Asia/Ho_Chi_Minh).")
def tasks_remind(today):
    """Create today's reminders now, in this process (after refresh-flags):
    prints how many of each kind were created; running it again adds none."""
    from app.jobs.reminders import remind_job

    summary = remind_job(today.isoformat() if today else None)
    created = summary["created"]
    click.echo(", ".join(f"{kind}: {n}" for kind, n in sorted(created.items())) or "0")
