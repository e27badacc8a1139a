"""Demo data: a year (2017) of directive documents of the UBND tỉnh Đắk Lắk
and the tasks they assign, in every workflow state and with their history,
plus a handful of documents from the last weeks so that a demo opened today
shows tasks due soon, waiting to be accepted, or waiting for the Office.

How it is built:

* The text lives in ``app.demo.text`` (topics, their document summaries and
  task templates, the phrases units write); combinations are drawn from one
  ``random.Random(2017)``, so the year is the same on every machine. The
  recent documents are placed relative to ``today_vn()`` at seed time.
* Every state change goes through ``app.rules.workflow.next_state`` with the
  capacity of the side that acts, and the task's dates are derived from the
  events the same way ``app.services.tracking`` sets them, so the history
  replays exactly like the real workflow.
* Timeliness flags are not computed here: ``app.services.flags.refresh_flags``
  does that after seeding.

Decisions:

* Actors: the Office acts as ``vanphong``; Sở Tài chính, TP Buôn Ma Thuột and
  huyện Krông Pắc as their demo clerks. Other units get no invented accounts:
  their events carry the unit (``actor_unit_id``) and no user.
* Conclusion notices and leaders' directions are signed by the Office's
  leadership (R1: "ý kiến chỉ đạo" is signed by the Office); the issuing
  authority is the leader whose conclusion or direction it conveys. The
  other documents are signed by the Chairman or the Vice-Chairman in charge
  of the sector. All names are fictional.
* ``original_deadline`` is set only when an extension was granted, and
  ``transferred_on`` is the latest transfer or reassignment, as the tracking
  service does; ``first_transferred_on`` the first one. A cancelled task
  keeps the progress it had, as the service does (``progress_of`` has no
  value for it).
* A task's kind (Art. 3.1) is read from its text by ``KIND_WORDS``: drafting
  a legal document, a scheme, plan or programme, a report, else other.
* No secret document is entered (Art. 5.2): the register of received
  periodic secret reports holds unit, period, reference, date and receiver.
* Idempotent: when any number of the demo year is already registered for
  2017, nothing is added (a partial year would clash on the unique numbers).
  The recent documents skip numbers already taken in their year.
"""
from __future__ import annotations

import random
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from app.reference.calendar import vn_calendar_rows
from app.clock import today_vn
from app.demo.text import (CANCEL_TEXTS, CLOSE_TEXT, CONTRIBUTE_TEXTS, CORRECTION_TEXT,
                            CYCLE_TEXTS, DONE_TEXTS, EDIT_FIX_TEXT, EXTENSION_ASK,
                            KIND_WORDS,
                            EXTENSION_REFUSED, FEEDBACK_TEXTS, LEADERS, NOTES, OBSTACLE_PREFIX,
                            OBSTACLE_TEXTS, OFFICE_SIGNERS, PROGRESS_TEXTS, REASSIGN_TEXTS,
                            RECENT, REOPEN_TEXTS, RELATED, REPORT_ABBR, RETRANSFER_TEXT,
                            RETURN_FIX, RETURN_PENDING, RETURN_WRONG,
                            SECRET_RECEIPTS, SERIES, SUFFIX_CYCLE, SUFFIX_DEADLINE,
                            SUFFIX_ONGOING, TOPICS)
from app.extensions import db
from app.models import (AppUser, CalendarDay, Document, ExtensionRequest, ProgressUpdate,
                        SecretReportReceipt, Task, TaskEvent, Unit, UnitKind)
from app.rules import enums
from app.rules import workflow as wf
from app.rules.documents import number_key
from app.rules.timeliness import cycle_period_end
from app.rules.workdays import Calendar, add_working_days, is_working_day
from app.reference.units import OFFICE, UNITS
# The tracking service's mapper events fill the derived columns (number key,
# issue year, search keys) of what is inserted here, as on every other path.
from app.services import tracking  # noqa: F401
from app.services import transaction

YEAR = 2017
SEED = 2017
# Event times are Vietnamese office hours; the database stores UTC.
UTC_OFFSET = timedelta(hours=7)
DEMO_ACTORS = {OFFICE: "vanphong", "STC": "sotaichinh", "BMT": "buonmathuot",
               "KRONGPAC": "krongpac"}
DEMO_UNITS = ("STC", "BMT", "KRONGPAC")

_KIND = {code: kind for code, _, _, kind in UNITS}
_NAME = {code: name for code, name, _, _ in UNITS}
_SHORT = {code: short for code, _, short, _ in UNITS}
DISTRICTS = tuple(code for code, _, _, kind in UNITS if kind == UnitKind.DISTRICT)

# --- How documents are drawn ----------------------------------------------------------

# How many task templates a document uses, and how many districts a "*D" template reaches.
TEMPLATES_PER_DOC = {
    enums.DECISION: (1, 2), enums.OFFICIAL_LETTER: (1, 3), enums.DIRECTIVE: (3, 5),
    enums.TELEGRAM: (2, 3), enums.CONCLUSION_NOTICE: (2, 4), enums.DIRECTION: (1, 2),
    enums.OTHER: (2, 4),
}
DISTRICTS_PER_TEMPLATE = {enums.TELEGRAM: (3, 5), enums.DIRECTIVE: (2, 4)}
# Calendar days from issue to the deadline, by document type.
DEADLINE_SPANS = {
    enums.DECISION: (30, 60, 90, 120), enums.OFFICIAL_LETTER: (10, 15, 20, 30, 45),
    enums.DIRECTIVE: (30, 45, 60, 90), enums.TELEGRAM: (7, 10, 15),
    enums.CONCLUSION_NOTICE: (15, 20, 30, 45, 60), enums.DIRECTION: (7, 10, 15, 20),
    enums.OTHER: (30, 60, 90),
}
# Conclusion notices and leaders' directions are drafted and signed by the Office.
OFFICE_SIGNED = (enums.CONCLUSION_NOTICE, enums.DIRECTION)
# Letters of the scripts of ``RECENT`` (see app.demo.text).
_CODES = {"c": enums.EVENT_CREATE, "t": wf.TRANSFER, "r": wf.RETURN, "R": wf.REASSIGN,
          "a": wf.ACCEPT, "p": wf.PROGRESS, "o": wf.REPORT_OBSTACLE, "x": wf.REQUEST_EXTENSION,
          "X": wf.DECIDE_EXTENSION, "d": wf.REPORT_DONE, "C": wf.CLOSE, "O": wf.REOPEN,
          "k": wf.CANCEL, "f": wf.CONTRIBUTE, "g": wf.DISTRICT_FEEDBACK}


# --- Plans --------------------------------------------------------------------------------


@dataclass
class Step:
    action: str
    day: date
    at: datetime  # Vietnamese local time
    capacity: str
    unit: str  # code of the acting unit
    from_state: str | None
    to_state: str
    reason: str | None = None
    content: str | None = None
    changes: dict | None = None
    update: dict | None = None  # a ProgressUpdate's fields
    extension: dict | None = None  # proposed / approved / decision_ref


@dataclass
class TaskPlan:
    lead: str
    core: str  # content without the classification sentence
    coords: list
    has_deadline: bool = True
    must_report: bool = False
    deadline: date | None = None
    cycle: str | None = None
    notes: str | None = None
    final: str = wf.CLOSED
    first_lead: str | None = None
    first_coords: list | None = None
    steps: list = field(default_factory=list)
    script: str | None = None  # recent documents


@dataclass
class DocPlan:
    doc_type: str
    summary: str
    issued_on: date
    leader: str
    drafting: str
    suffix: str
    urgency: str = enums.NORMAL
    confidentiality: str = enums.NORMAL
    complex_entry: bool = False
    signer: str = ""
    authority: str = enums.COMMITTEE
    number_symbol: str = ""
    notes: str | None = None
    tasks: list = field(default_factory=list)


# --- Calendar helpers -----------------------------------------------------------------


class _Days:
    """Working-day steps over the calendar: seeded from ``holidays``, with the
    database's rows (administrator overrides) on top, so the demo is the same
    whether or not the calendar table is filled yet."""

    def __init__(self, last_year):
        rows = list(vn_calendar_rows(YEAR - 1, last_year + 1))
        rows += [tuple(r) for r in db.session.execute(
            select(CalendarDay.day, CalendarDay.is_working, CalendarDay.name)
            .order_by(CalendarDay.day))]
        self.cal = Calendar.from_rows(rows)

    def working(self, day):
        return is_working_day(day, self.cal)

    def add(self, day, n):
        return add_working_days(day, n, self.cal) if n > 0 else day

    def back(self, day, n):
        while n > 0:
            day -= timedelta(days=1)
            if self.working(day):
                n -= 1
        return day

    def on_or_before(self, day):
        while not self.working(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day):
        while not self.working(day):
            day += timedelta(days=1)
        return day

    def shift(self, day, n):
        return self.add(day, n) if n >= 0 else self.back(day, -n)

    def between(self, rng, lo, hi):
        """A random working day in [lo, hi] (lo when there is none)."""
        if hi <= lo:
            return lo
        day = self.on_or_before(lo + timedelta(days=rng.randint(0, (hi - lo).days)))
        return max(day, lo)


def _dmy(day):
    return day.strftime("%d/%m/%Y")


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


# --- The workflow, step by step ------------------------------------------------------------


class _Story:
    """One task's life: each step is checked by ``next_state`` with the
    capacity of the side acting, and days never go backwards."""

    def __init__(self, rng, plan):
        self.rng = rng
        self.plan = plan
        self.state = None
        self.pending = False
        self.day = None
        self.clock = None
        self.lead = plan.first_lead or plan.lead

    def _time(self, day):
        if self.clock is None or day > self.clock.date():
            self.clock = datetime.combine(day, time(7, 30)) + timedelta(
                minutes=self.rng.randint(0, 450))
        else:
            later = self.clock + timedelta(minutes=self.rng.randint(5, 40))
            self.clock = later if later.date() == day else self.clock + timedelta(seconds=1)
        return self.clock

    def do(self, action, day, capacity=wf.OFFICE, unit=OFFICE, **info):
        if self.day is not None and day < self.day:
            day = self.day
        if action == enums.EVENT_CREATE:
            new = wf.DRAFT
        elif action == enums.EVENT_EDIT:
            new = self.state
        else:
            new = wf.next_state(self.state, action, {capacity},
                                has_deadline=self.plan.has_deadline,
                                extension_pending=self.pending)
        step = Step(action, day, self._time(day), capacity, unit, self.state, new, **info)
        if action == wf.REQUEST_EXTENSION:
            self.pending = True
        elif action == wf.DECIDE_EXTENSION:
            self.pending = False
        self.plan.steps.append(step)
        self.state, self.day = new, day
        return step

    def by_lead(self, action, day, **info):
        return self.do(action, day, wf.LEAD, self.lead, **info)

    def office(self, action, day, **info):
        return self.do(action, day, wf.OFFICE, OFFICE, **info)


class _Writer:
    """The phrases of one seeding run, drawn from its random generator; a
    task's history does not say the same sentence twice."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.last_obstacle = None

    def new_task(self):
        self.used.clear()
        self.last_obstacle = None

    def pick(self, options):
        fresh = [o for o in options if o not in self.used] or list(options)
        choice = self.rng.choice(fresh)
        self.used.add(choice)
        return choice

    def progress(self, cycle=False):
        text = self.pick(CYCLE_TEXTS if cycle else PROGRESS_TEXTS)
        return {"kind": enums.UPDATE_PROGRESS, "status": enums.IN_PROGRESS,
                "content": text.format(pct=self.rng.choice((30, 40, 50, 60, 70, 80)))}

    def done(self, unit, day):
        content, result = self.pick(DONE_TEXTS)
        abbr = "UBND" if _KIND[unit] == UnitKind.DISTRICT else REPORT_ABBR.get(unit, unit)
        ref = f"{self.rng.randint(12, 480)}/BC-{abbr}"
        return {"kind": enums.UPDATE_DONE, "status": enums.DONE, "content": content,
                "result": result.format(ref=ref, day=_dmy(day))}

    def obstacle(self):
        text = self.last_obstacle = self.pick(OBSTACLE_TEXTS)
        return {"kind": enums.UPDATE_OBSTACLE, "content": OBSTACLE_PREFIX + text,
                "obstacles": text}

    def extension_reason(self, proposed):
        obstacle = self.last_obstacle or self.pick(OBSTACLE_TEXTS)
        return EXTENSION_ASK.format(obstacle=obstacle, day=_dmy(proposed))

    def decision_ref(self, day):
        per_year = SERIES[enums.OFFICIAL_LETTER][2]
        n = round(per_year * day.timetuple().tm_yday / 366) + self.rng.randint(0, 40)
        return f"{max(n, 1)}/UBND-TH"


def _create_changes(plan, ids):
    """What the history records of the entry, as the tracking service does."""
    values = {
        "lead_unit_id": ids[plan.first_lead or plan.lead],
        "coordinating_unit_ids": sorted(ids[c] for c in (plan.first_coords
                                                         if plan.first_coords is not None
                                                         else plan.coords)),
        "monitoring_unit_id": ids[OFFICE],
        "has_deadline": plan.has_deadline,
        "must_report": plan.must_report,
        "deadline": _iso(plan.deadline),
        "report_cycle": plan.cycle,
    }
    return {k: [None, v] for k, v in values.items() if v not in (None, [])}


# --- The year 2017 ---------------------------------------------------------------------


def _weighted_sample(rng, pool, k):
    """k distinct districts, the demo ones more likely (their inboxes matter)."""
    pool = list(pool)
    chosen = []
    while pool and len(chosen) < k:
        weights = [4 if code in DEMO_UNITS else 1 for code in pool]
        code = rng.choices(pool, weights)[0]
        pool.remove(code)
        chosen.append(code)
    return chosen


def _issue_day(rng, days, months):
    month = rng.randint(*months) if isinstance(months, tuple) else months
    last = monthrange(YEAR, month)[1]
    day = days.on_or_after(date(YEAR, month, rng.randint(1, last)))
    if day.year != YEAR:
        day = days.on_or_before(date(YEAR, 12, 29))
    return day


def _signer(rng, doc_type, leader):
    name, position, authority = LEADERS[leader]
    if doc_type in OFFICE_SIGNED:
        office_name, office_position = rng.choice(OFFICE_SIGNERS)
        return f"{office_name} – {office_position}", authority
    if doc_type == enums.DIRECTIVE:
        name, position, _ = LEADERS["CT"]
    issuer = enums.CHAIRMAN if doc_type == enums.TELEGRAM else enums.COMMITTEE
    return f"{name} – {position}", issuer


def _drafting(doc_type, unit):
    return OFFICE if doc_type in OFFICE_SIGNED else unit


def _leader_title(leader):
    name, position, _ = LEADERS[leader]
    return f"{position} UBND tỉnh {name}"


def _urgency(rng, doc_type):
    if doc_type == enums.TELEGRAM:
        return rng.choice((enums.EXPRESS, enums.EXPRESS, enums.VERY_URGENT))
    return rng.choices((enums.NORMAL, enums.URGENT, enums.VERY_URGENT, enums.EXPRESS),
                       (70, 18, 8, 4))[0]


def _deadline(rng, days, doc_type, issued_on):
    day = issued_on + timedelta(days=rng.choice(DEADLINE_SPANS[doc_type]))
    if rng.random() < 0.35:
        day = date(day.year, day.month, monthrange(day.year, day.month)[1])
    return max(days.on_or_before(day), days.add(issued_on, 5))


def _place(code):
    return _NAME[code].replace("UBND ", "", 1)


def _plan_doc(rng, days, topic, doc_type, text, month):
    leader, drafting, suffix, pool, _, templates = topic
    issued_on = _issue_day(rng, days, month)
    district = _weighted_sample(rng, pool or DISTRICTS, 1)[0]
    names_district = "{district}" in text or "{place}" in text
    summary = text.format(leader=_leader_title(leader), district=_NAME[district],
                          place=_place(district), month=issued_on.month)
    signer, authority = _signer(rng, doc_type, leader)
    doc = DocPlan(doc_type, summary, issued_on, leader, _drafting(doc_type, drafting), suffix,
                  urgency=_urgency(rng, doc_type), signer=signer, authority=authority)
    others = [t for t in templates if t[0] != "*T"]
    k = min(rng.randint(*TEMPLATES_PER_DOC[doc_type]), len(others))
    if names_district:
        chosen = [t for t in templates if t[0] == "*T"]
        chosen += rng.sample(others, min(rng.randint(0, 1), len(others)))
    else:
        chosen = rng.sample(others, k)
    base_deadline = _deadline(rng, days, doc_type, issued_on)
    seen = set()
    for lead_spec, core, coords in chosen:
        if lead_spec == "*D":
            leads = _weighted_sample(rng, [d for d in pool or DISTRICTS if d != district]
                                     if names_district else pool or DISTRICTS,
                                     rng.randint(*DISTRICTS_PER_TEMPLATE.get(doc_type, (1, 3))))
        elif lead_spec == "*T":
            leads = [district]
        else:
            leads = [lead_spec]
        for lead in leads:
            if (lead, core) in seen:
                continue
            seen.add((lead, core))
            doc.tasks.append(_plan_task(rng, days, doc, lead, core, coords, base_deadline))
    n_units = len({t.lead for t in doc.tasks} | {c for t in doc.tasks for c in t.coords})
    doc.complex_entry = (doc.urgency != enums.EXPRESS
                         and (len(doc.tasks) >= 6 or n_units >= 8) and rng.random() < 0.6)
    return doc


def _plan_task(rng, days, doc, lead, core, coords, base_deadline):
    coords = [c for c in coords.split() if c != lead]
    if lead != "STC" and "STC" not in coords and rng.random() < 0.12:
        coords.append("STC")
    plan = TaskPlan(lead, core, coords)
    plan.has_deadline = rng.random() < 0.72
    plan.must_report = rng.random() < 0.55
    if plan.has_deadline:
        plan.deadline = (base_deadline if rng.random() < 0.7
                         else _deadline(rng, days, doc.doc_type, doc.issued_on))
    else:
        plan.cycle = rng.choices(enums.REPORT_CYCLES, (45, 25, 10, 20))[0]
    if rng.random() < 0.1:
        plan.notes = rng.choice(NOTES)
    return plan


def _final_state(rng, month):
    weights = {
        wf.CLOSED: 0.62 - 0.025 * (month - 1),
        wf.DONE_REPORTED: 0.08 + 0.005 * month,
        wf.IN_PROGRESS: 0.10 + 0.01 * month,
        wf.ACCEPTED: 0.05,
        wf.TRANSFERRED: 0.04,
        wf.RETURNED: 0.025,
        wf.CANCELLED: 0.04,
    }
    return rng.choices(list(weights), list(weights.values()))[0]


# Each demo unit's inbox holds at least these many tasks of the year in each state.
DEMO_QUOTA = {wf.TRANSFERRED: 2, wf.IN_PROGRESS: 3, wf.DONE_REPORTED: 2, wf.ACCEPTED: 1,
              wf.RETURNED: 1, wf.CLOSED: 3, wf.CANCELLED: 1}


def _assign_states(rng, docs):
    tasks = [(doc, t) for doc in docs for t in doc.tasks]
    for doc, t in tasks:
        t.final = _final_state(rng, doc.issued_on.month)
    for unit in DEMO_UNITS:
        mine = [t for _, t in tasks if t.lead == unit]
        for state, wanted in DEMO_QUOTA.items():
            missing = wanted - sum(t.final == state for t in mine)
            if missing > 0:
                spare = [t for t in mine if t.final == wf.CLOSED]
                for t in spare[max(0, len(spare) - missing):]:  # the latest ones stay open
                    t.final = state


def _scenario(rng, t):
    """Side stories of one task: which path it took to its final state."""
    s = {"pre": None, "cancel_from": None, "extension": None, "obstacle": False,
         "contribute": False, "feedback": None, "correct": False, "reopen": False,
         "on_time": rng.random() < 0.68, "late_first": rng.random() < 0.15}
    final = t.final
    if final == wf.RETURNED:
        s["pre"] = "return"
    else:
        roll = rng.random()
        if roll < 0.07 and (t.lead in RELATED or _KIND[t.lead] == UnitKind.DISTRICT):
            s["pre"] = "reassign_after_return"
        elif roll < 0.10 and len(t.coords) < 4:
            s["pre"] = "return_fix"
        elif roll < 0.12:
            s["pre"] = "reassign"
    if final == wf.CANCELLED:
        s["cancel_from"] = rng.choices((wf.DRAFT, wf.TRANSFERRED, wf.ACCEPTED, wf.IN_PROGRESS),
                                       (10, 35, 20, 35))[0]
        if s["cancel_from"] == wf.DRAFT:
            s["pre"] = None
    working = final in (wf.IN_PROGRESS, wf.DONE_REPORTED, wf.CLOSED) or (
        final == wf.CANCELLED and s["cancel_from"] == wf.IN_PROGRESS)
    if working:
        if t.has_deadline and rng.random() < 0.14:
            s["extension"] = "approved" if rng.random() < 0.8 else "refused"
        s["obstacle"] = rng.random() < (0.7 if s["extension"] else 0.1)
        s["contribute"] = bool(t.coords) and rng.random() < 0.25
        s["correct"] = rng.random() < 0.07
        s["reopen"] = rng.random() < {wf.CLOSED: 0.08, wf.DONE_REPORTED: 0.12}.get(final, 0.06)
        if _KIND[t.lead] in (UnitKind.DEPARTMENT, UnitKind.DIC) and rng.random() < 0.12:
            involved = [c for c in t.coords if _KIND[c] == UnitKind.DISTRICT]
            if not involved:
                involved = _weighted_sample(rng, DISTRICTS, 1)
                t.coords.append(involved[0])
            s["feedback"] = involved[0]
    return s


def _wrong_lead(rng, lead):
    if _KIND[lead] == UnitKind.DISTRICT:
        return rng.choice([d for d in DISTRICTS if d != lead])
    return RELATED[lead]


def _year_story(rng, days, write, ids, doc, t):
    s = _scenario(rng, t)
    if s["pre"] == "reassign_after_return" or s["pre"] == "reassign":
        t.first_lead = _wrong_lead(rng, t.lead)
        if t.first_lead in t.coords:
            t.coords.remove(t.first_lead)
    if s["pre"] == "return_fix":
        extra = RELATED.get(t.lead)
        if extra is None or extra in t.coords:
            extra = rng.choice([c for c in RELATED if c != t.lead and c not in t.coords])
        t.first_coords = list(t.coords)
        t.coords.append(extra)
    write.new_task()
    story = _Story(rng, t)
    d0 = doc.issued_on
    if doc.urgency == enums.EXPRESS and rng.random() < 0.85:
        entry = d0
    else:
        gap = rng.randint(0, 5 if doc.complex_entry else 2)
        entry = days.add(d0, gap + (rng.randint(1, 3) if rng.random() < 0.1 else 0))
    story.office(enums.EVENT_CREATE, entry, changes=_create_changes(t, ids))
    if t.final == wf.CANCELLED and s["cancel_from"] == wf.DRAFT:
        story.office(wf.CANCEL, days.add(entry, rng.randint(1, 3)),
                     reason=write.pick(CANCEL_TEXTS))
        return
    story.office(wf.TRANSFER, entry)
    start = entry
    if s["pre"] in ("return", "reassign_after_return", "return_fix"):
        if s["pre"] == "return":
            reason = write.pick(RETURN_PENDING)
        elif s["pre"] == "return_fix":
            reason = RETURN_FIX.format(unit=_SHORT[t.coords[-1]])
        else:
            reason = write.pick(RETURN_WRONG).format(unit=_SHORT[t.lead])
        story.by_lead(wf.RETURN, days.add(start, rng.randint(1, 2)), reason=reason)
        if t.final == wf.RETURNED:
            return
        start = days.add(story.day, rng.randint(1, 3))
        if s["pre"] == "return_fix":
            # The Office edits the task, then sends it again (two history rows).
            story.office(enums.EVENT_EDIT, start, reason=EDIT_FIX_TEXT.format(
                unit=_SHORT[t.coords[-1]]), changes={"coordinating_unit_ids": [
                    sorted(ids[c] for c in t.first_coords), sorted(ids[c] for c in t.coords)]})
            story.office(wf.TRANSFER, start, reason=RETRANSFER_TEXT)
        else:
            _reassign(story, write, ids, start, t)
    elif s["pre"] == "reassign":
        start = days.add(start, rng.randint(1, 2))
        _reassign(story, write, ids, start, t)
    if t.final == wf.TRANSFERRED:
        return
    if s["cancel_from"] == wf.TRANSFERRED:
        _cancel(rng, days, write, story, start)
        return
    accepted = days.add(start, rng.choice((0, 1, 1, 2)))
    story.by_lead(wf.ACCEPT, accepted)
    if t.final == wf.ACCEPTED:
        return
    if s["cancel_from"] == wf.ACCEPTED:
        _cancel(rng, days, write, story, accepted)
        return
    first = max(accepted, days.add(start, rng.randint(4, 9) if s["late_first"]
                                   else rng.randint(1, 3)))
    story.by_lead(wf.PROGRESS, first, update=write.progress())
    if t.has_deadline:
        middle, done = _deadline_middle(rng, days, write, t, s, first)
    else:
        middle, done = _cycle_middle(rng, days, write, t, s, first)
    _play_middle(story, write, t, middle)
    _ending(rng, days, write, story, t, s, done)


def _cancel(rng, days, write, story, after):
    """The Office cancels the task a few working days after ``after``."""
    story.office(wf.CANCEL, days.add(after, rng.randint(2, 15)),
                 reason=write.pick(CANCEL_TEXTS))


# What a unit other than the lead files: its capacity, its phrases, the update's kind.
_SIDE_NOTES = {
    wf.CONTRIBUTE: (wf.COORDINATING, CONTRIBUTE_TEXTS, enums.UPDATE_CONTRIBUTION),
    wf.DISTRICT_FEEDBACK: (wf.DISTRICT, FEEDBACK_TEXTS, enums.UPDATE_FEEDBACK),
}


def _side_note(story, write, action, day, unit, lead):
    """A coordinating unit's contribution or a district's feedback on ``lead``'s work."""
    capacity, phrases, kind = _SIDE_NOTES[action]
    text = write.pick(phrases).format(lead=_SHORT[lead])
    story.do(action, day, capacity, unit, content=text, update={"kind": kind, "content": text})


def _reassign(story, write, ids, day, t):
    old = story.lead
    story.office(wf.REASSIGN, day, reason=write.pick(REASSIGN_TEXTS).format(unit=_SHORT[t.lead]),
                 changes={"lead_unit_id": [ids[old], ids[t.lead]]})
    story.lead = t.lead


def _deadline_middle(rng, days, write, t, s, first):
    """Events between the first update and the done report, and that report's day."""
    middle = []
    deadline = effective = t.deadline
    lo = days.add(first, 1)
    if s["extension"] and lo < deadline:
        asked = days.between(rng, lo, days.back(deadline, 1))
        decided = days.add(asked, rng.randint(1, 3))
        proposed = days.on_or_before(deadline + timedelta(days=rng.choice((15, 20, 30, 45))))
        approve = s["extension"] == "approved"
        if s["obstacle"]:
            middle.append((asked, wf.REPORT_OBSTACLE, {"update": write.obstacle()}))
        middle.append((asked, wf.REQUEST_EXTENSION, {
            "reason": write.extension_reason(proposed), "extension": {"proposed": proposed}}))
        middle.append((decided, wf.DECIDE_EXTENSION, {"extension": {
            "approve": approve, "decision_ref": write.decision_ref(decided),
            "refusal": None if approve else write.pick(EXTENSION_REFUSED)}}))
        if approve:
            effective = proposed
        lo = days.add(decided, 1)
    if s["on_time"] and lo <= effective:
        done = days.between(rng, lo, effective)
    else:
        done = days.add(max(effective, lo), rng.randint(1, 20))
    if s["obstacle"] and not s["extension"]:
        middle.append((days.between(rng, lo, days.back(done, 1)), wf.REPORT_OBSTACLE,
                       {"update": write.obstacle()}))
    _common_middle(rng, days, write, t, s, first, done, effective, middle)
    return middle, done


def _cycle_middle(rng, days, write, t, s, first):
    span = rng.randint(40, 240) if t.final != wf.IN_PROGRESS else rng.randint(60, 330)
    done = max(days.add(first, 1), days.on_or_before(first + timedelta(days=span)))
    middle = []
    if t.cycle != enums.ON_RESULT:
        end = cycle_period_end(first, t.cycle)
        while end < done:
            if rng.random() > 0.15:  # now and then a period is missed
                day = days.on_or_before(end - timedelta(days=rng.randint(0, 8)))
                if day > first:
                    middle.append((day, wf.PROGRESS, {"update": write.progress(cycle=True)}))
            end = cycle_period_end(end + timedelta(days=1), t.cycle)
    if s["obstacle"]:
        middle.append((days.between(rng, days.add(first, 1), days.back(done, 1)),
                       wf.REPORT_OBSTACLE, {"update": write.obstacle()}))
    _common_middle(rng, days, write, t, s, first, done, None, middle, extra_progress=False)
    return middle, done


def _common_middle(rng, days, write, t, s, first, done, deadline, middle, extra_progress=True):
    lo, hi = days.add(first, 1), days.back(done, 1)
    if extra_progress:
        for _ in range(rng.randint(0, 2)):
            middle.append((days.between(rng, lo, hi), wf.PROGRESS, {"update": write.progress()}))
    if s["correct"]:
        middle.append((first, wf.CORRECT_PROGRESS, {}))
    contributors = [c for c in t.coords if c != s["feedback"]]
    if s["contribute"] and contributors:
        middle.append((days.between(rng, lo, hi), wf.CONTRIBUTE,
                       {"unit": rng.choice(contributors)}))
    if s["feedback"]:
        # A district complains once the department is late, or well into the work.
        if deadline is not None and done > deadline:
            lo = days.add(deadline, 1)
        else:
            lo = days.on_or_after(lo + (hi - lo) // 2) if hi > lo else lo
        middle.append((days.between(rng, lo, hi), wf.DISTRICT_FEEDBACK,
                       {"unit": s["feedback"]}))


def _play_middle(story, write, t, middle):
    for day, action, info in sorted(middle, key=lambda item: item[0]):
        if action == wf.CORRECT_PROGRESS:
            story.by_lead(action, day)
        elif action in _SIDE_NOTES:
            _side_note(story, write, action, day, info["unit"], t.lead)
        elif action == wf.DECIDE_EXTENSION:
            story.office(action, day, reason=info["extension"]["refusal"],
                         extension=info["extension"])
        elif action == wf.REQUEST_EXTENSION:
            story.by_lead(action, day, reason=info["reason"], extension=info["extension"])
        else:
            story.by_lead(action, day, update=info["update"])


def _ending(rng, days, write, story, t, s, done):
    if t.final == wf.CANCELLED:
        _cancel(rng, days, write, story, story.day)
        return
    if t.final == wf.IN_PROGRESS and not s["reopen"]:
        return
    story.by_lead(wf.REPORT_DONE, done, update=write.done(t.lead, max(done, story.day)))
    if s["reopen"]:
        story.office(wf.REOPEN, days.add(story.day, rng.randint(1, 3)),
                     reason=write.pick(REOPEN_TEXTS))
        story.by_lead(wf.PROGRESS, days.add(story.day, rng.randint(2, 6)),
                      update=write.progress())
        if t.final == wf.IN_PROGRESS:
            return
        again = days.add(story.day, rng.randint(1, 5))
        story.by_lead(wf.REPORT_DONE, again, update=write.done(t.lead, again))
    if t.final == wf.CLOSED:
        story.office(wf.CLOSE, days.add(story.day, rng.randint(1, 5)), content=CLOSE_TEXT)


def _plan_year(rng, days, write, ids):
    docs = []
    for topic in TOPICS:
        for entry in topic[4]:
            doc_type, months, text = entry[:3]
            count = entry[3] if len(entry) > 3 else 1
            chosen = (sorted(rng.sample(range(months[0], months[1] + 1), count)) if count > 1
                      else [months])
            for month in chosen:
                docs.append(_plan_doc(rng, days, topic, doc_type, text, month))
    _assign_states(rng, docs)
    for doc in docs:
        for t in doc.tasks:
            _year_story(rng, days, write, ids, doc, t)
    return sorted(docs, key=lambda d: d.issued_on)


# --- The last weeks ---------------------------------------------------------------------


def _plan_recent(rng, days, write, ids, today):
    base = days.on_or_before(today)
    docs = []
    for doc_type, urgency, offset, complex_entry, leader, drafting, suffix, text, rows in RECENT:
        issued_on = days.shift(base, offset)
        signer, authority = _signer(rng, doc_type, leader)
        doc = DocPlan(doc_type, text.format(leader=_leader_title(leader), year=issued_on.year,
                                            month=issued_on.month),
                      issued_on, leader, drafting, suffix, urgency=urgency,
                      complex_entry=complex_entry, signer=signer, authority=authority)
        for lead, core, coords, deadline, cycle, must_report, script in rows:
            t = TaskPlan(lead, core, coords.split(), has_deadline=deadline is not None,
                         must_report=must_report, cycle=cycle, script=script)
            if deadline is not None:
                t.deadline = max(days.shift(base, deadline), issued_on)
            _script_story(rng, days, write, ids, base, t)
            doc.tasks.append(t)
        docs.append(doc)
    return docs


def _script_story(rng, days, write, ids, base, t):
    tokens = []
    for token in t.script.split():
        head, _, arg = token.partition(":")
        tokens.append((_CODES[head[0]], int(head[1:]), arg))
    for action, _, arg in tokens:
        if action == wf.TRANSFER and arg:
            t.first_lead = arg
    t.final = None
    write.new_task()
    story = _Story(rng, t)
    for action, offset, arg in tokens:
        day = days.shift(base, offset)
        if action == enums.EVENT_CREATE:
            story.office(action, day, changes=_create_changes(t, ids))
        elif action == wf.TRANSFER:
            story.office(action, day)
        elif action == wf.RETURN:
            reason = (write.pick(RETURN_WRONG).format(unit=_SHORT[t.lead])
                      if t.first_lead else write.pick(RETURN_PENDING))
            story.by_lead(action, day, reason=reason)
        elif action == wf.REASSIGN:
            _reassign(story, write, ids, day, t)
        elif action == wf.ACCEPT:
            story.by_lead(action, day)
        elif action == wf.PROGRESS:
            story.by_lead(action, day, update=write.progress(cycle=not t.has_deadline))
        elif action == wf.REPORT_OBSTACLE:
            story.by_lead(action, day, update=write.obstacle())
        elif action == wf.REQUEST_EXTENSION:
            proposed = days.shift(base, int(arg))
            story.by_lead(action, day, reason=write.extension_reason(proposed),
                          extension={"proposed": proposed})
        elif action == wf.DECIDE_EXTENSION:
            approve = arg == "ok"
            story.office(action, day, reason=None if approve else write.pick(EXTENSION_REFUSED),
                         extension={"approve": approve, "decision_ref": write.decision_ref(day)})
        elif action == wf.REPORT_DONE:
            story.by_lead(action, day, update=write.done(t.lead, day))
        elif action == wf.CLOSE:
            story.office(action, day, content=CLOSE_TEXT)
        elif action == wf.REOPEN:
            story.office(action, day, reason=write.pick(REOPEN_TEXTS))
        elif action == wf.CANCEL:
            story.office(action, day, reason=write.pick(CANCEL_TEXTS))
        elif action in _SIDE_NOTES:
            _side_note(story, write, action, day, arg, t.lead)
    t.final = story.state


# --- Numbers -------------------------------------------------------------------------------


def _number_documents(rng, docs, taken):
    """Number each series in date order, at the pace of a real year's register;
    ``taken`` holds (number_key, year) pairs already in the database."""
    counters = {}
    for doc in sorted(docs, key=lambda d: d.issued_on):
        kind = "normative" if doc.summary.startswith("Về việc ban hành Quy định") else doc.doc_type
        series, pattern, per_year = SERIES[kind]
        year = doc.issued_on.year
        pace = round(per_year * doc.issued_on.timetuple().tm_yday / 366)
        n = max(counters.get((series, year), 0) + 1, pace + rng.randint(-2, 3), 1)
        while True:
            symbol = pattern.format(n=n, year=year, sfx=doc.suffix)
            if (number_key(symbol), year) not in taken:
                break
            n += 1
        counters[(series, year)] = n
        taken.add((number_key(symbol), year))
        doc.number_symbol = symbol


# --- Writing to the database ----------------------------------------------------------------


def _utc(local):
    return local - UTC_OFFSET


def _content(t):
    if t.has_deadline:
        return t.core + SUFFIX_DEADLINE[t.must_report].format(day=_dmy(t.deadline))
    return t.core + (SUFFIX_CYCLE[t.cycle] if t.must_report else SUFFIX_ONGOING)


def _kind(core):
    """The kind of the task (Art. 3.1) its text asks for: the first of
    ``KIND_WORDS`` whose words open or appear in it."""
    text = core.lower()
    for kind, words in KIND_WORDS:
        if any(text.startswith(w) or f" {w}" in text for w in words):
            return kind
    return enums.OTHER


def _task_dates(t):
    """The task's dates and deadline from its history, as the service sets them."""
    out = {"transferred_on": None, "first_transferred_on": None, "accepted_on": None,
           "first_update_on": None,
           "last_update_on": None, "done_on": None, "closed_on": None,
           "deadline": t.deadline, "original_deadline": None, "extension_pending": False}
    for step in t.steps:
        a = step.action
        if a in (wf.TRANSFER, wf.REASSIGN):
            out["first_transferred_on"] = out["first_transferred_on"] or step.day
            out["transferred_on"] = step.day
            if a == wf.REASSIGN:
                out["accepted_on"] = None
        elif a == wf.ACCEPT:
            out["accepted_on"] = step.day
        elif a in (wf.PROGRESS, wf.REPORT_DONE):
            out["first_update_on"] = out["first_update_on"] or step.day
            out["last_update_on"] = step.day
            if a == wf.REPORT_DONE:
                out["done_on"] = step.day
        elif a == wf.REOPEN:
            out["done_on"] = None
        elif a == wf.CLOSE:
            out["closed_on"] = step.day
        elif a == wf.REQUEST_EXTENSION:
            out["extension_pending"] = True
            proposed = step.extension["proposed"]
        elif a == wf.DECIDE_EXTENSION:
            out["extension_pending"] = False
            if step.extension["approve"]:
                out["original_deadline"] = out["original_deadline"] or out["deadline"]
                out["deadline"] = proposed
    return out


def _progress(t):
    progress = wf.NOT_STARTED
    for step in t.steps:
        progress = wf.progress_of(step.to_state) or progress
    return progress


class _Inserter:
    def __init__(self, units, users):
        self.units, self.users = units, users
        self.ids = {code: unit.id for code, unit in units.items()}
        self.corrections = []  # (event, superseded update, correction)
        self.tasks = 0

    def user_of(self, code):
        return self.users.get(DEMO_ACTORS.get(code))

    def document(self, doc):
        first = min((t.steps[0].at for t in doc.tasks if t.steps),
                    default=datetime.combine(doc.issued_on, time(9, 0)))
        row = Document(
            doc_type=doc.doc_type, number_symbol=doc.number_symbol, summary=doc.summary,
            issued_on=doc.issued_on, signer=doc.signer, issuing_authority=doc.authority,
            drafting_unit_id=self.ids[doc.drafting], urgency=doc.urgency,
            confidentiality=doc.confidentiality, complex_entry=doc.complex_entry,
            notes=doc.notes, created_at=_utc(first), changed_at=_utc(first),
            created_by_id=self.user_of(OFFICE), changed_by_id=self.user_of(OFFICE))
        db.session.add(row)
        for t in doc.tasks:
            self.task(row, t)

    def task(self, document, t):
        dates = _task_dates(t)
        content = _content(t)
        last = t.steps[-1]
        row = Task(
            document=document, content=content, kind=_kind(t.core),
            lead_unit_id=self.ids[t.lead],
            monitoring_unit_id=self.ids[OFFICE], has_deadline=t.has_deadline,
            must_report=t.must_report, report_cycle=t.cycle, notes=t.notes,
            state=last.to_state, progress=_progress(t),
            created_at=_utc(t.steps[0].at), changed_at=_utc(last.at),
            created_by_id=self.user_of(OFFICE), changed_by_id=self.user_of(last.unit),
            **dates)
        row.coordinating_units = [self.units[c] for c in t.coords]
        db.session.add(row)
        self.tasks += 1
        updates = []  # the lead's progress and done reports, latest last
        request = None
        for step in t.steps:
            event = TaskEvent(task=row, at=_utc(step.at), actor_id=self.user_of(step.unit),
                              actor_unit_id=self.ids[step.unit], action=step.action,
                              from_state=step.from_state, to_state=step.to_state,
                              reason=step.reason, content=step.content, changes=step.changes)
            db.session.add(event)
            if step.action == wf.CORRECT_PROGRESS:
                previous = updates[-1]
                correction = self.update(row, step, {
                    "kind": previous.kind, "status": previous.status, "result": previous.result,
                    "content": CORRECTION_TEXT.format(text=previous.content)})
                self.corrections.append((event, previous, correction))
                updates[-1] = correction
                event.content = correction.content
            elif step.update is not None:
                update = self.update(row, step, step.update)
                event.content = event.content or update.content
                if update.kind in (enums.UPDATE_PROGRESS, enums.UPDATE_DONE):
                    updates.append(update)
            if step.action == wf.REQUEST_EXTENSION:
                request = ExtensionRequest(
                    task=row, requested_by_id=self.user_of(step.unit), requested_at=_utc(step.at),
                    reason=step.reason, proposed_deadline=step.extension["proposed"],
                    old_deadline=self._deadline_before(t, step))
                db.session.add(request)
                event.changes = {"proposed_deadline": [_iso(request.old_deadline),
                                                       _iso(request.proposed_deadline)]}
            elif step.action == wf.DECIDE_EXTENSION:
                ext = step.extension
                request.decided_by_id = self.user_of(OFFICE)
                request.decided_at = _utc(step.at)
                request.approved = ext["approve"]
                request.decision_ref = ext["decision_ref"]
                if ext["approve"]:
                    request.granted_deadline = request.proposed_deadline
                    event.changes = {"deadline": [_iso(request.old_deadline),
                                                  _iso(request.proposed_deadline)],
                                     "decision_ref": ext["decision_ref"], "approved": True}
                else:
                    event.changes = {"approved": False, "decision_ref": ext["decision_ref"]}
                request = None
            elif step.action == wf.REOPEN:
                event.changes = {"done_on": [_iso(self._done_before(t, step)), None]}

    @staticmethod
    def _deadline_before(t, until):
        deadline = proposed = t.deadline
        for step in t.steps:
            if step is until:
                return deadline
            if step.action == wf.REQUEST_EXTENSION:
                proposed = step.extension["proposed"]
            elif step.action == wf.DECIDE_EXTENSION and step.extension["approve"]:
                deadline = proposed
        return deadline

    @staticmethod
    def _done_before(t, until):
        done = None
        for step in t.steps:
            if step is until:
                return done
            if step.action == wf.REPORT_DONE:
                done = step.day
        return done

    def update(self, task, step, fields):
        row = ProgressUpdate(task=task, unit_id=self.ids[step.unit],
                             author_id=self.user_of(step.unit), at=_utc(step.at),
                             reported_on=step.day, **fields)
        db.session.add(row)
        return row

    def link_corrections(self):
        """A correction supersedes the update it fixes; ids exist only after a flush."""
        for event, previous, correction in self.corrections:
            previous.superseded_by_id = correction.id
            event.changes = {"update_id": [previous.id, correction.id]}


def _taken_keys(years):
    return set(db.session.execute(
        select(Document.number_key, Document.issue_year).where(Document.issue_year.in_(years))))


def seed_demo_tracking() -> int:
    """Add the demo year and the recent documents; return the tasks added
    (0 when the demo documents are already there). Refused in production."""
    if current_app.config["APP_ENV"] == "production":
        raise RuntimeError("Demo data is never loaded in production")
    today = today_vn()
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    ids = {code: unit.id for code, unit in units.items()}
    users = dict(db.session.execute(select(AppUser.username, AppUser.id).where(
        AppUser.username.in_(list(DEMO_ACTORS.values())))).all())
    days = _Days(today.year)
    rng = random.Random(SEED)
    write = _Writer(rng)
    docs = _plan_year(rng, days, write, ids)
    _number_documents(rng, docs, set())
    planned = {(number_key(d.number_symbol), YEAR) for d in docs}
    if planned & _taken_keys([YEAR]):
        return 0
    recent_rng = random.Random(SEED + 1)
    recent = _plan_recent(recent_rng, days, _Writer(recent_rng), ids, today)
    years = sorted({d.issued_on.year for d in recent})
    _number_documents(recent_rng, recent, _taken_keys(years) | planned)
    inserter = _Inserter(units, users)
    with transaction():
        for doc in docs + recent:
            inserter.document(doc)
        for code, period, reference, (month, day), received_by in SECRET_RECEIPTS:
            received = days.on_or_after(date(YEAR, month, day))
            at = _utc(datetime.combine(received, time(9, 0)))
            db.session.add(SecretReportReceipt(
                unit_id=ids[code], period=period, reference=reference, received_on=received,
                received_by=received_by,
                created_at=at, changed_at=at,
                created_by_id=users.get("vanphong"), changed_by_id=users.get("vanphong")))
        db.session.flush()
        inserter.link_corrections()
    return inserter.tasks

