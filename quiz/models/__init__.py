"""SQLAlchemy models, one module per aggregate."""

from __future__ import annotations

from quiz.models.attempts import Attempt, Response
from quiz.models.cohorts import Accommodation, Assignment, Cohort, CohortMember
from quiz.models.content import BankSnapshot
from quiz.models.orgs import Membership, Organisation
from quiz.models.reports import ReportSnapshot, ShareLink
from quiz.models.tokens import ApiToken
from quiz.models.users import PasswordReset, User

__all__ = [
    "Accommodation",
    "ApiToken",
    "Assignment",
    "Attempt",
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
]
