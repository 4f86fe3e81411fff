"""The organisation-bank pages are valid HTML (the Nu checker) without duplicate ids: the
bank list with and without items, the upload errors, the dry run, and the editor of every
item type with its candidate preview and its error states."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.html import duplicate_ids, vnu_errors
from tests.web.test_org_banks import (
    CASES,
    FIXTURES,
    GIFT,
    _confirm,
    _item_form,
    _teacher,
    _upload,
)

# Distinct stems: the editor refuses near-duplicates of the organisation's other items.
STEMS = [
    "Which clause gives a running total over ordered rows?",
    "What does this query print when the table is empty?",
    "Pick the statements that describe a primary key correctly.",
    "Name the clause that keeps rows of groups passing a condition.",
    "How many rows does a cross join of 6 and 7 rows return?",
    "Arrange these parts of a migration in the order they run.",
    "Your teammate disagrees in review; what is your first step?",
    "A foreign key may point at a column without a unique index.",
]


def _pages(app: Flask, client: FlaskClient) -> dict[str, str]:
    klass = _teacher(app, client)
    base = f"/orgs/{klass.org_id}/banks"
    pages = {"banks-empty": client.get(base).get_data(as_text=True)}
    broken = (FIXTURES / "broken.gift").read_bytes()
    pages["banks-upload-error"] = _upload(client, klass.org_id, broken).get_data(as_text=True)
    pages["upload-report"] = _upload(client, klass.org_id, GIFT).get_data(as_text=True)
    _confirm(client, klass.org_id, pages["upload-report"])
    pages["banks"] = client.get(base).get_data(as_text=True)
    new = f"{base}/items/new"
    pages["item-new"] = client.get(new).get_data(as_text=True)
    form = _item_form(pages["item-new"], answer="Z", explanation="short")
    pages["item-errors"] = client.post(new, data=form).get_data(as_text=True)
    for n, (case, values) in enumerate(sorted(CASES.items())):
        form = _item_form(pages["item-new"], **{"stem": STEMS[n], **values}, id=f"item-{n}")
        resp = client.post(new, data=form)
        assert resp.status_code == 302, (case, resp.get_data(as_text=True))
        pages[f"item-{case}"] = client.get(resp.location).get_data(as_text=True)
    return pages


def test_org_bank_pages_are_valid_html(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    pages = _pages(app, client)
    assert "is never closed" in pages["banks-upload-error"]
    assert all('id="preview"' in pages[f"item-{case}"] for case in CASES)
    assert {name: duplicate_ids(html) for name, html in pages.items() if duplicate_ids(html)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []
