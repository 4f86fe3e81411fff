"""Settings read from the environment, with safe development defaults.

``FLASK_ENV=production`` selects ``ProductionConfig``, which refuses to start without a
``SECRET_KEY``. ``DATABASE_URL`` switches from the SQLite file under ``instance/`` to PostgreSQL;
``REDIS_URL`` keeps rate-limit counters in Redis instead of each process's memory.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent


def database_url(raw: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL: ``DATABASE_URL`` normalised to the psycopg 3 driver, or SQLite."""
    if not raw:
        return f"sqlite:///{Path(instance_path) / 'quiz.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


class Config:
    """Development defaults."""

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    QUESTIONS_DIR = os.environ.get("QUESTIONS_DIR", str(ROOT / "questions"))
    QUIZ_LENGTH = int(os.environ.get("QUIZ_LENGTH", "20"))  # items in a quick check
    # Minimum wait before retaking the same role and mode; none by default for self-practice.
    RETAKE_COOLDOWN_MINUTES = int(os.environ.get("RETAKE_COOLDOWN_MINUTES", "0"))
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session: quizzes can be long
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)  # attempts survive closing the browser
    MAX_CONTENT_LENGTH = 64 * 1024  # larger bodies get a 413 page or JSON error
    MAX_FORM_MEMORY_SIZE = 64 * 1024
    # Strict headers (quiz.security.headers); HTTPS-only behaviour is for production.
    FORCE_HTTPS = False
    HSTS = False
    # Rate limits (quiz.security.limits): named limits; counters in Redis when REDIS_URL is set.
    RATE_LIMITS: ClassVar[dict[str, str]] = {}
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") != "0"
    RATELIMIT_KEY_PREFIX = "quiz"
    RATELIMIT_STRATEGY = "moving-window"


class ProductionConfig(Config):
    """Production: secrets must come from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = True
    FORCE_HTTPS = True  # behind a proxy, it must send X-Forwarded-Proto
    HSTS = True


def select_config() -> type[Config]:
    """The settings class for the current environment."""
    return ProductionConfig if os.environ.get("FLASK_ENV") == "production" else Config
