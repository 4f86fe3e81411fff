"""Share links: a random token shown once (only its SHA-256 is stored and looked up), an
optional expiry, revocable, counting views."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import abort

from quiz.extensions import db
from quiz.models import Attempt, ShareLink
from quiz.models.base import utcnow
from quiz.models.reports import new_share_token
from quiz.models.users import hash_token

EXPIRY_CHOICES: list[tuple[str, str]] = [
    ("7", "7 days"),
    ("30", "30 days"),
    ("90", "90 days"),
    ("never", "Never"),
]


def create(attempt: Attempt, expiry: str) -> tuple[ShareLink, str]:
    """A new link to ``attempt``'s report and its secret token, which is shown to the owner
    now and never again; ``expiry`` is a number of days or "never"."""
    expires_at = None if expiry == "never" else utcnow() + timedelta(days=int(expiry))
    token = new_share_token()
    link = ShareLink(
        attempt_id=attempt.id,
        token_hash=hash_token(token),
        prefix=token[:6],
        expires_at=expires_at,
        view_count=0,
    )
    db.session.add(link)
    db.session.commit()
    return link, token


def by_token(token: str) -> ShareLink | None:
    """The link whose secret is ``token``, active or not."""
    return db.session.scalar(sa.select(ShareLink).where(ShareLink.token_hash == hash_token(token)))


def links_of(attempt: Attempt) -> list[ShareLink]:
    """The attempt's links, newest first."""
    return list(db.session.scalars(_LINKS_OF, {"attempt_id": attempt.id}))


# Built once (bound parameters): a statement built per request has its cache key computed anew.
_LINKS_OF = (
    sa.select(ShareLink)
    .where(ShareLink.attempt_id == sa.bindparam("attempt_id"))
    .order_by(ShareLink.id.desc())
)


def revoke(attempt: Attempt, link_id: int) -> None:
    """Revoke one of ``attempt``'s links (404 for anyone else's); idempotent."""
    link = db.session.get(ShareLink, link_id)
    if link is None or link.attempt_id != attempt.id:
        abort(404)
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        db.session.commit()


def open_link(token: str) -> tuple[ShareLink, Attempt]:
    """The active link with ``token`` and its attempt, counting the view; 404 otherwise."""
    link = by_token(token)
    if link is None or not link.is_active(utcnow()):
        abort(404)
    db.session.execute(
        sa.update(ShareLink)
        .where(ShareLink.id == link.id)
        .values(view_count=ShareLink.view_count + 1)
    )
    db.session.commit()
    attempt = db.session.get(Attempt, link.attempt_id)
    if attempt is None or not attempt.is_submitted:
        abort(404)
    return link, attempt
