"""``flask backup``: a consistent copy of the database."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="File to write (default: instance/backups/quiz-<UTC time>.sqlite3 or .dump).",
)
@with_appcontext
def backup(output: str | None) -> None:
    """Write a consistent copy of the database (SQLite backup API, or pg_dump)."""
    from pathlib import Path

    from quiz.core.backup import BackupError, default_path
    from quiz.core.backup import backup as write_backup
    from quiz.extensions import db

    url = db.engine.url
    target = (
        Path(output) if output else default_path(Path(current_app.instance_path) / "backups", url)
    )
    try:
        written = write_backup(url, target)
    except BackupError as exc:
        click.echo(f"backup failed: {exc}", err=True)
        sys.exit(1)
    click.echo(f"backup written to {written} ({written.stat().st_size} bytes)")
