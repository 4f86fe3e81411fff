"""The adaptive quick check in an attempt: its first item, the next after each answer, its end.

``item_ids`` holds the items presented so far, in order; each was chosen by
``quiz.adaptive.next_item`` from the attempt's seed and the credits of the items before it, so
replaying the stored answers gives the same sequence (``replay``). An answer becomes final
once the next item is chosen (it shaped that choice); the current item is the last one.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from quiz.adaptive import RULES, Answered, Decision, bank_of, next_item, profile_of
from quiz.bank import Content
from quiz.extensions import db
from quiz.models import Attempt, Response

__all__ = ["RULES", "advance", "current_number", "first_item", "replay"]

ENDED, TIME = "ended", "time"  # stops the candidate or the clock decide
STOP_TEXT = {
    "interval": f"the readiness interval was narrow enough (at most {RULES.stop_width:.0f} points)",
    "length": f"it reached the maximum of {RULES.max_length} questions",
    "pool": "no unused question was left for this role",
    ENDED: "it was submitted before the selection stopped",
    TIME: "time ran out",
}


def first_item(content: Content, profile_id: str, seed: int, stack: Collection[str]) -> str:
    """The opening item of an adaptive attempt."""
    decision = next_item(bank_of(content), profile_of(content, profile_id), [], seed, stack=stack)
    assert decision.item_id is not None, "a profile without items cannot be started"
    return decision.item_id


def pool_of(attempt: Attempt, content: Content) -> list[str]:
    """Every item the attempt's selection may choose from: those of its role's goals (a group's
    from the candidate's language and framework when named)."""
    stack = set(stack_of(attempt))
    found: dict[str, None] = {}
    for req_id, entry in content.profiles[attempt.profile_id].requirements.items():
        members = [m for m in entry.any_of if m in stack] or list(entry.any_of) or [req_id]
        for member in members:
            found.update((item.id, None) for item in content.items_for(member))
    return list(found)


def stack_of(attempt: Attempt) -> tuple[str, ...]:
    """The language and framework the candidate named on the start page."""
    return tuple((attempt.qualifications or {}).get("stack") or ())


def answered(attempt: Attempt, credits: dict[str, float]) -> list[Answered]:
    """The presented items with their credits (None: left unanswered), in order."""
    return [Answered(i, credits.get(i)) for i in attempt.item_ids]


def decide(attempt: Attempt, content: Content, credits: dict[str, float]) -> Decision:
    """The selection's decision after the attempt's presented items."""
    return next_item(
        bank_of(content),
        profile_of(content, attempt.profile_id),
        answered(attempt, credits),
        attempt.seed,
        stack=stack_of(attempt),
    )


def replay(attempt: Attempt, content: Content, credits: dict[str, float]) -> list[str]:
    """The item sequence the seed and answers give, item by item (equals ``item_ids``)."""
    sequence: list[str] = []
    profile, bank, stack = (
        profile_of(content, attempt.profile_id),
        bank_of(content),
        stack_of(attempt),
    )
    while len(sequence) < len(attempt.item_ids):
        so_far = [Answered(i, credits.get(i)) for i in sequence]
        decision = next_item(bank, profile, so_far, attempt.seed, stack=stack)
        if decision.item_id is None:
            break
        sequence.append(decision.item_id)
    return sequence


def current_number(attempt: Attempt) -> int | None:
    """The question the candidate is on (the last presented), or None once the selection
    stopped (the attempt then only waits to be submitted)."""
    return None if attempt.stop_reason else len(attempt.item_ids)


def advance(attempt: Attempt, number: int, content: Content) -> int | None:
    """After question ``number`` (the current one) was answered: choose and store the next
    item and return its number, or store why the selection stopped and return None.

    Runs under the attempt's row lock and re-reads the sequence, so two tabs pressing "next"
    at once add one item, not two; once the attempt is submitted it changes nothing."""
    locked = db.session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(submitted_at=None)
        .execution_options(synchronize_session=False)
    )
    if getattr(locked, "rowcount", 0) != 1:  # submitted meanwhile: nothing more to choose
        db.session.rollback()
        return None
    db.session.refresh(attempt, ["item_ids", "stop_reason"])
    if attempt.stop_reason or number != len(attempt.item_ids):
        db.session.commit()
        return current_number(attempt)
    rows = db.session.execute(
        sa.select(Response.item_id, Response.credit).where(Response.attempt_id == attempt.id)
    ).all()
    decision = decide(attempt, content, {r.item_id: r.credit for r in rows})
    if decision.item_id is None:
        attempt.stop_reason = decision.stop
    else:
        attempt.item_ids = [*attempt.item_ids, decision.item_id]
    db.session.commit()
    return current_number(attempt)
