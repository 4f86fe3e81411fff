"""Load generator, run as its own process: ``python -m benchmarks.client SPEC.json``.

Plain asyncio sockets, one connection per request (gunicorn's sync workers close after each
response, as they do behind Nginx), so the client costs little CPU next to the server.

The spec is JSON: ``port``, ``mode`` ("closed": each virtual client sends its next request as
soon as the last one answered; "paced": each waits ``think`` = [low, high] seconds between
requests, like a candidate), ``clients``, ``duration`` and ``warmup`` in seconds, and
``requests``: one list of raw HTTP requests per virtual client, cycled through. Prints one JSON
object: completed requests per second and latency percentiles of the measured window.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from typing import Any


async def _send(port: int, raw: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    return int(data[9:12]) if data.startswith(b"HTTP/1.") else 0


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def _client(spec: dict[str, Any], sequence: list[bytes], record: list[Any]) -> None:
    rng = random.Random(len(record))
    start, stop = spec["start"], spec["stop"]
    think = spec.get("think")
    if think:
        await asyncio.sleep(rng.uniform(0, think[1]))
    turn = 0
    while time.monotonic() < stop:
        raw = sequence[turn % len(sequence)]
        turn += 1
        sent = time.monotonic()
        try:
            status = await _send(spec["port"], raw)
        except OSError:
            status = 0
        done = time.monotonic()
        if sent >= start and done <= stop:
            record.append((status, (done - sent) * 1000))
        if think:
            await asyncio.sleep(rng.uniform(*think))


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the load described by ``spec`` and summarise the measured window."""
    requests = [[r.encode("latin-1") for r in seq] for seq in spec["requests"]]
    now = time.monotonic()
    spec = {**spec, "start": now + spec["warmup"], "stop": now + spec["warmup"] + spec["duration"]}
    record: list[Any] = []
    await asyncio.gather(
        *(_client(spec, requests[i % len(requests)], record) for i in range(spec["clients"]))
    )
    ok = [ms for status, ms in record if 200 <= status < 400]
    statuses: dict[str, int] = {}
    for status, _ in record:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "requests": len(record),
        "errors": len(record) - len(ok),
        "statuses": statuses,
        "rps": round(len(ok) / spec["duration"], 1),
        "p50_ms": round(percentile(ok, 0.50), 1),
        "p95_ms": round(percentile(ok, 0.95), 1),
        "p99_ms": round(percentile(ok, 0.99), 1),
    }


def main(path: str) -> None:
    """Read the spec file, run, print the summary as JSON."""
    with open(path, encoding="utf-8") as handle:
        spec = json.load(handle)
    print(json.dumps(asyncio.run(run(spec))))


if __name__ == "__main__":
    main(sys.argv[1])
