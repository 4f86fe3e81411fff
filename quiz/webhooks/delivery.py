"""Build, sign, send and log webhook deliveries.

Each delivery has an id (``X-Quiz-Delivery``) and one ``webhook_deliveries`` row per try. A try
that fails (no answer within the timeout, a redirect, a status outside 2xx) schedules the next
after the configured delay, until the tries run out. Nothing here runs in the request that
submitted the attempt: ``queue_submitted`` (a receiver of ``attempt_submitted``) only writes the
first row and hands it to the job queue (``quiz.core.queue``, queue ``webhooks``).
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from quiz.core import queue
from quiz.extensions import db
from quiz.models import Attempt, ReportSnapshot, Webhook, WebhookDelivery
from quiz.models.base import utcnow
from quiz.models.webhooks import ATTEMPT_SUBMITTED, DELIVERED, FAILED, PENDING
from quiz.webhooks.registry import organisations_for_attempt, position_payloads
from quiz.webhooks.signing import sign
from quiz.webhooks.targets import target_problem

log = logging.getLogger(__name__)

DEFAULT_RETRY_DELAYS = (10, 60, 300, 1800)  # seconds before tries 2–5
DEFAULT_TIMEOUT = 5.0
USER_AGENT = "quiz-webhooks/1"
MAX_ERROR = 500


@dataclass(frozen=True)
class PostResult:
    """What one HTTP POST got: a status code, or an error, and how long it took."""

    status: int | None
    error: str | None
    duration_ms: int


Post = Callable[[str, bytes, dict[str, str], float], PostResult]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: a 3xx is the receiver's answer, logged as a failure."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> PostResult:
    """POST ``body`` to ``url`` without following redirects; never raises."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    started = time.monotonic()
    status: int | None = None
    error: str | None = None
    try:
        with opener.open(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        status = int(exc.code)
        exc.close()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        error = f"{type(exc).__name__}: {reason}"[:MAX_ERROR]
    return PostResult(status, error, round((time.monotonic() - started) * 1000))


def summary(data: dict[str, Any]) -> dict[str, Any]:
    """The report summary a webhook carries: readiness with its interval and the top gaps."""
    rows = {r["id"]: r for r in data.get("requirements", [])}
    gaps = [rows[g] for g in data.get("gaps", [])[:3] if g in rows]
    return {
        "profile": data.get("profile"),
        "readiness": data.get("readiness"),
        "top_gaps": [
            {"id": g["id"], "title": g["title"], "status": g["status"], "shortfall": g["shortfall"]}
            for g in gaps
        ],
        "schema_version": data.get("schema_version"),
    }


def attempt_payload(attempt: Attempt, snapshot: ReportSnapshot) -> dict[str, Any]:
    """The body of ``attempt.submitted`` outside a position (a cohort's assignment): the
    report's own summary."""
    submitted = attempt.submitted_at.isoformat() if attempt.submitted_at else None
    return {
        "attempt": {"id": attempt.id, "submitted_at": submitted},
        "report": summary(snapshot.data),
    }


def new_delivery(
    hook: Webhook,
    event: str,
    payload: dict[str, Any],
    *,
    attempt_id: int | None = None,
    invitation_id: int | None = None,
) -> WebhookDelivery:
    """The first try of a new delivery of ``event`` to ``hook`` (not yet added or sent);
    the body is ``payload`` with the event, the delivery id and the organisation id."""
    delivery_id = str(uuid.uuid4())
    body = {"event": event, "delivery_id": delivery_id, "organisation_id": hook.organisation_id}
    return WebhookDelivery(
        webhook_id=hook.id,
        delivery_id=delivery_id,
        event=event,
        attempt_id=attempt_id,
        invitation_id=invitation_id,
        body=json.dumps(payload | body, separators=(",", ":"), sort_keys=True),
        try_number=1,
        outcome=PENDING,
        scheduled_at=utcnow(),
    )


def hooks_of(org_ids: Sequence[int]) -> list[Webhook]:
    """Every webhook of these organisations (each hears every event), oldest first."""
    if not org_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Webhook).where(Webhook.organisation_id.in_(org_ids)).order_by(Webhook.id)
        )
    )


def send_all(rows: Sequence[WebhookDelivery]) -> int:
    """Commit the new deliveries and hand each to the queue; returns their number."""
    db.session.add_all(rows)
    db.session.commit()
    for row in rows:
        schedule(row.id, 0.0)
    return len(rows)


QUEUE = "webhooks"


def schedule(try_id: int, delay: float) -> None:
    """Run try ``try_id`` after ``delay`` seconds, outside this request."""
    queue.enqueue(
        "quiz.webhooks.delivery.deliver", try_id, queue=QUEUE, delay=delay, keep_result=False
    )


def deliver(try_id: int) -> None:
    """The job: run try ``try_id`` (in the app's context, which the queue provides)."""
    run_try(try_id)


def queue_submitted(attempt: Attempt, *, snapshot: ReportSnapshot, **_: object) -> int:
    """Queue one delivery per webhook of every organisation the attempt belongs to: the
    receiver of ``quiz.core.signals.attempt_submitted``.

    Sent after the submission and its report were committed. A webhook that already has a
    delivery of this attempt gets no second one. Errors are logged, never raised: the
    submission stands. Returns the number of deliveries queued.
    """
    try:
        return _queue_deliveries(attempt, snapshot)
    except Exception:  # the candidate's submission must not fail because of a webhook
        db.session.rollback()
        log.exception("could not queue the webhooks of attempt %s", attempt.id)
        return 0


def _queue_deliveries(attempt: Attempt, snapshot: ReportSnapshot) -> int:
    org_ids = organisations_for_attempt(attempt)
    done = set(
        db.session.scalars(
            sa.select(WebhookDelivery.webhook_id).where(
                WebhookDelivery.attempt_id == attempt.id,
                WebhookDelivery.event == ATTEMPT_SUBMITTED,
            )
        )
    )
    by_org = position_payloads(attempt) if org_ids else {}
    rows: list[WebhookDelivery] = []
    for hook in hooks_of(org_ids):
        if hook.id in done:
            continue
        payloads = by_org.get(hook.organisation_id) or [(None, attempt_payload(attempt, snapshot))]
        rows.extend(
            new_delivery(
                hook, ATTEMPT_SUBMITTED, payload, attempt_id=attempt.id, invitation_id=inv_id
            )
            for inv_id, payload in payloads
        )
    return send_all(rows)


def retry_delays() -> Sequence[float]:
    """Seconds before each retry (``WEBHOOK_RETRY_DELAYS``); their count + 1 is the tries."""
    return tuple(current_app.config.get("WEBHOOK_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def headers_for(row: WebhookDelivery, secret: str, timestamp: int) -> dict[str, str]:
    """The request headers of one try, signature included."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Quiz-Event": row.event,
        "X-Quiz-Delivery": row.delivery_id,
        "X-Quiz-Timestamp": str(timestamp),
        "X-Quiz-Signature": sign(secret, timestamp, row.body.encode()),
    }


def run_try(
    try_id: int,
    *,
    clock: Callable[[], datetime] = utcnow,
    post: Post = http_post,
    schedule: Callable[[int, float], None] = schedule,
) -> WebhookDelivery | None:
    """Send the pending try ``try_id``, log the outcome, schedule the next try on failure.

    ``clock``, ``post`` and ``schedule`` are the time, the HTTP client and the queue; tests
    pass their own.

    Returns the next try's row when one was scheduled. A try whose row or webhook is gone
    (deleted meanwhile), or that was already sent, is skipped.
    """
    row = db.session.get(WebhookDelivery, try_id)
    if row is None or row.outcome != PENDING:
        return None
    now = clock()
    timeout = float(current_app.config.get("WEBHOOK_TIMEOUT") or DEFAULT_TIMEOUT)
    headers = headers_for(row, row.webhook.secret, int(now.timestamp()))
    refused = None
    if not current_app.config.get("WEBHOOK_ALLOW_PRIVATE", True):
        refused = target_problem(row.webhook.url)
    if refused is not None:
        result = PostResult(None, f"Not sent: {refused}", 0)
    else:
        result = post(row.webhook.url, row.body.encode(), headers, timeout)
    row.attempted_at = now
    row.status_code = result.status
    row.duration_ms = result.duration_ms
    if result.status is not None and 200 <= result.status < 300:
        row.outcome = DELIVERED
        db.session.commit()
        return None
    row.outcome = FAILED
    row.error = result.error or _status_error(result.status)
    following = _next_try(row, now)
    db.session.commit()
    if following is not None:
        delay = (following.scheduled_at - now).total_seconds()
        schedule(following.id, delay)
    return following


def _status_error(status: int | None) -> str:
    if status is not None and 300 <= status < 400:
        return f"HTTP {status}: redirects are not followed"
    return f"HTTP {status}"


def _next_try(row: WebhookDelivery, now: datetime) -> WebhookDelivery | None:
    delays = retry_delays()
    if row.try_number > len(delays):
        return None
    when = now + timedelta(seconds=float(delays[row.try_number - 1]))
    row.next_try_at = when
    following = WebhookDelivery(
        webhook_id=row.webhook_id,
        delivery_id=row.delivery_id,
        event=row.event,
        attempt_id=row.attempt_id,
        invitation_id=row.invitation_id,
        body=row.body,
        try_number=row.try_number + 1,
        outcome=PENDING,
        scheduled_at=when,
    )
    db.session.add(following)
    return following
