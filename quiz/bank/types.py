"""The question-type registry: one class per item type.

Each type knows how to present an item without revealing its key (``render``), how to read a
submitted form into a JSON answer (``parse``), how to grade that answer into a credit in [0, 1]
(``grade``), how much credit a blind guess earns on average (``chance``, which the scoring uses
to discount lucky answers), and how to describe answers and keys in a review
(``describe``/``key``). Adding a question type means adding one class here and one template
macro.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping, Sequence
from itertools import combinations, permutations
from typing import Any, ClassVar

from quiz.bank import schema

Answer = dict[str, Any]
Form = Mapping[str, Sequence[str]]


class AnswerError(ValueError):
    """A submitted answer is malformed (not merely wrong); shown to the candidate as-is."""


class QuestionType:
    """Base class; subclasses set ``name`` and override the hooks they need."""

    name: ClassVar[str]
    label: ClassVar[str]

    def render(self, item: Any, rng: random.Random) -> dict[str, Any]:
        """Data for the question template. Must never contain the key."""
        data: dict[str, Any] = {"id": item.id, "type": self.name, "stem": item.stem}
        data["text_format"] = item.text_format  # "html": the stem is sanitized HTML
        if item.code is not None:
            data["code"] = {"language": item.code.language, "text": item.code.text}
        options = list(getattr(item, "options", []))
        if options:
            rng.shuffle(options)
            data["options"] = [{"id": o.id, "text": o.text} for o in options]
        return data

    def parse(self, item: Any, form: Form) -> Answer | None:
        """Read the form; ``None`` when nothing was answered."""
        raise NotImplementedError

    def grade(self, item: Any, answer: Answer) -> float:
        """Credit in [0, 1] for ``answer``."""
        raise NotImplementedError

    def guesses(self, item: Any) -> list[Answer]:
        """Every answer a blind guesser picks with equal probability (empty: none to pick)."""
        return [{"choice": o.id} for o in getattr(item, "options", [])]

    def chance(self, item: Any) -> float:
        """Expected credit of a blind guess: the mean credit over ``guesses``."""
        answers = self.guesses(item)
        if not answers:
            return 0.0
        return sum(self.grade(item, a) for a in answers) / len(answers)

    def describe(self, item: Any, answer: Answer | None) -> str:
        """The candidate's answer in words, for the review page."""
        if answer is None:
            return "Not answered"
        if answer.get("dont_know"):
            return "I don't know"
        return self._describe(item, answer)

    def _describe(self, item: Any, answer: Answer) -> str:
        raise NotImplementedError

    def key(self, item: Any) -> str:
        """The correct answer in words, for the review page."""
        raise NotImplementedError


def _option_text(item: Any, option_id: str) -> str:
    for option in item.options:
        if option.id == option_id:
            return str(option.text)
    return option_id


def _one(form: Form, name: str = "answer") -> str | None:
    values = [v for v in form.get(name, []) if v.strip()]
    return values[0].strip() if values else None


class SingleChoice(QuestionType):
    """One option is the key."""

    name = "single_choice"
    label = "Single choice"

    def parse(self, item: Any, form: Form) -> Answer | None:
        choice = _one(form)
        if choice is None:
            return None
        if choice not in {o.id for o in item.options}:
            raise AnswerError("That option is not part of this question.")
        return {"choice": choice}

    def grade(self, item: Any, answer: Answer) -> float:
        return 1.0 if answer.get("choice") == item.answer else 0.0

    def _describe(self, item: Any, answer: Answer) -> str:
        return _option_text(item, str(answer.get("choice")))

    def key(self, item: Any) -> str:
        return _option_text(item, item.answer)


class CodeReading(SingleChoice):
    """Single choice about a code snippet."""

    name = "code_reading"
    label = "Code reading"


class MultipleSelect(QuestionType):
    """Choose all that apply: (keys chosen − wrong chosen) / keys, floored at 0."""

    name = "multiple_select"
    label = "Multiple select"

    def render(self, item: Any, rng: random.Random) -> dict[str, Any]:
        data = super().render(item, rng)
        data["select_count"] = len(item.answer)
        return data

    def parse(self, item: Any, form: Form) -> Answer | None:
        chosen = sorted({v for v in form.get("answer", []) if v})
        if not chosen:
            return None
        if not set(chosen) <= {o.id for o in item.options}:
            raise AnswerError("That option is not part of this question.")
        return {"choices": chosen}

    def guesses(self, item: Any) -> list[Answer]:
        """The page says how many to select: a guesser picks that many at random."""
        ids = [o.id for o in item.options]
        return [{"choices": list(c)} for c in combinations(ids, len(item.answer))]

    def grade(self, item: Any, answer: Answer) -> float:
        chosen = set(answer.get("choices", []))
        keys = set(item.answer)
        score = (len(chosen & keys) - len(chosen - keys)) / len(keys)
        return max(0.0, score)

    def _describe(self, item: Any, answer: Answer) -> str:
        return "; ".join(_option_text(item, c) for c in answer.get("choices", []))

    def key(self, item: Any) -> str:
        return "; ".join(_option_text(item, k) for k in sorted(item.answer))


class TrueFalse(QuestionType):
    """A statement judged true or false."""

    name = "true_false"
    label = "True or false"

    def parse(self, item: Any, form: Form) -> Answer | None:
        value = _one(form)
        if value is None:
            return None
        if value not in ("true", "false"):
            raise AnswerError("Choose True or False.")
        return {"value": value == "true"}

    def guesses(self, item: Any) -> list[Answer]:
        """True or false, one half each."""
        return [{"value": True}, {"value": False}]

    def grade(self, item: Any, answer: Answer) -> float:
        return 1.0 if answer.get("value") is item.answer else 0.0

    def _describe(self, item: Any, answer: Answer) -> str:
        return "True" if answer.get("value") else "False"

    def key(self, item: Any) -> str:
        return "True" if item.answer else "False"


def normalise_text(text: str, case_sensitive: bool) -> str:
    """Trim and fold inner whitespace; fold case unless the item is case-sensitive."""
    folded = re.sub(r"\s+", " ", text.strip())
    return folded if case_sensitive else folded.casefold()


class ShortAnswer(QuestionType):
    """Typed answer: accepted spellings, or a number within a tolerance."""

    name = "short_answer"
    label = "Short answer"

    def render(self, item: Any, rng: random.Random) -> dict[str, Any]:
        data = super().render(item, rng)
        data["numeric"] = item.numeric is not None
        return data

    def parse(self, item: Any, form: Form) -> Answer | None:
        text = _one(form)
        if text is None:
            return None
        if len(text) > 200:
            raise AnswerError("Answers are at most 200 characters.")
        if item.numeric is not None and _number(text) is None:
            raise AnswerError("Enter a number, for example 42 or 0.5.")
        return {"text": text}

    def guesses(self, item: Any) -> list[Answer]:
        """A typed answer is not guessed by picking: its chance is taken as 0."""
        return []

    def grade(self, item: Any, answer: Answer) -> float:
        text = str(answer.get("text", ""))
        if item.numeric is not None:
            value = _number(text)
            ok = value is not None and abs(value - item.numeric.value) <= item.numeric.tolerance
            return 1.0 if ok else 0.0
        given = normalise_text(text, item.case_sensitive)
        accepted = {normalise_text(a, item.case_sensitive) for a in item.accepted}
        return 1.0 if given in accepted else 0.0

    def _describe(self, item: Any, answer: Answer) -> str:
        return str(answer.get("text", ""))

    def key(self, item: Any) -> str:
        if item.numeric is not None:
            tol = item.numeric.tolerance
            value = f"{item.numeric.value:g}"
            return f"{value} (± {tol:g})" if tol else value
        return " or ".join(item.accepted)


def _number(text: str) -> float | None:
    """A finite number; a trailing percent sign is allowed ("99.5%")."""
    try:
        value = float(text.strip().removesuffix("%").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class Ordering(QuestionType):
    """Put steps in order: credit is the share of step pairs in the right relative order."""

    name = "ordering"
    label = "Ordering"

    def parse(self, item: Any, form: Form) -> Answer | None:
        positions: dict[str, int] = {}
        for option in item.options:
            raw = _one(form, f"position-{option.id}")
            if raw is None:
                continue
            if not _is_small_number(raw) or not 1 <= int(raw) <= len(item.options):
                raise AnswerError(f"Positions go from 1 to {len(item.options)}.")
            positions[option.id] = int(raw)
        if not positions:
            return None
        if len(positions) != len(item.options) or len(set(positions.values())) != len(positions):
            raise AnswerError("Give every step a different position.")
        return {"order": sorted(positions, key=positions.__getitem__)}

    def guesses(self, item: Any) -> list[Answer]:
        """Every order of the steps."""
        return [{"order": list(p)} for p in permutations(item.answer)]

    def chance(self, item: Any) -> float:
        """A random order puts each pair of steps right half the time (the mean over
        ``guesses``, without enumerating up to 720 orders)."""
        return 0.5

    def grade(self, item: Any, answer: Answer) -> float:
        order = list(answer.get("order", []))
        if sorted(order) != sorted(item.answer):
            return 0.0
        place = {step: i for i, step in enumerate(order)}
        pairs = list(combinations(item.answer, 2))
        agree = sum(1 for first, second in pairs if place[first] < place[second])
        return agree / len(pairs)

    def _describe(self, item: Any, answer: Answer) -> str:
        return " → ".join(_option_text(item, s) for s in answer.get("order", []))

    def key(self, item: Any) -> str:
        return " → ".join(_option_text(item, s) for s in item.answer)


def _is_small_number(raw: str) -> bool:
    """ASCII digits only, at most three ("²" and "٣" are digits to ``str.isdigit`` too)."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 3


class SituationalJudgment(SingleChoice):
    """Every option carries a credit; the chosen option's credit is the score."""

    name = "situational_judgment"
    label = "Situational judgment"

    def grade(self, item: Any, answer: Answer) -> float:
        for option in item.options:
            if option.id == answer.get("choice"):
                return float(option.credit)
        return 0.0

    def key(self, item: Any) -> str:
        best = max(item.options, key=lambda o: o.credit)
        return str(best.text)


REGISTRY: dict[str, QuestionType] = {
    t.name: t
    for t in (
        SingleChoice(),
        CodeReading(),
        MultipleSelect(),
        TrueFalse(),
        ShortAnswer(),
        Ordering(),
        SituationalJudgment(),
    )
}


MAX_FIELD_CHARS = 1000  # any one submitted answer field
MAX_FIELD_VALUES = 50  # values under one field name (a multiple-select has a dozen at most)


def parse_answer(item: schema.ItemBase, form: Form) -> Answer | None:
    """Check the size of submitted answer fields, then parse with the item's type.

    Raises ``AnswerError`` with a message for the candidate on over-long or malformed input.
    """
    for name, values in form.items():
        if len(values) > MAX_FIELD_VALUES:
            raise AnswerError("Too many values were sent for this question.")
        if any(len(v) > MAX_FIELD_CHARS for v in values) and name != "csrf_token":
            raise AnswerError(f"Answers are at most {MAX_FIELD_CHARS} characters.")
    return question_type(item).parse(item, form)


def question_type(item: schema.ItemBase) -> QuestionType:
    """The registry entry for ``item``'s type."""
    return REGISTRY[item.type]  # type: ignore[attr-defined]
