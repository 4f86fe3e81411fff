"""Account lifecycle shared by the auth and account blueprints: sign-up, log-in, password
reset, claiming this browser's attempts, data export and deletion. No routes here."""

from __future__ import annotations

from quiz.accounts.lifecycle import (
    authenticate,
    change_password,
    claim_browser_attempts,
    confirm_signup,
    create_admin,
    find_user,
    load_user,
    normalise_email,
    request_signup,
)
from quiz.accounts.privacy import delete_account, export_data
from quiz.accounts.reset import request_password_reset, reset_password, usable_reset

__all__ = [
    "authenticate",
    "change_password",
    "claim_browser_attempts",
    "confirm_signup",
    "create_admin",
    "delete_account",
    "export_data",
    "find_user",
    "load_user",
    "normalise_email",
    "request_password_reset",
    "request_signup",
    "reset_password",
    "usable_reset",
]
