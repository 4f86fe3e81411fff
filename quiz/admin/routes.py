"""Views of the admin blueprint: the report-view audit log."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from quiz.core import audit
from quiz.core.access import login_required
from quiz.security.inputs import whole_number

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _require_admin() -> None:
    """A 404 for anyone but a site admin: the page's existence is not confirmed."""
    if not current_user.is_admin:
        abort(404)


@bp.route("/report-views")
@login_required
def report_views() -> str:
    """Every view of a candidate's report by an instructor or recruiter, newest first."""
    _require_admin()
    page = whole_number(request.args.get("page"), 1, high=100_000)
    rows, more = audit.all_views(page)
    return render_template("admin/report_views.html", rows=rows, page=page, more=more)
