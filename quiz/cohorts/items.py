"""Item analysis of an assignment: the credit every submitted attempt earned on each item it
presented (unanswered counts 0, as the scoring does), read as grouped counts
(``quiz.cohorts.itemcounts``) and passed to the pure ``quiz.analysis``. Shown to staff from the
first submission; an item with fewer than ``MIN_RESPONSES`` responses is marked "too few
responses" instead of flagged."""

from __future__ import annotations

from dataclasses import dataclass

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
MIN_RESPONSES = 10  # fewer responses to an item: "too few responses", never a flag
TOO_FEW = "Too few responses"
KINDS = {
    True: "Same questions for everyone: every student answered these questions, so the "
    "figures compare like with like.",
    False: "Each student drew their own questions: most questions were seen by a few students "
    "only, so their figures rest on few responses and alpha usually cannot be computed. Set "
    "the assignment to the same questions for everyone where item analysis matters.",
}


@dataclass(frozen=True)
class ItemRow:
    """One item's figures with what the instructor needs to recognise it."""

    stats: ItemStatistics
    stem: str
    area: str

    @property
    def too_few(self) -> bool:
        """Fewer than ``MIN_RESPONSES`` responses: the figures say little, no flag is shown."""
        return self.stats.n < MIN_RESPONSES

    @property
    def flag(self) -> str | None:
        """The item's flag, unless it has too few responses to judge."""
        return None if self.too_few else self.stats.flag

    @property
    def serious(self) -> bool:
        """Negative or very low discrimination: the item may not measure what it should."""
        return self.flag in SERIOUS


@dataclass(frozen=True)
class ItemAnalysis:
    """The form's figures and one row per item, or why they are hidden."""

    form: FormStatistics | None
    rows: list[ItemRow]
    submitted: int
    fixed_form: bool

    @property
    def kind(self) -> str:
        """Which kind of assignment the analysis reads, and what that means for its figures."""
        return KINDS[self.fixed_form]


def analyse_assignment(assignment: Assignment) -> ItemAnalysis:
    """Item analysis from the first submission (staff see every student's results anyway)."""
    groups, submitted = itemcounts.credit_groups(assignment)
    if submitted == 0:
        return ItemAnalysis(None, [], submitted, assignment.fixed_form)
    form = analyse_groups(groups, submitted)
    content = content_for_source(assignment.cohort.organisation_id, assignment.source)
    out = []
    for stats in form.items:
        item = content.items.get(stats.item)
        area = content.areas[content.item_area[stats.item]].title if item else ""
        stem = to_plain(item.stem, item.text_format) if item else stats.item
        out.append(ItemRow(stats, stem, area))
    out.sort(key=lambda r: (not r.serious, r.flag is None, r.too_few, r.stats.item))
    return ItemAnalysis(form, out, submitted, assignment.fixed_form)
