"""Cross-cutting protections: response headers, rate limits and limits on untrusted input.

Nothing here knows about quizzes; blueprints use ``rate_limited`` and the input helpers.
"""

from __future__ import annotations

from quiz.security.inputs import InputError, check_length, read_csv_rows
from quiz.security.limits import rate_limited
from quiz.security.tokens import new_secret_token, tokens_match

__all__ = [
    "InputError",
    "check_length",
    "new_secret_token",
    "rate_limited",
    "read_csv_rows",
    "tokens_match",
]
