"""Sessions end on the server (the probe's findings): a copy of the session cookie or of the
remember-me cookie, taken before log-out, opens nothing afterwards; a password change ends the
other sessions, revokes API tokens and voids emailed reset links; a reset ends everything."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.api import tokens
from quiz.extensions import db
from quiz.models import ApiToken, User, UserSession
from quiz.models.base import utcnow
from tests.actions import PASSWORD, last_mail, link_in, login, post_form
from tests.worlds.people import MakeUser

NEW_PASSWORD = "a brand new passphrase"


def _cookies(client: FlaskClient) -> dict[str, str]:
    found = {}
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            found[name] = cookie.value
    return found


def _browser(app: Flask, **cookies: str) -> FlaskClient:
    """A new browser holding only the given cookies (a thief's copy)."""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def _signed_in(client: FlaskClient) -> bool:
    resp = client.get("/home")
    return resp.status_code == 200 and "Log out" in resp.get_data(as_text=True)


def test_copied_cookies_open_nothing_after_log_out(app: Flask, make_user: MakeUser) -> None:
    make_user("ada@example.org", "Ada")
    owner = app.test_client()
    login(owner, "ada@example.org", remember=True)
    copied = _cookies(owner)
    assert set(copied) == {"session", "remember_token"}
    assert _signed_in(_browser(app, session=copied["session"]))
    assert _signed_in(_browser(app, remember_token=copied["remember_token"]))

    post_form(owner, "/home", "/logout", {})
    assert not _signed_in(owner)
    assert not _signed_in(_browser(app, session=copied["session"]))
    assert not _signed_in(_browser(app, remember_token=copied["remember_token"]))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0


def test_log_out_on_one_device_keeps_the_others(app: Flask, make_user: MakeUser) -> None:
    make_user("ada@example.org", "Ada")
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "ada@example.org")
    login(phone, "ada@example.org", remember=True)
    post_form(laptop, "/home", "/logout", {})
    assert not _signed_in(laptop)
    assert _signed_in(phone)


def _token(app: Flask, uid: int) -> str:
    with app.app_context():
        user = db.session.get(User, uid)
        assert user is not None
        made = tokens.create_token(user, "ci", ["profiles:read"], utcnow() + timedelta(days=9))
        return made.secret


def _api_ok(client: FlaskClient, secret: str) -> bool:
    resp = client.get("/api/v1/profiles", headers={"Authorization": f"Bearer {secret}"})
    return resp.status_code == 200


def test_a_password_change_ends_other_sessions_tokens_and_reset_links(
    app: Flask, make_user: MakeUser
) -> None:
    uid = make_user("ada@example.org", "Ada")
    here, elsewhere = app.test_client(), app.test_client()
    login(here, "ada@example.org")
    login(elsewhere, "ada@example.org", remember=True)
    stolen = _cookies(elsewhere)["remember_token"]
    secret = _token(app, uid)
    assert _api_ok(here, secret)
    post_form(here, "/password/forgot", "/password/forgot", {"email": "ada@example.org"})
    reset_link = link_in(last_mail(app, "ada@example.org"))

    changed = post_form(
        here,
        "/account/",
        "/account/password",
        {"pw-current": PASSWORD, "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    page = here.get("/account/").get_data(as_text=True)
    assert "Other devices have been signed out" in page
    assert "your 1 API token(s) are revoked" in page
    assert "the password-reset link we emailed you no longer works" in page
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    assert not _signed_in(_browser(app, remember_token=stolen))
    assert not _api_ok(here, secret)
    gone = app.test_client().get(reset_link, follow_redirects=True).get_data(as_text=True)
    assert "invalid, expired or was already used" in gone
    with app.app_context():
        token = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == uid))
        assert token is not None and token.revoked_at is not None


def test_a_password_reset_ends_every_session_and_token(app: Flask, make_user: MakeUser) -> None:
    uid = make_user("ada@example.org", "Ada")
    thief = app.test_client()
    login(thief, "ada@example.org", remember=True)
    secret = _token(app, uid)
    owner = app.test_client()
    post_form(owner, "/password/forgot", "/password/forgot", {"email": "ada@example.org"})
    link = link_in(last_mail(app, "ada@example.org"))
    done = post_form(owner, link, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert _signed_in(owner)
    assert not _signed_in(thief)
    assert not _api_ok(owner, secret)
    with app.app_context():
        rows = db.session.scalars(sa.select(UserSession).where(UserSession.user_id == uid)).all()
        assert len(rows) == 1  # the owner's new one
