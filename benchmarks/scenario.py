"""Setting up the benchmark's candidates over HTTP, and the raw requests they later send.

Each candidate is a browser of its own (cookie jar) that started an attempt through the real
pages, so the load exercises sessions, CSRF and the database exactly as real traffic does.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quiz.bank import Content

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Candidate:
    """A browser with a started attempt: its token, session cookie and CSRF token."""

    port: int
    token: str = ""
    cookie: str = ""
    csrf: str = ""

    def __post_init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def call(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """One request; returns status, body and the Location header."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with self.opener.open(url, data=body, timeout=60) as resp:
                return resp.status, resp.read().decode(), resp.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), exc.headers.get("Location", "")

    def start(self) -> Candidate:
        """Start a quick check for the junior back-end role."""
        _, page, _ = self.call("/start")
        form = {"profile": "junior-backend", "csrf_token": _csrf(page)}
        status, _, location = self.call("/start", form)
        if status != 302:
            raise RuntimeError(f"could not start an attempt: HTTP {status}")
        self.token = urllib.parse.urlsplit(location).path.split("/")[2]
        _, page, _ = self.call(f"/attempt/{self.token}/q/1")
        self.csrf = _csrf(page)
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        return self

    def submit(self) -> Candidate:
        """Submit the attempt (after the answers saved so far) and view the report once."""
        _, page, _ = self.call(f"/attempt/{self.token}/finish")
        status, _, _ = self.call(f"/attempt/{self.token}/submit", {"csrf_token": _csrf(page)})
        if status != 302:
            raise RuntimeError(f"could not submit: HTTP {status}")
        status, _, _ = self.call(f"/attempt/{self.token}/report")
        if status != 200:
            raise RuntimeError(f"report page answered HTTP {status}")
        return self


def _csrf(page: str) -> str:
    match = CSRF_RE.search(page)
    if match is None:
        raise RuntimeError("page has no CSRF token")
    return match.group(1)


def start_many(port: int, count: int) -> list[Candidate]:
    """``count`` candidates with started attempts, set up a few at a time."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(lambda _: Candidate(port).start(), range(count)))


def answer_form(item: Any) -> dict[str, str]:
    """A valid answer to ``item`` as the question form would post it."""
    if item.type == "ordering":
        return {f"position-{o.id}": str(n) for n, o in enumerate(item.options, 1)}
    if item.type == "true_false":
        return {"answer": "true"}
    if item.type == "short_answer":
        return {"answer": "42"}
    return {"answer": item.options[0].id}


def raw_get(port: int, path: str, cookie: str = "") -> str:
    """A GET request as bytes on the wire (latin-1 text), closing the connection."""
    headers = f"Cookie: {cookie}\r\n" if cookie else ""
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Connection: close\r\n\r\n"


def autosave_requests(candidate: Candidate, item_ids: list[str], content: Content) -> list[str]:
    """The candidate's autosave requests, one per question, each a valid answer."""
    out = []
    for number, item_id in enumerate(item_ids, 1):
        body = urllib.parse.urlencode(answer_form(content.items[item_id]))
        out.append(
            f"POST /attempt/{candidate.token}/q/{number}/autosave HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{candidate.port}\r\nCookie: {candidate.cookie}\r\n"
            f"X-CSRFToken: {candidate.csrf}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
        )
    return out


def item_ids_of(engine: sa.Engine, tokens: list[str]) -> dict[str, list[str]]:
    """The drawn items of each attempt, read from the database."""
    query = sa.text("SELECT token, item_ids FROM attempts WHERE token IN :tokens").bindparams(
        sa.bindparam("tokens", expanding=True)
    )
    with engine.connect() as conn:
        rows = conn.execute(query, {"tokens": tokens}).all()
    return {token: ids if isinstance(ids, list) else json.loads(ids) for token, ids in rows}
