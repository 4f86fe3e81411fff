"""``flask banks check|stats|load|import|export``: the question content."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from quiz.bank import Content, ContentError, load_content, quality
from quiz.bank.stats import content_stats, summary_line
from quiz.cli.interchange import export_command, import_command


@click.group(cls=AppGroup)
def banks() -> None:
    """Question banks: check, stats, load, import, export."""


banks.add_command(import_command)
banks.add_command(export_command)


def load_or_exit(directory: str | None) -> Content:
    """The content under ``directory`` (default: QUESTIONS_DIR); every problem and exit 1."""
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
    content = load_or_exit(directory)
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
    data = content_stats(load_or_exit(directory))
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
    from quiz.core.content import store_snapshot

    content = load_or_exit(None)
    added = store_snapshot(content)
    state = "stored" if added else "already stored"
    click.echo(f"{summary_line(content)}; {state}")
