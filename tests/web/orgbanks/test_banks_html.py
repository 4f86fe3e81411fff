"""The organisation-bank pages are valid HTML (the Nu checker) without duplicate ids: the
bank list with and without items, the upload errors, the dry run, and the editor of every
item type with its candidate preview and its error states."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.html import duplicate_ids, vnu_errors
from tests.worlds.people import Klass

Upload = Callable[..., Any]
Confirm = Callable[[FlaskClient, int, str], Any]
ItemForm = Callable[..., dict[str, Any]]
Teacher = Callable[..., Klass]
Cases = dict[str, dict[str, Any]]

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


def _pages(
    client: FlaskClient,
    teacher: Teacher,
    upload: Upload,
    confirm: Confirm,
    item_form: ItemForm,
    bank_files: Path,
    gift: bytes,
    item_cases: Cases,
) -> dict[str, str]:
    """The pages by name; the fixtures of the same names are passed in."""
    klass = teacher()
    base = f"/orgs/{klass.org_id}/banks"
    pages = {"banks-empty": client.get(base).get_data(as_text=True)}
    broken = (bank_files / "broken.gift").read_bytes()
    pages["banks-upload-error"] = upload(client, klass.org_id, broken).get_data(as_text=True)
    pages["upload-report"] = upload(client, klass.org_id, gift).get_data(as_text=True)
    confirm(client, klass.org_id, pages["upload-report"])
    pages["banks"] = client.get(base).get_data(as_text=True)
    new = f"{base}/items/new"
    pages["item-new"] = client.get(new).get_data(as_text=True)
    form = item_form(pages["item-new"], answer="Z", explanation="short")
    pages["item-errors"] = client.post(new, data=form).get_data(as_text=True)
    for n, (case, values) in enumerate(sorted(item_cases.items())):
        form = item_form(pages["item-new"], **{"stem": STEMS[n], **values}, id=f"item-{n}")
        resp = client.post(new, data=form)
        assert resp.status_code == 302, (case, resp.get_data(as_text=True))
        pages[f"item-{case}"] = client.get(resp.location).get_data(as_text=True)
    return pages


def test_org_bank_pages_are_valid_html(
    client: FlaskClient,
    tmp_path: Path,
    teacher: Teacher,
    upload: Upload,
    confirm: Confirm,
    item_form: ItemForm,
    bank_files: Path,
    gift: bytes,
    item_cases: Cases,
) -> None:
    pages = _pages(client, teacher, upload, confirm, item_form, bank_files, gift, item_cases)
    assert "is never closed" in pages["banks-upload-error"]
    assert all('id="preview"' in pages[f"item-{case}"] for case in item_cases)
    assert {name: duplicate_ids(html) for name, html in pages.items() if duplicate_ids(html)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []
