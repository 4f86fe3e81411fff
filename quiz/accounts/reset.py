"""Password reset by an emailed one-time token that expires; only its hash is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from quiz.accounts.lifecycle import find_user
from quiz.core import mail
from quiz.extensions import db
from quiz.models import PasswordReset, User
from quiz.models.base import utcnow
from quiz.models.users import hash_token


def request_password_reset(email: str) -> None:
    """Email a reset link when ``email`` has an account; the caller answers the same anyway."""
    token = secrets.token_urlsafe(32)
    token_hash = hash_token(token)
    user = find_user(email)
    if user is None:
        return
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    now = utcnow()
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    db.session.commit()
    link = url_for("accounts.reset_password", token=token, _external=True)
    mail.send(
        user.email,
        "Reset your password",
        f"Hello {user.name},\n\nOpen this link within {minutes} minutes to choose a new "
        f"password. It works once.\n{link}\n\n"
        "If you did not ask for this, ignore this message: your password has not changed.\n",
    )


def usable_reset(token: str) -> PasswordReset | None:
    """The stored reset for ``token`` when it is neither used nor expired."""
    reset = db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(token))
    )
    return reset if reset is not None and reset.is_usable(utcnow()) else None


def reset_password(token: str, password: str) -> User | None:
    """Use the token once to set ``password``; other sessions and other tokens end."""
    reset = usable_reset(token)
    if reset is None:
        return None
    now = utcnow()
    claimed = db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    if not getattr(claimed, "rowcount", 0):  # used at the same moment in another request
        db.session.rollback()
        return None
    user = db.session.get(User, reset.user_id)
    assert user is not None  # the foreign key cascades deletions
    user.set_password(password)
    user.session_version += 1
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    db.session.commit()
    return user
