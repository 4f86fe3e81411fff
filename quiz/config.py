"""Settings read from the environment, with safe development defaults.

``FLASK_ENV=production`` selects ``ProductionConfig``, which refuses to start without a
``SECRET_KEY``. Elsewhere a missing ``SECRET_KEY`` is replaced by a random key generated on first
start and kept in ``instance/secret_key`` (owner-only), so sessions survive restarts and no key
ever comes from the source. ``DATABASE_URL`` switches from the SQLite file under ``instance/`` to
PostgreSQL; ``REDIS_URL`` moves the caches, the rate-limit counters and the mail and webhook jobs
from each process to Redis, shared by every instance. docs/deploy.md lists every variable.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import orjson

ROOT = Path(__file__).resolve().parent.parent


def database_url(raw: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL: ``DATABASE_URL`` normalised to the psycopg 3 driver, or SQLite."""
    if not raw:
        return f"sqlite:///{Path(instance_path) / 'quiz.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {raw!r}") from None


def _env_seconds(name: str, default: str) -> tuple[float, ...]:
    """Comma-separated non-negative seconds from the environment (e.g. ``10,60,300``)."""
    raw = os.environ.get(name, "") or default
    try:
        values = tuple(float(part) for part in raw.split(",") if part.strip())
    except ValueError:
        values = (-1.0,)
    if not values or any(v < 0 for v in values):
        raise RuntimeError(f"{name} must be seconds separated by commas, not {raw!r}")
    return values


def json_loads(text: str | bytes) -> Any:
    """Decode a JSON column: orjson (3–4× faster than ``json`` on reports and summaries, the
    same values), falling back to ``json`` for what orjson refuses, such as ``NaN``."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def engine_options(url: str) -> dict[str, Any]:
    """SQLAlchemy engine settings: a sized, recycled, pre-pinged pool on PostgreSQL, and
    JSON columns decoded by ``json_loads``.

    Each process holds up to ``DB_POOL_SIZE + DB_MAX_OVERFLOW`` connections, so PostgreSQL's
    ``max_connections`` must cover that times the number of worker processes of all instances.
    """
    options: dict[str, Any] = {
        "pool_pre_ping": os.environ.get("DB_POOL_PRE_PING", "1") != "0",
        "json_deserializer": json_loads,
    }
    if url.startswith("postgresql"):
        options.update(
            pool_size=_env_int("DB_POOL_SIZE", 5),
            max_overflow=_env_int("DB_MAX_OVERFLOW", 5),
            pool_recycle=_env_int("DB_POOL_RECYCLE", 1800),
            pool_timeout=_env_int("DB_POOL_TIMEOUT", 10),
        )
    return options


def cache_settings(redis_url: str | None) -> dict[str, Any]:
    """Flask-Caching settings: Redis when ``REDIS_URL`` is set, else a small per-process cache."""
    if redis_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url}
    return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}


class Config:
    """Development defaults."""

    PRODUCTION = False
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")  # None: see instance_secret_key
    QUESTIONS_DIR = os.environ.get("QUESTIONS_DIR", str(ROOT / "questions"))
    QUIZ_LENGTH = int(os.environ.get("QUIZ_LENGTH", "20"))  # items in a fixed quick check
    # The start page's quick check chooses each question from the answers so far (docs/adaptive.md);
    # "0" draws a fixed form of QUIZ_LENGTH items instead.
    ADAPTIVE_QUICK_CHECK = os.environ.get("ADAPTIVE_QUICK_CHECK", "1") == "1"
    # Minimum wait before retaking the same role and mode; none by default for self-practice.
    RETAKE_COOLDOWN_MINUTES = int(os.environ.get("RETAKE_COOLDOWN_MINUTES", "0"))
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Keys of this app in a shared Redis start with this; stored pages live a day at most.
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "quiz:")
    CACHE_DEFAULT_TIMEOUT = 24 * 3600
    # Names the deployed build (e.g. the git commit); cached pages and ETags change with it.
    # Unset, a digest of the templates stands in.
    RELEASE = os.environ.get("RELEASE") or None
    # A form's security token works for 8 hours (a long quiz fits; a page open longer gets a
    # page that sends the same form again with a fresh token, quiz.core.errors.handle_csrf).
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)  # attempts survive closing the browser
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Mail: files under instance/mail/ unless MAIL_SERVER names an SMTP server.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Back-end Skill Gap <no-reply@localhost>")
    MAIL_DIR = os.environ.get("MAIL_DIR", "")  # default: <instance>/mail
    # RQ's ``mail`` queue on this Redis (else REDIS_URL); with neither, a thread per process.
    MAIL_REDIS_URL = os.environ.get("MAIL_REDIS_URL") or None
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
    SIGNUP_LINK_HOURS = int(os.environ.get("SIGNUP_LINK_HOURS", "48"))
    # Cohort aggregates (percentiles, distribution) appear once this many students submitted.
    COHORT_MIN_SUBMITTED = int(os.environ.get("COHORT_MIN_SUBMITTED", "5"))
    # `flask irt calibrate` updates an item's parameters once this many attempts answered it.
    IRT_MIN_RESPONSES = int(os.environ.get("IRT_MIN_RESPONSES", "200"))
    # Seconds one question-file upload may spend reading the file (quiz.bank.budget).
    IMPORT_TIME_BUDGET = _env_seconds("IMPORT_TIME_BUDGET", "2")[0]
    # Larger bodies get a 413 page or JSON error; room for a roster CSV of a few thousand students.
    MAX_CONTENT_LENGTH = 256 * 1024
    MAX_FORM_MEMORY_SIZE = 256 * 1024
    # Webhooks (docs/webhooks.md): RQ on this Redis (else REDIS_URL, else a thread), timeout,
    # and the seconds before each retry (their number + 1 is the number of tries).
    WEBHOOK_REDIS_URL = os.environ.get("WEBHOOK_REDIS_URL") or None
    WEBHOOK_TIMEOUT = _env_seconds("WEBHOOK_TIMEOUT", "5")[0]
    WEBHOOK_RETRY_DELAYS = _env_seconds("WEBHOOK_RETRY_DELAYS", "10,60,300,1800")
    # Webhooks to private, loopback or reserved addresses: allowed outside production only.
    WEBHOOK_ALLOW_PRIVATE = True
    # RQ's ``attempts`` queue (closing attempts just after their deadline) on this Redis (else
    # REDIS_URL, else a thread per process).
    ATTEMPTS_REDIS_URL = os.environ.get("ATTEMPTS_REDIS_URL") or None
    # Strict headers (quiz.security.headers); HTTPS-only behaviour is for production.
    FORCE_HTTPS = False
    HSTS = False
    # Rate limits (quiz.security.limits): named limits; counters in Redis when REDIS_URL is set.
    RATE_LIMITS: ClassVar[dict[str, str]] = {}
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") != "0"
    # Counters of apps sharing one Redis are kept apart by the same prefix as their cache keys.
    RATELIMIT_KEY_PREFIX = CACHE_KEY_PREFIX.rstrip(":") or "quiz"
    RATELIMIT_STRATEGY = "moving-window"
    # Log-in back-off (quiz.accounts.backoff): free failures, then a doubling lock window.
    LOGIN_FREE_FAILURES = 5
    LOGIN_BACKOFF_SECONDS = 30
    LOGIN_BACKOFF_MAX_SECONDS = 3600
    # Per account from every address (quiz.accounts.backoff): delays, never a lasting lock.
    LOGIN_ACCOUNT_FREE_FAILURES = 20
    LOGIN_ACCOUNT_BACKOFF_SECONDS = 60
    LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS = 900
    # Proxies in front of the app (Nginx: 1) whose X-Forwarded-For/-Proto are trusted; 0: none.
    TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "0")


class ProductionConfig(Config):
    """Production: secrets must come from the environment."""

    PRODUCTION = True
    SECRET_KEY = os.environ.get("SECRET_KEY")
    WEBHOOK_ALLOW_PRIVATE = False
    # Off only where plain HTTP is intended (a benchmark on 127.0.0.1), never behind TLS.
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    FORCE_HTTPS = SESSION_COOKIE_SECURE  # behind a proxy, it must send X-Forwarded-Proto
    HSTS = SESSION_COOKIE_SECURE


def select_config() -> type[Config]:
    """The settings class for the current environment."""
    return ProductionConfig if os.environ.get("FLASK_ENV") == "production" else Config


SECRET_KEY_FILE = "secret_key"
_MIN_KEY_LENGTH = 32


def instance_secret_key(instance_path: str | Path) -> str:
    """The key stored in ``instance_path/secret_key``, created (mode 0600) on first use.

    The key is written to a private temporary file and linked into place, so two processes
    starting at once agree on one key and nobody ever reads a half-written file. A key file
    readable by others is tightened to 0600; an empty or short one is refused with its path.
    """
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SECRET_KEY_FILE
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".secret_key-")  # created with mode 0600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32) + "\n")
            os.link(tmp, path)  # fails if another process linked its key first: use that one
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < _MIN_KEY_LENGTH:
        raise RuntimeError(
            f"{path}: the stored SECRET_KEY is shorter than {_MIN_KEY_LENGTH} characters; "
            "delete the file to generate a new one, or set SECRET_KEY"
        )
    return key
