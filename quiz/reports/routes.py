"""The reports blueprint: the owner's report, downloads, share links, the redacted shared view,
the item review and the history."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.attempts.modes import MODES
from quiz.attempts.snapshots import snapshot_for
from quiz.attempts.taking import owned_attempt
from quiz.core import signals
from quiz.core.access import visible_attempt_tokens
from quiz.core.downloads import attachment
from quiz.models import Attempt
from quiz.models.base import utcnow
from quiz.reports import pages, sharing
from quiz.reports.downloads import report_csv
from quiz.reports.forms import RevokeForm, ShareForm, share_expiry_html
from quiz.reports.review import history, review_rows

bp = Blueprint("reports", __name__)


def _submitted(token: str) -> Attempt | WerkzeugResponse:
    attempt = owned_attempt(token)
    if not attempt.is_submitted:
        return redirect(url_for("attempts.finish", token=token))
    return attempt


@bp.route("/attempt/<token>/report")
def report(token: str) -> WerkzeugResponse:
    """The gap report with its share links; 304 when the browser's copy is current."""
    attempt = _submitted(token)
    if not isinstance(attempt, Attempt):
        return attempt
    snapshot = snapshot_for(attempt, with_data=False)
    links = sharing.links_of(attempt)
    now = utcnow()
    extras = signals.values_from(signals.report_shown, attempt)
    etag = pages.etag_for(
        [
            snapshot.id,
            sorted(extras.items()),
            attempt.review_allowed,
            attempt.user_id,
            current_user.is_authenticated,
            session.get("csrf_token", ""),
            *((k.id, k.view_count, k.revoked_at, k.expires_at, k.is_active(now)) for k in links),
        ]
    )
    cached = pages.not_modified(etag)
    if cached is not None:
        return cached
    html = render_template(
        "reports/report.html",
        attempt=attempt,
        snapshot=snapshot,
        body=pages.report_body(attempt, snapshot, shared=False),
        shared=False,
        links=links,
        share_expiry=share_expiry_html(),
        now=now,
        **extras,
    )
    return pages.respond(html, etag)


@bp.route("/attempt/<token>/report.json")
def report_json(token: str) -> Response | WerkzeugResponse:
    """The stored report as JSON (schema in docs/report-schema.md)."""
    attempt = _submitted(token)
    if not isinstance(attempt, Attempt):
        return attempt
    body = json.dumps(snapshot_for(attempt).data, indent=2, ensure_ascii=False)
    return attachment(body, "application/json", "gap-report.json")


@bp.route("/attempt/<token>/report.csv")
def report_csv_download(token: str) -> Response | WerkzeugResponse:
    """One CSV row per requirement."""
    attempt = _submitted(token)
    if not isinstance(attempt, Attempt):
        return attempt
    return attachment(report_csv(snapshot_for(attempt).data), "text/csv", "gap-report.csv")


@bp.route("/attempt/<token>/shares", methods=["POST"])
def create_share(token: str) -> str | WerkzeugResponse:
    """Create a share link and show it, this once: only its hash is kept."""
    attempt = _submitted(token)
    if not isinstance(attempt, Attempt):
        return attempt
    form = ShareForm()
    if not form.validate_on_submit():
        flash("Choose how long the link should last.", "error")
        return redirect(url_for("reports.report", token=token, _anchor="share"))
    link, secret = sharing.create(attempt, form.expiry.data)
    url = url_for("reports.shared", share_token=secret, _external=True)
    return render_template("reports/new_share.html", attempt=attempt, link=link, url=url)


@bp.route("/attempt/<token>/shares/<int:link_id>/revoke", methods=["POST"])
def revoke_share(token: str, link_id: int) -> WerkzeugResponse:
    """Revoke a share link."""
    attempt = _submitted(token)
    if not isinstance(attempt, Attempt):
        return attempt
    if RevokeForm().validate_on_submit():
        sharing.revoke(attempt, link_id)
        flash("Share link revoked. It no longer opens the report.")
    return redirect(url_for("reports.report", token=token, _anchor="share"))


@bp.route("/shared/<share_token>")
def shared(share_token: str) -> WerkzeugResponse:
    """The redacted report behind a share link: scores, gaps and readiness; no answers."""
    _link, attempt = sharing.open_link(share_token)
    snapshot = snapshot_for(attempt, with_data=False)
    etag = pages.etag_for([snapshot.id, "shared"])
    cached = pages.not_modified(etag)
    if cached is not None:
        return cached
    html = render_template(
        "reports/report.html",
        attempt=attempt,
        snapshot=snapshot,
        body=pages.report_body(attempt, snapshot, shared=True),
        shared=True,
    )
    return pages.respond(html, etag)


@bp.route("/attempt/<token>/review")
def review(token: str) -> str | WerkzeugResponse:
    """Each question with the candidate's answer, the key and the explanation."""
    attempt = _submitted(token)
    if not isinstance(attempt, Attempt):
        return attempt
    if not attempt.review_allowed:
        abort(
            403,
            "Whoever set this assessment keeps its questions private, so item review "
            "is not available. Your report still shows every score and gap.",
        )
    return render_template("reports/review.html", attempt=attempt, rows=review_rows(attempt))


@bp.route("/history")
def attempts() -> str:
    """Every attempt of this browser: date, role, mode, scores, and the trend."""
    rows = history(visible_attempt_tokens())
    return render_template("reports/history.html", rows=rows, modes=MODES)
