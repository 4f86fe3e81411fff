"""The inside of a GIFT answer block ``{…}``: which question type it is, and its answers.

Type detection follows Moodle's importer in order: empty → essay; ``#…`` → numerical; any
``~`` → multiple choice (one answer when an ``=`` is present, several otherwise); ``=`` with
``->`` → matching; ``T``/``TRUE``/``F``/``FALSE`` → true/false; anything else → short answer.
Texts arrive "protected" (escapes replaced by placeholders, see ``gift.protect``).
"""

from __future__ import annotations

import re

from quiz.bank.interchange import Choice, FormatError, NumericKey, SourceQuestion, text_from

ESCAPES = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004"}
ESCAPES |= {"}": "\ue005", "~": "\ue006", "n": "\ue007"}
UNESCAPE = {v: ("\n" if k == "n" else k) for k, v in ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
FORMATS = ("html", "markdown", "plain", "moodle")


def protect(text: str) -> str:
    """Escaped characters replaced by private placeholders, so structure can be found."""
    return _ESCAPE_RE.sub(lambda m: ESCAPES[m[1]], text)


def restore(text: str) -> str:
    """Placeholders turned back into the characters they stand for."""
    return "".join(UNESCAPE.get(ch, ch) for ch in text)


def formatted(raw: str, default: str) -> tuple[str, str]:
    """A protected text's format (from a leading ``[name]``) and the text without it."""
    text = raw.strip()
    match = re.match(r"\[(\w+)\]", text)
    if match and match[1] in FORMATS:
        return match[1], text[match.end() :]
    return default, text


_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def parse_answers(question: SourceQuestion, answers: str, fmt: str) -> None:
    """Fill ``question`` from a protected answer block whose texts default to ``fmt``."""
    if not answers:
        question.kind = "essay"
    elif answers.startswith("#"):
        question.kind = "numerical"
        question.numeric = _numerical(answers[1:])
    elif "~" in answers:
        question.kind = "multichoice"
        question.single = "=" in answers
        question.choices = [_choice(part, fmt, question) for part in _split(answers, "~=")]
        if len(question.choices) < 2:
            raise FormatError(0, "a multiple-choice question needs at least two answers")
    elif "=" in answers and "->" in answers:
        question.kind = "matching"
    elif answers.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        question.kind = "truefalse"
        question.choices = _true_false(answers, fmt, question)
    else:
        question.kind = "shortanswer"
        question.choices = [_choice(part, fmt, question) for part in _split(answers, "=")]


def _split(answers: str, markers: str) -> list[str]:
    """Answers, each starting with its marker; text before the first marker is an error."""
    parts = re.split(f"(?=[{re.escape(markers)}])", answers)
    head = parts.pop(0).strip() if parts and parts[0][:1] not in markers else ""
    if head and markers == "~=":
        raise FormatError(0, f"text before the first '~' or '=' in the answers: {head!r}")
    if head:
        parts.insert(0, "=" + head)  # Moodle reads "{answer}" as one right short answer
    return [p.strip() for p in parts if p.strip()]


def _plain(raw: str, fmt: str, question: SourceQuestion) -> str:
    own_format, body = formatted(raw, fmt)
    text, lost = text_from(restore(body), own_format)
    question.notes.extend(n for n in lost if n not in question.notes)
    return text


def _weight(body: str, marker: str) -> tuple[float, str]:
    if not body.startswith("%"):
        return (1.0 if marker == "=" else 0.0), body
    match = _WEIGHT.match(body)
    if match is None:
        raise FormatError(0, f"malformed weight in {body[:20]!r}; write it like %50%")
    return float(match[1]) / 100, body[match.end() :]


def _choice(part: str, fmt: str, question: SourceQuestion) -> Choice:
    marker, body = part[0], part[1:].strip()
    if marker == "=" and question.kind == "multichoice":
        fraction = 1.0  # Moodle reads no weight after '=' in multiple choice
    else:
        fraction, body = _weight(body, marker)
    text, _, feedback = body.partition("#")
    return Choice(_plain(text, fmt, question), fraction, _plain(feedback, fmt, question))


def _true_false(answers: str, fmt: str, question: SourceQuestion) -> list[Choice]:
    bits = [*answers.split("#", 2), "", ""]
    truth = bits[0].strip() in ("T", "TRUE")
    wrong, right = _plain(bits[1], fmt, question), _plain(bits[2], fmt, question)
    return [
        Choice("true", 1.0 if truth else 0.0, right if truth else wrong),
        Choice("false", 0.0 if truth else 1.0, wrong if truth else right),
    ]


def _number(text: str) -> float:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise FormatError(0, f"{text!r} is not a number")
    return float(text)


def _numerical(answers: str) -> list[NumericKey]:
    """``=1.5:0.1``, ``=1..2`` or ``1.5`` answers; ``~`` wrong-answer feedback is left out."""
    right = answers.split("~", 1)[0]
    keys = []
    for part in _split(right, "="):
        fraction, body = _weight(part[1:].strip(), "=")
        value, _, _feedback = body.partition("#")
        value = value.strip()
        if value == "*":
            continue
        if ".." in value[1:]:
            low, high = (_number(v) for v in value.split("..", 1))
            keys.append(NumericKey((low + high) / 2, (high - low) / 2, fraction))
        elif ":" in value:
            number, tolerance = value.split(":", 1)
            keys.append(NumericKey(_number(number), abs(_number(tolerance)), fraction))
        else:
            keys.append(NumericKey(_number(value), 0.0, fraction))
    if not keys:
        raise FormatError(0, "a numerical question needs a number")
    return keys
