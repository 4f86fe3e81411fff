"""Simulate candidates with known mastery and check what the scoring reports about them.

Each simulated candidate has an overall level μ ~ Beta(1, 1), an area level per area drawn around
it and a mastery per requirement drawn around that (Beta with the weights the model's prior
uses, KAPPA_AREA and KAPPA_REQUIREMENT). On each drawn item the candidate knows the answer with
probability equal to the mean mastery of the item's requirements; otherwise they guess blindly
(a random option, a random set of the stated size, a random order, nothing typed). The
scoring core then estimates every requirement, and we measure:

- bias and RMSE of the requirement estimates, and how often the 90% interval holds the truth;
- readiness for a perfect quick check and for a blind guesser, on every profile;
- the CPU time of building a whole report, quick check and full assessment.

Seeded and bounded: the same command gives the same figures. Run with ``make bench-scoring``;
the figures go under the key "scoring" of benchmarks/results.json (other keys are kept).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.attempts.snapshots import _infos, _profiles  # noqa: E402
from quiz.bank import Content, load_content, question_type  # noqa: E402
from quiz.bank.draw import draw_items  # noqa: E402
from quiz.scoring import ItemResult, alternatives_of  # noqa: E402
from quiz.scoring.mastery import KAPPA_AREA, KAPPA_REQUIREMENT  # noqa: E402
from quiz.scoring.report import (  # noqa: E402
    _readiness_of,
    build_report,
    items_by_requirement,
    pool_results,
    score_requirements,
)

QUICK, FULL = 20, 70
DRAWS_PER_FORM = 40  # distinct seeded draws per profile and length, shared by candidates


class Draws:
    """Seeded draws per (profile, length), made once: drawing is not what is measured."""

    def __init__(self, content: Content, seed: int) -> None:
        self.content, self.rng = content, random.Random(seed)
        self.cache: dict[tuple[str, int], list[list[str]]] = {}

    def pick(self, rng: random.Random, profile_id: str, length: int) -> list[str]:
        """One of the draws for this profile and length."""
        key = (profile_id, length)
        if key not in self.cache:
            self.cache[key] = [
                draw_items(self.content, profile_id, self.rng.randrange(2**31), length)
                for _ in range(DRAWS_PER_FORM)
            ]
        return rng.choice(self.cache[key])


def _beta(rng: random.Random, centre: float, weight: float) -> float:
    centre = min(max(centre, 0.01), 0.99)
    return rng.betavariate(weight * centre, weight * (1.0 - centre))


def _candidate(rng: random.Random, content: Content) -> dict[str, float]:
    overall = rng.random()
    area_level = {a: _beta(rng, overall, KAPPA_AREA) for a in content.areas}
    return {
        r.id: _beta(rng, area_level[r.area], KAPPA_REQUIREMENT)
        for r in content.requirements.values()
    }


def _answer(
    rng: random.Random, content: Content, item_id: str, mastery: dict[str, float] | None
) -> ItemResult:
    """Grade one simulated answer; ``mastery`` None answers every item right."""
    item = content.items[item_id]
    qtype = question_type(item)
    know = 1.0 if mastery is None else statistics.fmean(mastery[r] for r in item.requirements)
    if rng.random() < know:
        credit = 1.0
    else:
        guesses = qtype.guesses(item)
        credit = qtype.grade(item, rng.choice(guesses)) if guesses else 0.0
    return ItemResult(
        item_id,
        content.item_area[item_id],
        tuple(item.requirements),
        item.difficulty,
        credit,
        chance=qtype.chance(item),
    )


def _guesser(rng: random.Random, content: Content, item_id: str) -> ItemResult:
    return _answer(rng, content, item_id, {r: 0.0 for r in content.items[item_id].requirements})


def estimates(content: Content, candidates: int, seed: int) -> dict[str, Any]:
    """Bias, RMSE and 90%-interval coverage of requirement estimates, quick and full checks."""
    rng = random.Random(seed)
    infos, specs = _infos(content), _profiles(content)
    alternatives = alternatives_of(specs.values())
    profiles = list(content.profiles)
    draws = Draws(content, seed + 7)
    errors: dict[str, list[float]] = {"quick": [], "full": []}
    covered: dict[str, list[bool]] = {"quick": [], "full": []}
    for n in range(candidates):
        mastery = _candidate(rng, content)
        mode, length = ("quick", QUICK) if n % 2 == 0 else ("full", FULL)
        drawn = draws.pick(rng, profiles[n % len(profiles)], length)
        results = [_answer(rng, content, i, mastery) for i in drawn]
        for req_id, m in pool_results(results, infos, alternatives).requirements.items():
            truth = 100.0 * mastery[req_id]
            errors[mode].append(m.mean - truth)
            covered[mode].append(m.low <= truth <= m.high)
    out: dict[str, Any] = {}
    for mode in ("quick", "full"):
        errs = errors[mode]
        out[mode] = {
            "estimates": len(errs),
            "bias": round(statistics.fmean(errs), 2),
            "rmse": round(statistics.fmean(e * e for e in errs) ** 0.5, 2),
            "coverage_90": round(100.0 * statistics.fmean(covered[mode]), 1),
        }
    both = covered["quick"] + covered["full"]
    out["coverage_90"] = round(100.0 * statistics.fmean(both), 1)
    out["bias"] = round(statistics.fmean(errors["quick"] + errors["full"]), 2)
    return out


def readiness_by_profile(content: Content, draws: int, seed: int) -> dict[str, Any]:
    """Mean (and worst) readiness on each profile's quick check: perfect and blind guessing."""
    rng = random.Random(seed)
    infos, specs = _infos(content), _profiles(content)
    alternatives = alternatives_of(specs.values())
    out: dict[str, Any] = {}
    for profile_id, spec in specs.items():
        perfect, guessing = [], []
        for _ in range(draws):
            drawn = draw_items(content, profile_id, rng.randrange(2**31), QUICK)
            for answers, sink in (
                ([_answer(rng, content, i, None) for i in drawn], perfect),
                ([_guesser(rng, content, i) for i in drawn], guessing),
            ):
                pooled = pool_results(answers, infos, alternatives)
                rows = score_requirements(
                    pooled, items_by_requirement(answers), spec.targets, infos
                )
                sink.append(_readiness_of(rows, len(spec.targets)).mean)
        out[profile_id] = {
            "perfect_mean": round(statistics.fmean(perfect), 1),
            "perfect_min": min(perfect),
            "guessing_mean": round(statistics.fmean(guessing), 1),
            "guessing_max": max(guessing),
        }
    return out


def report_time(content: Content, seed: int, reports: int = 20) -> dict[str, float]:
    """CPU milliseconds to build a whole report (every profile's ladder rung included)."""
    rng = random.Random(seed)
    infos, specs = _infos(content), _profiles(content)
    alternatives = alternatives_of(specs.values())
    titles = {a.id: a.title for a in content.areas.values()}
    out = {}
    for mode, length in (("quick", QUICK), ("full", FULL)):
        attempts = []
        for _ in range(reports):
            mastery = _candidate(rng, content)
            drawn = draw_items(content, "mid-backend", rng.randrange(2**31), length)
            attempts.append([_answer(rng, content, i, mastery) for i in drawn])
        started = time.process_time()
        for results in attempts:
            build_report(results, specs, "mid-backend", infos, titles, None, alternatives)
        out[f"{mode}_ms"] = round(1000.0 * (time.process_time() - started) / reports, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the simulation and merge its figures into the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--draws", type=int, default=60, help="quick checks per profile")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--questions", default=str(ROOT / "questions"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    content = load_content(args.questions)
    started = time.perf_counter()
    figures = {
        "candidates": args.candidates,
        "seed": args.seed,
        "requirements": estimates(content, args.candidates, args.seed),
        "readiness": readiness_by_profile(content, args.draws, args.seed + 1),
        "report_cpu": report_time(content, args.seed + 2),
    }
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["cpu_seconds"] = round(time.process_time(), 1)
    path = Path(args.out)
    results = json.loads(path.read_text()) if path.exists() else {}
    results["scoring"] = figures
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
