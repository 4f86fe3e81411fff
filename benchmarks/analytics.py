"""Analytics at scale: the class dashboard and item analysis of one assignment with 1,000
students × 120 items (120k responses) and 10,000 × 100 (1M), on PostgreSQL.

Each size gets a fresh schema (``bench_analytics`` by default, dropped and migrated from
empty) in the given database, so no other data is read or touched. Each page is requested
through the app (Flask test client: routing, access check, queries, template) as the
instructor, several times; the median wall time, the median CPU time of this process and the
query count are recorded, with the CPU time of the PostgreSQL backend (same host, read from
/proc; parallel query workers are turned off so that one backend does all of it): app CPU plus
database CPU is the figure that holds when other processes compete for the cores. The figure
per size is the slower page's median wall time. The
results go into ``benchmarks/results.json`` under ``"analytics"``; other keys are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from benchmarks.analytics_data import Filled, fill
from quiz import create_app
from quiz.accounts import sessions
from quiz.cohorts import itemcounts
from quiz.config import database_url
from quiz.extensions import db
from quiz.models import Attempt, User

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"
SIZES = {"responses_120k": (1000, 120), "responses_1m": (10000, 100)}
TARGET_MS = {"responses_120k": 300, "responses_1m": 1000}


def schema_url(raw: str, schema: str) -> str:
    """``raw`` with every connection's search_path set to ``schema`` only."""
    url = database_url(raw, "")
    if not url.startswith("postgresql"):
        raise SystemExit(f"the analytics benchmark needs PostgreSQL, not {raw}")
    # No parallel workers: one backend runs each query, so its CPU time is the whole cost.
    options = f"-csearch_path={schema} -cmax_parallel_workers_per_gather=0"
    return sa.make_url(url).update_query_dict({"options": options}).render_as_string(False)


def backend_pid(app: Flask) -> int:
    """The PostgreSQL backend of the app's one pooled connection (one request at a time)."""
    with app.app_context():
        pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
        db.session.remove()
    return int(pid)


def backend_cpu_ms(pid: int) -> float:
    """CPU time used so far by the PostgreSQL backend ``pid`` (same host), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def fresh_app(raw: str, schema: str) -> Flask:
    """An app on an empty, migrated ``schema``."""
    admin = sa.create_engine(database_url(raw, ""))
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "benchmark-only-secret",
            "SQLALCHEMY_DATABASE_URI": schema_url(raw, schema),
            "QUESTIONS_DIR": str(ROOT / "questions"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def time_page(app: Flask, filled: Filled, url: str, repeat: int) -> dict[str, Any]:
    """Median wall and CPU milliseconds of ``repeat`` requests (after one warm-up), queries."""
    client = app.test_client()
    with app.app_context():
        teacher = db.session.get(User, filled.teacher_id)
        assert teacher is not None
        sessions.start(teacher, remember=False)
        session_id = teacher.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    queries: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(*args: Any) -> None:
        queries.append(str(args[2]))

    walls, cpus, db_cpus, size = [], [], [], 0
    pid = backend_pid(app)
    for _ in range(repeat + 1):
        queries.clear()
        sa.event.listen(engine, "before_cursor_execute", count)
        wall, cpu, db_cpu = time.perf_counter(), time.process_time(), backend_cpu_ms(pid)
        response = client.get(url)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        db_cpus.append(backend_cpu_ms(pid) - db_cpu)
        sa.event.remove(engine, "before_cursor_execute", count)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        size = len(response.data)
    if backend_pid(app) != pid:
        raise SystemExit("the app changed database connections; database CPU is not its own")
    # The first request warms the content and template caches: left out.
    return {
        "wall_ms": round(statistics.median(walls[1:]), 1),
        "cpu_ms": round(statistics.median(cpus[1:]), 1),
        "db_cpu_ms": round(statistics.median(db_cpus[1:]), 1),
        "queries": len(queries),
        "page_kb": round(size / 1024),
    }


def time_counts(app: Flask, assignment_id: int, samples: int = 20) -> dict[str, float]:
    """The item counts of the bulk-loaded class: how long rebuilding them from the responses
    takes (what the first item analysis after a bulk load or the migration does), and the
    median cost of counting one submission (taken out and counted again, so the counts end
    as they began)."""
    with app.app_context():
        started = time.perf_counter()
        itemcounts.rebuild(assignment_id)
        rebuild_ms = (time.perf_counter() - started) * 1000
        attempts = db.session.scalars(
            sa.select(Attempt)
            .where(Attempt.assignment_id == assignment_id)
            .order_by(Attempt.id)
            .limit(samples)
        ).all()
        costs = []
        for attempt in attempts:
            itemcounts.subtract(itemcounts.submitted_among([attempt.id]))
            db.session.commit()  # the taking out is not part of the timed cost
            started = time.perf_counter()
            itemcounts.count_submission(attempt)
            db.session.commit()
            costs.append((time.perf_counter() - started) * 1000)
    return {
        "rebuild_ms": round(rebuild_ms, 1),
        "count_submission_ms": round(statistics.median(costs), 2),
    }


def run_size(raw: str, schema: str, students: int, items: int, repeat: int) -> dict[str, Any]:
    """Fill one size and time both pages on it."""
    app = fresh_app(raw, schema)
    started = time.perf_counter()
    filled = fill(app, students, items)
    fill_s = round(time.perf_counter() - started, 1)
    print(f"  {students} × {items}: {filled.responses} responses filled in {fill_s} s", flush=True)
    counts = time_counts(app, filled.assignment_id)
    print(
        f"  item counts: rebuilt from the responses in {counts['rebuild_ms']} ms; adding one "
        f"submission costs {counts['count_submission_ms']} ms",
        flush=True,
    )
    pages = {
        "dashboard": time_page(app, filled, f"/assignments/{filled.assignment_id}", repeat),
        "item_analysis": time_page(
            app, filled, f"/assignments/{filled.assignment_id}/items", repeat
        ),
    }
    with app.app_context():
        db.engine.dispose()
    return {
        "students": students,
        "items": items,
        "responses": filled.responses,
        "fill_s": fill_s,
        "item_counts": counts,
        **pages,
    }


def main() -> None:
    """Fill each size, time the pages, merge into results.json and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--schema", default="bench_analytics")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=sorted(SIZES), help="run one size")
    parser.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    args = parser.parse_args()
    result: dict[str, Any] = {"load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    for key, (students, items) in SIZES.items():
        if args.only and key != args.only:
            continue
        detail = run_size(args.database_url, args.schema, students, items, args.repeat)
        result[key.removeprefix("responses_") + "_detail"] = detail
        result[f"{key}_ms"] = max(
            detail["dashboard"]["wall_ms"], detail["item_analysis"]["wall_ms"]
        )
        _print(key, detail)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if not args.keep:
        admin = sa.create_engine(database_url(args.database_url, ""))
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{args.schema}" CASCADE'))
        admin.dispose()
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    previous = data.get("analytics") or {}
    data["analytics"] = {**previous, **result} if args.only else result
    RESULTS.write_text(json.dumps(data, indent=2) + "\n")
    print(f'written to {RESULTS.relative_to(ROOT)} under "analytics"')


def _print(key: str, detail: dict[str, Any]) -> None:
    print(f"  {key}: target < {TARGET_MS[key]} ms")
    for page in ("dashboard", "item_analysis"):
        d = detail[page]
        print(
            f"    {page:<14} {d['wall_ms']:>8} ms wall  {d['cpu_ms']:>8} ms app CPU  "
            f"{d['db_cpu_ms']:>8} ms database CPU  "
            f"{d['queries']} queries  {d['page_kb']} KB"
        )


if __name__ == "__main__":
    main()
