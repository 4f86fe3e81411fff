"""Cohorts, their assignments and the assignments' results, for instructors.

The same rules as the cohort pages (``quiz.core.access``): only owners and instructors of the
cohort's organisation see it; another organisation's ids answer 404. The results are the
dashboard's rows (``quiz.cohorts.dashboard``).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import g
from pydantic import BaseModel, Field

from quiz.api.pagination import PageQuery, after_in_memory, keyset_page
from quiz.api.routes import bp
from quiz.api.spec import operation
from quiz.cohorts import dashboard
from quiz.core import access
from quiz.extensions import db
from quiz.models import Assignment, Cohort, CohortMember

SCOPE = "cohorts:read"
TAG = "cohorts"


class CohortOut(BaseModel):
    """A cohort of one of your organisations."""

    id: int
    name: str
    organisation_id: int
    organisation_name: str
    join_code: str
    member_count: int
    created_at: datetime


class CohortPage(BaseModel):
    """A page of cohorts."""

    items: list[CohortOut]
    next_cursor: str | None


class AssignmentOut(BaseModel):
    """An assignment set to a cohort."""

    id: int
    cohort_id: int
    title: str
    profile_id: str
    mode: str
    opens_at: datetime
    due_at: datetime | None
    attempt_limit: int
    time_limit_minutes: int | None


class AssignmentPage(BaseModel):
    """A page of a cohort's assignments."""

    items: list[AssignmentOut]
    next_cursor: str | None


class ResultOut(BaseModel):
    """One student's result on an assignment: status and, once submitted, their scores."""

    member_id: int
    name: str
    email: str | None
    status: str
    submitted_at: datetime | None
    readiness: float | None = Field(description="Mean readiness for the role, 0–100.")
    mastery: dict[str, float | None] = Field(description="Requirement id → mean mastery.")


class ResultPage(BaseModel):
    """A page of an assignment's results, by roster member id."""

    items: list[ResultOut]
    submitted: int
    next_cursor: str | None


def _cohort_out(cohort: Cohort) -> CohortOut:
    members = db.session.scalar(
        sa.select(sa.func.count(CohortMember.id)).where(CohortMember.cohort_id == cohort.id)
    )
    return CohortOut(
        id=cohort.id,
        name=cohort.name,
        organisation_id=cohort.organisation_id,
        organisation_name=cohort.organisation.name,
        join_code=cohort.join_code,
        member_count=members or 0,
        created_at=cohort.created_at,
    )


def _assignment_out(a: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=a.id,
        cohort_id=a.cohort_id,
        title=a.title,
        profile_id=a.profile_id,
        mode=a.mode,
        opens_at=a.opens_at,
        due_at=a.due_at,
        attempt_limit=a.attempt_limit,
        time_limit_minutes=a.time_limit_minutes,
    )


@bp.get("/cohorts")
@operation(SCOPE, TAG, ok=CohortPage, query=PageQuery)
def list_cohorts(query: PageQuery) -> CohortPage:
    """List the cohorts of the organisations you teach in."""
    mine = Cohort.organisation_id.in_(access.teaching_org_ids(g.api_token.user_id))
    shown, cursor = keyset_page(
        sa.select(Cohort).where(mine), Cohort.id, query, lambda c: int(c.id)
    )
    return CohortPage(items=[_cohort_out(c) for c in shown], next_cursor=cursor)


@bp.get("/cohorts/<int(max=2147483647):cohort_id>")
@operation(SCOPE, TAG, ok=CohortOut)
def get_cohort(cohort_id: int) -> CohortOut:
    """A cohort you teach."""
    return _cohort_out(access.teaching_cohort(cohort_id))


@bp.get("/cohorts/<int(max=2147483647):cohort_id>/assignments")
@operation(SCOPE, TAG, ok=AssignmentPage, query=PageQuery)
def list_assignments(cohort_id: int, query: PageQuery) -> AssignmentPage:
    """List a cohort's assignments, oldest first."""
    cohort = access.teaching_cohort(cohort_id)
    statement = sa.select(Assignment).where(Assignment.cohort_id == cohort.id)
    shown, cursor = keyset_page(statement, Assignment.id, query, lambda a: int(a.id))
    return AssignmentPage(items=[_assignment_out(a) for a in shown], next_cursor=cursor)


@bp.get("/assignments/<int(max=2147483647):assignment_id>")
@operation(SCOPE, TAG, ok=AssignmentOut)
def get_assignment(assignment_id: int) -> AssignmentOut:
    """An assignment of a cohort you teach."""
    return _assignment_out(access.teaching_assignment(assignment_id))


@bp.get("/assignments/<int(max=2147483647):assignment_id>/results")
@operation(SCOPE, TAG, ok=ResultPage, query=PageQuery)
def list_results(assignment_id: int, query: PageQuery) -> ResultPage:
    """Each student's status and scores on an assignment, as on its dashboard."""
    board = dashboard.build(access.teaching_assignment(assignment_id))
    shown, cursor = after_in_memory(board.rows, query, lambda r: r.member.id, int)
    items = [
        ResultOut(
            member_id=row.member.id,
            name=row.member.name,
            email=row.member.email,
            status=row.status,
            submitted_at=row.attempt.submitted_at if row.attempt else None,
            readiness=row.data["readiness"]["mean"] if row.data else None,
            mastery=row.cells,
        )
        for row in shown
    ]
    return ResultPage(items=items, submitted=board.submitted, next_cursor=cursor)
