"""`flask workdays`, `flask calendar seed` and `flask tasks refresh-flags`."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.reference.calendar import vn_calendar_rows
from app.extensions import db
from app.models import CalendarDay, Document, Task, Unit
from app.rules.workdays import Calendar, add_working_days, working_days_between
from app.services import calendar as service

D = date


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=list(args))

    return run


def test_add_over_tet_2017_prints_the_iso_date_alone(cli, app):
    result = cli("workdays", "add", "2017-01-20", "10")
    assert result.exit_code == 0, result.output
    assert result.output == "2017-02-10\n"
    with app.app_context():  # an empty calendar was seeded first
        assert db.session.scalar(select(func.count(CalendarDay.day))) > 100


def test_count_is_the_working_days_after_start_up_to_end(cli):
    assert cli("workdays", "count", "2017-01-20", "2017-02-10").output == "10\n"
    assert cli("workdays", "count", "2017-01-20", "2017-01-20").output == "0\n"
    assert cli("workdays", "count", "2017-02-10", "2017-01-20").output == "-10\n"


@pytest.mark.parametrize("start, n", [("2016-02-05", 3), ("2019-04-12", 4), ("2020-12-31", 2),
                                      ("2024-02-07", 5), ("2025-04-29", 1), ("2027-02-04", 7)])
def test_add_and_count_follow_the_seeded_calendar(cli, start, n):
    cal = Calendar.from_rows(vn_calendar_rows(2010, 2028))
    expected = add_working_days(D.fromisoformat(start), n, cal)
    assert cli("workdays", "add", start, str(n)).output == expected.isoformat() + "\n"
    assert cli("workdays", "count", start, expected.isoformat()).output == f"{n}\n"


@pytest.mark.parametrize("args, message", [
    (("workdays", "add", "2017-13-01", "3"), "YYYY-MM-DD"),
    (("workdays", "add", "20/01/2017", "3"), "YYYY-MM-DD"),
    (("workdays", "add", "2017-01-20", "-1"), "-1"),
    (("workdays", "add", "2017-01-20", "ten"), "ten"),
    (("workdays", "count", "2017-01-20"), "END"),
    (("tasks", "refresh-flags", "--today", "tomorrow"), "YYYY-MM-DD"),
    (("calendar", "seed", "--from", "2020", "--to", "2019"), "first year"),
    (("calendar", "seed", "--from", "1066"), "1066"),
])
def test_bad_input_is_refused_with_a_message(cli, args, message):
    result = cli(*args)
    assert result.exit_code != 0
    assert message in result.output


def test_calendar_seed_reports_counts_and_keeps_overrides(cli, app):
    first = cli("calendar", "seed", "--from", "2016", "--to", "2017")
    assert first.exit_code == 0, first.output
    expected = len(vn_calendar_rows(2016, 2017))
    assert first.output.startswith(f"added {expected}, updated 0, removed 0, overrides kept 0")
    with app.app_context():
        service.set_day(None, D(2017, 1, 30), True, "Làm việc", "3/TB")
    again = cli("calendar", "seed", "--from", "2016", "--to", "2017")
    assert again.output == "added 0, updated 0, removed 0, overrides kept 1\n"


def test_refresh_flags_sets_the_timeliness_the_api_shows(cli, app, api_token, client):
    with app.app_context():
        unit_id = db.session.scalar(select(Unit.id).limit(1))
        cases = {  # deadline -> timeliness on Mon 6/2/2017, the first day back after Tết
            D(2017, 2, 3): "overdue",
            D(2017, 2, 9): "due_soon",     # 3 working days ahead
            D(2017, 2, 10): "within",      # 4
            D(2017, 2, 6): "due_soon",     # today
        }
        ids = {}
        for i, (deadline, _) in enumerate(cases.items()):
            doc = Document(doc_type="decision", number_symbol=f"{i}/QĐ", number_key=f"{i}/qđ",
                           issue_year=2017, summary="x", issued_on=D(2017, 1, 20),
                           issuing_authority="committee", urgency="normal",
                           confidentiality="normal", complex_entry=False)
            task = Task(document=doc, content="x", lead_unit_id=unit_id, has_deadline=True,
                        deadline=deadline, state="accepted", transferred_on=D(2017, 1, 23))
            db.session.add(task)
            db.session.flush()
            ids[deadline] = task.id
        db.session.commit()
    result = cli("tasks", "refresh-flags", "--today", "2017-02-06")
    assert result.exit_code == 0, result.output
    assert result.output == "4\n"
    headers = api_token("admin")
    for deadline, timeliness in cases.items():
        response = client.get(f"/api/v1/task/{ids[deadline]}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.json["result"]["timeliness"] == timeliness, deadline
    with app.app_context():
        task = db.session.get(Task, ids[D(2017, 2, 3)])
        # Fri 3/2 to Mon 6/2: one working day, three calendar days.
        assert (task.working_days_overdue, task.calendar_days_overdue) == (1, 3)
        assert working_days_between(D(2017, 2, 3), D(2017, 2, 6), service.load_calendar()) == 1
