"""Any-of requirement groups: validated in profiles, drawn by stack, met by the best member."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.bank import ContentError, load_content
from quiz.bank.draw import draw_items
from quiz.scoring import ItemResult, ProfileSpec, RequirementInfo, Target, build_report
from tests.support import FIXTURE_QUESTIONS, SHIPPED_QUESTIONS

SQL_LINES = (
    "  sql-querying: {weight: must, target: 60}\n  sql-integrity: {weight: should, target: 50}"
)
GROUP = (
    "  sql-any:\n    title: Some SQL\n    any_of: [sql-querying, sql-integrity]\n"
    "    weight: must\n    target: 60"
)


@pytest.fixture
def grouped(tmp_path: Path) -> Path:
    """The fixture content with its two SQL requirements folded into one group."""
    root = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, root)
    profile = root / "profiles" / "junior-backend.yaml"
    text = profile.read_text()
    assert SQL_LINES in text
    profile.write_text(text.replace(SQL_LINES, GROUP))
    return root


def _errors(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root)
    return info.value.messages


def test_shipped_profiles_ask_for_one_language_and_one_framework() -> None:
    content = load_content(SHIPPED_QUESTIONS)
    for profile in content.profiles.values():
        language = profile.requirements["server-language"]
        framework = profile.requirements["server-framework"]
        assert {"lang-python", "lang-java"} <= set(language.any_of)
        assert "fw-django" in framework.any_of and language.weight == "must"
        assert not any(m in profile.requirements for m in framework.any_of)


def test_group_is_loaded(grouped: Path) -> None:
    entry = load_content(grouped).profiles["junior-backend"].requirements["sql-any"]
    assert entry.any_of == ["sql-querying", "sql-integrity"] and entry.title == "Some SQL"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[sql-querying, sql-integrity]", "[sql-querying, sql-joins]", "unknown requirement"),
        ("[sql-querying, sql-integrity]", "[sql-querying, api-rest-design]", "span areas"),
        ("  sql-any:", "  api-rest-design: {weight: must, target: 60}\n  sql-any:", ""),
        ("    title: Some SQL\n", "", "needs a 'title'"),
        ("[sql-querying, sql-integrity]", "[sql-querying]", "at least two members"),
    ],
)
def test_bad_groups_are_named(grouped: Path, old: str, new: str, message: str) -> None:
    profile = grouped / "profiles" / "junior-backend.yaml"
    profile.write_text(profile.read_text().replace(old, new, 1))
    if not message:  # api-rest-design twice: YAML keeps the later key, so make a clash instead
        profile.write_text(profile.read_text().replace("  sql-any:", "  sql-querying:", 1))
        message = "has the id of a requirement"
    errors = _errors(grouped)
    assert any(message in e and "junior-backend.yaml" in e for e in errors), errors


def test_draw_takes_the_chosen_member_and_samples_without_one(grouped: Path) -> None:
    content = load_content(grouped)
    integrity = {i.id for i in content.items_for("sql-integrity")}
    querying = {i.id for i in content.items_for("sql-querying")}
    for seed in range(10):
        chosen = set(draw_items(content, "junior-backend", seed, 2, stack=("sql-integrity",)))
        assert chosen & integrity and not chosen & querying
    mixed = [set(draw_items(content, "junior-backend", s, 2)) for s in range(20)]
    assert any(d & integrity for d in mixed) and any(d & querying for d in mixed)


INFO = {
    r: RequirementInfo(r, t, "languages", "why")
    for r, t in [("py", "Python"), ("go", "Go"), ("java", "Java")]
}
GROUP_INFO = RequirementInfo("server-language", "One language", "languages", "any one")


def _report(results: list[ItemResult], members: tuple[str, ...]) -> object:
    spec = ProfileSpec("p", "P", {"server-language": Target("must", 60, members, GROUP_INFO)})
    alternatives = {"py": {"go", "java"}, "go": {"py", "java"}, "java": {"py", "go"}}
    return build_report(
        results, {"p": spec}, "p", INFO, {"languages": "Languages"}, None, alternatives
    )


def test_group_is_met_by_its_best_member_and_says_which() -> None:
    results = [ItemResult(f"py{n}", "languages", ("py",), 2, 1.0) for n in range(6)]
    results += [ItemResult(f"go{n}", "languages", ("go",), 2, 0.0) for n in range(6)]
    report = _report(results, ("py", "go", "java"))
    (row,) = report.requirements  # type: ignore[attr-defined]
    assert row.requirement.title == "One language"
    assert row.shown_by is not None and row.shown_by.id == "py"
    assert row.status == "met" and row.mastery.items == 6
    # docs/scoring.md: the Go answers stay out of Python's prior
    assert (row.mastery.prior, row.mastery.mean, row.mastery.low) == (50.0, 94.3, 76.0)
    assert set(row.item_ids) == {r.item_id for r in results}


def test_group_without_items_is_not_assessed() -> None:
    (row,) = _report([], ("py", "go")).requirements  # type: ignore[attr-defined]
    assert row.status == "not_assessed" and row.shown_by is None


member_results = st.lists(
    st.tuples(st.sampled_from(["py", "go", "java"]), st.floats(0.0, 1.0), st.integers(1, 3)),
    max_size=12,
)


@given(member_results)
def test_adding_a_member_never_lowers_the_group_estimate(
    rows: list[tuple[str, float, int]],
) -> None:
    results = [
        ItemResult(f"x{n}", "languages", (r,), d, c, chance=0.25)
        for n, (r, c, d) in enumerate(rows)
    ]
    (small,) = _report(results, ("py", "go")).requirements  # type: ignore[attr-defined]
    (large,) = _report(results, ("py", "go", "java")).requirements  # type: ignore[attr-defined]
    if small.mastery is not None:
        assert large.mastery is not None and large.mastery.mean >= small.mastery.mean
