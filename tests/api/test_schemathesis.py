"""Schemathesis against the served OpenAPI document, with a real app, database and token:
no server error, and every response (status, content type, body, headers) conforms.

Bounded: a few examples per operation (about thirty operations), about a minute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from quiz.core.content import current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Invitation, Membership, Organisation, Position, Webhook
from tests.api.helpers import MakeToken
from tests.worlds.hiring import ANA, NOW
from tests.worlds.people import MakeClass

MAX_EXAMPLES = 8


@pytest.fixture
def api_app(extra_app: Any) -> Flask:
    """An app whose API rate limit does not interrupt the run."""
    app: Flask = extra_app(RATE_LIMITS={"api": "100000 per minute"})
    return app


@pytest.fixture
def bearer(
    api_app: Flask,
    make_class: MakeClass,
    make_token: MakeToken,
    fixed_position: Callable[..., Position],
    add_candidate: Callable[..., Invitation],
) -> dict[str, str]:
    """The headers of a token with every scope of someone who teaches a class, owns a company
    with a position and its candidates, and has a webhook (so every resource has data)."""
    klass = make_class()
    with api_app.app_context():
        store_snapshot(current_content())
        company = Organisation(name="Acme", kind="company")
        company.memberships.append(Membership(user_id=klass.instructor_id, role="owner"))
        db.session.add(company)
        db.session.flush()
        position = fixed_position(company.id)
        add_candidate(position, "Ana", levels=ANA, minutes=25, days_ago=1)
        add_candidate(position, "Cal", levels=ANA, withdrawn_at=NOW)
        db.session.add(Webhook(organisation_id=klass.org_id, url="https://e.example/h", secret="s"))
        db.session.commit()
    return {"Authorization": f"Bearer {make_token(klass.instructor_id)}"}


def test_api_conforms_to_its_document(api_app: Flask, bearer: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 21
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _exercise(operation, mode, bearer)


def _exercise(operation: Any, mode: GenerationMode, bearer: dict[str, str]) -> None:
    """Run ``MAX_EXAMPLES`` generated requests (valid or invalid ones) against one operation."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,  # the same examples on every run
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case: Any) -> None:
        # Two checks do not apply; every other one does (no 5xx, every status, body and
        # header as documented). Valid-looking ids of things that do not exist rightly answer
        # 404, so not every schema-valid request succeeds. And every request carries the
        # token, so a case generated without it is not invalid as sent, while unknown query
        # parameters are ignored (OpenAPI does not forbid them): such cases rightly succeed.
        case.call_and_validate(
            headers=bearer, excluded_checks=[positive_data_acceptance, negative_data_rejection]
        )

    run()
