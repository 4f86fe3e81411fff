"""Upgrading a database that already holds reports to 0020 gives each report its summary (and
leaves a report without the summarised parts alone); downgrading drops the column."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from quiz.extensions import db
from quiz.models.reports import report_summary
from tests.support import make_app

REPORT = {
    "readiness": {"mean": 61.5, "low": 40.0, "high": 80.0},
    "overall": {"percent": 70.0, "answered": 1, "total": 1},
    "requirements": [
        {"id": "sql-joins", "mastery": {"mean": 55.5}},
        {"id": "sql-indexes", "mastery": None},
    ],
}


def test_upgrade_summarises_existing_reports(
    empty_uri: str, old_tables: dict[str, sa.TableClause], written_at: datetime
) -> None:
    app = make_app(empty_uri)
    snapshots = sa.table(
        "report_snapshots",
        sa.column("id", sa.Integer),
        sa.column("attempt_id", sa.Integer),
        sa.column("bank_version", sa.String),
        sa.column("reason", sa.String),
        sa.column("schema_version", sa.Integer),
        sa.column("data", sa.JSON),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    with app.app_context():
        upgrade(revision="0014_one_submitted_snapshot")
        with db.engine.begin() as conn:
            conn.execute(
                sa.insert(old_tables["bank_snapshots"]).values(
                    version="v1", content={}, item_count=1, loaded_at=written_at
                )
            )
            for n in (1, 2):
                conn.execute(
                    sa.insert(old_tables["attempts"]).values(
                        id=n,
                        token=f"token-{n}",
                        profile_id="junior-backend",
                        bank_version="v1",
                        seed=n,
                        item_ids=["sql-001"],
                        started_at=written_at,
                        submitted_at=written_at,
                        resume_token=f"resume-{n}",
                    )
                )
            for n, data in ((1, REPORT), (2, {"old": True})):
                conn.execute(
                    sa.insert(snapshots).values(
                        id=n,
                        attempt_id=n,
                        bank_version="v1",
                        reason="submitted",
                        schema_version=1,
                        data=data,
                        created_at=written_at,
                    )
                )
        upgrade(revision="0020_perf_indexes")
        summary = sa.table("report_snapshots", sa.column("id"), sa.column("summary", sa.JSON))
        with db.engine.connect() as conn:
            found = dict(conn.execute(sa.select(summary.c.id, summary.c.summary)).all())
        assert found[1] == report_summary(REPORT)
        assert found[1]["cells"] == {"sql-joins": 55.5, "sql-indexes": None}
        assert found[2] is None
        downgrade(revision="0014_one_submitted_snapshot")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("report_snapshots")}
        assert "summary" not in columns and "data" in columns
        db.session.remove()
        db.engine.dispose()
