"""The inside of a GIFT answer block ``{…}``: which question type it is, and its answers.

Type detection follows Moodle's importer in order: empty → essay; ``#…`` → numerical; any
``~`` → multiple choice (one answer when an ``=`` is present, several otherwise); ``=`` with
``->`` → matching; ``T``/``TRUE``/``F``/``FALSE`` → true/false; anything else → short answer.
Texts arrive "protected" (escapes replaced by placeholders, see ``protect``). Answer texts
become plain text; feedback is returned as ``Rich`` texts for ``set_texts``.
"""

from __future__ import annotations

import re

from quiz.bank import budget
from quiz.bank.interchange import (
    MAX_ANSWERS,
    Choice,
    FormatError,
    NumericKey,
    SourceQuestion,
    too_many_answers,
)
from quiz.bank.richtext import Rich, html_to_text, markdown_to_html, read_text

ESCAPES = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004"}
ESCAPES |= {"}": "\ue005", "~": "\ue006", "n": "\ue007"}
UNESCAPE = {v: ("\n" if k == "n" else k) for k, v in ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
FORMATS = ("html", "markdown", "plain", "moodle")


def protect(text: str) -> str:
    """Escaped characters replaced by private placeholders, so structure can be found."""
    budget.scan(len(text))
    return _ESCAPE_RE.sub(lambda m: ESCAPES[m[1]], text)


def restore(text: str) -> str:
    """Placeholders turned back into the characters they stand for."""
    budget.scan(len(text))
    return "".join(UNESCAPE.get(ch, ch) for ch in text)


def formatted(raw: str, default: str) -> tuple[str, str]:
    """A protected text's format (from a leading ``[name]``) and the text without it."""
    text = raw.strip()
    if text.startswith("["):
        end = text.find("]", 1, 12)
        if end > 0 and text[1:end] in FORMATS:
            return text[1:end], text[end + 1 :]
    return default, text


_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def parse_answers(
    question: SourceQuestion, answers: str, fmt: str
) -> tuple[list[Rich], Rich | None]:
    """Fill ``question`` from a protected answer block whose texts default to ``fmt``; return
    the feedback of each answer and the feedback for any other answer, if any."""
    budget.scan(len(answers))
    feedback: list[Rich] = []
    if not answers:
        question.kind = "essay"
    elif answers.startswith("#"):
        question.kind = "numerical"
        return _numerical(question, answers[1:], fmt)
    elif "~" in answers:
        question.kind = "multichoice"
        question.single = "=" in answers
        for part in _split(answers, "~="):
            choice, rich = _choice(part, fmt, question)
            question.choices.append(choice)
            feedback.append(rich)
        if len(question.choices) < 2:
            raise FormatError(0, "a multiple-choice question needs at least two answers")
    elif "=" in answers and "->" in answers:
        question.kind = "matching"
    elif answers.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        question.kind = "truefalse"
        return _true_false(question, answers, fmt), None
    else:
        question.kind = "shortanswer"
        for part in _split(answers, "="):
            choice, rich = _choice(part, fmt, question)
            question.choices.append(choice)
            feedback.append(rich)
    return feedback, None


def _split(answers: str, markers: str) -> list[str]:
    """Answers, each starting with its marker; text before the first marker is an error."""
    parts: list[str] = []
    start = 0
    for position, ch in enumerate(answers):
        if ch in markers and position > start:
            parts.append(answers[start:position])
            start = position
    parts.append(answers[start:])
    if len(parts) > MAX_ANSWERS + 1:
        raise too_many_answers(0)
    head = parts.pop(0).strip() if parts and parts[0][:1] not in markers else ""
    if head and markers == "~=":
        raise FormatError(0, f"text before the first '~' or '=' in the answers: {head!r}")
    if head:
        parts.insert(0, "=" + head)  # Moodle reads "{answer}" as one right short answer
    return [p.strip() for p in parts if p.strip()]


def _answer_text(raw: str, fmt: str, question: SourceQuestion) -> str:
    """An answer text as plain text; what its markup loses is noted on the question."""
    own_format, body = formatted(raw, fmt)
    text = restore(body)
    if own_format not in ("html", "markdown"):
        return text.strip()
    source = markdown_to_html(text) if own_format == "markdown" else text
    plain, lost = html_to_text(source)
    question.note(*lost)
    return plain


def _rich(raw: str, fmt: str) -> Rich:
    own_format, body = formatted(raw, fmt)
    return read_text(restore(body), own_format)


def _weight(body: str, marker: str) -> tuple[float, str]:
    if not body.startswith("%"):
        return (1.0 if marker == "=" else 0.0), body
    match = _WEIGHT.match(body)
    if match is None:
        raise FormatError(0, f"malformed weight in {body[:20]!r}; write it like %50%")
    return float(match[1]) / 100, body[match.end() :]


def _choice(part: str, fmt: str, question: SourceQuestion) -> tuple[Choice, Rich]:
    marker, body = part[0], part[1:].strip()
    if marker == "=" and question.kind == "multichoice":
        fraction = 1.0  # Moodle reads no weight after '=' in multiple choice
    else:
        fraction, body = _weight(body, marker)
    text, _, feedback = body.partition("#")
    return Choice(_answer_text(text, fmt, question), fraction), _rich(feedback, fmt)


def _true_false(question: SourceQuestion, answers: str, fmt: str) -> list[Rich]:
    bits = [*answers.split("#", 2), "", ""]
    truth = bits[0].strip() in ("T", "TRUE")
    wrong, right = _rich(bits[1], fmt), _rich(bits[2], fmt)
    question.choices = [
        Choice("true", 1.0 if truth else 0.0),
        Choice("false", 0.0 if truth else 1.0),
    ]
    return [right, wrong] if truth else [wrong, right]


def _number(text: str) -> float:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise FormatError(0, f"{text!r} is not a number")
    return float(text)


def _numerical(question: SourceQuestion, answers: str, fmt: str) -> tuple[list[Rich], Rich | None]:
    """``=1.5:0.1``, ``=1..2`` or ``1.5`` answers, then ``~#…`` feedback for any other answer."""
    right, tilde, wrong = answers.partition("~")
    other = _rich(wrong.partition("#")[2], fmt) if tilde else None
    feedback: list[Rich] = []
    for part in _split(right, "="):
        fraction, body = _weight(part[1:].strip(), "=")
        value, _, remark = body.partition("#")
        value = value.strip()
        if value == "*":
            other = _rich(remark, fmt)
            continue
        if ".." in value[1:]:
            low, high = (_number(v) for v in value.split("..", 1))
            question.numeric.append(NumericKey((low + high) / 2, (high - low) / 2, fraction))
        elif ":" in value:
            number, tolerance = value.split(":", 1)
            question.numeric.append(NumericKey(_number(number), abs(_number(tolerance)), fraction))
        else:
            question.numeric.append(NumericKey(_number(value), 0.0, fraction))
        feedback.append(_rich(remark, fmt))
    if not question.numeric:
        raise FormatError(0, "a numerical question needs a number")
    return feedback, other
