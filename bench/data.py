"""Synthetic province data for the benchmarks, built once and cached.

Ten years of directive documents ending on the day of the build, every unit
of the province leading, coordinating and monitoring tasks in every workflow
state, with deadlines, extensions, progress updates, obstacles, district
feedback and the history events the tracking service writes: inserted in
bulk (Core ``INSERT`` of many rows at once), then every flag computed by the
real ``refresh_flags``. 200,000 tasks take about a minute on SQLite.

Besides the demo accounts (``app.demo.accounts``: ``vanphong`` for the
Office, ``krongpac`` for the Krông Pắc district...), every department and
district gets a clerk ``bench_<code>`` (password ``DakLak@2016``) for the
load benchmark. Krông Pắc leads about 1 task in 20 (a district also gets
one task of each province-wide "every district" document).

The last document (``PROBE_NUMBER``) is the same at every size: its tasks
are what the show pages and the saves of the benchmarks open (``probe``).

Cache: an SQLite file under ``instance/bench/`` named by size, schema (the
Alembic revisions' content) and ``DATA_VERSION``; on PostgreSQL the database
``<the URL's database>_<h|flat>_<size>`` (created on the same server), rebuilt
when its schema or data version is stale. A table ``bench_meta`` written last says the
build completed: an interrupted build is started again.
"""
import functools
import hashlib
import json
import os
import random
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from bench.common import BENCH_DIR, ROOT

# Bump when the generated rows change: cached databases are rebuilt.
DATA_VERSION = 3
PROBE_NUMBER = "99/BENCH-UBND"
YEARS = 10
CLERK_PREFIX = "bench_"
PASSWORD = "DakLak@2016"

DOC_TYPES = (("decision", "QĐ-UBND", 18), ("directive", "CT-UBND", 4),
             ("official_letter", "UBND-TH", 45), ("telegram", "CĐ-UBND", 2),
             ("conclusion_notice", "TB-UBND", 12), ("direction", "VP-TH", 9),
             ("other", "KH-UBND", 10))
URGENCIES = (("normal", 76), ("urgent", 14), ("very_urgent", 7), ("express", 3))
KINDS = (("other", 55), ("report", 25), ("scheme", 12), ("legal_document", 8))
AUTHORITIES = (("committee", 40), ("chairman", 25), ("vice_chairman", 35))
SIGNERS = ("Hoàng Văn Khải – Chủ tịch", "Nguyễn Thanh Bình – Phó Chủ tịch",
           "Lê Quốc Hưng – Phó Chủ tịch", "H'Mai Niê Kdăm – Phó Chủ tịch",
           "Đỗ Minh Tuấn – Chánh Văn phòng")
DOC_OPENINGS = ("Về việc", "V/v triển khai", "Kế hoạch thực hiện", "Kết luận của Chủ tịch "
                "UBND tỉnh về", "Chỉ thị về tăng cường", "Về việc đẩy mạnh")
TOPICS = (
    "phòng, chống hạn hán, bảo đảm nước tưới vụ Đông Xuân",
    "phát triển cây cà phê bền vững và tái canh cà phê",
    "đẩy nhanh tiến độ giải ngân vốn đầu tư công",
    "cải cách hành chính và nâng cao chỉ số PCI",
    "phòng, chống dịch bệnh trên người và gia súc",
    "quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng",
    "xây dựng nông thôn mới và đô thị văn minh",
    "quản lý đất đai, tài nguyên khoáng sản",
    "bảo đảm trật tự an toàn giao thông dịp Tết Nguyên đán",
    "đổi mới giáo dục phổ thông và xây dựng trường chuẩn quốc gia",
    "chuyển đổi số và chính quyền điện tử",
    "tăng cường thu ngân sách nhà nước, chống thất thu thuế",
    "giảm nghèo bền vững vùng đồng bào dân tộc thiểu số",
    "bồi thường, giải phóng mặt bằng các dự án trọng điểm",
    "phát triển du lịch gắn với bảo tồn không gian văn hóa cồng chiêng",
    "bảo đảm an ninh trật tự tại cơ sở",
    "ứng phó với biến đổi khí hậu và mưa lũ",
    "sắp xếp tổ chức bộ máy, tinh giản biên chế",
    "bảo vệ môi trường, xử lý chất thải rắn sinh hoạt",
    "hỗ trợ doanh nghiệp, thúc đẩy sản xuất kinh doanh",
)
PLACES = ("trên địa bàn tỉnh", "tại các huyện phía Đông", "tại thành phố Buôn Ma Thuột",
          "ở vùng sâu, vùng xa", "tại các xã biên giới huyện Ea Súp", "dọc sông Krông Ana")
TASK_VERBS = ("Chủ trì, phối hợp với các đơn vị liên quan triển khai", "Tham mưu UBND tỉnh "
              "ban hành kế hoạch", "Rà soát, đánh giá tình hình", "Kiểm tra, đôn đốc việc",
              "Xây dựng đề án", "Tổng hợp, báo cáo kết quả", "Hướng dẫn các địa phương thực hiện",
              "Đề xuất giải pháp tháo gỡ khó khăn trong")
TASK_TAILS = ("; báo cáo UBND tỉnh kết quả thực hiện.", "; định kỳ báo cáo theo quy định.",
              "; kịp thời đề xuất xử lý vướng mắc phát sinh.", ".",
              "; không để xảy ra tình trạng chậm trễ, kéo dài.")
PROGRESS_TEXTS = ("Đã tổ chức họp triển khai, phân công nhiệm vụ cụ thể cho các phòng, ban.",
                  "Đang phối hợp các đơn vị rà soát số liệu, dự kiến hoàn thành đúng hạn.",
                  "Đã hoàn thành khoảng một nửa khối lượng công việc.",
                  "Đã gửi dự thảo xin ý kiến các sở, ngành; đang tổng hợp ý kiến góp ý.")
DONE_TEXTS = ("Đã hoàn thành nhiệm vụ, có báo cáo kết quả kèm theo.",
              "Đã ban hành văn bản triển khai; nhiệm vụ hoàn thành.")
OBSTACLE_TEXTS = ("Kinh phí chưa được bố trí kịp thời.",
                  "Chưa nhận được ý kiến của các đơn vị phối hợp.")
FEEDBACK_TEXTS = ("Sở chủ trì chưa hướng dẫn địa phương đúng yêu cầu của văn bản.",)

# States by the age of the document: (max age in days, weights).
_STATES = ("draft", "transferred", "accepted", "returned", "in_progress", "done_reported",
           "closed", "cancelled")
_STATE_WEIGHTS = (
    (14, (12, 38, 20, 5, 22, 3, 0, 0)),
    (365, (2, 8, 10, 2, 33, 10, 32, 3)),
    (None, (0.2, 0.6, 1, 0.3, 5, 3, 85, 5)),
)
_PROGRESS = {"draft": "not_started", "transferred": "not_started", "accepted": "not_started",
             "returned": "not_started", "in_progress": "in_progress",
             "done_reported": "done", "closed": "done", "cancelled": "not_started"}


def _weighted(pairs):
    values = [p[0] for p in pairs]
    weights = [p[-1] for p in pairs]
    return values, weights


def schema_key():
    """The Alembic revisions' content, short: a changed schema rebuilds."""
    folder = os.path.join(ROOT, "migrations", "versions")
    digest = hashlib.sha1()
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            digest.update(name.encode())
            with open(os.path.join(folder, name), "rb") as f:
                digest.update(f.read())
    return digest.hexdigest()[:8]


def cache_key(size, history=True):
    return f"{size}-{'h' if history else 'flat'}-s{schema_key()}-d{DATA_VERSION}"


# --- Where a cached database lives ----------------------------------------------------


def _label(size, history):
    return f"{'h' if history else 'flat'}_{size}"


def sqlite_url(size, history=True):
    """instance/bench/tasks-<size>-<h|flat>-s<schema>-d<data version>.db;
    the files of the same size and kind built for another schema or data
    version are removed (a 1,000,000-task file takes a gigabyte)."""
    os.makedirs(BENCH_DIR, exist_ok=True)
    name = f"tasks-{cache_key(size, history)}.db"
    stale = f"tasks-{size}-{'h' if history else 'flat'}-"
    for other in os.listdir(BENCH_DIR):
        if other.startswith(stale) and other.split(".db")[0] != name[:-3]:
            os.remove(os.path.join(BENCH_DIR, other))
    return f"sqlite:///{os.path.join(BENCH_DIR, name)}"


def database_url(base_url, size, history=True):
    """Where the data of ``size`` tasks lives: a cached SQLite file without
    ``base_url``, else the PostgreSQL database ``<base name>_<h|flat>_<size>``
    on the same server (benchmarks of the same data share it)."""
    if not base_url:
        return sqlite_url(size, history)
    if not base_url.startswith("postgresql"):
        raise SystemExit("--url must be a PostgreSQL URL (without it: SQLite under "
                         "instance/bench/)")
    return postgres_url(base_url, _label(size, history))


def postgres_url(base_url, suffix=None):
    """``base_url``'s database, or a sibling database named ``<name>_<suffix>``,
    created when missing (connecting to the server's ``postgres`` database)."""
    url = make_url(base_url)
    name = url.database
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to use the database {name!r}: name a scratch database")
    if suffix:
        name = f"{name}_{suffix}"
    target = url.set(database=name)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": name}).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return target.render_as_string(hide_password=False)


# --- Building ---------------------------------------------------------------------------


def read_meta():
    from app.extensions import db

    if not inspect(db.engine).has_table("bench_meta"):
        return None
    row = db.session.execute(text("SELECT value FROM bench_meta WHERE key = 'meta'")).first()
    db.session.rollback()
    return json.loads(row[0]) if row else None


def _write_meta(meta):
    from app.extensions import db

    db.session.execute(text("CREATE TABLE IF NOT EXISTS bench_meta "
                            "(key VARCHAR(20) PRIMARY KEY, value TEXT NOT NULL)"))
    db.session.execute(text("DELETE FROM bench_meta"))
    db.session.execute(text("INSERT INTO bench_meta (key, value) VALUES ('meta', :v)"),
                       {"v": json.dumps(meta, default=str)})
    db.session.commit()


def _reset(app):
    """An empty database: the SQLite file removed, or PostgreSQL's ``public``
    schema dropped — only in a database this module built (or an empty one)."""
    from app.extensions import db

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        db.session.remove()
        db.engine.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(url.database + suffix):
                os.remove(url.database + suffix)
        return
    tables = inspect(db.engine).get_table_names()
    if tables and "bench_meta" not in tables:
        raise SystemExit(f"refusing to empty {url.database!r}: it holds tables bench did not "
                         f"build ({len(tables)}); name a scratch database")
    db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.session.commit()


def ensure(app, size, history=True, log=print):
    """The cached data of ``size`` tasks in ``app``'s database, built when
    missing or stale; returns its meta (probe ids, counts, build time)."""
    with app.app_context():
        key = cache_key(size, history)
        meta = read_meta()
        if meta and meta.get("key") == key:
            return meta
        log(f"building {size:,} tasks ({'with' if history else 'without'} history) "
            f"in {make_url(app.config['SQLALCHEMY_DATABASE_URI']).render_as_string()} ...")
        started = time.perf_counter()
        _reset(app)
        _schema()
        log(f"schema, roles, units, calendar, users: {time.perf_counter() - started:.1f} s")
        counts = fill(size, history=history, log=log)
        _sequences()
        from app.clock import today_vn
        from app.services.flags import refresh_flags

        flags_started = time.perf_counter()
        refresh_flags(today_vn())
        flags_seconds = time.perf_counter() - flags_started
        log(f"flags refreshed: {flags_seconds:.1f} s")
        _analyze()
        meta = {"key": key, "size": size, "history": history, "built_on": today_vn(),
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "counts": counts, "probe": probe_ids(),
                "build_seconds": round(time.perf_counter() - started, 1),
                "flags_seconds": round(flags_seconds, 1)}
        _write_meta(meta)
        log(f"built in {meta['build_seconds']} s: "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        return meta


def _schema():
    from flask_migrate import upgrade

    from app.demo import accounts
    from app.services import bootstrap, calendar

    upgrade()
    bootstrap.sync_roles()
    bootstrap.seed_units()
    calendar.ensure_seeded()
    accounts.seed_demo_users()


def _sequences():
    """PostgreSQL: the id sequences past the ids inserted explicitly."""
    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        return
    for table in ("document", "task", "task_event", "progress_update", "extension_request"):
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))
    db.session.commit()


def _analyze():
    """PostgreSQL's autovacuum would have analysed tables this size; SQLite
    is left as the application leaves it (no ANALYZE)."""
    from app.extensions import db

    if db.engine.dialect.name == "postgresql":
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


def probe_ids():
    """The probe document and its tasks (ids in order): the same at every size."""
    from app.extensions import db
    from app.models import Document, Task

    doc_id = db.session.scalar(select(Document.id).where(Document.number_symbol == PROBE_NUMBER))
    tasks = db.session.scalars(select(Task.id).where(Task.document_id == doc_id)
                               .order_by(Task.id)).all()
    return {"document": doc_id, "tasks": list(tasks)}


def _clerks(units):
    """A clerk for every department and district that has no demo clerk."""
    from app.extensions import appbuilder, db
    from app.models import AppUser
    from werkzeug.security import generate_password_hash

    sm = appbuilder.sm
    role = sm.find_role("Unit clerk")
    hashed = generate_password_hash(PASSWORD)
    have = {u.unit_id for u in db.session.scalars(select(AppUser)) if u.unit_id}
    for unit in units:
        if unit.kind in ("department", "district", "dic") and unit.id not in have:
            name = CLERK_PREFIX + unit.code.lower()
            user = sm.add_user(name, "Văn thư", unit.short_name or unit.code,
                               f"{name}@daklak.example.vn", [role], hashed_password=hashed)
            if not user:
                raise RuntimeError(f"could not add {name}")
            user.unit_id = unit.id
    db.session.commit()
    return {u.unit_id: u.id for u in db.session.scalars(select(AppUser))
            if u.unit_id and any(r.name in ("Unit clerk",) for r in u.roles)}


class _Folder:
    """fold() of texts made of fragments, each fragment folded once."""

    def __init__(self):
        from app.rules.text import fold

        self.fold = fold
        self.cache = {}

    def __call__(self, *parts):
        out = []
        for part in parts:
            if part is None:
                continue
            folded = self.cache.get(part)
            if folded is None:
                folded = self.cache[part] = self.fold(part)
            out.append(folded)
        return " ".join(x for x in out if x)


@functools.lru_cache(maxsize=None)
def _utc(day, hour=9):
    # Vietnam is UTC+7: 09:00 there.
    return datetime(day.year, day.month, day.day, hour) - timedelta(hours=7)


def fill(n, history=True, seed=1, log=lambda message: None):
    """Insert ``n`` tasks (and their documents, and with ``history`` their
    events, updates and extension requests); returns the counts."""
    from app.clock import today_vn
    from app.extensions import db
    from app.models import (AppUser, Document, ExtensionRequest, ProgressUpdate, Task,
                            TaskEvent, Unit, document_word, task_coordinating_unit, task_word)
    from app.rules.documents import number_key

    started = time.perf_counter()
    rng = random.Random(seed)
    fold = _Folder()
    end = today_vn()
    start = end - timedelta(days=365 * YEARS + YEARS // 4)
    units = db.session.scalars(select(Unit).order_by(Unit.id)).all()
    by_code = {u.code: u.id for u in units}
    office = by_code["VP"]
    departments = [u.id for u in units if u.kind in ("department", "dic")]
    districts = [u.id for u in units if u.kind == "district"]
    leads = departments + districts
    clerk_of = _clerks(units) if history else {}
    office_user = db.session.scalar(select(AppUser.id).where(AppUser.username == "vanphong"))

    doc_types, doc_weights = _weighted(DOC_TYPES)
    urgencies, urgency_weights = _weighted(URGENCIES)
    kinds, kind_weights = _weighted(KINDS)
    authorities, authority_weights = _weighted(AUTHORITIES)
    suffix = {t: s for t, s, _ in DOC_TYPES}

    docs, tasks, coords, events, updates, extensions = [], [], [], [], [], []
    ids = {"event": 0, "update": 0, "extension": 0}

    def next_id(kind):
        ids[kind] += 1
        return ids[kind]

    def event(task_id, at_day, action, from_state, to_state, unit_id, reason=None,
              content=None, changes=None):
        if not history:
            return
        office_side = unit_id == office
        events.append({"id": next_id("event"), "task_id": task_id, "at": _utc(at_day),
                       "actor_id": office_user if office_side else clerk_of.get(unit_id),
                       "actor_unit_id": unit_id, "action": action, "from_state": from_state,
                       "to_state": to_state, "reason": reason, "content": content,
                       "changes": changes})

    def update(task_id, kind, unit_id, day, status, content, result=None, obstacles=None):
        if not history:
            return
        updates.append({"id": next_id("update"), "task_id": task_id, "kind": kind,
                        "unit_id": unit_id, "author_id": clerk_of.get(unit_id),
                        "at": _utc(day, 15), "reported_on": day, "status": status,
                        "content": content, "result": result, "obstacles": obstacles,
                        "superseded_by_id": None})

    # Documents first, issued in order, so that ids grow with time as in real life.
    plan = []
    remaining = n - 5  # the probe document's 5 tasks come last
    while remaining > 0:
        every_district = rng.random() < 0.06
        k = len(districts) if every_district else rng.choice((1, 1, 1, 2, 2, 3, 4, 6))
        k = min(k, remaining)
        remaining -= k
        issued = start + timedelta(days=rng.randrange((end - start).days - 25))
        plan.append((issued, k, every_district))
    plan.sort(key=lambda p: p[0])
    seq = {}
    task_id = 0
    for doc_id, (issued, k, every_district) in enumerate(plan, start=1):
        doc_type = rng.choices(doc_types, doc_weights)[0]
        number = seq[(issued.year, doc_type)] = seq.get((issued.year, doc_type), 0) + 1
        number_symbol = f"{number}/{suffix[doc_type]}"
        topic = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        opening = rng.choice(DOC_OPENINGS)
        summary = f"{opening} {topic} {place}"
        signer = rng.choice(SIGNERS)
        urgency = rng.choices(urgencies, urgency_weights)[0]
        docs.append({"id": doc_id, "doc_type": doc_type, "number_symbol": number_symbol,
                     "number_key": number_key(number_symbol), "issue_year": issued.year,
                     "summary": summary, "issued_on": issued, "signer": signer,
                     "issuing_authority": rng.choices(authorities, authority_weights)[0],
                     "drafting_unit_id": rng.choice(departments), "urgency": urgency,
                     "confidentiality": "normal", "complex_entry": k >= 3,
                     "search_key": fold(number_symbol, opening, topic, place, signer),
                     "created_at": _utc(issued), "changed_at": _utc(issued),
                     "created_by_id": office_user, "changed_by_id": office_user})
        age = (end - issued).days
        weights = next(w for limit, w in _STATE_WEIGHTS if limit is None or age <= limit)
        lead_pool = (districts[:k] if every_district else rng.sample(leads, k))
        for lead in lead_pool:
            task_id += 1
            state = rng.choices(_STATES, weights)[0]
            _task(rng, fold, task_id, doc_id, issued, end, lead, state, topic, place,
                  leads, office, tasks, coords, event, update, extensions, next_id,
                  office_user, clerk_of, kinds, kind_weights)
    _probe(rng, fold, len(plan) + 1, task_id, end, by_code, office, office_user, leads, docs,
           tasks, coords, event, update, extensions, next_id, clerk_of, kinds, kind_weights)

    log(f"rows generated: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    _insert(Document.__table__, docs)
    _insert(Task.__table__, tasks)
    _insert(task_coordinating_unit, coords)
    words = _insert_words(document_word, "document_id", docs)
    words += _insert_words(task_word, "task_id", tasks)
    if history:
        _insert(TaskEvent.__table__, events)
        _insert(ProgressUpdate.__table__, updates)
        _insert(ExtensionRequest.__table__, extensions)
    db.session.commit()
    log(f"rows inserted: {time.perf_counter() - started:.1f} s")
    return {"documents": len(docs), "tasks": len(tasks), "coordinating": len(coords),
            "search_words": words, "events": len(events), "updates": len(updates),
            "extension_requests": len(extensions),
            "krongpac_leads": sum(1 for t in tasks if t["lead_unit_id"] == by_code["KRONGPAC"])}


def _task(rng, fold, task_id, doc_id, issued, end, lead, state, topic, place, leads, office,
          tasks, coords, event, update, extensions, next_id, office_user, clerk_of,
          kinds, kind_weights, *, deadline=None, n_updates=None, coordinating=None):
    """One task in ``state`` with the dates and history that lead there."""
    clamp = lambda day: min(day, end)  # noqa: E731
    verb, tail = rng.choice(TASK_VERBS), rng.choice(TASK_TAILS)
    content = f"{verb} {topic} {place}{tail}"
    has_deadline = deadline is not None or rng.random() < 0.75
    if has_deadline and deadline is None:
        deadline = issued + timedelta(days=rng.randint(15, 180))
    original = deadline
    if has_deadline and rng.random() < 0.05:
        original = deadline - timedelta(days=rng.randint(15, 60))
    cycle = None if has_deadline else rng.choice(("quarter", "half_year", "year", "on_result"))
    if coordinating is None:
        coordinating = rng.sample([u for u in leads if u != lead],
                                  rng.choice((0, 0, 0, 1, 1, 2, 3)))
    monitoring = office if rng.random() < 0.9 else rng.choice(leads)
    entry = clamp(issued + timedelta(days=rng.randint(0, 3)))
    transferred = first_transferred = accepted = first_up = last_up = done = closed = None
    changes = {"lead_unit_id": [None, lead], "has_deadline": [None, has_deadline]}
    if coordinating:
        changes["coordinating_unit_ids"] = [None, sorted(coordinating)]
    event(task_id, entry, "create", None, "draft", office, changes=changes)
    if state != "draft" and not (state == "cancelled" and rng.random() < 0.2):
        transferred = first_transferred = clamp(entry + timedelta(days=rng.randint(0, 4)))
        event(task_id, transferred, "transfer", "draft", "transferred", office)
        if state == "returned" or rng.random() < 0.03:
            back = clamp(transferred + timedelta(days=rng.randint(1, 4)))
            event(task_id, back, "return", "transferred", "returned", lead,
                  reason="Nhiệm vụ không thuộc chức năng, nhiệm vụ của đơn vị.")
            if state != "returned":
                transferred = clamp(back + timedelta(days=rng.randint(1, 5)))
                event(task_id, transferred, "transfer", "returned", "transferred", office)
    if state in ("accepted", "in_progress", "done_reported", "closed") or (
            state == "cancelled" and transferred and rng.random() < 0.5):
        accepted = clamp(transferred + timedelta(days=rng.randint(0, 4)))
        event(task_id, accepted, "accept", "transferred", "accepted", lead)
    if state in ("done_reported", "closed"):
        span = (deadline - accepted).days if has_deadline else 120
        late = rng.random() < 0.25
        done = clamp(accepted + timedelta(days=max(1, rng.randint(span + 1, span + 60) if late
                                                   else rng.randint(1, max(1, span)))))
    if state in ("in_progress", "done_reported", "closed"):
        last = done or end
        k = n_updates if n_updates is not None else rng.choice((1, 1, 2, 2, 3, 4))
        days = sorted(clamp(accepted + timedelta(days=rng.randint(1, max(1, (last - accepted)
                                                                            .days))))
                      for _ in range(k))
        from_state = "accepted"
        for day in days:
            text = rng.choice(PROGRESS_TEXTS)
            update(task_id, "progress", lead, day, "in_progress", text)
            event(task_id, day, "progress", from_state, "in_progress", lead, content=text)
            from_state = "in_progress"
        first_up, last_up = days[0], days[-1]
        if state == "in_progress" and (end - last_up).days < 30 and rng.random() < 0.04:
            day = clamp(last_up + timedelta(days=1))
            text = rng.choice(OBSTACLE_TEXTS)
            update(task_id, "obstacle", lead, day, "in_progress", text, obstacles=text)
            event(task_id, day, "report-obstacle", "in_progress", "in_progress", lead,
                  content=text)
        if done:
            text = rng.choice(DONE_TEXTS)
            update(task_id, "done", lead, done, "done", text, result=text)
            event(task_id, done, "report-done", from_state, "done_reported", lead, content=text)
            if state == "closed":
                closed = clamp(done + timedelta(days=rng.randint(0, 12)))
                event(task_id, closed, "close", "done_reported", "closed", office)
    if state == "cancelled":
        day = clamp(entry + timedelta(days=rng.randint(5, 60)))
        event(task_id, day, "cancel", "accepted" if accepted else (
            "transferred" if transferred else "draft"), "cancelled", office,
            reason="Nhiệm vụ không còn phù hợp, dừng theo dõi.")
    pending = (state in ("accepted", "in_progress") and has_deadline
               and (end - issued).days < 365 and rng.random() < 0.03)
    if pending and clerk_of:
        day = clamp((last_up or accepted) + timedelta(days=1))
        extensions.append({"id": next_id("extension"), "task_id": task_id,
                           "requested_by_id": clerk_of.get(lead), "requested_at": _utc(day),
                           "reason": rng.choice(OBSTACLE_TEXTS),
                           "proposed_deadline": deadline + timedelta(days=30),
                           "old_deadline": deadline})
        event(task_id, day, "request-extension", state, state, lead)
    if (clerk_of and lead != office and state in ("transferred", "accepted", "in_progress")
            and (end - issued).days < 60 and rng.random() < 0.02):
        text = FEEDBACK_TEXTS[0]
        update(task_id, "feedback", lead, clamp(issued + timedelta(days=10)), None, text)
    notes = "Ghi chú: phối hợp chặt chẽ với Văn phòng." if rng.random() < 0.1 else None
    tasks.append({
        "id": task_id, "document_id": doc_id, "content": content,
        "kind": rng.choices(kinds, kind_weights)[0], "lead_unit_id": lead,
        "monitoring_unit_id": monitoring, "has_deadline": has_deadline,
        "must_report": rng.random() < 0.2, "deadline": deadline if has_deadline else None,
        "original_deadline": original if has_deadline else None, "report_cycle": cycle,
        "notes": notes, "state": state, "progress": _PROGRESS[state],
        "extension_pending": pending and bool(clerk_of),
        "transferred_on": transferred, "first_transferred_on": first_transferred,
        "accepted_on": accepted, "first_update_on": first_up, "last_update_on": last_up,
        "done_on": done, "closed_on": closed, "timeliness": "none",
        "working_days_overdue": 0, "calendar_days_overdue": 0, "entry_late": False,
        "first_update_late": False, "cycle_update_missed": False,
        "search_key": fold(verb, topic, place, tail, notes), "version": 1,
        "created_at": _utc(entry), "changed_at": _utc(closed or done or last_up or entry),
        "created_by_id": office_user, "changed_by_id": office_user})
    coords.extend({"task_id": task_id, "unit_id": u} for u in coordinating)


def _probe(rng, fold, doc_id, task_id, end, by_code, office, office_user, leads, docs, tasks,
           coords, event, update, extensions, next_id, clerk_of, kinds, kind_weights):
    """The document every size ends with; its tasks (in id order):
    0 Krông Pắc, in progress, 2 coordinating units, 4 updates (the show pages);
    1 Krông Pắc, in progress (the clerk's save); 2 a draft of the Department
    of Planning and Investment (the Office's save); 3 Buôn Ma Thuột,
    transferred; 4 the Department of Finance, accepted, Krông Pắc coordinating."""
    from app.rules.documents import number_key

    issued = end - timedelta(days=20)
    topic, place = TOPICS[0], PLACES[0]
    summary = f"Về việc {topic} {place}"
    docs.append({"id": doc_id, "doc_type": "directive", "number_symbol": PROBE_NUMBER,
                 "number_key": number_key(PROBE_NUMBER), "issue_year": issued.year,
                 "summary": summary, "issued_on": issued, "signer": SIGNERS[0],
                 "issuing_authority": "chairman", "drafting_unit_id": by_code["SNNPTNT"],
                 "urgency": "urgent", "confidentiality": "normal", "complex_entry": True,
                 "search_key": fold(PROBE_NUMBER, "Về việc", topic, place, SIGNERS[0]),
                 "created_at": _utc(issued), "changed_at": _utc(issued),
                 "created_by_id": office_user, "changed_by_id": office_user})
    probe_rng = random.Random(99)  # the same probe rows whatever the size
    specs = (("KRONGPAC", "in_progress", 4, ("STC", "SNNPTNT")),
             ("KRONGPAC", "in_progress", 1, ()),
             ("SKHDT", "draft", None, ()),
             ("BMT", "transferred", None, ()),
             ("STC", "accepted", None, ("KRONGPAC",)))
    for code, state, n_updates, coordinating in specs:
        task_id += 1
        _task(probe_rng, fold, task_id, doc_id, issued, end, by_code[code], state, topic,
              place, leads, office, tasks, coords, event, update, extensions, next_id,
              office_user, clerk_of, kinds, kind_weights, deadline=end + timedelta(days=40),
              n_updates=n_updates, coordinating=[by_code[c] for c in coordinating])


def _insert_words(table, owner, rows, chunk=200_000):
    """The search index of ``rows`` (what ``app.services.tracking.keys``
    writes with every row: ``key_words`` of its ``search_key``), inserted in
    the primary key's order (word, id), a chunk at a time, the owner's index
    built afterwards; returns how many index rows."""
    from app.rules.search import key_words

    cache, postings = {}, {}
    for row in rows:
        key = row["search_key"]
        found = cache.get(key)
        if found is None:
            found = cache[key] = key_words(key)
        for word in found:
            postings.setdefault(word, []).append(row["id"])
    from app.extensions import db

    # The owner's index is built after the rows (one sort), not row by row.
    connection = db.session.connection()
    for index in table.indexes:
        index.drop(connection)
    batch, total = [], 0
    for word in sorted(postings):
        batch.extend({"word": word, owner: i} for i in sorted(postings[word]))
        if len(batch) >= chunk:
            _insert(table, batch)
            total += len(batch)
            batch = []
    _insert(table, batch)
    for index in table.indexes:
        index.create(connection)
    return total + len(batch)


def _insert(table, rows, chunk=50_000):
    """Many rows at once through the driver: ``executemany`` on SQLite,
    ``COPY`` on PostgreSQL, the values converted by the columns' own SQLAlchemy
    bind processors (dates, JSON...). A column the rows leave out gets its
    scalar or callable default, or is left to the database."""
    from app.extensions import db

    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    keys = [k for k in rows[0] if k in table.c]  # a column another change removed: left out
    fixed = {}
    for column in table.c:
        default = column.default
        if column.name in rows[0] or default is None:
            continue
        if default.is_scalar:
            fixed[column.name] = default.arg
        elif default.is_callable:
            fixed[column.name] = default.arg(None)
    names = keys + list(fixed)
    processors = [(i, column.type._cached_bind_processor(dialect))
                  for i, column in enumerate(table.c[n] for n in names)]
    processors = [(i, p) for i, p in processors if p is not None]
    extra = tuple(fixed.values())

    def values(row):
        out = [row[k] for k in keys]
        out.extend(extra)
        for i, process in processors:
            if out[i] is not None:
                out[i] = process(out[i])
        return out

    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    cursor = connection.connection.driver_connection.cursor()
    try:
        for i in range(0, len(rows), chunk):
            batch = [values(row) for row in rows[i:i + chunk]]
            if dialect.name == "postgresql":
                with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in names)
                cursor.executemany(
                    f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", batch)
    finally:
        cursor.close()


# --- ``python -m bench data``: build (or find) a cached database -----------------------

DEFAULT_SIZE = 200_000


def add_arguments(parser):
    parser.add_argument("--flat", action="store_true",
                        help="documents and tasks only (no events, updates, clerks)")


def main(args):
    from bench.common import make_app

    history = not args.flat
    url = database_url(args.url, args.size, history)
    app = make_app(url, os.path.join(BENCH_DIR, "instance"))
    meta = ensure(app, args.size, history)
    print(json.dumps({"url": make_url(url).render_as_string(), **meta}, default=str))
    return 0
