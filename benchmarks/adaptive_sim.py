"""Simulate candidates taking the adaptive quick check and a fixed 20-question form.

The model the candidates come from (the scoring model's own structure, docs/adaptive.md):

- an overall level μ ~ Beta(1, 1); an area level per area ~ Beta(κ·μ, κ·(1 − μ)) and a mastery
  θ per requirement ~ Beta(κ·a, κ·(1 − a)) around its area level a, κ = KAPPA_AREA and
  KAPPA_REQUIREMENT (4), centres clamped to [0.01, 0.99] as in benchmarks/scoring_sim.py;
- on an item with chance g and difficulty d, θ the mean mastery of its requirements, the answer
  is right (credit 1) with probability A / (A + B), A = (g + (1 − g)·θ)^SUCCESS[d] and
  B = ((1 − g)·(1 − θ))^FAILURE[d]: the scoring's tempered likelihood, normalised. At
  difficulty 2 this is g + (1 − g)·θ; a hard item is answered right less often, an easy one
  more often. Otherwise wrong (credit 0).
- the truth: readiness R* = Σ w_g·[θ_g ≥ target_g] / Σ w_g over every goal of the profile,
  a group's θ its best member's.

Every candidate takes both checks (paired): a fixed form (one of 40 seeded draws of
``draw_items``, 20 items) and the adaptive check run to 20 questions with the interval stop
off. Both are scored by the scoring core as a report scores them. Per profile and overall:
RMSE of readiness against R* (points), how often the 90% interval holds R*, the share on
the right side of the readiness threshold, mean interval widths, and the mean number of
adaptive questions after which the candidate's interval is first at most as wide as the
fixed form's mean width (20 when it never is by 20: censored, and counted). Also the CPU time
of one selection on the shipped bank (p95 over every selection made).

Seeded; profiles run in parallel processes. ``make bench-scoring`` runs it after
scoring_sim.py; the figures go under "adaptive" in benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.adaptive import Answered, Rules, bank_of, next_item, profile_of  # noqa: E402
from quiz.attempts.snapshots import _infos, _profiles  # noqa: E402
from quiz.bank import Content, load_content, question_type  # noqa: E402
from quiz.bank.draw import draw_items  # noqa: E402
from quiz.scoring import ItemResult, alternatives_of  # noqa: E402
from quiz.scoring.mastery import FAILURE, KAPPA_AREA, KAPPA_REQUIREMENT, SUCCESS  # noqa: E402
from quiz.scoring.readiness import WEIGHT_FACTOR  # noqa: E402
from quiz.scoring.report import (  # noqa: E402
    _readiness_of,
    items_by_requirement,
    pool_results,
    score_requirements,
)

LENGTH = 20
FORMS = 40  # seeded fixed draws per profile, shared by its candidates
NO_STOP = Rules(stop_width=-1.0)  # run to the maximum length


def _beta(rng: random.Random, centre: float, weight: float) -> float:
    centre = min(max(centre, 0.01), 0.99)
    return rng.betavariate(weight * centre, weight * (1.0 - centre))


def candidate(rng: random.Random, content: Content) -> dict[str, float]:
    """True mastery per requirement, from the pooled prior structure."""
    overall = rng.random()
    area_level = {a: _beta(rng, overall, KAPPA_AREA) for a in content.areas}
    return {
        r.id: _beta(rng, area_level[r.area], KAPPA_REQUIREMENT)
        for r in content.requirements.values()
    }


def p_right(theta: float, chance: float, difficulty: int) -> float:
    """P(right) = A / (A + B), the scoring's tempered likelihood normalised."""
    g = min(chance, 0.9)
    a = (g + (1.0 - g) * theta) ** SUCCESS[difficulty]
    b = ((1.0 - g) * (1.0 - theta)) ** FAILURE[difficulty]
    return a / (a + b) if a + b > 0 else 1.0


class Taker:
    """Answers items for one simulated candidate and grades them as ItemResults."""

    def __init__(self, content: Content, mastery: dict[str, float], rng: random.Random) -> None:
        self.content, self.mastery, self.rng = content, mastery, rng

    def result(self, item_id: str) -> ItemResult:
        """One answer: right with probability ``p_right``."""
        item = self.content.items[item_id]
        chance = question_type(item).chance(item)
        theta = statistics.fmean(self.mastery[r] for r in item.requirements)
        credit = 1.0 if self.rng.random() < p_right(theta, chance, item.difficulty) else 0.0
        return ItemResult(
            item_id,
            self.content.item_area[item_id],
            tuple(item.requirements),
            item.difficulty,
            credit,
            chance=chance,
        )


def true_readiness(
    content: Content, profile_id: str, mastery: dict[str, float], goals: list[str] | None = None
) -> float:
    """R* on 0–100 over every goal of the profile (or over ``goals``)."""
    met = total = 0
    for req_id, entry in content.profiles[profile_id].requirements.items():
        if goals is not None and req_id not in goals:
            continue
        theta = max(mastery[m] for m in (entry.any_of or [req_id]))
        weight = WEIGHT_FACTOR[entry.weight]
        total += weight
        met += weight * (100.0 * theta >= entry.target)
    return 100.0 * met / total if total else 0.0


class Scorer:
    """Readiness of a set of results exactly as the report computes it."""

    def __init__(self, content: Content, profile_id: str) -> None:
        self.infos, specs = _infos(content), _profiles(content)
        self.spec = specs[profile_id]
        self.alternatives = alternatives_of(specs.values())

    def readiness(self, results: list[ItemResult]) -> tuple[float, float, float, list[str]]:
        """(mean, low, high) on 0–100, and the goals assessed."""
        pooled = pool_results(results, self.infos, self.alternatives)
        rows = score_requirements(
            pooled, items_by_requirement(results), self.spec.targets, self.infos
        )
        r = _readiness_of(rows, len(self.spec.targets))
        return r.mean, r.low, r.high, [x.requirement.id for x in rows if x.mastery is not None]


def run_profile(job: tuple[str, int, int, str, Rules]) -> dict[str, Any]:
    """Every candidate of one profile: fixed and adaptive estimates, widths per length."""
    profile_id, candidates, seed, questions, rules = job
    content = load_content(questions)
    bank, goals = bank_of(content), profile_of(content, profile_id)
    scorer = Scorer(content, profile_id)
    rng = random.Random(f"{seed}:{profile_id}")
    forms = [draw_items(content, profile_id, rng.randrange(2**31), LENGTH) for _ in range(FORMS)]
    rows, cpu = [], []
    for _ in range(candidates):
        mastery = candidate(rng, content)
        taker = Taker(content, mastery, rng)
        fixed = scorer.readiness([taker.result(i) for i in rng.choice(forms)])
        answered: list[Answered] = []
        results: list[ItemResult] = []
        widths: list[float] = []
        attempt_seed = rng.randrange(2**31)
        while True:
            started = time.process_time()
            decision = next_item(bank, goals, answered, attempt_seed, rules)
            cpu.append(time.process_time() - started)
            if answered:
                widths.append(decision.readiness.high - decision.readiness.low)
            if decision.item_id is None:
                break
            results.append(taker.result(decision.item_id))
            answered.append(Answered(decision.item_id, results[-1].credit))
        adaptive = scorer.readiness(results)
        rows.append(
            {
                "truth": true_readiness(content, profile_id, mastery),
                "fixed": fixed,
                "adaptive": adaptive,
                "truth_fixed": true_readiness(content, profile_id, mastery, fixed[3]),
                "truth_adaptive": true_readiness(content, profile_id, mastery, adaptive[3]),
                "widths": widths,
            }
        )
    return {"profile": profile_id, "rows": rows, "cpu": cpu}


def _figures(rows: list[dict[str, Any]], key: str, threshold: float) -> dict[str, float]:
    errors = [r[key][0] - r["truth"] for r in rows]
    return {
        "rmse": round(math.sqrt(statistics.fmean(e * e for e in errors)), 2),
        "bias": round(statistics.fmean(errors), 2),
        "coverage_90": round(
            100.0 * statistics.fmean(r[key][1] <= r["truth"] <= r[key][2] for r in rows), 1
        ),
        "classified_right": round(
            100.0
            * statistics.fmean((r[key][0] >= threshold) == (r["truth"] >= threshold) for r in rows),
            1,
        ),
        "mean_width": round(statistics.fmean(r[key][2] - r[key][1] for r in rows), 1),
        "goals_assessed": round(statistics.fmean(len(r[key][3]) for r in rows), 1),
        # Against the truth over the goals the check assessed: what the interval describes.
        "rmse_assessed": round(
            math.sqrt(statistics.fmean((r[key][0] - r[f"truth_{key}"]) ** 2 for r in rows)), 2
        ),
        "coverage_90_assessed": round(
            100.0 * statistics.fmean(r[key][1] <= r[f"truth_{key}"] <= r[key][2] for r in rows),
            1,
        ),
    }


def summarise(rows: list[dict[str, Any]], threshold: float, shortest: int) -> dict[str, Any]:
    """The comparison for one profile (or all profiles together). The length to match is
    where the stopping rule would stop with the fixed form's mean width as its target: the
    first length from ``shortest`` (the rule's minimum) with an interval at most that wide."""
    fixed, adaptive = _figures(rows, "fixed", threshold), _figures(rows, "adaptive", threshold)
    width = fixed["mean_width"]
    lengths = []
    for r in rows:
        ok = (n for n, w in enumerate(r["widths"], 1) if n >= shortest and w <= width)
        lengths.append(next(ok, LENGTH))
    curve = [statistics.fmean(r["widths"][n] for r in rows) for n in range(LENGTH)]
    crossing = next((n for n, w in enumerate(curve, 1) if w <= width), None)
    return {
        "candidates": len(rows),
        "fixed_20": fixed,
        "adaptive_20": adaptive,
        "rmse_reduction_pct": round(100.0 * (1.0 - adaptive["rmse"] / fixed["rmse"]), 1),
        "length_to_match_fixed_width": round(statistics.fmean(lengths), 2),
        "never_matched_by_20_pct": round(
            100.0 * statistics.fmean(r["widths"][-1] > width for r in rows), 1
        ),
        "mean_width_by_length": [round(w, 1) for w in curve],
        "length_where_mean_width_matches": crossing,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the simulation and merge its figures into the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=1000, help="per profile")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--threshold", type=float, default=70.0, help="ready at this readiness")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--max-per-goal", type=int, default=NO_STOP.max_per_goal)
    parser.add_argument("--must-share", type=float, default=NO_STOP.must_share)
    parser.add_argument("--top-k", type=int, default=NO_STOP.top_k)
    parser.add_argument(
        "--goals",
        choices=("seeded", "chosen"),
        default="seeded" if NO_STOP.seeded_goals else "chosen",
    )
    parser.add_argument("--questions", default=str(ROOT / "questions"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    profiles = list(load_content(args.questions).profiles)
    rules = Rules(
        stop_width=-1.0,
        max_per_goal=args.max_per_goal,
        must_share=args.must_share,
        top_k=args.top_k,
        seeded_goals=args.goals == "seeded",
    )
    jobs = [(p, args.candidates, args.seed, args.questions, rules) for p in profiles]
    with Pool(args.processes) as pool:
        done = pool.map(run_profile, jobs)
    every = [r for d in done for r in d["rows"]]
    cpu = sorted(c for d in done for c in d["cpu"])
    figures: dict[str, Any] = {
        "seed": args.seed,
        "candidates_per_profile": args.candidates,
        "threshold": args.threshold,
        "length": LENGTH,
        "rules": {
            "max_per_goal": rules.max_per_goal,
            "must_share": rules.must_share,
            "top_k": rules.top_k,
            "seeded_goals": rules.seeded_goals,
        },
        "overall": summarise(every, args.threshold, rules.min_length),
        "profiles": {
            d["profile"]: summarise(d["rows"], args.threshold, rules.min_length) for d in done
        },
        "selection_cpu_ms": {
            "calls": len(cpu),
            "mean": round(1000.0 * statistics.fmean(cpu), 2),
            "p95": round(1000.0 * cpu[int(0.95 * (len(cpu) - 1))], 2),
            "max": round(1000.0 * cpu[-1], 2),
            "bank_items": len(load_content(args.questions).items),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    path = Path(args.out)
    results = json.loads(path.read_text()) if path.exists() else {}
    results["adaptive"] = figures
    path.write_text(json.dumps(results, indent=2) + "\n")  # other keys kept in order
    print(json.dumps({k: v for k, v in figures.items() if k != "profiles"}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
