"""Secret tokens (entropy, source, constant-time comparison) and the CSV upload limits."""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Any

import pytest
from flask import Flask

from quiz.models.attempts import new_token
from quiz.models.reports import new_share_token
from quiz.security import InputError, check_length, read_csv_rows, tokens_match
from quiz.security import tokens as tokens_module
from tests.actions import resume_link
from tests.support import QuizClient

URLSAFE = re.compile(r"[A-Za-z0-9_-]+")


def test_tokens_come_from_secrets_with_at_least_128_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real = secrets.token_urlsafe

    def spy(nbytes: Any = None) -> str:
        asked.append(nbytes)
        return real(nbytes)

    monkeypatch.setattr(tokens_module.secrets, "token_urlsafe", spy)
    for make in (new_token, new_share_token):
        token = make()
        assert URLSAFE.fullmatch(token) and len(token) == 32  # 24 bytes = 192 bits
    assert asked == [24, 24] and all(8 * n >= 128 for n in asked)


def test_attempt_resume_and_share_tokens_are_distinct_and_long(
    app: Flask, quiz: QuizClient
) -> None:
    token = quiz.start()
    resume = resume_link(quiz.client, token).rsplit("/", 1)[1]
    assert token != resume
    for value in (token, resume, new_share_token()):
        assert URLSAFE.fullmatch(value) and len(value) >= 22  # ≥ 128 bits in base64


def test_tokens_match_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens_module.hmac, "compare_digest", spy)
    assert tokens_match("abc", "abc") and not tokens_match("abc", "abd")
    assert calls == [(b"abc", b"abc"), (b"abc", b"abd")]
    assert not tokens_match("", "") and not tokens_match(None, "abc")


def test_check_length_names_the_field_and_limit() -> None:
    assert check_length("short", 10, "Name") == "short"
    with pytest.raises(InputError, match=r"^Name is at most 3 characters; yours has 5\.$"):
        check_length("abcde", 3, "Name")


ROSTER = "email,name\nada@example.org,Ada\n\nlin@example.org,Lin\n"


def test_csv_rows_are_read_by_header_name() -> None:
    bom = read_csv_rows("\ufeffName,EMAIL,extra\nAda,ada@example.org,x\n".encode(), ["email"])
    assert bom == [{"email": "ada@example.org"}]
    rows = read_csv_rows(ROSTER, ["email", "name"])
    assert rows == [
        {"email": "ada@example.org", "name": "Ada"},
        {"email": "lin@example.org", "name": "Lin"},
    ]


@pytest.mark.parametrize(
    ("data", "limits", "message"),
    [
        (ROSTER, {"max_rows": 1}, r"^The file has more than 1 rows; split it up\.$"),
        (ROSTER, {"max_bytes": 10}, r"^The file is larger than 0 KB; split it up\.$"),
        ("email\n" + "a" * 300 + "\n", {}, r"^Line 2: email is longer than 254 characters\.$"),
        ("mail,name\nx,y\n", {}, r"^Line 1: the header must name the column\(s\) email\.$"),
        (b"email\n\xff\xfe\n", {}, r"^The file is not UTF-8 text"),
        ('email\n"unterminated', {}, r"^Line 2: not valid CSV \(unexpected end of data\)\.$"),
    ],
)
def test_csv_limits_answer_with_a_clear_message(
    data: str | bytes, limits: dict[str, int], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        read_csv_rows(data, ["email"], **limits)
