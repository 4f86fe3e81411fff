"""Item analysis of an assignment: the credit every submitted attempt earned on each item it
presented (unanswered counts 0, as the scoring does), read as grouped counts
(``quiz.cohorts.itemcounts``) and passed to the pure ``quiz.analysis``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from quiz.analysis import FormStatistics, ItemStatistics, analyse_groups
from quiz.bank.richtext import to_plain
from quiz.cohorts import itemcounts
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


def analyse_assignment(assignment: Assignment) -> ItemAnalysis:
    """Item analysis once enough attempts were submitted to keep each student anonymous."""
    groups, submitted = itemcounts.credit_groups(assignment)
    threshold = max(2, int(current_app.config["COHORT_MIN_SUBMITTED"]))
    if submitted < threshold:
        return ItemAnalysis(None, [], submitted, threshold)
    form = analyse_groups(groups, submitted)
    content = content_for_source(assignment.cohort.organisation_id, assignment.source)
    out = []
    for stats in form.items:
        item = content.items.get(stats.item)
        area = content.areas[content.item_area[stats.item]].title if item else ""
        stem = to_plain(item.stem, item.text_format) if item else stats.item
        out.append(ItemRow(stats, stem, area))
    out.sort(key=lambda r: (not r.serious, r.stats.flag is None, r.stats.item))
    return ItemAnalysis(form, out, submitted, threshold)
