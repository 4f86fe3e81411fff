"""Signed-in sessions, kept on the server so that they can be ended there.

Log-in opens a session: a random secret whose SHA-256 is a ``user_sessions`` row. Flask-Login
stores ``<user id>:<secret>`` (``User.get_id``) in the session cookie and, with "remember me",
in the remember cookie; every request loads the account only while its row exists. So log-out
(this session), a password change (every other session) and a password reset (all of them) end
sessions for good: a copy of either cookie taken before opens nothing afterwards.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import User, UserSession
from quiz.models.base import utcnow
from quiz.models.users import hash_token
from quiz.security.tokens import new_secret_token

SEEN_EVERY = timedelta(days=1)  # how often a session's last use is written (not per request)
IDLE_FOR = timedelta(days=31)  # a session unused this long is deleted at its owner's next log-in

# Built once with bound parameters: this runs on every request of a signed-in person.
_LOAD = (
    sa.select(User, UserSession)
    .join(UserSession, UserSession.user_id == User.id)
    .where(User.id == sa.bindparam("user_id"), UserSession.token_hash == sa.bindparam("digest"))
)


def start(user: User, *, remember: bool) -> None:
    """Open a session for ``user`` (call before ``login_user``); forget long-idle ones."""
    now = utcnow()
    db.session.execute(
        sa.delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.last_seen_at < now - IDLE_FOR
        )
    )
    token = new_secret_token()
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=hash_token(token),
            remember=remember,
            created_at=now,
            last_seen_at=now,
        )
    )
    db.session.commit()
    user.bind_session(token)


def load(session_id: str) -> User | None:
    """Flask-Login's loader: the account of ``<user id>:<secret>`` while that session lasts."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isascii() or not user_id.isdigit() or len(user_id) > 10 or not token:
        return None
    row = db.session.execute(_LOAD, {"user_id": int(user_id), "digest": hash_token(token)}).first()
    if row is None:
        return None
    user, session = row
    now = utcnow()
    if now - session.last_seen_at > SEEN_EVERY:
        session.last_seen_at = now
        db.session.commit()
    user.bind_session(token)
    return user  # type: ignore[no-any-return]


def end(user: User) -> None:
    """End the session ``user`` was loaded for, and commit (log-out)."""
    if user.session_token:
        _delete(UserSession.token_hash == hash_token(user.session_token))
        db.session.commit()


def end_others(user: User) -> int:
    """End every session of ``user`` but the current one, in the caller's transaction (a
    password change); how many."""
    keep = hash_token(user.session_token) if user.session_token else ""
    return _delete(UserSession.user_id == user.id, UserSession.token_hash != keep)


def end_all(user_id: int) -> int:
    """End every session of the account, in the caller's transaction (a password reset)."""
    return _delete(UserSession.user_id == user_id)


def _delete(*where: sa.ColumnElement[bool]) -> int:
    result = db.session.execute(sa.delete(UserSession).where(*where))
    return int(getattr(result, "rowcount", 0) or 0)
