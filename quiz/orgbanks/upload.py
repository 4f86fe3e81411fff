"""Upload GIFT, Moodle XML or Aiken into an organisation bank: the dry run, then the save.

The web flow reads the file twice, on the dry run and on the confirmation (the file travels
back in the confirmation form), with the same settings, so what is saved is what was shown.
``flask banks import --org`` shares ``settings_for`` and ``dry_run``. Organisation items
follow the organisation rules (``quiz.bank.rules``): no explanation or reference needed,
2–10 options. A web upload reads under a time budget (``quiz.bank.budget``): a file that
takes longer is refused with ``OverBudget``, so one request never holds a worker.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from quiz.bank import Content, budget
from quiz.bank.bank_file import item_dict
from quiz.bank.formats import import_questions
from quiz.bank.importer import ImportReport, ImportSettings
from quiz.bank.rules import ORGANISATION
from quiz.orgbanks.store import current_items

MAX_UPLOAD_BYTES = 128 * 1024
MAX_QUESTIONS = 1000  # per upload: more would make a report page no one can check
READ_SECONDS = 2.0  # the default time budget of one upload (config IMPORT_TIME_BUDGET)


@dataclass(frozen=True)
class Defaults:
    """What the instructor chose for items the file does not describe."""

    area: str
    requirement: str
    difficulty: int | None
    reference: str | None


def settings_for(content: Content, org_id: int, defaults: Defaults) -> ImportSettings:
    """Importer settings: our catalog, the organisation rules, and the ids taken by our items
    and the organisation's."""
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
        rules=ORGANISATION,
    )


def dry_run(
    fmt: str, data: bytes, settings: ImportSettings, seconds: float | None = None
) -> ImportReport:
    """The import report for a file; raises ``FormatError`` (with a line) when malformed, and
    ``budget.OverBudget`` when reading takes longer than ``seconds`` (None: no limit)."""
    with budget.deadline(seconds) if seconds is not None else nullcontext():
        return import_questions(fmt, data, settings, max_questions=MAX_QUESTIONS)


def report_rows(report: ImportReport) -> list[dict[str, object]]:
    """The report's items as the page lists them (line, id, type, stem)."""
    return [{"line": line, **item_dict(item)} for line, item in report.items]
