"""CLI: ``flask banks import`` and ``flask banks export`` (GIFT and Moodle XML).

Thin wrappers: load the content, call ``quiz.bank.formats``, print the report. Nothing is
written when the input is malformed or when ``--out`` is not given (a dry run).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from pydantic import HttpUrl, TypeAdapter, ValidationError

from quiz.bank import Content, ContentError, load_content
from quiz.bank.bank_file import BankFileError, existing_items, write_bank
from quiz.bank.formats import FORMATS, export_items, import_questions
from quiz.bank.importer import ImportReport, ImportSettings
from quiz.bank.interchange import FormatError


def _content(directory: str | None) -> Content:
    root = directory or current_app.config["QUESTIONS_DIR"]
    try:
        return load_content(root)
    except ContentError as exc:
        click.echo(f"the content in {root} does not load; run 'flask banks check'", err=True)
        click.echo(exc.messages[0], err=True)
        sys.exit(1)


def _settings(content: Content, options: dict[str, Any], out: Path | None) -> ImportSettings:
    area, requirement = options["area"], options["requirement"]
    if area not in content.areas:
        raise click.BadParameter(
            f"unknown area; one of: {', '.join(content.areas)}", param_hint="--area"
        )
    req = content.requirements.get(requirement)
    if req is None or req.self_declared:
        raise click.BadParameter(
            f"'{requirement}' is not a scored requirement of the catalog",
            param_hint="--requirement",
        )
    reference = options["reference"]
    if reference is not None:
        try:
            reference = str(TypeAdapter(HttpUrl).validate_python(reference))
        except ValidationError:
            raise click.BadParameter("not an http(s) URL", param_hint="--reference") from None
    existing = {i: item.model_dump(mode="json") for i, item in content.items.items()}
    if out is not None:
        existing |= {str(d.get("id")): d for d in existing_items(out, area)}
    return ImportSettings(
        area=area,
        requirement=requirement,
        requirements=frozenset(r.id for r in content.requirements.values() if not r.self_declared),
        areas={a.id: a.title for a in content.areas.values()},
        existing=existing,
        difficulty=options["difficulty"],
        reference=reference,
    )


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="File format.")
@click.option("--area", required=True, help="Area of the bank the items go to.")
@click.option("--requirement", required=True, help="Requirement for items without their own.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Bank YAML to write.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--difficulty", type=click.IntRange(1, 3), help="For items without one (default 2).")
@click.option("--reference", help="Reference URL for items without one.")
@click.option("--dir", "directory", help="Content folder (default: QUESTIONS_DIR).")
@with_appcontext
def import_command(file: Path, fmt: str, out: Path | None, as_json: bool, **options: Any) -> None:
    """Import GIFT or Moodle XML questions; a dry run unless --out names a bank file."""
    content = _content(options.pop("directory"))
    try:
        settings = _settings(content, options, out)
        report = import_questions(fmt, file.read_bytes(), settings)
    except FormatError as exc:
        click.echo(f"{file}:{exc.line}: {exc.message}", err=True)
        click.echo("nothing imported, nothing written", err=True)
        sys.exit(1)
    except BankFileError as exc:
        raise click.ClickException(str(exc)) from None
    written = _write(out, settings.area, report) if out is not None else None
    if as_json:
        click.echo(json.dumps(report.to_json() | {"written": written}, indent=2))
    else:
        _print_report(file, report, out, written)


def _write(out: Path, area: str, report: ImportReport) -> str | None:
    if not report.items:
        return None
    try:
        write_bank(out, area, [item for _, item in report.items])
    except BankFileError as exc:
        raise click.ClickException(str(exc)) from None
    return str(out)


def _print_report(file: Path, report: ImportReport, out: Path | None, written: str | None) -> None:
    total = len(report.items) + len(report.skipped)
    click.echo(
        f"{file}: {total} question(s): {len(report.items)} item(s), "
        f"{len(report.skipped)} skipped, {len(report.warnings)} warning(s)"
    )
    for issue in report.skipped:
        click.echo(f"  line {issue.line}: skipped: {issue.text}")
    grouped: dict[str, list[str]] = {}
    for issue in report.warnings:
        grouped.setdefault(issue.text, []).append(str(issue.line))
    for text, lines in grouped.items():
        click.echo(f"  line {', '.join(lines)}: warning: {text}")
    if out is None:
        click.echo("dry run: nothing written (pass --out BANK.yaml to write the items)")
    elif written is None:
        click.echo(f"no item to import; {out} not written")
    else:
        click.echo(f"wrote {len(report.items)} item(s) to {written}")


@click.command("export")
@click.argument("area")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="File format.")
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-", help="Default: stdout.")
@click.option("--dir", "directory", help="Content folder (default: QUESTIONS_DIR).")
@with_appcontext
def export_command(area: str, fmt: str, out: Any, directory: str | None) -> None:
    """Write the items of AREA as a GIFT or Moodle XML file that Moodle imports."""
    content = _content(directory)
    if area not in content.areas:
        raise click.BadParameter(
            f"unknown area; one of: {', '.join(content.areas)}", param_hint="AREA"
        )
    items = [item for i, item in content.items.items() if content.item_area[i] == area]
    if not items:
        raise click.ClickException(f"area '{area}' has no items")
    text, left_out = export_items(items, area, fmt)
    out.write(text)
    for item_id, reason in left_out:
        click.echo(f"left out {item_id}: {reason}", err=True)
    click.echo(f"exported {len(items) - len(left_out)} item(s) of {area} as {fmt}", err=True)
