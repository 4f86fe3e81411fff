"""Consistent backups of the database, for ``flask backup``.

SQLite: the online backup API copies the database page by page under SQLite's own locking, so
the copy is a consistent snapshot even while the app keeps writing. PostgreSQL: ``pg_dump`` in
its custom format, which also reads one consistent snapshot (a repeatable-read transaction).
Restoring is described in docs/security.md ("Backups and restore").
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa


class BackupError(Exception):
    """The backup could not be written; ``str(exc)`` says why."""


def default_path(directory: Path, url: sa.engine.URL) -> Path:
    """``directory/quiz-<UTC timestamp>.<ext>``: ``.sqlite3`` for SQLite, ``.dump`` for pg_dump."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    ext = "sqlite3" if url.get_backend_name() == "sqlite" else "dump"
    return directory / f"quiz-{stamp}.{ext}"


def backup(url: sa.engine.URL, target: Path) -> Path:
    """Write a consistent copy of the database at ``url`` to ``target``; returns ``target``."""
    if target.exists():
        raise BackupError(f"{target} already exists; choose another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    backend = url.get_backend_name()
    if backend == "sqlite":
        _sqlite(url, target)
    elif backend == "postgresql":
        _pg_dump(url, target)
    else:
        raise BackupError(f"no backup method for {backend}")
    return target


def _sqlite(url: sa.engine.URL, target: Path) -> None:
    source_path = url.database
    if not source_path or source_path == ":memory:" or not Path(source_path).exists():
        raise BackupError(f"no SQLite database file at {source_path}")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


def _pg_dump(url: sa.engine.URL, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (apt-get install postgresql-client)")
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", f"--file={target}", f"--dbname={dsn}"],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
