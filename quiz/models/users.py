"""The user aggregate: an account, its password (argon2id), its signed-in sessions, its
password-reset tokens, and sign-ups waiting for their emailed link."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow

# argon2-cffi's defaults follow RFC 9106's second recommendation (argon2id, 64 MiB, t=3).
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` with a random salt."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when ``password`` matches ``stored``; never raises on a mismatch."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified when an email has no account, so a failed log-in takes as long either way.
DUMMY_HASH = hash_password("no account has this password")


def hash_token(token: str) -> str:
    """SHA-256 of a random token: enough for 192-bit secrets, and fast to look up."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(db.Model):  # type: ignore[name-defined,misc]
    """A person with an account: student, instructor, recruiter or site admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Flask-Login's user protocol.
    is_active = True
    is_anonymous = False
    is_authenticated = True

    def bind_session(self, token: str) -> None:
        """Remember the secret of the signed-in session this object was loaded or opened for
        (``quiz.accounts.sessions``)."""
        self._session_token: str | None = token

    @property
    def session_token(self) -> str | None:
        """The secret of this object's signed-in session, if it was loaded for one."""
        return getattr(self, "_session_token", None)

    def get_id(self) -> str:
        """The id Flask-Login stores in the session cookie and the remember cookie: the account
        and its session's secret, so ending the session on the server ends both cookies."""
        if not self.session_token:
            raise RuntimeError("open a session (quiz.accounts.sessions.start) before log-in")
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        """Store an argon2id hash of ``password``."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """True when ``password`` is this account's password."""
        return verify_password(self.password_hash, password)


class UserSession(db.Model):  # type: ignore[name-defined,misc]
    """A signed-in browser: only the hash of its secret is stored. Log-out deletes the row;
    a password change deletes the account's other rows, a reset all of them."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    remember: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PendingSignup(db.Model):  # type: ignore[name-defined,misc]
    """A sign-up waiting for its emailed link: the account is made from this row, so the link
    carries only a random token (its hash is stored) and dies with the row."""

    __tablename__ = "pending_signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)  # lower-case
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    next_url: Mapped[str | None] = mapped_column(sa.String(2048))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PasswordReset(db.Model):  # type: ignore[name-defined,misc]
    """A one-time password-reset token; only its hash is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def is_usable(self, now: datetime) -> bool:
        """Neither used nor expired at ``now``."""
        return self.used_at is None and now < self.expires_at
