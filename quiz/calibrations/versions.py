"""The stored calibration versions: the one in force and the item parameters of a version."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Calibration, CalibrationItem

_NEWEST = sa.select(sa.func.max(Calibration.version))


@dataclass(frozen=True)
class ItemParameters:
    """An item's discrimination and difficulty (logistic metric) and their standard errors."""

    discrimination: float
    difficulty: float
    se_discrimination: float | None
    se_difficulty: float | None


def version_in_force() -> int | None:
    """The newest calibration version, or None before the first calibration."""
    return db.session.scalar(_NEWEST)


def parameters(version: int) -> dict[str, ItemParameters]:
    """Every item's parameters in ``version`` (items absent from it have only their priors)."""
    rows = db.session.scalars(sa.select(CalibrationItem).where(CalibrationItem.version == version))
    return {
        row.item_id: ItemParameters(
            row.discrimination, row.difficulty, row.se_discrimination, row.se_difficulty
        )
        for row in rows
    }
