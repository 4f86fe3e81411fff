"""Find catalog synonyms and technology names in a text, whole-word, longest phrase first.

Rules (docs/jd-matching.md):

- a term matches as a whole word or phrase: not inside a longer word ("Java" is not found in
  "JavaScript", ".NET" not in "ASP.NET"); spaces and hyphens inside a term are interchangeable
  or may be left out ("back-end", "back end", "backend");
- matching ignores case, except for the terms listed under ``exact_case`` in the vocabulary;
- a term also matches its plural in "s" or "es" ("microservice", "REST APIs"), except the
  exact-case terms;
- where matches overlap, the one that starts first wins, then the longest ("Apache Kafka" is one
  technology, not the web server Apache followed by Kafka).

A term is a synonym of one requirement, a technology name, or both (PostgreSQL is a technology
that the SQL querying requirement covers). A technology's aliases point to the requirement its
other names point to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from quiz.bank.schema import Requirement
from quiz.jd.vocabulary import Vocabulary


@dataclass(frozen=True)
class Term:
    """One phrase to look for, and what it points to."""

    text: str
    requirement: str | None
    technology: str | None


@dataclass(frozen=True)
class Hit:
    """A term found at ``start:end`` of the text."""

    start: int
    end: int
    term: Term


class Matcher:
    """Compiled terms of a catalog and a vocabulary; reusable across texts."""

    def __init__(self, catalog: Mapping[str, Requirement], vocabulary: Vocabulary) -> None:
        self.exact_case = frozenset(vocabulary.exact_case)
        by_pattern: dict[str, Term] = {}
        synonym_owner: dict[str, str] = {}
        for req in catalog.values():
            for synonym in req.synonyms:
                key = self._key(synonym)
                synonym_owner.setdefault(key, req.id)
                by_pattern.setdefault(key, Term(synonym, req.id, None))
        for tech in vocabulary.technologies:
            owners = [synonym_owner[k] for k in map(self._key, tech.names) if k in synonym_owner]
            owner = owners[0] if owners else None
            for name in tech.names:
                key = self._key(name)
                known = by_pattern.get(key)
                requirement = known.requirement if known is not None else owner
                by_pattern[key] = Term(name, requirement, tech.name)
        self.terms = list(by_pattern.values())
        self._patterns = [(self._anchor(t.text), self._pattern(t.text), t) for t in self.terms]

    def _key(self, text: str) -> str:
        """Spellings that match the same phrases are one term."""
        if text in self.exact_case:
            return "=" + text
        return "~" + re.sub(r"[\s\-]+", " ", text.strip()).casefold()

    def _pattern(self, text: str) -> str:
        body = r"[\s\-]*".join(re.escape(p) for p in re.split(r"[\s\-]+", text.strip()) if p)
        core = body if text in self.exact_case else f"(?i:{body})(?:e?s)?"
        return rf"(?<![\w.+#@]){core}(?![\w+#]|\.\w)"

    def _anchor(self, text: str) -> str:
        """A piece every match contains, to skip terms that cannot occur in a text cheaply."""
        first = re.split(r"[\s\-]+", text.strip())[0]
        return first if text in self.exact_case else first.casefold()

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits in text order: first start wins, then the longest match, then
        the longest term (so "HTTPS" is TLS, not the plural of "HTTP")."""
        folded = text.casefold()
        hits = [
            Hit(m.start(), m.end(), term)
            for anchor, pattern, term in self._patterns
            if anchor in (text if term.text in self.exact_case else folded)
            for m in _compile(pattern).finditer(text)
        ]
        hits.sort(key=lambda h: (h.start, h.start - h.end, -len(h.term.text), h.term.text))
        chosen: list[Hit] = []
        for hit in hits:
            if not chosen or hit.start >= chosen[-1].end:
                chosen.append(hit)
        return chosen


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
