"""The API reference page in a real browser: Swagger UI from the installed package renders
every operation under the site's strict CSP, and the page passes axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.test_csp import Console
from tests.e2e.test_take_quiz import assert_accessible

pytestmark = pytest.mark.e2e


def test_reference_page_renders_without_csp_violations(
    app: Flask, live_server: str, page: Page, screenshot_dir: Path
) -> None:
    console = Console(page)
    page.goto(live_server + "/api/v1/docs")
    expect(page.get_by_role("heading", name="API reference (v1)")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 14
    expect(page.get_by_text("/api/v1/attempts/{token}/submit")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "api-reference.png"), full_page=True)
    assert console.csp() == []
    assert console.errors == []
    assert_accessible(page, "api reference")
