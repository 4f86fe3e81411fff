"""The pages of recruiting's second day are valid HTML (W3C Nu checker) with no duplicate id:
the public link's form, the identity choice, the answers request, the decline page, a
replaced link, withdrawing by link, the edit page, the review page with an added requirement,
the pipeline and candidate page with benchmarks, the comparison summary, the webhook pages
and the landing page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from quiz.core.content import current_content, store_snapshot
from quiz.extensions import db
from quiz.models import Organisation, Position, User
from quiz.webhooks import manage
from tests.actions import consent, finish, last_mail, link_in, login, post_form
from tests.html import duplicate_ids, vnu_errors
from tests.support import SHIPPED_QUESTIONS, csrf_from
from tests.worlds.hiring import ANA, BEN, REQUIREMENTS, Company, MakeCompany, MakeInvitation
from tests.worlds.people import MakeUser


def _get(client: FlaskClient, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, (url, resp.status_code)
    return resp.get_data(as_text=True)


def _candidate_pages(app: Flask, position_id: int, invite: MakeInvitation) -> dict[str, str]:
    pages: dict[str, str] = {}
    token = invite(position_id, "cand@example.com")
    browser = app.test_client()
    html = _get(browser, f"/recruit/i/{token}")
    pages["declined"] = browser.post(
        f"/recruit/i/{token}/decline", data={"csrf_token": csrf_from(html)}
    ).get_data(as_text=True)
    finish(browser, consent(browser, token))
    with app.app_context():
        position = db.session.get(Position, position_id)
        assert position is not None
        position.answers_visible = True
        db.session.commit()
    pages["answers-asked"] = _get(browser, f"/recruit/i/{token}")
    pages["withdraw-by-link"] = _get(browser, f"/recruit/i/{token}/withdraw")
    other = invite(position_id, "work@example.com")
    signed_in = app.test_client()
    login(signed_in, "someone@example.org")
    pages["identity-choice"] = _get(signed_in, f"/recruit/i/{other}")
    return pages


def test_the_new_pages_are_valid_html(
    extra_app: Callable[..., Flask],
    app: Flask,
    tmp_path: Path,
    make_user: MakeUser,
    make_company: MakeCompany,
    make_invitation: MakeInvitation,
    make_position: Callable[..., int],
    make_candidate: Callable[..., int],
) -> None:
    company: Company = make_company(role="owner")
    make_user("someone@example.org", "Someone")
    position_id = make_position(company)
    recruiter = app.test_client()
    login(recruiter, company.email)
    pages = {"landing": _get(app.test_client(), "/")}
    pages |= _candidate_pages(app, position_id, make_invitation)
    base = f"/recruit/positions/{position_id}"
    post_form(recruiter, base, f"{base}/public-link", {"enable": "1"})
    slug = re.findall(r"/recruit/p/([A-Za-z0-9_-]+)", _get(recruiter, base))[0]
    public = app.test_client()
    pages["public-form"] = _get(public, f"/recruit/p/{slug}")
    pages["public-form-error"] = post_form(
        public, f"/recruit/p/{slug}", f"/recruit/p/{slug}", {"name": "", "email": "x"}
    ).get_data(as_text=True)
    post_form(
        recruiter, base, f"{base}/invitations", {"paste-emails": "r@x.org", "paste-days": "14"}
    )
    first = link_in(last_mail(app, "r@x.org"))
    with app.app_context():
        inv_id = db.session.scalar(db.text("select id from invitations where email='r@x.org'"))
    post_form(recruiter, base, f"/recruit/invitations/{inv_id}/remind", {})
    pages["replaced-link"] = _get(app.test_client(), first, 410)
    pages["edit"] = _get(recruiter, f"{base}/edit")
    with app.app_context():
        store_snapshot(current_content())
        position = db.session.get(Position, position_id)
        assert position is not None
        position.requirements = REQUIREMENTS
        db.session.commit()
    ana = make_candidate(position_id, "Ana", levels=ANA)
    ben = make_candidate(position_id, "Ben", levels=BEN)
    pages["pipeline"] = _get(recruiter, f"{base}/pipeline")
    pages["candidate"] = _get(recruiter, f"/recruit/candidates/{ana}")
    pages["compare"] = _get(recruiter, f"{base}/compare?candidate={ana}&candidate={ben}")
    with app.app_context():
        org = db.session.get(Organisation, company.org_id)
        user = db.session.get(User, company.recruiter_id)
        assert org is not None and user is not None
        hook, _secret = manage.create_webhook(org, "https://hooks.example.org/quiz")
        hook_id = hook.id
    hooks = f"/orgs/{company.org_id}/webhooks"
    pages["webhooks"] = _get(recruiter, hooks)
    pages["webhook-delete"] = _get(recruiter, f"{hooks}/{hook_id}/delete")
    shipped = extra_app(QUESTIONS_DIR=str(SHIPPED_QUESTIONS))
    jd_client = shipped.test_client()
    login(jd_client, company.email)
    org_url = f"/recruit/orgs/{company.org_id}"
    jd = SHIPPED_QUESTIONS.parent / "tests" / "fixtures" / "jd" / "payments-django.txt"
    review = post_form(
        jd_client,
        f"{org_url}/positions/new",
        f"{org_url}/positions/from-jd",
        {"jd-text": jd.read_text(encoding="utf-8")},
    ).get_data(as_text=True)
    pages["review"] = review
    assert {name: duplicate_ids(html) for name, html in pages.items() if duplicate_ids(html)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []
