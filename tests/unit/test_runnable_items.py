"""Runnable code-reading items: every shipped item whose ``code`` block has an ``output`` is run,
and what it prints must be that output, shown by the item's key.

- The snippet runs as shown (Python with this interpreter, JavaScript with ``node``, Java with
  the ``java`` single-file launcher, Go, PHP and Ruby with their own commands) under a timeout,
  and its standard output, trailing whitespace removed, equals ``output``.
- A language whose toolchain is not on this machine is not skipped: the items that need it are
  listed by a failing test, so ``output`` belongs only on items whose language runs here.
- The key shows the output. Rule, the same for every item: for single choice and code reading,
  the key option's text equals the output or contains it, and no other option's text does; an
  output of several lines counts as its lines joined by ", " (an option is shown on one line).
  For short answer, the output is an accepted answer as the app compares answers (or, for a
  numeric key, the number). For ordering, the option texts in key order are the output's lines.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quiz.bank import load_content
from quiz.bank.types import normalise_text
from tests.support import SHIPPED_QUESTIONS

TIMEOUT = 30  # seconds per snippet; a Java compile takes a few

Command = Callable[[Path], list[str]]


def _python(source: Path) -> list[str]:
    return [sys.executable, str(source)]


def _tool(name: str, *args: str) -> Command | None:
    """A command that runs a source file with ``name``, or None when it is not installed."""
    path = shutil.which(name)
    if path is None:
        return None
    return lambda source: [path, *args, str(source)]


# language -> (source file name, command); the command is None when the toolchain is missing.
RUNNERS: dict[str, tuple[str, Command | None]] = {
    "python": ("main.py", _python),
    "javascript": ("main.js", _tool("node")),
    "java": ("Main.java", _tool("java")),
    "go": ("main.go", _tool("go", "run")),
    "php": ("main.php", _tool("php")),
    "ruby": ("main.rb", _tool("ruby")),
}

ITEMS = [
    item
    for item in load_content(SHIPPED_QUESTIONS).items.values()
    if item.code is not None and item.code.output is not None
]
RUNNABLE = [i for i in ITEMS if RUNNERS.get(i.code.language, ("", None))[1] is not None]


def run(item: Any) -> str:
    """The snippet's standard output, trailing whitespace removed."""
    name, command = RUNNERS[item.code.language]
    assert command is not None
    with tempfile.TemporaryDirectory(prefix="quiz-run-") as folder:
        source = Path(folder) / name
        source.write_text(item.code.text + "\n", encoding="utf-8")
        done = subprocess.run(
            command(source),
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    return done.stdout.rstrip()


def shows(text: str, output: str) -> bool:
    """``text`` equals ``output`` or contains it, several lines counting as joined by ", "."""
    one_line = ", ".join(line.strip() for line in output.splitlines())
    return one_line in text


def key_problem(item: Any, output: str) -> str | None:
    """Why the item's key does not show ``output``, or None when it does."""
    if item.type in ("single_choice", "code_reading"):
        showing = [o.id for o in item.options if shows(o.text, output)]
        if showing != [item.answer]:
            return f"options showing the output: {showing or 'none'}; the key is {item.answer}"
    elif item.type == "short_answer":
        if item.numeric is not None:
            if abs(float(output) - item.numeric.value) > item.numeric.tolerance:
                return f"the numeric key {item.numeric.value:g} is not the output"
        else:
            accepted = {normalise_text(a, item.case_sensitive) for a in item.accepted}
            if normalise_text(output, item.case_sensitive) not in accepted:
                return "the output is not an accepted answer"
    elif item.type == "ordering":
        texts = {o.id: o.text for o in item.options}
        if [texts[k] for k in item.answer] != [line.strip() for line in output.splitlines()]:
            return "the options in key order are not the output's lines"
    else:
        return f"an item of type {item.type} cannot show an output"
    return None


def test_shipped_banks_have_runnable_items() -> None:
    assert RUNNABLE, "no shipped item has a code output to check"


def test_every_language_with_an_output_has_a_toolchain_here() -> None:
    missing = [
        f"{i.id} ({i.code.language})"
        for i in ITEMS
        if RUNNERS.get(i.code.language, ("", None))[1] is None
    ]
    assert not missing, "no toolchain here runs these items: " + ", ".join(missing)


@pytest.mark.parametrize("item", RUNNABLE, ids=lambda i: i.id)
def test_snippet_prints_its_output(item: Any) -> None:
    assert run(item) == item.code.output


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_key_shows_the_output(item: Any) -> None:
    assert key_problem(item, item.code.output) is None, key_problem(item, item.code.output)


def test_a_key_that_misses_the_output_is_reported() -> None:
    item = next(i for i in ITEMS if i.type in ("single_choice", "code_reading"))
    assert key_problem(item, "an output no option shows") is not None
