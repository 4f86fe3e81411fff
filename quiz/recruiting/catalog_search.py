"""Find a catalog requirement by (part of) its title, for a recruiter adding what a
job-description proposal missed. Pure: a catalog in, a requirement or a message out."""

from __future__ import annotations

from collections.abc import Mapping

from quiz.bank.schema import Requirement

MAX_NAMED = 5  # matches named in the message when a query is ambiguous


def find_requirement(query: str, catalog: Mapping[str, Requirement]) -> Requirement | str:
    """The requirement whose title (or id) is ``query``, or the only one whose title contains
    it, ignoring case; otherwise a message saying what to type."""
    wanted = " ".join(query.split()).casefold()
    if not wanted:
        return "Type part of a requirement's title."
    for req in catalog.values():
        if wanted in (req.title.casefold(), req.id.casefold()):
            return req
    found = [r for r in catalog.values() if wanted in r.title.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        return f"No requirement of the catalog has “{query.strip()}” in its title."
    named = "; ".join(r.title for r in found[:MAX_NAMED])
    more = f" and {len(found) - MAX_NAMED} more" if len(found) > MAX_NAMED else ""
    return f"{len(found)} requirements match “{query.strip()}”: {named}{more}. Pick one."
