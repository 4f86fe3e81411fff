"""Template filters for item texts: plain text, or sanitized HTML shown as such.

An item's stem and explanation are plain text unless its ``text_format`` is ``html``; then
they are HTML that the item schema already sanitized with nh3. The filters sanitize once more
as they mark it safe (cheap, and no page depends on how an item was stored), so candidates
see lists, tables and emphasis while no script or style ever reaches a page.
"""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup, escape

from quiz.bank.richtext import inline_html, sanitize, to_plain


def rich(text: str | None, text_format: str | None) -> Markup:
    """``text`` for a page: sanitized HTML when ``text_format`` is ``html``, escaped otherwise."""
    if text_format == "html":
        return Markup(sanitize(text or ""))
    return escape(text or "")


def inline_stem(text: str | None, text_format: str | None) -> Markup | None:
    """A stem as phrasing content (fit for a heading), or None when its HTML holds blocks
    (lists, tables, paragraphs) that must be shown below the heading instead."""
    if text_format != "html":
        return escape(text or "")
    inline = inline_html(sanitize(text or ""))
    return None if inline is None else Markup(inline)


def plain_text(text: str | None, text_format: str | None) -> str:
    """The text without markup, for tables and truncated previews (escaped by Jinja)."""
    return to_plain(text or "", text_format or "plain")


def init_app(app: Flask) -> None:
    """Register the filters ``rich``, ``inline_stem`` and ``plain_text``."""
    app.jinja_env.filters.update(rich=rich, inline_stem=inline_stem, plain_text=plain_text)
