"""SQLAlchemy models, one module per aggregate."""

from __future__ import annotations

from quiz.models.attempts import Attempt, Response
from quiz.models.cohorts import Accommodation, Assignment, Cohort, CohortMember
from quiz.models.content import BankSnapshot
from quiz.models.integrity import AttemptEvent
from quiz.models.orgs import Membership, Organisation
from quiz.models.reports import ReportSnapshot, ShareLink
from quiz.models.users import PasswordReset, User
from quiz.models.webhooks import Webhook, WebhookDelivery

__all__ = [
    "Accommodation",
    "Assignment",
    "Attempt",
    "AttemptEvent",
    "BankSnapshot",
    "Cohort",
    "CohortMember",
    "Membership",
    "Organisation",
    "PasswordReset",
    "ReportSnapshot",
    "Response",
    "ShareLink",
    "User",
    "Webhook",
    "WebhookDelivery",
]
