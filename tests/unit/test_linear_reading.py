"""Reading a question file takes work linear in its size, whatever the file holds.

The readers report each stretch of text they scan to ``quiz.bank.budget``; these tests count
that work (never time it: speed is measured by ``benchmarks/import_adversarial.py``). A
reader that scanned a prefix again for every line, or a backtracking pattern over a run of
line breaks, would show here as work growing faster than the input.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.import_adversarial import FILES
from benchmarks.import_adversarial import settings as upload_settings
from quiz.bank import budget
from quiz.bank.formats import import_questions
from quiz.bank.interchange import FormatError
from quiz.bank.richtext import MAX_DEPTH, nesting_depth
from quiz.orgbanks.upload import MAX_QUESTIONS

PER_BYTE = 20  # work units one byte may cost at most (the readers do 2–10)
GIFT_ALPHABET = [*"ab Z09\n\r\t\\~=#{}:[]%-><*/.$&;\"'_`!", "[html]", "[markdown]", "//"]
GIFT_ALPHABET += ["<p>", "</p>", "<ul><li>", "::", "####", "->", "{T}", "\\n", "\n\n"]
XML_PARTS = ["<quiz>", "</quiz>", '<question type="multichoice">', "</question>", "<text>"]
XML_PARTS += ["</text>", '<answer fraction="100">', "</answer>", "&amp;", "&lt;p&gt;", " ", "\n"]
XML_PARTS += ['<questiontext format="html">', "</questiontext>", "<![CDATA[<b>", "]]>", "x"]
AIKEN_PARTS = ["Q?\n", "A. a\n", "B) b\n", "ANSWER: A\n", "\n", "\r", "text ", "ANSWER: Z\n"]


def _work(fmt: str, data: bytes) -> int:
    with budget.measure() as meter, contextlib.suppress(FormatError):
        import_questions(fmt, data, upload_settings(), max_questions=MAX_QUESTIONS)
    return meter.work


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.sampled_from(GIFT_ALPHABET), max_size=400))
def test_gift_work_is_linear_in_the_input(parts: list[str]) -> None:
    data = "".join(parts).encode()
    assert _work("gift", data) <= PER_BYTE * (len(data) + 1) + 200


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.sampled_from(XML_PARTS), max_size=300))
def test_xml_work_is_linear_in_the_input(parts: list[str]) -> None:
    data = "".join(parts).encode()
    assert _work("moodle-xml", data) <= PER_BYTE * (len(data) + 1) + 200


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.sampled_from(AIKEN_PARTS), max_size=300))
def test_aiken_work_is_linear_in_the_input(parts: list[str]) -> None:
    data = "".join(parts).encode()
    assert _work("aiken", data) <= PER_BYTE * (len(data) + 1) + 200


@pytest.mark.parametrize("name", sorted(FILES))
def test_adversarial_files_four_times_larger_take_at_most_four_times_the_work(name: str) -> None:
    fmt, make = FILES[name]
    small, large = make(8 * 1024), make(32 * 1024)
    small_work, large_work = _work(fmt, small), _work(fmt, large)
    assert large_work <= PER_BYTE * len(large)
    assert large_work <= 4.5 * small_work * len(large) / (4 * len(small)) + 1000


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "<li>", "<br>", "x"]), max_size=300))
def test_nesting_depth_bounds_what_the_sanitizer_sees(parts: list[str]) -> None:
    fragment = "".join(parts)
    depth = nesting_depth(fragment)
    opened = fragment.count("<div>") + fragment.count("<p>") + fragment.count("<li>")
    assert 0 <= depth <= min(opened, MAX_DEPTH + 1)
    if depth == 0:
        assert "<div>" not in fragment
