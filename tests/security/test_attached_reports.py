"""A report attached to another organisation's position never carries the first organisation's
private questions (the probe: a bootcamp assignment's report, attached to a company's position
with answers visible, showed the company the bootcamp's own question texts)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from pydantic import HttpUrl

from quiz.bank.schema import Option, SingleChoiceItem
from quiz.extensions import db
from quiz.models import Attempt, Invitation, Organisation
from quiz.orgbanks import store
from tests.actions import join, login, post_form, share_link, take
from tests.worlds.hiring import MakeCompany, MakeInvitation, MakePosition
from tests.worlds.people import MakeClass, MakeUser

PRIVATE_STEM = "Our bootcamp's own question: which clause filters whole groups of rows?"


def _private_item(n: int) -> SingleChoiceItem:
    return SingleChoiceItem(
        id=f"camp-{n}",
        type="single_choice",
        stem=f"{PRIVATE_STEM} (variant {n})",
        options=[
            Option(id=k, text=t) for k, t in (("A", "WHERE"), ("B", "HAVING"), ("C", "LIMIT"))
        ],
        answer="B",
        explanation="HAVING filters groups after GROUP BY; WHERE filters rows before it.",
        difficulty=1,
        requirements=["sql-querying"],
        reference=HttpUrl("https://www.postgresql.org/docs/current/sql-select.html"),
    )


def test_a_bootcamps_private_questions_stay_private_in_an_attached_report(
    app: Flask,
    make_class: MakeClass,
    make_user: MakeUser,
    make_company: MakeCompany,
    make_position: MakePosition,
    make_invitation: MakeInvitation,
) -> None:
    klass = make_class(source="org", review_allowed=False)
    with app.app_context():
        org = db.session.get(Organisation, klass.org_id)
        assert org is not None
        store.save_items(org, "sql", [_private_item(n) for n in range(1, 4)], klass.instructor_id)
    make_user("sam@example.org", "Sam")
    student = app.test_client()
    login(student, "sam@example.org")
    join(student, klass.join_code)
    token = take(student, klass.assignment_id, "B")
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt).where(Attempt.token == token))
        assert attempt is not None and all(i.startswith("o") for i in attempt.item_ids)
    url = f"http://localhost{share_link(student, token)}"

    company = make_company(role="owner")
    position_id = make_position(company, answers_visible=True)
    invite = make_invitation(position_id, "sam@example.org")
    page = f"/recruit/i/{invite}"
    attached = post_form(student, page, f"{page}/attach", {"url": url})
    assert attached.status_code == 302

    recruiter = app.test_client()
    login(recruiter, company.email)
    with app.app_context():
        invitation_id = db.session.scalar(sa.select(Invitation.id))
    html = recruiter.get(f"/recruit/candidates/{invitation_id}").get_data(as_text=True)
    assert "Individual answers" in html
    assert PRIVATE_STEM not in html.replace("&#39;", "'")
    assert "3 question(s) from another organisation's own bank are not shown" in html
