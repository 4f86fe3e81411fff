"""The instructor's view of a student's answers on an assignment (each question with the
answer given, the key and the explanation) and the feedback comment the student reads on
their report."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.cohorts import feedback
from quiz.cohorts.actionforms import FeedbackForm
from quiz.cohorts.routes import bp
from quiz.core import access, audit
from quiz.core.access import login_required
from quiz.reports.review import review_rows

Page = str | WerkzeugResponse | tuple[str, int]


@bp.route(
    "/assignments/<int:assignment_id>/students/<int:member_id>/answers", methods=["GET", "POST"]
)
@login_required
def student_answers(assignment_id: int, member_id: int) -> Page:
    """A student's answers on their newest submitted attempt, and the feedback form."""
    assignment = access.teaching_assignment(assignment_id)
    member = access.student_of(assignment, member_id)
    attempt = feedback.newest_submitted(assignment, member)
    found = feedback.feedback_of(attempt.id) if attempt else None
    form = FeedbackForm(text=found.text if found else "")
    if attempt is not None and form.validate_on_submit():
        feedback.save(attempt, assignment, form.text.data or "", current_user)
        flash(f"Feedback for {member.name} is saved; they read it on their report.")
        return redirect(
            url_for("cohorts.student_answers", assignment_id=assignment_id, member_id=member_id)
        )
    if attempt is not None and not form.is_submitted():
        context = audit.ViewContext(
            assignment.cohort.organisation,
            f"answers on {assignment.title}, {assignment.cohort.name}",
        )
        audit.record_report_view(attempt, current_user, context)
    return render_template(
        "cohorts/answers.html",
        assignment=assignment,
        member=member,
        attempt=attempt,
        rows=review_rows(attempt) if attempt else [],
        form=form,
    ), (400 if form.errors or (form.is_submitted() and attempt is None) else 200)
