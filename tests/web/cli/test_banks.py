"""``flask banks`` commands and the migrations, against the real database."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from quiz.extensions import db
from quiz.models import BankSnapshot
from tests.support import SHIPPED_QUESTIONS


def test_check_passes_on_shipped_content(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["banks", "check", "--dir", str(SHIPPED_QUESTIONS)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")
    assert "profiles (version " in result.output


def test_check_fails_naming_file_line_and_item(app: Flask, root: Path) -> None:
    bank = root / "banks" / "sql.yaml"
    bank.write_text(bank.read_text().replace("answer: B\n", "answer: E\n", 1))
    result = app.test_cli_runner().invoke(args=["banks", "check", "--dir", str(root)])
    assert result.exit_code == 1
    assert f"{bank}:3: item sql-001: answer 'E' is not one of the options A–D" in result.output
    assert "1 problem(s) found" in result.output


def test_stats_json(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["banks", "stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["items"] == 8
    assert stats["by_area"] == {"api": 3, "soft": 1, "sql": 4}
    assert stats["by_type"]["single_choice"] == 2
    assert stats["by_difficulty"] == {"1": 3, "2": 5}
    assert stats["by_requirement"] == {
        "sql-querying": 2,
        "sql-integrity": 2,
        "api-rest-design": 3,
        "soft-communication": 1,
    }
    assert stats["requirements_without_items"] == []
    assert stats["self_declared"] == ["career-education"]
    assert stats["profiles"] == ["junior-backend"]


def test_load_stores_one_snapshot_per_version(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["banks", "load"])
    second = runner.invoke(args=["banks", "load"])
    assert first.exit_code == second.exit_code == 0
    assert first.output.rstrip().endswith("; stored")
    assert second.output.rstrip().endswith("; already stored")
    with app.app_context():
        rows = db.session.scalars(sa.select(BankSnapshot)).all()
        assert len(rows) == 1 and rows[0].item_count == 8


def test_migrations_match_the_models(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []
