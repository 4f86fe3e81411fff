"""Sign-up through an emailed link, log-in with "remember me", log-out, password reset by a
one-time token that expires, and answers that never reveal whether an email has an account."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Attempt, PasswordReset, User
from quiz.models.base import utcnow
from tests.actions import PASSWORD, last_mail, link_in, login, mailbox, post_form, rows
from tests.support import QuizClient
from tests.worlds.people import MakeUser


def test_signup_confirms_by_email_and_claims_this_browsers_attempts(
    app: Flask, client: FlaskClient
) -> None:
    quiz = QuizClient(client)
    token = quiz.start()
    quiz.answer(1, {"answer": "A"})
    resp = post_form(
        client,
        "/signup",
        "/signup",
        {"name": "Ada", "email": "Ada@Example.org", "password": PASSWORD},
    )
    assert "Check your inbox" in resp.get_data(as_text=True)
    assert rows(app, User) == []  # nothing exists until the link is opened
    message = last_mail(app, "ada@example.org")
    assert message["Subject"] == "Confirm your account"
    confirmed = client.get(link_in(message))
    assert confirmed.status_code == 302 and confirmed.location == "/home"
    [user] = rows(app, User)
    assert user.email == "ada@example.org" and user.name == "Ada"
    assert user.password_hash.startswith("$argon2id$")
    [attempt] = rows(app, Attempt, Attempt.token == token)
    assert attempt.user_id == user.id
    # The link works once.
    again = client.get(link_in(message))
    assert again.status_code == 302 and again.location == "/login"
    assert len(rows(app, User)) == 1


def test_signup_with_a_known_email_answers_the_same(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    make_user("known@example.org", "Known")
    data = {"name": "X", "password": PASSWORD}
    new = post_form(client, "/signup", "/signup", {**data, "email": "new@example.org"})
    known = post_form(client, "/signup", "/signup", {**data, "email": "known@example.org"})
    assert new.status_code == known.status_code == 200
    strip = lambda r, e: r.get_data(as_text=True).replace(e, "EMAIL")  # noqa: E731
    assert strip(new, "new@example.org") == strip(known, "known@example.org")
    assert last_mail(app, "known@example.org")["Subject"] == "You already have an account"
    assert len(rows(app, User)) == 1


def test_signup_form_errors(client: FlaskClient) -> None:
    resp = post_form(
        client, "/signup", "/signup", {"name": "", "email": "nope", "password": "short"}
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Invalid email address" in html and "at least 10 characters" in html.lower()


def test_login_failure_does_not_say_which_part_was_wrong(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    make_user("ada@example.org")
    wrong_pw = login(client, "ada@example.org", "not the password")
    unknown = login(client, "nobody@example.org", "not the password")
    assert wrong_pw.status_code == unknown.status_code == 400
    message = "That email and password do not match an account."
    assert message in wrong_pw.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_login_remember_me_and_logout(app: Flask, client: FlaskClient, make_user: MakeUser) -> None:
    make_user("ada@example.org")
    resp = login(client, "ada@example.org", remember=True)
    assert resp.status_code == 302
    assert client.get_cookie("remember_token") is not None
    assert "ada@example.org" in client.get("/account/").get_data(as_text=True)
    # A fresh session with only the remember cookie is still signed in.
    client.delete_cookie("session")
    assert client.get("/account/").status_code == 200
    post_form(client, "/account/", "/logout", {})
    assert client.get("/account/").status_code == 302


def test_login_next_must_stay_on_this_site(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    make_user("ada@example.org")
    html = client.get("/login").get_data(as_text=True)
    from tests.support import csrf_from

    data = {"csrf_token": csrf_from(html), "email": "ada@example.org", "password": PASSWORD}
    resp = client.post("/login", data={**data, "next": "//evil.example/x"})
    assert resp.location == "/home"


def test_password_reset_is_single_use_and_signs_in(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    make_user("ada@example.org")
    resp = post_form(client, "/password/forgot", "/password/forgot", {"email": "ada@example.org"})
    assert "If ada@example.org has an account" in resp.get_data(as_text=True)
    path = link_in(last_mail(app, "ada@example.org"))
    token = path.rsplit("/", 1)[1]
    [stored] = rows(app, PasswordReset)
    assert token not in stored.token_hash and len(stored.token_hash) == 64  # only a hash is kept
    new = {"password": "a brand new secret", "confirm": "a brand new secret"}
    done = post_form(client, path, path, new)
    assert done.status_code == 302 and done.location == "/home"
    assert client.get(path).location == "/password/forgot"  # used: the link is dead
    client.post("/logout")
    other = app.test_client()
    assert login(other, "ada@example.org").status_code == 400
    assert login(other, "ada@example.org", "a brand new secret").status_code == 302


def test_password_reset_link_expires(app: Flask, client: FlaskClient, make_user: MakeUser) -> None:
    make_user("ada@example.org")
    post_form(client, "/password/forgot", "/password/forgot", {"email": "ada@example.org"})
    path = link_in(last_mail(app, "ada@example.org"))
    with app.app_context():
        db.session.execute(
            sa.update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    resp = post_form(client, "/password/forgot", path, {"password": "x" * 12, "confirm": "x" * 12})
    assert resp.status_code == 302 and resp.location == "/password/forgot"
    assert login(app.test_client(), "ada@example.org").status_code == 302  # unchanged


def test_password_reset_for_an_unknown_email_answers_the_same(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    make_user("ada@example.org")
    known = post_form(client, "/password/forgot", "/password/forgot", {"email": "ada@example.org"})
    unknown = post_form(
        client, "/password/forgot", "/password/forgot", {"email": "eve@example.org"}
    )
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("ada@", "X@") == unknown.get_data(
        as_text=True
    ).replace("eve@", "X@")
    assert [m["To"] for m in mailbox(app)] == ["ada@example.org"]


def test_create_admin_cli(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-admin", "root@example.org", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert "root@example.org created as site admin" in result.output
    again = runner.invoke(
        args=["users", "create-admin", "root@example.org", "--password", PASSWORD]
    )
    assert "root@example.org is now a site admin" in again.output
    [user] = rows(app, User)
    assert user.is_admin
    bad = runner.invoke(args=["users", "create-admin", "not-an-email", "--password", PASSWORD])
    assert bad.exit_code == 2 and "EMAIL" in bad.output
