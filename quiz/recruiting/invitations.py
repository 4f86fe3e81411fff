"""Invitations: parse a pasted list or a CSV, create them with their own links, email them,
send reminders, and find an invitation from the token in its link."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import url_for

from quiz.core import mail
from quiz.extensions import db
from quiz.models import Invitation, Position, User
from quiz.models.base import utcnow
from quiz.models.recruiting import hash_token, new_invitation_token
from quiz.recruiting.status import DECLINED, EXPIRED, INVITED, invitation_status
from quiz.security.inputs import InputError, read_csv_rows

MAX_NAME = 120
MAX_INVITES = 500
_SPLIT = re.compile(r"[,;\n\r]+")
_LINE = "\x00line"  # no CSV header can name it


@dataclass(frozen=True)
class Invitee:
    """A checked line of an invitation list."""

    line: int
    email: str
    name: str


def _checked(line: int, raw_email: str, name: str, seen: set[str]) -> Invitee:
    try:
        email = validate_email(raw_email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InputError(f"Line {line}: '{raw_email}' is not a valid email address: {exc}") from exc
    if len(name) > MAX_NAME:
        raise InputError(f"Line {line}: the name is longer than {MAX_NAME} characters.")
    if email in seen:
        raise InputError(f"Line {line}: {email} appears more than once.")
    seen.add(email)
    return Invitee(line, email, name or email.split("@")[0])


def _all_checked(lines: list[tuple[int, str, str]]) -> list[Invitee]:
    """Every line checked; one ``InputError`` naming every bad line at once."""
    seen: set[str] = set()
    out: list[Invitee] = []
    problems: list[str] = []
    for number, raw_email, name in lines:
        try:
            out.append(_checked(number, raw_email, name, seen))
        except InputError as exc:
            problems.append(str(exc))
    if problems:
        count = f"{len(problems)} line{'s' if len(problems) != 1 else ''} need fixing: "
        raise InputError(count + " ".join(problems))
    return out


def parse_pasted(text: str) -> list[Invitee]:
    """Emails one per line or separated by commas; raises ``InputError`` naming every bad
    line."""
    out = _all_checked(
        [
            (number, part.strip(), "")
            for number, line in enumerate(text.splitlines(), start=1)
            for part in _SPLIT.split(line)
            if part.strip()
        ]
    )
    if not out:
        raise InputError("Enter at least one email address.")
    if len(out) > MAX_INVITES:
        raise InputError(f"At most {MAX_INVITES} addresses at once; split the list up.")
    return out


def parse_csv(data: bytes) -> list[Invitee]:
    """A CSV with the header ``email,name``; raises ``InputError`` naming the bad line."""
    rows = read_csv_rows(data, ["email", "name"], max_rows=MAX_INVITES, line_key=_LINE)
    out = _all_checked([(int(row[_LINE]), row["email"], row["name"]) for row in rows])
    if not out:
        raise InputError("The file has no rows under its header.")
    return out


def _link(token: str) -> str:
    return url_for("recruiting.invitation", token=token, _external=True)


def _send(invitation: Invitation, token: str, reminder: bool = False) -> None:
    position = invitation.position
    org = position.organisation.name
    days = days_left(invitation.expires_at, utcnow())
    subject = f"{'Reminder: ' if reminder else ''}{org} invites you to an assessment"
    mail.send(
        str(invitation.email),
        subject,
        f"Hello {invitation.name},\n\n{org} invites you to a skills assessment for the "
        f"position {position.title}. Open your personal link to see exactly what {org} will "
        f"see and decide whether to take part:\n{_link(token)}\n\n"
        f"The link works for {days} more day{'s' if days != 1 else ''}, until "
        f"{invitation.expires_at.strftime('%Y-%m-%d %H:%M')} UTC."
        + (" It replaces the link we sent before.\n" if reminder else "\n"),
    )


def days_left(expires_at: datetime, now: datetime) -> int:
    """Whole days a link still works, counting a started day: 14 for a fresh 14-day link."""
    seconds = (expires_at - now).total_seconds()
    return max(0, math.ceil(seconds / 86400 - 1e-9))


def _new(position: Position, days: int, **values: object) -> tuple[Invitation, str]:
    token = new_invitation_token()
    now = utcnow()
    invitation = Invitation(
        position_id=position.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(days=days),
        **values,
    )
    db.session.add(invitation)
    return invitation, token


def invite(
    position: Position, invitees: list[Invitee], days: int, sender_id: int
) -> tuple[int, list[str]]:
    """Invite each address not yet invited to ``position`` and email its link; an address
    whose invitation was declined or ran out unused is invited again (a fresh link and
    expiry; the candidate still decides).

    Returns how many were invited and the addresses skipped because they are already taking
    part or still hold an open invitation. Raises ``mail.QuotaExceeded`` (nothing saved) past
    the company's or the sender's mail quota.
    """
    now = utcnow()
    present = {
        inv.email: inv
        for inv in db.session.scalars(
            sa.select(Invitation).where(Invitation.position_id == position.id)
        )
    }
    again = [
        present[i.email] for i in invitees if i.email in present and _reopens(present[i.email], now)
    ]
    skipped = [i.email for i in invitees if i.email in present and present[i.email] not in again]
    fresh = [i for i in invitees if i.email not in present]
    mail.reserve(position.organisation_id, sender_id, len(fresh) + len(again))
    made = [_new(position, days, email=i.email, name=i.name) for i in fresh]
    made += [(inv, _renew(inv, days, now)) for inv in again]
    db.session.commit()
    for invitation, token in made:
        _send(invitation, token)
    return len(made), skipped


def _reopens(invitation: Invitation, now: datetime) -> bool:
    """Whether inviting the address again gives it a new chance: declined, or expired unused."""
    return invitation_status(invitation, now) in (DECLINED, EXPIRED)


def _renew(invitation: Invitation, days: int, now: datetime) -> str:
    token = new_invitation_token()
    invitation.previous_token_hash = invitation.token_hash
    invitation.token_hash = hash_token(token)
    invitation.expires_at = now + timedelta(days=days)
    invitation.declined_at = None  # the decline stays in the audit log
    return token


def remindable(invitation: Invitation, now: datetime) -> bool:
    """An emailed invitation that is still "invited"."""
    return invitation.email is not None and invitation_status(invitation, now) == INVITED


def remind(invitation: Invitation, sender_id: int, *, counted: bool = False) -> bool:
    """Email a pending invitation again with a fresh link; the old link then says that a
    newer one was sent (its token is not stored, so it cannot be sent again).

    Only a ``remindable`` invitation is reminded; returns whether it was. Raises
    ``mail.QuotaExceeded`` past the mail quota (unless ``counted`` by the caller already).
    """
    now = utcnow()
    if not remindable(invitation, now):
        return False
    if not counted:
        mail.reserve(invitation.position.organisation_id, sender_id, 1)
    token = new_invitation_token()
    invitation.previous_token_hash = invitation.token_hash
    invitation.token_hash = hash_token(token)
    invitation.reminder_count += 1
    invitation.last_reminded_at = now
    db.session.commit()
    _send(invitation, token, reminder=True)
    return True


def remind_all(position: Position, sender_id: int) -> int:
    """Remind every pending invitation of ``position``; returns how many were sent. Raises
    ``mail.QuotaExceeded`` (nothing sent) when they would pass the mail quota."""
    now = utcnow()
    pending = [i for i in position.invitations if remindable(i, now)]
    mail.reserve(position.organisation_id, sender_id, len(pending))
    return sum(remind(invitation, sender_id, counted=True) for invitation in pending)


def set_expiry(invitation: Invitation, expires_at: datetime) -> None:
    """Move an invitation's expiry (earlier ends it, later reopens an unused link)."""
    invitation.expires_at = expires_at
    db.session.commit()


def by_token(token: str) -> Invitation | None:
    """The invitation whose link carries ``token``."""
    return db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token))
    )


def replaced_by_token(token: str) -> Invitation | None:
    """The invitation whose link carried ``token`` before a reminder replaced it."""
    return db.session.scalar(
        sa.select(Invitation).where(Invitation.previous_token_hash == hash_token(token))
    )


def by_public_slug(slug: str) -> Position | None:
    """The open position whose public link carries ``slug``."""
    position = db.session.scalar(sa.select(Position).where(Position.public_slug == slug))
    if position is None or position.closed_at is not None:
        return None
    return position


def public_entry(position: Position, user: User) -> tuple[Invitation, str]:
    """The signed-in candidate's own invitation to ``position`` through its public link, and
    a fresh token for its link.

    An invitation they already hold (by account or address) is reused and its link renewed:
    the old token is not stored, so it cannot be shown again.
    """
    found = db.session.scalar(
        sa.select(Invitation).where(
            Invitation.position_id == position.id,
            sa.or_(Invitation.user_id == user.id, Invitation.email == user.email.lower()),
        )
    )
    if found is not None:
        token = new_invitation_token()
        found.token_hash = hash_token(token)
        db.session.commit()
        return found, token
    invitation, token = _new(
        position,
        position.invitation_days,
        email=user.email.lower(),
        name=user.name,
        user_id=user.id,
    )
    db.session.commit()
    return invitation, token


def public_entry_by_email(position: Position, name: str, email: str) -> tuple[Invitation, str]:
    """A new invitation to ``position`` for a candidate without an account, from the public
    link's name and email form; raises ``InputError`` when that address already has one
    (its link is in their email: a fresh one here would let anyone take their place)."""
    address = validate_email(email, check_deliverability=False).normalized.lower()
    taken = db.session.scalar(
        sa.select(Invitation.id).where(
            Invitation.position_id == position.id, Invitation.email == address
        )
    )
    if taken is not None:
        raise InputError(
            f"{address} already has an invitation to this position: use the link in that "
            "email, or ask the recruiter to send it again."
        )
    invitation, token = _new(position, position.invitation_days, email=address, name=name)
    db.session.commit()
    return invitation, token
