"""``flask irt fit FILE`` and ``flask irt calibrate``: item parameters from responses.

``fit`` reads a CSV of ``attempt,item,credit`` (as ``flask analysis items`` does) and needs no
database; ``calibrate`` fits the responses stored in the database and keeps the result as a new
calibration version (``quiz.calibrations``). See docs/irt.md.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click
from flask.cli import AppGroup

from quiz.analysis.csvinput import AnalysisInputError, read_responses

if TYPE_CHECKING:  # numpy loads only when a command runs, not with every app
    from quiz.irt import Fit, ItemEstimate

MODELS = ("2pl", "rasch")


@click.group(cls=AppGroup)
def irt() -> None:
    """Item response theory: fit and calibrate item parameters."""


@irt.command("fit", with_appcontext=False)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--model", type=click.Choice(MODELS), default="2pl", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def fit_command(file: str, model: str, as_json: bool) -> None:
    """Fit the 2PL or Rasch model to FILE by marginal maximum likelihood.

    FILE is a CSV with the header attempt,item,credit and one row per item an attempt was shown;
    credit from 0.5 up counts as right.
    """
    from quiz.irt import fit, to_matrix

    try:
        rows = read_responses(file)
    except AnalysisInputError as exc:
        raise click.ClickException(str(exc)) from exc
    result = fit(to_matrix(rows), "rasch" if model == "rasch" else "2pl")
    if as_json:
        click.echo(json.dumps(fit_to_dict(result), indent=2))
    else:
        click.echo(render_fit(result))


@irt.command("calibrate")
@click.option(
    "--min-responses",
    type=click.IntRange(min=1),
    default=None,
    help="Answers an item needs before its parameters change (default: IRT_MIN_RESPONSES).",
)
@click.option("--model", type=click.Choice(MODELS), default="2pl", show_default=True)
def calibrate_command(min_responses: int | None, model: str) -> None:
    """Fit the responses of submitted attempts and store the result as a new calibration
    version; report snapshots made from now on pin it."""
    from flask import current_app

    from quiz.calibrations.calibrate import NothingToCalibrate, calibrate
    from quiz.core.content import current_content

    threshold = min_responses or int(current_app.config["IRT_MIN_RESPONSES"])
    try:
        version = calibrate(current_content(), threshold, "rasch" if model == "rasch" else "2pl")
    except NothingToCalibrate as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"calibration version {version.version} ({version.model}): {version.attempts} attempts, "
        f"{version.responses} responses, loglik {version.loglik:.4f}; "
        f"{version.items_fitted} items fitted with at least {threshold} responses, "
        f"{version.items_carried} kept from the previous version"
        + ("" if version.converged else "; EM did NOT converge")
    )


def fit_to_dict(result: Fit) -> dict[str, Any]:
    """The JSON shape: parameters and errors to 4 decimals, null where not estimable."""
    return {
        "model": result.model,
        "attempts": result.attempts,
        "loglik": round(result.loglik, 4),
        "iterations": result.iterations,
        "converged": result.converged,
        "standard_errors": result.standard_errors,
        "items": [item_to_dict(item) for item in result.items],
    }


def item_to_dict(item: ItemEstimate) -> dict[str, Any]:
    """One item's row of the JSON output."""
    return {
        "item": item.item,
        "responses": item.responses,
        "right": item.right,
        "discrimination": _round(item.discrimination),
        "difficulty": _round(item.difficulty),
        "se_discrimination": _round(item.se_discrimination),
        "se_difficulty": _round(item.se_difficulty),
        "note": item.note,
    }


def render_fit(result: Fit) -> str:
    """A fixed-width table for people, with the model and log-likelihood on top."""
    width = max([len("item"), *(len(i.item) for i in result.items)])
    status = "converged" if result.converged else "NOT converged"
    lines = [
        f"{result.model} on {result.attempts} attempts: loglik {result.loglik:.4f} "
        f"({status} after {result.iterations} EM iterations; standard errors: "
        f"{result.standard_errors})",
        f"{'item':<{width}}  {'n':>6}  {'discrimination':>14}  {'se':>6}  "
        f"{'difficulty':>10}  {'se':>6}  note",
    ]
    lines.extend(
        f"{i.item:<{width}}  {i.responses:>6}  {_fmt(i.discrimination):>14}  "
        f"{_fmt(i.se_discrimination):>6}  {_fmt(i.difficulty):>10}  "
        f"{_fmt(i.se_difficulty):>6}  {i.note or ''}".rstrip()
        for i in result.items
    )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
