"""The Moodle XML reader: documented examples, malformed files, and hostile XML refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.interchange import FormatError
from quiz.bank.moodle_xml import parse_moodle_xml

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "interchange" / "moodle_docs.xml"


def test_documented_examples_are_read_with_types_keys_and_lines() -> None:
    questions = parse_moodle_xml(DOCS.read_bytes())
    assert [(q.line, q.kind) for q in questions] == [
        (6, "multichoice"),
        (18, "truefalse"),
        (25, "shortanswer"),
        (33, "numerical"),
        (40, "matching"),
        (45, "essay"),
        (49, "cloze"),
        (53, "description"),
    ]
    choice, truth, short, number = questions[:4]
    assert choice.title == "Name of question"
    assert choice.html and choice.stem == "<p>What is the answer to this <b>question</b>?</p>"
    assert choice.notes == []
    assert choice.general_feedback == "<p>The correct answer is 'The correct answer'.</p>"
    first = choice.choices[0]
    assert (first.text, first.fraction, first.feedback) == (
        "The correct answer",
        1.0,
        "<p>Correct!</p>",
    )
    assert choice.single and choice.category == "$course$/top/Databases"
    assert [(c.text, c.fraction) for c in truth.choices] == [("true", 1.0), ("false", 0.0)]
    assert [(c.text, c.fraction) for c in short.choices] == [("404", 1.0), ("4xx", 0.5)]
    assert not short.case_sensitive
    assert [(k.value, k.tolerance, k.fraction) for k in number.numeric] == [(8.0, 0.0, 1.0)]


def test_malformed_xml_names_the_line() -> None:
    data = b'<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n  </quiz>\n'
    with pytest.raises(FormatError) as caught:
        parse_moodle_xml(data)
    assert caught.value.line == 4
    assert caught.value.message.startswith("malformed XML: mismatched tag")


def test_a_file_that_is_not_moodle_xml_is_refused() -> None:
    with pytest.raises(FormatError, match="the root is <html>, not <quiz>"):
        parse_moodle_xml(b"<html><body/></html>")


def test_a_bad_fraction_names_the_answer_line() -> None:
    data = b"""<quiz>
<question type="multichoice"><questiontext><text>Q?</text></questiontext>
<answer fraction="lots"><text>a</text></answer>
</question></quiz>"""
    with pytest.raises(FormatError) as caught:
        parse_moodle_xml(data)
    assert (caught.value.line, caught.value.message) == (
        3,
        "answer fraction 'lots' is not a number",
    )


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="essay"><questiontext><text>&lol3;</text></questiontext></question></quiz>
"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><questiontext><text>&secret;</text></questiontext></question></quiz>
"""


@pytest.mark.parametrize("data", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entity_tricks_are_refused_before_expanding(data: bytes) -> None:
    with pytest.raises(FormatError) as caught:
        parse_moodle_xml(data)
    assert caught.value.line == 2
    assert "DTDs are not allowed" in caught.value.message
