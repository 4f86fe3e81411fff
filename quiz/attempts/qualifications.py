"""Self-declared qualifications: asked once per attempt, shown in the report, never scored.

They correspond to the catalog's self-declared requirements (degree or certification, career
level) which the articles list as qualifications rather than knowledge.
"""

from __future__ import annotations

from typing import Any

DEGREES: list[tuple[str, str]] = [
    ("", "Prefer not to say"),
    ("none", "No degree"),
    ("studying", "Studying for a degree"),
    ("related", "Degree in computer science, IT or a related field"),
    ("other", "Degree in another field"),
]
EXPERIENCE: list[tuple[str, str]] = [
    ("", "Prefer not to say"),
    ("none", "None yet"),
    ("lt1", "Less than 1 year"),
    ("1-2", "1 to 2 years"),
    ("3-5", "3 to 5 years"),
    ("6+", "6 years or more"),
]


def from_form(degree: str, certifications: str, experience: str) -> dict[str, str] | None:
    """The answers worth storing, or None when the candidate skipped the section."""
    answers = {
        "degree": degree,
        "certifications": " ".join(certifications.split()),
        "experience": experience,
    }
    answers = {k: v for k, v in answers.items() if v}
    return answers or None


def describe(answers: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Label/value rows for the report; empty when nothing was declared."""
    if not answers:
        return []
    rows = []
    if "degree" in answers:
        rows.append(("Degree", dict(DEGREES).get(answers["degree"], answers["degree"])))
    if "certifications" in answers:
        rows.append(("Certifications", str(answers["certifications"])))
    if "experience" in answers:
        rows.append(("Professional experience", dict(EXPERIENCE).get(answers["experience"], "")))
    return rows
