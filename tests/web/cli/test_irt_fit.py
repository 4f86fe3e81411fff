"""``flask irt fit``: the LSAT section 6 data against ltm's published estimates, the table and
JSON outputs, items nobody (or everybody) answered right, and malformed files.

The data: Bock & Lieberman (1970), Law School Admission Test section 6, 1,000 examinees and 5
items, as the 32 response patterns and their frequencies (R's ltm package, ``LSAT``; the same
frequencies in the BUGS examples, vol. 1, "LSAT"); tests/fixtures/irt/lsat6.csv expands them to
one row per examinee and item. Its item proportions right (.924 .709 .553 .763 .870) and score
distribution (3 20 85 237 357 298) are as published.

The estimates: ``summary(ltm(LSAT ~ z1))`` with ltm's IRT parametrisation (21 Gauss–Hermite
points), as printed in ltm's LSAT examples: log-likelihood −2466.653.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

LSAT = Path(__file__).resolve().parents[2] / "fixtures" / "irt" / "lsat6.csv"

# ltm: item → (difficulty, its standard error, discrimination, its standard error)
LTM_2PL = {
    "item1": (-3.3597, 0.8669, 0.8254, 0.2581),
    "item2": (-1.3696, 0.3073, 0.7229, 0.1867),
    "item3": (-0.2799, 0.0997, 0.8905, 0.2326),
    "item4": (-1.8659, 0.4341, 0.6886, 0.1852),
    "item5": (-3.1236, 0.8700, 0.6575, 0.2100),
}
LTM_LOGLIK = -2466.653


def invoke(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["irt", "fit", *args])
    return result.exit_code, result.output


def test_2pl_recovers_the_published_lsat_estimates(app: Flask) -> None:
    code, output = invoke(app, str(LSAT), "--model", "2pl", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert data["model"] == "2pl"
    assert data["attempts"] == 1000
    assert data["converged"] is True
    assert data["loglik"] == pytest.approx(LTM_LOGLIK, abs=0.01)
    assert [row["item"] for row in data["items"]] == list(LTM_2PL)
    for row in data["items"]:
        difficulty, se_b, discrimination, se_a = LTM_2PL[row["item"]]
        assert row["responses"] == 1000
        # The tolerance: 0.25 on difficulty, 0.15 on discrimination ...
        assert abs(row["difficulty"] - difficulty) < 0.25
        assert abs(row["discrimination"] - discrimination) < 0.15
        # ... met by far: the same maximum, to the third decimal, and the same errors.
        assert row["difficulty"] == pytest.approx(difficulty, abs=0.005)
        assert row["discrimination"] == pytest.approx(discrimination, abs=0.005)
        assert row["se_difficulty"] == pytest.approx(se_b, rel=0.02)
        assert row["se_discrimination"] == pytest.approx(se_a, rel=0.02)
        assert row["note"] is None
    assert [row["right"] for row in data["items"]] == [924, 709, 553, 763, 870]


def test_rasch_has_one_common_discrimination(app: Flask) -> None:
    code, output = invoke(app, str(LSAT), "--model", "rasch", "--json")
    assert code == 0, output
    data = json.loads(output)
    slopes = {row["discrimination"] for row in data["items"]}
    assert len(slopes) == 1
    # The common slope lies among the 2PL's own slopes, ...
    assert 0.6575 < slopes.pop() < 0.8905
    # ... the difficulties keep the order of the shares right (the easiest item first) ...
    difficulties = {row["item"]: row["difficulty"] for row in data["items"]}
    assert sorted(difficulties, key=difficulties.__getitem__) == [
        "item1",
        "item5",
        "item4",
        "item2",
        "item3",
    ]
    # ... and the Rasch model, the 2PL with equal slopes, fits no better: four parameters
    # fewer cost less than a chi-square's worth (the slopes hardly differ).
    assert LTM_LOGLIK - 4.0 < data["loglik"] < LTM_LOGLIK


def test_the_table_names_every_column(app: Flask) -> None:
    code, output = invoke(app, str(LSAT))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].startswith("2pl on 1000 attempts: loglik -2466.65")
    assert lines[1].split() == ["item", "n", "discrimination", "se", "difficulty", "se", "note"]
    assert lines[2].split()[:6] == ["item1", "1000", "0.826", "0.258", "-3.359", "0.866"]


def test_items_everyone_got_right_or_wrong_are_not_estimable(app: Flask, tmp_path: Path) -> None:
    rows = LSAT.read_text(encoding="utf-8").splitlines()
    attempts = sorted({line.split(",")[0] for line in rows[1:]})
    extra = [f"{a},easy,1" for a in attempts] + [f"{a},impossible,0" for a in attempts[:40]]
    path = tmp_path / "with-extremes.csv"
    path.write_text("\n".join([*rows, *extra]) + "\n", encoding="utf-8")
    code, output = invoke(app, str(path), "--json")
    assert code == 0, output
    data = json.loads(output)
    by_item = {row["item"]: row for row in data["items"]}
    assert by_item["easy"] == {
        "item": "easy",
        "responses": 1000,
        "right": 1000,
        "discrimination": None,
        "difficulty": None,
        "se_discrimination": None,
        "se_difficulty": None,
        "note": "all right",
    }
    assert by_item["impossible"]["note"] == "all wrong"
    assert by_item["impossible"]["difficulty"] is None
    # The other items are fitted as before: the extreme items take no part.
    assert by_item["item3"]["difficulty"] == pytest.approx(-0.2799, abs=0.005)


def test_a_file_with_nothing_to_estimate_says_so(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "easy.csv"
    path.write_text("attempt,item,credit\na1,q1,1\na2,q1,0.5\na1,q2,0\n", encoding="utf-8")
    code, output = invoke(app, str(path))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == (
        "2pl on 2 attempts: loglik 0.0000 (converged after 0 EM iterations; standard errors: "
        "nothing (no item could be estimated))"
    )
    assert lines[2].split() == ["q1", "2", "n/a", "n/a", "n/a", "n/a", "all", "right"]
    assert lines[3].split() == ["q2", "1", "n/a", "n/a", "n/a", "n/a", "all", "wrong"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty; expected the header attempt,item,credit"),
        ("attempt,question,credit\n", ":1: header must be attempt,item,credit"),
        ("attempt,item,credit\na1,q1,1\na1,q2\n", ":3: expected 3 fields, found 2"),
        ("attempt,item,credit\na1,q1,yes\n", ":2: credit 'yes' is not a number"),
        ("attempt,item,credit\na1,q1,1.5\n", ":2: credit 1.5 is outside 0 to 1"),
        ("attempt,item,credit\na1,q1,1\na1,q1,0\n", ":3: attempt 'a1' lists item 'q1' again"),
        ("attempt,item,credit\n", "has a header but no responses"),
    ],
)
def test_bad_input_names_the_file_and_line(
    app: Flask, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    code, output = invoke(app, str(path), "--json")
    assert code == 1
    assert output.startswith(f"Error: {path}")
    assert message in output
    assert "Traceback" not in output


def test_a_missing_file_is_named(app: Flask, tmp_path: Path) -> None:
    code, output = invoke(app, str(tmp_path / "nope.csv"))
    assert code == 1
    assert f"Error: {tmp_path / 'nope.csv'}: cannot read the file" in output


def test_an_unknown_model_is_refused(app: Flask) -> None:
    code, output = invoke(app, str(LSAT), "--model", "3pl")
    assert code == 2
    assert "'3pl' is not one of '2pl', 'rasch'" in output


def test_docs_show_this_fit_beside_ltm(app: Flask) -> None:
    code, output = invoke(app, str(LSAT), "--json")
    assert code == 0, output
    data = json.loads(output)
    doc = (Path(__file__).resolve().parents[3] / "docs" / "irt.md").read_text(encoding="utf-8")

    def num(value: float) -> str:
        return f"{value:.4f}".replace("-", "−")

    for n, row in enumerate(data["items"], start=1):
        b, se_b, a, se_a = LTM_2PL[row["item"]]
        cells = [row["difficulty"], b, row["se_difficulty"], se_b]
        cells += [row["discrimination"], a, row["se_discrimination"], se_a]
        assert f"| {n} | " + " | ".join(num(c) for c in cells) + " |" in doc
    assert f"with log L = {num(data['loglik'])}" in doc
