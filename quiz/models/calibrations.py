"""The calibration aggregate: versions of the items' fitted parameters.

Every run of ``flask irt calibrate`` adds a version and never edits one. A version holds the
parameters in force from then on: those fitted in it (items with enough responses) and those
carried over from the version before (items still short of responses). Report snapshots record
the version in force when they were made, as they record the bank version.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow


class Calibration(db.Model):  # type: ignore[name-defined,misc]
    """One calibration run: when, which model, the threshold and what the fit saw."""

    __tablename__ = "calibrations"

    version: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    model: Mapped[str] = mapped_column(sa.String(8))  # "2pl" or "rasch"
    min_responses: Mapped[int] = mapped_column(sa.Integer)
    attempts: Mapped[int] = mapped_column(sa.Integer)  # submitted attempts fitted
    responses: Mapped[int] = mapped_column(sa.Integer)  # their answered items
    items_fitted: Mapped[int] = mapped_column(sa.Integer)  # new parameters in this version
    items_carried: Mapped[int] = mapped_column(sa.Integer)  # kept from the version before
    loglik: Mapped[float] = mapped_column(sa.Float)
    converged: Mapped[bool] = mapped_column(sa.Boolean)
    # The bank version whose difficulty labels and guessing floors gave the priors.
    bank_version: Mapped[str | None] = mapped_column(sa.String(16))


class CalibrationItem(db.Model):  # type: ignore[name-defined,misc]
    """An item's parameters in force in a calibration version (logistic metric, a(θ − b))."""

    __tablename__ = "calibration_items"

    version: Mapped[int] = mapped_column(
        sa.ForeignKey("calibrations.version", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    discrimination: Mapped[float] = mapped_column(sa.Float)
    difficulty: Mapped[float] = mapped_column(sa.Float)
    se_discrimination: Mapped[float | None] = mapped_column(sa.Float)
    se_difficulty: Mapped[float | None] = mapped_column(sa.Float)
    responses: Mapped[int] = mapped_column(sa.Integer)  # attempts that answered it, at the fit
    right: Mapped[int] = mapped_column(sa.Integer)
    fitted_in: Mapped[int] = mapped_column(sa.Integer)  # the version whose fit set these values
