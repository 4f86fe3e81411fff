"""SQLAlchemy models, one module per aggregate."""

from __future__ import annotations

from quiz.models.attempts import Attempt, Response
from quiz.models.content import BankSnapshot
from quiz.models.reports import ReportSnapshot, ShareLink

__all__ = ["Attempt", "BankSnapshot", "ReportSnapshot", "Response", "ShareLink"]
