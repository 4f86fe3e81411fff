"""Student views: the home page with assignments, joining a cohort, starting an assignment."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.cohorts import assignments, orgs, roster
from quiz.cohorts.forms import ActionForm, JoinForm
from quiz.cohorts.routes import bp
from quiz.core import access
from quiz.core.access import login_required
from quiz.models import Attempt
from quiz.security.limits import per_user_or_address, rate_limited

Page = str | WerkzeugResponse | tuple[str, int]


@bp.route("/home")
@login_required
def home() -> Page:
    """The signed-in person's assignments and, for instructors, their organisations."""
    return render_template(
        "cohorts/home.html",
        items=assignments.student_assignments(current_user.id),
        orgs=orgs.organisations_of(current_user.id),
        join_form=JoinForm(),
        start_form=ActionForm(),
    )


@bp.route("/join", methods=["GET", "POST"])
@bp.route("/join/<code>", methods=["GET", "POST"])
@rate_limited("join_code", key=per_user_or_address)
def join(code: str | None = None) -> Page:
    """Join a cohort with its code or link (signing up or in first)."""
    if not current_user.is_authenticated:
        flash("Log in or create an account to join the class.")
        return redirect(url_for("accounts.signup", next=request.path))
    form = JoinForm(code=code or "")
    if form.validate_on_submit():
        cohort = roster.cohort_by_code(form.code.data)
        if cohort is not None and cohort.archived_at is not None:
            form.code.errors = ["This class is archived and takes nobody new; ask your instructor."]
        elif cohort is not None:
            roster.join(cohort, current_user)
            flash(f"You joined {cohort.name}. Its assignments are listed below.")
            return redirect(url_for("cohorts.home"))
        else:
            form.code.errors = ["No class has this code. Check it with your instructor."]
    cohort = roster.cohort_by_code(code) if code else None
    return render_template("cohorts/join.html", form=form, cohort=cohort), (
        400 if form.errors else 200
    )


@bp.route("/assignments/<int:assignment_id>/start", methods=["POST"])
@login_required
def start_assignment(assignment_id: int) -> WerkzeugResponse:
    """Start or continue the student's attempt on an assignment."""
    assignment, member = access.own_assignment(assignment_id)
    if not ActionForm().validate_on_submit():
        flash("The form expired; press Start again.", "error")
        return redirect(url_for("cohorts.home"))
    started = assignments.start(assignment, member)
    if not isinstance(started, Attempt):
        flash(started, "error")
        return redirect(url_for("cohorts.home"))
    return redirect(url_for("attempts.about", token=started.token))
