"""A candidate names their stack on the start page; the report says which member met the
any-of group. Both pages pass axe."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from tests.e2e.test_take_quiz import assert_accessible
from tests.support import FIXTURE_QUESTIONS

pytestmark = pytest.mark.e2e

SQL_LINES = (
    "  sql-querying: {weight: must, target: 60}\n  sql-integrity: {weight: should, target: 50}"
)
GROUP = (
    "  server-language:\n    title: At least one way with data\n"
    "    any_of: [sql-querying, sql-integrity]\n    weight: must\n    target: 60"
)


@pytest.fixture
def grouped_server(extra_app: Callable[..., Flask], tmp_path: Path) -> Iterator[str]:
    """The app over fixture content whose two SQL requirements form an any-of group."""
    root = tmp_path / "questions"
    shutil.copytree(FIXTURE_QUESTIONS, root)
    profile = root / "profiles" / "junior-backend.yaml"
    profile.write_text(profile.read_text().replace(SQL_LINES, GROUP))
    server = make_server("127.0.0.1", 0, extra_app(QUESTIONS_DIR=str(root)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_stack_choice_and_group_in_the_report(
    grouped_server: str, page: Page, screenshot_dir: Path
) -> None:
    page.goto(grouped_server + "/start")
    page.get_by_label("Junior back-end engineer").check()
    page.get_by_label("Your server-side language").select_option("sql-integrity")
    assert_accessible(page, "start with a stack")
    page.screenshot(path=screenshot_dir / "start-stack.png", full_page=True)
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", name="Before you begin")).to_be_visible()
    token = page.url.split("/attempt/")[1].split("/")[0]
    page.goto(f"{grouped_server}/attempt/{token}/finish")
    page.get_by_role("button", name="Submit and see my report").click()
    row = page.locator("table.requirements tbody tr", has_text="At least one way with data")
    expect(row).to_contain_text("shown through Data integrity")
    assert_accessible(page, "report with a group")
    page.screenshot(path=screenshot_dir / "report-group.png", full_page=True)
