"""The assessment web app: ``create_app`` reads as a table of contents."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from quiz.config import (
    ROOT,
    cache_settings,
    database_url,
    engine_options,
    instance_secret_key,
    select_config,
)
from quiz.security.inputs import BoundedInt
from quiz.security.limits import storage_uri


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; ``test_config`` overrides settings (tests, scripts)."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("QUIZ_INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(select_config())
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(
        os.environ.get("DATABASE_URL"), app.instance_path
    )
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(os.environ.get("REDIS_URL"))
    if test_config is not None:
        app.config.update(test_config)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    for key, value in cache_settings(app.config["REDIS_URL"]).items():
        app.config.setdefault(key, value)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        if app.config["PRODUCTION"]:
            raise RuntimeError("SECRET_KEY must be set in production (FLASK_ENV=production)")
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)

    register_extensions(app)
    app.url_map.converters["int"] = BoundedInt  # before any route is added: ids fit a column
    register_blueprints(app)
    register_receivers()
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind extension objects and load the question content."""
    from quiz.accounts.sessions import load as load_user
    from quiz.core import content, mail, texts
    from quiz.extensions import cache, csrf, db, login_manager, migrate
    from quiz.security import headers, limits, proxies

    db.init_app(app)
    cache.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Log in to see this page."
    proxies.init_app(app)
    headers.init_app(app)
    limits.init_app(app)
    content.init_app(app)
    mail.init_app(app)
    texts.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sa.event.listen(db.engine, "connect", _sqlite_foreign_keys)


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """SQLite enforces foreign keys only when asked, per connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature. Only this function imports route modules: importing a view
    module adds its views to its feature's ``bp`` (the features' ``api`` modules add theirs
    to the API's), and every one is imported before any blueprint is registered."""
    from quiz.accounts import routes as accounts
    from quiz.accounts.routes import settings, signin  # noqa: F401
    from quiz.admin import routes as admin
    from quiz.api import routes as api
    from quiz.api.routes import auth, docs, profiles  # noqa: F401
    from quiz.attempts import api as attempts_api  # noqa: F401
    from quiz.attempts import routes as attempts
    from quiz.cohorts import api as cohorts_api  # noqa: F401
    from quiz.cohorts import routes as cohorts
    from quiz.cohorts.routes import answers, manage, organisations, people, results, students  # noqa: F401
    from quiz.landing import routes as landing
    from quiz.orgbanks import routes as orgbanks
    from quiz.recruiting import api as recruiting_api  # noqa: F401
    from quiz.recruiting import routes as recruiting
    from quiz.recruiting.routes import (  # noqa: F401
        candidate,
        editing,
        inviting,
        proposing,
        screening,
        setup,
    )
    from quiz.reports import routes as reports
    from quiz.webhooks import api as webhooks_api  # noqa: F401
    from quiz.webhooks import routes as webhooks

    for feature in (
        landing,
        attempts,
        reports,
        accounts,
        cohorts,
        recruiting,
        orgbanks,
        admin,
        webhooks,
        api,
    ):
        app.register_blueprint(feature.bp)


def register_receivers() -> None:
    """Connect the receivers of ``quiz.core.signals`` (idempotent: a function is connected
    once however many apps a process builds)."""
    from quiz.cohorts import dashboard, feedback, itemcounts
    from quiz.core import signals
    from quiz.recruiting import events
    from quiz.webhooks import delivery, registry

    signals.attempt_closed.connect(itemcounts.count_closed)
    signals.attempts_deleted.connect(itemcounts.subtract_deleted)
    signals.attempt_submitted.connect(delivery.queue_submitted)
    signals.report_shown.connect(dashboard.report_percentile)
    signals.report_shown.connect(feedback.report_feedback)
    registry.register_payloads(events.submitted_payloads)


def register_errorhandlers(app: Flask) -> None:
    """Error pages in the site's layout; never a traceback."""
    from quiz.core.errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    """Every ``flask`` command of ``quiz.cli``."""
    from quiz.cli import analysis, backup, banks, irt, profiles, reports, retention, users

    app.cli.add_command(banks.banks)
    app.cli.add_command(reports.reports)
    app.cli.add_command(users.users)
    app.cli.add_command(analysis.analysis)
    app.cli.add_command(profiles.profiles)
    app.cli.add_command(backup.backup)
    app.cli.add_command(retention.retention)
    app.cli.add_command(irt.irt)
    app.cli.add_command(retention.recruiting)
