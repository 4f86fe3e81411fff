"""Invitations: every bad line of a list at once, day counts that match the expiry, and
inviting again an address that declined or let its link run out."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import Invitation
from quiz.models.base import utcnow
from quiz.recruiting.invitations import days_left
from tests.actions import consent, last_mail, link_in, login, mailbox, post_form, rows
from tests.support import csrf_from
from tests.worlds.people import MakeUser


def test_every_bad_line_is_reported_at_once(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    emails = "ok@example.com\nnot-an-address\nfine@example.com\nalso bad\nok@example.com"
    resp = post_form(
        recruiter, page, f"{page}/invitations", {"paste-emails": emails, "paste-days": "14"}
    )
    text = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "3 lines need fixing" in text
    for line in ("Line 2:", "Line 4:", "Line 5: ok@example.com appears more than once"):
        assert line in text
    assert rows(app, Invitation) == [] and mailbox(app) == []


def test_the_email_counts_the_days_the_link_really_has(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    post_form(
        recruiter, page, f"{page}/invitations", {"paste-emails": "a@x.org", "paste-days": "14"}
    )
    body = last_mail(app, "a@x.org").get_content()
    assert "The link works for 14 more days, until" in body
    now = utcnow()
    assert days_left(now + timedelta(days=14), now) == 14
    assert days_left(now + timedelta(days=1, seconds=1), now) == 2
    assert days_left(now + timedelta(hours=3), now) == 1
    assert days_left(now - timedelta(hours=3), now) == 0


def test_a_declined_address_invited_again_gets_a_new_chance(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    post_form(
        recruiter, page, f"{page}/invitations", {"paste-emails": "a@x.org", "paste-days": "14"}
    )
    link = link_in(last_mail(app, "a@x.org"))
    candidate = app.test_client()
    html = candidate.get(link).get_data(as_text=True)
    candidate.post(f"{link}/decline", data={"csrf_token": csrf_from(html)})
    (inv,) = rows(app, Invitation)
    assert inv.declined_at is not None
    resp = post_form(
        recruiter,
        page,
        f"{page}/invitations",
        {"paste-emails": "a@x.org\nb@x.org", "paste-days": "7"},
    )
    assert resp.status_code == 302
    assert len([m for m in mailbox(app) if m["To"] == "a@x.org"]) == 2
    with app.app_context():
        again = db.session.get(Invitation, inv.id)
        assert again is not None and again.declined_at is None
    fresh = link_in(last_mail(app, "a@x.org"))
    assert "I consent: start the assessment" in candidate.get(fresh).get_data(as_text=True)
    assert "A newer link" in candidate.get(link).get_data(as_text=True)


def test_a_pasted_invitee_takes_the_name_of_their_account(
    app: Flask, recruiter: FlaskClient, position_id: int, make_user: MakeUser
) -> None:
    page = f"/recruit/positions/{position_id}"
    post_form(
        recruiter, page, f"{page}/invitations", {"paste-emails": "ada@x.org", "paste-days": "14"}
    )
    (inv,) = rows(app, Invitation)
    assert inv.name == "ada"
    make_user("ada@x.org", "Ada Lovelace")
    browser = app.test_client()
    login(browser, "ada@x.org")
    consent(browser, link_in(last_mail(app, "ada@x.org")).rstrip("/").split("/")[-1])
    (inv,) = rows(app, Invitation)
    assert inv.name == "Ada Lovelace"


def test_the_landing_page_tells_companies_and_bootcamps_where_to_start(
    client: FlaskClient,
) -> None:
    html = client.get("/").get_data(as_text=True)
    section = html.split('data-testid="for-organisations"', 1)[1].split("</section>", 1)[0]
    assert "For companies and bootcamps" in section and 'href="/orgs/new"' in section
