"""The accounts blueprint: the sign-in pages (``signin``) and the account page (``settings``).

``create_app`` imports the view modules, which register their views on ``bp``.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("accounts", __name__)
