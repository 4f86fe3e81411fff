"""``flask users create-admin``: the first site admin."""

from __future__ import annotations

import click
from flask.cli import AppGroup


@click.group(cls=AppGroup)
def users() -> None:
    """Accounts: create the first site admin."""


@users.command("create-admin")
@click.argument("email")
@click.option("--name", default="Site admin", show_default=True, help="Name for a new account.")
@click.password_option(
    "--password",
    prompt="Password for a new account (ignored if the account exists)",
    help="Password for a new account; prompted for when omitted.",
)
def create_admin(email: str, name: str, password: str) -> None:
    """Make EMAIL a site admin, creating the account when it does not exist."""
    from email_validator import EmailNotValidError, validate_email

    from quiz.accounts.lifecycle import create_admin as make_admin

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL") from exc
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="--password")
    user, created = make_admin(email, name, password)
    state = "created as site admin" if created else "is now a site admin"
    click.echo(f"{user.email} {state}")
