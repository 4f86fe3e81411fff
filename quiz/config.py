"""Settings read from the environment, with safe development defaults.

``FLASK_ENV=production`` selects ``ProductionConfig``, which refuses to start without a
``SECRET_KEY``. ``DATABASE_URL`` switches from the SQLite file under ``instance/`` to PostgreSQL.
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
    MAX_CONTENT_LENGTH = 256 * 1024  # room for a roster CSV of a few thousand students
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
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "60"))
    SIGNUP_LINK_HOURS = int(os.environ.get("SIGNUP_LINK_HOURS", "48"))
    # Cohort aggregates (percentiles, distribution) appear once this many students submitted.
    COHORT_MIN_SUBMITTED = int(os.environ.get("COHORT_MIN_SUBMITTED", "5"))


class ProductionConfig(Config):
    """Production: secrets must come from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


def select_config() -> type[Config]:
    """The settings class for the current environment."""
    return ProductionConfig if os.environ.get("FLASK_ENV") == "production" else Config
