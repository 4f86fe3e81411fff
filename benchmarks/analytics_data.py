"""Fill a PostgreSQL schema with one large class for the analytics benchmark.

One instructor, one cohort, one assignment and ``students`` students, each with one submitted
attempt of the same ``items`` items, a response for about 95% of them (the rest unanswered,
credit 0) and a "submitted" report snapshot. Credits follow a seeded Rasch model (an ability
per student, a difficulty per item), so item statistics vary as in a real class. The bulk
rows go in with PostgreSQL ``COPY``; report snapshots are real reports computed by the app's
own scoring for the first ``REAL_REPORTS`` students and reused, in turn, for the others (every
report of one profile has the same size and shape).
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask

from quiz.attempts.snapshots import compute_report
from quiz.cohorts import assignments, orgs, roster
from quiz.core import content as quiz_content
from quiz.extensions import db
from quiz.models import Attempt, User
from quiz.models.base import utcnow
from quiz.models.reports import report_summary
from quiz.scoring import SCHEMA_VERSION

PROFILE = "junior-backend"
REAL_REPORTS = 25
UNANSWERED = 0.05


@dataclass(frozen=True)
class Filled:
    """What was created: ids to request and the row counts."""

    teacher_id: int
    assignment_id: int
    cohort_id: int
    students: int
    responses: int


def fill(app: Flask, students: int, items: int, seed: int = 15) -> Filled:
    """Create the class, its attempts, responses and reports; returns their ids and counts."""
    rng = random.Random(seed)
    with app.app_context(), app.test_request_context():
        content = quiz_content.current_content()
        quiz_content.store_snapshot(content)
        item_ids = sorted(content.items)[:items]
        if len(item_ids) < items:
            raise SystemExit(f"questions/ has {len(item_ids)} items, {items} asked for")
        teacher = User(email="teacher@bench.invalid", name="Teacher", password_hash="x")
        db.session.add(teacher)
        db.session.commit()
        org = orgs.create_organisation(teacher, "Bench Camp", "bootcamp")
        cohort = roster.create_cohort(org, f"{students} students")
        assignment = assignments.create_assignment(cohort, _settings(items))
        ids = (teacher.id, assignment.id, cohort.id)
        conn = db.session.connection().connection.driver_connection
        assert conn is not None
        first_user = _copy_people(conn, cohort.id, students)
        first_attempt = _copy_attempts(
            conn, content.version, assignment.id, range(first_user, first_user + students), item_ids
        )
        responses = _copy_responses(conn, rng, first_attempt, students, item_ids)
        db.session.commit()
        _copy_reports(conn, first_attempt, students, content.version)
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    return Filled(ids[0], ids[1], ids[2], students, responses)


def _settings(items: int) -> assignments.Settings:
    return assignments.Settings(
        title="Analytics benchmark",
        profile_id=PROFILE,
        mode="custom",
        areas=None,
        length=items,
        opens_at=utcnow() - timedelta(days=7),
        due_at=None,
        attempt_limit=1,
        time_limit_minutes=None,
        review_allowed=True,
        late_allowed=True,
    )


def _copy_people(conn: Any, cohort_id: int, students: int) -> int:
    """Users and cohort members; returns the first user id."""
    now = utcnow().isoformat()
    with conn.cursor() as cur:
        first = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM users").fetchone()[0]
        with cur.copy("COPY users (id, email, name, password_hash, created_at) FROM STDIN") as cp:
            for n in range(students):
                cp.write_row((first + n, f"s{n}@bench.invalid", f"Student {n:05d}", "x", now))
        cur.execute("SELECT setval('users_id_seq', %s)", (first + students,))
        with cur.copy(
            "COPY cohort_members (cohort_id, user_id, email, name, joined_at) FROM STDIN"
        ) as cp:
            for n in range(students):
                cp.write_row((cohort_id, first + n, f"s{n}@bench.invalid", f"Student {n:05d}", now))
    return int(first)


def _copy_attempts(
    conn: Any, version: str, assignment_id: int, users: range, item_ids: list[str]
) -> int:
    """One submitted attempt per student; returns the first attempt id."""
    started = utcnow() - timedelta(days=1)
    submitted = (started + timedelta(minutes=40)).isoformat()
    columns = (
        "id, token, resume_token, profile_id, bank_version, seed, item_ids, started_at, "
        "submitted_at, mode, user_id, assignment_id"
    )
    form = json.dumps(item_ids)
    with conn.cursor() as cur:
        first = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM attempts").fetchone()[0]
        with cur.copy(f"COPY attempts ({columns}) FROM STDIN") as cp:
            for n, user_id in enumerate(users):
                cp.write_row(
                    (
                        first + n,
                        f"bench-{n}",
                        f"bench-resume-{n}",
                        PROFILE,
                        version,
                        n,
                        form,
                        started.isoformat(),
                        submitted,
                        "custom",
                        user_id,
                        assignment_id,
                    )
                )
        cur.execute("SELECT setval('attempts_id_seq', %s)", (first + len(users),))
    return int(first)


def _copy_responses(
    conn: Any, rng: random.Random, first_attempt: int, students: int, item_ids: list[str]
) -> int:
    """Rasch-model credits; about UNANSWERED of the items are left without a response."""
    difficulty = [rng.gauss(0.0, 1.0) for _ in item_ids]
    answered_at = utcnow().isoformat()
    count = 0
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY responses (attempt_id, item_id, answer, credit, answered_at) FROM STDIN"
        ) as cp,
    ):
        for n in range(students):
            ability = rng.gauss(0.3, 1.0)
            for item, b in zip(item_ids, difficulty, strict=True):
                if rng.random() < UNANSWERED:
                    continue
                right = rng.random() < 1.0 / (1.0 + math.exp(b - ability))
                answer = '{"choice": "A"}' if right else '{"choice": "B"}'
                cp.write_row((first_attempt + n, item, answer, 1.0 if right else 0.0, answered_at))
                count += 1
    return count


def _copy_reports(conn: Any, first_attempt: int, students: int, version: str) -> None:
    """Real reports for the first students, reused in turn for the rest."""
    real = []
    for n in range(min(REAL_REPORTS, students)):
        attempt = db.session.get(Attempt, first_attempt + n)
        assert attempt is not None
        data = compute_report(attempt, quiz_content.current_content(), regrade=False)
        real.append((json.dumps(data), json.dumps(report_summary(data))))
    created = utcnow().isoformat()
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY report_snapshots (attempt_id, bank_version, reason, schema_version, data, "
            "summary, created_at) FROM STDIN"
        ) as cp,
    ):
        for n in range(students):
            cp.write_row(
                (
                    first_attempt + n,
                    version,
                    "submitted",
                    SCHEMA_VERSION,
                    *real[n % len(real)],
                    created,
                )
            )
