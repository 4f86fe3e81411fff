"""CLI: ``flask banks import`` (GIFT, Moodle XML, Aiken) and ``flask banks export`` (GIFT,
Moodle XML).

Thin wrappers: load the content, call ``quiz.bank.formats``, print the report. Nothing is
written when the input is malformed or when neither ``--out`` nor ``--org … --save`` is given
(a dry run). ``--out`` writes one of our bank files, under our banks' strict rules;
``--org ID`` imports into an organisation's bank under the organisation rules (explanation
and reference optional, 2–10 options), sharing the web upload's code.
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
from quiz.bank.formats import FORMATS, IMPORT_FORMATS, export_items, import_questions
from quiz.bank.importer import ImportReport, ImportSettings
from quiz.bank.interchange import FormatError
from quiz.extensions import db
from quiz.models import Organisation
from quiz.orgbanks import store
from quiz.orgbanks.upload import Defaults, dry_run, settings_for


def _content(directory: str | None) -> Content:
    root = directory or current_app.config["QUESTIONS_DIR"]
    try:
        return load_content(root)
    except ContentError as exc:
        click.echo(f"the content in {root} does not load; run 'flask banks check'", err=True)
        click.echo(exc.messages[0], err=True)
        sys.exit(1)


def _settings(
    content: Content, options: dict[str, Any], out: Path | None, org: Organisation | None
) -> ImportSettings:
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
    if org is not None:
        return settings_for(
            content, org.id, Defaults(area, requirement, options["difficulty"], reference)
        )
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
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS), required=True)
@click.option("--area", required=True, help="Area of the bank the items go to.")
@click.option("--requirement", required=True, help="Requirement for items without their own.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Bank YAML to write.")
@click.option("--org", "org_id", type=int, help="Import into this organisation's bank.")
@click.option("--save", is_flag=True, help="With --org: save the items (else a dry run).")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--difficulty", type=click.IntRange(1, 3), help="For items without one (default 2).")
@click.option("--reference", help="Reference URL for items without one.")
@click.option("--dir", "directory", help="Content folder (default: QUESTIONS_DIR).")
@with_appcontext
def import_command(
    file: Path,
    fmt: str,
    out: Path | None,
    org_id: int | None,
    save: bool,
    as_json: bool,
    **options: Any,
) -> None:
    """Import GIFT, Moodle XML or Aiken questions; a dry run unless --out names a bank file
    (our banks' rules) or --org ID --save saves them to an organisation's bank."""
    if out is not None and org_id is not None:
        raise click.UsageError("--out writes our bank files; --org imports into an organisation")
    if save and org_id is None:
        raise click.UsageError("--save saves into an organisation's bank: pass --org ID")
    org = db.session.get(Organisation, org_id) if org_id is not None else None
    if org_id is not None and org is None:
        raise click.BadParameter(f"no organisation with id {org_id}", param_hint="--org")
    content = _content(options.pop("directory"))
    try:
        settings = _settings(content, options, out, org)
        data = file.read_bytes()
        report = dry_run(fmt, data, settings) if org else import_questions(fmt, data, settings)
    except FormatError as exc:
        click.echo(f"{file}:{exc.line}: {exc.message}", err=True)
        click.echo("nothing imported, nothing written", err=True)
        sys.exit(1)
    except BankFileError as exc:
        raise click.ClickException(str(exc)) from None
    written = _write(out, settings.area, report) if out is not None else None
    if org is not None and save and report.items:
        try:
            store.save_items(org, settings.area, [i for _, i in report.items], None)
        except store.IdTaken:
            raise click.ClickException("these items were saved meanwhile; nothing saved") from None
        written = f"organisation {org.id} ({org.name}), area {settings.area}"
    if as_json:
        click.echo(json.dumps(report.to_json() | {"written": written}, indent=2))
    else:
        target = str(out) if out is not None else (f"organisation {org_id}" if save else None)
        _print_report(file, report, target, written)


def _write(out: Path, area: str, report: ImportReport) -> str | None:
    if not report.items:
        return None
    try:
        write_bank(out, area, [item for _, item in report.items])
    except BankFileError as exc:
        raise click.ClickException(str(exc)) from None
    return str(out)


def _print_report(
    file: Path, report: ImportReport, target: str | None, written: str | None
) -> None:
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
    if target is None:
        click.echo("dry run: nothing written (pass --out BANK.yaml or --org ID --save)")
    elif written is None:
        click.echo(f"no item to import; nothing written to {target}")
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
    export = export_items(items, area, fmt)
    out.write(export.text)
    for item_id, reason in export.left_out:
        click.echo(f"left out {item_id}: {reason}", err=True)
    for item_id, text in export.warnings:
        click.echo(f"warning: {item_id}: {text}", err=True)
    written = len(items) - len(export.left_out)
    click.echo(f"exported {written} item(s) of {area} as {fmt}", err=True)
