"""Instructor views of results: the assignment dashboard, its CSV, a student's report,
extra time, and the cohort's progress over time."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.attempts.integrity import integrity_context
from quiz.cohorts import assignments, feedback, items, zones
from quiz.cohorts import dashboard as board
from quiz.cohorts.forms import ExtraTimeForm, TermsForm
from quiz.cohorts.routes import bp
from quiz.core import access, audit
from quiz.core.access import login_required
from quiz.core.downloads import attachment
from quiz.extensions import db
from quiz.models import Assignment, CohortMember, ReportSnapshot
from quiz.reports.pages import report_body
from quiz.security.inputs import whole_number

Page = str | WerkzeugResponse | tuple[str, int]
PAGE_SIZE = 100  # students per page of the dashboard; counts and aggregates cover everyone


@bp.route("/assignments/<int:assignment_id>")
@login_required
def dashboard(assignment_id: int) -> Page:
    """The class dashboard of one assignment."""
    assignment = access.teaching_assignment(assignment_id)
    built = board.build(assignment)
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORT_KEYS else "name"
    desc = request.args.get("desc") == "1"
    rows = sorted(built.rows, key=SORT_KEYS[sort], reverse=desc)
    counts = {s: sum(1 for r in built.rows if r.status == s) for s in assignments.STATUSES}
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = whole_number(request.args.get("page"), 1, high=pages)
    return render_template(
        "cohorts/dashboard.html",
        board=built,
        rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        page=page,
        pages=pages,
        first=(page - 1) * PAGE_SIZE + 1,
        sort=sort,
        desc=desc,
        counts=counts,
        near=board.NEAR,
        min_group=current_app.config["COHORT_MIN_SUBMITTED"],
        cohort=assignment.cohort,
        statuses=assignments.STATUSES,
    )


def _score(key: str) -> Any:
    def get(row: board.StudentRow) -> tuple[int, float, str]:
        value = (
            (
                row.data["readiness"]["mean"]
                if key == "readiness"
                else row.data["overall"]["percent"]
            )
            if row.data
            else None
        )
        return (0 if value is None else 1, value or 0.0, row.member.name.lower())

    return get


SORT_KEYS: dict[str, Any] = {
    "name": lambda row: (row.member.name.lower(), row.member.id),
    "status": lambda row: (assignments.STATUSES.index(row.status), row.member.name.lower()),
    "readiness": _score("readiness"),
    "overall": _score("overall"),
}


@bp.route("/assignments/<int:assignment_id>/dashboard.csv")
@login_required
def dashboard_csv(assignment_id: int) -> Response:
    """The dashboard as CSV, one line per student."""
    assignment = access.teaching_assignment(assignment_id)
    body = board.to_csv(board.build(assignment))
    return attachment(body, "text/csv", f"assignment-{assignment.id}.csv")


@bp.route("/assignments/<int:assignment_id>/students/<int:member_id>")
@login_required
def student_report(assignment_id: int, member_id: int, terms_form: TermsForm | None = None) -> Page:
    """A student's newest submitted report on the assignment, with their extra time, own due
    date and extra attempts."""
    assignment = access.teaching_assignment(assignment_id)
    member = access.student_of(assignment, member_id)
    attempt = feedback.newest_submitted(assignment, member)
    snapshot = None
    if attempt is not None:
        snapshot = db.session.scalar(
            sa.select(ReportSnapshot)
            .where(ReportSnapshot.attempt_id == attempt.id)
            .order_by(ReportSnapshot.id.desc())
            .limit(1)
        )
    found = assignments.accommodation_of(assignment, member)
    form = ExtraTimeForm(extra_time=str(assignments.extra_time_of(assignment, member)))
    if terms_form is None:
        zone = assignment.cohort.organisation.time_zone
        terms_form = TermsForm(
            formdata=None,
            due_at=zones.to_local(found.due_at, zone) if found else None,
            extra_attempts=found.extra_attempts if found else 0,
        )
        terms_form.in_zone(zone)
    body = None
    if attempt is not None and snapshot is not None:
        note = (
            f"{member.name}'s report on {assignment.title}, as their instructor sees it. "
            "Their answers are on the answers page, where you can leave feedback."
        )
        body = report_body(attempt, snapshot, shared=True, viewer_note=note)
        context = audit.ViewContext(
            assignment.cohort.organisation, f"{assignment.title}, {assignment.cohort.name}"
        )
        audit.record_report_view(attempt, current_user, context)
    return render_template(
        "cohorts/student.html",
        assignment=assignment,
        member=member,
        attempt=attempt,
        snapshot=snapshot,
        body=body,
        data=snapshot.data if snapshot else None,
        percentile=board.percentile_for(attempt) if attempt else None,
        integrity=integrity_context(attempt) if attempt and snapshot else None,
        form=form,
        terms_form=terms_form,
        terms=assignments.Terms.of(assignment, found),
    ), (400 if terms_form.errors else 200)


@bp.route("/assignments/<int:assignment_id>/students/<int:member_id>/extra-time", methods=["POST"])
@login_required
def extra_time(assignment_id: int, member_id: int) -> WerkzeugResponse:
    """Set a student's extra time on the assignment (an accommodation)."""
    assignment = access.teaching_assignment(assignment_id)
    member = access.student_of(assignment, member_id)
    form = ExtraTimeForm()
    if not form.validate_on_submit():
        abort(400, "Choose one of the listed amounts of extra time.")
    assignments.set_accommodation(assignment, member, extra_time=float(form.extra_time.data))
    _log_terms(assignment, member, f"extra time x{form.extra_time.data}")
    flash(f"Extra time for {member.name} is saved; it applies to attempts started from now.")
    return redirect(
        url_for("cohorts.student_report", assignment_id=assignment_id, member_id=member_id)
    )


def _log_terms(assignment: Assignment, member: CohortMember, what: str) -> None:
    audit.record_change(
        assignment.cohort.organisation_id,
        current_user,
        "student-terms",
        f"{assignment.cohort.name}: {assignment.title}, {member.name}: {what}",
    )
    db.session.commit()


@bp.route("/assignments/<int:assignment_id>/students/<int:member_id>/terms", methods=["POST"])
@login_required
def student_terms(assignment_id: int, member_id: int) -> Page:
    """Set a student's own due date and extra attempts on the assignment."""
    assignment = access.teaching_assignment(assignment_id)
    member = access.student_of(assignment, member_id)
    zone = assignment.cohort.organisation.time_zone
    form = TermsForm()
    form.in_zone(zone)
    if not form.validate_on_submit():
        return student_report(assignment_id, member_id, terms_form=form)
    due = form.utc(form.due_at.data)
    extra = int(form.extra_attempts.data)
    assignments.set_accommodation(assignment, member, due=(due,), extra_attempts=extra)
    when = zones.shown(due, zone, "the class's")
    _log_terms(assignment, member, f"due date {when}, {extra} extra attempt(s)")
    flash(f"{member.name} now has due date {when} and {extra} extra attempt(s).")
    return redirect(
        url_for("cohorts.student_report", assignment_id=assignment_id, member_id=member_id)
    )


@bp.route("/cohorts/<int:cohort_id>/progress")
@login_required
def progress(cohort_id: int) -> Page:
    """Each student's readiness across the cohort's assignments."""
    cohort = access.teaching_cohort(cohort_id)
    return render_template("cohorts/progress.html", cohort=cohort, progress=board.progress(cohort))


@bp.route("/assignments/<int:assignment_id>/items")
@login_required
def item_analysis(assignment_id: int) -> Page:
    """Facility, discrimination and reliability of the assignment's items."""
    assignment = access.teaching_assignment(assignment_id)
    return render_template(
        "cohorts/items.html",
        assignment=assignment,
        analysis=items.analyse_assignment(assignment),
        flag_text=items.FLAG_TEXT,
        too_few=items.TOO_FEW,
        min_responses=items.MIN_RESPONSES,
    )
