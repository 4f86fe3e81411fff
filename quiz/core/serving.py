"""What a production server does once, in its master process, before forking workers."""

from __future__ import annotations

from flask import Flask

from quiz.bank import Content
from quiz.core.content import current_content


def preload(app: Flask) -> Content:
    """Load the current content and compile every template now, so that workers forked
    afterwards share both and no request ever waits for them."""
    with app.app_context():
        for name in app.jinja_env.list_templates():
            app.jinja_env.get_template(name)
        return current_content()
