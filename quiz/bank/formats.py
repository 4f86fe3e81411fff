"""One entry point per direction for the interchange formats: read a file, write a bank.

``read_questions`` and ``export_items`` pick the GIFT or Moodle XML reader/writer by name, so
the CLI (and later the web upload) never touch a format module directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from quiz.bank.exporter import UNSUPPORTED, to_source
from quiz.bank.gift import parse_gift
from quiz.bank.gift_writer import write_gift
from quiz.bank.importer import ImportReport, ImportSettings, convert
from quiz.bank.interchange import FormatError, SourceQuestion
from quiz.bank.moodle_xml import parse_moodle_xml
from quiz.bank.moodle_xml_writer import write_moodle_xml

FORMATS = ("gift", "moodle-xml")
EXTENSIONS = {"gift": ".gift.txt", "moodle-xml": ".xml"}


def _gift(data: bytes) -> list[SourceQuestion]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(line, "the file is not UTF-8 text") from None
    return parse_gift(text)


_READERS: dict[str, Callable[[bytes], list[SourceQuestion]]] = {
    "gift": _gift,
    "moodle-xml": parse_moodle_xml,
}
_WRITERS: dict[str, Callable[[list[SourceQuestion]], str]] = {
    "gift": write_gift,
    "moodle-xml": write_moodle_xml,
}


def read_questions(fmt: str, data: bytes) -> list[SourceQuestion]:
    """The questions of a file in format ``fmt``; raises ``FormatError`` with a line."""
    return _READERS[fmt](data)


def import_questions(fmt: str, data: bytes, settings: ImportSettings) -> ImportReport:
    """Read a file and map its questions onto our items (see ``importer.convert``)."""
    return convert(read_questions(fmt, data), settings)


def export_items(items: Iterable[Any], area: str, fmt: str) -> tuple[str, list[tuple[str, str]]]:
    """The file text for ``items`` and the (id, reason) of every item left out."""
    questions: list[SourceQuestion] = []
    left_out: list[tuple[str, str]] = []
    for item in items:
        question = to_source(item, area)
        if question is None:
            left_out.append((item.id, UNSUPPORTED[item.type]))
        else:
            questions.append(question)
    return _WRITERS[fmt](questions), left_out
