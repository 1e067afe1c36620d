"""Serving under load: cached responses with ETags, their invalidation when the store changes, pages cut
from cached blocks, and several worker processes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient

from storyline import open_corpus
from storyline.errors import UsageError
from storyline.serve.app import create_app, worker_count
from storyline.serve.query import BLOCK_ROWS, MAX_LIMIT, Blocks, Filters, count, select
from storyline.settings import Settings
from storyline.store import Store

from .serving import serving


def article(n: int) -> str:
    return json.dumps({"title": f"Report {n}", "text": f"Report number {n}: officials in Geneva said on Monday that talks "
                                                        "would resume next week, and that both delegations had agreed to attend."})


def build(db: Path, n: int) -> Path:
    """A store of ``n`` small articles, without the analysis (fast)."""
    source = db.with_suffix(".jsonl")
    source.write_text("\n".join(article(i) for i in range(n)) + "\n", encoding="utf-8")
    open_corpus(settings=Settings(db=str(db), analyse=False)).add([str(source)])
    return db


def test_responses_carry_an_etag_and_a_matching_if_none_match_answers_304(tmp_path):
    db = build(tmp_path / "a.duckdb", 3)
    with TestClient(create_app(Settings(db=str(db)))) as c:
        first = c.get("/api/documents", params={"limit": 2})
        etag = first.headers["etag"]
        assert first.status_code == 200 and etag.startswith('"') and first.headers["cache-control"] == "no-cache"
        again = c.get("/api/documents", params={"limit": 2}, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
        assert "script-src 'self'" in again.headers["content-security-policy"]
        assert c.get("/api/documents", params={"limit": 2}, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
        other = c.get("/api/documents", params={"limit": 2}, headers={"If-None-Match": '"other"'})
        assert other.status_code == 200 and other.json() == first.json()
        assert c.get("/api/documents", params={"limit": 1}, headers={"If-None-Match": etag}).status_code == 200  # another query
        assert c.get("/documents/nope").status_code == 404 and "etag" not in c.get("/documents/nope").headers


def test_a_page_and_its_json_twin_are_cached_apart(tmp_path):
    db = build(tmp_path / "a.duckdb", 3)
    with TestClient(create_app(Settings(db=str(db)))) as c:
        html = c.get("/documents")
        assert html.headers["content-type"].startswith("text/html")
        twin = c.get("/documents", headers={"Accept": "application/json"})
        assert twin.headers["content-type"].startswith("application/json") and twin.json()["total"] == 3
        assert c.get("/documents").text == html.text and twin.headers["etag"] != html.headers["etag"]


def test_the_cache_is_dropped_when_the_store_file_is_replaced(tmp_path):
    served = build(tmp_path / "served.duckdb", 3)
    with TestClient(create_app(Settings(db=str(served)))) as c:
        before = c.get("/api/documents", params={"limit": 1})
        page = c.get("/documents")
        assert before.json()["total"] == 3
        bigger = build(tmp_path / "bigger.duckdb", 5)
        os.replace(bigger, served)  # a read-only server holds no lock that stops this
        after = c.get("/api/documents", params={"limit": 1}, headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200 and after.json()["total"] == 5
        assert after.headers["etag"] != before.headers["etag"]
        assert c.get("/documents.json").json()["total"] == 5 and c.get("/documents").text != page.text


def test_the_cache_is_dropped_when_the_server_adds_articles(tmp_path):
    db = tmp_path / "w.duckdb"
    with TestClient(create_app(Settings(db=str(db), analyse=False), token="s3cret")) as c:
        empty = c.get("/api/documents", params={"limit": 5})
        assert empty.json()["total"] == 0
        added = c.post("/api/documents", content="\n".join(article(i) for i in range(2)),
                       headers={"Content-Type": "application/x-ndjson", "Authorization": "Bearer s3cret"})
        assert added.status_code == 201
        after = c.get("/api/documents", params={"limit": 5}, headers={"If-None-Match": empty.headers["etag"]})
        assert after.status_code == 200 and after.json()["total"] == 2 and len(after.json()["records"]) == 2


def test_pages_cut_from_blocks_are_the_pages_a_query_reads(tmp_path):
    db = build(tmp_path / "b.duckdb", 2 * BLOCK_ROWS + 30)
    blocks = Blocks()
    with Store.reader(db) as store:
        for filters in (Filters(), Filters(q="report number 1")):
            total = count(store, "documents", filters)
            for offset in (0, 1, BLOCK_ROWS - 1, BLOCK_ROWS, BLOCK_ROWS + 7, total - 3, total, total + 9):
                for limit in (1, 20, BLOCK_ROWS, BLOCK_ROWS + 1, MAX_LIMIT):
                    expected = select(store, "documents", filters, limit, offset)
                    got = blocks.select(store, 0, "documents", filters, limit, offset, total)
                    assert got == expected, (filters, offset, limit)
        with pytest.raises(UsageError):
            blocks.select(store, 0, "documents", Filters(), 0, 0, 1)
        with pytest.raises(UsageError):
            blocks.select(store, 0, "documents", Filters(type="x"), 5, 0, 1)
    small = Blocks(max_bytes=1)
    with Store.reader(db) as store:
        for offset in range(0, 2 * BLOCK_ROWS + 30, BLOCK_ROWS):
            small.select(store, 0, "documents", Filters(), 5, offset, 2 * BLOCK_ROWS + 30)
    assert len(small._blocks) == 1  # the least recently used are dropped beyond the budget


def test_workers_default_to_the_cores_and_are_one_with_a_token():
    cores = len(os.sched_getaffinity(0))
    assert worker_count(None, writes=False) == max(1, min(cores, 4))
    assert worker_count(3, writes=False) == 3
    assert worker_count(None, writes=True) == worker_count(1, writes=True) == 1
    with pytest.raises(UsageError):
        worker_count(2, writes=True)
    with pytest.raises(UsageError):
        worker_count(0, writes=False)


def test_serve_refuses_several_workers_with_a_token(cli, tmp_path):
    db = build(tmp_path / "t.duckdb", 1)
    result = cli("serve", "--db", str(db), "--workers", "2", "--token", "s3cret")
    assert result.exit_code == 2 and "--workers must be 1" in result.output


@pytest.mark.slow
def test_serve_runs_several_worker_processes_that_all_answer(tmp_path):
    db = build(tmp_path / "m.duckdb", 4)
    with serving(db, workers=2) as base:
        port = int(base.rsplit(":", 1)[1])
        serve = next(p for p in psutil.Process().children() if str(port) in " ".join(p.cmdline()))
        workers = [p for p in serve.children() if "spawn_main" in " ".join(p.cmdline())]
        assert len(workers) == 2
        with httpx.Client(base_url=base) as http:
            for _ in range(20):
                assert http.get("/api/documents", params={"limit": 1}).json()["total"] == 4
        used = [p.cpu_times().user + p.cpu_times().system for p in workers]
        assert all(t > 0 for t in used)


def test_load_script_uses_wrk_when_installed():
    import importlib.util
    import sys

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("load_script", root / "benchmarks" / "load.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(root / "benchmarks"))
    assert "wrk.format" in module.WRK_SCRIPT and "latency:percentile(99)" in module.WRK_SCRIPT
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed")
