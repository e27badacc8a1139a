"""Application factory."""
import logging

from flask import Flask

from app.extensions import appbuilder, db, migrate


def create_app(config_object="config.Config", **overrides):
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config_object)
    app.config.update(overrides)
    _check_environment(app)

    from app.runtime import sqlite  # noqa: F401 - tunes every SQLite connection
    from app.web import init_web

    init_web(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=_migrations_dir())
    with app.app_context():
        appbuilder.init_app(app, db.session)
        from app.views import register_views

        register_views(app, appbuilder)
        if app.config["APP_ENV"] == "production":
            _refuse_demo_accounts()
    from app.cli import register_cli

    register_cli(app)
    return app


def _migrations_dir():
    import os

    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def _check_environment(app):
    from config import check_production

    if app.config["APP_ENV"] == "production":
        problems = check_production(app.config)
        if problems:
            raise RuntimeError("Refusing to start in production: " + "; ".join(problems))
    if not app.config.get("REDIS_URL"):
        from app.runtime.embedded_redis import socket_url

        app.config["REDIS_URL"] = socket_url(app.config["INSTANCE_DIR"])
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        url = app.config["REDIS_URL"]
        app.config["RATELIMIT_STORAGE_URI"] = (
            "redis+unix://" + url[len("unix://"):] if url.startswith("unix://") else url)


def _refuse_demo_accounts():
    from sqlalchemy import inspect

    from app.demo.accounts import has_demo_users

    # Before the first migration there is no user table, hence no demo account.
    if inspect(db.engine).has_table("ab_user") and has_demo_users():
        raise RuntimeError("Refusing to start in production: demo accounts are present")


def _translate_form_errors():
    """Flask-WTF reads WTForms' own catalogs, which have no Vietnamese: send
    validation messages through our catalog instead."""
    import flask_babel
    import flask_wtf.i18n

    flask_wtf.i18n._get_translations = flask_babel.get_translations


_translate_form_errors()
# FAB warns at every start about relation columns of its own security API.
logging.getLogger("flask_appbuilder.models.filters").setLevel(logging.ERROR)
