"""The Aiken format: the simplest common quiz format, read into ``SourceQuestion`` values.

Many teachers and question generators write it (Moodle imports it too)::

    What does HTTP status 404 mean?
    A. The server failed
    B) The resource was not found
    C. The request was redirected
    ANSWER: B

A question is one or more lines of text, then two or more options lettered ``A.`` or ``A)``
followed by a space, then ``ANSWER:`` and the right letter. Blank lines between questions are
optional. Aiken has no feedback, no names and no other question type, so every question is a
one-answer multiple choice whose texts are plain. A malformed question stops the import with
its line, as in the other readers; reading is one forward pass over the lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.bank import budget
from quiz.bank.interchange import (
    MAX_ANSWERS,
    Choice,
    FormatError,
    Reading,
    SourceQuestion,
    too_many_answers,
    too_many_questions,
)
from quiz.bank.textfile import decode, remove_forbidden


@dataclass
class _Draft:
    """A question being read: its first line, text lines and lettered options."""

    line: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)


def _option(line: str) -> tuple[str, str] | None:
    """``("B", "text")`` for an option line such as ``B) text`` or ``B. text``."""
    if len(line) > 3 and "A" <= line[0] <= "Z" and line[1] in ".)" and line[2] in " \t":
        return line[0], line[3:].strip()
    return None


def read_aiken(data: bytes, limit: int | None = None) -> Reading:
    """Every question of an Aiken file (UTF-8; any line endings); at most ``limit``."""
    text, notes = remove_forbidden(decode(data))
    return Reading(parse_aiken(text, limit), notes)


def parse_aiken(text: str, limit: int | None = None) -> list[SourceQuestion]:
    """Every question in Aiken text; raises ``FormatError`` naming the line of a problem."""
    questions: list[SourceQuestion] = []
    draft: _Draft | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        budget.scan(len(raw))
        line = raw.strip()
        if not line:
            if draft is not None and draft.options:
                raise FormatError(number, "a blank line among the options; end with 'ANSWER: X'")
            continue
        if line.upper().startswith("ANSWER:"):
            if draft is None:
                raise FormatError(number, "'ANSWER:' before any question text")
            if limit is not None and len(questions) >= limit:
                raise too_many_questions(draft.line, limit)
            questions.append(_question(draft, line[len("ANSWER:") :].strip(), number))
            draft = None
            continue
        option = _option(line)
        if draft is None:
            if option is not None:
                raise FormatError(number, f"option {option[0]} before any question text")
            draft = _Draft(number)
        if option is not None:
            if len(draft.options) >= MAX_ANSWERS:
                raise too_many_answers(number)
            draft.options.append(option)
        elif draft.options:
            raise FormatError(number, "text after the options; end the question with 'ANSWER: X'")
        else:
            draft.text.append(line)
    if draft is not None:
        raise FormatError(draft.line, "the question has no 'ANSWER: X' line")
    return questions


def _question(draft: _Draft, answer: str, number: int) -> SourceQuestion:
    letters = [letter for letter, _ in draft.options]
    if len(letters) < 2:
        raise FormatError(number, "a question needs at least two options (A. …, B. …)")
    if len(set(letters)) != len(letters):
        raise FormatError(number, "two options have the same letter")
    if answer.upper() not in letters:
        options = ", ".join(letters)
        raise FormatError(number, f"ANSWER {answer!r} is not one of the options {options}")
    return SourceQuestion(
        line=draft.line,
        kind="multichoice",
        stem="\n".join(draft.text),
        choices=[
            Choice(text, 1.0 if letter == answer.upper() else 0.0) for letter, text in draft.options
        ],
    )
