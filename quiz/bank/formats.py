"""One entry point per direction for the interchange formats: read a file, write a bank.

``read_file``/``import_questions`` and ``export_items`` pick the reader or writer by name, so
the CLI and the web upload never touch a format module directly. GIFT and Moodle XML go both
ways; Aiken is read only (it holds nothing our items could not say better in GIFT).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from quiz.bank.aiken import read_aiken
from quiz.bank.exporter import UNSUPPORTED, to_source, without_forbidden
from quiz.bank.gift import read_gift
from quiz.bank.gift_writer import unwritable, write_gift
from quiz.bank.importer import ImportReport, ImportSettings, Issue, convert
from quiz.bank.interchange import Reading, SourceQuestion
from quiz.bank.moodle_xml import read_moodle_xml
from quiz.bank.moodle_xml_writer import write_moodle_xml
from quiz.bank.richtext import markdown_allowance

FORMATS = ("gift", "moodle-xml")  # both ways
IMPORT_FORMATS = (*FORMATS, "aiken")
TITLES = {"gift": "GIFT", "moodle-xml": "Moodle XML", "aiken": "Aiken"}
EXTENSIONS = {"gift": ".gift.txt", "moodle-xml": ".xml"}

_READERS: dict[str, Callable[[bytes, int | None], Reading]] = {
    "gift": read_gift,
    "moodle-xml": read_moodle_xml,
    "aiken": read_aiken,
}
_WRITERS: dict[str, Callable[[list[SourceQuestion]], str]] = {
    "gift": write_gift,
    "moodle-xml": write_moodle_xml,
}


def read_file(fmt: str, data: bytes, limit: int | None = None) -> Reading:
    """The questions of a file in format ``fmt`` and the notes of reading it; raises
    ``FormatError`` with a line when the file is malformed or holds more than ``limit``
    questions. A file may hold at most ``MAX_MARKDOWN`` characters of Markdown."""
    with markdown_allowance():
        return _READERS[fmt](data, limit)


def read_questions(fmt: str, data: bytes) -> list[SourceQuestion]:
    """The questions of a file in format ``fmt``; raises ``FormatError`` with a line."""
    return read_file(fmt, data).questions


def import_questions(
    fmt: str, data: bytes, settings: ImportSettings, *, max_questions: int | None = None
) -> ImportReport:
    """Read a file and map its questions onto our items (see ``importer.convert``); a file
    with more than ``max_questions`` questions is refused."""
    reading = read_file(fmt, data, max_questions)
    report = convert(reading.questions, settings)
    report.warnings[:0] = [Issue(line, text) for line, text in reading.notes]
    return report


@dataclass
class Export:
    """A written file, the items left out (id, reason) and warnings (id, text)."""

    text: str
    left_out: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def export_items(items: Iterable[Any], area: str, fmt: str) -> Export:
    """The file text for ``items``, the items left out and what writing them changed."""
    questions: list[SourceQuestion] = []
    export = Export("")
    for item in items:
        question = to_source(item, area)
        if question is None:
            export.left_out.append((item.id, UNSUPPORTED[item.type]))
            continue
        reason = unwritable(question) if fmt == "gift" else None
        if reason is not None:
            export.left_out.append((item.id, reason))
            continue
        export.warnings.extend((item.id, w) for w in without_forbidden(question))
        questions.append(question)
    export.text = _WRITERS[fmt](questions)
    return export
