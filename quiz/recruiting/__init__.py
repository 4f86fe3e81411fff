"""Recruiting: positions, invitations, consent, candidates' rights and retention.

A domain package without routes; the ``recruit`` blueprint and the account pages call it.
``visible_attempt`` is the one gate for showing a candidate's result to a recruiter.
"""

from __future__ import annotations

from quiz.recruiting.status import STATUSES, invitation_status, status_of
from quiz.recruiting.visibility import visible_attempt

__all__ = ["STATUSES", "invitation_status", "status_of", "visible_attempt"]
