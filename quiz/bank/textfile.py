"""Bytes of an uploaded question file to text: encodings, line endings and control characters.

Question files are UTF-8, with or without a byte-order mark; anything else (UTF-16, UTF-32,
Latin-1, Windows-1252) is refused with the line of the first byte that is not UTF-8 and a
hint to save the file as UTF-8, rather than guessed at and garbled. Line endings may be LF,
CRLF or a classic Mac's CR alone; all become LF, so a CR-only file is not read as one line.
NUL bytes are refused (no text format needs them and they truncate strings elsewhere); the
other control characters XML 1.0 forbids are removed, each removal noted with its line.
"""

from __future__ import annotations

import re

from quiz.bank import budget
from quiz.bank.interchange import FormatError

# Characters XML 1.0 does not allow (tab, LF and CR are allowed; NUL is refused before this).
FORBIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
SAVE_AS = "save it as UTF-8 (in most editors: Save as… → Encoding: UTF-8) and upload it again"

Note = tuple[int, str]


def byte_line(data: bytes, position: int) -> int:
    """The 1-based line of byte ``position``, counting LF, CRLF and CR line breaks alike."""
    head = data[:position]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _refuse_other_encodings(data: bytes) -> None:
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise FormatError(1, f"the file is {name} text, not UTF-8; {SAVE_AS}")
    nul = data.find(b"\x00")
    if nul >= 0:
        head = data[:64]
        if head.count(b"\x00") * 3 >= len(head):  # every other byte: UTF-16 without a mark
            raise FormatError(1, f"the file looks like UTF-16 text, not UTF-8; {SAVE_AS}")
        raise FormatError(byte_line(data, nul), "the file contains a NUL byte (U+0000)")


def decode(data: bytes) -> str:
    """UTF-8 text of ``data`` without a byte-order mark, with LF line endings.

    Raises ``FormatError`` naming the line for another encoding or a NUL byte.
    """
    budget.scan(len(data))
    _refuse_other_encodings(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        hint = " (it may be Latin-1 or Windows-1252)" if byte >= 0x80 else ""
        raise FormatError(
            byte_line(data, exc.start),
            f"the file is not UTF-8 text: byte 0x{byte:02X} cannot start a character here"
            f"{hint}; {SAVE_AS}",
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def remove_forbidden(text: str) -> tuple[str, list[Note]]:
    """``text`` without the control characters XML 1.0 forbids, and a note per line of them."""
    budget.scan(len(text))
    notes: list[Note] = []
    line, last = 1, 0
    found: dict[int, list[str]] = {}
    for match in FORBIDDEN.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        found.setdefault(line, []).append(f"U+{ord(match[0]):04X}")
    for number, chars in found.items():
        names = ", ".join(dict.fromkeys(chars))
        notes.append((number, f"removed control character(s) {names}, which XML does not allow"))
    return (FORBIDDEN.sub("", text) if found else text), notes


def first_forbidden(text: str) -> Note | None:
    """The line and name of the first character XML 1.0 forbids in ``text``, if any."""
    match = FORBIDDEN.search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1, f"U+{ord(match[0]):04X}"
