"""Sign-up by emailed confirmation link, log-in, password change, claiming attempts.

Sign-up never says whether an email already has an account: every request gets the same
"check your inbox" answer and does the same work (the password is hashed, the sign-up kept,
a mail job queued); the job then sends a new address its confirmation link and a known one a
note that it already has an account. The link carries a random token, never the sign-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, session, url_for
from sqlalchemy.exc import IntegrityError

from quiz.accounts import sessions
from quiz.api import tokens as api_tokens
from quiz.core import mail, queue
from quiz.core.access import (
    RESUMED_ATTEMPTS,
    browser_tokens,
    forget_attempts,
    resumed_tokens,
)
from quiz.extensions import db
from quiz.models import Attempt, Invitation, PasswordReset, PendingSignup, User
from quiz.models.base import utcnow
from quiz.models.users import DUMMY_HASH, hash_password, hash_token, verify_password
from quiz.security.tokens import new_secret_token


def normalise_email(email: str) -> str:
    """Addresses are compared and stored trimmed and lower-case."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account with ``email``, if any."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def request_signup(name: str, email: str, password: str, next_url: str | None) -> None:
    """Keep the sign-up and queue its mail; the request does the same work whether or not the
    email has an account (``send_signup_mail`` decides which mail it gets)."""
    email = normalise_email(email)
    now = utcnow()
    token = new_secret_token()
    db.session.execute(sa.delete(PendingSignup).where(PendingSignup.expires_at < now))
    pending = PendingSignup(
        email=email,
        name=name.strip(),
        password_hash=hash_password(password),
        token_hash=hash_token(token),
        next_url=next_url,
        created_at=now,
        expires_at=now + timedelta(hours=current_app.config["SIGNUP_LINK_HOURS"]),
    )
    db.session.add(pending)
    db.session.commit()
    links = {
        "confirm": url_for("accounts.confirm", token=token, _external=True),
        "login": url_for("accounts.login", _external=True),
        "forgot": url_for("accounts.forgot", _external=True),
    }
    queue.enqueue(
        "quiz.accounts.lifecycle.send_signup_mail",
        pending.id,
        links,
        queue="mail",
        keep_result=False,
    )


def send_signup_mail(pending_id: int, links: dict[str, str]) -> None:
    """The job: a confirmation link for a new address; for a known one, a note that it has an
    account (and the sign-up is dropped)."""
    pending = db.session.get(PendingSignup, pending_id)
    if pending is None:
        return
    if find_user(pending.email) is not None:
        db.session.delete(pending)
        db.session.commit()
        mail.send(
            pending.email,
            "You already have an account",
            "Someone (perhaps you) tried to sign up with this address, which already has an "
            f"account.\n\nLog in: {links['login']}\nForgot your password? {links['forgot']}\n",
        )
        return
    hours = current_app.config["SIGNUP_LINK_HOURS"]
    mail.send(
        pending.email,
        "Confirm your account",
        f"Hello {pending.name},\n\nOpen this link within {hours} hours to finish creating your "
        f"account:\n{links['confirm']}\n\nIf you did not sign up, ignore this message.\n",
    )


def confirm_signup(token: str) -> tuple[User | None, str | None]:
    """Create the account of the sign-up whose link this is; (user, next URL) or (None, None).
    The sign-up's rows go either way: a link works once."""
    pending = db.session.scalar(
        sa.select(PendingSignup).where(PendingSignup.token_hash == hash_token(token))
    )
    if pending is None or pending.expires_at <= utcnow():
        return None, None
    email, next_url = pending.email, pending.next_url
    user = None
    if find_user(email) is None:
        user = User(email=email, name=pending.name, password_hash=pending.password_hash)
        db.session.add(user)
    db.session.execute(sa.delete(PendingSignup).where(PendingSignup.email == email))
    try:
        db.session.commit()
    except IntegrityError:  # the same link opened twice at once
        db.session.rollback()
        return None, None
    return user, (next_url if user is not None else None)


def authenticate(email: str, password: str) -> User | None:
    """The account when ``password`` matches; the same work is done for unknown emails."""
    user = find_user(email)
    if user is None:
        verify_password(DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None


def claim_browser_attempts(user: User) -> int:
    """Give ``user`` the anonymous attempts this browser started; returns how many. Those it
    only opened from a resume link wait for the person's confirmation (``claim_resumed``)."""
    resumed = set(resumed_tokens())
    return _claim(user, [t for t in browser_tokens() if t not in resumed])


def unconfirmed_attempts() -> list[Attempt]:
    """Anonymous attempts this browser opened from a resume link, newest first: a log-in
    claims them only when the person says they are theirs."""
    tokens = resumed_tokens()
    if not tokens:
        return []
    found = db.session.scalars(
        sa.select(Attempt).where(Attempt.token.in_(tokens), Attempt.user_id.is_(None))
    )
    order = {t: n for n, t in enumerate(tokens)}
    return sorted(found, key=lambda a: order[a.token])


def claim_resumed(user: User, chosen: list[str]) -> int:
    """Claim the confirmed ones among this browser's resumed attempts and unbind the others
    from it (they stay open to their resume link); returns how many were claimed."""
    pending = {a.token for a in unconfirmed_attempts()}
    claimed = _claim(user, [t for t in chosen if t in pending])
    forget_attempts([t for t in resumed_tokens() if t not in set(chosen)])
    session[RESUMED_ATTEMPTS] = []
    return claimed


def _claim(user: User, tokens: list[str]) -> int:
    if not tokens:
        return 0
    result = db.session.execute(
        sa.update(Attempt)
        .where(Attempt.token.in_(tokens), Attempt.user_id.is_(None))
        .values(user_id=user.id)
    )
    _adopt_invitations(user, tokens)
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def _adopt_invitations(user: User, tokens: list[str]) -> None:
    """Invitations taken through their link alone, with attempts now claimed by ``user``,
    join the account's "positions that hold your results" (one per position)."""
    found = db.session.scalars(
        sa.select(Invitation)
        .join(Attempt, Attempt.id == Invitation.attempt_id)
        .where(Attempt.token.in_(tokens), Invitation.user_id.is_(None))
    ).all()
    held = set(
        db.session.scalars(sa.select(Invitation.position_id).where(Invitation.user_id == user.id))
    )
    for invitation in found:
        if invitation.position_id not in held:
            invitation.user_id = user.id
            held.add(invitation.position_id)
            local = (invitation.email or "").split("@")[0]
            if user.name and invitation.name == local:  # a pasted address had no name
                invitation.name = user.name[:120]


@dataclass(frozen=True)
class Changed:
    """What a password change ended besides the old password."""

    sessions: int  # other signed-in browsers
    tokens: int  # API tokens
    reset_links: int  # emailed reset links not used yet


def change_password(user: User, current: str, new: str) -> Changed | None:
    """Set a new password when ``current`` is right (None when it is wrong). Whoever knew the
    old one loses what it gave them: the other sessions, the API tokens and any reset link
    still unused end in the same transaction."""
    if not user.check_password(current):
        return None
    now = utcnow()
    user.set_password(new)
    changed = Changed(
        sessions.end_others(user), api_tokens.revoke_all(user.id, now), void_resets(user.id, now)
    )
    db.session.commit()
    return changed


def void_resets(user_id: int, now: datetime) -> int:
    """Mark the account's unused reset links used, in the caller's transaction; how many."""
    result = db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


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
