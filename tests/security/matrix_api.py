"""The matrix's lines for the JSON API at ``/api/v1``: one per URL rule.

Each actor calls with its own bearer token (every scope), the anonymous visitor with none;
the test also repeats each call with the actor's browser session alone, which must get 401.
"""

from __future__ import annotations

from tests.security.rules import (
    API_ORG_OWNER_X,
    API_ORG_RECRUITER_X,
    API_ORG_TEACHER_X,
    API_OWNER_OF_ATTEMPT,
    API_PUBLIC,
    API_TOKEN,
    Entry,
    Url,
)

API = "/api/v1"
INT = "int(max=2147483647)"


def a_attempt(suffix: str) -> Url:
    """An API URL under candidate A's cohort attempt."""
    return lambda w: f"{API}/attempts/{w.a_token}{suffix}"


API_LINES: dict[str, Entry] = {
    f"{API}/openapi.json": Entry(lambda w: f"{API}/openapi.json", API_PUBLIC, '"openapi"'),
    f"{API}/docs": Entry(lambda w: f"{API}/docs", API_PUBLIC),
    f"{API}/docs/assets/<name>": Entry(lambda w: f"{API}/docs/assets/swagger-ui.css", API_PUBLIC),
    f"{API}/profiles": Entry(lambda w: f"{API}/profiles", API_TOKEN, "junior-backend"),
    f"{API}/profiles/<profile_id>": Entry(
        lambda w: f"{API}/profiles/junior-backend", API_TOKEN, "requirements"
    ),
    f"{API}/attempts": Entry(lambda w: f"{API}/attempts", API_TOKEN, "next_cursor"),
    f"{API}/attempts/<token>": Entry(a_attempt(""), API_OWNER_OF_ATTEMPT, "question_count"),
    f"{API}/attempts/<token>/questions/current": Entry(
        a_attempt("/questions/current"), API_OWNER_OF_ATTEMPT
    ),
    f"{API}/attempts/<token>/questions/<{INT}:number>": Entry(
        a_attempt("/questions/1"), API_OWNER_OF_ATTEMPT
    ),
    f"{API}/attempts/<token>/questions/<{INT}:number>/answer": Entry(
        a_attempt("/questions/1/answer"), API_OWNER_OF_ATTEMPT
    ),
    f"{API}/attempts/<token>/submit": Entry(a_attempt("/submit"), API_OWNER_OF_ATTEMPT),
    f"{API}/attempts/<token>/report": Entry(a_attempt("/report"), API_OWNER_OF_ATTEMPT, "overall"),
    f"{API}/cohorts": Entry(lambda w: f"{API}/cohorts", API_TOKEN, "next_cursor"),
    f"{API}/cohorts/<{INT}:cohort_id>": Entry(
        lambda w: f"{API}/cohorts/{w.x.cohort_id}", API_ORG_TEACHER_X, "Spring cohort"
    ),
    f"{API}/cohorts/<{INT}:cohort_id>/assignments": Entry(
        lambda w: f"{API}/cohorts/{w.x.cohort_id}/assignments", API_ORG_TEACHER_X, "Week 1 check"
    ),
    f"{API}/assignments/<{INT}:assignment_id>": Entry(
        lambda w: f"{API}/assignments/{w.x.assignment_id}", API_ORG_TEACHER_X, "Week 1 check"
    ),
    f"{API}/assignments/<{INT}:assignment_id>/results": Entry(
        lambda w: f"{API}/assignments/{w.x.assignment_id}/results", API_ORG_TEACHER_X, "Candidate A"
    ),
    f"{API}/positions": Entry(lambda w: f"{API}/positions", API_TOKEN, "next_cursor"),
    f"{API}/positions/<{INT}:position_id>": Entry(
        lambda w: f"{API}/positions/{w.hiring.position_id}",
        API_ORG_RECRUITER_X,
        "Backend engineer at Acme",
    ),
    f"{API}/positions/<{INT}:position_id>/pipeline": Entry(
        lambda w: f"{API}/positions/{w.hiring.position_id}/pipeline",
        API_ORG_RECRUITER_X,
        '"submitted"',
    ),
    f"{API}/organisations/<int:org_id>/webhooks": Entry(
        lambda w: f"{API}/organisations/{w.x.org_id}/webhooks",
        API_ORG_OWNER_X,
        "hooks.example.org",
        body={"url": "https://hooks.example.org/matrix"},
    ),
    f"{API}/organisations/<int:org_id>/webhooks/<{INT}:hook_id>": Entry(
        lambda w: f"{API}/organisations/{w.x.org_id}/webhooks/{w.integrations.api_hook_id}",
        API_ORG_OWNER_X,
    ),
    f"{API}/organisations/<int:org_id>/webhooks/<{INT}:hook_id>/deliveries": Entry(
        lambda w: f"{API}/organisations/{w.x.org_id}/webhooks/{w.integrations.hook_id}/deliveries",
        API_ORG_OWNER_X,
        "next_cursor",
    ),
}
