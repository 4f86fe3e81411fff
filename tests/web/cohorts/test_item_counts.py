"""Item analysis counts (``assignment_item_counts``) stay equal to a count from the responses
through every way an assignment's attempts change: submission through the pages, closing on
the deadline, account deletion; and rows written behind their back are recounted on view."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from quiz.accounts import privacy
from quiz.attempts import ending
from quiz.cohorts import itemcounts
from quiz.extensions import db
from quiz.models import Assignment, Attempt, ItemCount, Response, User
from quiz.models.base import utcnow
from tests.actions import login, take
from tests.worlds.people import Clone, Enrol, Klass, MakeClass

Row = tuple[str, float, float, int, int]


def _counts(app: Flask, assignment_id: int) -> tuple[int, list[Row]]:
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert assignment is not None
        rows = db.session.execute(
            sa.select(
                ItemCount.item_id,
                ItemCount.credit,
                ItemCount.total,
                ItemCount.presented,
                ItemCount.n,
            )
            .where(ItemCount.assignment_id == assignment_id)
            .order_by(ItemCount.item_id, ItemCount.credit, ItemCount.total)
        ).all()
        return assignment.counted_attempts, [tuple(r) for r in rows]  # type: ignore[misc]


def _recounted(app: Flask, assignment_id: int) -> tuple[int, list[Row]]:
    with app.app_context():
        itemcounts.rebuild(assignment_id)
    return _counts(app, assignment_id)


def _expected(app: Flask, assignment_id: int) -> tuple[int, list[Row]]:
    """The counts worked out here from the attempts and responses, independently."""
    with app.app_context():
        attempts = db.session.execute(
            sa.select(Attempt.id, Attempt.item_ids).where(
                Attempt.assignment_id == assignment_id, Attempt.submitted_at.is_not(None)
            )
        ).all()
        tally: dict[tuple[str, float, float, int], int] = {}
        for attempt_id, item_ids in attempts:
            credits = dict(
                db.session.execute(
                    sa.select(Response.item_id, Response.credit).where(
                        Response.attempt_id == attempt_id
                    )
                ).all()
            )
            values = [credits.get(i, 0.0) for i in item_ids]
            for item, value in zip(item_ids, values, strict=True):
                key = (item, value, sum(values), len(values))  # binary fractions: sum is exact
                tally[key] = tally.get(key, 0) + 1
    return len(attempts), sorted((*k, n) for k, n in tally.items())


def _class(make_class: MakeClass, enrol: Enrol) -> tuple[Klass, list[FlaskClient]]:
    klass = make_class()
    students = [enrol(klass, f"s{n}@example.org") for n in range(3)]
    for client, choice in zip(students, "ABC", strict=True):
        take(client, klass.assignment_id, choice)
    return klass, students


def test_submitting_through_the_pages_counts_each_attempt_once(
    app: Flask, make_class: MakeClass, enrol: Enrol
) -> None:
    klass, _students = _class(make_class, enrol)
    counted, rows = _counts(app, klass.assignment_id)
    assert counted == 3
    assert (counted, rows) == _expected(app, klass.assignment_id)
    assert any(credit == 1.0 for _i, credit, *_rest in rows)  # some choices were right
    assert any(credit == 0.0 for _i, credit, *_rest in rows)  # and some wrong
    assert (counted, rows) == _recounted(app, klass.assignment_id)


def test_deleting_an_account_takes_its_attempt_out(
    app: Flask, make_class: MakeClass, enrol: Enrol
) -> None:
    klass, _students = _class(make_class, enrol)
    before = _counts(app, klass.assignment_id)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "s1@example.org"))
        assert user is not None
        privacy.delete_account(user)
    counted, rows = _counts(app, klass.assignment_id)
    assert counted == 2 and before[0] == 3
    assert (counted, rows) == _expected(app, klass.assignment_id)
    assert all(n > 0 for *_key, n in rows)
    assert sum(n for *_k, n in rows) < sum(n for *_k, n in before[1])


def test_closing_on_the_deadline_counts_the_attempt(
    app: Flask, make_class: MakeClass, enrol: Enrol
) -> None:
    klass = make_class(time_limit_minutes=30)
    client = enrol(klass, "late@example.org")
    token = take(client, klass.assignment_id, "B", submit=False)
    with app.app_context():
        db.session.execute(
            sa.update(Attempt)
            .where(Attempt.token == token)
            .values(deadline_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
        assert ending.close_overdue(Attempt.assignment_id == klass.assignment_id) == 1
    counted, rows = _counts(app, klass.assignment_id)
    assert counted == 1 and rows
    assert (counted, rows) == _expected(app, klass.assignment_id)


def test_attempts_written_behind_the_counts_are_recounted_on_view(
    app: Flask, client: FlaskClient, make_class: MakeClass, enrol: Enrol, clone: Clone
) -> None:
    app.config["COHORT_MIN_SUBMITTED"] = 2
    klass = make_class()
    token = take(enrol(klass, "ann@example.org"), klass.assignment_id, "B")
    clone(klass, token, 4, "copy")  # rows inserted directly, as a bulk load would
    assert _counts(app, klass.assignment_id)[0] == 1
    login(client, "teacher@example.org")
    html = client.get(f"/assignments/{klass.assignment_id}/items").get_data(as_text=True)
    assert "Attempts analysed</dt><dd>5:" in html
    counted, rows = _counts(app, klass.assignment_id)
    assert counted == 5
    assert (counted, rows) == _expected(app, klass.assignment_id)
