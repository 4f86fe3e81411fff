"""What a person does through the pages, for tests: sign up through the emailed link, log in,
join a cohort, take an assignment or a position's assessment; and read the mail the app sent.

These act through the test client, as a browser would; the data tests start from comes from
the fixtures of ``tests/worlds`` and of each feature's ``conftest.py``.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.core import mail
from quiz.extensions import db
from tests.support import QuizClient, csrf_from

PASSWORD = "correct horse battery"
URL_RE = re.compile(r"https?://\S+")


def mailbox(app: Flask) -> list[EmailMessage]:
    """Every message the app has sent so far, oldest first."""
    mail.wait_until_sent()
    folder = Path(app.config["MAIL_DIR"])
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]  # type: ignore[misc]


def last_mail(app: Flask, to: str) -> EmailMessage:
    """The newest message sent to ``to``."""
    found = [m for m in mailbox(app) if m["To"] == to]
    assert found, f"no mail to {to}"
    return found[-1]


def link_in(message: EmailMessage) -> str:
    """The first URL in a message's body, as a path for the test client."""
    body = message.get_content()
    match = URL_RE.search(body)
    assert match, body
    return re.sub(r"^https?://[^/]+", "", match.group(0))


def post_form(client: FlaskClient, page_url: str, post_url: str, data: dict[str, Any]) -> Any:
    """GET a page for its CSRF token, then POST ``data`` to ``post_url``."""
    html = client.get(page_url).get_data(as_text=True)
    return client.post(post_url, data={"csrf_token": csrf_from(html), **data})


def signup(client: FlaskClient, app: Flask, name: str, email: str, next_url: str = "") -> Any:
    """Sign up through the form and the emailed link; returns the confirm response."""
    resp = post_form(
        client,
        "/signup",
        "/signup",
        {"name": name, "email": email, "password": PASSWORD, "next": next_url},
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return client.get(link_in(last_mail(app, email)))


def login(client: FlaskClient, email: str, password: str = PASSWORD, remember: bool = False) -> Any:
    """Log in through the form."""
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/login", "/login", data)


def join(client: FlaskClient, code: str) -> Any:
    """Join a cohort through its link."""
    return post_form(client, f"/join/{code}", "/join", {"code": code})


def start(client: FlaskClient, assignment_id: int) -> str:
    """Start the assignment from the home page; returns the attempt token."""
    resp = post_form(client, "/home", f"/assignments/{assignment_id}/start", {})
    assert resp.status_code == 302 and "/attempt/" in resp.location, resp.location
    return str(resp.location.split("/")[2])


def rows(app: Flask, model: Any, *where: Any) -> list[Any]:
    """Rows of ``model`` matching ``where``, detached."""
    with app.app_context():
        found = list(db.session.scalars(sa.select(model).where(*where)))
        for row in found:
            db.session.expunge(row)
        return found


def take(client: FlaskClient, assignment_id: int, choice: str = "B", submit: bool = True) -> str:
    """Start the assignment, pick ``choice`` wherever it is offered, submit; returns the token."""
    quiz = QuizClient(client)
    quiz.token = start(client, assignment_id)
    html = client.get(f"/attempt/{quiz.token}/about").get_data(as_text=True)
    client.post(f"/attempt/{quiz.token}/about", data={"csrf_token": csrf_from(html)})
    match = re.search(r"Question 1 of (\d+)", quiz.page(1))
    assert match
    total = int(match.group(1))
    for number in range(1, total + 1):
        if f'name="answer" value="{choice}"' in quiz.page(number):
            quiz.answer(number, {"answer": choice})
    if submit:
        assert quiz.submit().status_code == 302
    return quiz.token


def consent(client: FlaskClient, token: str) -> str:
    """Consent on the invitation page; returns the started attempt's token."""
    html = client.get(f"/recruit/i/{token}").get_data(as_text=True)
    resp = client.post(f"/recruit/i/{token}/consent", data={"csrf_token": csrf_from(html)})
    assert resp.status_code == 302 and "/attempt/" in resp.location, resp.get_data(as_text=True)
    return str(resp.location.split("/")[2])


def finish(client: FlaskClient, attempt_token: str, choice: str = "B") -> None:
    """Answer ``choice`` wherever offered and submit."""
    quiz = QuizClient(client)
    quiz.token = attempt_token
    html = client.get(f"/attempt/{attempt_token}/about").get_data(as_text=True)
    client.post(f"/attempt/{attempt_token}/about", data={"csrf_token": csrf_from(html)})
    match = re.search(r"Question 1 of (\d+)", quiz.page(1))
    assert match
    for number in range(1, int(match.group(1)) + 1):
        if f'name="answer" value="{choice}"' in quiz.page(number):
            quiz.answer(number, {"answer": choice})
    assert quiz.submit().status_code == 302


WEBHOOK_SECRET_RE = re.compile(r'<code class="secret">(whsec_[^<]+)</code>')


def register_webhook(client: FlaskClient, org_id: int, url: str) -> tuple[Any, str]:
    """Register ``url`` through the page; returns the response and the secret it shows."""
    page = f"/orgs/{org_id}/webhooks"
    resp = post_form(client, page, page, {"url": url})
    match = WEBHOOK_SECRET_RE.search(resp.get_data(as_text=True))
    return resp, match.group(1) if match else ""


LINK_VALUE_RE = re.compile(r'value="http://localhost(/(?:resume|shared)/[A-Za-z0-9_-]+)"')


def resume_link(client: FlaskClient, token: str) -> str:
    """Make a resume link on the attempt's "continue on another device" page; its path."""
    page = f"/attempt/{token}/continue"
    html = post_form(client, page, page, {}).get_data(as_text=True)
    found = LINK_VALUE_RE.search(html)
    assert found and found.group(1).startswith("/resume/"), html
    return found.group(1)


def share_link(client: FlaskClient, token: str, expiry: str = "7") -> str:
    """Make a share link of the attempt's report (shown once, on the page the form answers);
    its path."""
    report = f"/attempt/{token}/report"
    html = post_form(client, report, f"/attempt/{token}/shares", {"expiry": expiry})
    found = LINK_VALUE_RE.search(html.get_data(as_text=True))
    assert found and found.group(1).startswith("/shared/"), html.get_data(as_text=True)
    return found.group(1)
