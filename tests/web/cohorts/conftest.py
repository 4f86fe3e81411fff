"""Fixtures of the cohort tests (classes, rosters, assignments, dashboards, item analysis):
``class_of``, a class of submitted students made in one go. Accounts and classes themselves
come from the root fixtures (``make_user``, ``make_class``, ``enrol``, ``clone``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.actions import login, take
from tests.worlds.people import Clone, Enrol, MakeClass

ClassOf = Callable[[int], tuple[int, str]]


@pytest.fixture
def class_of(
    client: FlaskClient,
    make_class: MakeClass,
    enrol: Enrol,
    clone: Clone,
) -> ClassOf:
    """``class_of(students) -> (assignment id, token)``: a class of ``students`` submitted
    students, one real (ann@example.org, whose attempt has ``token``) and the others copies of
    her; its teacher is logged in on ``client``."""

    def make(students: int) -> tuple[int, str]:
        klass = make_class()
        token = take(enrol(klass, "ann@example.org"), klass.assignment_id, "B")
        clone(klass, token, students - 1, "s")
        login(client, "teacher@example.org")
        return klass.assignment_id, token

    return make
