"""Read the structure and cues of a job description: its sentences and section headings, how
strongly each sentence asks for something, the seniority, and the job title.

Everything here is a fixed list of words and patterns, so every decision can be explained by
pointing at the word that caused it (docs/jd-matching.md lists them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NICE = re.compile(
    r"\bnice[\s-]to[\s-]haves?\b|\bbonus\b|\bplus\b|\bpreferred\b|\bpreferably\b|\bdesirable\b"
    r"|\bdesired\b|\bideally\b|\boptional\b|\bwould be great\b|\bnot required\b"
    r"|\badvantage(?:ous)?\b|\bhelpful\b|\bbeneficial\b|\bappreciated\b",
    re.IGNORECASE,
)
MUST = re.compile(
    r"\brequired\b|\bmust\b|\bstrong\b|\bessential\b|\bmandatory\b|\bimperative\b"
    r"|\bexpert(?:ise)?\b|\bproficien(?:t|cy)\b|\bsolid\b|\bdeep\b|\bextensive\b|\bin[\s-]depth\b"
    r"|\bthorough\b|\bexcellent\b|\badvanced\b|\bindispensable\b|\bvital\b"
    r"|\b\d+\s*\+?\s*(?:(?:-|–|to)\s*\d+\s*)?(?:years?|yrs?)\b|\bat least \d+\b",
    re.IGNORECASE,
)
# Headings (and "Label:" prefixes) that set the weight of the lines under them.
MUST_HEADING = re.compile(
    r"\brequirements?\b|\brequired\b|\bmust[\s-]haves?\b|\bqualifications\b|\bessentials?\b"
    r"|\bwhat you need\b|\bwhat we(?:'re| are) looking for\b|\bminimum\b|\bbasic\b"
    r"|\byou have\b|\byou bring\b|\byour profile\b|\bwho you are\b|\bwhat we expect\b",
    re.IGNORECASE,
)
_HEADING_WORDS = re.compile(
    r"requirement|qualification|skill|responsibilit|what you|what we|about|nice|bonus|preferred"
    r"|must|plus|benefit|offer|experience|stack|tech|who you are|role|you will|you'll|duties"
    r"|tasks|you have|you bring|profile|expect",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*(?:[-*•·]\s*)?([A-Za-z][\w '&/-]{1,40}):(?:\s|$)")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦–]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z0-9])")

# A sentence that describes the team the role joins ("a team of six engineers, a product
# manager and a designer") names people, not skills asked of the candidate: soft-skill terms
# in it (a product manager is a stakeholder) are not evidence.
TEAM = re.compile(
    r"\bteam of\b|\bsquad of\b|\byou(?:'ll| will) join\b|\bjoin(?:ing)? (?:a|our|the) team\b"
    r"|\b(?:the|our) team (?:is|consists|includes|has)\b|\bwe are a team\b",
    re.IGNORECASE,
)

WEIGHTS = ("must", "should", "nice")
LEVELS = ("junior", "mid", "senior")
_LEVEL_WORDS = {
    "senior": r"senior|sr\.?|lead|principal|staff",
    "junior": r"junior|jr\.?|entry[\s-]level|graduate|intern|trainee|apprentice",
    "mid": r"mid[\s-]?level|mid|intermediate",
}
_YEARS = re.compile(
    r"(\d+)\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d+\s*\+?\s*)?(?:years?|yrs?)", re.IGNORECASE
)
_ROLE = r"(?:engineer|developer|programmer|architect|swe|sre)"
_TITLE_IN_TEXT = re.compile(
    r"((?:(?:[A-Z][\w.+#/-]*|of|and|&)\s+){0,5}(?:Engineer|Developer|Programmer|Architect))\b"
)


@dataclass(frozen=True)
class Segment:
    """A sentence (or heading) at ``start:end`` of the text, with the weight of its section."""

    start: int
    end: int
    section: str | None


def segments(text: str) -> Iterator[Segment]:
    """Sentences of every paragraph and list item, each carrying the weight set by the heading
    above it. A heading's weight lasts until the next heading, or until a plain paragraph
    after a blank line once something has been listed under it."""
    section: str | None = None
    used = False  # whether anything came under the current heading yet
    for start, end, kind in _blocks(text):
        block = text[start:end]
        if kind == "heading":
            section, used = heading_weight(block), False
            yield Segment(start, end, section)
            continue
        if kind == "paragraph" and used:
            section = None
        used = True
        label = _LABEL.match(block)
        line_section = heading_weight(label.group(1)) if label else None
        for s, e in _sentences(block):
            yield Segment(start + s, start + e, line_section or section)


def _blocks(text: str) -> Iterator[tuple[int, int, str]]:
    """Spans of headings, list items and paragraphs; wrapped lines join their block."""
    current: list[int] | None = None  # [start, end] of the open block
    kind = ""
    after_blank = True
    offset = 0
    for line in text.splitlines(keepends=True):
        start, body = offset, line.rstrip("\r\n")
        offset += len(line)
        if not body.strip():
            after_blank = True
            continue
        left, right = start + _indent(body), start + len(body.rstrip())
        continues = not after_blank and kind != "heading" and not _BULLET.match(body)
        if current is not None and continues and not is_heading(body):
            current[1] = right
        else:
            if current is not None:
                yield current[0], current[1], kind
            kind = "heading" if is_heading(body) else "item" if _BULLET.match(body) else ""
            kind = kind or ("paragraph" if after_blank else "line")
            current = [left, right]
        after_blank = False
    if current is not None:
        yield current[0], current[1], kind


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _sentences(block: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences in a block, without surrounding blanks or a bullet marker."""
    bullet = _BULLET.match(block)
    begin = bullet.end() if bullet else 0
    for part in _SENTENCE_END.split(block[begin:]):
        found = block.find(part, begin)
        if part.strip():
            yield found, found + len(part.rstrip())
        begin = found + len(part)


def is_heading(line: str) -> bool:
    """A line on its own that names a section: "Requirements:", "Nice to have", "About you"."""
    text = line.strip()
    if _BULLET.match(line) or not text:
        return False
    if text.endswith(":"):
        return len(text.split()) <= 8
    text = text.strip("#*_ ").rstrip()
    return (
        len(text.split()) <= 6
        and text[-1] not in ".!?,;"
        and bool(_HEADING_WORDS.search(text))
        and not re.search(rf"\b{_ROLE}\b", text, re.IGNORECASE)
    )


def heading_weight(heading: str) -> str | None:
    """``nice`` or ``must`` for a heading that says so; None for a neutral one."""
    if NICE.search(heading):
        return "nice"
    if MUST_HEADING.search(heading) or MUST.search(heading):
        return "must"
    return None


def weight_of(sentence: str, section: str | None) -> str:
    """The weight a sentence gives what it names.

    Order: a "nice" cue in the sentence, a "nice" section, a "must" cue in the sentence, a
    "must" section, otherwise "should".
    """
    if NICE.search(sentence):
        return "nice"
    if section == "nice":
        return "nice"
    if MUST.search(sentence) or section == "must":
        return "must"
    return "should"


def describes_team(sentence: str) -> bool:
    """Whether the sentence describes the team rather than asks for a skill."""
    return TEAM.search(sentence) is not None


def seniority(text: str, title: str) -> str:
    """``junior``, ``mid`` or ``senior``: from the title, else the years of experience asked
    for (5 or more: senior, 2 to 4: mid, fewer: junior), else a level named with the role in
    the text ("a senior developer"), else ``mid``."""
    level = _level_in(title, r"\b(?:{words})\b")
    if level:
        return level
    years = [int(m.group(1)) for m in _YEARS.finditer(text)]
    if years:
        most = max(years)
        return "senior" if most >= 5 else "mid" if most >= 2 else "junior"
    role_phrase = rf"\b(?:{{words}})\s+(?:[\w.+#/-]+\s+){{{{0,3}}}}{_ROLE}\b(?!s)"
    return _level_in(text, role_phrase) or "mid"


def _level_in(text: str, template: str) -> str | None:
    first: tuple[int, str] | None = None
    for level, words in _LEVEL_WORDS.items():
        match = re.search(template.format(words=words), text, re.IGNORECASE)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), level)
    return first[1] if first else None


def title_of(text: str) -> str:
    """The job title: the first line when it is short, not a sentence, and names a role, else
    the first capitalised role phrase ("… looking for an experienced Back End Engineer"),
    else a default."""
    for line in text.splitlines():
        first = line.strip().strip("#*_ ").strip()
        if first:
            short = len(first) <= 80 and len(first.split()) <= 10 and first[-1] not in ".!?"
            if short and re.search(rf"\b{_ROLE}\b", first, re.IGNORECASE):
                return first.rstrip(".:")
            break
    match = _TITLE_IN_TEXT.search(text)
    return match.group(1).strip() if match else "Back-end engineer"
