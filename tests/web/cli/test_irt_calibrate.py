"""``flask irt calibrate``: fits the stored responses of submitted attempts, updates an item only
once it has enough responses, keeps every calibration as a version, and report snapshots pin the
version in force.

The responses are drawn (seeded) from a 2PL with known parameters for fixture bank items, and
stored as submitted attempts straight in the database.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sqlalchemy as sa
from flask import Flask

from quiz.attempts.snapshots import rescore
from quiz.core.content import current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Attempt, Calibration, CalibrationItem, ReportSnapshot, Response
from quiz.models.base import utcnow

# item → (discrimination, difficulty) the responses are drawn from
TRUE = {
    "api-001": (1.4, 0.8),
    "api-003": (1.0, -0.5),
    "sql-001": (1.2, -1.2),
    "sql-002": (0.8, 0.3),
    "sql-004": (1.6, 0.0),
}
SCARCE = "soft-001"  # answered by the first 50 attempts only


def add_attempts(count: int, seed: int, *, submitted: bool = True) -> list[Attempt]:
    """``count`` attempts answering every item of TRUE (and SCARCE for the first 50)."""
    content = current_content()
    store_snapshot(content)
    version = content.version
    rng = np.random.default_rng(seed)
    attempts = []
    for index in range(count):
        theta = rng.normal()
        items = [*TRUE, SCARCE] if index < 50 else list(TRUE)
        attempt = Attempt(
            profile_id="junior-backend",
            bank_version=version,
            seed=index,
            item_ids=items,
            flagged=[],
            submitted_at=utcnow() if submitted else None,
        )
        for item in items:
            a, b = TRUE.get(item, (1.0, 0.0))
            right = rng.random() < 1.0 / (1.0 + math.exp(-a * (theta - b)))
            attempt.responses.append(
                Response(item_id=item, answer={"choice": "x"}, credit=1.0 if right else 0.0)
            )
        attempts.append(attempt)
    db.session.add_all(attempts)
    db.session.commit()
    return attempts


def calibrate(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["irt", "calibrate", *args])
    return result.exit_code, result.output


def versions() -> list[Calibration]:
    """Every stored version, oldest first (numbers keep counting across tests on PostgreSQL)."""
    return list(db.session.scalars(sa.select(Calibration).order_by(Calibration.version)))


def items_of(version: int) -> dict[str, CalibrationItem]:
    rows = db.session.scalars(sa.select(CalibrationItem).where(CalibrationItem.version == version))
    return {row.item_id: row for row in rows}


def test_calibrate_fits_items_with_enough_responses(app: Flask) -> None:
    with app.app_context():
        add_attempts(400, seed=7)
        add_attempts(30, seed=8, submitted=False)  # not submitted: left out
        code, output = calibrate(app, "--min-responses", "200")
        assert code == 0, output
        [version] = versions()
        assert output.startswith(
            f"calibration version {version.version} (2pl): 400 attempts, 2050 responses"
        )
        assert "5 items fitted with at least 200 responses, 0 kept" in output
        assert (version.model, version.min_responses) == ("2pl", 200)
        assert (version.attempts, version.responses) == (400, 2050)
        assert (version.items_fitted, version.items_carried) == (5, 0)
        assert version.converged
        assert version.bank_version == current_content().version
        assert version.loglik < 0
        rows = items_of(version.version)
        assert set(rows) == set(TRUE)  # SCARCE: 50 responses, below the threshold
        for item, (a, b) in TRUE.items():
            row = rows[item]
            assert (row.responses, row.fitted_in) == (400, version.version)
            assert abs(row.difficulty - b) < 3 * (row.se_difficulty or 0) + 0.1
            assert abs(row.discrimination - a) < 3 * (row.se_discrimination or 0) + 0.1
            assert 0 < (row.se_difficulty or 0) < 0.5


def test_a_later_version_carries_items_short_of_responses(app: Flask) -> None:
    with app.app_context():
        add_attempts(300, seed=11)
        assert calibrate(app, "--min-responses", "200")[0] == 0
        code, output = calibrate(app, "--min-responses", "1000", "--model", "rasch")
        assert code == 0, output
        assert "0 items fitted with at least 1000 responses, 5 kept" in output
        one, two = versions()
        assert (one.model, one.items_fitted, one.items_carried) == ("2pl", 5, 0)
        assert (two.model, two.items_fitted, two.items_carried) == ("rasch", 0, 5)
        first, carried = items_of(one.version), items_of(two.version)
        assert set(carried) == set(first) == set(TRUE)
        for item, row in carried.items():
            assert row.fitted_in == one.version
            assert row.difficulty == first[item].difficulty
            assert row.discrimination == first[item].discrimination
        # The first version is kept as it was.
        assert {r.fitted_in for r in first.values()} == {one.version}


def test_the_threshold_defaults_to_the_setting(app: Flask) -> None:
    app.config["IRT_MIN_RESPONSES"] = 40
    with app.app_context():
        add_attempts(300, seed=3)
        code, output = calibrate(app)
        assert code == 0, output
        assert "6 items fitted with at least 40 responses" in output
        scarce = items_of(versions()[0].version)[SCARCE]
        assert scarce.responses == 50
        assert scarce.se_difficulty is not None


def test_nothing_to_calibrate_is_an_error_not_a_version(app: Flask) -> None:
    with app.app_context():
        add_attempts(5, seed=1, submitted=False)
        code, output = calibrate(app)
        assert code == 1
        assert output == "Error: no submitted attempt has answered items yet\n"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Calibration)) == 0


def test_everyone_right_on_an_item_still_calibrates_from_its_prior(app: Flask) -> None:
    with app.app_context():
        attempts = add_attempts(250, seed=5)
        for attempt in attempts:
            for response in attempt.responses:
                if response.item_id == "api-003":
                    response.credit = 1.0
        db.session.commit()
        code, output = calibrate(app, "--min-responses", "200")
        assert code == 0, output
        row = items_of(versions()[0].version)["api-003"]
        assert row.right == row.responses == 250
        # No maximum without a prior; with the label's prior, an easy item far below the rest.
        assert row.difficulty < -1.5


def test_report_snapshots_pin_the_calibration_in_force(app: Flask) -> None:
    with app.app_context():
        attempt = add_attempts(250, seed=9)[0]
        before = rescore(attempt)
        assert before.calibration_version is None
        assert calibrate(app, "--min-responses", "200")[0] == 0
        pinned = rescore(attempt)
        assert calibrate(app, "--min-responses", "200")[0] == 0
        newer = rescore(attempt)
        one, two = (v.version for v in versions())
        assert (pinned.calibration_version, newer.calibration_version) == (one, two)
        stored = db.session.scalars(
            sa.select(ReportSnapshot.calibration_version)
            .where(ReportSnapshot.attempt_id == attempt.id)
            .order_by(ReportSnapshot.id)
        ).all()
        assert stored == [None, one, two]  # older snapshots keep the version they were made with


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_bad_threshold_is_refused(app: Flask, value: str) -> None:
    code, output = calibrate(app, "--min-responses", value)
    assert code == 2
    assert "Invalid value for '--min-responses'" in output
