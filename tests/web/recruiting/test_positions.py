"""Recruiters: positions from a profile and from a job description, invitations by pasted
emails and CSV (bad rows by line, nothing saved), reminders, the retention setting."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Invitation, Organisation, Position
from quiz.models.recruiting import hash_token
from tests.actions import last_mail, link_in, login, mailbox, post_form, rows
from tests.support import ROOT, SHIPPED_QUESTIONS, csrf_from
from tests.worlds.hiring import Company, MakeCompany

JD = (ROOT / "tests" / "fixtures" / "jd" / "php-laravel.txt").read_text(encoding="utf-8")
SETTINGS = {
    "mode": "full",
    "time_limit_minutes": "45",
    "review_shown": "",
    "answers_visible": "y",
    "invitation_days": "10",
}


def test_recruiter_creates_a_position_from_a_profile(
    app: Flask, company: Company, recruiter: FlaskClient
) -> None:
    assert recruiter.get("/recruit/").location.endswith(f"/recruit/orgs/{company.org_id}")
    assert 'href="/recruit/"' in recruiter.get("/account/").get_data(as_text=True)  # nav link
    url = f"/recruit/orgs/{company.org_id}/positions/new"
    data = {f"p-{k}": v for k, v in {**SETTINGS, "title": "Backend dev"}.items()}
    resp = post_form(recruiter, url, url, {**data, "p-profile": "junior-backend"})
    assert resp.status_code == 302
    (position,) = rows(app, Position)
    assert (position.title, position.source, position.profile_id) == (
        "Backend dev",
        "profile",
        "junior-backend",
    )
    assert (position.mode, position.time_limit_minutes, position.invitation_days) == (
        "full",
        45,
        10,
    )
    assert position.review_shown is False and position.answers_visible is True
    assert [(r["id"], r["weight"], r["target"]) for r in position.requirements] == [
        ("sql-querying", "must", 60),
        ("api-rest-design", "must", 60),
        ("sql-integrity", "should", 50),
        ("soft-communication", "nice", 50),
    ]
    page = recruiter.get(resp.location).get_data(as_text=True)
    assert "Backend dev" in page and "Writing SQL queries" in page
    listing = recruiter.get(f"/recruit/orgs/{company.org_id}").get_data(as_text=True)
    assert "Backend dev" in listing and "Role profile" in listing


def test_position_form_errors_are_shown(
    app: Flask, company: Company, recruiter: FlaskClient
) -> None:
    url = f"/recruit/orgs/{company.org_id}/positions/new"
    data = {"p-title": "", "p-profile": "nope", "p-mode": "quick", "p-invitation_days": "0"}
    resp = post_form(recruiter, url, url, data)
    assert resp.status_code == 400
    assert "Not a valid choice" in resp.get_data(as_text=True)
    assert rows(app, Position) == []


def _review_rows(html: str) -> list[tuple[int, str]]:
    found = re.findall(r'name="r-requirements-(\d+)-id" type="hidden" value="([^"]+)"', html)
    return [(int(n), v) for n, v in found]


def test_position_from_a_job_description_with_edited_weights(
    extra_app: Callable[..., Flask], company: Company
) -> None:
    app = extra_app(QUESTIONS_DIR=str(SHIPPED_QUESTIONS))
    client = app.test_client()
    login(client, company.email)
    new = f"/recruit/orgs/{company.org_id}/positions/new"
    review = post_form(
        client, new, f"/recruit/orgs/{company.org_id}/positions/from-jd", {"jd-text": JD}
    )
    html = review.get_data(as_text=True)
    assert review.status_code == 200
    assert "<q>2-4 years of experience with PHP 8 and Laravel.</q>" in html  # evidence quoted
    for name in ("Vue.js", "Laravel Forge", "Elasticsearch"):
        assert f"<li><strong>{name}</strong>: not measured." in html  # listed, with its sentence
    found = _review_rows(html)
    ids = [v for _, v in found]
    assert ids[:3] == ["career-level", "lang-php", "fw-laravel"] and "cache-stores" in ids
    data: dict[str, str] = {"r-text": JD, "r-title": "PHP developer", "r-seniority": "mid"}
    data.update({f"r-{k}": v for k, v in SETTINGS.items()})
    for n, req in found:
        data[f"r-requirements-{n}-id"] = req
        data[f"r-requirements-{n}-weight"] = "must" if req == "cache-stores" else "should"
        data[f"r-requirements-{n}-target"] = "75" if req == "lang-php" else "60"
        if req == "soft-time-management":
            data[f"r-requirements-{n}-remove"] = "y"
    data["csrf_token"] = csrf_from(html)
    resp = client.post(f"/recruit/orgs/{company.org_id}/positions/from-jd/save", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)
    (position,) = rows(app, Position)
    saved = {r["id"]: r for r in position.requirements}
    assert "soft-time-management" not in saved and len(saved) == len(ids) - 1
    assert saved["cache-stores"]["weight"] == "must" and saved["lang-php"]["target"] == 75
    assert position.requirements[0]["id"] == "cache-stores"  # must first
    assert saved["fw-laravel"]["evidence"] == "2-4 years of experience with PHP 8 and Laravel."
    assert position.source == "jd" and position.jd_text == JD and position.seniority == "mid"
    assert "Vue.js" in position.uncovered and "Elasticsearch" in position.uncovered
    assert position.profile_id in {"mid-backend", "xyz-backend"}


def test_a_proposal_with_every_requirement_removed_is_not_saved(
    extra_app: Callable[..., Flask], company: Company
) -> None:
    app = extra_app(QUESTIONS_DIR=str(SHIPPED_QUESTIONS))
    client = app.test_client()
    login(client, company.email)
    new = f"/recruit/orgs/{company.org_id}/positions/new"
    html = post_form(
        client, new, f"/recruit/orgs/{company.org_id}/positions/from-jd", {"jd-text": JD}
    ).get_data(as_text=True)
    data = {"r-text": JD, "r-title": "PHP", "r-seniority": "mid", "r-mode": "quick"}
    data["r-invitation_days"] = "14"
    for n, req in _review_rows(html):
        data.update({f"r-requirements-{n}-id": req, f"r-requirements-{n}-weight": "must"})
        data.update({f"r-requirements-{n}-target": "50", f"r-requirements-{n}-remove": "y"})
    data["csrf_token"] = csrf_from(html)
    resp = client.post(f"/recruit/orgs/{company.org_id}/positions/from-jd/save", data=data)
    assert resp.status_code == 400
    assert "Keep at least one requirement" in resp.get_data(as_text=True)
    assert rows(app, Position) == []


def test_invite_pasted_emails_each_with_its_own_link(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    emails = "Ann@Example.com, bob@example.com\n\ncara@example.com"
    resp = post_form(
        recruiter, page, f"{page}/invitations", {"paste-emails": emails, "paste-days": "7"}
    )
    assert resp.status_code == 302
    invited = rows(app, Invitation, Invitation.position_id == position_id)
    assert sorted(i.email for i in invited) == [
        "ann@example.com",
        "bob@example.com",
        "cara@example.com",
    ]
    assert all((i.expires_at - i.created_at).days == 7 for i in invited)
    links = {m["To"]: link_in(m) for m in mailbox(app)}
    assert len(set(links.values())) == 3
    token = links["ann@example.com"].rsplit("/", 1)[1]
    assert all(token not in (i.token_hash, i.email) for i in invited)
    assert hash_token(token) in {i.token_hash for i in invited}
    # Pasting again skips those already invited.
    resp = post_form(
        recruiter,
        page,
        f"{page}/invitations",
        {"paste-emails": "bob@example.com", "paste-days": "7"},
    )
    assert "Already invited, so skipped: bob@example.com" in recruiter.get(page).get_data(
        as_text=True
    )
    assert len(rows(app, Invitation)) == 3


def test_a_bad_pasted_address_is_reported_by_line_and_nothing_saved(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    data = {"paste-emails": "ok@example.com\nnot-an-address", "paste-days": "14"}
    resp = post_form(recruiter, page, f"{page}/invitations", data)
    assert resp.status_code == 400
    assert "Line 2: &#39;not-an-address&#39; is not a valid email" in resp.get_data(as_text=True)
    assert rows(app, Invitation) == [] and mailbox(app) == []


def _upload(client: FlaskClient, page: str, body: str) -> object:
    html = client.get(page).get_data(as_text=True)
    return client.post(
        f"{page}/invitations/csv",
        data={
            "csrf_token": csrf_from(html),
            "csv-days": "14",
            "csv-file": (io.BytesIO(body.encode()), "candidates.csv"),
        },
        content_type="multipart/form-data",
    )


def test_csv_invitations_and_a_bad_row_by_line(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    bad = "email,name\nann@example.com,Ann\n\nnope,Bob\n"
    resp = _upload(recruiter, page, bad)
    assert resp.status_code == 400  # type: ignore[attr-defined]
    assert "Line 4: &#39;nope&#39; is not a valid email" in resp.get_data(as_text=True)  # type: ignore[attr-defined]
    assert rows(app, Invitation) == []
    resp = _upload(recruiter, page, "name,email\nAnn Lee,ann@example.com\nBob,bob@example.com\n")
    assert resp.status_code == 302  # type: ignore[attr-defined]
    invited = rows(app, Invitation, Invitation.position_id == position_id)
    assert sorted((i.name, i.email) for i in invited) == [
        ("Ann Lee", "ann@example.com"),
        ("Bob", "bob@example.com"),
    ]
    missing = _upload(recruiter, page, "address\nann@example.com\n")
    assert "Line 1: the header must name the column(s) email, name" in missing.get_data(  # type: ignore[attr-defined]
        as_text=True
    )


def test_reminders_are_counted_and_renew_the_link(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    post_form(
        recruiter,
        page,
        f"{page}/invitations",
        {"paste-emails": "a@x.org\nb@x.org", "paste-days": "3"},
    )
    (a, _b) = rows(app, Invitation, Invitation.position_id == position_id)
    first = link_in(last_mail(app, str(a.email)))
    resp = post_form(recruiter, page, f"/recruit/invitations/{a.id}/remind", {})
    assert resp.status_code == 302
    a = rows(app, Invitation, Invitation.id == a.id)[0]
    assert a.reminder_count == 1 and a.last_reminded_at is not None
    reminder = [m for m in mailbox(app) if m["Subject"].startswith("Reminder")]
    assert len(reminder) == 1 and reminder[0]["To"] == a.email
    old = recruiter.get(first)  # the old link stopped working, and says why
    assert old.status_code == 410 and "A newer link" in old.get_data(as_text=True)
    assert recruiter.get(link_in(reminder[0])).status_code == 200
    post_form(recruiter, page, f"/recruit/positions/{position_id}/remind", {})
    counts = {i.email: i.reminder_count for i in rows(app, Invitation)}
    assert counts == {"a@x.org": 2, "b@x.org": 1}


def test_owner_sets_retention_and_a_recruiter_may_not(
    app: Flask, client: FlaskClient, make_company: MakeCompany
) -> None:
    company = make_company(role="owner")
    login(client, company.email)
    page = f"/recruit/orgs/{company.org_id}"
    assert "180 days" in client.get(page).get_data(as_text=True)
    resp = post_form(client, page, f"{page}/retention", {"retention_days": "2"})
    assert resp.status_code == 400 and "between 7 and 3650" in resp.get_data(as_text=True)
    resp = post_form(client, page, f"{page}/retention", {"retention_days": "90"})
    assert resp.status_code == 302
    assert rows(app, Organisation)[0].retention_days == 90
    other = make_company("rec2@beta.example", "Beta")
    client2 = app.test_client()
    login(client2, other.email)
    page2 = f"/recruit/orgs/{other.org_id}"
    assert "Save retention" not in client2.get(page2).get_data(as_text=True)
    resp = post_form(client2, page2, f"{page2}/retention", {"retention_days": "30"})
    assert resp.status_code == 404
    with app.app_context():
        from quiz.extensions import db

        assert (
            db.session.scalar(
                sa.select(Organisation.retention_days).where(Organisation.id == other.org_id)
            )
            == 180
        )


def test_settings_change_and_closing_stops_new_candidates(
    app: Flask, recruiter: FlaskClient, position_id: int
) -> None:
    page = f"/recruit/positions/{position_id}"
    data = {f"s-{k}": v for k, v in {**SETTINGS, "title": "Renamed"}.items()}
    resp = post_form(recruiter, page, f"{page}/settings", {**data, "s-time_limit_minutes": "0"})
    assert resp.status_code == 400 and "between 1 and 600" in resp.get_data(as_text=True)
    resp = post_form(recruiter, page, f"{page}/settings", data)
    assert resp.status_code == 302
    (position,) = rows(app, Position)
    assert (position.title, position.mode, position.time_limit_minutes) == ("Renamed", "full", 45)
    assert position.answers_visible is True and position.closed_at is None
    post_form(recruiter, page, f"{page}/close", {})
    assert rows(app, Position)[0].closed_at is not None
    assert "closed to new candidates" in recruiter.get(page).get_data(as_text=True)
    resp = post_form(
        recruiter, page, f"{page}/invitations", {"paste-emails": "a@x.org", "paste-days": "3"}
    )
    assert resp.status_code == 400 and "This position is closed" in resp.get_data(as_text=True)
    assert rows(app, Invitation, Invitation.position_id == position_id) == []
