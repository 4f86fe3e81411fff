"""Fixtures of the organisation-bank tests: the fixture files (``bank_files``, ``gift``), a
teacher of a class logged in on ``client`` (``teacher``, and ``uploaded`` once the GIFT file is
saved to the organisation's bank), the upload and confirm forms (``upload``, ``confirm``), the
item editor's form (``item_form``), and one sample of each item type (``item_cases``, with
``item_case`` running a test once per type)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.actions import login
from tests.support import ROOT, csrf_from
from tests.worlds.people import Klass, MakeClass

FIXTURES = ROOT / "tests" / "fixtures" / "orgbanks"
REFERENCE = "https://www.postgresql.org/docs/current/sql-select.html"

Upload = Callable[..., Any]
Confirm = Callable[[FlaskClient, int, str], Any]
ItemForm = Callable[..., dict[str, Any]]
Teacher = Callable[..., Klass]

CASES: dict[str, dict[str, Any]] = {
    "single_choice": {},
    "code_reading": {"type": "code_reading", "code_language": "sql", "code": "SELECT 1;"},
    "multiple_select": {
        "type": "multiple_select",
        "options": "COUNT\nSUM\nUPPER\nAVG",
        "answer": "A, B, D",
        "stem": "Which of these are aggregate functions in SQL?",
    },
    "true_false": {"type": "true_false", "answer": "false", "options": ""},
    "short_answer_text": {"type": "short_answer", "answer": "HAVING | having clause"},
    "short_answer_number": {"type": "short_answer", "answer": "", "numeric": "42 ± 0.5"},
    "ordering": {
        "type": "ordering",
        "options": "FROM\nWHERE\nGROUP BY\nSELECT",
        "answer": "A, B, C, D",
        "stem": "Put the logical steps of a grouped query in the order they run.",
    },
    "situational_judgment": {
        "type": "situational_judgment",
        "options": "1 | Ask the reviewer what they meant | Asking first keeps the review useful.\n"
        "0.5 | Change the code without asking | It may fix it, but the reason stays unclear.\n"
        "0 | Ignore the comment | Reviews exist so that comments get answered.",
        "stem": "A reviewer leaves a comment you do not understand. What do you do first?",
        "requirements": ["soft-communication"],
        "area": "soft",
    },
}


def _upload(
    client: FlaskClient, org_id: int, data: bytes, name: str = "bank.gift", fmt: str = "gift"
) -> Any:
    page = client.get(f"/orgs/{org_id}/banks").get_data(as_text=True)
    form = {
        "csrf_token": csrf_from(page),
        "file": (io.BytesIO(data), name),
        "fmt": fmt,
        "area": "sql",
        "requirement": "sql-querying",
        "difficulty": "",
        "reference": "",
    }
    return client.post(f"/orgs/{org_id}/banks/upload", data=form)


def _confirm(client: FlaskClient, org_id: int, report_html: str) -> Any:
    hidden = r'<input id="(\w+)" name="\1" type="hidden" value="([^"]*)"'
    fields = dict(re.findall(hidden, report_html))
    fields["csrf_token"] = csrf_from(report_html)
    return client.post(f"/orgs/{org_id}/banks/upload/confirm", data=fields)


def _item_form(page: str, **values: Any) -> dict[str, Any]:
    base = {
        "csrf_token": csrf_from(page),
        "id": "sql-window",
        "area": "sql",
        "type": "single_choice",
        "stem": "Which clause gives a running total over ordered rows?",
        "code_language": "",
        "code": "",
        "options": "SUM() OVER (ORDER BY day)\nGROUP BY day\nDISTINCT ON (day)",
        "answer": "A",
        "numeric": "",
        "explanation": "A window function with ORDER BY sums every row up to the current one.",
        "difficulty": "2",
        "requirements": ["sql-querying"],
        "reference": REFERENCE,
    }
    base.update(values)
    return base


@pytest.fixture
def bank_files() -> Path:
    """The folder of the organisation-bank fixture files (``bootcamp.gift``, ``broken.gift``)."""
    return FIXTURES


@pytest.fixture
def gift() -> bytes:
    """A bootcamp's GIFT export: two SQL items, and an essay question the upload skips."""
    return (FIXTURES / "bootcamp.gift").read_bytes()


@pytest.fixture
def upload() -> Upload:
    """``upload(client, org_id, data, name="bank.gift", fmt="gift")``: post a file to the upload
    form (a dry run); returns the response."""
    return _upload


@pytest.fixture
def confirm() -> Confirm:
    """``confirm(client, org_id, report_html)``: post the dry run's confirm form back."""
    return _confirm


@pytest.fixture
def item_form() -> ItemForm:
    """``item_form(page, **values)``: the editor's fields for a single-choice SQL item
    (``sql-window``), with the CSRF token of ``page``; ``values`` replace fields."""
    return _item_form


@pytest.fixture
def item_cases() -> dict[str, dict[str, Any]]:
    """One editor form's changes per item type, by case name."""
    return CASES


@pytest.fixture(params=sorted(CASES))
def item_case(request: pytest.FixtureRequest) -> str:
    """Each case name of ``item_cases`` in turn: a test asking for it runs once per type."""
    return str(request.param)


@pytest.fixture
def teacher(client: FlaskClient, make_class: MakeClass) -> Teacher:
    """``teacher(**settings) -> Klass``: a class made with ``settings``, its teacher logged in
    on ``client``."""

    def make(**settings: Any) -> Klass:
        klass = make_class(**settings)
        login(client, "teacher@example.org")
        return klass

    return make


@pytest.fixture
def uploaded(client: FlaskClient, teacher: Teacher, gift: bytes) -> Teacher:
    """``uploaded(**settings) -> Klass``: as ``teacher``, with the GIFT file's two items saved
    to the organisation's bank through the upload and its confirm."""

    def make(**settings: Any) -> Klass:
        klass = teacher(**settings)
        resp = _confirm(
            client, klass.org_id, _upload(client, klass.org_id, gift).get_data(as_text=True)
        )
        assert resp.status_code == 302
        return klass

    return make
