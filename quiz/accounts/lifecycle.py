"""Sign-up by emailed confirmation link, log-in, password change, claiming attempts.

Sign-up never says whether an email already has an account: every request gets the same
"check your inbox" answer; a new address receives a confirmation link, a known one a note
that it already has an account. The password is hashed either way, so timing matches too.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from quiz.core import mail
from quiz.core.access import browser_tokens
from quiz.extensions import db
from quiz.models import Attempt, User
from quiz.models.users import DUMMY_HASH, hash_password, verify_password

_SIGNUP_SALT = "signup-confirm"


def normalise_email(email: str) -> str:
    """Addresses are compared and stored trimmed and lower-case."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account with ``email``, if any."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: ``id:version``; an old version (password changed) signs out."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SIGNUP_SALT)


def request_signup(name: str, email: str, password: str, next_url: str | None) -> None:
    """Email a confirmation link (new address) or an "account exists" note (known address)."""
    email = normalise_email(email)
    token = _serializer().dumps(
        {"name": name.strip(), "email": email, "hash": hash_password(password), "next": next_url}
    )
    if find_user(email) is not None:
        mail.send(
            email,
            "You already have an account",
            "Someone (perhaps you) tried to sign up with this address, which already has an "
            f"account.\n\nLog in: {url_for('accounts.login', _external=True)}\n"
            f"Forgot your password? {url_for('accounts.forgot', _external=True)}\n",
        )
        return
    hours = current_app.config["SIGNUP_LINK_HOURS"]
    mail.send(
        email,
        "Confirm your account",
        f"Hello {name.strip()},\n\nOpen this link within {hours} hours to finish creating your "
        f"account:\n{url_for('accounts.confirm', token=token, _external=True)}\n\n"
        "If you did not sign up, ignore this message.\n",
    )


def confirm_signup(token: str) -> tuple[User | None, str | None]:
    """Create the account a confirmation link carries; (user, next URL) or (None, None)."""
    max_age = current_app.config["SIGNUP_LINK_HOURS"] * 3600
    try:
        data: dict[str, Any] = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # also SignatureExpired
        return None, None
    if find_user(data["email"]) is not None:
        return None, None
    user = User(email=data["email"], name=data["name"], password_hash=data["hash"])
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the same link opened twice at once
        db.session.rollback()
        return None, None
    return user, data.get("next")


def authenticate(email: str, password: str) -> User | None:
    """The account when ``password`` matches; the same work is done for unknown emails."""
    user = find_user(email)
    if user is None:
        verify_password(DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None


def claim_browser_attempts(user: User) -> int:
    """Give ``user`` the anonymous attempts this browser took; returns how many."""
    tokens = browser_tokens()
    if not tokens:
        return 0
    result = db.session.execute(
        sa.update(Attempt)
        .where(Attempt.token.in_(tokens), Attempt.user_id.is_(None))
        .values(user_id=user.id)
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def change_password(user: User, current: str, new: str) -> bool:
    """Set a new password when ``current`` is right; other sessions are signed out."""
    if not user.check_password(current):
        return False
    user.set_password(new)
    user.session_version += 1
    db.session.commit()
    return True


def create_admin(email: str, name: str, password: str | None) -> tuple[User, bool]:
    """Make ``email`` a site admin, creating the account if needed; (user, created)."""
    user = find_user(email)
    created = user is None
    if user is None:
        if not password:
            raise ValueError("a new account needs a password")
        user = User(email=normalise_email(email), name=name, password_hash=hash_password(password))
        db.session.add(user)
    user.is_admin = True
    db.session.commit()
    return user, created
