"""Fixtures of the attempt tests: a class whose assignment students take (``klass``) and its
instructor's browser, logged in (``teacher``). Students join it through the root ``enrol``."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.actions import login
from tests.worlds.people import Klass, MakeClass


@pytest.fixture
def klass(make_class: MakeClass) -> Klass:
    """teacher@example.org's class: a cohort with one assignment (a quick check on the fixture
    profile, open now, one attempt)."""
    return make_class()


@pytest.fixture
def teacher(app: Flask, klass: Klass) -> FlaskClient:
    """A browser logged in as the instructor of ``klass`` (teacher@example.org)."""
    client = app.test_client()
    login(client, "teacher@example.org")
    return client
