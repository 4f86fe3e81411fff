"""The content an assignment draws from: our banks, the organisation's, or both.

Organisation items join our catalog and profiles under ids prefixed ``o<org id>-`` (so they
never collide with ours), in the areas of their banks. The result is ordinary ``Content``
with its own version hash: an attempt stores it as a bank snapshot and pins that version,
so editing an item later (a new version, a new hash) never changes a past report.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from quiz.bank import Content
from quiz.bank.draw import members
from quiz.bank.loader import with_items
from quiz.core.content import current_content
from quiz.orgbanks.store import current_items

SOURCES = {"ours": "Our banks", "org": "The organisation's banks", "both": "Both"}

_CACHE = "quiz.orgbanks.content"
_CACHE_SIZE = 32


def merged_id(org_id: int, item_id: str) -> str:
    """The id an organisation item has in drawn content."""
    return f"o{org_id}-{item_id}"


def owner_of(item_id: str) -> int | None:
    """The organisation whose own bank an item id of drawn content comes from (None: ours)."""
    prefix, dash, _ = item_id.partition("-")
    if dash and prefix[:1] == "o" and prefix[1:].isdigit():
        return int(prefix[1:])
    return None


def content_for_source(org_id: int, source: str) -> Content:
    """Our content (``ours``), the organisation's items alone (``org``), or both."""
    base = current_content()
    if source not in ("org", "both"):
        return base
    current = current_items(org_id)
    key = (base.version, org_id, source, tuple(c.version.id for c in current))
    cache: dict[Any, Content] = current_app.extensions.setdefault(_CACHE, {})
    if key not in cache:
        extra = [
            (c.area, c.item.model_copy(update={"id": merged_id(org_id, c.row.item_id)}))
            for c in current
        ]
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[key] = with_items(base, extra, keep_ours=source == "both")
    return cache[key]


def covers(content: Content, profile_id: str) -> bool:
    """True when ``content`` has at least one item for a requirement of the profile."""
    profile = content.profiles.get(profile_id)
    if profile is None:
        return False
    return any(
        content.items_for(member)
        for req_id in profile.requirements
        for member in members(profile, req_id)
    )
