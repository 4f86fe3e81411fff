"""The pipeline table of a position: statuses, readiness with intervals, gaps, sorting and
filtering without JavaScript, the CSV export, a fixed number of queries, and access."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from tests.actions import login
from tests.support import counting
from tests.worlds.hiring import BEN, World


def _page(client: FlaskClient, world: World, query: str = "") -> str:
    resp = client.get(f"/recruit/positions/{world.position_id}/pipeline{query}")
    assert resp.status_code == 200, resp.status_code
    return resp.get_data(as_text=True)


def _names(html: str) -> list[str]:
    """Candidate names in table order."""
    body = html.split('data-testid="pipeline"', 1)[1]
    return re.findall(r'<th scope="row"><a href="/recruit/candidates/\d+">([^<]+)</a>', body)


def _row(html: str, name: str) -> str:
    """The table row of the candidate called ``name``."""
    rows = [r.split("</tr>", 1)[0] for r in html.split("<tr data-invitation=")[1:]]
    found = [r for r in rows if f">{name}</a>" in r]
    assert len(found) == 1, name
    return found[0]


def test_each_status_and_scores_only_for_visible_results(
    client: FlaskClient, pipeline_world: World
) -> None:
    login(client, "rec@example.com")
    html = _page(client, pipeline_world)
    expected = {
        "Ana": "Submitted",
        "Ben": "Submitted",
        "Cal": "Withdrawn",
        "Dee": "Invited",
        "Eve": "Expired",
        "Fay": "Started",
        "Gus": "Declined",
    }
    for name, status in expected.items():
        assert f'data-testid="status">{status}</span>' in _row(html, name), name
    # Ana and Ben have readiness with an interval, Ben's top gaps are ranked by impact.
    ana, ben = _row(html, "Ana"), _row(html, "Ben")
    assert re.search(r'data-testid="readiness">\d+% <span class="muted">\(\d+–\d+%\)', ana)
    assert (
        "<li>Designing RESTful APIs</li><li>Data integrity and constraints</li>"
        "<li>Communicating technical ideas</li>" in ben
    )
    assert "25.0 min" in ana and "40.0 min" in ben
    # Withdrawn: "withdrawn" and no scores, though the attempt and its snapshot still exist.
    cal = _row(html, "Cal")
    assert 'data-testid="readiness"><span class="muted">—</span>' in cal
    assert "min" not in cal and "Writing SQL queries" not in cal and 'name="candidate"' not in cal
    # Nobody else has a score; the formula-like name is escaped text.
    assert html.count('data-testid="readiness"><span class="muted">—') == 6
    assert "=HYPERLINK(1)</a>" in html


def test_sorting_by_readiness_both_ways_with_aria_sort(
    client: FlaskClient, pipeline_world: World
) -> None:
    login(client, "rec@example.com")
    html = _page(client, pipeline_world, "?sort=readiness&dir=desc")
    assert _names(html)[:2] == ["Ana", "Ben"]  # empty values go last either way
    assert 'aria-sort="descending"' in html and html.count("aria-sort=") == 1
    # The active header links to the other direction, keeping the filters.
    assert "sort=readiness&amp;dir=asc" in html
    html = _page(client, pipeline_world, "?sort=readiness&dir=asc")
    assert _names(html)[:2] == ["Ben", "Ana"] and 'aria-sort="ascending"' in html
    names = _names(_page(client, pipeline_world, "?sort=name"))
    assert names == sorted(names, key=str.casefold)
    assert _names(_page(client, pipeline_world, "?sort=time&dir=asc"))[:2] == ["Ana", "Ben"]
    assert _names(_page(client, pipeline_world, "?sort=submitted&dir=desc"))[:2] == ["Ben", "Ana"]


def test_filters_by_status_and_decision(client: FlaskClient, pipeline_world: World) -> None:
    login(client, "rec@example.com")
    assert _names(_page(client, pipeline_world, "?status=submitted")) == ["Ana", "Ben"]
    assert _names(_page(client, pipeline_world, "?status=withdrawn")) == ["Cal"]
    client_post_decision(client, pipeline_world.candidates["Ben"], "advance")
    assert _names(_page(client, pipeline_world, "?decision=advance")) == ["Ben"]
    html = _page(client, pipeline_world, "?decision=none&status=submitted")
    assert _names(html) == ["Ana"]
    assert "Advance</td>" in _row(_page(client, pipeline_world), "Ben")
    # Sorting links keep the filter.
    assert "status=submitted" in html.split("aria-sort", 1)[1]


def test_unknown_filter_or_sort_says_so(client: FlaskClient, pipeline_world: World) -> None:
    login(client, "rec@example.com")
    resp = client.get(
        f"/recruit/positions/{pipeline_world.position_id}/pipeline?status=hired&sort=x"
    )
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "not one the table offers" in html and len(_names(html)) == 8
    resp = client.get(
        f"/recruit/positions/{pipeline_world.position_id}/pipeline.csv?decision=maybe"
    )
    assert resp.status_code == 302 and "decision=maybe" in resp.location


def test_csv_has_the_same_rows_and_guards_formulas(
    client: FlaskClient, pipeline_world: World
) -> None:
    login(client, "rec@example.com")
    resp = client.get(
        f"/recruit/positions/{pipeline_world.position_id}/pipeline.csv?sort=readiness&dir=desc"
    )
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True))))
    assert rows[0][:4] == ["Candidate", "Email", "Status", "Readiness"]
    body = rows[1:]
    assert [r[0] for r in body[:2]] == ["Ana", "Ben"] and len(body) == 8
    ana, ben = body[0], body[1]
    assert float(ana[4]) <= float(ana[3]) <= float(ana[5])
    assert (
        ben[6]
        == "Designing RESTful APIs; Data integrity and constraints; Communicating technical ideas"
        and ben[7] == "40.0"
    )
    cal = next(r for r in body if r[0] == "Cal")
    assert cal[2] == "withdrawn" and cal[3:9] == ["", "", "", "", "", ""]
    assert any(r[0] == "'=HYPERLINK(1)" for r in body)
    assert not any(cell[:1] in "=+-@" and cell for r in body for cell in r)
    filtered = client.get(
        f"/recruit/positions/{pipeline_world.position_id}/pipeline.csv?status=invited"
    )
    assert [r[0] for r in csv.reader(io.StringIO(filtered.get_data(as_text=True)))][1:] == [
        "'=HYPERLINK(1)",
        "Dee",
    ]


def test_query_count_does_not_grow_with_candidates(
    app: Flask, client: FlaskClient, pipeline_world: World, make_candidate: Callable[..., int]
) -> None:
    login(client, "rec@example.com")
    _page(client, pipeline_world)  # warm up: content loaded, session established
    with counting(app) as few:
        _page(client, pipeline_world)
    for i in range(12):
        make_candidate(pipeline_world.position_id, f"More{i}", levels=BEN if i % 2 else None)
    with counting(app) as many:
        html = _page(client, pipeline_world)
    assert len(_names(html)) == 20
    assert len(many) == len(few), (len(few), len(many))


def test_access_only_for_the_positions_company(
    app: Flask, client: FlaskClient, pipeline_world: World
) -> None:
    urls = [
        f"/recruit/positions/{pipeline_world.position_id}/pipeline",
        f"/recruit/positions/{pipeline_world.position_id}/pipeline.csv",
        f"/recruit/positions/{pipeline_world.position_id}/compare?candidate=1&candidate=2",
        f"/recruit/candidates/{pipeline_world.candidates['Ana']}",
    ]
    for url in urls:  # signed out: the log-in page, which tells nothing about the URL
        resp = client.get(url)
        assert resp.status_code == 302 and "/login" in resp.location, url
    login(client, "out@example.com")  # owner of another company
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert (
        client.get(f"/recruit/positions/{pipeline_world.other_position_id}/pipeline").status_code
        == 200
    )
    assert client.get("/recruit/positions/999999/pipeline").status_code == 404
    client.post("/logout")
    login(client, "rec@example.com")
    # The recruiter cannot reach the other company's position or candidates either.
    assert (
        client.get(f"/recruit/positions/{pipeline_world.other_position_id}/pipeline").status_code
        == 404
    )


def client_post_decision(client: FlaskClient, invitation_id: int, decision: str) -> None:
    """Set a decision through the candidate page's form."""
    from tests.support import csrf_from

    page = client.get(f"/recruit/candidates/{invitation_id}").get_data(as_text=True)
    resp = client.post(
        f"/recruit/candidates/{invitation_id}/decision",
        data={"csrf_token": csrf_from(page), "decision-decision": decision},
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
