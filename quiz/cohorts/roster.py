"""Cohorts and their rosters: create, join by code, import a roster CSV with invitations."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import url_for
from sqlalchemy.exc import IntegrityError

from quiz.core import mail
from quiz.extensions import db
from quiz.models import Cohort, CohortMember, Organisation, User
from quiz.models.base import utcnow
from quiz.security.inputs import CSV_MAX_BYTES, CSV_MAX_ROWS

MAX_NAME = 120


def create_cohort(org: Organisation, name: str) -> Cohort:
    """A new cohort in ``org`` with a fresh join code."""
    for _ in range(5):
        cohort = Cohort(organisation_id=org.id, name=name.strip())
        db.session.add(cohort)
        try:
            db.session.commit()
            return cohort
        except IntegrityError:  # join code collision: draw another
            db.session.rollback()
    raise RuntimeError("could not draw a unique join code")


def cohort_by_code(code: str) -> Cohort | None:
    """The cohort with join ``code`` (case-insensitive, spaces ignored)."""
    cleaned = code.strip().replace(" ", "").upper()
    return db.session.scalar(sa.select(Cohort).where(Cohort.join_code == cleaned))


def join(cohort: Cohort, user: User) -> CohortMember:
    """Put ``user`` on the roster; an invitation sent to their email becomes their place."""
    found = db.session.scalar(
        sa.select(CohortMember).where(
            CohortMember.cohort_id == cohort.id,
            sa.or_(CohortMember.user_id == user.id, CohortMember.email == user.email),
        )
    )
    if found is not None and found.user_id == user.id:
        return found
    if found is None:
        found = CohortMember(cohort_id=cohort.id, email=user.email, name=user.name)
        db.session.add(found)
    found.user_id = user.id
    found.joined_at = utcnow()
    db.session.commit()
    return found


@dataclass(frozen=True)
class RosterRow:
    """A valid roster line."""

    line: int
    email: str
    name: str


@dataclass(frozen=True)
class RosterProblem:
    """Why a roster line was not imported."""

    line: int
    message: str


def _check_row(line: int, cells: list[str], seen: set[str]) -> RosterRow | RosterProblem:
    if len(cells) < 2:
        return RosterProblem(line, "expected two columns, email and name")
    raw_email, name = cells[0].strip(), cells[1].strip()
    try:
        email = validate_email(raw_email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        return RosterProblem(line, f"'{raw_email}' is not a valid email address: {exc}")
    if not name:
        return RosterProblem(line, "the name is empty")
    if len(name) > MAX_NAME:
        return RosterProblem(line, f"the name is longer than {MAX_NAME} characters")
    if email in seen:
        return RosterProblem(line, f"{email} appears more than once in the file")
    seen.add(email)
    return RosterRow(line, email, name)


def parse_roster(data: bytes) -> tuple[list[RosterRow], list[RosterProblem]]:
    """Rows ``email,name`` (a header line is optional); problems name their line. A file over
    ``CSV_MAX_BYTES`` or with more than ``CSV_MAX_ROWS`` rows is refused as a whole."""
    if len(data) > CSV_MAX_BYTES:
        return [], [RosterProblem(1, f"the file is larger than {CSV_MAX_BYTES // 1024} KB")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RosterProblem(1, "the file is not UTF-8 text; save it as CSV UTF-8")]
    rows: list[RosterRow] = []
    problems: list[RosterProblem] = []
    seen: set[str] = set()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if line == 1 and cells[0].strip().lower() in {"email", "e-mail"}:
                continue
            if len(rows) + len(problems) >= CSV_MAX_ROWS:
                return [], [RosterProblem(line, f"more than {CSV_MAX_ROWS} rows; split the file")]
            checked = _check_row(line, cells, seen)
            (rows if isinstance(checked, RosterRow) else problems).append(checked)  # type: ignore[arg-type]
    except csv.Error as exc:
        problems.append(RosterProblem(reader.line_num, f"the CSV is malformed: {exc}"))
    return rows, problems


def import_roster(cohort: Cohort, rows: list[RosterRow], sender_id: int) -> tuple[int, int]:
    """Add each row to the roster and email it an invitation; returns how many were added and
    how many were already there (left as they are: re-uploading a roster is not an error).
    Raises ``mail.QuotaExceeded`` (nothing saved) when the invitations would pass the
    organisation's or the sender's hourly mail quota."""
    present = set(
        db.session.scalars(sa.select(CohortMember.email).where(CohortMember.cohort_id == cohort.id))
    )
    new = [r for r in rows if r.email not in present]
    mail.reserve(cohort.organisation_id, sender_id, len(new))
    now = utcnow()
    db.session.add_all(
        CohortMember(cohort_id=cohort.id, email=r.email, name=r.name, invited_at=now) for r in new
    )
    db.session.commit()
    link = url_for("cohorts.join", code=cohort.join_code, _external=True)
    sender = db.session.get(User, sender_id)
    teacher = sender.name if sender is not None else "Your instructor"
    org = cohort.organisation.name
    for r in new:
        mail.send(
            r.email,
            f"{teacher} invites you to {cohort.name} at {org}",
            f"Hello {r.name},\n\n{teacher}, your instructor at {org}, added you to "
            f"{cohort.name}. Open this link, log in or create an account with this email "
            f"address, and join:\n{link}\n\nJoin code: {cohort.join_code}\n",
        )
    return len(new), len(rows) - len(new)
