"""The rules of the authorization matrix: who may use a route, and how the matrix reaches it.

A rule names the actors allowed and what an anonymous visitor who is not allowed gets. The
API rules answer 401 to a caller without a token; the test also checks that a signed-in
browser session without a token gets 401 from every API route but the public ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.security.world import (
    ACTORS,
    ADMIN,
    ANONYMOUS,
    CANDIDATE_A,
    COMPANY_OWNER_X,
    INSTRUCTOR_X,
    OTHER_RECRUITER,
    RECRUITER_X,
    World,
)

ALL_ACTORS = frozenset(ACTORS)
SIGNED_IN_ACTORS = ALL_ACTORS - {ANONYMOUS}


@dataclass(frozen=True)
class Rule:
    """Who may use a route, and what an anonymous visitor who may not gets."""

    name: str
    allowed: frozenset[str]
    anonymous: str = "login"  # "login", "signup" (redirect there), "404" or "401" (API)


PUBLIC = Rule("PUBLIC", ALL_ACTORS)
TOKEN_HOLDER = Rule("TOKEN_HOLDER", ALL_ACTORS)  # anyone who has the secret link
SIGNED_IN = Rule("SIGNED_IN", SIGNED_IN_ACTORS)
SIGNED_IN_VIA_SIGNUP = Rule("SIGNED_IN_VIA_SIGNUP", SIGNED_IN_ACTORS, anonymous="signup")
OWNER_OF_ATTEMPT = Rule("OWNER_OF_ATTEMPT", frozenset({CANDIDATE_A}), anonymous="404")
STUDENT_OF_COHORT_X = Rule("STUDENT_OF_COHORT_X", frozenset({CANDIDATE_A}))
ORG_TEACHER_X = Rule("ORG_TEACHER_X", frozenset({INSTRUCTOR_X}))
ORG_OWNER_X = Rule("ORG_OWNER_X", frozenset({INSTRUCTOR_X}))  # instructor X owns org X
SITE_ADMIN = Rule("SITE_ADMIN", frozenset({ADMIN}))
INVITEE_A = Rule("INVITEE_A", frozenset({CANDIDATE_A}))  # A consented to company X's position
RECRUITERS = Rule("RECRUITERS", frozenset({RECRUITER_X, COMPANY_OWNER_X, OTHER_RECRUITER}))
ORG_RECRUITER_X = Rule("ORG_RECRUITER_X", frozenset({RECRUITER_X, COMPANY_OWNER_X}))
OWNER_OF_TOKEN_A = Rule("OWNER_OF_TOKEN_A", frozenset({CANDIDATE_A}))  # A's API token
ORG_RECRUITING_OWNER_X = Rule("ORG_RECRUITING_OWNER_X", frozenset({COMPANY_OWNER_X}))

Url = Callable[[World], str]


@dataclass(frozen=True)
class Entry:
    """How to reach a route in the world, who may, and a text an allowed GET shows."""

    url: Url
    rule: Rule
    shows: str = ""
    body: dict[str, object] | None = None  # an API POST's JSON (valid, so access decides)


# The API: a bearer token authenticates; no token (or only a browser session) gets 401.
API_PUBLIC = Rule("API_PUBLIC", ALL_ACTORS)  # the OpenAPI document and its reference page
API_TOKEN = Rule("API_TOKEN", SIGNED_IN_ACTORS, anonymous="401")
API_OWNER_OF_ATTEMPT = Rule("API_OWNER_OF_ATTEMPT", frozenset({CANDIDATE_A}), anonymous="401")
API_ORG_TEACHER_X = Rule("API_ORG_TEACHER_X", frozenset({INSTRUCTOR_X}), anonymous="401")
API_ORG_RECRUITER_X = Rule(
    "API_ORG_RECRUITER_X", frozenset({RECRUITER_X, COMPANY_OWNER_X}), anonymous="401"
)
API_ORG_OWNER_X = Rule("API_ORG_OWNER_X", frozenset({INSTRUCTOR_X}), anonymous="401")
API_RULES = frozenset(
    {
        API_PUBLIC,
        API_TOKEN,
        API_OWNER_OF_ATTEMPT,
        API_ORG_TEACHER_X,
        API_ORG_RECRUITER_X,
        API_ORG_OWNER_X,
    }
)
