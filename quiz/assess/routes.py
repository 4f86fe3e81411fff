"""Views for taking a quiz. Each parses input, calls ``services``, renders or redirects."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from quiz.assess import bp, qualifications, services
from quiz.assess.forms import AnswerForm, StartForm, SubmitForm
from quiz.bank import AnswerError, question_type
from quiz.content import current_content
from quiz.reports.services import snapshot_on_submit

CLOSED_MESSAGE = "This quiz has been submitted, so its answers can no longer change."


@bp.route("/start", methods=["GET", "POST"])
def start() -> str | WerkzeugResponse | tuple[str, int]:
    """Choose a target role and begin."""
    content = current_content()
    form = StartForm()
    form.profile.choices = [SelectChoice(p.id, p.title) for p in content.profiles.values()]
    if form.validate_on_submit():
        declared = qualifications.from_form(
            form.degree.data, form.certifications.data or "", form.experience.data
        )
        attempt = services.start_attempt(
            form.profile.data, current_app.config["QUIZ_LENGTH"], declared
        )
        return redirect(url_for("assess.question", token=attempt.token, number=1))
    status = 400 if form.errors else 200
    return render_template(
        "assess/start.html", form=form, profiles=list(content.profiles.values())
    ), status


@bp.route("/attempt/<token>/q/<int:number>", methods=["GET", "POST"])
def question(token: str, number: int) -> str | WerkzeugResponse | tuple[str, int]:
    """Show item ``number``; on POST save the answer and move as the pressed button says."""
    attempt = services.owned_attempt(token)
    shown = services.present(attempt, number)
    form = AnswerForm()
    if attempt.is_submitted:
        if request.method == "POST":
            flash(CLOSED_MESSAGE, "error")
        return redirect(url_for("reports.report", token=token))
    if request.method == "POST" and form.validate_on_submit():
        try:
            answer = question_type(shown.item).parse(shown.item, request.form.to_dict(flat=False))
        except AnswerError as exc:
            return render_template(
                "assess/question.html", shown=shown, form=form, attempt=attempt, error=str(exc)
            ), 400
        services.save_answer(attempt, shown.item, answer)
        return redirect(_next_url(token, number, shown.total, request.form.get("nav", "next")))
    return render_template("assess/question.html", shown=shown, form=form, attempt=attempt)


def _next_url(token: str, number: int, total: int, nav: str) -> str:
    if nav == "prev" and number > 1:
        return url_for("assess.question", token=token, number=number - 1)
    if nav == "finish" or number >= total:
        return url_for("assess.finish", token=token)
    return url_for("assess.question", token=token, number=number + 1)


@bp.route("/attempt/<token>/finish")
def finish(token: str) -> str | WerkzeugResponse:
    """Summary before submitting: what is answered, what is not."""
    attempt = services.owned_attempt(token)
    if attempt.is_submitted:
        return redirect(url_for("reports.report", token=token))
    saved = services.responses_by_item(attempt)
    unanswered = [n for n, item_id in enumerate(attempt.item_ids, 1) if item_id not in saved]
    return render_template(
        "assess/finish.html",
        attempt=attempt,
        form=SubmitForm(),
        unanswered=unanswered,
        answered=len(attempt.item_ids) - len(unanswered),
    )


@bp.route("/attempt/<token>/submit", methods=["POST"])
def submit(token: str) -> WerkzeugResponse:
    """Submit and go to the report."""
    attempt = services.owned_attempt(token)
    if SubmitForm().validate_on_submit() and services.submit(attempt):
        snapshot_on_submit(attempt)
    return redirect(url_for("reports.report", token=token))
