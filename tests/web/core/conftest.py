"""Fixtures of the shared kernel's tests. For the migration tests: an empty database of the
suite's kind (``empty_uri``), the tables of the oldest schema as rows are written to them
(``old_tables``) and the moment those rows carry (``written_at``)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa


@pytest.fixture
def empty_uri(database_uri: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind: a new SQLite file or a new PostgreSQL schema."""
    if not database_uri.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    schema = f"mig_{secrets.token_hex(4)}"
    engine = sa.create_engine(database_uri)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in database_uri else "?"
    try:
        yield f"{database_uri}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture
def written_at() -> datetime:
    """When the rows written before an upgrade were made: a fixed moment."""
    return datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def old_tables() -> dict[str, sa.TableClause]:
    """``bank_snapshots``, ``attempts`` and ``responses`` with the columns every schema has
    had, to insert rows before an upgrade."""
    return {
        "bank_snapshots": sa.table(
            "bank_snapshots",
            sa.column("version", sa.String),
            sa.column("content", sa.JSON),
            sa.column("item_count", sa.Integer),
            sa.column("loaded_at", sa.DateTime(timezone=True)),
        ),
        "attempts": sa.table(
            "attempts",
            sa.column("id", sa.Integer),
            sa.column("token", sa.String),
            sa.column("profile_id", sa.String),
            sa.column("bank_version", sa.String),
            sa.column("seed", sa.BigInteger),
            sa.column("item_ids", sa.JSON),
            sa.column("started_at", sa.DateTime(timezone=True)),
            sa.column("submitted_at", sa.DateTime(timezone=True)),
            sa.column("resume_token", sa.String),
        ),
        "responses": sa.table(
            "responses",
            sa.column("attempt_id", sa.Integer),
            sa.column("item_id", sa.String),
            sa.column("answer", sa.JSON),
            sa.column("credit", sa.Float),
            sa.column("answered_at", sa.DateTime(timezone=True)),
        ),
    }
