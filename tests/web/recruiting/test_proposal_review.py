"""Correcting a job-description proposal on the review page: add any catalog requirement by
(part of) its title with a weight and target; see everything not measured with its sentence;
a text over the limit is refused whole, with the limit named."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import AuditEntry, Position
from quiz.recruiting.forms import JD_MAX
from tests.actions import login, post_form, rows
from tests.support import ROOT, SHIPPED_QUESTIONS, csrf_from
from tests.worlds.hiring import Company

JD = (ROOT / "tests" / "fixtures" / "jd" / "payments-django.txt").read_text(encoding="utf-8")
ROW = re.compile(r'name="r-requirements-(\d+)-id" type="hidden" value="([^"]+)"')


def _review(app: Flask, company: Company) -> tuple[FlaskClient, str]:
    client = app.test_client()
    login(client, company.email)
    new = f"/recruit/orgs/{company.org_id}/positions/new"
    resp = post_form(
        client, new, f"/recruit/orgs/{company.org_id}/positions/from-jd", {"jd-text": JD}
    )
    assert resp.status_code == 200
    return client, resp.get_data(as_text=True)


def _form(html: str, **extra: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf_from(html),
        "r-text": JD,
        "r-title": "Payments engineer",
        "r-seniority": "senior",
        "r-mode": "quick",
        "r-invitation_days": "14",
    }
    for n, req in ROW.findall(html):
        weight = re.search(
            rf'id="r-requirements-{n}-weight".*?<option selected value="(\w+)"', html, re.S
        )
        target = re.search(rf'id="r-requirements-{n}-target"[^>]*value="(\d+)"', html)
        data[f"r-requirements-{n}-id"] = req
        data[f"r-requirements-{n}-weight"] = weight.group(1) if weight else "should"
        data[f"r-requirements-{n}-target"] = target.group(1) if target else "70"
    data.update(extra)
    return data


def test_add_a_requirement_the_matcher_missed_and_save_it(
    extra_app: Callable[..., Flask], company: Company
) -> None:
    app = extra_app(QUESTIONS_DIR=str(SHIPPED_QUESTIONS))
    client, html = _review(app, company)
    assert 'list="catalog-titles"' in html and "<datalist" in html
    listed = [req for _n, req in ROW.findall(html)]
    assert "devops-ci-cd" not in listed
    save = f"/recruit/orgs/{company.org_id}/positions/from-jd/save"
    # "API" is in several titles: the page names them and adds nothing.
    many = client.post(save, data=_form(html, **{"r-add_title": "API", "add": "1"}))
    body = many.get_data(as_text=True)
    assert many.status_code == 400 and "requirements match “API”" in body, re.findall(
        r"field-error[^<]*<[^<]*|flash-error[^<]*<[^<]*", body
    )
    added = client.post(
        save,
        data=_form(
            html,
            **{
                "r-add_title": "continuous integ",
                "r-add_weight": "must",
                "r-add_target": "65",
                "add": "1",
            },
        ),
    )
    page = added.get_data(as_text=True)
    assert added.status_code == 200, page
    assert ROW.findall(page)[-1][1] == "devops-ci-cd" and "Added by you" in page
    resp = client.post(save, data=_form(page))
    assert resp.status_code == 302, resp.get_data(as_text=True)
    (position,) = rows(app, Position)
    saved = {r["id"]: r for r in position.requirements}
    assert saved["devops-ci-cd"]["weight"] == "must" and saved["devops-ci-cd"]["target"] == 65
    assert saved["devops-ci-cd"]["evidence"] == ""
    assert saved["sql-transactions"]["evidence"].startswith("Design double-entry ledger tables")
    (entry,) = rows(app, AuditEntry)
    assert entry.action == "position.created" and "devops-ci-cd" in entry.detail


def test_not_measured_names_come_with_their_sentence(
    extra_app: Callable[..., Flask], company: Company
) -> None:
    app = extra_app(QUESTIONS_DIR=str(SHIPPED_QUESTIONS))
    _client, html = _review(app, company)
    listed = html.split('data-testid="not-measured">', 1)[1].split("</ul>", 1)[0]
    assert "<strong>Celery</strong>: not measured. <q>Run background work on Celery" in listed
    assert "PCI-DSS" not in listed  # measured now: data protection
    assert "Keep our PCI-DSS scope small" in html  # as the evidence of data protection


def test_a_description_over_the_limit_is_refused_whole_with_the_limit_named(
    app: Flask, recruiter: FlaskClient, company: Company
) -> None:
    new = f"/recruit/orgs/{company.org_id}/positions/new"
    page = recruiter.get(new).get_data(as_text=True)
    textarea = page.split('name="jd-text"', 1)[1].split(">", 1)[0]
    assert "maxlength" not in textarea  # the browser must not cut it silently
    long = (JD + "\n") * (JD_MAX // len(JD) + 2)
    resp = post_form(
        recruiter, new, f"/recruit/orgs/{company.org_id}/positions/from-jd", {"jd-text": long}
    )
    text = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert f"is {len(long):,} characters; the limit is {JD_MAX:,}" in text
    assert "Nothing was cut" in text and rows(app, Position) == []
