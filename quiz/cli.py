"""CLI: ``flask banks check|stats|load|import|export`` for content, ``flask reports rescore``
for reports, ``flask profiles from-jd`` to propose a profile from a job description,
``flask backup`` for a consistent copy of the database."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from quiz.bank import Content, ContentError, load_content, quality
from quiz.bank.stats import content_stats, summary_line
from quiz.cli_interchange import export_command, import_command


@click.group(cls=AppGroup)
def banks() -> None:
    """Question banks: check, stats, load, import, export."""


banks.add_command(import_command)
banks.add_command(export_command)


def _load(directory: str | None) -> Content:
    root = directory or current_app.config["QUESTIONS_DIR"]
    try:
        return load_content(root)
    except ContentError as exc:
        for message in exc.messages:
            click.echo(message, err=True)
        click.echo(f"{len(exc.messages)} problem(s) found in {root}", err=True)
        sys.exit(1)


@banks.command("check")
@click.option("--dir", "directory", help="Content folder (default: QUESTIONS_DIR).")
@click.option(
    "--seeds",
    type=click.Path(exists=True, file_okay=False),
    help="Folder of seed articles; every citation quote must occur in its file.",
)
def check(directory: str | None, seeds: str | None) -> None:
    """Validate every file and the quality rules; exit 1 listing each problem."""
    content = _load(directory)
    problems = quality.run_all(content, seeds)
    if problems:
        for message in problems:
            click.echo(message, err=True)
        click.echo(f"{len(problems)} quality problem(s) found", err=True)
        sys.exit(1)
    click.echo(summary_line(content) + ("; every seed quote found" if seeds else ""))


@banks.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--dir", "directory", help="Content folder (default: QUESTIONS_DIR).")
def stats(as_json: bool, directory: str | None) -> None:
    """Counts by area, type, difficulty and requirement; requirements with no items."""
    data = content_stats(_load(directory))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{data['items']} items, version {data['version']}")
    for key in ("by_area", "by_type", "by_difficulty"):
        click.echo(f"{key}: " + ", ".join(f"{k}={v}" for k, v in data[key].items()))
    missing = data["requirements_without_items"]
    click.echo("requirements without items: " + (", ".join(missing) if missing else "none"))
    click.echo("profiles: " + ", ".join(data["profiles"]))


@banks.command("load")
def load() -> None:
    """Store the current content as a snapshot in the database (idempotent)."""
    from quiz.content import store_snapshot

    content = _load(None)
    added = store_snapshot(content)
    state = "stored" if added else "already stored"
    click.echo(f"{summary_line(content)}; {state}")


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

    from quiz.extensions import db
    from quiz.models import Attempt
    from quiz.reports.services import rescore as rescore_attempt

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

    from quiz.backup import BackupError, default_path
    from quiz.backup import backup as write_backup
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


@click.group(cls=AppGroup)
def profiles() -> None:
    """Role profiles: propose one from a job description."""


@profiles.command("from-jd")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--dir", "directory", help="Content folder (default: QUESTIONS_DIR).")
def from_jd(file: str, as_json: bool, directory: str | None) -> None:
    """Propose requirements, weights and targets from the job description in FILE.

    Each requirement quotes the phrase that is its evidence; technologies and skills the
    catalog does not cover are listed so nothing the text asks for goes unnoticed.
    """
    from pathlib import Path

    from quiz.jd import VocabularyError, propose, vocabulary_for

    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{file}: cannot read the file as UTF-8 text ({exc})") from exc
    if not text.strip():
        raise click.ClickException(f"{file}: the job description is empty")
    root = directory or current_app.config["QUESTIONS_DIR"]
    content = _load(root)
    try:
        proposal = propose(text, content.requirements, content.profiles, vocabulary_for(root))
    except VocabularyError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(proposal.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{proposal.title} — {proposal.seniority}")
    for req in proposal.requirements:
        click.echo(f"  {req.weight:<6} {req.target:>3}  {req.id}: “{req.evidence}”")
    click.echo("not measured by the quiz: " + (", ".join(proposal.uncovered) or "nothing found"))


@click.group(cls=AppGroup)
def users() -> None:
    """Accounts: create the first site admin."""


@users.command("create-admin")
@click.argument("email")
@click.option("--name", default="Site admin", show_default=True, help="Name for a new account.")
@click.password_option(
    "--password",
    prompt="Password for a new account (ignored if the account exists)",
    help="Password for a new account; prompted for when omitted.",
)
def create_admin(email: str, name: str, password: str) -> None:
    """Make EMAIL a site admin, creating the account when it does not exist."""
    from email_validator import EmailNotValidError, validate_email

    from quiz.accounts import create_admin as make_admin

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL") from exc
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="--password")
    user, created = make_admin(email, name, password)
    state = "created as site admin" if created else "is now a site admin"
    click.echo(f"{user.email} {state}")
