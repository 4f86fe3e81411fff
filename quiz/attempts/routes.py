"""The attempts blueprint: taking a quiz. Choose a role and mode, answer one question per page
(with autosave and the integrity events the page reports), finish, submit, resume elsewhere.
Each view parses input, calls ``taking`` or ``ending``, renders or redirects."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from quiz.attempts import adaptive, ending, modes, qualifications, taking
from quiz.attempts.forms import AboutForm, AnswerForm, ResumeLinkForm, StartForm, SubmitForm
from quiz.attempts.integrity import EventError, record_events
from quiz.bank import AnswerError, Content, parse_answer
from quiz.core.content import current_content
from quiz.models import Attempt
from quiz.models.base import utcnow
from quiz.security.limits import per_view_arg, rate_limited

bp = Blueprint("attempts", __name__)


@bp.context_processor
def _clock() -> dict[str, Any]:
    """Templates of this blueprint know the server's time (timers count from it)."""
    return {"now": utcnow()}


@bp.app_template_filter("stop_text")
def _stop_text(reason: str | None) -> str:
    """Why an adaptive check stopped, as a report says it."""
    return adaptive.STOP_TEXT.get(reason or "", "it was submitted")


FINAL_MESSAGE = (
    "In an adaptive check each answer is final once the next question is chosen: "
    "here is your current question."
)
CLOSED_MESSAGE = "This quiz has been submitted, so its answers can no longer change."
EXPIRED_MESSAGE = "Time is up: your quiz was submitted with the answers saved before the deadline."

Page = str | WerkzeugResponse | tuple[str, int]


@bp.route("/start", methods=["GET", "POST"])
def start() -> Page:
    """Choose a target role and a mode, then begin."""
    content = current_content()
    form = _start_form(content)
    if form.validate_on_submit() and _cooled_down(form):
        mode = modes.MODES[form.mode.data or modes.QUICK.id]
        profile = content.profiles[form.profile.data]
        plan = taking.Plan(
            profile_id=profile.id,
            mode=mode,
            length=modes.length_for(
                mode,
                current_app.config["QUIZ_LENGTH"],
                len(profile.requirements),
                form.length.data or 0,
            ),
            areas=tuple(form.areas.data) if mode is modes.CUSTOM and form.areas.data else None,
            requirements=tuple(form.requirements.data or ()) if mode is modes.CUSTOM else (),
            timed=form.timed.data,
            extra_time=float(form.extra_time.data),
            qualifications=qualifications.from_form(
                form.degree.data, form.certifications.data or "", form.experience.data
            ),
            stack=tuple(s for s in (form.language.data, form.framework.data) if s),
            adaptive=mode is modes.QUICK and current_app.config["ADAPTIVE_QUICK_CHECK"],
        )
        attempt = taking.start_attempt(plan)
        return redirect(url_for("attempts.about", token=attempt.token))
    return render_template(
        "attempts/start.html",
        form=form,
        profiles=list(content.profiles.values()),
        modes=list(modes.MODES.values()),
        adaptive_quick=current_app.config["ADAPTIVE_QUICK_CHECK"],
    ), (400 if form.errors else 200)


def _start_form(content: Content) -> StartForm:
    """The start form with this content's choices; a GET may preselect from the query string."""
    form = StartForm(
        data=modes.preselection(request.args, content) if request.method == "GET" else None
    )
    form.profile.choices = [SelectChoice(p.id, p.title) for p in content.profiles.values()]
    used_areas = sorted(set(content.item_area.values()), key=lambda a: content.areas[a].title)
    form.areas.choices = [SelectChoice(a, content.areas[a].title) for a in used_areas]
    form.requirements.choices = [
        SelectChoice(r, title) for r, title in modes.practisable(content).items()
    ]
    stack = taking.stack_choices(content)
    for field, group in ((form.language, "server-language"), (form.framework, "server-framework")):
        field.choices = [SelectChoice("", "No preference: a mix")] + [
            SelectChoice(r, title) for r, title in stack.get(group, [])
        ]
    form.role_requirements = {p.id: frozenset(p.requirements) for p in content.profiles.values()}
    return form


def _cooled_down(form: StartForm) -> bool:
    """Apply the retake cooldown; adds a form error while it runs."""
    minutes = current_app.config["RETAKE_COOLDOWN_MINUTES"]
    mode = form.mode.data or modes.QUICK.id
    allowed = taking.retake_allowed_at(form.profile.data, mode, timedelta(minutes=minutes))
    if allowed is None:
        return True
    form.profile.errors = [
        f"You took this assessment recently; you can take it again after "
        f"{allowed.strftime('%Y-%m-%d %H:%M')} UTC."
    ]
    return False


def _areas_of(attempt: Attempt) -> list[tuple[str, str]]:
    """The areas the attempt asks about: its items' (an adaptive check's are not chosen yet,
    so every area its role's items come from)."""
    content = taking.attempt_content(attempt)
    item_ids = adaptive.pool_of(attempt, content) if attempt.adaptive else attempt.item_ids
    ids = sorted({content.item_area[i] for i in item_ids}, key=lambda a: content.areas[a].title)
    return [(a, content.areas[a].title) for a in ids]


@bp.route("/attempt/<token>/about", methods=["GET", "POST"])
def about(token: str) -> Page:
    """Before the first question: the resume link, the timer, optional self-rating."""
    attempt = taking.owned_attempt(token)
    if attempt.is_submitted:
        return redirect(url_for("reports.report", token=token))
    areas = _areas_of(attempt)
    form = AboutForm()
    if form.validate_on_submit():
        ratings = {}
        for area_id, _title in areas:
            raw = request.form.get(f"confidence-{area_id}", "")
            if raw in {"1", "2", "3", "4", "5"}:
                ratings[area_id] = int(raw)
        taking.save_self_ratings(attempt, ratings or None)
        return redirect(url_for("attempts.question", token=token, number=1))
    return render_template("attempts/about.html", attempt=attempt, form=form, areas=areas)


def _closed_redirect(attempt: Attempt, token: str, posted: bool) -> WerkzeugResponse | None:
    """Where to go when the attempt no longer takes answers (auto-submitting at the deadline)."""
    if ending.close_if_due(attempt):
        flash(EXPIRED_MESSAGE, "error")
        return redirect(url_for("reports.report", token=token))
    if attempt.is_submitted:
        if posted:
            flash(CLOSED_MESSAGE, "error")
        return redirect(url_for("reports.report", token=token))
    return None


def _answer_from_request(shown: taking.Presented) -> dict[str, Any] | None:
    if request.form.get("nav") == "dont_know":
        return taking.DONT_KNOW
    return parse_answer(shown.item, request.form.to_dict(flat=False))


@bp.route("/attempt/<token>/q/<int:number>", methods=["GET", "POST"])
@rate_limited("answer_save", key=per_view_arg("token"), methods=["POST"])
def question(token: str, number: int) -> Page:
    """Show item ``number``; on POST save the answer and flag, then move as asked."""
    attempt = taking.owned_attempt(token)
    if attempt.adaptive:
        elsewhere = _adaptive_redirect(attempt, token, number)
        if elsewhere is not None:
            return elsewhere
    shown = taking.present(attempt, number)
    closed = _closed_redirect(attempt, token, request.method == "POST")
    if closed is not None:
        return closed
    form = AnswerForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            answer = _answer_from_request(shown)
        except AnswerError as exc:
            return render_template(
                "attempts/question.html", shown=shown, form=form, attempt=attempt, error=str(exc)
            ), 400
        try:
            taking.save_answer(
                attempt, shown.item, answer, flagged=request.form.get("flag") == "on"
            )
        except taking.AttemptClosed:  # submitted from another tab, or time ran out, meanwhile
            ending.close_if_due(attempt)
            flash(CLOSED_MESSAGE, "error")
            return redirect(url_for("reports.report", token=token))
        nav = request.form.get("nav", "next")
        if attempt.adaptive:
            return redirect(_adaptive_next_url(attempt, token, number, nav))
        return redirect(_next_url(token, number, shown.total, nav))
    return render_template("attempts/question.html", shown=shown, form=form, attempt=attempt)


def _adaptive_redirect(attempt: Attempt, token: str, number: int) -> WerkzeugResponse | None:
    """An open adaptive attempt shows only its current question: earlier answers are final."""
    if attempt.is_submitted or attempt.is_expired(utcnow()):
        return None  # the closed-attempt redirect applies
    current = adaptive.current_number(attempt)
    if current is None:
        return redirect(url_for("attempts.finish", token=token))
    if number == current:
        return None
    if request.method == "POST" or number < current:
        flash(FINAL_MESSAGE)
    return redirect(url_for("attempts.question", token=token, number=current))


def _adaptive_next_url(attempt: Attempt, token: str, number: int, nav: str) -> str:
    """After an answer: the next chosen question, or the submit page once the check stops
    (or when the candidate asks to finish now)."""
    if nav == "finish":
        return url_for("attempts.finish", token=token)
    following = adaptive.advance(attempt, number, taking.attempt_content(attempt))
    if following is None:
        return url_for("attempts.finish", token=token)
    return url_for("attempts.question", token=token, number=following)


def _next_url(token: str, number: int, total: int, nav: str) -> str:
    if nav == "prev" and number > 1:
        return url_for("attempts.question", token=token, number=number - 1)
    if nav == "finish" or number >= total:
        return url_for("attempts.finish", token=token)
    return url_for("attempts.question", token=token, number=number + 1)


def _json_error(code: str, message: str, status: int) -> tuple[WerkzeugResponse, int]:
    return jsonify(error={"code": code, "message": message}), status


@bp.route("/attempt/<token>/q/<int:number>/autosave", methods=["POST"])
@rate_limited("answer_save", key=per_view_arg("token"))
def autosave(token: str, number: int) -> WerkzeugResponse | tuple[WerkzeugResponse, int]:
    """Save the answer as the candidate changes it (JavaScript only); answers JSON."""
    attempt, is_open = taking.open_attempt(token)
    item = taking.item_at(attempt, number)
    ending.close_if_due(attempt)
    if attempt.is_submitted:
        return _json_error("attempt_closed", CLOSED_MESSAGE, 409)
    if attempt.adaptive and number != adaptive.current_number(attempt):
        return _json_error("answer_final", FINAL_MESSAGE, 409)
    try:
        answer = parse_answer(item, request.form.to_dict(flat=False))
    except AnswerError as exc:
        return _json_error("invalid_answer", str(exc), 400)
    try:
        taking.save_answer(
            attempt, item, answer, flagged=request.form.get("flag") == "on", locked=is_open
        )
    except taking.AttemptClosed:  # submitted from another tab, or time ran out, meanwhile
        ending.close_if_due(attempt)
        return _json_error("attempt_closed", CLOSED_MESSAGE, 409)
    return jsonify(status="saved", answered=answer is not None, saved_at=utcnow().isoformat())


@bp.route("/attempt/<token>/finish")
def finish(token: str) -> Page:
    """Summary before submitting: answered, unanswered and flagged questions."""
    attempt = taking.owned_attempt(token)
    closed = _closed_redirect(attempt, token, posted=False)
    if closed is not None:
        return closed
    saved = taking.responses_by_item(attempt)
    numbered = list(enumerate(attempt.item_ids, 1))
    return render_template(
        "attempts/finish.html",
        attempt=attempt,
        form=SubmitForm(),
        unanswered=[n for n, i in numbered if i not in saved],
        flagged=[n for n, i in numbered if i in (attempt.flagged or [])],
        dont_know=[n for n, i in numbered if i in saved and saved[i].answer.get("dont_know")],
        answered=sum(1 for _, i in numbered if i in saved),
    )


@bp.route("/attempt/<token>/submit", methods=["POST"])
def submit(token: str) -> WerkzeugResponse:
    """Submit and go to the report."""
    attempt = taking.owned_attempt(token)
    open_ = _closed_redirect(attempt, token, posted=False) is None
    if open_ and SubmitForm().validate_on_submit():
        ending.submit(attempt)
    return redirect(url_for("reports.report", token=token))


@bp.route("/attempt/<token>/continue", methods=["GET", "POST"])
def continue_elsewhere(token: str) -> Page:
    """A private link to continue this quiz on another device, made on request and shown once
    (only its hash is kept); making a new one ends the previous one."""
    attempt = taking.owned_attempt(token)
    closed = _closed_redirect(attempt, token, posted=False)
    if closed is not None:
        return closed
    form = ResumeLinkForm()
    url = None
    if form.validate_on_submit():
        secret = taking.new_resume_link(attempt)
        url = url_for("attempts.resume", resume_token=secret, _external=True)
    return render_template("attempts/continue.html", attempt=attempt, form=form, url=url)


@bp.route("/resume/<resume_token>")
def resume(resume_token: str) -> WerkzeugResponse:
    """Continue an attempt on this device: the secret link binds it to this browser."""
    attempt = taking.resume(resume_token)
    if attempt.is_submitted:
        return redirect(url_for("reports.report", token=attempt.token))
    saved = taking.responses_by_item(attempt)
    number = next((n for n, i in enumerate(attempt.item_ids, 1) if i not in saved), None)
    if attempt.adaptive:
        number = adaptive.current_number(attempt)
    if number is None:
        return redirect(url_for("attempts.finish", token=attempt.token))
    flash("Welcome back: your saved answers are here.")
    return redirect(url_for("attempts.question", token=attempt.token, number=number))


MAX_BODY = 8 * 1024  # bytes; a full batch of events is well under 4 KB

JsonPage = WerkzeugResponse | tuple[WerkzeugResponse, int]


def _error(code: str, message: str, status: int = 400) -> tuple[WerkzeugResponse, int]:
    return jsonify(error={"code": code, "message": message}), status


@bp.route("/attempt/<token>/events", methods=["POST"])
@rate_limited("attempt_events", key=per_view_arg("token"))
def events(token: str) -> JsonPage:
    """Store a batch of events of an open attempt; answers JSON (400 with a code when bad)."""
    attempt = taking.owned_attempt(token)
    if attempt.is_submitted or attempt.is_expired(utcnow()):
        return _error("attempt_closed", "This quiz has been submitted.", 409)
    if request.content_length is None or request.content_length > MAX_BODY:
        return _error("too_large", f"Send at most {MAX_BODY // 1024} KB of events at a time.")
    payload = request.get_json(silent=True)
    if payload is None:
        return _error("invalid_json", "The body must be JSON (Content-Type: application/json).")
    try:
        stored = record_events(attempt, payload, utcnow())
    except EventError as exc:
        return _error(exc.code, str(exc))
    return jsonify(status="stored", stored=stored)
