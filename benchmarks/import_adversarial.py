"""Time the question-file readers on 128 KB adversarial files: long whitespace runs, deep
nesting, many escapes, and the other shapes that made the old regular expressions quadratic.

Each file is read the way an upload reads it (the organisation rules, at most
``MAX_QUESTIONS`` questions; no time budget, so the full cost is seen): it must be imported
or refused with a ``FormatError`` in under ``LIMIT_SECONDS``. The work the readers report to
``quiz.bank.budget`` is recorded too: linear readers do a few units per byte. Run with
``make bench-import``, which ``make bench`` includes; the figures go under the key "import"
of benchmarks/results.json (other keys are kept). The unit tests use ``FILES`` too, for the
work counts (``tests/unit/test_linear_reading.py``), never for timings.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank import budget  # noqa: E402
from quiz.bank.formats import import_questions  # noqa: E402
from quiz.bank.importer import ImportSettings  # noqa: E402
from quiz.bank.interchange import FormatError  # noqa: E402
from quiz.bank.richtext import MAX_MARKDOWN  # noqa: E402
from quiz.bank.rules import ORGANISATION  # noqa: E402
from quiz.orgbanks.upload import MAX_QUESTIONS  # noqa: E402

SIZE = 128 * 1024
LIMIT_SECONDS = 1.0


def _fill(head: str, unit: str, tail: str, size: int) -> bytes:
    """``head`` + ``unit`` repeated + ``tail``, ``size`` bytes long or just under."""
    room = size - len((head + tail).encode())
    return (head + unit * max(0, room // len(unit.encode())) + tail).encode()


def _questions(unit: str, size: int) -> bytes:
    return _fill("", unit, "", size)


def _markdown_then_plain(unit: str, size: int) -> bytes:
    """As much pathological Markdown as a file may hold, then a plain question to ``size``."""
    markdown = _fill("[markdown]Q", unit, "{T}", MAX_MARKDOWN - 64)
    return markdown + _fill("\n\nPad", "x", "?{T}", size - len(markdown))


FILES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    # The two patterns the issue measured: runs of line breaks around a code block or reference.
    "gift-newline-runs": ("gift", lambda n: _fill("Q?{=a ~b ####x", "\n", "}", n)),
    "gift-blank-runs-between": ("gift", lambda n: _fill("Q?{=a ~b}", " \n", "Q2?{=a ~b}", n)),
    "gift-cr-only": ("gift", lambda n: _questions("Q?{=a ~b}\r\r", n)),
    "gift-crlf": ("gift", lambda n: _questions("Q?{=a ~b}\r\n\r\n", n)),
    "gift-spaces-in-answers": ("gift", lambda n: _fill("Q?{=a", " ", "~b}", n)),
    "gift-html-whitespace-code": (
        "gift",
        lambda n: _fill("[html]Q", "\n \n", '<pre><code class="language-x">y</code></pre>{T}', n),
    ),
    "gift-reference-newlines": (
        "gift",
        lambda n: _fill("Q?{T####Why", "\n", "Reference: https://a.example/}", n),
    ),
    "gift-markdown-fence-runs": ("gift", lambda n: _fill("[markdown]Q", "\n```\n", "{T}", n)),
    # Escaped newlines ("\n") make one long text: the old patterns took 3 s at 16 KB here.
    "gift-feedback-escaped-newlines": ("gift", lambda n: _fill("Q?{T####Why", "\\n", "x}", n)),
    "gift-markdown-escaped-newlines": ("gift", lambda n: _fill("[markdown]Q", "\\n", "{T}", n)),
    "gift-html-escaped-newlines": ("gift", lambda n: _fill("[html]<p>Q", "\\n", "</p>{T}", n)),
    "gift-escapes": ("gift", lambda n: _fill("Q?{=a ~", "\\{\\}\\~\\=\\#\\:", "}", n)),
    "gift-backslashes": ("gift", lambda n: _fill("Q", "\\", "?{T}", n)),
    "gift-open-braces": ("gift", lambda n: _fill("Q", "{", "", n)),
    "gift-nested-braces": ("gift", lambda n: _fill("Q", "{", "}" * 10, n)),
    "gift-tildes": ("gift", lambda n: _fill("Q?{=a", "~", "}", n)),
    "gift-equals": ("gift", lambda n: _fill("Q?{", "=", "}", n)),
    "gift-arrows": ("gift", lambda n: _fill("Q?{=a", "->", "}", n)),
    "gift-percents": ("gift", lambda n: _fill("Q?{=a ~", "%", "b}", n)),
    "gift-hashes": ("gift", lambda n: _fill("Q?{=a ~b", "#", "}", n)),
    "gift-colons": ("gift", lambda n: _fill("::", ":", "Q?{T}", n)),
    "gift-tag-comments": ("gift", lambda n: _fill("// ", "[tag:", "\nQ?{T}", n)),
    "gift-tag-escapes": ("gift", lambda n: _fill("// [tag:", "\\]", "\nQ?{T}", n)),
    "gift-many-questions": ("gift", lambda n: _questions("Q{T}\n\n", n)),
    "gift-deep-html": ("gift", lambda n: _fill("[html]Q", "<div>", "{T}", n)),
    "gift-deep-markdown-quotes": ("gift", lambda n: _fill("[markdown]", ">", " Q{T}", n)),
    "gift-markdown-emphasis": ("gift", lambda n: _fill("[markdown]Q", "*_", "{T}", n)),
    "gift-markdown-links": ("gift", lambda n: _fill("[markdown]Q", "[", "{T}", n)),
    "gift-markdown-emphasis-allowed": ("gift", lambda n: _markdown_then_plain("*_", n)),
    "gift-markdown-links-allowed": ("gift", lambda n: _markdown_then_plain("[", n)),
    "xml-deep-nesting": ("moodle-xml", lambda n: _fill("<quiz>", "<a>", "</quiz>", n)),
    "xml-many-entities": (
        "moodle-xml",
        lambda n: _fill(
            '<quiz><question type="truefalse"><questiontext format="html"><text>',
            "&amp;lt;p&amp;gt;",
            "</text></questiontext></question></quiz>",
            n,
        ),
    ),
    "xml-whitespace": ("moodle-xml", lambda n: _fill("<quiz>", " \n", "</quiz>", n)),
    "xml-deep-html-in-cdata": (
        "moodle-xml",
        lambda n: _fill(
            '<quiz><question type="truefalse"><questiontext format="html"><text><![CDATA[',
            "<ul><li>",
            "]]></text></questiontext><answer fraction='100'><text>true</text></answer>"
            "</question></quiz>",
            n,
        ),
    ),
    "xml-many-questions": (
        "moodle-xml",
        lambda n: _fill(
            "<quiz>",
            '<question type="truefalse"><questiontext><text>Q</text></questiontext>'
            '<answer fraction="100"><text>true</text></answer></question>',
            "</quiz>",
            n,
        ),
    ),
    "aiken-many-options": ("aiken", lambda n: _fill("Q?\n", "A. a\n", "ANSWER: A\n", n)),
    "aiken-long-question": ("aiken", lambda n: _fill("", "Q ", "\nA. a\nB. b\nANSWER: A\n", n)),
}


def settings() -> ImportSettings:
    """Organisation settings over a one-requirement catalog, as an upload reads with."""
    return ImportSettings(
        area="sql",
        requirement="sql-querying",
        requirements=frozenset({"sql-querying"}),
        areas={"sql": "SQL"},
        difficulty=2,
        rules=ORGANISATION,
    )


def read(fmt: str, data: bytes) -> tuple[str, int]:
    """Read ``data`` like an upload does; the outcome in words and the work it reported."""
    with budget.measure() as meter:
        try:
            report = import_questions(fmt, data, settings(), max_questions=MAX_QUESTIONS)
            outcome = f"{len(report.items)} item(s), {len(report.skipped)} skipped"
        except FormatError as exc:
            outcome = f"refused: line {exc.line}: {exc.message[:60]}"
    return outcome, meter.work


def run(size: int = SIZE) -> dict[str, Any]:
    """Time every file; the figures for results.json."""
    files: dict[str, Any] = {}
    for name, (fmt, make) in FILES.items():
        data = make(size)
        started = time.perf_counter()
        outcome, work = read(fmt, data)
        seconds = time.perf_counter() - started
        files[name] = {
            "format": fmt,
            "bytes": len(data),
            "seconds": round(seconds, 4),
            "work_per_byte": round(work / len(data), 2),
            "outcome": outcome,
        }
    slowest = max(files.values(), key=lambda f: f["seconds"])
    return {
        "limit_seconds": LIMIT_SECONDS,
        "files": files,
        "slowest_seconds": slowest["seconds"],
        "all_under_limit": all(f["seconds"] < LIMIT_SECONDS for f in files.values()),
        "python": sys.version.split()[0],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the files, print a table and merge the figures into the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    figures = run()
    for name, row in figures["files"].items():
        print(f"{name:28} {row['seconds']:8.4f} s  {row['work_per_byte']:6.2f}/B  {row['outcome']}")
    print(
        f"slowest {figures['slowest_seconds']} s; all under {LIMIT_SECONDS} s: "
        f"{figures['all_under_limit']}"
    )
    path = Path(args.out)
    results = json.loads(path.read_text()) if path.exists() else {}
    results["import"] = figures
    path.write_text(json.dumps(results, indent=2) + "\n")  # other keys keep their order
    return 0 if figures["all_under_limit"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
