"""Time ``flask irt fit`` on a simulated bank-sized data set and check what it recovers.

800 items with discriminations ~ U(0.5, 2.0) and difficulties ~ N(0, 1); 5,000 attempts with
θ ~ N(0, 1), each shown 20 items drawn at random (a quick check's length: 100,000 responses,
about 125 per item, 97.5 % of the matrix empty). The responses are drawn from the 2PL, written
as a CSV, and fitted by the real command in a fresh process (``flask irt fit FILE --json``),
whose wall time is the figure; the fit is also timed in-process without the CSV and start-up.
Recovery: RMSE and median error of the estimates against the parameters drawn, and the share
of difficulties within two standard errors of the truth; maximum likelihood with about 125
answers per item lets a few items run off (a large RMSE, a small median), so the same data are
also fitted with weak priors of the spreads ``flask irt calibrate`` uses (centred on a = 1,
b = 0: the simulated items have no labels).

Seeded: the same command gives the same data. Run with ``make bench-irt``; the figures go under
the key "irt" of benchmarks/results.json (other keys are kept).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.cli.irt import fit_to_dict  # noqa: E402
from quiz.irt import ItemPrior, fit, to_matrix  # noqa: E402

ITEMS, ATTEMPTS, SHOWN, SEED = 800, 5000, 20, 27


def simulate(
    items: int = ITEMS, attempts: int = ATTEMPTS, shown: int = SHOWN, seed: int = SEED
) -> tuple[list[tuple[str, str, float]], np.ndarray, np.ndarray]:
    """The responses (attempt, item, credit) and the true discriminations and difficulties."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.5, 2.0, items)
    b = rng.normal(0.0, 1.0, items)
    theta = rng.normal(0.0, 1.0, attempts)
    rows: list[tuple[str, str, float]] = []
    for p in range(attempts):
        chosen = rng.choice(items, size=shown, replace=False)
        chance = 1.0 / (1.0 + np.exp(-a[chosen] * (theta[p] - b[chosen])))
        right = rng.random(shown) < chance
        rows.extend((f"a{p}", f"i{j:03d}", float(r)) for j, r in zip(chosen, right, strict=True))
    return rows, a, b


def write_csv(rows: list[tuple[str, str, float]], path: Path) -> None:
    """The responses as ``flask irt fit`` reads them."""
    lines = ["attempt,item,credit", *(f"{p},{i},{c:g}" for p, i, c in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_command(path: Path) -> tuple[float, float, dict[str, Any]]:
    """Wall and CPU seconds of ``flask irt fit FILE --json`` in a fresh process (the CPU figure
    barely moves when other processes compete for the cores), and its output."""
    flask = Path(sys.executable).with_name("flask")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(flask), "--app", "wsgi", "irt", "fit", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "FLASK_ENV": "development"},
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout)


def recovery(output: dict[str, Any], a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """RMSE and median absolute error of the estimates, and the share of difficulties within
    two standard errors of the truth."""
    rows = {row["item"]: row for row in output["items"]}
    est = [rows[f"i{j:03d}"] for j in range(a.size)]
    ea = np.array([r["discrimination"] for r in est], dtype=float)
    eb = np.array([r["difficulty"] for r in est], dtype=float)
    se = np.array([r["se_difficulty"] or np.nan for r in est], dtype=float)
    return {
        "rmse_difficulty": round(float(np.sqrt(np.nanmean((eb - b) ** 2))), 4),
        "median_error_difficulty": round(float(np.nanmedian(np.abs(eb - b))), 4),
        "rmse_discrimination": round(float(np.sqrt(np.nanmean((ea - a) ** 2))), 4),
        "difficulty_within_2se": round(float(np.nanmean(np.abs(eb - b) < 2 * se)), 4),
    }


def run() -> dict[str, Any]:
    """Simulate, fit through the command and in-process (also with weak priors); the figures
    for results.json."""
    rows, a, b = simulate()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.csv"
        write_csv(rows, path)
        wall, command_cpu, output = run_command(path)
    matrix = to_matrix(rows)
    started = time.process_time()
    in_process = fit(matrix, "2pl")
    cpu = time.process_time() - started
    weak = {item: ItemPrior(1.0, 0.0) for item in matrix.items}
    started = time.process_time()
    with_priors = fit(matrix, "2pl", weak)
    prior_cpu = time.process_time() - started
    return {
        "items": ITEMS,
        "attempts": ATTEMPTS,
        "responses": len(rows),
        "model": "2pl",
        "command_wall_seconds": round(wall, 2),
        "command_cpu_seconds": round(command_cpu, 2),
        "fit_cpu_seconds": round(cpu, 2),
        "iterations": output["iterations"],
        "converged": output["converged"],
        "standard_errors": output["standard_errors"],
        "same_as_in_process": output["loglik"] == round(in_process.loglik, 4),
        **recovery(output, a, b),
        "with_weak_priors": {
            "priors": "a ~ N(1, 0.75²), b ~ N(0, 1.5²) for every item",
            "fit_cpu_seconds": round(prior_cpu, 2),
            "iterations": with_priors.iterations,
            "converged": with_priors.converged,
            **recovery(fit_to_dict(with_priors), a, b),
        },
        "python": sys.version.split()[0],
        "numpy": np.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the figures and merge them into the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    figures = run()
    for key, value in figures.items():
        print(f"{key:24} {value}")
    path = Path(args.out)
    results = json.loads(path.read_text()) if path.exists() else {}
    results["irt"] = figures
    path.write_text(json.dumps(results, indent=2) + "\n")  # other keys keep their order
    return 0 if figures["converged"] and figures["with_weak_priors"]["converged"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
