"""SECRET_KEY: generated once under instance/ (owner-only) and reused when none is set; required
in production. Sessions signed by one app are accepted by the next one on the same instance."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from quiz import create_app
from quiz.config import SECRET_KEY_FILE, instance_secret_key
from quiz.extensions import db
from tests.support import FIXTURE_QUESTIONS


@pytest.fixture
def apps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Flask]]:
    """Apps made by a test, on a throwaway SQLite file; their engines are disposed afterwards."""
    monkeypatch.setenv("QUIZ_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_ENV", raising=False)
    made: list[Flask] = []
    yield made
    for app in made:
        with app.app_context():
            db.engine.dispose()


def build(apps: list[Flask], tmp_path: Path, **config: object) -> Flask:
    app = create_app(
        {
            "SECRET_KEY": None,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'key.db'}",
            "QUESTIONS_DIR": str(FIXTURE_QUESTIONS),
            **config,
        }
    )
    apps.append(app)
    return app


def test_without_a_key_one_is_generated_owner_only_and_reused(
    apps: list[Flask], tmp_path: Path
) -> None:
    first = build(apps, tmp_path)
    key_file = tmp_path / "instance" / SECRET_KEY_FILE
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = first.config["SECRET_KEY"]
    assert isinstance(key, str) and len(key) == 64 and key == key_file.read_text().strip()
    assert key != "dev-only-not-secret"

    second = build(apps, tmp_path)
    assert second.config["SECRET_KEY"] == key
    # a session cookie signed by the first app is valid for the second
    with first.test_request_context():
        cookie = first.session_interface.get_signing_serializer(first).dumps({"n": 1})  # type: ignore[attr-defined]
    with second.test_request_context():
        loaded = second.session_interface.get_signing_serializer(second).loads(cookie)  # type: ignore[attr-defined]
    assert loaded == {"n": 1}
    assert [p.name for p in key_file.parent.iterdir() if p.name.startswith(".secret_key")] == []


def test_another_instance_gets_another_key(tmp_path: Path) -> None:
    assert instance_secret_key(tmp_path / "a") != instance_secret_key(tmp_path / "b")


def test_a_key_file_readable_by_others_is_tightened(tmp_path: Path) -> None:
    key_file = tmp_path / SECRET_KEY_FILE
    key_file.write_text("k" * 64 + "\n")
    key_file.chmod(0o644)
    assert instance_secret_key(tmp_path) == "k" * 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_short_key_file_is_refused_with_its_path(tmp_path: Path) -> None:
    key_file = tmp_path / SECRET_KEY_FILE
    key_file.write_text("\n")
    with pytest.raises(RuntimeError, match=f"{key_file}: the stored SECRET_KEY is shorter"):
        instance_secret_key(tmp_path)


def test_an_explicit_key_is_used_and_nothing_is_written(apps: list[Flask], tmp_path: Path) -> None:
    app = build(apps, tmp_path, SECRET_KEY="from-the-environment")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "instance" / SECRET_KEY_FILE).exists()


def test_production_refuses_to_start_without_a_key(
    apps: list[Flask], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set in production"):
        build(apps, tmp_path)
    assert not (tmp_path / "instance" / SECRET_KEY_FILE).exists()
    app = build(apps, tmp_path, SECRET_KEY="explicit")
    assert app.config["SECRET_KEY"] == "explicit" and app.config["SESSION_COOKIE_SECURE"]
