"""The one list of API scopes. A new resource adds its scope here and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable

# scope → what it allows, as shown on the account page and in the OpenAPI document.
SCOPES: dict[str, str] = {
    "profiles:read": "Read role profiles and their requirements.",
    "attempts:write": "Start attempts, read their questions, answer and submit them.",
    "reports:read": "Read the reports of your submitted attempts.",
    "cohorts:read": "Read the cohorts, assignments and results you teach.",
    "positions:read": "Read your organisations' positions and their pipeline.",
    "webhooks:write": "Manage your organisations' webhooks.",
}


def has_scope(granted: Iterable[str], needed: str) -> bool:
    """True when ``needed`` is among the ``granted`` scopes."""
    return needed in set(granted)
