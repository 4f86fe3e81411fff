"""The app's access to question content: the current version and stored past versions."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.exc import IntegrityError

from quiz.bank import Content, load_content
from quiz.extensions import db
from quiz.models import BankSnapshot

_KEY = "quiz.core.content"
_PAST_KEY = "quiz.core.content.past"


def init_app(app: Flask) -> None:
    """Reserve the slot; content is loaded on first use so CLI commands start fast."""
    app.extensions[_KEY] = None


def current_content() -> Content:
    """The content the app serves new attempts from, loaded and validated once per process."""
    content: Content | None = current_app.extensions[_KEY]
    if content is None:
        content = load_content(current_app.config["QUESTIONS_DIR"])
        current_app.extensions[_KEY] = content
    return content


def content_for(version: str) -> Content:
    """The content of ``version``: the current one, or a stored snapshot of an older one."""
    current = current_content()
    if version == current.version:
        return current
    past: dict[str, Content] = current_app.extensions.setdefault(_PAST_KEY, {})
    if version not in past:
        snapshot = db.session.get(BankSnapshot, version)
        if snapshot is None:
            raise LookupError(f"no stored content for version {version}")
        past[version] = Content.from_json(snapshot.content)
    return past[version]


def store_snapshot(content: Content) -> bool:
    """Store ``content`` under its version if it is not stored yet; True when it was added."""
    exists = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(BankSnapshot)
        .where(BankSnapshot.version == content.version)
    )
    if exists:
        return False
    db.session.add(
        BankSnapshot(
            version=content.version, content=content.to_json(), item_count=len(content.items)
        )
    )
    try:
        db.session.commit()
    except IntegrityError:  # another process stored it first
        db.session.rollback()
        return False
    return True
