"""Running servers and load for the benchmark: gunicorn processes, the client process, and
what the workers used (CPU time, resident memory) read from /proc."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
THROUGHPUT_CLIENTS = 16


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(app: str, port: int, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A gunicorn server with 2 sync workers: the real app with gunicorn.conf.py, the hello app
    with the same worker settings (benchmarks/hello_gunicorn.py)."""
    config = "gunicorn.conf.py" if app == "wsgi:app" else "benchmarks/hello_gunicorn.py"
    args = [sys.executable, "-m", "gunicorn", "--config", config]
    process = subprocess.Popen(args, cwd=ROOT, env={**env, "BIND": f"127.0.0.1:{port}"})
    try:
        _wait(port, "/" if app != "wsgi:app" else "/start", process)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait(port: int, path: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 90 s")


def load(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the client in its own process and return its summary."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.client", handle.name],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    summary: dict[str, Any] = json.loads(out)
    print(f"  {spec['label']}: {summary}", flush=True)
    return summary


def closed(
    label: str, port: int, requests: list[list[str]], seconds: float, master: int
) -> dict[str, Any]:
    """Back-to-back load from 16 clients, with the workers' CPU time per request: unlike
    req/s, that figure barely moves when other processes compete for the cores."""
    before = workers_cpu_seconds(master)
    summary = load(
        {
            "label": label,
            "port": port,
            "mode": "closed",
            "clients": THROUGHPUT_CLIENTS,
            "duration": seconds,
            "warmup": 2,
            "requests": requests,
        }
    )
    used = workers_cpu_seconds(master) - before
    # Requests outside the measured window used CPU too: count all the client sent.
    sent = summary["rps"] * (seconds + 2)
    summary["cpu_ms_per_request"] = round(used * 1000 / sent, 2) if sent else 0.0
    print(f"  {label}: {summary['cpu_ms_per_request']} ms of worker CPU per request", flush=True)
    return summary


def _children(master: int) -> list[str]:
    return Path(f"/proc/{master}/task/{master}/children").read_text().split()


def workers_cpu_seconds(master: int) -> float:
    """User plus system CPU time used so far by the master's worker processes."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _children(master):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def worker_rss_mb(master: int) -> float:
    """The largest resident set of the master's worker processes, in MB."""
    sizes = []
    for pid in _children(master):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return round(max(sizes), 1) if sizes else 0.0
