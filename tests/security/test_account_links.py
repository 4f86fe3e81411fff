"""Account e-mail links (the probe's findings): a password-reset request does the same work
whether or not the email has an account (40 of 40 were told apart by timing); a sign-up link
carries a random token, not the sign-up with its password hash, and dies with a deleted
account."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from rq import Queue

from quiz.core import mail
from quiz.extensions import db
from quiz.models import PendingSignup, User
from tests.actions import PASSWORD, last_mail, link_in, mailbox, post_form
from tests.support import counting, rq_queue, work_burst
from tests.worlds.people import MakeUser

REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def mail_queue() -> Iterator[Queue]:
    with rq_queue(REDIS_URL, mail.QUEUE) as queue:
        yield queue


def _shape(statements: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", s) for s in statements]


def test_a_reset_request_does_the_same_work_for_known_and_unknown_emails(
    extra_app: Callable[..., Flask], make_user: MakeUser, mail_queue: Queue
) -> None:
    app = extra_app(MAIL_REDIS_URL=REDIS_URL)
    make_user("ada@example.org")
    client = app.test_client()
    work = {}
    for email in ("ada@example.org", "eve@example.org"):
        page = client.get("/password/forgot").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None
        with counting(app) as statements:
            resp = client.post(
                "/password/forgot", data={"email": email, "csrf_token": token.group(1)}
            )
        assert resp.status_code == 200
        work[email] = _shape(statements)
    assert work["ada@example.org"] == work["eve@example.org"] == []  # no database at all
    jobs = mail_queue.get_jobs()
    assert sorted(j.args[0] for j in jobs) == ["ada@example.org", "eve@example.org"]
    assert {j.func_name for j in jobs} == {"quiz.accounts.reset.send_reset_link"}


def test_the_reset_job_mails_only_an_account(app: Flask, make_user: MakeUser) -> None:
    make_user("ada@example.org")
    client = app.test_client()
    for email in ("ada@example.org", "eve@example.org"):
        post_form(client, "/password/forgot", "/password/forgot", {"email": email})
    assert [m["To"] for m in mailbox(app)] == ["ada@example.org"]


def _signup(app: Flask, email: str) -> str:
    """Sign up through the form; the link the mail carries."""
    client = app.test_client()
    data = {"name": "Sam", "email": email, "password": PASSWORD, "next": ""}
    assert post_form(client, "/signup", "/signup", data).status_code == 200
    return link_in(last_mail(app, email))


def test_the_sign_up_link_carries_a_random_token_not_the_password_hash(app: Flask) -> None:
    link = _signup(app, "sam@example.org")
    token = link.rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,64}", token)
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"argon2" not in decoded and b"sam@example.org" not in decoded
    with app.app_context():
        (pending,) = db.session.scalars(sa.select(PendingSignup)).all()
        assert pending.password_hash.startswith("$argon2id$")
        assert token not in pending.token_hash


def test_a_deleted_accounts_pending_links_die_with_it(app: Flask) -> None:
    first = _signup(app, "sam@example.org")
    second = _signup(app, "sam@example.org")  # asked twice; both links in the inbox
    browser = app.test_client()
    assert browser.get(first).status_code == 302
    post_form(
        browser,
        "/account/",
        "/account/delete",
        {"del-password": PASSWORD, "del-confirm": "DELETE"},
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    for link in (first, second):
        resp = app.test_client().get(link)
        assert resp.status_code == 302 and resp.location == "/login"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingSignup)) == 0


def test_a_sign_up_request_does_the_same_work_for_known_and_new_emails(
    extra_app: Callable[..., Flask], make_user: MakeUser, mail_queue: Queue
) -> None:
    app = extra_app(MAIL_REDIS_URL=REDIS_URL)  # jobs wait in Redis: the request's work alone
    make_user("known@example.org")
    client = app.test_client()
    work = {}
    for email in ("new@example.org", "known@example.org"):
        page = client.get("/signup").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None
        data = {"name": "X", "email": email, "password": PASSWORD, "csrf_token": token.group(1)}
        with counting(app) as statements:
            assert client.post("/signup", data=data).status_code == 200
        work[email] = _shape(statements)
    assert work["new@example.org"] == work["known@example.org"]
    assert any(s.startswith("INSERT INTO pending_signups") for s in work["new@example.org"])
    with app.app_context():
        assert work_burst(mail_queue)  # the jobs write and send the two different mails
    assert last_mail(app, "known@example.org")["Subject"] == "You already have an account"
    assert last_mail(app, "new@example.org")["Subject"] == "Confirm your account"
    with app.app_context():  # the known address's sign-up was dropped by its mail job
        emails = db.session.scalars(sa.select(PendingSignup.email)).all()
        assert emails == ["new@example.org"]
