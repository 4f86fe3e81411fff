"""``flask profiles from-jd``: propose a role profile from a job description."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from quiz.cli.banks import load_or_exit


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
    content = load_or_exit(root)
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
