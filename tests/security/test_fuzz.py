"""Hypothesis fuzzing of what comes from outside: bank files, answer forms, scoring inputs.

Bank files: random text and random YAML never raise anything but ``ContentError``, whose
messages each name the file and a line. Answer forms: random form data sent to the autosave and
page endpoints for every question type gives 200/302 or a 400 with a code, never a 500.
Scoring: random credits through the public entry points give bounded, serialisable reports.
"""

from __future__ import annotations

import json
import re
import shutil
import string
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.attempts.snapshots import compute_report
from quiz.bank import ContentError, load_content
from quiz.extensions import db
from quiz.models import Attempt, Response
from quiz.scoring import Evidence, estimate
from tests.security.answers import CONTENT
from tests.support import FIXTURE_QUESTIONS, QuizClient, csrf_from

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)
LOADER = settings(max_examples=40)
FUZZ = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- the bank loader ------------------------------------------------------------------------


@contextmanager
def questions() -> Iterator[Path]:
    """A fresh copy of the fixture content for one example."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "questions"
        shutil.copytree(FIXTURE_QUESTIONS, root)
        yield root


def _load_names_file_and_line(name: str, text: str) -> None:
    with questions() as root:
        target = root / name
        target.write_text(text, encoding="utf-8")
        _check_located(root, target)


def _check_located(root: Path, target: Path) -> None:
    try:
        load_content(root)
    except ContentError as exc:
        assert exc.messages
        located = [m for m in exc.messages if re.match(rf"{re.escape(str(target))}:\d+: ", m)]
        assert located, exc.messages  # at least the broken file, by line
        for message in exc.messages:
            assert re.match(r"\S+(:\d+)?: \S", message), message


def _mutate(original: str, index: int, replacement: str) -> str:
    lines = original.splitlines()
    lines[index % len(lines)] = replacement
    return "\n".join(lines) + "\n"


@LOADER
@given(text=TEXT)
def test_random_text_as_a_bank_gives_located_errors(text: str) -> None:
    _load_names_file_and_line("banks/sql.yaml", text)


@LOADER
@given(document=DOCUMENTS)
def test_random_yaml_as_a_bank_gives_located_errors(document: Any) -> None:
    _load_names_file_and_line("banks/sql.yaml", yaml.safe_dump(document, allow_unicode=True))


@LOADER
@given(
    index=st.integers(0, 200),
    line=TEXT,
    name=st.sampled_from(["banks/api.yaml", "requirements.yaml", "profiles/junior-backend.yaml"]),
)
def test_one_broken_line_in_a_real_file_gives_located_errors(
    index: int, line: str, name: str
) -> None:
    original = (FIXTURE_QUESTIONS / name).read_text(encoding="utf-8")
    with questions() as root:
        (root / name).write_text(_mutate(original, index, line), encoding="utf-8")
        try:
            load_content(root)
        except ContentError as exc:
            # Each message names a file, by line where the problem is within one file;
            # checks across files (an unknown area, a duplicate id) name the files involved.
            assert exc.messages
            assert all(re.match(r"\S+(:\d+)?: \S", m) for m in exc.messages), exc.messages


# --- the answer parsers, through the endpoints -----------------------------------------------

FIELD_NAMES = st.sampled_from(
    ["answer", "position-A", "position-B", "position-C", "position-D", "flag", "nav", "x"]
)
FIELD_VALUES = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(["A", "B", "C", "D", "E", "true", "false", "1", "2", "4", "0", "-1"]),
        st.text(string.digits, min_size=1, max_size=6000),
        st.just("²"),
    ),
    max_size=4,
)
FORMS = st.dictionaries(FIELD_NAMES, FIELD_VALUES, max_size=6)


@pytest.fixture
def every_type(extra_app: Callable[..., Flask]) -> tuple[Flask, FlaskClient, str, str]:
    """An attempt holding every fixture item (so every question type), no save limit."""
    app = extra_app(RATE_LIMITS={"answer_save": "100000 per minute"})
    quiz = QuizClient(app.test_client())
    token = quiz.start()
    with app.app_context():
        db.session.execute(
            sa.update(Attempt).where(Attempt.token == token).values(item_ids=list(CONTENT.items))
        )
        db.session.commit()
    assert {i.type for i in CONTENT.items.values()} >= {
        "single_choice",
        "code_reading",
        "multiple_select",
        "true_false",
        "short_answer",
        "ordering",
        "situational_judgment",
    }
    return app, quiz.client, token, csrf_from(quiz.page(1))


NUMBERS = st.integers(1, len(CONTENT.items))


@FUZZ
@given(number=NUMBERS, form=FORMS)
def test_random_autosave_forms_get_200_or_a_coded_400(
    every_type: tuple[Flask, FlaskClient, str, str], number: int, form: dict[str, list[str]]
) -> None:
    _app, client, token, csrf = every_type
    resp = client.post(
        f"/attempt/{token}/q/{number}/autosave",
        data=form,
        headers={"X-CSRFToken": csrf, "Accept": "application/json"},
    )
    body = resp.get_json()
    assert resp.status_code in (200, 400), resp.get_data(as_text=True)[:300]
    if resp.status_code == 400:
        assert body["error"]["code"] == "invalid_answer" and body["error"]["message"]
    else:
        assert body["status"] == "saved"


@FUZZ
@given(number=NUMBERS, form=FORMS)
def test_random_page_posts_get_a_redirect_or_a_400_page(
    every_type: tuple[Flask, FlaskClient, str, str], number: int, form: dict[str, list[str]]
) -> None:
    _app, client, token, csrf = every_type
    resp = client.post(f"/attempt/{token}/q/{number}", data={**form, "csrf_token": csrf})
    assert resp.status_code in (302, 400), resp.get_data(as_text=True)[:300]
    if resp.status_code == 400:
        assert 'class="field-error"' in resp.get_data(as_text=True)


def test_overlong_answers_get_a_clear_message(
    every_type: tuple[Flask, FlaskClient, str, str],
) -> None:
    _app, client, token, csrf = every_type
    short = next(
        n for n, i in enumerate(CONTENT.items, 1) if CONTENT.items[i].type == "short_answer"
    )
    resp = client.post(
        f"/attempt/{token}/q/{short}/autosave",
        data={"answer": "4" * 5000},
        headers={"X-CSRFToken": csrf, "Accept": "application/json"},
    )
    assert resp.status_code == 400
    assert resp.get_json()["error"]["message"] == "Answers are at most 1000 characters."
    page = client.post(
        f"/attempt/{token}/q/{short}", data={"answer": "x" * 300, "csrf_token": csrf}
    )
    assert page.status_code == 400 and "at most 200 characters" in page.get_data(as_text=True)


# --- scoring, through its public entry points ------------------------------------------------

CREDITS = st.one_of(st.none(), st.floats(0, 1), st.sampled_from([0.0, 0.5, 1.0]))


@settings(max_examples=100)
@given(st.lists(st.tuples(CREDITS, st.integers(1, 3)), max_size=40))
def test_estimate_is_bounded_and_ordered(evidence: list[tuple[float | None, int]]) -> None:
    m = estimate(Evidence(credit, difficulty) for credit, difficulty in evidence)
    assert 0.0 <= m.low <= m.mean <= m.high <= 100.0
    assert m.items == len(evidence)


def _dicts(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _dicts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _dicts(value)


@settings(max_examples=40)
@given(
    answered=st.dictionaries(
        st.sampled_from(sorted(CONTENT.items)), st.tuples(CREDITS, st.booleans())
    ),
    ratings=st.one_of(
        st.none(), st.dictionaries(st.sampled_from(sorted(CONTENT.areas)), st.integers(1, 5))
    ),
    profile=st.sampled_from(sorted(CONTENT.profiles)),
)
def test_reports_from_random_credits_are_finite_and_serialisable(
    answered: dict[str, tuple[float | None, bool]], ratings: dict[str, int] | None, profile: str
) -> None:
    attempt = Attempt(
        profile_id=profile,
        item_ids=list(CONTENT.items),
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
        submitted_at=datetime(2026, 1, 1, 1, tzinfo=UTC),
        self_ratings=ratings,
    )
    attempt.responses = [
        Response(
            item_id=item_id,
            answer={"dont_know": True} if dont_know else {"x": 1},
            credit=0.0 if dont_know or credit is None else credit,
        )
        for item_id, (credit, dont_know) in answered.items()
    ]
    data = compute_report(attempt, CONTENT, regrade=False)
    json.dumps(data, allow_nan=False)  # finite numbers only
    for part in _dicts(data):
        if {"mean", "low", "high"} <= part.keys():  # every estimate with its interval
            assert 0 <= part["low"] <= part["mean"] <= part["high"] <= 100, part
        if isinstance(part.get("percent"), float | int):
            assert 0 <= part["percent"] <= 100, part
