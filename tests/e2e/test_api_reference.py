"""The API reference page in a real browser: Swagger UI from the installed package renders
every operation under the site's strict CSP, and the page passes axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.actions import PASSWORD
from tests.e2e.test_csp import Console
from tests.e2e.test_take_quiz import assert_accessible
from tests.worlds.people import MakeUser

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


def test_create_use_and_revoke_a_token_in_the_browser(
    live_server: str, page: Page, screenshot_dir: Path, make_user: MakeUser
) -> None:
    make_user("ada@example.org", "Ada")
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/account/")
    page.get_by_label("Token name").fill("Bootcamp sync")
    page.get_by_label("profiles:read").check()
    page.get_by_label("Expires after").select_option("7")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("New token").input_value()
    assert secret.startswith("sgq_")
    expect(page.get_by_role("cell", name="Bootcamp sync", exact=True)).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "account-api-token.png"), full_page=True)
    assert_accessible(page, "account with a new token")
    answer = page.request.get(
        live_server + "/api/v1/profiles", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200 and answer.json()["items"]
    page.get_by_role("button", name="Revoke Bootcamp sync").click()
    expect(page.get_by_role("cell", name="Revoked", exact=True)).to_be_visible()
    assert page.get_by_label("New token").count() == 0  # shown once
    answer = page.request.get(
        live_server + "/api/v1/profiles", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 401
