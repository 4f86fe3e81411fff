"""Teachers' files import as they are under the organisation rules: files written in the
shapes of Moodle's own import fixtures (tests/fixtures/interchange/teacher), every line
ending and a clear error for other encodings, and round trips with identical keys."""

from __future__ import annotations

from typing import Any

import pytest

from quiz.bank.formats import FORMATS, export_items, import_questions, read_questions
from quiz.bank.importer import ImportReport, ImportSettings
from quiz.bank.interchange import FormatError
from quiz.bank.rules import BANK, ORGANISATION
from tests.support import ROOT

TEACHER = ROOT / "tests" / "fixtures" / "interchange" / "teacher"
FILES = {"rich.xml": "moodle-xml", "specials.gift": "gift", "quiz.aiken.txt": "aiken"}
SUPPORTED = {"multichoice", "truefalse", "shortanswer", "numerical"}


def _settings(**overrides: Any) -> ImportSettings:
    values: dict[str, Any] = {
        "area": "sql",
        "requirement": "sql-querying",
        "requirements": frozenset({"sql-querying"}),
        "areas": {"sql": "Relational databases & SQL"},
        "difficulty": 2,
        "rules": ORGANISATION,
    }
    return ImportSettings(**(values | overrides))


def _import(name: str, **overrides: Any) -> ImportReport:
    return import_questions(FILES[name], (TEACHER / name).read_bytes(), _settings(**overrides))


def _items(report: ImportReport) -> dict[int, Any]:
    return {line: item for line, item in report.items}


def test_teacher_files_import_as_they_are_and_every_skip_has_a_line_and_reason() -> None:
    supported = imported = 0
    for name, fmt in FILES.items():
        kinds = {q.line: q.kind for q in read_questions(fmt, (TEACHER / name).read_bytes())}
        report = _import(name)
        supported += sum(kind in SUPPORTED for kind in kinds.values())
        imported += sum(kinds[line] in SUPPORTED for line, _ in report.items)
        assert all(s.line in kinds and s.text for s in report.skipped)
    assert (imported, supported) == (16, 17)  # the one left: "*SQL*", a wildcard-only answer
    strict = _import("rich.xml", rules=BANK)
    assert strict.items == [(87, strict.items[0][1])]  # the one with feedback and a reference


def test_html_is_kept_sanitized_scripts_and_styles_removed() -> None:
    report = _import("rich.xml")
    join = _items(report)[9]
    assert join.text_format == "html"
    assert join.stem.startswith("<p><strong>Two tables</strong></p><table><tbody><tr><th>a</th>")
    assert "<ul><li>rows of a</li><li>rows of b</li></ul><p>Pick one.</p>" in join.stem
    assert "alert" not in join.stem and "color" not in join.stem and "<script" not in join.stem
    assert [o.text for o in join.options] == ["LEFT JOIN", "INNER JOIN", "CROSS JOIN"]
    assert join.explanation == (
        "<ul><li>LEFT JOIN: Yes: <strong>every</strong> row of a.</li>"
        "<li>INNER JOIN: Only matching rows.</li></ul>"
    )
    warned = {(w.line, w.text) for w in report.warnings}
    assert (9, "lost in the import: a <script> or <style> element (removed with its content)") in (
        warned
    )
    assert (
        9,
        "lost in the import: the combined feedback (for correct, partially correct, incorrect)",
    ) in warned
    assert (47, "lost in the import: an image (Moodle 1.9's <image> field)") in warned


def test_per_answer_feedback_of_short_answers_and_numbers_is_kept() -> None:
    items = _items(_import("rich.xml"))
    assert items[24].accepted == ["DISTINCT", "a*b"]  # "a\*" is Moodle's literal star
    assert items[24].explanation == (
        "DISTINCT: Right: SELECT DISTINCT.\nUNIQUE: That is a constraint.\n"
        "Any other answer: Look at SELECT's options."
    )
    assert items[38].numeric.value == 12 and items[38].text_format == "plain"
    assert items[38].explanation == "12: 3 × 4.\nAny other answer: Multiply the counts."
    gift = _items(_import("specials.gift"))
    assert gift[19].explanation == "4: Yes, four.\nAny other answer: Think 32 bits."


def test_two_six_and_seven_options_import_for_organisations_only() -> None:
    items = _items(_import("rich.xml"))
    assert [len(items[line].options) for line in (57, 64, 75)] == [2, 6, 7]
    assert (items[57].answer, items[64].answer, items[75].answer) == ("B", "C", "A")
    assert items[47].explanation == "" and items[47].reference is None
    strict = _import("rich.xml", rules=BANK, reference="https://www.postgresql.org/docs/")
    reasons = {s.line: s.text for s in strict.skipped}
    assert "no feedback to use as the explanation" in reasons[57]


def test_gift_special_characters_in_every_position() -> None:
    report = _import("specials.gift")
    items = _items(report)
    escapes = items[5]
    assert escapes.stem == "What does a=b ~ c#d {e} f: mean?"
    literal = "It is = ~ # { } : literal"
    assert [o.text for o in escapes.options] == [literal, "Nothing", "A comment"]
    assert escapes.explanation.startswith("It is = ~ # { } : literal: Escapes read {as text}")
    assert items[11].accepted == ["->"]  # one short answer: "{->}" is no matching question
    assert items[15].accepted == ["2*3", "2 * 3"]  # "\\*" is a literal star
    assert items[23].type == "multiple_select" and items[23].stem == "Which are <b>aggregates</b>?"
    reasons = {s.line: s.text for s in report.skipped}
    assert reasons == {
        13: "matching questions have no equivalent type here",
        17: "its answers use Moodle's * wildcard, which short answers here do not support",
    }


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_every_line_ending_with_or_without_bom_reads_the_same(ending: str, bom: bytes) -> None:
    text = (TEACHER / "specials.gift").read_text(encoding="utf-8").replace("\n", ending)
    questions = read_questions("gift", bom + text.encode("utf-8"))
    assert [(q.line, q.kind) for q in questions] == [
        (5, "multichoice"),
        (11, "shortanswer"),
        (13, "matching"),
        (15, "shortanswer"),
        (17, "shortanswer"),
        (19, "numerical"),
        (21, "multichoice"),
        (23, "multichoice"),
    ]


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        ("Q?{T}".encode("utf-16"), 1, "the file is UTF-16 text, not UTF-8; save it as UTF-8"),
        ("Q?{T}".encode("utf-16-le"), 1, "the file looks like UTF-16 text, not UTF-8"),
        ("Q?{T}\n\nCafé?{T}".encode("latin-1"), 3, "byte 0xE9 cannot start a character here"),
        (b"Q?{T}\n\nA\x00B?{T}", 3, "the file contains a NUL byte (U+0000)"),
    ],
)
def test_other_encodings_and_nul_bytes_are_refused_clearly(
    data: bytes, line: int, message: str
) -> None:
    for fmt in ("gift", "aiken", "moodle-xml"):
        with pytest.raises(FormatError) as caught:
            read_questions(fmt, data)
        assert caught.value.line == line and message in caught.value.message


def test_characters_xml_forbids_are_removed_from_gift_and_refused_in_xml() -> None:
    report = import_questions("gift", b"Q one?{T}\n\nQ \x0btwo\x0c?{F}", _settings())
    assert [i.stem for _, i in report.items] == ["Q one?", "Q two?"]
    assert (3, "removed control character(s) U+000B, U+000C, which XML does not allow") in {
        (w.line, w.text) for w in report.warnings
    }
    xml = b'<?xml version="1.0"?>\n<quiz>\n<question type="truefalse">\x0b</question></quiz>'
    with pytest.raises(FormatError) as caught:
        read_questions("moodle-xml", xml)
    assert (caught.value.line, caught.value.message) == (
        3,
        "the character U+000B is not allowed in XML",
    )


def test_aiken_questions_and_their_errors() -> None:
    items = _items(_import("quiz.aiken.txt"))
    assert [(i.type, i.answer, len(i.options)) for i in items.values()] == [
        ("single_choice", "B", 3),
        ("single_choice", "A", 2),
    ]
    for text, line, message in [
        ("Q?\nA. a\nB. b\nANSWER: C", 4, "ANSWER 'C' is not one of the options A, B"),
        ("Q?\nA. a\nB. b", 1, "the question has no 'ANSWER: X' line"),
        ("A. a\nQ?", 1, "option A before any question text"),
        ("Q?\nA. a\nANSWER: A", 3, "a question needs at least two options"),
    ]:
        with pytest.raises(FormatError) as caught:
            read_questions("aiken", text.encode())
        assert caught.value.line == line and message in caught.value.message


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(FILES))
def test_teacher_files_survive_a_round_trip_with_identical_keys(fmt: str, name: str) -> None:
    first = _import(name)
    items = [item for _, item in first.items]
    export = export_items(items, "sql", fmt)
    left = {item_id for item_id, _ in export.left_out}
    back = {i.id: i for _, i in import_questions(fmt, export.text.encode(), _settings()).items}
    assert set(back) == {i.id for i in items} - left
    for item in items:
        if item.id in back:
            assert back[item.id].model_dump() == item.model_dump(), item.id


def test_export_escapes_arrows_and_stars_and_removes_control_characters() -> None:
    items = _items(_import("specials.gift"))
    arrow, star = items[11], items[15]
    gift = export_items([arrow, star], "sql", "gift").text
    assert "\t->\n" in gift and "=2\\\\*3" in gift  # no "=" before "->"; "\*" as Moodle's star
    several = arrow.model_copy(update={"accepted": ["->", "->>"]})
    export = export_items([several], "sql", "gift")
    assert export.left_out == [
        (
            arrow.id,
            "an accepted answer contains '->', which GIFT reads as a matching question when "
            "there are several answers; export it as Moodle XML",
        )
    ]
    xml = export_items([several], "sql", "moodle-xml")
    back = import_questions("moodle-xml", xml.text.encode(), _settings()).items
    assert back[0][1].accepted == ["->", "->>"] and "<text>-&gt;&gt;</text>" in xml.text
    dirty = star.model_copy(update={"stem": "Two\x0b times three?"})
    for fmt in FORMATS:
        export = export_items([dirty], "sql", fmt)
        assert export.warnings == [
            (star.id, "removed control character(s) U+000B, which XML does not allow")
        ]
        again = import_questions(fmt, export.text.encode(), _settings()).items
        assert again[0][1].stem == "Two times three?"


@pytest.mark.parametrize(
    ("fmt", "data", "line", "message"),
    [
        ("moodle-xml", b"<quiz>" + b"<a>" * 40, 1, "elements nested more than 32 deep"),
        ("gift", b"[html]Q" + b"<div>" * 120 + b"{T}", 1, "HTML nested more than 100 elements"),
        ("gift", b"Q?{=a" + b" ~b" * 101 + b"}", 1, "a question with more than 100 answers"),
        ("gift", b"Q?{T}\n\n" * 3, 5, "the file holds more than 2 questions; split it"),
        ("aiken", b"Q?\nA. a\nB. b\nANSWER: A\n" * 3, 9, "the file holds more than 2 questions"),
        ("gift", b"[markdown]" + b"*" * 17000 + b"{T}", 1, "more than 16 KB of Markdown"),
    ],
)
def test_what_would_make_reading_slow_is_refused_early_with_a_line(
    fmt: str, data: bytes, line: int, message: str
) -> None:
    with pytest.raises(FormatError) as caught:
        import_questions(fmt, data, _settings(), max_questions=2)
    assert caught.value.line == line and message in caught.value.message
