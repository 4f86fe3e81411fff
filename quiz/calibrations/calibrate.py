"""Fit the responses stored in the database and keep the result as a new calibration version.

The data: every answered item of every submitted attempt (an item shown but left unanswered
counts as not presented; "I don't know" is an answer with credit 0), credit rounded to 0/1.
The priors come from the current bank: each item's difficulty label and guessing floor
(``quiz.irt.prior_from_label``); an item no longer in the bank gets a medium item's prior.
An item's parameters change only once at least ``min_responses`` attempts answered it; until
then the version carries its parameters from the version before, if it had any.
"""

from __future__ import annotations

import sqlalchemy as sa

from quiz.bank import Content, question_type
from quiz.extensions import db
from quiz.irt import Fit, ItemEstimate, ItemPrior, Model, fit, prior_from_label, to_matrix
from quiz.models import Attempt, Calibration, CalibrationItem, Response
from quiz.models.base import utcnow


class NothingToCalibrate(ValueError):
    """There are no answered items of submitted attempts to fit."""


def stored_responses() -> list[tuple[str, str, float]]:
    """``(attempt, item, credit)`` of every answered item of every submitted attempt."""
    rows = db.session.execute(
        sa.select(Response.attempt_id, Response.item_id, Response.credit)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.submitted_at.is_not(None))
        .order_by(Response.attempt_id, Response.id)
    )
    return [(str(attempt), item, float(credit)) for attempt, item, credit in rows]


def label_priors(content: Content) -> dict[str, ItemPrior]:
    """Each bank item's prior from its difficulty label and its guessing floor."""
    return {
        item_id: prior_from_label(item.difficulty, question_type(item).chance(item))
        for item_id, item in content.items.items()
    }


def calibrate(content: Content, min_responses: int, model: Model = "2pl") -> Calibration:
    """Fit ``model`` to the stored responses with ``content``'s priors and store a new version;
    raises ``NothingToCalibrate`` when no submitted attempt answered anything."""
    rows = stored_responses()
    if not rows:
        raise NothingToCalibrate("no submitted attempt has answered items yet")
    result = fit(to_matrix(rows), model, label_priors(content))
    previous = _previous_rows()
    calibration = Calibration(
        created_at=utcnow(),
        model=model,
        min_responses=min_responses,
        attempts=result.attempts,
        responses=len(rows),
        items_fitted=0,
        items_carried=0,
        loglik=result.loglik,
        converged=result.converged,
        bank_version=content.version,
    )
    db.session.add(calibration)
    db.session.flush()
    fitted = _fitted_rows(result, min_responses, calibration.version)
    carried = [
        _copy(row, calibration.version) for item, row in previous.items() if item not in fitted
    ]
    calibration.items_fitted, calibration.items_carried = len(fitted), len(carried)
    db.session.add_all([*fitted.values(), *carried])
    db.session.commit()
    return calibration


def _previous_rows() -> dict[str, CalibrationItem]:
    newest = db.session.scalar(sa.select(sa.func.max(Calibration.version)))
    if newest is None:
        return {}
    rows = db.session.scalars(sa.select(CalibrationItem).where(CalibrationItem.version == newest))
    return {row.item_id: row for row in rows}


def _fitted_rows(result: Fit, min_responses: int, version: int) -> dict[str, CalibrationItem]:
    return {
        estimate.item: _row(estimate, version)
        for estimate in result.items
        if estimate.responses >= min_responses
        and estimate.discrimination is not None
        and estimate.difficulty is not None
    }


def _row(estimate: ItemEstimate, version: int) -> CalibrationItem:
    return CalibrationItem(
        version=version,
        item_id=estimate.item,
        discrimination=estimate.discrimination,
        difficulty=estimate.difficulty,
        se_discrimination=estimate.se_discrimination,
        se_difficulty=estimate.se_difficulty,
        responses=estimate.responses,
        right=estimate.right,
        fitted_in=version,
    )


def _copy(row: CalibrationItem, version: int) -> CalibrationItem:
    return CalibrationItem(
        version=version,
        item_id=row.item_id,
        discrimination=row.discrimination,
        difficulty=row.difficulty,
        se_discrimination=row.se_discrimination,
        se_difficulty=row.se_difficulty,
        responses=row.responses,
        right=row.right,
        fitted_in=row.fitted_in,
    )
