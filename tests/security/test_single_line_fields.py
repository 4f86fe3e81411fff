"""A line break in an organisation or cohort name gave a 500 when mail was sent, after the rows
were saved (the probe's finding). Every single-line field of every form refuses control
characters, and a name saved before this rule reaches a mail subject as one line."""

from __future__ import annotations

import importlib
import io
import pkgutil

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_wtf import FlaskForm

import quiz
from quiz.core.forms import ONE_LINE, SiteForm
from quiz.extensions import db
from quiz.models import Cohort, Organisation
from tests.actions import last_mail, login, post_form
from tests.support import csrf_from
from tests.worlds.people import MakeClass, MakeUser


def _all_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(quiz.__path__, "quiz."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found: list[type] = []
    todo = list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in found if c.__module__.startswith("quiz.")]


def test_every_form_of_the_app_is_a_site_form() -> None:
    forms = _all_form_classes()
    assert len(forms) >= 30
    assert [f.__qualname__ for f in forms if not issubclass(f, SiteForm)] == []


@pytest.mark.parametrize("name", ["Code\nCamp", "Code\rCamp", "Code\x00Camp", "Code\u2028Camp"])
def test_an_organisation_name_with_a_control_character_is_refused(
    app: Flask, make_user: MakeUser, name: str
) -> None:
    make_user("ada@example.org")
    client = app.test_client()
    login(client, "ada@example.org")
    resp = post_form(client, "/orgs/new", "/orgs/new", {"name": name, "kind": "bootcamp"})
    assert resp.status_code == 400
    assert ONE_LINE in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_a_cohort_name_with_a_line_break_is_refused_and_multi_line_fields_keep_theirs(
    app: Flask, make_class: MakeClass
) -> None:
    klass = make_class()
    teacher = app.test_client()
    login(teacher, "teacher@example.org")
    page = f"/orgs/{klass.org_id}"
    resp = post_form(teacher, page, f"{page}/cohorts", {"cohort-name": "Spring\r\nBcc: x@y"})
    assert resp.status_code == 400 and ONE_LINE in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 1


def test_a_name_saved_with_a_line_break_still_sends_one_line_subjects(
    app: Flask, make_class: MakeClass
) -> None:
    klass = make_class()
    with app.app_context():
        cohort = db.session.get(Cohort, klass.cohort_id)
        assert cohort is not None
        cohort.name = "Spring\nBcc: victim@example.org"
        db.session.commit()
    teacher = app.test_client()
    login(teacher, "teacher@example.org")
    page = teacher.get(f"/cohorts/{klass.cohort_id}").get_data(as_text=True)
    resp = teacher.post(
        f"/cohorts/{klass.cohort_id}/roster",
        data={
            "csrf_token": csrf_from(page),
            "roster": (io.BytesIO(b"email,name\nann@example.org,Ann\n"), "r.csv"),
        },
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200
    message = last_mail(app, "ann@example.org")
    assert (
        message["Subject"] == "Teacher invites you to Spring Bcc: victim@example.org at Code Camp"
    )
    assert message["Bcc"] is None
