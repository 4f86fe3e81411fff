"""Password reset by an emailed one-time token that expires; only its hash is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, url_for

from quiz.accounts import sessions
from quiz.accounts.lifecycle import find_user, normalise_email, void_resets
from quiz.api import tokens as api_tokens
from quiz.core import mail, queue
from quiz.extensions import db
from quiz.models import PasswordReset, User
from quiz.models.base import utcnow
from quiz.models.users import hash_token


def request_password_reset(email: str) -> None:
    """Queue the reset mail. The request does the same work whether or not ``email`` has an
    account (a token, its hash, the link, one job): its timing tells nothing."""
    token = secrets.token_urlsafe(32)
    link = url_for("accounts.reset_password", token=token, _external=True)
    queue.enqueue(
        "quiz.accounts.reset.send_reset_link",
        normalise_email(email),
        hash_token(token),
        link,
        queue="mail",
        keep_result=False,
    )


def send_reset_link(email: str, token_hash: str, link: str) -> None:
    """The job: store the reset and email its link when ``email`` has an account; nothing
    otherwise."""
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
    """Use the token once to set ``password``. Every session, API token and other reset
    link of the account ends: the reset may be undoing someone else's access."""
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
    sessions.end_all(user.id)  # every browser signed in with the old password
    api_tokens.revoke_all(user.id, now)
    void_resets(user.id, now)
    db.session.commit()
    return user
