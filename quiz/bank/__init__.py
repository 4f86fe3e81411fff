"""Question content: load and validate ``questions/``, and the question-type registry.

Nothing here imports Flask; the web app, the CLI and the tests all use the same loader.
"""

from __future__ import annotations

from quiz.bank.loader import Content, ContentError, load_content
from quiz.bank.types import REGISTRY, AnswerError, parse_answer, question_type

__all__ = [
    "REGISTRY",
    "AnswerError",
    "Content",
    "ContentError",
    "load_content",
    "parse_answer",
    "question_type",
]
