"""The DuckDB schema: numbered migrations for the primary tables, record tables derived from the registry.

Primary data — documents, their originals, inputs, rejects, parses — changes
only through numbered migrations (``MIGRATIONS``): it cannot be recomputed.
Every other record kind is derived from the stored parses, so its table is
derived from its declaration in ``model.RECORDS``: when a declaration
changes, the table is rebuilt and the derived fingerprint forgotten, and the
next ``add`` derives those records again from the stored parses.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

import duckdb
import pyarrow as pa

from ..model import RECORDS, Column, RecordKind, _unoptional

PRIMARY = ("documents", "rejects")

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY, path VARCHAR, url VARCHAR, source VARCHAR, title VARCHAR,
        published VARCHAR, published_precision VARCHAR, published_basis VARCHAR, language VARCHAR,
        text VARCHAR, raw_chars INTEGER, clean_chars INTEGER, duplicate_of VARCHAR,
        origin VARCHAR, story VARCHAR, added_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE originals (
        doc_id VARCHAR PRIMARY KEY, raw VARCHAR, segments VARCHAR, live_entries VARCHAR
    );
    CREATE TABLE inputs (raw_hash VARCHAR PRIMARY KEY, doc_id VARCHAR, input VARCHAR);
    CREATE TABLE rejects (
        input VARCHAR, reason VARCHAR, detail VARCHAR, rejected_at TIMESTAMP DEFAULT current_timestamp,
        PRIMARY KEY (input, reason)
    );
    CREATE TABLE line_counts (source VARCHAR, key BIGINT, n_docs INTEGER, PRIMARY KEY (source, key));
    """,
    2: """
    CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
    CREATE TABLE parses (doc_id VARCHAR PRIMARY KEY, model VARCHAR, data BLOB);
    """,
    3: "SELECT 1",  # record tables (then: times) are derived from the registry since version 5
    4: "SELECT 1",  # (then: quotes, claims, figures)
    5: "ALTER TABLE rejects ADD COLUMN stage VARCHAR DEFAULT 'read'",
}
SCHEMA_VERSION = max(MIGRATIONS)
DERIVED_KEY = "derived_fingerprint"  # what the stored derived records were computed with


def arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type of a record field."""
    base, _ = _unoptional(annotation)
    if base is str:
        return pa.string()
    if base is bool:
        return pa.bool_()
    if base is int:
        return pa.int32()
    if base is float:
        return pa.float64()
    if typing.get_origin(base) is tuple:
        return pa.list_(arrow_type(typing.get_args(base)[0]))
    if dataclasses.is_dataclass(base):
        hints = typing.get_type_hints(base)
        return pa.struct([(f.name, arrow_type(hints[f.name])) for f in dataclasses.fields(base)])
    raise TypeError(f"no column type for {annotation!r}")


def sql_type(annotation: Any) -> str:
    """The DuckDB type of a record field."""
    base, _ = _unoptional(annotation)
    simple = {str: "VARCHAR", bool: "BOOLEAN", int: "INTEGER", float: "DOUBLE"}
    if base in simple:
        return simple[base]
    if typing.get_origin(base) is tuple:
        return sql_type(typing.get_args(base)[0]) + "[]"
    if dataclasses.is_dataclass(base):
        hints = typing.get_type_hints(base)
        inner = ", ".join(f'"{f.name}" {sql_type(hints[f.name])}' for f in dataclasses.fields(base))
        return f"STRUCT({inner})"
    raise TypeError(f"no column type for {annotation!r}")


def arrow_schema(kind: RecordKind, columns: tuple[Column, ...] | None = None) -> pa.Schema:
    return pa.schema([(c.name, arrow_type(c.type)) for c in (columns or kind.stored)])


def create_sql(kind: RecordKind, table: str | None = None) -> str:
    columns = ", ".join(f'"{c.name}" {sql_type(c.type)}' for c in kind.stored)
    key = f", PRIMARY KEY ({', '.join(kind.key)})" if kind.key and not kind.per_document else ""
    return f'CREATE TABLE "{table or kind.name}" ({columns}{key})'


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main' "
        "ORDER BY ordinal_position", [table]).fetchall()
    return [(name, kind) for name, kind in rows]


def expected_columns(con: duckdb.DuckDBPyConnection, kind: RecordKind) -> list[tuple[str, str]]:
    """The columns DuckDB gives the table declared for ``kind`` (types in DuckDB's own spelling)."""
    probe = f"_probe_{kind.name}"
    con.execute(create_sql(kind, probe).replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
    try:
        rows = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                           "ORDER BY ordinal_position", [probe]).fetchall()
    finally:
        con.execute(f'DROP TABLE "{probe}"')
    return [(name, kind) for name, kind in rows]


def sync_derived(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create or rebuild every derived record table whose declaration changed; the kinds rebuilt.

    Per-document tables carry no index on ``doc_id``: every read of them joins a batch of ids
    (a hash join over a scan, which DuckDB runs with the ids pushed into the scan as a filter) and
    no plan used the index, while its ART stayed in DuckDB's buffer pool and grew with the store
    (60 MB of fingerprints index at a million documents). Stores made before keep theirs until
    this drops it."""
    rebuilt = []
    for kind in RECORDS.values():
        if kind.name in PRIMARY:
            continue
        if table_columns(con, kind.name) != expected_columns(con, kind):
            con.execute(f'DROP TABLE IF EXISTS "{kind.name}"')
            con.execute(create_sql(kind))
            rebuilt.append(kind.name)
    indexed = {name for (name,) in con.execute("SELECT index_name FROM duckdb_indexes() WHERE schema_name = 'main'").fetchall()}
    for kind in RECORDS.values():
        if kind.per_document and f"{kind.name}_doc" in indexed:
            con.execute(f'DROP INDEX "{kind.name}_doc"')
    return rebuilt


def check_primary(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Declared columns of the primary tables that the migrations did not create (a missing migration)."""
    missing = []
    for name in PRIMARY:
        have = {c for c, _ in table_columns(con, name)}
        missing += [f"{name}.{c.name}" for c in RECORDS[name].stored if c.name not in have]
    return missing
