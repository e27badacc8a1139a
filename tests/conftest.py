"""Shared fixtures: one app per test session (FAB keeps one AppBuilder), the
schema built by the real migrations, the demo accounts seeded once, and the
data put back after every test.

Database: ``TEST_DATABASE_URL`` when set (the PostgreSQL leg), else an SQLite
file. Redis: ``TEST_REDIS_URL`` when set, else the embedded server.
"""
import os
import re

import pytest
from flask import g, has_app_context
from flask_babel import force_locale, gettext
from flask.testing import FlaskClient
from sqlalchemy import delete, event, insert, select, text

from app.demo.accounts import DEMO_PASSWORD

# Tables whose rows the seed creates: restored to the seeded state after each
# test. Every other table of ours is emptied.
SEEDED = ("unit", "ab_user", "ab_user_role")
KEPT = ("ab_permission", "ab_view_menu", "ab_permission_view", "ab_role",
        "ab_permission_view_role", "alembic_version")
# Tests whose writes happen in other processes (a real `rq worker`): their
# tables cannot be seen being written, so everything is put back.
RESTORE_ALL_UNDER = ("tests/jobs/",)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I)
_touched = set()


def _track_writes(conn, cursor, statement, parameters, context, executemany):
    match = _WRITE.match(statement)
    if match:
        _touched.add(match.group(1).lower())


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        from app.runtime.redis_conn import redis_from_url

        redis_from_url(url).flushdb()
        yield url
        return
    from app.runtime import embedded_redis

    folder = tmp_path_factory.mktemp("redis")
    proc = embedded_redis.start(str(folder))
    yield embedded_redis.socket_url(str(folder))
    embedded_redis.stop(proc)


class FreshUserClient(FlaskClient):
    """A request made while a test holds an app context (``ctx``) reuses that
    context and its ``g``, where Flask-Login caches the signed-in user: forget
    it, so every request is authorised as its own client's user."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
            g.pop("user", None)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory, redis_url):
    from flask_migrate import upgrade

    from app import create_app
    from app.demo import accounts
    from app.services import bootstrap
    from app.extensions import db

    folder = tmp_path_factory.mktemp("instance")
    database = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{folder}/test.db"
    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=database,
                     REDIS_URL=redis_url, INSTANCE_DIR=str(folder),
                     UPLOAD_FOLDER=str(folder / "files"))
    with app.app_context():
        if database.startswith("postgresql"):
            # A reused PostgreSQL database starts from nothing too.
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        bootstrap.sync_roles()
        bootstrap.seed_units()
        accounts.seed_demo_users()
        app.config["_SNAPSHOT"] = _snapshot(db)
        event.listen(db.engine, "before_cursor_execute", _track_writes)
    app.test_client_class = FreshUserClient
    _touched.clear()
    return app


def _snapshot(db):
    tables = db.metadata.tables
    return {name: [dict(r._mapping) for r in db.session.execute(select(tables[name]))]
            for name in SEEDED}


def _restore(db, snapshot, everything):
    """Empty the tables the test wrote to (all empty before it) and put the
    seeded ones back; untouched tables cost nothing."""
    db.session.rollback()
    touched = set(_touched)
    _touched.clear()
    seeded = everything or bool(touched & set(SEEDED))
    tables = db.metadata.tables
    for table in reversed(db.metadata.sorted_tables):
        if table.name in KEPT:
            continue
        if everything or table.name in touched or (seeded and table.name in SEEDED):
            db.session.execute(delete(table))
    if seeded:
        for name in SEEDED:
            if snapshot[name]:
                db.session.execute(insert(tables[name]), snapshot[name])
    db.session.commit()
    _touched.clear()


@pytest.fixture(autouse=True)
def _db_state(request):
    """Put the database back to the seeded state after each test that used it."""
    yield
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        from app.extensions import db

        everything = any(part in str(request.node.path).replace(os.sep, "/")
                         for part in RESTORE_ALL_UNDER)
        with app.app_context():
            _restore(db, app.config["_SNAPSHOT"], everything)
            db.session.remove()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(app):
    """``login(name)`` returns a test client signed in as that demo user."""

    def _login(username, password=DEMO_PASSWORD):
        client = app.test_client()
        response = client.post("/login/", data={"username": username, "password": password})
        assert response.status_code == 302, f"login failed for {username}"
        return client

    return _login


@pytest.fixture
def api_token(client):
    def _token(username, password=DEMO_PASSWORD):
        response = client.post("/api/v1/security/login", json={
            "username": username, "password": password, "provider": "db"})
        assert response.status_code == 200, response.get_data(as_text=True)
        return {"Authorization": "Bearer " + response.json["access_token"]}

    return _token


@pytest.fixture
def T(app):
    """``T(msgid, **params)``: the Vietnamese text the screens show."""
    def translate(msgid, **params):
        with app.test_request_context(), force_locale("vi"):
            return gettext(msgid, **params)

    return translate
