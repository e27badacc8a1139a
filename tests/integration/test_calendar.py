"""The calendar service and screens: seeding, overrides, the index, the flags
they re-compute, and who may do what."""
from datetime import date, timedelta

import pytest
from rq import SimpleWorker
from sqlalchemy import func, select

from app.reference.calendar import seed_rows, vn_calendar_rows
from app.extensions import db
from app.jobs.flags import recompute_flags
from app.models import AppUser, CalendarDay, Document, Task, Unit, WorkdayIndex
from app.runtime.redis_conn import get_queue
from app.rules import RuleError
from app.rules.workdays import add_working_days, is_working_day, working_days_between
from app.services import calendar as service
from app.services.flags import refresh_flags

D = date


@pytest.fixture
def queue(app):
    """The app's RQ queue, emptied before and after: jobs left behind would
    run in another test's worker."""
    with app.app_context():
        q = get_queue()
        q.empty()
        yield q
        q.empty()


def _run_queue(q):
    SimpleWorker([q], connection=q.connection).work(burst=True)


def _task(deadline=D(2017, 2, 7), transferred_on=D(2017, 2, 2), issued_on=D(2017, 1, 25),
          number="1/QĐ-UBND"):
    unit_id = db.session.scalar(select(Unit.id).limit(1))
    doc = Document(doc_type="decision", number_symbol=number, number_key=number.lower(),
                   issue_year=issued_on.year, summary="Văn bản", issued_on=issued_on,
                   issuing_authority="committee", urgency="normal", confidentiality="normal",
                   complex_entry=False)
    task = Task(document=doc, content="Nhiệm vụ", lead_unit_id=unit_id, has_deadline=True,
                deadline=deadline, state="in_progress", transferred_on=transferred_on)
    db.session.add(task)
    db.session.commit()
    return task.id


def _flags(task_id):
    db.session.expire_all()
    task = db.session.get(Task, task_id)
    return task.entry_due, task.first_update_due, task.timeliness, task.flags_as_of


def _walk(day, n, working):
    """add_working_days by walking day by day: the definition, nothing clever."""
    while n:
        day += timedelta(days=1)
        n -= working(day)
    return day


# --- Seeding ---------------------------------------------------------------------------


def test_seed_matches_the_holidays_package_and_is_idempotent(ctx):
    result = service.seed_calendar(2016, 2027)
    rows = db.session.execute(select(CalendarDay.day, CalendarDay.is_working, CalendarDay.name,
                                     CalendarDay.source, CalendarDay.decision_ref)).all()
    assert sorted(tuple(r) for r in rows) == seed_rows(2016, 2027)
    # The package's rows, except the days an official decision took over.
    official = {d for d, *_, s, _ in rows if s == "official"}
    assert official and {s for *_, s, _ in rows} == {"holidays", "official"}
    assert sorted((d, w, n) for d, w, n, s, _ in rows if s == "holidays") == [
        r for r in vn_calendar_rows(2016, 2027) if r[0] not in official]
    assert result.added == len(rows) and not (result.updated or result.removed)
    again = service.seed_calendar(2016, 2027)
    assert (again.added, again.updated, again.removed, again.changed) == (0, 0, 0, False)


def test_reseeding_keeps_overrides_and_drops_rows_the_package_no_longer_lists(ctx):
    service.seed_calendar(2017, 2017)
    tet = D(2017, 1, 30)  # Monday of Tết 2017, seeded as a day off
    service.set_day(None, tet, True, "Làm việc", "99/TB-UBND")
    stray = CalendarDay(day=D(2017, 3, 15), is_working=False, name="Cũ", source="holidays")
    db.session.add(stray)
    db.session.commit()
    result = service.seed_calendar(2017, 2017)
    assert result.kept_overrides == 1 and result.removed == 1
    row = db.session.get(CalendarDay, tet)
    assert (row.is_working, row.source, row.decision_ref) == (True, "admin", "99/TB-UBND")
    assert db.session.get(CalendarDay, D(2017, 3, 15)) is None


@pytest.mark.parametrize("first, last", [(2018, 2017), (1800, 2017), (2017, 2300)])
def test_seed_refuses_bad_years(ctx, first, last):
    with pytest.raises(RuleError):
        service.seed_calendar(first, last)


def test_tet_substitute_days_and_swap_saturdays_2016_to_2027(ctx):
    """Every exception the package lists, checked against a day-by-day walk
    over the seeded rows: the expected values come from the seed."""
    service.seed_calendar(2016, 2027)
    rows = {d: w for d, w, *_ in seed_rows(2016, 2027)}
    cal = service.load_calendar()

    def working(day):
        return rows.get(day, day.weekday() < 5)

    kinds = {"tet": 0, "substitute": 0, "swap": 0}
    for day, is_working, name, *_ in seed_rows(2016, 2027):
        if "Tết Nguyên" in name:
            kinds["tet"] += 1
        elif is_working:
            kinds["swap"] += 1
        elif "bù" in name or "thay cho" in name:
            kinds["substitute"] += 1
        assert is_working_day(day, cal) is is_working, (day, name)
        for start in (day - timedelta(days=k) for k in (1, 3, 7)):
            for n in (1, 2, 3, 5, 10):
                assert add_working_days(start, n, cal) == _walk(start, n, working), (start, n)
        assert working_days_between(day - timedelta(days=10), day + timedelta(days=10), cal) == \
            sum(working(day + timedelta(days=k)) for k in range(-9, 11))
    assert all(kinds.values()), kinds  # each kind really occurs in the seed


def test_the_index_agrees_with_the_calendar_day_by_day(ctx):
    service.seed_calendar(2016, 2027)
    cal = service.load_calendar()
    service.ensure_index(D(2016, 1, 1), D(2027, 12, 1))
    db.session.commit()
    index = db.session.execute(select(WorkdayIndex.day, WorkdayIndex.cum,
                                      WorkdayIndex.is_working, WorkdayIndex.dn)
                               .order_by(WorkdayIndex.day)).all()
    assert index[0].day <= D(2016, 1, 1) and index[-1].day >= D(2028, 1, 1)
    previous = None
    for row in index:
        assert row.is_working == is_working_day(row.day, cal), row.day
        assert row.dn == row.day.toordinal()
        if previous is not None:
            assert row.cum - previous.cum == int(row.is_working)
        previous = row


# --- Cache and overrides ------------------------------------------------------------------


def test_load_calendar_follows_every_change(ctx):
    service.seed_calendar(2017, 2017)
    first = service.load_calendar()
    assert service.load_calendar() is first  # cached while nothing changes
    stamp = service.calendar_version()
    service.set_day(None, D(2017, 3, 8), False, "Thử", "1/QĐ")
    assert service.calendar_version() != stamp
    assert not is_working_day(D(2017, 3, 8), service.load_calendar())
    service.remove_day(None, D(2017, 3, 8), "2/QĐ")
    assert is_working_day(D(2017, 3, 8), service.load_calendar())


@pytest.mark.parametrize("day, name, ref", [
    (D(2017, 3, 8), "Thử", ""),
    (D(2017, 3, 8), "  ", "1/QĐ"),
    (D(2017, 3, 8), "Thử", "x" * 256),
    (D(1850, 3, 8), "Thử", "1/QĐ"),
])
def test_a_refused_override_changes_nothing(ctx, day, name, ref):
    service.seed_calendar(2017, 2017)
    stamp = service.calendar_version()
    count = db.session.scalar(select(func.count(CalendarDay.day)))
    with pytest.raises(RuleError):
        service.set_day(None, day, False, name, ref)
    assert service.calendar_version() == stamp
    assert db.session.scalar(select(func.count(CalendarDay.day))) == count


def test_remove_day_restores_the_normal_week_as_an_override(ctx):
    service.seed_calendar(2017, 2017)
    tet = D(2017, 1, 30)
    service.remove_day(None, tet, "12/TB-UBND")
    row = db.session.get(CalendarDay, tet)
    assert (row.is_working, row.source, row.decision_ref) == (True, "admin", "12/TB-UBND")
    assert "Tết" in row.name  # the name says what the day was
    service.seed_calendar(2017, 2017)
    assert is_working_day(tet, service.load_calendar())
    with pytest.raises(RuleError):
        service.remove_day(None, tet, "13/TB-UBND")
    with pytest.raises(RuleError):  # an ordinary day has nothing to remove
        service.remove_day(None, D(2017, 3, 8), "13/TB-UBND")


def test_an_override_recomputes_flags_through_the_queue(ctx, queue):
    service.seed_calendar(2017, 2017)
    task_id = _task()
    refresh_flags(D(2017, 2, 6))
    assert _flags(task_id)[:3] == (D(2017, 2, 3), D(2017, 2, 7), "due_soon")
    service.set_day(None, D(2017, 2, 3), False, "Nghỉ", "5/TB-UBND")
    recompute_flags()
    service.set_day(None, D(2017, 2, 6), False, "Nghỉ", "5/TB-UBND")
    recompute_flags()
    # Both changes share the one waiting full refresh.
    assert queue.count == 1
    _run_queue(queue)
    entry_due, first_update_due, _, as_of = _flags(task_id)
    assert (entry_due, first_update_due) == (D(2017, 2, 7), D(2017, 2, 9))
    assert as_of is not None


def test_an_override_recomputes_in_process_when_redis_is_down(app, ctx):
    service.seed_calendar(2017, 2017)
    task_id = _task()
    refresh_flags(D(2017, 2, 6))
    url = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "unix:///nonexistent/redis.sock"
    try:
        service.set_day(None, D(2017, 2, 3), False, "Nghỉ", "5/TB-UBND")
        assert recompute_flags() == "in_process"
    finally:
        app.config["REDIS_URL"] = url
    assert _flags(task_id)[0] == D(2017, 2, 6)


# --- Screens ---------------------------------------------------------------------------


def test_unauthenticated_users_are_sent_to_login(client):
    for url in ("/calendar/list/", "/calendar/year/2017", "/calendar/add"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("username", ["vanphong", "lanhdao", "sotttt", "sotaichinh"])
def test_every_role_reads_and_only_admin_writes(app, login, username):
    with app.app_context():
        service.seed_calendar(2017, 2017)
    browser = login(username)
    page = browser.get("/calendar/list/?_flt_0_day=2017")
    assert page.status_code == 200
    assert "30/01/2017" in page.get_data(as_text=True)
    year = browser.get("/calendar/year/2017").get_data(as_text=True)
    assert "Tết Nguyên Đán" in year
    browser.post("/calendar/add", data={"day": "2017-03-08", "is_working": "0",
                                        "name": "Thử", "decision_ref": "1/QĐ"})
    browser.post("/calendar/edit/2017-01-30", data={"is_working": "1", "name": "Thử",
                                                    "decision_ref": "1/QĐ"})
    browser.post("/calendar/delete/2017-01-31", data={"decision_ref": "1/QĐ"})
    with app.app_context():
        assert db.session.get(CalendarDay, D(2017, 3, 8)) is None
        assert db.session.get(CalendarDay, D(2017, 1, 30)).source == "holidays"
        assert db.session.get(CalendarDay, D(2017, 1, 31)).source == "holidays"


def test_admin_adds_changes_and_removes_days(app, login, queue):
    with app.app_context():
        service.seed_calendar(2017, 2017)
        admin_id = db.session.scalar(select(AppUser.id).where(AppUser.username == "admin"))
        task_id = _task()
        refresh_flags(D(2017, 2, 6))
    browser = login("admin")
    browser.post("/calendar/add", data={"day": "2017-02-03", "is_working": "0",
                                        "name": "Nghỉ thêm", "decision_ref": "7/TB-UBND"})
    browser.post("/calendar/edit/2017-02-01", data={"is_working": "1", "name": "Làm việc",
                                                    "decision_ref": "8/TB-UBND"})
    form = browser.post("/calendar/delete/2017-01-31")  # FAB's list button: asks first
    assert form.status_code == 200 and 'name="decision_ref"' in form.get_data(as_text=True)
    browser.post("/calendar/delete/2017-01-31", data={"decision_ref": "9/TB-UBND"})
    with app.app_context():
        rows = {r.day: r for r in db.session.scalars(
            select(CalendarDay).where(CalendarDay.source == "admin"))}
        assert {d: (r.is_working, r.decision_ref, r.changed_by_id) for d, r in rows.items()} == {
            D(2017, 2, 3): (False, "7/TB-UBND", admin_id),
            D(2017, 2, 1): (True, "8/TB-UBND", admin_id),
            D(2017, 1, 31): (True, "9/TB-UBND", admin_id),
        }
        _run_queue(queue)
        # Tết now ends on 30/1 with 31/1 and 1/2 worked and 3/2 off:
        # Wed 25/1 + 2 working days is Wed 1/2.
        assert _flags(task_id)[0] == D(2017, 2, 1)


@pytest.mark.parametrize("data", [
    {"day": "2017-03-08", "is_working": "0", "name": "Thử", "decision_ref": ""},
    {"day": "2017-03-08", "is_working": "0", "name": "", "decision_ref": "1/QĐ"},
    {"day": "2017-01-30", "is_working": "1", "name": "Thử", "decision_ref": "1/QĐ"},
    # A value that is neither kind is refused, never read as a day off (issue 9).
    {"day": "2017-03-08", "is_working": "bogus", "name": "Thử", "decision_ref": "1/QĐ"},
    {"day": "2017-03-08", "name": "Thử", "decision_ref": "1/QĐ"},
])
def test_admin_add_refused_changes_nothing(app, login, data):
    with app.app_context():
        service.seed_calendar(2017, 2017)
        stamp = service.calendar_version()
    login("admin").post("/calendar/add", data=data)
    with app.app_context():
        assert service.calendar_version() == stamp
        assert db.session.scalar(select(func.count()).where(CalendarDay.source == "admin")) == 0


def test_list_filters_by_year_source_and_kind(app, login):
    with app.app_context():
        service.seed_calendar(2016, 2018)
        service.set_day(None, D(2017, 3, 8), False, "Riêng", "1/QĐ")
    browser = login("vanphong")

    def days(query):
        text = browser.get("/calendar/list/?psize_CalendarDayModelView=100&" + query
                           ).get_data(as_text=True)
        return {y for y in ("/2016", "/2017", "/2018") if y + "<" in text.replace(" ", "")}, text

    years, _ = days("_flt_0_day=2017")
    assert years == {"/2017"}
    _, text = days("_flt_0_source=admin")
    assert "08/03/2017" in text and "30/01/2017" not in text
    _, text = days("_flt_0_day=2017&_flt_0_is_working=1")
    assert "30/01/2017" not in text  # Tết is a day off, not a working day
