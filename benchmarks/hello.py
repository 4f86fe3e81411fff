"""The baseline: a bare Flask app answering "Hello, World!", served like the real app."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The cheapest response Flask can give."""
    return "Hello, World!"
