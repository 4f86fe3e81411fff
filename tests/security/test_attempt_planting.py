"""Attempt planting (the probe's finding): a victim who opens an attacker's resume link and then
logs in found the attacker's attempt in their history. Attempts opened from a resume link join
an account only when the person confirms they took them; those started in the browser are
claimed at log-in as before."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Attempt, User
from tests.actions import login, post_form, resume_link
from tests.support import QuizClient
from tests.worlds.people import MakeUser


def _resume_link(app: Flask) -> tuple[str, str]:
    """An attacker's anonymous attempt, and the resume link they send around."""
    attacker = QuizClient(app.test_client())
    token = attacker.start()
    return token, resume_link(attacker.client, token)


def _owner(app: Flask, token: str) -> int | None:
    with app.app_context():
        return db.session.scalar(sa.select(Attempt.user_id).where(Attempt.token == token))


def _history(client: FlaskClient) -> str:
    return client.get("/history").get_data(as_text=True)


def test_a_planted_attempt_is_not_claimed_without_confirmation(
    app: Flask, make_user: MakeUser
) -> None:
    planted, link = _resume_link(app)
    uid = make_user("victim@example.org", "Vic")
    victim = app.test_client()
    assert victim.get(link).status_code == 302  # the victim opens the link
    own = QuizClient(victim)
    started = own.start()  # and starts one of their own in the same browser
    resp = login(victim, "victim@example.org")
    assert resp.status_code == 302 and resp.location.startswith("/account/claim")
    assert _owner(app, started) == uid  # started here: claimed at once
    assert _owner(app, planted) is None  # opened from a link: not without a word

    page = victim.get(resp.location)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Attempts opened from a resume link" in html
    assert planted in html and started not in html
    done = post_form(victim, resp.location, resp.location, {"none": "y"})
    assert done.status_code == 302
    assert _owner(app, planted) is None
    assert planted not in _history(victim)
    assert victim.get("/account/claim").status_code == 302  # nothing left to ask about


def test_a_person_who_resumed_their_own_attempt_adds_it(app: Flask, make_user: MakeUser) -> None:
    mine, link = _resume_link(app)  # taken on another device, without an account
    uid = make_user("ada@example.org", "Ada")
    laptop = app.test_client()
    laptop.get(link)
    resp = login(laptop, "ada@example.org")
    claim = resp.location
    added = post_form(laptop, claim, claim, {"attempts": [mine], "add": "y"})
    assert added.status_code == 302
    assert _owner(app, mine) == uid
    with app.app_context():
        user = db.session.get(User, uid)
        assert user is not None
    assert mine in _history(laptop)


def test_only_attempts_of_this_browser_can_be_chosen(app: Flask, make_user: MakeUser) -> None:
    planted, link = _resume_link(app)
    elsewhere = QuizClient(app.test_client()).start()  # someone else's, never opened here
    make_user("ada@example.org", "Ada")
    browser = app.test_client()
    browser.get(link)
    claim = login(browser, "ada@example.org").location
    resp = post_form(browser, claim, claim, {"attempts": [elsewhere], "add": "y"})
    assert resp.status_code == 400 and "Choose among the attempts listed here." in resp.get_data(
        as_text=True
    )
    assert _owner(app, elsewhere) is None and _owner(app, planted) is None
