"""The REST API and the pages: every kind served, filters, tokens, size cap, JSON twins, escaping, docs, and adds while serving."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from storyline import open_corpus
from storyline.model import RECORDS
from storyline.settings import Settings

from .conftest import ROOT, SEEDS
from .serving import HOSTILE, serving

PAGES = ["/", "/timeline", "/claims", "/actors", "/documents"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = folder / "serve.duckdb"
    open_corpus(str(db)).add([str(SEEDS), str(folder / "hostile.txt")])
    return db


@pytest.fixture(scope="module")
def client(store: Path):
    from storyline.serve.app import create_app

    with TestClient(create_app(Settings(db=str(store)))) as c:
        yield c


def test_every_record_kind_is_served_with_its_records(client, store):
    for kind in RECORDS:
        response = client.get(f"/api/{kind}", params={"limit": 1000})
        assert response.status_code == 200, (kind, response.text)
        body = response.json()
        assert body["kind"] == kind and body["total"] == open_corpus(str(store)).reader().count(kind)
        assert len(body["records"]) == min(body["total"], 1000)


def test_filters_and_pagination(client):
    events = client.get("/api/events", params={"actor": "PRK", "limit": 1000}).json()["records"]
    assert events and all("PRK" in (e["actor"] + "+" + (e["recipient"] or "")).split("+") for e in events)
    assert all(e["type"] == "ASSAULT" for e in client.get("/api/events", params={"type": "ASSAULT"}).json()["records"])
    november = client.get("/api/timeline", params={"since": "2024-11-05", "until": "2024-11", "limit": 1000}).json()["records"]
    assert november and all("2024-11" <= r["date"][:7] <= "2024-11" and r["date"] >= "2024-11"[:len(r["date"])] for r in november)
    assert all(r["date"] >= "2024-11-05"[:len(r["date"])] for r in november)
    kursk = client.get("/api/documents", params={"q": "KURSK"}).json()["records"]
    assert kursk and all("kursk" in (d["text"] + (d["title"] or "")).lower() for d in kursk)
    first, second = (client.get("/api/mentions", params={"limit": 5, "offset": o}).json()["records"] for o in (0, 5))
    assert len(first) == len(second) == 5 and first != second
    assert client.get("/api/figures", params={"actor": "PRK"}).status_code == 400
    assert client.get("/api/nope").status_code == 400
    assert client.get("/api/events", params={"limit": 0}).status_code == 400


def test_openapi_lists_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/{kind}", "/api/brief", "/api/documents", "/timeline", "/claims", "/actors/{actor_id}", "/documents/{doc_id}"):
        assert route in paths, route


def test_every_page_has_a_json_twin(client):
    doc = client.get("/api/documents", params={"limit": 1}).json()["records"][0]["id"]
    for path in [*PAGES, "/actors/PRK", f"/documents/{doc}"]:
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
        twin = client.get("/index.json" if path == "/" else path + ".json")
        accepted = client.get(path, headers={"Accept": "application/json"})
        assert twin.status_code == 200 and twin.json() == accepted.json(), path
    assert client.get("/documents/nope").status_code == 404
    assert client.get("/documents/nope.json").json()["status"] == 404


def test_the_briefing_endpoint_is_the_briefing(client, store):
    from storyline.report.brief import briefing_json

    assert client.get("/api/brief").json() == json.loads(json.dumps(briefing_json(open_corpus(str(store)).brief())))
    assert client.get("/api/brief", params={"format": "md"}).text.startswith("# Briefing")


def test_headers_forbid_inline_scripts_and_article_text_is_escaped(client):
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    hostile = next(d for d in client.get("/api/documents", params={"q": "__pwned", "limit": 5}).json()["records"])
    html = client.get(f"/documents/{hostile['id']}").text
    assert "<script>window.__pwned" not in html and "&lt;script&gt;window.__pwned" in html
    assert "<img src=x" not in html and "<style>body" not in html and 'href="javascript:' not in html
    assert len(re.findall(r"<script\b", html)) == 1  # the app's own script only


def test_writes_are_refused_without_a_token(client):
    assert client.post("/api/documents", content=b"text", headers={"Content-Type": "text/plain"}).status_code == 403


def test_token_checks_and_size_cap(tmp_path):
    from storyline.serve.app import create_app

    settings = Settings(db=str(tmp_path / "w.duckdb"), analyse=False)
    with TestClient(create_app(settings, token="s3cret", max_body=2000)) as c:
        article = json.dumps({"title": "A test", "text": "Officials said on Monday that talks would resume next week in Geneva. " * 3})
        headers = {"Content-Type": "application/json"}
        assert c.post("/api/documents", content=article, headers=headers).status_code == 401
        assert c.post("/api/documents", content=article, headers={**headers, "Authorization": "Bearer wrong"}).status_code == 403
        ok = c.post("/api/documents", content=article, headers={**headers, "Authorization": "Bearer s3cret"})
        assert ok.status_code == 201 and ok.json()["added"] == 1
        assert c.get("/api/documents").json()["total"] == 1
        big = c.post("/api/documents", content=b"x" * 3000, headers={"Content-Type": "text/plain", "Authorization": "Bearer s3cret"})
        assert big.status_code == 413
        odd = c.post("/api/documents", content=b"x", headers={"Content-Type": "image/png", "Authorization": "Bearer s3cret"})
        assert odd.status_code == 400


def test_every_route_and_command_is_documented_in_the_readme(client):
    from storyline.cli import app as cli_app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    routes = {r.path for r in client.app.routes if r.path.startswith("/") and not r.path.startswith("/static")
              and not (r.path.endswith(".json") and r.path != "/openapi.json")}
    for path in routes:
        methods = sorted(getattr(r, "methods", None) or {"GET"} for r in client.app.routes if r.path == path)[0]
        assert any(f"`{m} {path}`" in readme for m in methods), path
    for command in cli_app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"storyline {name}" in readme, name


@pytest.mark.slow
def test_the_server_keeps_answering_while_articles_are_added(tmp_path):
    db = tmp_path / "live.duckdb"
    open_corpus(str(db)).add([str(SEEDS)])
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    body = "\n".join(json.dumps({"title": f"Report {i}", "text": f"Report number {i} from the wires. " + seeds[i % len(seeds)]})
                     for i in range(40))
    with serving(db, token="t0ken") as base:
        before = httpx.get(base + "/api/documents", params={"limit": 1}).json()["total"]
        result: dict = {}

        def post() -> None:
            result["response"] = httpx.post(base + "/api/documents", content=body.encode(), timeout=600,
                                            headers={"Content-Type": "application/x-ndjson", "Authorization": "Bearer t0ken"})

        writer = threading.Thread(target=post)
        writer.start()
        answered, statuses = 0, set()
        while writer.is_alive():
            response = httpx.get(base + "/api/documents", params={"limit": 1}, timeout=30)
            statuses.add(response.status_code)
            answered += writer.is_alive()
            time.sleep(0.05)
        writer.join()
        assert result["response"].status_code == 201, result["response"].text
        assert statuses == {200} and answered >= 3
        after = httpx.get(base + "/api/documents", params={"limit": 1}).json()["total"]
        added = result["response"].json()["added"]
        assert added > 0 and after == before + added
