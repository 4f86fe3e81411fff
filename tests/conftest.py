"""Shared fixtures: an app on a real, migrated database (SQLite file, or PostgreSQL when
``TEST_DATABASE_URL`` is set), a test client that handles CSRF tokens like a browser, a webhook
receiver, and the data builders of ``tests/worlds`` (accounts, classes, companies, positions,
invitations). Each feature's tests add their own fixtures in their folder's ``conftest.py``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings

from quiz.config import database_url
from quiz.core import queue
from quiz.extensions import db
from tests.receiver import Receiver, serve_receiver
from tests.support import QuizClient, make_app

pytest_plugins = ("tests.worlds.people", "tests.worlds.hiring")

# Properties are checked for correctness, not speed: no per-example deadline on a busy CI box.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrated once per run from an empty schema, with the real Alembic migrations."""
    raw = os.environ.get("TEST_DATABASE_URL")
    uri = database_url(raw, "") if raw else f"sqlite:///{tmp_path_factory.mktemp('db') / 't.db'}"
    app = make_app(uri)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        db.engine.dispose()
    return uri


@pytest.fixture
def app(database_uri: str) -> Iterator[Flask]:
    """A fresh app per test; every table is emptied afterwards."""
    app = make_app(database_uri)
    yield app
    # A call queued for later (an attempt's deadline) must not run on a later test's rows.
    assert queue.discard(app)
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def extra_app(app: Flask, database_uri: str) -> Iterator[Callable[..., Flask]]:
    """Make more apps on the test database (other content or settings); each one's engine is
    disposed afterwards, and ``app`` empties the tables."""
    made: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        made.append(make_app(database_uri, **overrides))
        return made[-1]

    yield factory
    for other in made:
        assert queue.discard(other)
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def quiz(client: FlaskClient) -> QuizClient:
    return QuizClient(client)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver: a real HTTP server on a free port, for the duration of a test."""
    with serve_receiver() as hook:
        yield hook
