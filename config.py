"""Configuration classes, read from environment variables.

`FLASK_CONFIG` picks the class (development, production, testing); `DATABASE_URL`,
`SECRET_KEY` and the limits below override the defaults.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def instance_dir() -> Path:
    """Where the SQLite database and the generated secret key live ($FRAMEWORK_REVIEW_INSTANCE).

    Read when the app starts, not at import, so a process (or a test) can point it elsewhere.
    """
    return Path(os.environ.get("FRAMEWORK_REVIEW_INSTANCE") or BASE_DIR / "instance")


class ConfigurationError(RuntimeError):
    """Raised at start-up when the configuration cannot be used safely."""


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _bool_env(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if not value:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs name the driver-less scheme; we always talk to PostgreSQL via psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _development_secret_key(folder: Path) -> str:
    """Generate a secret key once and keep it in instance/ so sessions survive restarts."""
    path = folder / "secret_key"
    key = path.read_text().strip() if path.exists() else ""
    if key:
        return key
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created readable by the owner only, never briefly open to others.
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        file.write(key)
    path.chmod(0o600)
    return key


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    INSTANCE_DIR = instance_dir()
    DEFAULT_DATABASE_URL: str | None = None  # None: framework_review.db in the instance folder
    SQLALCHEMY_DATABASE_URI = ""
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    WTF_CSRF_TIME_LIMIT = (
        None  # tokens live as long as the session; long comment drafting is normal
    )
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_DRAFT_BYTES = _int_env("MAX_DRAFT_BYTES", 5 * 1024 * 1024)
    # Uploads are the only large bodies; leave room for multipart overhead.
    MAX_CONTENT_LENGTH = MAX_DRAFT_BYTES + 256 * 1024
    # Characters of text a draft may hold; bounds the import's rendering time (~25 µs a
    # character at worst): 150,000 is about twice a long standard with its annexes.
    MAX_DRAFT_CHARS = _int_env("MAX_DRAFT_CHARS", 150_000)
    COMMENT_MAX_CHARS = _int_env("COMMENT_MAX_CHARS", 20_000)
    PROPOSAL_MAX_CHARS = _int_env("PROPOSAL_MAX_CHARS", 20_000)
    REPLY_MAX_CHARS = _int_env("REPLY_MAX_CHARS", 10_000)
    OBSERVATION_MAX_CHARS = _int_env("OBSERVATION_MAX_CHARS", 10_000)
    CLAUSE_MAX_CHARS = _int_env("CLAUSE_MAX_CHARS", 50_000)
    COMMENTS_PER_PAGE = _int_env("COMMENTS_PER_PAGE", 100)
    # Rate limits ("N/minute;M/hour"), counted in memory per worker unless
    # RATELIMIT_STORAGE_URI names a shared store such as redis://127.0.0.1:6379/0.
    RATE_LIMITING = _bool_env("RATE_LIMITING", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    LOGIN_LIMIT_PER_USERNAME = os.environ.get("LOGIN_LIMIT_PER_USERNAME", "10/minute;50/hour")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "100/hour")
    PASSWORD_CHANGE_LIMIT = os.environ.get("PASSWORD_CHANGE_LIMIT", "10/hour")
    API_WRITE_LIMIT = os.environ.get("API_WRITE_LIMIT", "300/minute")
    # How many reverse proxies in front of the app may be believed about the client address
    # (X-Forwarded-For); 0 when clients connect directly.
    TRUSTED_PROXIES = _int_env("TRUSTED_PROXIES", 0)
    # Strict-Transport-Security max-age in seconds; 0 sends none (production sends a year
    # unless HSTS_MAX_AGE=0 says the proxy sets it).
    HSTS_MAX_AGE = 0
    REVIEW_PER_PAGE = _int_env("REVIEW_PER_PAGE", 50)
    # E-mail of notifications: off unless MAIL_SERVER is set (see notifications/mail.py).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _int_env("MAIL_PORT", 25)
    MAIL_USE_TLS = _bool_env("MAIL_USE_TLS")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "framework-review@localhost")
    MAIL_CAPTURE = False  # collect messages in a list instead of sending them (tests)
    # Offline comment tables are refused past these: rows, and bytes once unpacked (zip bombs).
    COMMENT_TABLE_MAX_ROWS = _int_env("COMMENT_TABLE_MAX_ROWS", 5000)
    COMMENT_TABLE_MAX_UNPACKED_BYTES = _int_env(
        "COMMENT_TABLE_MAX_UNPACKED_BYTES", 64 * 1024 * 1024
    )

    @classmethod
    def init(cls) -> None:
        """Fill settings that need a decision at start-up (database, secret key)."""
        cls._init_paths()
        cls.SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key(cls.INSTANCE_DIR)

    @classmethod
    def _init_paths(cls) -> None:
        cls.INSTANCE_DIR = instance_dir()
        default = (
            cls.DEFAULT_DATABASE_URL or f"sqlite:///{cls.INSTANCE_DIR / 'framework_review.db'}"
        )
        cls.SQLALCHEMY_DATABASE_URI = _database_url(default)


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_MAX_AGE = _int_env("HSTS_MAX_AGE", 365 * 24 * 3600)

    @classmethod
    def init(cls) -> None:
        cls._init_paths()
        key = os.environ.get("SECRET_KEY")
        if not key:
            raise ConfigurationError(
                "SECRET_KEY is not set. In production the secret key must come from the "
                "environment, e.g. SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        if len(key) < 16:
            raise ConfigurationError("SECRET_KEY is too short: use at least 16 random characters.")
        cls.SECRET_KEY = key


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105
    DEFAULT_DATABASE_URL = "sqlite://"
    WTF_CSRF_ENABLED = True
    # The suite logs in thousands of times; the tests of the limits switch them on.
    RATE_LIMITING = False
    MAIL_SERVER = ""  # never the caller's mail server
    MAIL_CAPTURE = True
    # Cheaper scrypt parameters keep the suite fast; production uses werkzeug's default.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - hashing parameters, not a password

    @classmethod
    def init(cls) -> None:
        cls._init_paths()


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def get_config(name: str | None = None) -> type[Config]:
    """Return the initialised config class named by `name` or $FLASK_CONFIG."""
    name = name or os.environ.get("FLASK_CONFIG", "development")
    try:
        config = CONFIGS[name]
    except KeyError:
        raise ConfigurationError(
            f"Unknown FLASK_CONFIG {name!r}; use one of {', '.join(CONFIGS)}."
        ) from None
    config.init()
    return config
