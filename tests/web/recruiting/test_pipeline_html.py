"""The pipeline pages are valid HTML (W3C Nu checker) without duplicate ids: the table (plain,
sorted and filtered, with a filter error), the comparison (and its error), a candidate's page
with a report, notes and the audit log, and one with a form error."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.actions import login
from tests.html import duplicate_ids, vnu_errors
from tests.support import csrf_from
from tests.worlds.hiring import World


def test_every_pipeline_page_is_valid_html(
    app: Flask, tmp_path: Path, pipeline_world: World
) -> None:
    client = app.test_client()
    login(client, "rec@example.com")
    base = f"/recruit/positions/{pipeline_world.position_id}"
    ana, ben, cal = (pipeline_world.candidates[n] for n in ("Ana", "Ben", "Cal"))

    def get(url: str, status: int = 200) -> str:
        resp = client.get(url)
        assert resp.status_code == status, url
        return resp.get_data(as_text=True)

    page = get(f"/recruit/candidates/{ana}")
    client.post(
        f"/recruit/candidates/{ana}/notes",
        data={"csrf_token": csrf_from(page), "note-body": "Good <b>SQL</b> & fast"},
    )
    client.post(
        f"/recruit/candidates/{ana}/decision",
        data={"csrf_token": csrf_from(page), "decision-decision": "advance"},
    )
    pages = {
        "pipeline": get(f"{base}/pipeline"),
        "pipeline-sorted": get(f"{base}/pipeline?sort=readiness&dir=desc&status=submitted"),
        "pipeline-error": get(f"{base}/pipeline?status=nope", 400),
        "compare": get(f"{base}/compare?candidate={ana}&candidate={ben}&candidate={cal}"),
        "compare-error": get(f"{base}/compare?candidate={ana}", 400),
        "candidate": get(f"/recruit/candidates/{ana}"),
        "candidate-withdrawn": get(f"/recruit/candidates/{cal}"),
    }
    resp = client.post(
        f"/recruit/candidates/{ben}/notes",
        data={"csrf_token": csrf_from(pages["candidate"]), "note-body": ""},
    )
    assert resp.status_code == 400
    pages["candidate-note-error"] = resp.get_data(as_text=True)
    assert "Good &lt;b&gt;SQL&lt;/b&gt; &amp; fast" in pages["candidate"]
    assert {name: duplicate_ids(html) for name, html in pages.items() if duplicate_ids(html)} == {}
    paths = []
    for name, html in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_text(html, encoding="utf-8")
    assert vnu_errors(paths) == []
