"""Quality rules over whole banks: near-duplicates, key positions, surface cues (the longest or
second-longest option, justification clauses and absolute words, per bank and for the
situational-judgment set), absolute-word clues, profile coverage and seed quotes; and the
shipped content passes all of them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from quiz.bank import cues, load_content, quality
from tests.support import FIXTURE_QUESTIONS, SHIPPED_QUESTIONS

SEEDS = Path(os.environ.get("SEEDS_DIR", SHIPPED_QUESTIONS / "seeds"))


def single_choice(n: int, answer: str, key_text: str = "beta", stem: str = "") -> dict[str, object]:
    texts = {"A": "alpha", "B": "bravo", "C": "charlie", "D": "delta"}
    texts[answer] = key_text
    return {
        "id": f"api-{100 + n}",
        "type": "single_choice",
        "stem": stem or f"Question number {n} about topic {n * 7919} of the API?",
        "options": [{"id": k, "text": v} for k, v in texts.items()],
        "answer": answer,
        "explanation": "Because the documentation says so, and the others are wrong.",
        "difficulty": 1 + n % 3,
        "requirements": ["api-rest-design"],
        "reference": "https://www.rfc-editor.org/rfc/rfc9110",
    }


def judgment(n: int, best_text: str, other_text: str = "Do the usual thing") -> dict[str, object]:
    texts = {"A": other_text + " first", "B": best_text, "C": other_text + " later"}
    credits = {"A": 0.3, "B": 1.0, "C": 0.5}
    return {
        "id": f"soft-{100 + n}",
        "type": "situational_judgment",
        "stem": f"Scene number {n}: a colleague needs help with task {n * 7919}. What do you do?",
        "options": [
            {"id": k, "text": v, "credit": credits[k], "rationale": "Because of what follows."}
            for k, v in texts.items()
        ],
        "explanation": "The best option deals with the consequences; the others do not.",
        "difficulty": 1 + n % 3,
        "requirements": ["soft-communication"],
        "reference": "https://google.github.io/eng-practices/",
    }


def content_with(tmp_path: Path, items: list[dict[str, object]], bank_id: str = "api") -> Path:
    root = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, root)
    bank = root / "banks" / f"{bank_id}.yaml"
    data = yaml.safe_load(bank.read_text())
    data["items"].extend(items)
    bank.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return root


def test_fixture_content_passes() -> None:
    assert quality.run_all(load_content(FIXTURE_QUESTIONS)) == []


def test_shipped_content_passes_every_check_including_seed_quotes() -> None:
    assert SEEDS.is_dir(), f"seed articles not found at {SEEDS} (set SEEDS_DIR)"
    assert quality.run_all(load_content(SHIPPED_QUESTIONS), SEEDS) == []


def test_key_letter_over_40_percent(tmp_path: Path) -> None:
    letters = "AAAAABCDBC"  # 5 of 10 (+1 fixture item keyed C) → A holds 5 of 11
    root = content_with(tmp_path, [single_choice(n, a) for n, a in enumerate(letters)])
    assert quality.key_positions(load_content(root)) == [
        "banks/api.yaml: key 'A' is the answer to 5 of 11 single-choice items (45%; at most 40%)"
    ]


def test_balanced_keys_pass(tmp_path: Path) -> None:
    letters = "ABCDABCDAB"
    root = content_with(tmp_path, [single_choice(n, a) for n, a in enumerate(letters)])
    assert quality.key_positions(load_content(root)) == []


def test_longest_option_is_key_too_often(tmp_path: Path) -> None:
    items = [single_choice(n, "ABCD"[n % 4], key_text="a much longer key") for n in range(10)]
    root = content_with(tmp_path, items)
    [message] = quality.cue_shares(load_content(root))
    assert message == (
        "banks/api.yaml: the strategy 'longest' finds the key in 10 of 11 items "
        "(91%; chance is 26%, at most 41%)"
    )
    # ties for the longest do not count as a clue
    items = [single_choice(n, "ABCD"[n % 4], key_text="hotel") for n in range(10)]
    assert quality.cue_shares(load_content(content_with(tmp_path / "t", items))) == []


def test_second_longest_and_justified_keys_are_cues_too(tmp_path: Path) -> None:
    # "charlie" (7) is the longest of alpha/bravo/charlie/delta, so a key of 6 letters is second
    # (and the longest in the two items whose key replaces "charlie")
    items = [single_choice(n, "ABCD"[n % 4], key_text="second") for n in range(10)]
    [message] = quality.cue_shares(load_content(content_with(tmp_path, items)))
    assert "the strategy 'second_longest' finds the key in 8 of 11 items" in message
    items = [single_choice(n, "ABDB"[n % 4], key_text="it is so because") for n in range(10)]
    messages = quality.cue_shares(load_content(content_with(tmp_path / "j", items)))
    assert any("'only_justified' finds the key in 10 of 11 items" in m for m in messages)


def test_cue_figures_count_each_strategy(tmp_path: Path) -> None:
    items = [
        with_texts(single_choice(1, "B", key_text="bravo"), A="never", C="always", D="all"),
        with_texts(single_choice(2, "A", key_text="because of x"), B="b", C="c", D="d"),
    ]
    groups = {g.group: g for g in cues.figures(load_content(content_with(tmp_path, items)))}
    api = groups["api"]
    assert api.items == 3 and api.found["only_absolute_free"] == 1
    assert api.found["only_justified"] == 1 and api.found["longest"] == 1
    assert groups[cues.JUDGMENT].items == 1  # the fixture's one judgment item
    assert cues.absolute_words("It CANNOT; can't; cannotable") == ["cannot", "can't"]
    assert cues.justified("so that it works") and not cues.justified("sincere thanks")


def with_texts(item: dict[str, object], **texts: str) -> dict[str, object]:
    options = item["options"]
    assert isinstance(options, list)
    item["options"] = [{**o, "text": texts.get(o["id"], o["text"])} for o in options]
    return item


def test_absolute_words_in_two_distractors_but_not_the_key(tmp_path: Path) -> None:
    items = [
        with_texts(single_choice(1, "B"), A="It is never cached", C="Only the first row"),
        # one distractor only: no clue
        with_texts(single_choice(2, "B"), A="It ALWAYS retries"),
        # the key carries one too: no clue
        with_texts(single_choice(3, "B", key_text="Every replica"), A="None", D="all of them"),
        # whole words only: "allows", "nonetheless", "onlyness", "evergreen" do not count
        with_texts(single_choice(4, "B"), A="It allows it", C="nonetheless", D="evergreen"),
        # multiple select: the keys are B and C
        {
            **with_texts(single_choice(5, "B"), A="guaranteed order", D="every time"),
            "type": "multiple_select",
            "answer": ["B", "C"],
        },
    ]
    messages = quality.absolute_word_clues(load_content(content_with(tmp_path, items)))
    assert [m.split(": ", 1)[1] for m in messages] == [
        "item api-101: absolute words in 2 distractors (A: never; C: only) but none in the key",
        "item api-105: absolute words in 2 distractors (A: guaranteed; D: every) "
        "but none in the key",
    ]
    assert all(m.split(": ", 1)[0].endswith("banks/api.yaml") for m in messages)


def test_absolute_words_in_judgment_distractors(tmp_path: Path) -> None:
    items = [
        judgment(1, "Agree an interface today", other_text="Never wait; always build"),
        judgment(2, "Always agree an interface today", other_text="Never wait"),
    ]
    root = content_with(tmp_path, items, bank_id="soft")
    [message] = quality.absolute_word_clues(load_content(root))
    assert message.endswith(
        "item soft-101: absolute words in 2 distractors (A: always, never; C: always, never) "
        "but none in the key"
    )


def test_best_judgment_option_longest_in_more_than_half(tmp_path: Path) -> None:
    # 5 of 8 added items have the longest best option, plus the fixture item (also longest):
    # 6 of 9 is over chance (about 1/3: the fixture item has four options) + 15 points
    long_best = [judgment(n, "Agree the interface in writing today") for n in range(5)]
    short_best = [judgment(n, "Ask") for n in range(5, 8)]
    root = content_with(tmp_path, long_best + short_best, bank_id="soft")
    assert quality.cue_shares(load_content(root)) == [
        "banks/soft.yaml: the strategy 'longest' finds the key in 6 of 9 items "
        "(67%; chance is 32%, at most 47%)",
        "banks: situational-judgment items: the strategy 'longest' finds the key in 6 of 9 "
        "items (67%; chance is 32%, at most 47%)",
    ]
    # 4 of 9 (the fixture item and three more) passes
    more_short = [judgment(n, "Ask") for n in range(10, 12)]
    root = content_with(tmp_path / "t", long_best[:3] + short_best + more_short, bank_id="soft")
    assert quality.cue_shares(load_content(root)) == []


def test_near_duplicate_stems(tmp_path: Path) -> None:
    stem = "Which HTTP method should a client use to replace the whole resource at a known URL?"
    items = [
        single_choice(1, "A", stem=stem),
        single_choice(2, "B", stem=stem.replace("Which", "What")),
    ]
    [message] = quality.near_duplicate_stems(load_content(content_with(tmp_path, items)))
    assert "item api-101: stem is a near-duplicate of item api-102" in message


def test_same_stem_with_different_code_is_not_a_duplicate() -> None:
    content = load_content(FIXTURE_QUESTIONS)
    assert quality.near_duplicate_stems(content) == []


def test_profile_requirement_without_items(tmp_path: Path) -> None:
    root = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, root)
    bank = root / "banks" / "soft.yaml"
    bank.write_text(bank.read_text().replace("[soft-communication]", "[api-rest-design]"))
    assert quality.profile_coverage(load_content(root)) == [
        "profiles/junior-backend.yaml: requirement 'soft-communication' has no items"
    ]


def test_seed_quotes_must_occur_verbatim(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "003_24f3fabb82b34979.txt").write_text(
        "Engineers must know how to\n  write SQL queries and design and implement RESTful APIs."
    )
    messages = quality.seed_quotes(load_content(FIXTURE_QUESTIONS), seeds)
    assert "requirement sql-querying" not in " ".join(messages)  # found across a line break
    assert "requirement api-rest-design" not in " ".join(messages)
    assert (
        "requirements.yaml: requirement sql-integrity: citation 1: seed file "
        f"'002_240d7815c29be56d.txt' not found in {seeds}"
    ) in messages
    (seeds / "002_240d7815c29be56d.txt").write_text("They ensure integrity of data.")
    messages = quality.seed_quotes(load_content(FIXTURE_QUESTIONS), seeds)
    assert (
        "requirements.yaml: requirement sql-integrity: citation 1: quote not found in "
        "002_240d7815c29be56d.txt: 'ensure data integrity'"
    ) in messages


def test_run_all_reports_the_new_clue_rules(tmp_path: Path) -> None:
    """`banks check` prints whatever run_all returns, so both new rules reach the CLI."""
    clue = with_texts(single_choice(1, "B"), A="It is never cached", C="Only the first row")
    long_best = [judgment(n, "Agree the interface in writing today") for n in range(8)]
    root = content_with(tmp_path, [clue])
    soft = root / "banks" / "soft.yaml"
    data = yaml.safe_load(soft.read_text())
    data["items"].extend(long_best)
    soft.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    messages = quality.run_all(load_content(root))
    assert any("item api-101: absolute words in 2 distractors" in m for m in messages)
    assert any(
        m.startswith("banks: situational-judgment items: the strategy 'longest' finds the key")
        for m in messages
    )
