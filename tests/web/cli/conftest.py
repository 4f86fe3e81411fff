"""Fixtures of the command-line tests (the commands run through the test ``app``'s CLI
runner): ``root``, a copy of the fixture content that a test may edit or add files to."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import FIXTURE_QUESTIONS


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The root of a copy of the fixture content (``tmp_path``/questions), for ``--dir``."""
    copy = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, copy)
    return copy
