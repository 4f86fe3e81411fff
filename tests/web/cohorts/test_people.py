"""People: staff invited by email (the same answer for any address; accepted by link), roles
changed, members removed (then 404 on every page of the organisation) or leaving, the last
owner kept; students removed from a cohort (attempts stay theirs) and roster entries merged."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from quiz.models import Attempt, CohortMember, Membership, OrgAudit, StaffInvitation
from tests.actions import last_mail, link_in, login, post_form, rows, signup, take
from tests.worlds.people import Enrol, Klass, MakeClass, MakeUser


def _invite(client: FlaskClient, org_id: int, email: str, role: str = "instructor") -> str:
    url = f"/orgs/{org_id}"
    resp = post_form(client, url, f"{url}/members", {"member-email": email, "member-role": role})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return str(client.get(resp.location).get_data(as_text=True))


def test_invitation_says_the_same_for_any_email_and_is_accepted_by_link(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class()
    make_user("has@example.org", "Hazel")
    login(client, "teacher@example.org")
    known = _invite(client, klass.org_id, "has@example.org")
    unknown = _invite(client, klass.org_id, "new@example.org")
    assert "An invitation is on its way to has@example.org" in known
    assert known.replace("has@", "new@").count("invitation is on its way") == unknown.count(
        "invitation is on its way"
    )
    assert "account" not in unknown.split("on its way")[1].split("</")[0]
    message = last_mail(app, "new@example.org")
    newcomer = app.test_client()  # no account yet: sign up, then the link opens the page
    resp = newcomer.get(link_in(message))
    assert resp.status_code == 302 and resp.location.startswith("/signup?next=/staff-invitations/")
    signup(newcomer, app, "Newt", "new@example.org", link_in(message))
    assert "Join Code Camp as instructor?" in newcomer.get(link_in(message)).get_data(as_text=True)
    assert "Teacher invites you to teach at Code Camp" in message["Subject"]
    assert "join Code Camp as instructor" in message.get_content()
    assert len(rows(app, StaffInvitation)) == 2 and rows(app, Membership)[0].role == "owner"
    hazel = app.test_client()
    login(hazel, "has@example.org")
    link = link_in(last_mail(app, "has@example.org"))
    page = hazel.get(link).get_data(as_text=True)
    assert "Join Code Camp as instructor?" in page
    assert post_form(hazel, link, link, {}).status_code == 400  # no confirm: nothing done
    resp = post_form(hazel, link, link, {"confirm": "yes"})
    assert resp.location == f"/orgs/{klass.org_id}"
    assert hazel.get(f"/cohorts/{klass.cohort_id}").status_code == 200
    assert hazel.get(link).status_code == 404  # used once
    actions = [r.action for r in rows(app, OrgAudit)]
    assert actions == ["staff-invited", "staff-invited", "staff-joined"]


def _second_member(app: Flask, client: FlaskClient, klass: Klass, email: str) -> FlaskClient:
    _invite(client, klass.org_id, email)
    other = app.test_client()
    login(other, email)
    link = link_in(last_mail(app, email))
    post_form(other, link, link, {"confirm": "yes"})
    return other


def test_removed_member_gets_404_on_every_page_of_the_organisation(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser, enrol: Enrol
) -> None:
    klass = make_class()
    student = enrol(klass, "ann@example.org")
    take(student, klass.assignment_id)
    [member] = rows(app, CohortMember)
    make_user("ivy@example.org", "Ivy")
    login(client, "teacher@example.org")
    ivy = _second_member(app, client, klass, "ivy@example.org")
    [ivy_row] = [m for m in rows(app, Membership) if m.role == "instructor"]
    a, c, o = klass.assignment_id, klass.cohort_id, klass.org_id
    urls = [
        f"/orgs/{o}",
        f"/orgs/{o}/banks",
        f"/orgs/{o}/leave",
        f"/cohorts/{c}",
        f"/cohorts/{c}/progress",
        f"/cohorts/{c}/assignments/new",
        f"/cohorts/{c}/archive",
        f"/cohorts/{c}/students/{member.id}/remove",
        f"/assignments/{a}",
        f"/assignments/{a}/items",
        f"/assignments/{a}/dashboard.csv",
        f"/assignments/{a}/edit",
        f"/assignments/{a}/delete",
        f"/assignments/{a}/students/{member.id}",
    ]
    assert all(ivy.get(u).status_code == 200 for u in urls)
    url = f"/orgs/{o}/members/{ivy_row.user_id}/remove"
    assert "every page of it answers" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, url, {"confirm": "yes"}).location == f"/orgs/{o}"
    assert [m.role for m in rows(app, Membership)] == ["owner"]
    assert {u: ivy.get(u).status_code for u in urls} == dict.fromkeys(urls, 404)
    # Every route of the organisation, its cohorts and assignments, with every method.
    values = {"org_id": o, "cohort_id": c, "assignment_id": a, "member_id": member.id}
    values["user_id"] = ivy_row.user_id
    answers = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/orgs/<", "/cohorts/<", "/assignments/<")):
            continue
        if rule.rule == "/assignments/<int:assignment_id>/start" or set(rule.arguments) - set(
            values
        ):
            continue  # a student's route, or one that names a webhook or a bank item
        url = rule.build(values)[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            resp = ivy.get(url) if method == "GET" else post_form(ivy, "/home", url, {})
            answers[f"{method} {url}"] = resp.status_code
    assert len(answers) > 30 and set(answers.values()) == {404}, answers
    assert "member-removed" in [r.action for r in rows(app, OrgAudit)]


def test_last_owner_can_neither_leave_nor_demote_themselves(
    app: Flask, client: FlaskClient, make_class: MakeClass, make_user: MakeUser
) -> None:
    klass = make_class()
    login(client, "teacher@example.org")
    url = f"/orgs/{klass.org_id}/leave"
    page = client.get(url).get_data(as_text=True)
    assert "Teacher is the last owner of Code Camp" in page
    assert post_form(client, url, url, {"confirm": "yes"}).status_code == 400
    role_url = f"/orgs/{klass.org_id}/members/{klass.instructor_id}/role"
    resp = post_form(client, f"/orgs/{klass.org_id}", role_url, {"role": "instructor"})
    assert "last owner" in client.get(resp.location).get_data(as_text=True)
    assert [m.role for m in rows(app, Membership)] == ["owner"]
    make_user("otto@example.org", "Otto")
    _invite(client, klass.org_id, "otto@example.org", "owner")
    otto = app.test_client()
    login(otto, "otto@example.org")
    link = link_in(last_mail(app, "otto@example.org"))
    post_form(otto, link, link, {"confirm": "yes"})
    resp = post_form(client, f"/orgs/{klass.org_id}", role_url, {"role": "instructor"})
    assert sorted(m.role for m in rows(app, Membership)) == ["instructor", "owner"]
    assert post_form(client, url, url, {"confirm": "yes"}).location == "/home"
    assert client.get(f"/orgs/{klass.org_id}").status_code == 404
    [left] = [r for r in rows(app, OrgAudit) if r.action == "member-left"]
    assert left.actor_name == "Teacher"


def test_removed_student_keeps_their_attempts(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    student = enrol(klass, "ann@example.org")
    token = take(student, klass.assignment_id)
    [member] = rows(app, CohortMember)
    login(client, "teacher@example.org")
    url = f"/cohorts/{klass.cohort_id}/students/{member.id}/remove"
    assert "stay theirs" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, url, {}).status_code == 400
    post_form(client, url, url, {"confirm": "yes"})
    assert rows(app, CohortMember) == []
    [attempt] = rows(app, Attempt)
    assert attempt.token == token and attempt.user_id is not None
    assert student.get(f"/attempt/{token}/report").status_code == 200
    assert "Week 1 check" not in student.get("/home").get_data(as_text=True)
    assert client.get(f"/assignments/{klass.assignment_id}/students/{member.id}").status_code == 404


def test_merge_an_invited_entry_into_the_joined_one(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class()
    enrol(klass, "ann.home@example.org")
    enrol(klass, "bob@example.org")
    login(client, "teacher@example.org")
    roster = b"email,name\nann.school@example.org,Ann School\n"
    post_form(
        client,
        f"/cohorts/{klass.cohort_id}",
        f"/cohorts/{klass.cohort_id}/roster",
        {"roster": (__import__("io").BytesIO(roster), "r.csv")},
    )
    by_email = {m.email: m for m in rows(app, CohortMember)}
    invited, joined = by_email["ann.school@example.org"], by_email["ann.home@example.org"]
    bob = by_email["bob@example.org"]
    url = f"/cohorts/{klass.cohort_id}/students/{joined.id}/merge"
    resp = post_form(client, url, url, {"other": bob.id, "confirm": "yes"})
    assert resp.status_code == 400 and "both joined with an account" in resp.get_data(as_text=True)
    assert len(rows(app, CohortMember)) == 3
    url = f"/cohorts/{klass.cohort_id}/students/{invited.id}/merge"
    resp = post_form(client, url, url, {"other": joined.id, "confirm": "yes"})
    assert resp.status_code == 302
    left = {m.email: m for m in rows(app, CohortMember)}
    assert set(left) == {"ann.home@example.org", "bob@example.org"}
    kept = left["ann.home@example.org"]
    assert kept.id == joined.id and kept.invited_at is not None and kept.user_id is not None
    [line] = [r for r in rows(app, OrgAudit) if r.action == "students-merged"]
    assert "ann.school@example.org" in line.detail
