"""Write imported items as a bank YAML file in the ``questions/banks/<area>.yaml`` format.

A new file is written whole. An existing bank of the same area gets the items appended as
text, so its comments and layout survive; the result is parsed back and compared before it
replaces the file, and the write is atomic (temporary file, then rename).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

_KEY_ORDER = (
    *("id", "type", "text_format", "stem", "code", "options", "answer", "accepted"),
    "case_sensitive",
    *("numeric", "explanation", "difficulty", "requirements", "reference"),
)


class BankFileError(Exception):
    """The output file cannot take these items; the message names the file."""


def item_dict(item: Any) -> dict[str, Any]:
    """An item as it is written in a bank: our key order, defaults left out."""
    data = item.model_dump(mode="json", exclude_defaults=True)
    return {key: data[key] for key in _KEY_ORDER if key in data}


def existing_items(path: Path, area: str) -> list[dict[str, Any]]:
    """Items already in the bank at ``path`` (none when it does not exist)."""
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BankFileError(f"{path}: not a readable bank file: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise BankFileError(f"{path}: not a bank file (needs 'area' and a list of 'items')")
    if data.get("area") != area:
        raise BankFileError(f"{path}: holds area '{data.get('area')}', not '{area}'")
    return [i for i in data["items"] if isinstance(i, dict)]


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def bank_text(path: Path, area: str, items: list[Any]) -> str:
    """The full new text of the bank at ``path`` with ``items`` added at the end."""
    new = [item_dict(i) for i in items]
    if not path.exists():
        return _dump({"area": area, "items": new})
    old_text = path.read_text(encoding="utf-8")
    expected = existing_items(path, area) + new
    block = _dump(new)
    for indent in ("  ", ""):
        indented = "".join(
            indent + line if line.strip() else line for line in block.splitlines(True)
        )
        text = old_text.rstrip("\n") + "\n\n" + indented
        try:
            if yaml.safe_load(text).get("items") == expected:
                return text
        except (yaml.YAMLError, AttributeError):
            continue
    raise BankFileError(f"{path}: cannot append to this file safely; write to a new file")


def write_bank(path: Path, area: str, items: list[Any]) -> None:
    """Write (or append to) the bank at ``path`` atomically."""
    text = bank_text(path, area, items)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
