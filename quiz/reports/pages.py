"""Serving stored reports cheaply: a snapshot never changes, so its page body is rendered once.

The body (scores, charts, gaps) is cached under the snapshot id, in Redis when ``REDIS_URL`` is
set so every instance shares it, in the process otherwise. Whole pages carry an ETag built from
everything they show, so a browser revalidating an unchanged report gets a 304 before any
rendering happens.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from flask import current_app, render_template, request, session
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse

from quiz.extensions import cache
from quiz.models import Attempt, ReportSnapshot


@functools.cache
def _tree_digest(folder: str) -> str:
    """A digest of every file under ``folder``: it changes when a deploy changes templates."""
    digest = hashlib.sha256()
    root = Path(folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def release() -> str:
    """What identifies this build's rendering: ``RELEASE`` if set, else the templates' digest."""
    configured: str | None = current_app.config.get("RELEASE")
    return configured or _tree_digest(str(current_app.template_folder))


def body_key(snapshot_id: int, shared: bool, review_allowed: bool) -> str:
    """The cache key of a rendered report body (the prefix of ``CACHE_KEY_PREFIX`` is added)."""
    view = "shared" if shared else ("owner" if review_allowed else "owner-noreview")
    return f"report-html:{release()}:{snapshot_id}:{view}"


def report_body(
    attempt: Attempt, snapshot: ReportSnapshot, shared: bool, viewer_note: str | None = None
) -> Markup:
    """The rendered, immutable part of the report page, from the cache when it was rendered.

    ``viewer_note`` replaces the "shared by the candidate" line for a viewer with another role
    (an instructor); such a body names its viewer and is rendered without the cache.
    """
    if viewer_note is not None:
        return Markup(
            render_template(
                "reports/_body.html",
                attempt=attempt,
                data=snapshot.data,
                shared=shared,
                viewer_note=viewer_note,
            )
        )
    key = body_key(snapshot.id, shared, attempt.review_allowed)
    html: str | None = cache.get(key)
    if html is None:
        html = render_template(
            "reports/_body.html", attempt=attempt, data=snapshot.data, shared=shared
        )
        cache.set(key, html)
    return Markup(html)


def etag_for(parts: Iterable[object]) -> str | None:
    """A strong ETag over ``parts`` and the release; None while a flash message is pending,
    since that page shows the message once and must not be answered with 304 later."""
    if session.get("_flashes"):
        return None
    text = "\x1f".join([release(), *(str(p) for p in parts)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def not_modified(etag: str | None) -> WerkzeugResponse | None:
    """A 304 when the browser already holds the page with ``etag``; None otherwise."""
    if etag is None or not request.if_none_match.contains(etag):
        return None
    response = current_app.response_class(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def respond(html: str, etag: str | None) -> WerkzeugResponse:
    """The page as a response that browsers revalidate with ``If-None-Match``."""
    response = current_app.response_class(html, mimetype="text/html")
    response.headers["Cache-Control"] = "private, no-cache"
    if etag is not None:
        response.set_etag(etag)
    return response
