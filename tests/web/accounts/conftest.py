"""Fixtures of the account tests: a class (``klass``), Sam, a student of it logged in
(``student``), and its instructor's browser, logged in (``teacher``)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.actions import login
from tests.worlds.people import Enrol, Klass, MakeClass


@pytest.fixture
def klass(make_class: MakeClass) -> Klass:
    """teacher@example.org's class at Code Camp: the "Spring cohort" with one assignment (a
    quick check on the fixture profile, open now)."""
    return make_class()


@pytest.fixture
def student(klass: Klass, enrol: Enrol) -> FlaskClient:
    """A browser logged in as Sam (sam@example.org), who joined the cohort of ``klass``."""
    return enrol(klass, "sam@example.org")


@pytest.fixture
def teacher(app: Flask, klass: Klass) -> FlaskClient:
    """A browser logged in as the instructor of ``klass`` (teacher@example.org)."""
    client = app.test_client()
    login(client, "teacher@example.org")
    return client
