"""Fixtures of the security tests: ``matrix_world``, the authorization matrix's world
(``tests/security/world.py``) built with the data builders of ``tests/worlds``."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.security.world import Builders, MatrixWorld, World, build_world
from tests.worlds.hiring import MakeInvitation, MakePosition
from tests.worlds.people import MakeClass


@pytest.fixture
def matrix_world(
    app: Flask,
    make_class: MakeClass,
    make_position: MakePosition,
    make_invitation: MakeInvitation,
) -> MatrixWorld:
    """``matrix_world(actor, app=None) -> World``: two organisations with a cohort each, a
    company, and one person per actor (see ``tests/security/world.py``), on ``app`` or, when
    given, another app on the test database (one from ``extra_app`` with other settings)."""
    builders = Builders(make_class, make_position, make_invitation)
    own = app

    def build(actor: str, app: Flask | None = None) -> World:
        return build_world(app or own, actor, builders)

    return build
