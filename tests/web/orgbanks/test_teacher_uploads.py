"""Teachers' files uploaded as they are: items without explanation or reference saved with
warnings, HTML kept and shown sanitized to candidates, "No explanation given" on the review,
the editor's suggestions, and an upload over its time budget refused with nothing saved."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import OrgItem, OrgItemVersion
from tests.actions import join, login, rows, start
from tests.support import ROOT, QuizClient, csrf_from
from tests.worlds.people import Klass, MakeUser

Upload = Callable[..., Any]
Confirm = Callable[[FlaskClient, int, str], Any]
Teacher = Callable[..., Klass]
RICH = (ROOT / "tests" / "fixtures" / "interchange" / "teacher" / "rich.xml").read_bytes()
TWO_CHOICES = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>sql-joins</text></name>
    <questiontext format="html"><text><![CDATA[<h2>Tables</h2><ul><li>a: 3 rows</li>
      <li>b: 4 rows</li></ul><script>alert("hi")</script><p>Which join keeps every row of a?</p>
      ]]></text></questiontext>
    <answer fraction="100"><text>LEFT JOIN</text></answer>
    <answer fraction="0"><text>INNER JOIN</text></answer>
  </question>
  <question type="multichoice">
    <name><text>sql-having</text></name>
    <questiontext format="html"><text><![CDATA[<p>Which clause filters <b>groups</b>?</p>]]>
      </text></questiontext>
    <answer fraction="100"><text>HAVING</text></answer>
    <answer fraction="0"><text>WHERE</text></answer>
    <answer fraction="0"><text>LIMIT</text></answer>
  </question>
</quiz>
"""


def test_a_teachers_file_without_feedback_imports_with_warnings(
    app: Flask, client: FlaskClient, teacher: Teacher, upload: Upload, confirm: Confirm
) -> None:
    klass = teacher()
    resp = upload(client, klass.org_id, RICH, name="moodle.xml", fmt="moodle-xml")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "9 question(s): <strong>8 item(s)</strong>" in page
    assert "Line 94: matching questions have no equivalent type here" in page
    assert "Line 47: lost in the import: an image (Moodle 1.9&#39;s &lt;image&gt; field)" in page
    assert "Line 57: no feedback to use as the explanation" in page
    assert rows(app, OrgItem) == []
    assert confirm(client, klass.org_id, page).status_code == 302
    saved = {v.data["stem"][:20]: v.data for v in rows(app, OrgItemVersion)}
    assert len(saved) == 8
    join_kinds = next(d for d in saved.values() if d["stem"].startswith("<p><strong>Two"))
    assert join_kinds["text_format"] == "html" and "alert" not in join_kinds["stem"]
    bank = client.get(f"/orgs/{klass.org_id}/banks").get_data(as_text=True)
    preview = " ".join(re.findall(r"<td>(Two tables.*?)</td>", bank, re.S)[0].split())
    assert preview.startswith("Two tables a b 1 2 Which join keeps")  # plain text, no markup


def test_an_upload_over_its_time_budget_is_refused_and_saves_nothing(
    app: Flask, client: FlaskClient, teacher: Teacher, upload: Upload
) -> None:
    klass = teacher()
    app.config["IMPORT_TIME_BUDGET"] = 0.0
    try:
        resp = upload(client, klass.org_id, RICH, name="moodle.xml", fmt="moodle-xml")
    finally:
        app.config["IMPORT_TIME_BUDGET"] = 2.0
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "moodle.xml: reading it took longer than 0 seconds, so it was stopped." in page
    assert "Nothing was saved. Split it into smaller files" in page
    assert rows(app, OrgItem) == []


def test_other_encodings_get_a_form_error_naming_the_file(
    app: Flask, client: FlaskClient, teacher: Teacher, upload: Upload
) -> None:
    klass = teacher()
    data = "Which?\nA. a\nB. b\nANSWER: A\n".encode("utf-16")
    page = upload(client, klass.org_id, data, name="quiz.txt", fmt="aiken").get_data(as_text=True)
    assert "quiz.txt, line 1: the file is UTF-16 text, not UTF-8; save it as UTF-8" in page
    assert "Nothing was saved." in page and rows(app, OrgItem) == []


def test_candidates_see_sanitized_html_and_no_explanation_given(
    app: Flask,
    client: FlaskClient,
    teacher: Teacher,
    upload: Upload,
    confirm: Confirm,
    make_user: MakeUser,
) -> None:
    klass = teacher(source="org")
    page = upload(client, klass.org_id, TWO_CHOICES, name="two.xml", fmt="moodle-xml")
    assert confirm(client, klass.org_id, page.get_data(as_text=True)).status_code == 302
    student = app.test_client()
    make_user("stu@example.org", "Stu")
    login(student, "stu@example.org")
    join(student, klass.join_code)
    quiz = QuizClient(student)
    quiz.token = start(student, klass.assignment_id)
    html = student.get(f"/attempt/{quiz.token}/about").get_data(as_text=True)
    student.post(f"/attempt/{quiz.token}/about", data={"csrf_token": csrf_from(html)})
    shown = [quiz.page(1), quiz.page(2)]
    block = next(p for p in shown if "LEFT JOIN" in p)
    assert re.search(r'<legend><h1 class="stem">Question \d</h1></legend>', block)
    assert '<div class="stem rich"><p><strong>Tables</strong></p><ul><li>a: 3 rows</li>' in block
    assert 'alert("hi")' not in block and "<script>" not in block
    inline = next(p for p in shown if "HAVING" in p)
    assert '<h1 class="stem">Which clause filters <b>groups</b>?</h1>' in inline
    for number in (1, 2):
        quiz.answer(number, {"answer": "A"}, nav="finish" if number == 2 else "next")
    assert quiz.submit().status_code == 302
    review = student.get(f"/attempt/{quiz.token}/review").get_data(as_text=True)
    assert review.count("No explanation given.") == 2
    assert "Reference documentation" not in review  # no reference: no empty link
    assert "<ul><li>a: 3 rows</li>" in review and 'alert("hi")' not in review


def test_the_editor_suggests_the_missing_explanation_and_reference(
    client: FlaskClient, teacher: Teacher, item_form: Callable[..., dict[str, Any]]
) -> None:
    klass = teacher()
    url = f"/orgs/{klass.org_id}/banks/items/new"
    page = client.get(url).get_data(as_text=True)
    fields = item_form(page, explanation="", reference="", options="LEFT\nINNER")
    live = client.post(f"/orgs/{klass.org_id}/banks/validate", data=fields).get_json()
    assert live["ok"] is True and live["errors"] == {}
    assert live["suggestions"] == [
        "Add an explanation: why the key is right and the others are wrong. Until then the "
        "review page says “No explanation given”.",
        "Add a reference URL: the page a candidate can learn from.",
    ]
    saved = client.post(url, data=fields)
    assert saved.status_code == 302
    edited = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Suggestions (the item can be saved without them):" in edited
    assert "Add a reference URL" in edited
