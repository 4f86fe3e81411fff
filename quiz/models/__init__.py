"""SQLAlchemy models, one module per aggregate."""

from __future__ import annotations

from quiz.models.attempts import Attempt, Response
from quiz.models.audit import AuditEntry, ReportView
from quiz.models.calibrations import Calibration, CalibrationItem
from quiz.models.cohorts import (
    Accommodation,
    Assignment,
    AttemptFeedback,
    Cohort,
    CohortMember,
    ItemCount,
)
from quiz.models.content import BankSnapshot
from quiz.models.integrity import AttemptEvent
from quiz.models.orgbanks import OrgBank, OrgItem, OrgItemVersion
from quiz.models.orgs import Membership, Organisation, OrgAudit, StaffInvitation
from quiz.models.pipeline import CandidateDecision, CandidateNote, PipelineAudit
from quiz.models.recruiting import Invitation, Position
from quiz.models.reports import ReportSnapshot, ShareLink
from quiz.models.tokens import ApiToken
from quiz.models.users import PasswordReset, PendingSignup, User, UserSession
from quiz.models.webhooks import Webhook, WebhookDelivery

__all__ = [
    "Accommodation",
    "ApiToken",
    "Assignment",
    "Attempt",
    "AttemptEvent",
    "AttemptFeedback",
    "AuditEntry",
    "BankSnapshot",
    "Calibration",
    "CalibrationItem",
    "CandidateDecision",
    "CandidateNote",
    "Cohort",
    "CohortMember",
    "Invitation",
    "ItemCount",
    "Membership",
    "OrgAudit",
    "OrgBank",
    "OrgItem",
    "OrgItemVersion",
    "Organisation",
    "PasswordReset",
    "PendingSignup",
    "PipelineAudit",
    "Position",
    "ReportSnapshot",
    "ReportView",
    "Response",
    "ShareLink",
    "StaffInvitation",
    "User",
    "UserSession",
    "Webhook",
    "WebhookDelivery",
]
