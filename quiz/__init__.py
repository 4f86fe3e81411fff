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
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind extension objects and load the question content."""
    from quiz import accounts, content, mail
    from quiz.extensions import cache, csrf, db, login_manager, migrate
    from quiz.security import headers, limits, proxies

    db.init_app(app)
    cache.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(accounts.load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to see this page."
    proxies.init_app(app)
    headers.init_app(app)
    limits.init_app(app)
    content.init_app(app)
    mail.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sa.event.listen(db.engine, "connect", _sqlite_foreign_keys)


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """SQLite enforces foreign keys only when asked, per connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def register_blueprints(app: Flask) -> None:
    """One blueprint per concern."""
    from quiz.account import bp as account_bp
    from quiz.admin import bp as admin_bp
    from quiz.api import bp as api_bp
    from quiz.assess import bp as assess_bp
    from quiz.auth import bp as auth_bp
    from quiz.authoring import bp as authoring_bp
    from quiz.cohorts import bp as cohorts_bp
    from quiz.hooks import bp as hooks_bp
    from quiz.main import bp as main_bp
    from quiz.recruit import bp as recruit_bp
    from quiz.reports import bp as reports_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(assess_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(cohorts_bp)
    app.register_blueprint(recruit_bp)
    app.register_blueprint(authoring_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(hooks_bp)
    app.register_blueprint(api_bp)


def register_errorhandlers(app: Flask) -> None:
    """Error pages in the site's layout; never a traceback."""
    from quiz.errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    """``flask banks …``, ``reports …``, ``users …``, ``analysis …``, ``profiles …`` and
    ``flask backup``."""
    from quiz.analysis.cli import analysis
    from quiz.cli import backup, banks, profiles, reports, users
    from quiz.recruiting.cli import retention

    app.cli.add_command(banks)
    app.cli.add_command(reports)
    app.cli.add_command(users)
    app.cli.add_command(analysis)
    app.cli.add_command(profiles)
    app.cli.add_command(backup)
    app.cli.add_command(retention)
