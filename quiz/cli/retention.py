"""``flask retention purge``: delete candidate data older than each organisation's retention."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from quiz.models.base import utcnow
from quiz.recruiting.events import queue_expired
from quiz.recruiting.retention import purge


@click.group(cls=AppGroup)
def retention() -> None:
    """Candidate data retention for recruiting organisations."""


def _parse_now(value: str | None) -> datetime:
    if value is None:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not an ISO date or time, e.g. 2026-11-26T12:00:00+00:00",
            param_hint="--now",
        ) from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@retention.command("purge")
@click.option("--now", "now", help="Purge as of this ISO time (UTC if no zone); default: now.")
@click.option("--dry-run", is_flag=True, help="Count what would go; delete nothing.")
def purge_command(now: str | None, dry_run: bool) -> None:
    """Delete invitations (and the attempts taken for them) older than the retention period."""
    result = purge(_parse_now(now), dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    click.echo(
        f"{verb} {result.invitations} invitation(s) and {result.attempts} attempt(s) "
        f"in {result.organisations} organisation(s)"
    )


@click.group(cls=AppGroup)
def recruiting() -> None:
    """Recruiting jobs run on a schedule."""


@recruiting.command("notify-expired")
@click.option("--now", "now", help="As of this ISO time (UTC if no zone); default: now.")
def notify_expired_command(now: str | None) -> None:
    """Send ``invitation.expired`` to company webhooks for links that ran out unused."""
    click.echo(f"queued {queue_expired(_parse_now(now))} delivery(ies)")
