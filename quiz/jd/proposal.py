"""Propose a role profile from a job description: which catalog requirements it asks for, how
strongly, at what level, with the phrase that shows it, and what it names that the quiz does
not measure. Deterministic: the same text, catalog and vocabulary give the same proposal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from quiz.bank.schema import Requirement, RoleProfile
from quiz.jd import cues
from quiz.jd.matching import Hit, Matcher
from quiz.jd.vocabulary import Vocabulary, load_vocabulary

# Targets per weight when the catalog has no "<level>-backend" profile to take them from; the
# same values as the shipped junior, mid and senior profiles.
DEFAULT_TARGETS = {
    "junior": {"must": 60, "should": 50, "nice": 40},
    "mid": {"must": 70, "should": 60, "nice": 50},
    "senior": {"must": 80, "should": 70, "nice": 55},
}
SOFT_AREA = "soft"  # soft-skill requirements: never evidenced by a sentence about the team
EVIDENCE_MAX = 200  # characters; a longer sentence is cut to the words around the match
_RANK = {w: i for i, w in enumerate(cues.WEIGHTS)}


@dataclass(frozen=True)
class ProposedRequirement:
    """One requirement the text asks for, with the verbatim phrase that shows it."""

    id: str
    weight: str
    target: int
    evidence: str


@dataclass(frozen=True)
class NotMeasured:
    """A technology or skill the text names that the catalog does not measure, with the
    sentence that names it (verbatim, as evidence is)."""

    name: str
    evidence: str


@dataclass(frozen=True)
class Proposal:
    """A draft profile for a recruiter to review: requirements must → nice, then in text
    order; ``uncovered`` names technologies and skills the catalog does not cover."""

    title: str
    seniority: str
    requirements: list[ProposedRequirement]
    uncovered: list[str]
    not_measured: list[NotMeasured] = field(default_factory=list)  # ``uncovered``, with sentences

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``flask profiles from-jd --json``."""
        return asdict(self)


def propose(
    text: str,
    catalog: Mapping[str, Requirement],
    profiles: Mapping[str, RoleProfile],
    vocabulary: Vocabulary | Matcher | None = None,
) -> Proposal:
    """Map a job description to catalog requirements (see docs/jd-matching.md).

    ``catalog`` and ``profiles`` are ``Content.requirements`` and ``Content.profiles``;
    ``vocabulary`` defaults to the shipped ``questions/technologies.yaml`` (pass a ``Matcher``
    built once to reuse it across many texts).
    """
    if isinstance(vocabulary, Matcher):
        matcher = vocabulary
    else:
        matcher = Matcher(catalog, vocabulary if vocabulary is not None else load_vocabulary())
    title = cues.title_of(text)
    level = cues.seniority(text, title)
    targets = targets_for(level, profiles)
    found: dict[str, tuple[int, int, str]] = {}  # requirement -> (rank, position, evidence)
    uncovered: list[str] = []
    not_measured: list[NotMeasured] = []
    hits = matcher.find(text)
    for segment in cues.segments(text):
        inside = [h for h in hits if segment.start <= h.start < segment.end]
        if not inside:
            continue
        sentence = text[segment.start : segment.end]
        rank = _RANK[cues.weight_of(sentence, segment.section)]
        team = cues.describes_team(sentence)
        for hit in inside:
            req, tech = hit.term.requirement, hit.term.technology
            if team and req is not None and req in catalog and catalog[req].area == SOFT_AREA:
                continue
            if req is None:
                if tech is not None and tech not in uncovered:
                    uncovered.append(tech)
                    evidence = _evidence(text, segment.start, segment.end, hit)
                    not_measured.append(NotMeasured(tech, evidence))
            elif req not in found or rank < found[req][0]:
                found[req] = (rank, hit.start, _evidence(text, segment.start, segment.end, hit))
    ordered = sorted(found.items(), key=lambda kv: (kv[1][0], kv[1][1]))
    requirements = [
        ProposedRequirement(req, cues.WEIGHTS[rank], targets[cues.WEIGHTS[rank]], evidence)
        for req, (rank, _pos, evidence) in ordered
    ]
    return Proposal(title, level, requirements, uncovered, not_measured)


def targets_for(level: str, profiles: Mapping[str, RoleProfile]) -> dict[str, int]:
    """Target per weight for a level: the most common target of that weight in the
    ``<level>-backend`` profile, or DEFAULT_TARGETS when there is no such profile."""
    targets = dict(DEFAULT_TARGETS[level])
    profile = profiles.get(f"{level}-backend")
    if profile is not None:
        for weight in cues.WEIGHTS:
            counts = Counter(r.target for r in profile.requirements.values() if r.weight == weight)
            if counts:
                targets[weight] = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return targets


def _evidence(text: str, start: int, end: int, hit: Hit) -> str:
    """The sentence holding the hit, verbatim but for line breaks and runs of blanks, which
    become one space; a long sentence is cut at word boundaries around the match."""
    if end - start <= EVIDENCE_MAX:
        return " ".join(text[start:end].split())
    half = (EVIDENCE_MAX - (hit.end - hit.start)) // 2
    left, right = max(start, hit.start - half), min(end, hit.end + half)
    if left > start:
        space = text.find(" ", left, hit.start)
        left = space + 1 if space != -1 else hit.start
    if right < end:
        space = text.rfind(" ", hit.end, right)
        right = space if space != -1 else hit.end
    return " ".join(text[left:right].split()).rstrip(",;:")
