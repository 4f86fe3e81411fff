"""Correcting a class: edit, duplicate, close and delete an assignment; archive or restore a
cohort and reset its join code. Each destructive action has a confirmation page (GET) that
works without JavaScript; its POST acts only when the page's button sent ``confirm``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.cohorts import manage, reminders, zones
from quiz.cohorts.actionforms import ConfirmForm, DeleteAssignmentForm, ReminderForm
from quiz.cohorts.assignments import Settings
from quiz.cohorts.routes import bp
from quiz.cohorts.routes.organisations import assignment_form, past_due_refused
from quiz.core import access, mail
from quiz.core.access import login_required
from quiz.models import Assignment

Page = str | WerkzeugResponse | tuple[str, int]


def _form_values(assignment: Assignment) -> dict[str, object]:
    s = manage.settings_of(assignment)
    zone = assignment.cohort.organisation.time_zone
    return {
        "title": s.title,
        "profile": s.profile_id,
        "mode": s.mode,
        "areas": s.areas or [],
        "length": s.length,
        "opens_at": zones.to_local(s.opens_at, zone),
        "due_at": zones.to_local(s.due_at, zone),
        "attempt_limit": s.attempt_limit,
        "time_limit_minutes": s.time_limit_minutes,
        "review_allowed": s.review_allowed,
        "late_allowed": s.late_allowed,
        "source": s.source,
        "fixed_form": s.fixed_form,
    }


def _keep_seconds(settings: Settings, assignment: Assignment) -> Settings:
    """Dates the form shows to the minute are unchanged when their minute is."""

    def same(new: datetime | None, old: datetime | None) -> datetime | None:
        if new is not None and old is not None and new == old.replace(second=0, microsecond=0):
            return old
        return new

    return replace(
        settings,
        opens_at=same(settings.opens_at, assignment.opens_at) or settings.opens_at,
        due_at=same(settings.due_at, assignment.due_at),
    )


_FIELD_OF = {"profile_id": "profile", "fixed_form": "fixed_form"}


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_assignment(assignment_id: int) -> Page:
    """Change an assignment's settings; attempts are kept. Once a student started, what
    decides the questions is refused with the reason."""
    assignment = access.teaching_assignment(assignment_id)
    form = assignment_form(assignment.cohort.organisation.time_zone, **_form_values(assignment))
    counts = manage.attempt_counts(assignment)
    if form.validate_on_submit() and not past_due_refused(form, assignment.due_at):
        settings = _keep_seconds(form.settings(assignment.opens_at), assignment)
        refused = manage.locked_changes(assignment, settings)
        for name, reason in refused.items():
            getattr(form, _FIELD_OF.get(name, name)).errors = [reason]
        if not refused:
            manage.update_assignment(assignment, settings, current_user)
            flash(f"{assignment.title} is saved; the {counts.started} attempt(s) made are kept.")
            return redirect(url_for("cohorts.dashboard", assignment_id=assignment.id))
    return render_template(
        "cohorts/new_assignment.html",
        cohort=assignment.cohort,
        form=form,
        assignment=assignment,
        counts=counts,
    ), (400 if form.errors else 200)


@bp.route("/assignments/<int:assignment_id>/duplicate")
@login_required
def duplicate_assignment(assignment_id: int) -> Page:
    """The new-assignment form filled with a copy of this assignment's settings."""
    assignment = access.teaching_assignment(assignment_id)
    values = _form_values(assignment)
    values.update(title=f"{assignment.title} (copy)"[:120], opens_at=None, due_at=None)
    return render_template(
        "cohorts/new_assignment.html",
        cohort=assignment.cohort,
        form=assignment_form(assignment.cohort.organisation.time_zone, formdata=None, **values),
        copy_of=assignment,
    )


@bp.route("/assignments/<int:assignment_id>/close", methods=["GET", "POST"])
@login_required
def close_assignment(assignment_id: int) -> Page:
    """Close an assignment to new attempts, or reopen it (confirmation page first)."""
    assignment = access.teaching_assignment(assignment_id)
    form = ConfirmForm()
    closing = assignment.closed_at is None
    if form.confirmed():
        manage.set_closed(assignment, current_user, closing)
        flash(f"{assignment.title} is {'closed' if closing else 'open again'}.")
        return redirect(url_for("cohorts.dashboard", assignment_id=assignment.id))
    return render_template(
        "cohorts/confirm_close.html",
        assignment=assignment,
        form=form,
        closing=closing,
        counts=manage.attempt_counts(assignment),
    ), (400 if form.is_submitted() else 200)


@bp.route("/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_assignment(assignment_id: int) -> Page:
    """Delete an assignment; the page says what happens to its attempts."""
    assignment = access.teaching_assignment(assignment_id)
    form = DeleteAssignmentForm()
    cohort = assignment.cohort
    if form.confirmed():
        title = assignment.title
        manage.delete_assignment(assignment, current_user, bool(form.remove_attempts.data))
        flash(f"{title} is deleted.")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return render_template(
        "cohorts/confirm_delete.html",
        assignment=assignment,
        form=form,
        counts=manage.attempt_counts(assignment),
    ), (400 if form.is_submitted() else 200)


@bp.route("/cohorts/<int:cohort_id>/archive", methods=["GET", "POST"])
@login_required
def archive_cohort(cohort_id: int) -> Page:
    """Archive a cohort, or restore an archived one (confirmation page first)."""
    cohort = access.teaching_cohort(cohort_id)
    form = ConfirmForm()
    archiving = cohort.archived_at is None
    if form.confirmed():
        manage.set_archived(cohort, current_user, archiving)
        flash(f"{cohort.name} is {'archived' if archiving else 'restored'}.")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return render_template(
        "cohorts/confirm_archive.html", cohort=cohort, form=form, archiving=archiving
    ), (400 if form.is_submitted() else 200)


@bp.route("/cohorts/<int:cohort_id>/join-code", methods=["GET", "POST"])
@login_required
def reset_join_code(cohort_id: int) -> Page:
    """Give the cohort a new join code (confirmation page first: the old one stops working)."""
    cohort = access.teaching_cohort(cohort_id)
    form = ConfirmForm()
    if form.confirmed():
        code = manage.reset_join_code(cohort, current_user)
        flash(f"The new join code is {code}; the old code and link no longer work.")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return render_template("cohorts/confirm_join_code.html", cohort=cohort, form=form), (
        400 if form.is_submitted() else 200
    )


@bp.route("/assignments/<int:assignment_id>/remind", methods=["GET", "POST"])
@login_required
def remind(assignment_id: int) -> Page:
    """Email a reminder to the students who have not started or not submitted (once every
    few hours per assignment)."""
    assignment = access.teaching_assignment(assignment_id)
    form = ReminderForm()
    wait = reminders.next_round(assignment)
    if form.confirmed() and wait is None:
        try:
            sent = reminders.send(assignment, form.group.data, current_user)
        except mail.QuotaExceeded as exc:
            form.group.errors = [f"{exc} Nothing was sent."]
        else:
            flash(f"{sent} reminder(s) sent.")
            return redirect(url_for("cohorts.dashboard", assignment_id=assignment.id))
    group = form.group.data if form.group.data in reminders.GROUPS else "not-started"
    return render_template(
        "cohorts/remind.html",
        assignment=assignment,
        form=form,
        wait=wait,
        groups={g: reminders.recipients(assignment, g) for g in reminders.GROUPS},
        group=group,
    ), (400 if form.is_submitted() else 200)
