"""Every page of correcting a class is valid HTML (the Nu checker) with unique ids: editing,
duplicating, closing and deleting an assignment, archiving a cohort and resetting its code,
people (invitation, removal, merge, the organisation with its log), dashboard and items."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import CohortMember
from quiz.models.base import utcnow
from tests.actions import last_mail, link_in, login, post_form, rows, take
from tests.html import duplicate_ids, vnu_errors
from tests.worlds.people import Enrol, MakeClass


def test_classday_pages_are_valid_html(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol, tmp_path: Path
) -> None:
    klass = make_class(fixed_form=True)
    take(enrol(klass, "ann@example.org"), klass.assignment_id)
    enrol(klass, "bob@example.org")
    [ann, _bob] = rows(app, CohortMember)
    login(client, "teacher@example.org")
    org = f"/orgs/{klass.org_id}"
    post_form(client, org, f"{org}/members", {"member-email": "co@example.org"})
    invitation = link_in(last_mail(app, "co@example.org"))
    a, c = f"/assignments/{klass.assignment_id}", f"/cohorts/{klass.cohort_id}"
    urls = {
        "org": org,
        "leave-last-owner": f"{org}/leave",
        "cohort": c,
        "edit": f"{a}/edit",
        "duplicate": f"{a}/duplicate",
        "close": f"{a}/close",
        "delete": f"{a}/delete",
        "archive": f"{c}/archive",
        "join-code": f"{c}/join-code",
        "remove-student": f"{c}/students/{ann.id}/remove",
        "merge": f"{c}/students/{ann.id}/merge",
        "invitation": invitation,
        "dashboard": a,
        "items": f"{a}/items",
        "remind": f"{a}/remind",
        "landing": "/",
        "answers": f"{a}/students/{ann.id}/answers",
        "student": f"{a}/students/{ann.id}",
    }
    pages = {}
    for name, url in urls.items():
        resp = client.get(url)
        assert resp.status_code == 200, name
        pages[name] = resp.get_data(as_text=True)
    assert 'data-testid="for-bootcamps"' in pages["landing"]
    assert 'href="/orgs/new">create your bootcamp</a>' in pages["landing"]
    new = f"{c}/assignments/new"
    past = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    form = {"title": "Late", "profile": "junior-backend", "mode": "quick", "attempt_limit": "1"}
    resp = post_form(client, new, new, {**form, "due_at": past})
    assert resp.status_code == 400
    pages["past-due"] = resp.get_data(as_text=True)
    assert {n: duplicate_ids(h) for n, h in pages.items() if duplicate_ids(h)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []
