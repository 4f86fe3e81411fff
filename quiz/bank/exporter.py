"""Our items as Moodle questions, for the GIFT and Moodle XML writers.

Everything our schema holds travels in places Moodle keeps: the id as the question name and
id number, the type, difficulty and requirements as tags, the output a code block prints (when
the item gives it) and then the reference at the end of the general feedback, and
situational-judgment credits and rationales as answer weights and feedback. An accepted short
answer's ``*`` is written ``\\*``, Moodle's literal star (a bare ``*`` is its wildcard).
Characters XML 1.0 forbids are removed, each with a warning. Importing the written file
therefore gives the same items back.
"""

from __future__ import annotations

from typing import Any

from quiz.bank.interchange import (
    Choice,
    Code,
    NumericKey,
    SourceQuestion,
    join_output,
    join_reference,
)
from quiz.bank.richtext import plain_to_html
from quiz.bank.textfile import FORBIDDEN

UNSUPPORTED = {
    "ordering": "GIFT and Moodle's standard question types have no ordering question",
}


def to_source(item: Any, area: str) -> SourceQuestion | None:
    """``item`` as a Moodle question, or None when its type cannot be written."""
    if item.type in UNSUPPORTED:
        return None
    tags = [f"type:{item.type}", f"difficulty:{item.difficulty}"]
    tags += [f"requirement:{r}" for r in item.requirements]
    reference = str(item.reference) if item.reference is not None else None
    question = SourceQuestion(
        line=0,
        kind="multichoice",
        stem=item.stem,
        code=Code(item.code.language, item.code.text) if item.code else None,
        title=item.id,
        idnumber=item.id,
        tags=tags,
        general_feedback=join_reference(
            join_output(item.explanation, item.code.output if item.code else None), reference
        ),
        category=f"$course$/top/{area}",
        html=item.text_format == "html",
    )
    _ANSWERS[item.type](item, question)
    return question


def without_forbidden(question: SourceQuestion) -> list[str]:
    """Remove the characters XML 1.0 forbids from every text of ``question``; say which."""
    found: set[str] = set()

    def clean(text: str) -> str:
        hits = FORBIDDEN.findall(text)
        found.update(f"U+{ord(ch):04X}" for ch in hits)
        return FORBIDDEN.sub("", text) if hits else text

    question.stem, question.title = clean(question.stem), clean(question.title)
    question.general_feedback = clean(question.general_feedback)
    if question.code is not None:
        question.code = Code(clean(question.code.language), clean(question.code.text))
    for choice in question.choices:
        choice.text, choice.feedback = clean(choice.text), clean(choice.feedback)
    if not found:
        return []
    return [f"removed control character(s) {', '.join(sorted(found))}, which XML does not allow"]


def _single(item: Any, question: SourceQuestion) -> None:
    question.choices = [Choice(o.text, 1.0 if o.id == item.answer else 0.0) for o in item.options]


def _multiple(item: Any, question: SourceQuestion) -> None:
    share = 1 / len(item.answer)
    question.single = False
    question.choices = [
        Choice(o.text, share if o.id in item.answer else -share) for o in item.options
    ]


def _judged(item: Any, question: SourceQuestion) -> None:
    question.choices = [
        Choice(o.text, o.credit, plain_to_html(o.rationale) if question.html else o.rationale)
        for o in item.options
    ]


def _true_false(item: Any, question: SourceQuestion) -> None:
    question.kind = "truefalse"
    question.choices = [
        Choice("true", 1.0 if item.answer else 0.0),
        Choice("false", 0.0 if item.answer else 1.0),
    ]


def _short(item: Any, question: SourceQuestion) -> None:
    if item.numeric is not None:
        question.kind = "numerical"
        question.numeric = [NumericKey(item.numeric.value, item.numeric.tolerance, 1.0)]
        return
    question.kind = "shortanswer"
    question.case_sensitive = item.case_sensitive
    if item.case_sensitive:
        question.tags.append("case-sensitive")
    question.choices = [Choice(text.replace("*", "\\*"), 1.0) for text in item.accepted]


_ANSWERS = {
    "single_choice": _single,
    "code_reading": _single,
    "multiple_select": _multiple,
    "situational_judgment": _judged,
    "true_false": _true_false,
    "short_answer": _short,
}


def number_text(value: float) -> str:
    """A float written so that ``float()`` reads back exactly the same value."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def percent_text(fraction: float) -> str:
    """A fraction as Moodle writes weights: percent with at most five decimals."""
    return f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
