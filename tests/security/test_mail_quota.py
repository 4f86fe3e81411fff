"""Mail abuse (the probe: a roster upload, invitations and three "remind all" sent 180 mails to
arbitrary addresses with attacker-chosen organisation text, none rate-limited): mail a member
sends to typed addresses counts against an hourly quota per organisation and per member; past
it, the action is refused with a message saying how many are left, and nothing is saved or
sent."""

from __future__ import annotations

import io
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.extensions import db
from quiz.models import CohortMember, Invitation, Membership
from tests.actions import login, mailbox, post_form
from tests.support import csrf_from
from tests.worlds.hiring import MakeCompany, MakePosition
from tests.worlds.people import MakeClass, MakeUser

QUOTAS = {"org_mail": "5 per hour", "member_mail": "3 per hour"}


def _roster(client: FlaskClient, cohort_id: int, emails: list[str]) -> str:
    page = client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    body = "email,name\n" + "".join(f"{e},{e.split('@')[0].title()}\n" for e in emails)
    resp = client.post(
        f"/cohorts/{cohort_id}/roster",
        data={"csrf_token": csrf_from(page), "roster": (io.BytesIO(body.encode()), "r.csv")},
        content_type="multipart/form-data",
    )
    return resp.get_data(as_text=True)


def test_a_roster_past_the_quotas_is_refused_and_nothing_is_saved(
    extra_app: Callable[..., Flask], make_class: MakeClass, make_user: MakeUser
) -> None:
    app = extra_app(RATE_LIMITS=QUOTAS)
    klass = make_class()
    teacher = app.test_client()
    login(teacher, "teacher@example.org")
    refused = _roster(teacher, klass.cohort_id, [f"s{n}@example.org" for n in range(4)])
    assert "This would send 4 email(s), but you can send 3 more this hour" in refused
    assert "Nothing was imported." in refused
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortMember)) == 0
    assert mailbox(app) == []

    done = _roster(teacher, klass.cohort_id, [f"s{n}@example.org" for n in range(3)])
    assert "3 student(s) added and invited" in done
    # A colleague in the same organisation meets the organisation's quota: 2 of 5 left.
    colleague = make_user("co@example.org", "Co")
    with app.app_context():
        db.session.add(Membership(organisation_id=klass.org_id, user_id=colleague, role="owner"))
        db.session.commit()
    co = app.test_client()
    login(co, "co@example.org")
    refused = _roster(co, klass.cohort_id, [f"t{n}@example.org" for n in range(3)])
    assert "but your organisation can send 2 more this hour" in refused
    assert len(mailbox(app)) == 3


def test_invitations_and_reminders_share_the_quota(
    extra_app: Callable[..., Flask], make_company: MakeCompany, make_position: MakePosition
) -> None:
    app = extra_app(RATE_LIMITS=QUOTAS)
    company = make_company()
    position_id = make_position(company)
    recruiter = app.test_client()
    login(recruiter, company.email)
    page = f"/recruit/positions/{position_id}"
    emails = "\n".join(f"c{n}@example.org" for n in range(3))
    invited = post_form(
        recruiter, page, f"{page}/invitations", {"paste-emails": emails, "paste-days": "14"}
    )
    assert invited.status_code == 302
    assert len(mailbox(app)) == 3
    # Reminding all three would pass both quotas (the organisation has 2 left): none sent.
    reminded = post_form(recruiter, page, f"{page}/remind", {})
    shown = recruiter.get(reminded.location).get_data(as_text=True)
    assert "This would send 3 email(s), but your organisation can send 2 more this hour" in shown
    assert len(mailbox(app)) == 3
    with app.app_context():
        counts = db.session.scalars(sa.select(Invitation.reminder_count)).all()
        assert counts == [0, 0, 0]
    more = post_form(
        recruiter,
        page,
        f"{page}/invitations",
        {"paste-emails": "late@example.org", "paste-days": "14"},
    )
    assert "Nothing was sent." in more.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 3
