"""``flask reports rescore``: grade stored attempts again against the current bank."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup


@click.group(cls=AppGroup)
def reports() -> None:
    """Stored reports: re-score against the current bank."""


@reports.command("rescore")
@click.argument("tokens", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every submitted attempt.")
def rescore(tokens: tuple[str, ...], everything: bool) -> None:
    """Grade submitted attempts again with the current bank and store new report snapshots.

    Existing snapshots are kept; the report pages show the newest one. A token may begin with
    "-", so put "--" before the tokens: ``flask reports rescore -- TOKEN...``.
    """
    import sqlalchemy as sa

    from quiz.attempts.snapshots import rescore as rescore_attempt
    from quiz.extensions import db
    from quiz.models import Attempt

    if not tokens and not everything:
        raise click.UsageError("name attempt tokens, or pass --all")
    query = sa.select(Attempt).where(Attempt.submitted_at.is_not(None))
    if not everything:
        query = query.where(Attempt.token.in_(tokens))
    attempts = list(db.session.scalars(query.order_by(Attempt.id)))
    missing = set(tokens) - {a.token for a in attempts}
    for token in sorted(missing):
        click.echo(f"no submitted attempt with token {token}", err=True)
    for attempt in attempts:
        snapshot = rescore_attempt(attempt)
        overall = snapshot.data["overall"]["percent"]
        click.echo(f"{attempt.token}: rescored on {snapshot.bank_version}, overall {overall}%")
    if missing:
        sys.exit(1)
