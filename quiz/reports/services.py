"""Turn a stored attempt into the scoring core's inputs, and into review rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quiz.assess.services import attempt_content, responses_by_item
from quiz.bank import Content, question_type
from quiz.models import Attempt
from quiz.scoring import GapReport, ItemResult, RequirementInfo, Target, build_report


def gap_report(attempt: Attempt) -> tuple[GapReport, Content]:
    """The attempt's gap report against its target profile, and the content it used."""
    content = attempt_content(attempt)
    saved = responses_by_item(attempt)
    results = [
        ItemResult(
            item_id=item_id,
            area=content.item_area[item_id],
            requirement_ids=tuple(content.items[item_id].requirements),
            credit=saved[item_id].credit if item_id in saved else None,
        )
        for item_id in attempt.item_ids
    ]
    profile = content.profiles[attempt.profile_id]
    targets = {r: Target(t.weight, t.target) for r, t in profile.requirements.items()}
    infos = {
        r.id: RequirementInfo(r.id, r.title, r.area, r.why) for r in content.requirements.values()
    }
    titles = {a.id: a.title for a in content.areas.values()}
    return build_report(results, targets, infos, titles), content


@dataclass(frozen=True)
class ReviewRow:
    """One question as reviewed after submission."""

    number: int
    item: Any
    area_title: str
    your_answer: str
    correct_answer: str
    credit: float | None


def review_rows(attempt: Attempt) -> list[ReviewRow]:
    """Every item of the attempt with the answer given, the key and the credit earned."""
    content = attempt_content(attempt)
    saved = responses_by_item(attempt)
    rows = []
    for number, item_id in enumerate(attempt.item_ids, 1):
        item = content.items[item_id]
        qtype = question_type(item)
        response = saved.get(item_id)
        rows.append(
            ReviewRow(
                number=number,
                item=item,
                area_title=content.areas[content.item_area[item_id]].title,
                your_answer=qtype.describe(item, response.answer if response else None),
                correct_answer=qtype.key(item),
                credit=response.credit if response else None,
            )
        )
    return rows
