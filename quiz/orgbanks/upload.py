"""Upload GIFT or Moodle XML into an organisation bank: the CLI's dry run, then the save.

The web flow reads the file twice, on the dry run and on the confirmation (the file travels
back in the confirmation form), with the same settings, so what is saved is what was shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.bank import Content
from quiz.bank.bank_file import item_dict
from quiz.bank.formats import import_questions
from quiz.bank.importer import ImportReport, ImportSettings
from quiz.orgbanks.store import current_items

MAX_UPLOAD_BYTES = 128 * 1024


@dataclass(frozen=True)
class Defaults:
    """What the instructor chose for items the file does not describe."""

    area: str
    requirement: str
    difficulty: int | None
    reference: str | None


def settings_for(content: Content, org_id: int, defaults: Defaults) -> ImportSettings:
    """Importer settings: our catalog, and ids taken by our items and the organisation's."""
    existing = {i: item.model_dump(mode="json") for i, item in content.items.items()}
    existing |= {c.row.item_id: c.item.model_dump(mode="json") for c in current_items(org_id)}
    return ImportSettings(
        area=defaults.area,
        requirement=defaults.requirement,
        requirements=frozenset(r.id for r in content.requirements.values() if not r.self_declared),
        areas={a.id: a.title for a in content.areas.values()},
        existing=existing,
        difficulty=defaults.difficulty,
        reference=defaults.reference,
    )


def dry_run(fmt: str, data: bytes, settings: ImportSettings) -> ImportReport:
    """The import report for a file; raises ``FormatError`` (with a line) when malformed."""
    return import_questions(fmt, data, settings)


def report_rows(report: ImportReport) -> list[dict[str, object]]:
    """The report's items as the page lists them (line, id, type, stem)."""
    return [{"line": line, **item_dict(item)} for line, item in report.items]
