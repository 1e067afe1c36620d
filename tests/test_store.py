"""The store: round-trips, idempotent writes, schema versions."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from storyline.errors import StoreError
from storyline.model import Document, Reject
from storyline.store import SCHEMA_VERSION, Batch, Store

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
optional = st.none() | text
documents = st.builds(
    Document,
    id=st.text("0123456789abcdef", min_size=16, max_size=16),
    text=text,
    raw_chars=st.integers(0, 10**7),
    clean_chars=st.integers(0, 10**7),
    path=optional, url=optional, source=optional, title=optional,
    published=st.none() | st.dates().map(lambda d: d.isoformat()),
    published_precision=st.sampled_from([None, "day", "month", "year"]),
    published_basis=st.sampled_from(["metadata", "header", "byline", "text", "inferred", "none"]),
    language=st.sampled_from([None, "en"]),
)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(documents, max_size=8, unique_by=lambda d: d.id))
def test_documents_round_trip(tmp_path_factory, docs):
    db = tmp_path_factory.mktemp("rt") / "s.duckdb"
    with Store(db) as store:
        store.write(Batch(documents=docs))
        store.write(Batch(documents=docs))  # a second write of the same keys changes nothing
        back = {r["id"]: r for r in store.iter_records("documents")}
    assert len(back) == len(docs)
    for doc in docs:
        assert Document(**back[doc.id]) == doc


def test_rejects_are_upserted_per_input_and_reason(tmp_path):
    with Store(tmp_path / "r.duckdb") as store:
        store.write(Batch(rejects=[Reject("a", "empty", "first")]))
        store.write(Batch(rejects=[Reject("a", "empty", "second"), Reject("a", "binary", "x")]))
        rows = sorted((r["input"], r["reason"], r["detail"]) for r in store.iter_records("rejects"))
    assert rows == [("a", "binary", "x"), ("a", "empty", "second")]


def test_schema_version_is_recorded_and_newer_databases_refused(tmp_path):
    db = tmp_path / "v.duckdb"
    with Store(db) as store:
        assert store.version() == SCHEMA_VERSION
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer than this Storyline"):
        Store(db)


def test_unopenable_database_is_a_store_error(tmp_path):
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_text("this is not a database")
    with pytest.raises(StoreError, match="cannot open database"):
        Store(bad)


def test_stories_sharing_reads_only_the_stories_closest_to_each_document(tmp_path):
    from storyline.model import Story

    def story(i: int, features: list[str]) -> Story:
        return Story(id=f"s{i:02d}", label="", documents=(f"s{i:02d}",), first_published="2024-01-10",
                     last_published="2024-01-12", features=tuple(features), weights=tuple(1.0 for _ in features))

    # story k shares k of the document's features; every story shares at least "a"
    wanted = ["a", "b", "c", "d", "e"]
    stories = [story(k, wanted[:k] + [f"x{k}"]) for k in range(1, 6)] + [story(9, ["y", "z"])]
    with Store(tmp_path / "s.duckdb") as store:
        store.write_records(stories)
        every = list(store.stories_sharing({"doc": wanted}, 12, None, None))
        closest = list(store.stories_sharing({"doc": wanted}, 12, None, None, per_key_set=2))
        two_docs = list(store.stories_sharing({"doc": wanted, "other": ["y"]}, 12, None, None, per_key_set=2))
        dated_out = list(store.stories_sharing({"doc": wanted}, 12, "2025-01-01", "2025-02-01"))
    assert [s.id for s in every] == ["s01", "s02", "s03", "s04", "s05"]
    assert [s.id for s in closest] == ["s04", "s05"]
    assert [s.id for s in two_docs] == ["s04", "s05", "s09"]
    assert dated_out == []


def test_duckdb_draws_no_progress_bar_on_stdout(tmp_path):
    # DuckDB prints a bar on stdout for queries over two seconds; in `add` or `export` it would land in the output
    with Store(tmp_path / "s.duckdb") as store:
        assert store.con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)
    with Store.reader(tmp_path / "s.duckdb") as reader:
        assert reader.con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)


def test_fields_where_reads_only_the_columns_asked_for_and_refuses_others(tmp_path):
    doc = Document("d1", "some text", 9, 9, origin="o1")
    with Store(tmp_path / "s.duckdb") as store:
        store.write(Batch(documents=[doc]))
        assert store.fields_where("documents", "id", ["d1", "missing"], ("duplicate_of", "origin")) == {"d1": (None, "o1")}
        with pytest.raises(ValueError):
            store.fields_where("documents", "id", ["d1"], ("text; DROP TABLE documents",))


def test_a_failed_update_reports_its_own_error_not_the_aborted_transaction(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.write(Batch(documents=[Document("d1", "text", 4, 4)]))
        with pytest.raises(StoreError) as caught:
            store.set_column("documents", "no_such_column", {"d1": "x"})
        assert "no_such_column" in str(caught.value) and "aborted" not in str(caught.value)
        store.set_column("documents", "story", {"d1": "s1"})  # the connection is usable again
        assert store.records_where("documents", "id", ["d1"])[0].story == "s1"


def test_running_out_of_database_memory_is_one_line_that_names_the_setting(tmp_path, cli):
    from storyline.settings import Settings
    from storyline.corpus import Corpus

    db, config = tmp_path / "m.duckdb", tmp_path / "s.toml"
    texts = tmp_path / "in"
    texts.mkdir()
    for i in range(40):
        (texts / f"{i}.txt").write_text(f"Report {i}. " + " ".join(f"word{i}x{j}" for j in range(400)))
    Corpus(settings=Settings(db=str(db), analyse=False)).add([str(texts)])
    config.write_text('db_memory_limit = "1MB"\n')
    result = cli("export", "documents", "--db", str(db), "--config", str(config))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "db_memory_limit" in lines[0] and "Traceback" not in result.stderr


def test_a_statement_that_runs_out_of_memory_is_retried_once_with_more_and_the_limit_set_back(tmp_path):
    """Some of what a statement holds cannot spill (a primary key's ART grows with the store), so a
    pool sized for a small store must not fail a large one: the read, or the write transaction, is
    run again with HEADROOM times the limit, which is then restored."""
    import storyline.store as store_module

    db, n = tmp_path / "r.duckdb", 400_000
    with Store(db, memory_limit="1GB") as store:
        store.write_columns("fingerprints", {"doc_id": [f"d{i % 20_000}" for i in range(n)], "kind": ["passage"] * n,
                                             "key": [f"k{i}" for i in range(n)], "start": [0] * n, "end": [1] * n})
        keys = {f"q{j}": [f"k{i}" for i in range(j, n, 50)] for j in range(50)}
        expected = store.fingerprint_overlaps("passage", keys)
    with Store(db, memory_limit="16MB") as store:
        limit = store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        with pytest.raises(duckdb.OutOfMemoryException):  # what the retry is for: this read does not fit in 16 MB
            Store.fingerprint_overlaps.__wrapped__(store, "passage", keys)
        store._abandon()
        assert store.fingerprint_overlaps("passage", keys) == expected
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == limit
        assign = {f"k{i}": f"v{i % 7}" for i in range(n)}
        store_module.HEADROOM, headroom = 1, store_module.HEADROOM
        try:
            with pytest.raises(StoreError, match="db_memory_limit"):  # nor this write, without the headroom
                store.set_column("fingerprints", "doc_id", assign, key="key")
        finally:
            store_module.HEADROOM = headroom
        store.set_column("fingerprints", "doc_id", assign, key="key")
        assert store.count_where("fingerprints", "doc_id", ["v0"]) == {"v0": len(range(0, n, 7))}
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == limit
