"""Organisation banks in the browser: upload with a dry run, the item editor and its live
check, versions pinned by attempts, assignments drawing from the organisation's items, and
404 for everyone outside the organisation's teaching staff."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.attempts.snapshots import rescore
from quiz.core.content import content_for
from quiz.extensions import db
from quiz.models import (
    Assignment,
    Attempt,
    Organisation,
    OrgItem,
    OrgItemVersion,
    ReportSnapshot,
)
from quiz.orgbanks import store
from quiz.orgbanks.sources import content_for_source, merged_id
from tests.actions import join, login, rows, start
from tests.support import QuizClient, csrf_from
from tests.worlds.people import Klass, MakeClass, MakeUser

Upload = Callable[..., Any]
Confirm = Callable[[FlaskClient, int, str], Any]
ItemForm = Callable[..., dict[str, Any]]
Teacher = Callable[..., Klass]


def test_upload_shows_the_dry_run_and_saves_only_on_confirm(
    app: Flask, client: FlaskClient, teacher: Teacher, upload: Upload, confirm: Confirm, gift: bytes
) -> None:
    klass = teacher()
    resp = upload(client, klass.org_id, gift)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "2 item(s)</strong>" in html and "1 skipped" in html and "2 warning(s)" in html
    assert "sql-having" in html and "sql-left-join" in html
    assert "Line 18: essay questions need a human grader" in html
    assert "Line 4: no difficulty in the source; set to 2" in html
    assert rows(app, OrgItem) == []  # a dry run saves nothing
    resp = confirm(client, klass.org_id, html)
    assert resp.status_code == 302 and resp.location == f"/orgs/{klass.org_id}/banks"
    saved = rows(app, OrgItem)
    assert sorted(r.item_id for r in saved) == ["sql-having", "sql-left-join"]
    assert all(r.current_version == 1 for r in saved)
    [version] = rows(app, OrgItemVersion, OrgItemVersion.org_item_id == saved[0].id)
    assert version.data["answer"] == "A" and version.data["requirements"] == ["sql-querying"]
    page = client.get(f"/orgs/{klass.org_id}/banks").get_data(as_text=True)
    assert "2 item(s) saved to" in page and "Which SQL clause filters whole groups" in page
    # Uploading the same file again skips the unchanged items instead of duplicating them.
    html = upload(client, klass.org_id, gift).get_data(as_text=True)
    assert "item sql-having is already in the bank, unchanged" in html


def test_a_malformed_file_names_its_line_and_saves_nothing(
    app: Flask, client: FlaskClient, teacher: Teacher, upload: Upload, bank_files: Path
) -> None:
    klass = teacher()
    resp = upload(client, klass.org_id, (bank_files / "broken.gift").read_bytes(), "broken.gift")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "broken.gift, line 3: &#39;{&#39; is never closed by &#39;}&#39;" in html
    assert "Nothing was saved." in html and rows(app, OrgItem) == []


def test_moodle_xml_uploads_and_a_malformed_xml_names_its_line(
    app: Flask, client: FlaskClient, teacher: Teacher, upload: Upload, bank_files: Path
) -> None:
    klass = teacher()
    xml = (bank_files.parent / "interchange" / "moodle_docs.xml").read_bytes()
    resp = upload(client, klass.org_id, xml, "docs.xml", "moodle-xml")
    assert resp.status_code == 200 and "Check the upload: docs.xml" in resp.get_data(as_text=True)
    bad = b'<?xml version="1.0"?>\n<quiz>\n<question type="truefalse">\n<name></quiz>\n'
    resp = upload(client, klass.org_id, bad, "bad.xml", "moodle-xml")
    assert resp.status_code == 400 and "bad.xml, line 4:" in resp.get_data(as_text=True)
    assert rows(app, OrgItem) == []


def test_too_large_or_missing_file_is_refused_with_a_message(
    app: Flask, client: FlaskClient, teacher: Teacher, upload: Upload
) -> None:
    klass = teacher()
    resp = upload(client, klass.org_id, b"// x\n" * 30000)
    assert resp.status_code == 400 and "At most 128 KB." in resp.get_data(as_text=True)
    assert rows(app, OrgItem) == []
    page = client.get(f"/orgs/{klass.org_id}/banks").get_data(as_text=True)
    resp = client.post(
        f"/orgs/{klass.org_id}/banks/upload",
        data={
            "csrf_token": csrf_from(page),
            "fmt": "gift",
            "area": "sql",
            "requirement": "sql-querying",
        },
    )
    assert resp.status_code == 400 and "Choose a GIFT, Moodle XML or Aiken file." in resp.get_data(
        as_text=True
    )


def test_the_editor_saves_every_item_type(
    app: Flask,
    client: FlaskClient,
    item_case: str,
    teacher: Teacher,
    item_form: ItemForm,
    item_cases: dict[str, dict[str, Any]],
) -> None:
    klass = teacher()
    url = f"/orgs/{klass.org_id}/banks/items/new"
    resp = client.post(
        url, data=item_form(client.get(url).get_data(as_text=True), **item_cases[item_case])
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    [row] = rows(app, OrgItem)
    [version] = rows(app, OrgItemVersion)
    assert row.item_id == "sql-window" and version.data["type"] == item_cases[item_case].get(
        "type", "single_choice"
    )
    page = client.get(resp.location).get_data(as_text=True)
    assert 'fieldset class="question" disabled' in page  # the candidate's view, as a preview
    # Saving the editor's own fields back unchanged adds no version.
    assert client.post(resp.location, data=_edit_form(page)).status_code == 302
    assert len(rows(app, OrgItemVersion)) == 1


def _edit_form(page: str) -> dict[str, Any]:
    """The editor's fields as the page shows them (what a browser would post back)."""
    fields: dict[str, Any] = {"csrf_token": csrf_from(page)}
    for tag in re.findall(r"<input[^>]*>", page):
        found = re.search(r' name="(\w+)"', tag)
        value = re.search(r' value="([^"]*)"', tag)
        if not found or not value or ('type="checkbox"' in tag and " checked" not in tag):
            continue
        fields.setdefault(found[1], unescape(value[1]))
    for name, value in re.findall(
        r'<textarea[^>]* name="(\w+)"[^>]*>\n?(.*?)</textarea>', page, re.S
    ):
        fields[name] = unescape(value)
    for name, body in re.findall(r'<select[^>]* name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.findall(r'<option selected value="([^"]*)"', body)
        fields[name] = chosen if name == "requirements" else (chosen[0] if chosen else "")
    fields.pop("answer-text", None)
    return fields


def test_editor_errors_name_the_field_and_save_nothing(
    app: Flask, client: FlaskClient, teacher: Teacher, item_form: ItemForm
) -> None:
    klass = teacher()
    url = f"/orgs/{klass.org_id}/banks/items/new"
    page = client.get(url).get_data(as_text=True)
    resp = client.post(url, data=item_form(page, answer="E", explanation="Too short.", id="Bad Id"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "lower-case letters, digits and single hyphens" in html
    assert "Explanation" in html and "String should have" not in html  # short is fine here
    resp = client.post(url, data=item_form(page, answer="E"))
    assert resp.status_code == 400
    assert "answer &#39;E&#39; is not one of the options A–C" in resp.get_data(as_text=True)
    assert rows(app, OrgItem) == []


def test_live_check_returns_schema_and_quality_errors_as_json(
    app: Flask, client: FlaskClient, teacher: Teacher, item_form: ItemForm
) -> None:
    klass = teacher()
    page = client.get(f"/orgs/{klass.org_id}/banks/items/new").get_data(as_text=True)
    url = f"/orgs/{klass.org_id}/banks/validate"
    body = client.post(url, data=item_form(page, answer="Z")).get_json()
    assert body["ok"] is False and body["errors"]["answer"] == [
        "answer 'Z' is not one of the options A–C"
    ]
    clue = "Which clause always gives\nIt never does\nOnly GROUP BY does"
    body = client.post(
        url,
        data=item_form(
            page,
            options=f"SUM() OVER (ORDER BY day)\n{clue.split(chr(10))[1]}\n"
            f"{clue.split(chr(10))[2]}",
        ),
    ).get_json()
    assert body["errors"] == {} and body["ok"] is False
    assert body["quality"] == [
        "absolute words in 2 distractors (B: never; C: only) but none in the key"
    ]
    with app.app_context():
        from quiz.core.content import current_content

        ours = next(iter(current_content().items.values()))
    body = client.post(url, data=item_form(page, stem=ours.stem)).get_json()
    assert any(f"near-duplicate of item {ours.id}" in q for q in body["quality"])
    body = client.post(url, data=item_form(page)).get_json()
    assert body["ok"] is True and 'id="opt-A"' in body["preview"]
    assert client.post(url, data={"stem": "x"}).status_code == 400  # no CSRF token: JSON error


def _report(client: FlaskClient, token: str) -> dict[str, Any]:
    resp = client.get(f"/attempt/{token}/report.json")
    assert resp.status_code == 200
    return dict(json.loads(resp.get_data(as_text=True)))


def _take_all(client: FlaskClient, token: str, choice: str) -> None:
    quiz = QuizClient(client)
    quiz.token = token
    html = client.get(f"/attempt/{token}/about").get_data(as_text=True)
    client.post(f"/attempt/{token}/about", data={"csrf_token": csrf_from(html)})
    number = 1
    while True:
        page = quiz.page(number)
        quiz.answer(number, {"answer": choice})
        if "Save and finish" in page:
            break
        number += 1
    assert quiz.submit().status_code == 302


def test_org_items_are_drawn_scored_and_pinned_by_version(
    app: Flask, client: FlaskClient, uploaded: Teacher, make_user: MakeUser
) -> None:
    klass = uploaded(source="org")
    student = app.test_client()
    make_user("stu@example.org", "Stu")
    login(student, "stu@example.org")
    join(student, klass.join_code)
    token = start(student, klass.assignment_id)
    [attempt] = rows(app, Attempt)
    ids = {merged_id(klass.org_id, "sql-having"), merged_id(klass.org_id, "sql-left-join")}
    assert set(attempt.item_ids) == ids
    _take_all(student, token, "A")  # "A" is the key of both uploaded items
    before = _report(student, token)
    [querying] = [r for r in before["requirements"] if r["id"] == "sql-querying"]
    assert set(querying["item_ids"]) == ids and before["overall"]["percent"] == 100

    # The instructor changes the key of one item: a new version, the old one kept.
    [row] = rows(app, OrgItem, OrgItem.item_id == "sql-having")
    url = f"/orgs/{klass.org_id}/banks/items/{row.id}"
    fields = _edit_form(client.get(url).get_data(as_text=True))
    fields.update(options="WHERE\nHAVING\nORDER BY", answer="B")
    resp = client.post(url, data=fields)
    assert resp.status_code == 302, resp.get_data(as_text=True)
    versions = rows(app, OrgItemVersion, OrgItemVersion.org_item_id == row.id)
    assert [v.number for v in versions] == [1, 2] and versions[0].data["answer"] == "A"
    assert rows(app, OrgItem, OrgItem.id == row.id)[0].current_version == 2

    # The past report is unchanged, and so is the content its attempt pinned.
    with app.app_context():
        db.session.execute(sa.delete(ReportSnapshot))  # force a rebuild from the pinned content
        db.session.commit()
    assert _report(student, token)["overall"] == before["overall"]
    with app.app_context():
        app.extensions.pop("quiz.core.content.past", None)  # read the stored snapshot again
        pinned = content_for(attempt.bank_version)
        assert pinned.items[merged_id(klass.org_id, "sql-having")].answer == "A"
        assert content_for_source(klass.org_id, "org").version != attempt.bank_version
        # Rescoring against the current bank keeps the organisation's items (now keyed B).
        rescored = rescore(db.session.get(Attempt, attempt.id)).data
    assert rescored["overall"] == {"percent": 50, "answered": 2, "total": 2}
    assert client.get(f"/attempt/{token}/report").status_code == 404  # not the teacher's
    page = student.get(f"/attempt/{token}/review").get_data(as_text=True)
    assert "WHERE" in page and "HAVING" in page


def test_assignment_form_offers_the_source(
    app: Flask, client: FlaskClient, teacher: Teacher
) -> None:
    klass = teacher()
    url = f"/cohorts/{klass.cohort_id}/assignments/new"
    page = client.get(url).get_data(as_text=True)
    assert "The organisation&#39;s banks" in page
    form = {
        "csrf_token": csrf_from(page),
        "title": "Own questions",
        "profile": "junior-backend",
        "mode": "quick",
        "source": "both",
        "attempt_limit": "1",
    }
    assert client.post(url, data=form).status_code == 302
    assert [a.source for a in rows(app, Assignment, Assignment.title == "Own questions")] == [
        "both"
    ]


def test_org_source_without_items_tells_the_student(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class(source="org")
    make_user("stu@example.org", "Stu")
    login(client, "stu@example.org")
    join(client, klass.join_code)
    page = client.get("/home").get_data(as_text=True)
    resp = client.post(
        f"/assignments/{klass.assignment_id}/start",
        data={"csrf_token": csrf_from(page)},
        follow_redirects=True,
    )
    assert "has no questions for its role yet" in resp.get_data(as_text=True)
    assert rows(app, Attempt) == []


def test_only_the_organisations_teachers_see_its_banks(
    app: Flask, uploaded: Teacher, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = uploaded()
    [row] = rows(app, OrgItem, OrgItem.item_id == "sql-having")
    urls = [
        f"/orgs/{klass.org_id}/banks",
        f"/orgs/{klass.org_id}/banks/items/new",
        f"/orgs/{klass.org_id}/banks/items/{row.id}",
    ]
    other = app.test_client()
    make_class("other@example.org")  # a teacher of another organisation
    login(other, "other@example.org")
    student = app.test_client()
    make_user("stu@example.org", "Stu")
    login(student, "stu@example.org")
    join(student, klass.join_code)
    for visitor in (other, student):
        for url in urls:
            assert visitor.get(url).status_code == 404, url
        page = visitor.get("/home").get_data(as_text=True)
        token = {"csrf_token": csrf_from(page)}
        for url in (f"/orgs/{klass.org_id}/banks/validate", f"/orgs/{klass.org_id}/banks/upload"):
            assert visitor.post(url, data=token).status_code == 404, url
        assert visitor.post(urls[2], data=token).status_code == 404
    # Another organisation's teacher cannot reach this item through their own organisation.
    [theirs] = [o for o in rows(app, Organisation) if o.id != klass.org_id]
    assert other.get(f"/orgs/{theirs.id}/banks/items/{row.id}").status_code == 404
    assert app.test_client().get(urls[0]).status_code == 302  # anonymous: log in first


def test_a_second_confirm_saves_nothing_twice(
    app: Flask, client: FlaskClient, teacher: Teacher, upload: Upload, confirm: Confirm, gift: bytes
) -> None:
    klass = teacher()
    report = upload(client, klass.org_id, gift).get_data(as_text=True)
    assert confirm(client, klass.org_id, report).status_code == 302
    resp = confirm(client, klass.org_id, report)  # the same form posted again
    assert resp.status_code == 302
    assert "0 item(s) saved" in client.get(resp.location).get_data(as_text=True)
    assert len(rows(app, OrgItem)) == 2
    with app.app_context():
        org = db.session.get(Organisation, klass.org_id)
        current = store.current_items(klass.org_id)
        with pytest.raises(store.IdTaken):  # two saves racing for one id: the loser saves nothing
            store.save_items(org, "sql", [current[0].item], None)
    assert len(rows(app, OrgItem)) == 2 and len(rows(app, OrgItemVersion)) == 2
