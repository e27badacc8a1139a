"""The nightly reminders (issue 11, R6): after ``flask tasks refresh-flags
--today D`` and ``flask tasks remind --today D``, the lead unit of an
overdue task has exactly one "overdue" reminder for it; running both again,
or twice at once, adds none; a coordinating unit gets none."""
import threading
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AppUser, Notification
from app.services.reminders import send_reminders
from tests.integration.test_tracking_services import new_document, task_in

D = date(2017, 7, 4)  # a Tuesday; the tasks' deadline is Friday 30/06/2017


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def notes(username, kind=None):
    user = db.session.scalar(select(AppUser).where(AppUser.username == username))
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query).all()


@pytest.fixture
def overdue(app):
    """An accepted Krông Pắc task (Buôn Ma Thuột coordinating), deadline 30/06/2017."""
    with app.app_context():
        task_id = task_in("accepted", new_document(), lead="KRONGPAC").id
        db.session.remove()
    return task_id


def test_the_lead_unit_gets_one_overdue_reminder(app, overdue):
    for _ in range(2):
        run(app, "tasks", "refresh-flags", "--today", D.isoformat())
        run(app, "tasks", "remind", "--today", D.isoformat())
    with app.app_context():
        mine = notes("krongpac", "overdue")
        assert [(n.task_id, n.created_on) for n in mine] == [(overdue, D)]
        assert mine[0].params["days"] == 2
        assert notes("buonmathuot") == []


def test_two_runs_at_once_add_nothing_twice(app, overdue):
    run(app, "tasks", "refresh-flags", "--today", D.isoformat())
    errors = []

    def remind():
        try:
            with app.app_context():
                send_reminders(D)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=remind) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert len(notes("krongpac", "overdue")) == 1


def test_repeated_every_n_working_days(app, overdue):
    days = [date(2017, 7, d) for d in (3, 4, 5, 6, 7, 10)]  # Mon..Fri, Mon
    for day in days:
        run(app, "tasks", "refresh-flags", "--today", day.isoformat())
        run(app, "tasks", "remind", "--today", day.isoformat())
    with app.app_context():
        sent = sorted(n.created_on for n in notes("krongpac", "overdue"))
    # Every 3 working days: Mon 3, Thu 6 (then Tue 11).
    assert sent == [date(2017, 7, 3), date(2017, 7, 6)]


def test_no_reminder_on_a_day_off(app, overdue):
    run(app, "tasks", "refresh-flags", "--today", "2017-07-08")
    assert run(app, "tasks", "remind", "--today", "2017-07-08").strip() == "0"
    with app.app_context():
        assert notes("krongpac") == []


def test_the_office_hears_of_a_late_entry(app):
    with app.app_context():
        draft = task_in("draft", new_document(issued_on="2017-06-01"), lead="KRONGPAC").id
        db.session.remove()
    run(app, "tasks", "refresh-flags", "--today", D.isoformat())
    run(app, "tasks", "remind", "--today", D.isoformat())
    with app.app_context():
        assert [n.task_id for n in notes("vanphong", "entry_late")] == [draft]
        assert notes("krongpac") == []  # a draft is the Office's
        everyone = db.session.scalars(select(Notification)).all()
        assert {(n.kind, n.task_id) for n in everyone} == {("entry_late", draft)}
        for n in everyone:
            roles = {r.name for r in db.session.get(AppUser, n.user_id).roles}
            assert roles & {"Office specialist", "Office leader"}, roles
