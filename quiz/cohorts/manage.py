"""Correcting a class: edit, duplicate, close and delete assignments; archive and restore a
cohort; reset its join code. Each change writes a line to the organisation's audit log in the
transaction that makes it."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from quiz.attempts import ending
from quiz.cohorts.assignments import Settings
from quiz.core import audit
from quiz.extensions import db
from quiz.models import Assignment, Attempt, Cohort, User
from quiz.models.base import utcnow
from quiz.models.cohorts import new_join_code

# What decides the questions: it cannot change once a student started (attempts would no
# longer compare); dates, attempts, time limit, review and late work can.
LOCKED = {
    "profile_id": "target role",
    "mode": "mode",
    "areas": "areas",
    "length": "number of questions",
    "source": "question source",
    "fixed_form": "same-questions setting",
}
LOCK_REASON = (
    "Students have already started this assignment, so its {what} cannot change: their "
    "attempts would no longer be comparable. Duplicate it to set a new version instead."
)


@dataclass(frozen=True)
class AttemptCounts:
    """How many attempts were made under an assignment, and in which state."""

    started: int
    submitted: int

    @property
    def in_progress(self) -> int:
        """Attempts started and not submitted."""
        return self.started - self.submitted


def attempt_counts(assignment: Assignment) -> AttemptCounts:
    """The assignment's attempts: all of them and the submitted ones."""
    started, submitted = db.session.execute(
        sa.select(
            sa.func.count(Attempt.id),
            sa.func.count(Attempt.submitted_at),
        ).where(Attempt.assignment_id == assignment.id)
    ).one()
    return AttemptCounts(int(started), int(submitted))


def settings_of(assignment: Assignment) -> Settings:
    """An assignment's settings, as the form edits them."""
    return Settings(**{f.name: getattr(assignment, f.name) for f in fields(Settings)})


def locked_changes(assignment: Assignment, settings: Settings) -> dict[str, str]:
    """Settings field → why it may not change, for each locked setting ``settings`` changes
    once a student has started (empty when nothing is refused)."""
    current = settings_of(assignment)
    changed = [k for k in LOCKED if getattr(current, k) != getattr(settings, k)]
    if not changed or attempt_counts(assignment).started == 0:
        return {}
    return {k: LOCK_REASON.format(what=LOCKED[k]) for k in changed}


def update_assignment(assignment: Assignment, settings: Settings, actor: User) -> None:
    """Save new settings (the caller checked ``locked_changes``); attempts are kept."""
    current = settings_of(assignment)
    changed = [
        f.name for f in fields(Settings) if getattr(current, f.name) != getattr(settings, f.name)
    ]
    for name in changed:
        setattr(assignment, name, getattr(settings, name))
    if "fixed_form" in changed or "profile_id" in changed:
        assignment.fixed_items = None
    _log(
        assignment.cohort,
        actor,
        "assignment-edited",
        f"{assignment.title}: {', '.join(changed) or 'no change'}",
    )
    db.session.commit()


def copy_settings(assignment: Assignment) -> Settings:
    """Settings for a duplicate: the same, titled as a copy, opening now, due unset."""
    return replace(settings_of(assignment), title=f"{assignment.title} (copy)"[:120], due_at=None)


def set_closed(assignment: Assignment, actor: User, closed: bool) -> None:
    """Close the assignment to new attempts (open ones may still be submitted), or reopen it."""
    assignment.closed_at = utcnow() if closed else None
    _log(
        assignment.cohort,
        actor,
        "assignment-closed" if closed else "assignment-reopened",
        assignment.title,
    )
    db.session.commit()


def delete_assignment(assignment: Assignment, actor: User, remove_attempts: bool) -> None:
    """Delete the assignment. Its attempts stay in their students' history as practice
    attempts, unless ``remove_attempts``: then they are deleted too."""
    counts = attempt_counts(assignment)
    cohort = assignment.cohort
    ids = sa.select(Attempt.id).where(Attempt.assignment_id == assignment.id)
    if remove_attempts:
        ending.delete_attempts(ids)
    else:
        db.session.execute(
            sa.update(Attempt)
            .where(Attempt.assignment_id == assignment.id)
            .values(assignment_id=None)
            .execution_options(synchronize_session=False)
        )
    kept = "deleted" if remove_attempts else "kept in students' history"
    _log(
        cohort,
        actor,
        "assignment-deleted",
        f"{assignment.title}: {counts.started} attempt(s), {counts.submitted} submitted, {kept}",
    )
    db.session.delete(assignment)
    db.session.commit()


def set_archived(cohort: Cohort, actor: User, archived: bool) -> None:
    """Archive the cohort (read-only: no joining, no starting, no new assignment) or restore it."""
    cohort.archived_at = utcnow() if archived else None
    _log(cohort, actor, "cohort-archived" if archived else "cohort-restored", cohort.name)
    db.session.commit()


def reset_join_code(cohort: Cohort, actor: User) -> str:
    """Give the cohort a new join code; the old code and link stop working."""
    for _ in range(5):
        cohort.join_code = new_join_code()
        _log(cohort, actor, "join-code-reset", cohort.name)
        try:
            db.session.commit()
            return cohort.join_code
        except IntegrityError:  # collision: draw another
            db.session.rollback()
    raise RuntimeError("could not draw a unique join code")


def _log(cohort: Cohort, actor: User, action: str, detail: str) -> None:
    audit.record_change(cohort.organisation_id, actor, action, f"{cohort.name}: {detail}")
