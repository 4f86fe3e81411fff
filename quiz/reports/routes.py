"""Report and review pages; both need a submitted attempt owned by this browser."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.assess import qualifications
from quiz.assess.services import owned_attempt
from quiz.reports import bp
from quiz.reports.services import gap_report, review_rows


@bp.route("/attempt/<token>/report")
def report(token: str) -> str | WerkzeugResponse:
    """The gap report: overall, per area, per requirement with gaps first."""
    attempt = owned_attempt(token)
    if not attempt.is_submitted:
        return redirect(url_for("assess.finish", token=token))
    result, content = gap_report(attempt)
    return render_template(
        "reports/report.html",
        attempt=attempt,
        report=result,
        profile=content.profiles[attempt.profile_id],
        declared=qualifications.describe(attempt.qualifications),
    )


@bp.route("/attempt/<token>/review")
def review(token: str) -> str | WerkzeugResponse:
    """Each question with the candidate's answer, the key and the explanation."""
    attempt = owned_attempt(token)
    if not attempt.is_submitted:
        return redirect(url_for("assess.finish", token=token))
    return render_template("reports/review.html", attempt=attempt, rows=review_rows(attempt))
