"""A bootcamp's second day in Chromium: the instructor sets an assignment due in the past
(warned, then confirmed), edits it, invites a co-instructor by email (who accepts, is removed
and then gets 404 on the organisation's pages), removes a student, merges a student's two
roster entries, sends reminders, and reads the dashboard and the item analysis of a 3-student
class on a fixed-form assignment. Every page passes axe and is screenshotted."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from quiz.extensions import db
from quiz.models import CohortMember, Membership, StaffInvitation
from quiz.models.base import utcnow
from tests.actions import PASSWORD, last_mail, link_in, rows, take
from tests.e2e.test_classroom import shoot
from tests.worlds.people import Enrol, Klass, MakeClass, MakeUser

pytestmark = pytest.mark.e2e


def _class(app: Flask, make_class: MakeClass, enrol: Enrol) -> Klass:
    """A fixed-form assignment three students submitted, two who never started (Zed and
    Dee), and Ann's second entry (invited with her school email)."""
    klass = make_class(fixed_form=True)
    for email, choice in [("ann@", "B"), ("bea@", "A"), ("cal@", "C")]:
        take(enrol(klass, f"{email}example.org"), klass.assignment_id, choice)
    enrol(klass, "zed@example.org")
    enrol(klass, "dee@example.org")
    with app.app_context():
        db.session.add(
            CohortMember(
                cohort_id=klass.cohort_id,
                email="ann.school@example.org",
                name="Ann at school",
                invited_at=utcnow(),
            )
        )
        db.session.commit()
    return klass


def _log_in(page: Page, base: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill("teacher@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _past_due_assignment(page: Page, shots: Path) -> None:
    page.get_by_role("link", name="New assignment").click()
    page.get_by_label("Title").fill("Catch-up check")
    page.get_by_label("Target role").select_option("junior-backend")
    past = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Due (UTC)").fill(past)
    page.get_by_role("button", name="Set the assignment").click()
    warning = page.get_by_test_id("past-due")
    expect(warning).to_contain_text("This due date is in the past")
    shoot(page, shots, "classday-past-due")
    page.get_by_label("Yes, the due date is in the past on purpose").check()
    page.get_by_role("button", name="Set the assignment").click()
    expect(page.get_by_role("heading", name="Catch-up check")).to_be_visible()
    page.get_by_role("link", name="Edit", exact=True).click()
    shoot(page, shots, "classday-edit")
    page.get_by_label("Attempts allowed").fill("2")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("status")).to_contain_text("attempt(s) made are kept")
    expect(page.get_by_text("2 attempt(s)")).to_be_visible()


def _accept(browser: Browser, base: str, link: str, shots: Path) -> Page:
    """The invitee logs in in a browser of their own and accepts the emailed invitation."""
    co = browser.new_context().new_page()
    co.goto(base + "/login")
    co.get_by_label("Email").fill("co@example.org")
    co.get_by_label("Password").fill(PASSWORD)
    co.get_by_role("button", name="Log in").click()
    co.goto(base + link)
    expect(co.get_by_role("heading", name="Join Code Camp as instructor?")).to_be_visible()
    shoot(co, shots, "classday-staff-invitation")
    co.get_by_role("button", name="Accept the invitation").click()
    return co


def test_second_day_of_a_bootcamp(
    app: Flask,
    live_server: str,
    browser: Browser,
    page: Page,
    screenshot_dir: Path,
    make_class: MakeClass,
    make_user: MakeUser,
    enrol: Enrol,
) -> None:
    shots = screenshot_dir
    klass = _class(app, make_class, enrol)
    make_user("co@example.org", "Cora")
    _log_in(page, live_server)
    page.goto(f"{live_server}/cohorts/{klass.cohort_id}")
    _past_due_assignment(page, shots)

    # A co-instructor, invited by email.
    page.goto(f"{live_server}/orgs/{klass.org_id}")
    page.get_by_label("Email").fill("co@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("An invitation is on its way to co@example.org")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_contain_text("co@example.org")
    expect(page.get_by_test_id("audit-log")).to_contain_text("staff invited")
    shoot(page, shots, "classday-org")
    invitation_mail = last_mail(app, "co@example.org")
    assert invitation_mail["Subject"] == "Teacher invites you to teach at Code Camp"
    [invitation] = rows(app, StaffInvitation)
    assert invitation.accepted_at is None and len(rows(app, Membership)) == 1
    co = _accept(browser, live_server, link_in(invitation_mail), shots)
    expect(co.get_by_role("heading", name="Code Camp")).to_be_visible()
    assert co.goto(f"{live_server}/cohorts/{klass.cohort_id}").status == 200

    # Removed, the co-instructor gets 404 on every page of the organisation.
    page.reload()
    page.get_by_role("link", name="Remove Cora").click()
    shoot(page, shots, "classday-remove-member")
    page.get_by_role("button", name="Remove the member").click()
    expect(page.get_by_text("Cora no longer belongs to Code Camp.")).to_be_visible()
    for url in [
        f"/orgs/{klass.org_id}",
        f"/cohorts/{klass.cohort_id}",
        f"/assignments/{klass.assignment_id}",
        f"/assignments/{klass.assignment_id}/items",
    ]:
        response = co.goto(live_server + url)
        assert response is not None and response.status == 404, url
    co.context.close()

    # Zed leaves the roster; Ann's two entries become one.
    page.goto(f"{live_server}/cohorts/{klass.cohort_id}")
    page.get_by_role("link", name="Remove Zed").click()
    expect(page.get_by_text("Their attempts and reports stay theirs")).to_be_visible()
    shoot(page, shots, "classday-remove-student")
    page.get_by_role("button", name="Remove from the roster").click()
    page.get_by_role("link", name="Merge Ann at school with another entry").click()
    other = page.get_by_label("The same person's other entry")
    other.select_option(label="Ann <ann@example.org> (joined)")
    shoot(page, shots, "classday-merge")
    page.get_by_role("button", name="Merge the two entries").click()
    expect(page.get_by_text("The two entries are one now: Ann.")).to_be_visible()
    roster = {m.email for m in rows(app, CohortMember)}
    assert roster == {"ann@example.org", "bea@example.org", "cal@example.org", "dee@example.org"}
    shoot(page, shots, "classday-cohort")

    # Reminders: Dee has not started (Ann's school entry was merged, Zed removed).
    page.goto(f"{live_server}/assignments/{klass.assignment_id}")
    page.get_by_role("link", name="Remind students").click()
    expect(page.get_by_test_id("remind-not-started")).to_have_text(re.compile("^Dee <dee@"))
    shoot(page, shots, "classday-remind")
    page.get_by_label("who have not submitted (not started or in progress)").check()
    page.get_by_role("button", name="Send the reminders").click()
    expect(page.get_by_role("status")).to_contain_text("1 reminder(s) sent")
    reminder = last_mail(app, "dee@example.org")
    assert "Teacher, your instructor at Code Camp" in reminder.get_content()

    # The 3-student class on its fixed-form assignment.
    page.goto(f"{live_server}/assignments/{klass.assignment_id}")
    expect(page.get_by_test_id("counts")).to_contain_text("3 submitted")
    expect(page.get_by_test_id("class-n")).to_contain_text("n = 3")
    expect(page.get_by_test_id("distribution")).to_be_visible()
    shoot(page, shots, "classday-dashboard")
    page.get_by_role("link", name="Item analysis").click()
    expect(page.get_by_test_id("form-kind")).to_contain_text("Same questions for everyone")
    expect(page.get_by_test_id("form-stats")).to_contain_text("3: every submitted attempt")
    table = page.get_by_test_id("item-table")
    expect(table.get_by_test_id("too-few").first).to_be_visible()
    expect(table.get_by_test_id("flag")).to_have_count(0)
    shoot(page, shots, "classday-items")
