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
