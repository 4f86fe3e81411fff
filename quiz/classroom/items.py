"""Item analysis of an assignment: the credit every submitted attempt earned on each item it
presented (unanswered counts 0, as the scoring does), counted in SQL by group and passed to the
pure ``quiz.analysis``."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from quiz.analysis import FormStatistics, ItemStatistics, analyse_groups
from quiz.analysis.items import Group
from quiz.extensions import db
from quiz.models import Assignment
from quiz.orgbanks.sources import content_for_source

FLAG_TEXT = {
    "negative-discrimination": "Negative discrimination: stronger students did worse on this "
    "item. Check the key and the wording first.",
    "low-discrimination": "Very low discrimination: the item barely separates stronger from "
    "weaker students.",
    "very-hard": "Very hard: almost nobody earned credit, so it tells students apart poorly.",
    "very-easy": "Very easy: almost everybody earned credit, so it tells students apart poorly.",
    "no-variance": "Everyone earned the same credit, so it cannot discriminate.",
}
SERIOUS = frozenset({"negative-discrimination", "low-discrimination"})


@dataclass(frozen=True)
class ItemRow:
    """One item's figures with what the instructor needs to recognise it."""

    stats: ItemStatistics
    stem: str
    area: str

    @property
    def serious(self) -> bool:
        """Negative or very low discrimination: the item may not measure what it should."""
        return self.stats.flag in SERIOUS


@dataclass(frozen=True)
class ItemAnalysis:
    """The form's figures and one row per item, or why they are hidden."""

    form: FormStatistics | None
    rows: list[ItemRow]
    submitted: int
    threshold: int


# Per submitted attempt of the assignment: its total credit and how many items it presented.
# Then, grouped by (item, total, presented): how many attempts presented each item, and how
# many earned each credit on it. Unanswered = presented - answered, at credit 0. The page costs
# one query whose result grows with the distinct groups (items × totals), not with the class.
_GROUPS = """
WITH totals AS (
    SELECT a.id AS attempt_id, json_array_length(a.item_ids) AS presented,
           COALESCE(SUM(r.credit), 0.0) AS total
    FROM attempts a LEFT JOIN responses r ON r.attempt_id = a.id
    WHERE a.assignment_id = :assignment AND a.submitted_at IS NOT NULL
    GROUP BY a.id
)
SELECT CAST(NULL AS TEXT) AS item_id, CAST(NULL AS FLOAT) AS credit, CAST(NULL AS FLOAT) AS total,
       CAST(NULL AS INTEGER) AS presented, COUNT(*) AS n
FROM totals
UNION ALL
SELECT e.value, CAST(NULL AS FLOAT), t.total, t.presented, COUNT(*)
FROM totals t JOIN attempts a ON a.id = t.attempt_id CROSS JOIN {expand}
GROUP BY e.value, t.total, t.presented
UNION ALL
SELECT r.item_id, r.credit, t.total, t.presented, COUNT(*)
FROM totals t JOIN responses r ON r.attempt_id = t.attempt_id
GROUP BY r.item_id, r.credit, t.total, t.presented
"""
_EXPAND = {
    "postgresql": "json_array_elements_text(a.item_ids) AS e(value)",
    "sqlite": "json_each(a.item_ids) AS e",
}


def credit_groups(assignment: Assignment) -> tuple[list[Group], int]:
    """The grouped credits of the assignment's submitted attempts, and how many there are."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":  # room for the hash tables of a large class, this query only
        db.session.execute(sa.text("SET LOCAL work_mem = '32MB'"))
    result = db.session.execute(
        sa.text(_GROUPS.format(expand=_EXPAND[dialect])), {"assignment": assignment.id}
    )
    attempts = 0
    presented: dict[tuple[str, float, int], int] = {}
    groups: list[Group] = []
    for item, credit, total, shown, count in result:
        if item is None:
            attempts = int(count)
        elif credit is None:
            presented[(item, float(total), int(shown))] = int(count)
        else:
            groups.append((item, float(credit), float(total), int(shown), int(count)))
    answered: dict[tuple[str, float, int], int] = {}
    for item, _credit, total, shown, count in groups:
        answered[(item, total, shown)] = answered.get((item, total, shown), 0) + count
    for (item, total, shown), count in presented.items():
        if count > answered.get((item, total, shown), 0):
            groups.append((item, 0.0, total, shown, count - answered.get((item, total, shown), 0)))
    return groups, attempts


def analyse_assignment(assignment: Assignment) -> ItemAnalysis:
    """Item analysis once enough attempts were submitted to keep each student anonymous."""
    groups, submitted = credit_groups(assignment)
    threshold = max(2, int(current_app.config["COHORT_MIN_SUBMITTED"]))
    if submitted < threshold:
        return ItemAnalysis(None, [], submitted, threshold)
    form = analyse_groups(groups, submitted)
    content = content_for_source(assignment.cohort.organisation_id, assignment.source)
    out = []
    for stats in form.items:
        item = content.items.get(stats.item)
        area = content.areas[content.item_area[stats.item]].title if item else ""
        out.append(ItemRow(stats, item.stem if item else stats.item, area))
    out.sort(key=lambda r: (not r.serious, r.stats.flag is None, r.stats.item))
    return ItemAnalysis(form, out, submitted, threshold)
