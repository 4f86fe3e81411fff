"""Webhooks: an organisation is told, by a signed JSON POST, when an attempt is submitted.

``registry`` says which organisations an attempt belongs to (cohort assignments today; other
contexts such as recruiter positions register a resolver). ``manage`` registers, rotates and
deletes hooks; ``delivery`` builds, signs and sends each try and logs it; ``dispatch`` runs the
tries outside the request, on RQ when Redis is configured, else on a background thread.
Payload, signature and retries: docs/webhooks.md.
"""

from __future__ import annotations

from quiz.webhooks.delivery import attempt_submitted, run_try
from quiz.webhooks.dispatch import wait_until_idle
from quiz.webhooks.registry import organisations_for_attempt, register_resolver
from quiz.webhooks.signing import sign, verify

__all__ = [
    "attempt_submitted",
    "organisations_for_attempt",
    "register_resolver",
    "run_try",
    "sign",
    "verify",
    "wait_until_idle",
]
