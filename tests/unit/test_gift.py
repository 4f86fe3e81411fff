"""The GIFT reader on Moodle's documented examples, escapes, formats and malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.formats import read_questions
from quiz.bank.gift import parse_gift
from quiz.bank.interchange import FormatError, SourceQuestion
from quiz.bank.shapes import Skip, item_shape

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "interchange" / "moodle_docs.gift"


@pytest.fixture(scope="module")
def docs() -> dict[int, SourceQuestion]:
    return {q.line: q for q in parse_gift(DOCS.read_text(encoding="utf-8"))}


def _keys(q: SourceQuestion) -> list[tuple[str, float]]:
    return [(c.text, c.fraction) for c in q.choices]


def test_documented_examples_are_read_with_their_types(docs: dict[int, SourceQuestion]) -> None:
    kinds = {line: q.kind for line, q in docs.items()}
    assert kinds == {
        5: "truefalse",
        8: "multichoice",
        12: "shortanswer",
        15: "matching",
        18: "numerical",
        21: "numerical",
        24: "numerical",
        30: "essay",
        32: "multichoice",
        44: "truefalse",
        46: "truefalse",
        48: "truefalse",
        50: "multichoice",
        52: "numerical",
        54: "multichoice",
        56: "multichoice",
        58: "description",
        60: "multichoice",
        67: "multichoice",
    }


def test_titles_comments_and_category(docs: dict[int, SourceQuestion]) -> None:
    assert docs[5].title == "Q1" and docs[5].stem == "1+1=2"
    assert docs[32].title == "Grant's Tomb"
    assert docs[60].title == "Title with : colon"
    assert all(q.category == "$course$/top/SQL" for q in docs.values())
    assert not any("//" in q.stem for q in docs.values())


def test_true_false_forms(docs: dict[int, SourceQuestion]) -> None:
    assert _keys(docs[5]) == [("true", 1.0), ("false", 0.0)]  # {T}
    assert _keys(docs[46]) == [("true", 1.0), ("false", 0.0)]  # {TRUE}
    assert _keys(docs[48]) == [("true", 0.0), ("false", 1.0)]  # {FALSE}


def test_multiple_choice_with_feedback_on_several_lines(docs: dict[int, SourceQuestion]) -> None:
    grant = docs[32]
    assert grant.single
    assert _keys(grant)[0] == ("Grant", 1.0)
    assert [c.text for c in grant.choices][1:] == [
        "No one",
        "Napoleon",
        "Churchill",
        "Mother Teresa",
    ]
    assert grant.choices[2].feedback == "He was buried in France"
    assert docs[8].choices[0].feedback == "right; good!"


def test_missing_word_form_puts_a_blank_in_the_stem(docs: dict[int, SourceQuestion]) -> None:
    assert docs[50].stem == "Moodle costs _____ to download from moodle.org."
    assert _keys(docs[50])[1] == ("nothing", 1.0)
    assert docs[12].stem == "Two plus _____ equals four."
    assert _keys(docs[12]) == [("two", 1.0), ("2", 1.0)]


def test_numeric_tolerance_range_and_partial_credit(docs: dict[int, SourceQuestion]) -> None:
    assert [(k.value, k.tolerance) for k in docs[18].numeric] == [(3.0, 2.0)]  # {#3:2}
    assert [(k.value, k.tolerance) for k in docs[21].numeric] == [(3.0, 2.0)]  # {#1..5}
    assert [(k.value, k.tolerance, k.fraction) for k in docs[24].numeric] == [
        (1822.0, 0.0, 1.0),
        (1822.0, 2.0, 0.5),
    ]
    assert [(k.value, k.tolerance) for k in docs[52].numeric] == [(3.1415, 0.0005)]


def test_weights_and_several_answers(docs: dict[int, SourceQuestion]) -> None:
    tomb = docs[54]
    assert not tomb.single
    assert _keys(tomb) == [
        ("No one", -1.0),
        ("Grant", 0.5),
        ("Grant's wife", 0.5),
        ("Grant's father", -1.0),
    ]


def test_escapes(docs: dict[int, SourceQuestion]) -> None:
    assert _keys(docs[56]) == [("= 2 + 2", 0.0), ("= 2 + 3", 1.0), ("= 2 + 4", 0.0)]
    braces = docs[60]
    assert [c.text for c in braces.choices] == ["{}", "set()", "[]"]
    assert braces.general_feedback.startswith("<p>An empty pair of braces {} makes a dict")


def test_markdown_and_html_become_sanitized_html(docs: dict[int, SourceQuestion]) -> None:
    markdown = docs[60]
    assert markdown.html
    python = "<strong>Python</strong>"
    assert markdown.stem == f"<p>Which of these {python} expressions builds a set?</p>"
    html = docs[67]
    assert html.html and html.stem == "Which HTML element makes text <b>bold</b>?"
    assert [c.text for c in html.choices] == ["<b>", "<i>", "<u>"]  # answers are plain text
    assert html.notes == []


def test_documented_examples_map_to_our_types_and_keys(docs: dict[int, SourceQuestion]) -> None:
    warnings: list[str] = []
    shapes = {line: item_shape(q, warnings) for line, q in docs.items() if line in {8, 32, 50}}
    assert {line: (s["type"], s["answer"]) for line, s in shapes.items()} == {
        8: ("single_choice", "A"),
        32: ("single_choice", "A"),
        50: ("single_choice", "B"),
    }
    assert item_shape(docs[5], warnings)["answer"] is True
    assert item_shape(docs[48], warnings)["answer"] is False
    assert item_shape(docs[12], warnings)["accepted"] == ["two", "2"]
    assert item_shape(docs[21], warnings)["numeric"] == {"value": 3.0, "tolerance": 2.0}
    assert warnings == []
    tomb = item_shape(docs[54], warnings)
    assert (tomb["type"], tomb["answer"]) == ("multiple_select", ["B", "C"])
    assert warnings == [
        "wrong options cost -100%; here each wrong choice costs 50% (score floored at 0)"
    ]
    grant = item_shape(docs[24], warnings)
    assert grant["numeric"] == {"value": 1822.0, "tolerance": 0.0}
    assert warnings[-1] == "answer 1822 ± 2 earned 50%; dropped"
    for line, reason in {15: "matching", 30: "essay", 58: "description"}.items():
        with pytest.raises(Skip, match=reason):
            item_shape(docs[line], warnings)


def test_id_and_tags_are_read_from_comments() -> None:
    text = "// question: 1\n// [id:sql-900] [tag:difficulty:3] [tag:requirement:sql-querying]\n"
    text += "::sql-900::What does SELECT 1 return?{=one row ~no rows ~an error}\n"
    (question,) = parse_gift(text)
    assert question.idnumber == "sql-900"
    assert question.tags == ["difficulty:3", "requirement:sql-querying"]
    assert question.line == 3


def test_newline_escape_and_code_block_in_html() -> None:
    text = (
        '::c::[html]What does this print?\\n<pre><code class\\="language-python">'
        "print(1 &lt; 2)\\nprint('\\\\n')</code></pre>{=True ~False ~an error####Comparison.}"
    )
    (question,) = parse_gift(text)
    assert question.stem == "What does this print?"
    assert question.code is not None
    assert question.code.language == "python"
    assert question.code.text == "print(1 < 2)\nprint('\\n')"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Fine question?{=a ~b}\n\nBroken question\n{=a ~b\n", 4, "'{' is never closed"),
        ("First line\nsecond } line {=a ~b}", 2, "'}' without an opening '{'"),
        ("A question\n\n::t::Q {=a {~b}", 3, "'{' inside an answer block"),
        ("::unclosed title {=a ~b}", 1, "question name opened with '::' is not closed"),
        ("How much?\n{#abc:1}", 2, "'abc' is not a number"),
        ("Pick one {stray ~a =b}", 1, "text before the first '~' or '='"),
        ("Pick one {~%fifty%a =b}", 1, "malformed weight"),
        ("Pick one {=a}\n\nOnly one {~a}", 3, "at least two answers"),
        ("ok\n\nbad \ue001 char {=a ~b}", 3, "private-use characters"),
        ("$CATEGORY: sql\nWhich one? {=a ~b}", 1, "blank line after the $CATEGORY line"),
    ],
)
def test_malformed_files_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        parse_gift(text)
    assert caught.value.line == line
    assert message in caught.value.message


def test_non_utf8_file_names_the_line() -> None:
    with pytest.raises(FormatError) as caught:
        read_questions("gift", b"Fine?{=a ~b}\n\nBad \xff byte {=a ~b}")
    assert caught.value.line == 3
    assert caught.value.message.startswith("the file is not UTF-8 text: byte 0xFF")
    assert "save it as UTF-8" in caught.value.message
