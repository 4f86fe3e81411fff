"""The matrix's lines for the site's pages: one per URL rule, with who may use it.

``FIRST`` and ``LAST`` order the cells that change the world the other cells rely on.
"""

from __future__ import annotations

from tests.security.rules import (
    INVITEE_A,
    ORG_OWNER_X,
    ORG_RECRUITER_X,
    ORG_RECRUITING_OWNER_X,
    ORG_TEACHER_X,
    OWNER_OF_ATTEMPT,
    OWNER_OF_TOKEN_A,
    PUBLIC,
    RECRUITERS,
    SIGNED_IN,
    SIGNED_IN_VIA_SIGNUP,
    SITE_ADMIN,
    STUDENT_OF_COHORT_X,
    TOKEN_HOLDER,
    Entry,
    Url,
)


def attempt(suffix: str) -> Url:
    """A URL under candidate A's attempt."""
    return lambda w: f"/attempt/{w.a_token}{suffix}"


def banks(suffix: str) -> Url:
    """A URL under org X's banks."""
    return lambda w: f"/orgs/{w.x.org_id}/banks{suffix}"


def company(suffix: str) -> Url:
    """A URL under company X's recruiting page."""
    return lambda w: f"/recruit/orgs/{w.hiring.company_x_id}{suffix}"


def position(suffix: str) -> Url:
    """A URL under company X's position."""
    return lambda w: f"/recruit/positions/{w.hiring.position_id}{suffix}"


def hook(suffix: str) -> Url:
    """A URL under org X's webhook."""
    return lambda w: f"/orgs/{w.x.org_id}/webhooks/{w.integrations.hook_id}{suffix}"


def candidate(suffix: str) -> Url:
    """A URL under A's candidate page of company X's position."""
    return lambda w: f"/recruit/candidates/{w.hiring.a_invitation_id}{suffix}"


def invitation(suffix: str) -> Url:
    """A URL under the link of company X's pending invitation."""
    return lambda w: f"/recruit/i/{w.hiring.invite_token}{suffix}"


PAGES: dict[str, Entry] = {
    "/": Entry(lambda w: "/", PUBLIC),
    # Accounts
    "/signup": Entry(lambda w: "/signup", PUBLIC, "Create"),
    "/signup/confirm/<token>": Entry(lambda w: "/signup/confirm/not-a-token", PUBLIC),
    "/login": Entry(lambda w: "/login", PUBLIC, "Log in"),
    "/logout": Entry(lambda w: "/logout", PUBLIC),
    "/password/forgot": Entry(lambda w: "/password/forgot", PUBLIC),
    "/password/reset/<token>": Entry(lambda w: "/password/reset/not-a-token", PUBLIC),
    "/account/": Entry(lambda w: "/account/", SIGNED_IN, "Who viewed your reports"),
    "/account/claim": Entry(lambda w: "/account/claim", SIGNED_IN),
    "/account/password": Entry(lambda w: "/account/password", SIGNED_IN),
    "/account/export.json": Entry(lambda w: "/account/export.json", SIGNED_IN, '"account"'),
    "/account/delete": Entry(lambda w: "/account/delete", SIGNED_IN),
    "/account/tokens": Entry(lambda w: "/account/tokens", SIGNED_IN),
    "/account/tokens/<int:token_id>/revoke": Entry(
        lambda w: f"/account/tokens/{w.integrations.a_spare_token_id}/revoke", OWNER_OF_TOKEN_A
    ),
    # Taking a quiz
    "/start": Entry(lambda w: "/start", PUBLIC),
    "/resume/<resume_token>": Entry(lambda w: f"/resume/{w.a_resume_token}", TOKEN_HOLDER),
    "/attempt/<token>/about": Entry(attempt("/about"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/q/<int:number>": Entry(attempt("/q/1"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/q/<int:number>/autosave": Entry(attempt("/q/1/autosave"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/finish": Entry(attempt("/finish"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/continue": Entry(attempt("/continue"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/submit": Entry(attempt("/submit"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/events": Entry(attempt("/events"), OWNER_OF_ATTEMPT),
    # Reports
    "/attempt/<token>/report": Entry(attempt("/report"), OWNER_OF_ATTEMPT, "Share"),
    "/attempt/<token>/report.json": Entry(attempt("/report.json"), OWNER_OF_ATTEMPT, "overall"),
    "/attempt/<token>/report.csv": Entry(attempt("/report.csv"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/review": Entry(attempt("/review"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/shares": Entry(attempt("/shares"), OWNER_OF_ATTEMPT),
    "/attempt/<token>/shares/<int:link_id>/revoke": Entry(
        lambda w: f"/attempt/{w.a_token}/shares/{w.share_id}/revoke", OWNER_OF_ATTEMPT
    ),
    "/shared/<share_token>": Entry(lambda w: f"/shared/{w.share_token}", TOKEN_HOLDER),
    "/history": Entry(lambda w: "/history", PUBLIC),
    # Students in cohorts
    "/home": Entry(lambda w: "/home", SIGNED_IN),
    "/join": Entry(lambda w: "/join", SIGNED_IN_VIA_SIGNUP),
    "/join/<code>": Entry(lambda w: f"/join/{w.x.join_code}", SIGNED_IN_VIA_SIGNUP),
    "/assignments/<int:assignment_id>/start": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/start", STUDENT_OF_COHORT_X
    ),
    # Instructors of org X
    "/orgs/new": Entry(lambda w: "/orgs/new", SIGNED_IN),
    "/orgs/<int:org_id>": Entry(lambda w: f"/orgs/{w.x.org_id}", ORG_TEACHER_X, "Code Camp"),
    "/orgs/<int:org_id>/cohorts": Entry(lambda w: f"/orgs/{w.x.org_id}/cohorts", ORG_TEACHER_X),
    "/orgs/<int:org_id>/members": Entry(lambda w: f"/orgs/{w.x.org_id}/members", ORG_OWNER_X),
    "/cohorts/<int:cohort_id>": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}", ORG_TEACHER_X, "Spring cohort"
    ),
    "/cohorts/<int:cohort_id>/roster": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/roster", ORG_TEACHER_X
    ),
    "/cohorts/<int:cohort_id>/assignments/new": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/assignments/new", ORG_TEACHER_X
    ),
    "/cohorts/<int:cohort_id>/progress": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/progress", ORG_TEACHER_X
    ),
    "/assignments/<int:assignment_id>": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}", ORG_TEACHER_X, "Week 1 check"
    ),
    "/assignments/<int:assignment_id>/dashboard.csv": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/dashboard.csv", ORG_TEACHER_X
    ),
    "/assignments/<int:assignment_id>/items": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/items", ORG_TEACHER_X
    ),
    "/assignments/<int:assignment_id>/students/<int:member_id>": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/students/{w.a_member_id}",
        ORG_TEACHER_X,
        "Candidate A",
    ),
    "/assignments/<int:assignment_id>/students/<int:member_id>/answers": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/students/{w.a_member_id}/answers",
        ORG_TEACHER_X,
        "Their answer",
    ),
    "/assignments/<int:assignment_id>/students/<int:member_id>/terms": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/students/{w.a_member_id}/terms",
        ORG_TEACHER_X,
    ),
    "/assignments/<int:assignment_id>/students/<int:member_id>/extra-time": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/students/{w.a_member_id}/extra-time",
        ORG_TEACHER_X,
    ),
    # Correcting a class: each POST acts only with the confirmation page's ``confirm``
    "/assignments/<int:assignment_id>/edit": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/edit", ORG_TEACHER_X, "Week 1 check"
    ),
    "/assignments/<int:assignment_id>/duplicate": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/duplicate", ORG_TEACHER_X, "(copy)"
    ),
    "/assignments/<int:assignment_id>/close": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/close", ORG_TEACHER_X, "Close"
    ),
    "/assignments/<int:assignment_id>/delete": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/delete", ORG_TEACHER_X, "Delete"
    ),
    "/assignments/<int:assignment_id>/remind": Entry(
        lambda w: f"/assignments/{w.x.assignment_id}/remind", ORG_TEACHER_X, "Remind students"
    ),
    "/cohorts/<int:cohort_id>/archive": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/archive", ORG_TEACHER_X, "Archive"
    ),
    "/cohorts/<int:cohort_id>/join-code": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/join-code", ORG_TEACHER_X, "new join code"
    ),
    # People of org X and cohort X (the member routes name instructor X, the last owner)
    "/staff-invitations/<token>": Entry(
        lambda w: f"/staff-invitations/{w.staff_token}", SIGNED_IN_VIA_SIGNUP, "Join Code Camp"
    ),
    "/orgs/<int:org_id>/members/<int:user_id>/role": Entry(
        lambda w: f"/orgs/{w.x.org_id}/members/{w.x.instructor_id}/role", ORG_OWNER_X
    ),
    "/orgs/<int:org_id>/members/<int:user_id>/remove": Entry(
        lambda w: f"/orgs/{w.x.org_id}/members/{w.x.instructor_id}/remove",
        ORG_OWNER_X,
        "last owner",
    ),
    "/orgs/<int:org_id>/time-zone": Entry(lambda w: f"/orgs/{w.x.org_id}/time-zone", ORG_OWNER_X),
    "/orgs/<int:org_id>/leave": Entry(lambda w: f"/orgs/{w.x.org_id}/leave", ORG_TEACHER_X),
    "/cohorts/<int:cohort_id>/students/<int:member_id>/remove": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/students/{w.a_member_id}/remove",
        ORG_TEACHER_X,
        "Candidate A",
    ),
    "/cohorts/<int:cohort_id>/students/<int:member_id>/merge": Entry(
        lambda w: f"/cohorts/{w.x.cohort_id}/students/{w.a_member_id}/merge",
        ORG_TEACHER_X,
        "Candidate A",
    ),
    # Org X's webhooks
    "/orgs/<int:org_id>/webhooks": Entry(
        lambda w: f"/orgs/{w.x.org_id}/webhooks", ORG_OWNER_X, "https://hooks.example.org/quiz"
    ),
    "/orgs/<int:org_id>/webhooks/<int:hook_id>/rotate": Entry(hook("/rotate"), ORG_OWNER_X),
    "/orgs/<int:org_id>/webhooks/<int:hook_id>/deliveries": Entry(
        hook("/deliveries"), ORG_OWNER_X, "Deliveries to https://hooks.example.org/quiz"
    ),
    "/orgs/<int:org_id>/webhooks/<int:hook_id>/delete": Entry(
        hook("/delete"), ORG_OWNER_X, "Delete the webhook"
    ),
    "/orgs/<int:org_id>/webhooks/<int:hook_id>/test": Entry(hook("/test"), ORG_OWNER_X),
    # Org X's own banks
    "/orgs/<int:org_id>/banks": Entry(banks(""), ORG_TEACHER_X, "org-x-own-item"),
    "/orgs/<int:org_id>/banks/items/new": Entry(banks("/items/new"), ORG_TEACHER_X),
    "/orgs/<int:org_id>/banks/items/<int:pk>": Entry(
        lambda w: f"/orgs/{w.x.org_id}/banks/items/{w.hiring.bank_item_pk}",
        ORG_TEACHER_X,
        "org-x-own-item",
    ),
    "/orgs/<int:org_id>/banks/validate": Entry(banks("/validate"), ORG_TEACHER_X),
    "/orgs/<int:org_id>/banks/upload": Entry(banks("/upload"), ORG_TEACHER_X),
    "/orgs/<int:org_id>/banks/upload/confirm": Entry(banks("/upload/confirm"), ORG_TEACHER_X),
    # Recruiters of company X
    "/recruit/": Entry(lambda w: "/recruit/", RECRUITERS),  # one company: a redirect to it
    "/recruit/orgs/<int:org_id>": Entry(company(""), ORG_RECRUITER_X, "Acme Hiring"),
    "/recruit/orgs/<int:org_id>/retention": Entry(company("/retention"), ORG_RECRUITING_OWNER_X),
    "/recruit/orgs/<int:org_id>/positions/new": Entry(company("/positions/new"), ORG_RECRUITER_X),
    "/recruit/orgs/<int:org_id>/positions/from-jd": Entry(
        company("/positions/from-jd"), ORG_RECRUITER_X
    ),
    "/recruit/orgs/<int:org_id>/positions/from-jd/save": Entry(
        company("/positions/from-jd/save"), ORG_RECRUITER_X
    ),
    "/recruit/positions/<int:position_id>": Entry(position(""), ORG_RECRUITER_X, "a@example.org"),
    "/recruit/positions/<int:position_id>/settings": Entry(position("/settings"), ORG_RECRUITER_X),
    "/recruit/positions/<int:position_id>/invitations": Entry(
        position("/invitations"), ORG_RECRUITER_X
    ),
    "/recruit/positions/<int:position_id>/invitations/csv": Entry(
        position("/invitations/csv"), ORG_RECRUITER_X
    ),
    "/recruit/positions/<int:position_id>/remind": Entry(position("/remind"), ORG_RECRUITER_X),
    "/recruit/positions/<int:position_id>/public-link": Entry(
        position("/public-link"), ORG_RECRUITER_X
    ),
    "/recruit/positions/<int:position_id>/close": Entry(position("/close"), ORG_RECRUITER_X),
    "/recruit/positions/<int:position_id>/edit": Entry(
        position("/edit"), ORG_RECRUITER_X, "Requirements ("
    ),
    "/recruit/positions/<int:position_id>/pipeline": Entry(
        position("/pipeline"), ORG_RECRUITER_X, "a@example.org"
    ),
    "/recruit/positions/<int:position_id>/pipeline.csv": Entry(
        position("/pipeline.csv"), ORG_RECRUITER_X, "a@example.org"
    ),
    "/recruit/positions/<int:position_id>/compare": Entry(
        lambda w: (
            f"/recruit/positions/{w.hiring.position_id}/compare?candidate="
            f"{w.hiring.a_invitation_id}&candidate={w.hiring.pending_invitation_id}"
        ),
        ORG_RECRUITER_X,
        "At least two of the chosen candidates need a result you may see",
    ),
    "/recruit/candidates/<int:invitation_id>": Entry(
        candidate(""), ORG_RECRUITER_X, "a@example.org"
    ),
    "/recruit/candidates/<int:invitation_id>/notes": Entry(candidate("/notes"), ORG_RECRUITER_X),
    "/recruit/candidates/<int:invitation_id>/decision": Entry(
        candidate("/decision"), ORG_RECRUITER_X
    ),
    "/recruit/invitations/<int:invitation_id>/remind": Entry(
        lambda w: f"/recruit/invitations/{w.hiring.a_invitation_id}/remind", ORG_RECRUITER_X
    ),
    # Candidates: invitation links, the public link, withdrawing
    "/recruit/i/<token>": Entry(invitation(""), TOKEN_HOLDER, "Backend engineer at Acme"),
    "/recruit/i/<token>/consent": Entry(invitation("/consent"), TOKEN_HOLDER),  # no account needed
    "/recruit/i/<token>/attach": Entry(invitation("/attach"), SIGNED_IN),  # and the link
    "/recruit/i/<token>/decline": Entry(invitation("/decline"), TOKEN_HOLDER),
    "/recruit/i/<token>/answers": Entry(invitation("/answers"), TOKEN_HOLDER),
    "/recruit/i/<token>/withdraw": Entry(invitation("/withdraw"), TOKEN_HOLDER),
    "/recruit/p/<slug>": Entry(lambda w: f"/recruit/p/{w.hiring.public_slug}", TOKEN_HOLDER),
    "/recruit/invitations/<int:invitation_id>/withdraw": Entry(
        lambda w: f"/recruit/invitations/{w.hiring.a_invitation_id}/withdraw",
        INVITEE_A,
        "Withdraw from Backend engineer at Acme",
    ),
    # Site administration
    "/admin/report-views": Entry(lambda w: "/admin/report-views", SITE_ADMIN, "audit log"),
}

# Run first: holding A's resume link must not open A's other pages afterwards.
FIRST = ("/resume/<resume_token>",)
# Run last: these change the actor's session or the world the other cells rely on.
# Declining ends the pending invitation; the public link reuses the actor's invitation and
# renews its link, as do the reminders; then the public link and the position close; A
# withdraws; the webhooks are deleted (page, then API); the join link puts whoever holds it
# in cohort X; revoking ends the share link; logging out ends the session.
LAST = (
    "/recruit/i/<token>/decline",
    "/recruit/p/<slug>",
    "/recruit/positions/<int:position_id>/remind",
    "/recruit/positions/<int:position_id>/public-link",
    "/recruit/positions/<int:position_id>/close",
    "/recruit/invitations/<int:invitation_id>/withdraw",
    "/orgs/<int:org_id>/webhooks/<int:hook_id>/delete",
    "/api/v1/organisations/<int:org_id>/webhooks/<int(max=2147483647):hook_id>",
    "/join/<code>",
    "/attempt/<token>/shares/<int:link_id>/revoke",
    "/logout",
)
