"""Per-type mapping of a Moodle question onto one of our item types (a draft dict).

One function per Moodle type. Each returns the type-specific fields plus ``feedback`` (the
general feedback, with per-answer feedback folded in where our type has no place for it), or
raises ``Skip`` with the reason the question has no faithful equivalent. Lost meaning is
appended to ``warnings``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from quiz.bank.interchange import FULL, Choice, SourceQuestion
from quiz.bank.richtext import inline_html, to_plain

Draft = dict[str, Any]

SKIP_REASONS = {
    "matching": "matching questions have no equivalent type here",
    "essay": "essay questions need a human grader; there is no equivalent type here",
    "description": "a description has nothing to answer",
    "cloze": "cloze (embedded answers) questions have no equivalent type here",
    "ordering": "Moodle's ordering question type is not imported",
}


class Skip(Exception):
    """The question cannot be imported; the message says why."""


def item_shape(question: SourceQuestion, warnings: list[str]) -> Draft:
    """The draft item for ``question``: common fields plus its type's fields."""
    if question.kind in SKIP_REASONS:
        raise Skip(SKIP_REASONS[question.kind])
    shape = _SHAPES.get(question.kind)
    if shape is None:
        raise Skip(f"Moodle question type '{question.kind}' has no equivalent type here")
    draft: Draft = {"stem": question.stem}
    if question.html:
        draft["text_format"] = "html"
    if question.code is not None:
        draft["code"] = {"language": question.code.language, "text": question.code.text}
    draft.update(shape(question, warnings))
    return draft


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.10g}%"


def _options(choices: list[Choice]) -> list[dict[str, Any]]:
    return [{"id": chr(ord("A") + i), "text": c.text} for i, c in enumerate(choices)]


def _label(choice: Choice) -> str:
    if choice.text in ("true", "false"):
        return choice.text.capitalize()
    return "Any other answer" if choice.text == "*" else choice.text


def _folded(question: SourceQuestion, labelled: list[tuple[str, str]]) -> str:
    """General feedback, then each answer's feedback as "answer: feedback" (a list in HTML)."""
    lines = [(label, feedback) for label, feedback in labelled if feedback]
    if question.other_feedback:
        lines.append(("Any other answer", question.other_feedback))
    if not lines:
        return question.general_feedback
    if question.html:
        entries = "".join(
            f"<li>{html.escape(label, quote=False)}: {inline_html(fb) or fb}</li>"
            for label, fb in lines
        )
        return f"{question.general_feedback}<ul>{entries}</ul>"
    folded = "\n".join(f"{label}: {feedback}" for label, feedback in lines)
    return "\n\n".join(p for p in (question.general_feedback, folded) if p)


def _choice_feedback(question: SourceQuestion, choices: list[Choice]) -> str:
    return _folded(question, [(_label(c), c.feedback) for c in choices])


def _multichoice(question: SourceQuestion, warnings: list[str]) -> Draft:
    if question.single:
        return _one_answer(question, warnings)
    return _several_answers(question, warnings)


def _one_answer(question: SourceQuestion, warnings: list[str]) -> Draft:
    """One-answer multiple choice: single choice, or situational judgment with partial credit."""
    choices = question.choices
    full = [i for i, c in enumerate(choices) if c.fraction >= FULL]
    if len(full) != 1:
        raise Skip(f"{len(full)} options earn full credit; a one-answer question needs exactly one")
    partial = [c for c in choices if 0 < c.fraction < FULL]
    negative = [c for c in choices if c.fraction < 0]
    judged = "type:situational_judgment" in question.tags or (
        bool(partial) and all(c.feedback for c in choices)
    )
    if judged:
        for c in negative:
            warnings.append(f"option '{c.text}' cost {_percent(c.fraction)}; now it earns 0")
        options = [
            {
                **o,
                "credit": round(max(0.0, c.fraction), 6),
                "rationale": to_plain(c.feedback, "html") if question.html else c.feedback,
            }
            for o, c in zip(_options(choices), choices, strict=True)
        ]
        return {
            "type": "situational_judgment",
            "options": options,
            "feedback": question.general_feedback,
        }
    for c in partial + negative:
        warnings.append(
            f"option '{c.text}' earned {_percent(c.fraction)}; as single choice it earns 0"
        )
    kind = "code_reading" if "type:code_reading" in question.tags else "single_choice"
    return {
        "type": kind,
        "options": _options(choices),
        "answer": chr(ord("A") + full[0]),
        "feedback": _choice_feedback(question, choices),
    }


def _several_answers(question: SourceQuestion, warnings: list[str]) -> Draft:
    """Multiple-answer multiple choice: multiple select (our grading noted when it differs)."""
    choices = question.choices
    keys = [i for i, c in enumerate(choices) if c.fraction > 0]
    if not keys:
        raise Skip("no option earns credit")
    if len(keys) == 1:
        warnings.append(
            "a multiple-answer question with one right option; imported as single choice"
        )
        return {
            "type": "single_choice",
            "options": _options(choices),
            "answer": chr(ord("A") + keys[0]),
            "feedback": _choice_feedback(question, choices),
        }
    share = 1 / len(keys)
    if any(abs(choices[i].fraction - share) > 0.001 for i in keys):
        weights = ", ".join(_percent(choices[i].fraction) for i in keys)
        warnings.append(f"right options carried unequal weights ({weights}); now each is equal")
    wrong = [c for c in choices if c.fraction <= 0]
    if any(abs(c.fraction + share) > 0.001 for c in wrong):
        warnings.append(
            f"wrong options cost {', '.join(sorted({_percent(c.fraction) for c in wrong}))}; "
            f"here each wrong choice costs {_percent(share)} (score floored at 0)"
        )
    return {
        "type": "multiple_select",
        "options": _options(choices),
        "answer": [chr(ord("A") + i) for i in keys],
        "feedback": _choice_feedback(question, choices),
    }


def _truefalse(question: SourceQuestion, warnings: list[str]) -> Draft:
    truth = next((c.text == "true" for c in question.choices if c.fraction >= FULL), None)
    if truth is None:
        raise Skip("neither true nor false earns full credit")
    return {
        "type": "true_false",
        "answer": truth,
        "feedback": _choice_feedback(question, question.choices),
    }


def wildcard(text: str) -> bool:
    """True when a short answer holds Moodle's ``*`` wildcard (``\\*`` is a literal star)."""
    return any(ch == "*" and (i == 0 or text[i - 1] != "\\") for i, ch in enumerate(text))


def _shortanswer(question: SourceQuestion, warnings: list[str]) -> Draft:
    accepted: list[str] = []
    wildcards = 0
    for c in question.choices:
        if c.fraction <= 0:
            continue
        if wildcard(c.text):
            wildcards += 1
            warnings.append(f"answer '{c.text}' uses a wildcard, which is not supported; dropped")
        elif c.fraction < FULL:
            warnings.append(f"answer '{c.text}' earned {_percent(c.fraction)}; dropped")
        else:
            accepted.append(c.text.replace("\\*", "*"))
    if not accepted and wildcards:
        raise Skip("its answers use Moodle's * wildcard, which short answers here do not support")
    if not accepted:
        raise Skip("no answer earns full credit")
    return {
        "type": "short_answer",
        "accepted": accepted,
        "case_sensitive": question.case_sensitive or "case-sensitive" in question.tags,
        "feedback": _choice_feedback(question, question.choices),
    }


def _numerical(question: SourceQuestion, warnings: list[str]) -> Draft:
    full = [k for k in question.numeric if k.fraction >= FULL]
    for k in question.numeric:
        if 0 < k.fraction < FULL:
            warnings.append(
                f"answer {k.value:g} ± {k.tolerance:g} earned {_percent(k.fraction)}; dropped"
            )
    if len(full) != 1:
        raise Skip(f"{len(full)} numbers earn full credit; a numeric answer has exactly one")
    key = full[0]
    labelled = [
        (f"{k.value:g} ± {k.tolerance:g}" if k.tolerance else f"{k.value:g}", k.feedback)
        for k in question.numeric
    ]
    return {
        "type": "short_answer",
        "numeric": {"value": key.value, "tolerance": key.tolerance},
        "feedback": _folded(question, labelled),
    }


_SHAPES: dict[str, Callable[[SourceQuestion, list[str]], Draft]] = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
}
