"""``flask analysis items FILE.csv [--json]``: item analysis of exported responses, offline.

Plain click (no app context needed); ``create_app`` registers the group.
"""

from __future__ import annotations

import json
from typing import Any

import click

from quiz.analysis.csvinput import AnalysisInputError, read_responses
from quiz.analysis.items import FormStatistics, ItemStatistics, analyse


@click.group()
def analysis() -> None:
    """Item analysis of quiz responses."""


@analysis.command("items")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def items(file: str, as_json: bool) -> None:
    """Facility, SD, discrimination per item, and alpha and SEM, from FILE.

    FILE is a CSV with the header attempt,item,credit and one row per item an attempt
    presented, credit from 0 to 1.
    """
    try:
        stats = analyse(read_responses(file))
    except AnalysisInputError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(to_dict(stats), indent=2))
    else:
        click.echo(render_table(stats))


def to_dict(stats: FormStatistics) -> dict[str, Any]:
    """The JSON shape: proportions to 4 decimals, percentages to 2 (as Moodle shows them)."""
    return {
        "attempts": stats.attempts,
        "alpha": _round(stats.alpha, 4),
        "sem": _round(stats.sem, 4),
        "items": [
            {
                "item": s.item,
                "n": s.n,
                "facility": _round(s.facility, 4),
                "sd": _round(s.sd, 4),
                "discrimination_index": _round(s.discrimination_index, 2),
                "discriminative_efficiency": _round(s.discriminative_efficiency, 2),
                "flag": s.flag,
            }
            for s in stats.items
        ],
    }


def render_table(stats: FormStatistics) -> str:
    """A fixed-width table for people, with the form's figures on top."""
    alpha = "n/a" if stats.alpha is None else f"{stats.alpha:.2f}"
    sem = "n/a" if stats.sem is None else f"{stats.sem:.2f}"
    width = max([len("item"), *(len(s.item) for s in stats.items)])
    lines = [
        f"{stats.attempts} attempts, Cronbach's alpha {alpha}, SEM {sem}",
        f"{'item':<{width}}  {'n':>5}  {'facility':>8}  {'sd':>6}  {'disc.':>7}  {'eff.':>7}  flag",
    ]
    lines.extend(_row(s, width) for s in stats.items)
    return "\n".join(lines)


def _row(s: ItemStatistics, width: int) -> str:
    return (
        f"{s.item:<{width}}  {s.n:>5}  {s.facility * 100:>7.1f}%  {_fmt(s.sd, '.3f'):>6}  "
        f"{_fmt(s.discrimination_index, '.1f', '%'):>7}  "
        f"{_fmt(s.discriminative_efficiency, '.1f', '%'):>7}  {s.flag or ''}"
    ).rstrip()


def _fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{suffix}"


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
