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


# Files whose tests share Redis queues and counters run on one xdist worker, one after another.
REDIS_FILES = frozenset(
    {
        "tests/security/test_account_links.py",
        "tests/security/test_gunicorn.py",
        "tests/security/test_login_backoff.py",
        "tests/security/test_rate_limits.py",
        "tests/unit/test_queue.py",
        "tests/web/core/test_mail.py",
        "tests/web/core/test_scale_out.py",
        "tests/web/core/test_worker.py",
        "tests/web/webhooks/test_webhooks.py",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under ``pytest -n N --dist loadgroup`` a file's tests stay on one worker (its module
    fixtures are built once) and every file that uses Redis shares one worker."""
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group("redis" if path in REDIS_FILES else path))


def _worker_database(raw: str) -> str:
    """PostgreSQL: each xdist worker gets its own database next to the given one, created
    empty; a run without workers uses the given database itself."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return raw
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(raw)
    name = f"{url.database}_{worker}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrated once per run from an empty schema, with the real Alembic migrations."""
    raw = os.environ.get("TEST_DATABASE_URL")
    if raw:
        uri = _worker_database(database_url(raw, ""))
    else:
        uri = f"sqlite:///{tmp_path_factory.mktemp('db') / 't.db'}"
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
