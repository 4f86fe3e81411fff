"""Ids no database column can hold answer like any unknown id (the probe found 500s on 13 web
routes and the admin page number): every ``<int:…>`` of every route is bounded, and numbers in
query strings are read within bounds."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from quiz.extensions import db
from quiz.models import User
from quiz.security.inputs import MAX_ID, BoundedInt, whole_number
from tests.actions import login
from tests.security.world import ADMIN, INSTRUCTOR_X, RECRUITER_X, MatrixWorld, client_of
from tests.worlds.people import MakeUser

HUGE = "99999999999999999999"
INT_PART = re.compile(r"<int(\([^)]*\))?:\w+>")


def _int_rules(app: Flask) -> list[tuple[str, str]]:
    """Every route with an integer in its path, as (path with HUGE ids, method)."""
    found = []
    for rule in app.url_map.iter_rules():
        if "<int" not in rule.rule:
            continue
        path = INT_PART.sub(HUGE, rule.rule)
        path = re.sub(r"<[^>]+>", "x", path)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((path, method))
    return found


def test_every_integer_converter_is_bounded(app: Flask) -> None:
    rules = [r for r in app.url_map.iter_rules() if "<int" in r.rule]
    assert len(rules) >= 40
    for rule in rules:
        for name, converter in rule._converters.items():
            if isinstance(converter, BoundedInt) or type(converter).__name__ == "IntegerConverter":
                assert converter.max is not None and converter.max <= MAX_ID, (rule.rule, name)


@pytest.mark.parametrize("actor", [ADMIN, INSTRUCTOR_X, RECRUITER_X])
def test_huge_ids_answer_404_on_every_route(
    app: Flask, matrix_world: MatrixWorld, actor: str
) -> None:
    world = matrix_world(actor)
    client, csrf = client_of(app, world, actor)
    failures = []
    for path, method in _int_rules(app):
        data = {"csrf_token": csrf} if method != "GET" else None
        status = client.open(path, method=method, data=data).status_code
        if status != 404:
            failures.append((method, path, status))
    assert failures == []


def test_page_numbers_out_of_range_are_read_within_bounds(app: Flask, make_user: MakeUser) -> None:
    assert whole_number(HUGE, 1, high=100) == 100
    assert whole_number("0", 1) == 1 and whole_number("-3", 1) == 1
    assert whole_number("٣", 1) == 1 and whole_number(None, 7) == 7
    assert whole_number("42", 1) == 42
    uid = make_user("root@example.org")
    with app.app_context():
        user = db.session.get(User, uid)
        assert user is not None
        user.is_admin = True
        db.session.commit()
    client = app.test_client()
    login(client, "root@example.org")
    page = client.get(f"/admin/report-views?page={HUGE}")
    assert page.status_code == 200
    assert "Report views" in page.get_data(as_text=True)
