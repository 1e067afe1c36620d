"""The record registry: every kind in every format, a new kind in one declaration, the field reference."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from storyline.corpus import Corpus
from storyline.model import RECORDS, desc, record, unregister
from storyline.report.export import FORMATS, export
from storyline.report.schema import records_markdown
from storyline.settings import Settings
from storyline.store import Batch, Store

from .conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Corpus:
    corpus = Corpus(settings=Settings(db=str(tmp_path_factory.mktemp("records") / "seeds.duckdb"), processes=1))
    corpus.add([str(SEEDS)])
    return corpus


def _read(fmt: str, data: bytes) -> list[dict]:
    if fmt == "jsonl":
        return [json.loads(line) for line in data.decode().splitlines()]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(data.decode())))
    return pq.read_table(io.BytesIO(data)).to_pylist()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", list(RECORDS))
def test_every_kind_exports_in_every_format(seeded, kind, fmt):
    out = io.BytesIO()
    n = seeded.export(kind, out, fmt)
    rows = _read(fmt, out.getvalue())
    assert len(rows) == n
    fields = [c.name for c in RECORDS[kind].exported]
    if rows:
        assert list(rows[0])[:len(fields)] == fields
    elif fmt != "jsonl":  # an empty export still names its columns
        assert _columns(fmt, out.getvalue()) == fields


def _columns(fmt: str, data: bytes) -> list[str]:
    if fmt == "csv":
        return next(csv.reader(io.StringIO(data.decode())))
    return pq.read_table(io.BytesIO(data)).column_names


def test_list_fields_are_json_text_in_csv(seeded):
    out = io.BytesIO()
    seeded.export("actors", out, "csv")
    prk = next(r for r in csv.DictReader(io.StringIO(out.getvalue().decode())) if r["id"] == "PRK")
    assert "DPRK" in json.loads(prk["aliases"])
    out = io.BytesIO()
    seeded.export("figures", out, "csv")
    figure = next(csv.DictReader(io.StringIO(out.getvalue().decode())))
    assert all("claimed_by" in value for value in json.loads(figure["values"]))


def test_the_seed_kinds_are_not_empty(seeded):
    with seeded.reader() as store:
        for kind in ("documents", "mentions", "actors", "times", "quotes", "claims", "figures"):
            assert store.count(kind) > 0, kind


def test_a_new_kind_is_one_declaration(tmp_path):
    @record("sightings", key=("id",), order=("id",))
    @dataclass(frozen=True)
    class Sighting:
        """A throwaway kind."""

        id: str = desc("id")
        seen: int = desc("times seen")
        tags: tuple[str, ...] = desc("tags", ())
        note: str | None = desc("a note", None)

    try:
        db = tmp_path / "k.duckdb"
        with Store(db) as store:
            store.write(Batch(records=[Sighting("b", 2, ("x", "y")), Sighting("a", 1, (), "hé")]))
        with Store.reader(db) as store:
            for fmt in FORMATS:
                out = io.BytesIO()
                assert export(store, "sightings", fmt, out) == 2
                rows = _read(fmt, out.getvalue())
                assert [r["id"] for r in rows] == ["a", "b"]
                tags = rows[1]["tags"]
                assert (json.loads(tags) if fmt == "csv" else tags) == ["x", "y"]
        assert "## sightings" in records_markdown()
    finally:
        unregister("sightings")


def test_a_changed_declaration_rebuilds_its_table_and_forgets_the_fingerprint(tmp_path):
    db = tmp_path / "c.duckdb"
    with Store(db) as store:
        store.write(Batch(meta=[("derived_fingerprint", "x")]))
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE claims DROP COLUMN measure")
    con.close()
    with Store(db) as store:
        assert store.rebuilt == ["claims"]
        assert store.meta("derived_fingerprint") is None
        assert "measure" in [c.name for c in RECORDS["claims"].stored]


def test_a_per_document_index_of_an_older_store_is_dropped(tmp_path):
    """No read plan uses an index on doc_id, and its ART stays in DuckDB's memory as the store grows."""
    db = tmp_path / "old.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))
    con.execute("CREATE INDEX fingerprints_doc ON fingerprints (doc_id)")
    con.execute("CREATE INDEX mentions_doc ON mentions (doc_id)")
    con.close()
    with Store(db) as store:
        assert store.con.execute("SELECT index_name FROM duckdb_indexes() WHERE index_name LIKE '%_doc'").fetchall() == []
        assert store.rebuilt == []


def test_the_field_reference_is_in_step_with_the_registry():
    assert (ROOT / "docs" / "records.md").read_text(encoding="utf-8") == records_markdown(), \
        "docs/records.md is stale: regenerate it with `storyline schema > docs/records.md`"


def test_schema_command_prints_one_kind(cli):
    result = cli("schema", "claims")
    assert result.exit_code == 0 and "| `claimed_by` |" in result.stdout and "## documents" not in result.stdout
    assert cli("schema", "nonsense").exit_code == 2


def test_a_full_export_is_a_parquet_dataset_readable_without_storyline(seeded, tmp_path, cli):
    folder = tmp_path / "dataset"
    result = cli("export", "all", "--db", seeded.db, "--out", str(folder))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.stem for p in folder.glob("*.parquet")) == sorted(RECORDS)
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{folder}/claims.parquet')").fetchone()[0]
    with seeded.reader() as store:
        assert n == store.count("claims") > 0
    assert pq.read_table(folder / "documents.parquet").num_rows == 5  # any Parquet reader: pyarrow, pandas, Dask
