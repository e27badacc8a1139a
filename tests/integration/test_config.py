import os
import subprocess
import sys

import pytest

from app import create_app
from config import DEFAULT_SECRET_KEY, check_production

GOOD = {"SECRET_KEY": "s3cret-from-the-vault", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0"}


@pytest.mark.parametrize("change,problem", [
    ({}, None),
    ({"SECRET_KEY": DEFAULT_SECRET_KEY}, "SECRET_KEY"),
    ({"SECRET_KEY": ""}, "SECRET_KEY"),
    ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}, "SQLite"),
    ({"REDIS_URL": ""}, "REDIS_URL"),
])
def test_check_production(change, problem):
    problems = check_production({**GOOD, **change})
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def test_production_refuses_embedded_defaults():
    with pytest.raises(RuntimeError, match="Refusing to start in production"):
        create_app("config.Config", APP_ENV="production", SECRET_KEY=DEFAULT_SECRET_KEY)


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="needs a production-grade database: runs in the PostgreSQL leg")
def test_production_refuses_demo_accounts(app):
    env = dict(os.environ, APP_ENV="production", SECRET_KEY="x" * 32,
               DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], REDIS_URL=app.config["REDIS_URL"])
    result = subprocess.run([sys.executable, "-c", "from app import create_app; create_app()"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "demo accounts are present" in result.stderr
