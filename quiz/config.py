"""Settings read from the environment, with safe development defaults.

``FLASK_ENV=production`` selects ``ProductionConfig``, which refuses to start without a
``SECRET_KEY``. Elsewhere a missing ``SECRET_KEY`` is replaced by a random key generated on first
start and kept in ``instance/secret_key`` (owner-only), so sessions survive restarts and no key
ever comes from the source. ``DATABASE_URL`` switches from the SQLite file under ``instance/`` to
PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import tempfile
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

    PRODUCTION = False
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")  # None: see instance_secret_key
    QUESTIONS_DIR = os.environ.get("QUESTIONS_DIR", str(ROOT / "questions"))
    QUIZ_LENGTH = int(os.environ.get("QUIZ_LENGTH", "20"))  # items in a quick check
    # Minimum wait before retaking the same role and mode; none by default for self-practice.
    RETAKE_COOLDOWN_MINUTES = int(os.environ.get("RETAKE_COOLDOWN_MINUTES", "0"))
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session: quizzes can be long
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)  # attempts survive closing the browser
    MAX_CONTENT_LENGTH = 64 * 1024


class ProductionConfig(Config):
    """Production: secrets must come from the environment."""

    PRODUCTION = True
    SESSION_COOKIE_SECURE = True


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
