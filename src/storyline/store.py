"""The DuckDB store: schema by version number, bulk writes, reads for export.

One process writes; every batch is one transaction written in bulk through
Arrow (DuckDB's ``executemany`` manages a few hundred rows a second, Arrow
hundreds of thousands). Killing the process loses at most the open batch,
which the next identical ``add`` writes again: documents are keyed by their
content id and inputs by their raw hash, so nothing is stored twice.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .errors import StoreError, UsageError
from .model import Actor, Claim, Document, Mention, Reject, Role, Segment, Time

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4

_MIGRATIONS: dict[int, str] = {
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
    CREATE TABLE mentions (
        doc_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, actor VARCHAR, label VARCHAR
    );
    CREATE INDEX mentions_doc ON mentions (doc_id);
    CREATE TABLE actors (
        id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR, sector VARCHAR,
        aliases VARCHAR[], members VARCHAR[], roles VARCHAR[]
    );
    """,
    3: """
    CREATE TABLE times (doc_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR, value VARCHAR);
    CREATE INDEX times_doc ON times (doc_id);
    """,
    4: """
    CREATE TABLE quotes (
        doc_id VARCHAR, start INTEGER, "end" INTEGER, speaker_start INTEGER, speaker_end INTEGER,
        speaker VARCHAR, cue VARCHAR, kind VARCHAR, stated_on VARCHAR
    );
    CREATE INDEX quotes_doc ON quotes (doc_id);
    CREATE TABLE claims (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR, start INTEGER, "end" INTEGER, sentence VARCHAR,
        value DOUBLE, low DOUBLE, high DOUBLE, qualifier VARCHAR, unit VARCHAR, subject VARCHAR,
        about VARCHAR[], predicate VARCHAR, location VARCHAR, modality VARCHAR, claimed_by VARCHAR,
        reported_by VARCHAR, stated_on VARCHAR, stated_on_basis VARCHAR, as_of VARCHAR, figure VARCHAR,
        figure_key VARCHAR
    );
    CREATE INDEX claims_doc ON claims (doc_id);
    CREATE INDEX claims_key ON claims (figure_key);
    CREATE TABLE figures (
        id VARCHAR PRIMARY KEY, key VARCHAR, label VARCHAR, unit VARCHAR, status VARCHAR, claims VARCHAR[],
        "values" STRUCT(low DOUBLE, high DOUBLE, qualifier VARCHAR, claimed_by VARCHAR, stated_on VARCHAR,
                        n_reports INTEGER, n_origins INTEGER, modality VARCHAR)[],
        latest_low DOUBLE, latest_high DOUBLE, low DOUBLE, high DOUBLE
    );
    """,
}

DOCUMENT_COLUMNS = [f.name for f in fields(Document)]
DOCUMENT_TYPES = {name: pa.int32() if name in ("raw_chars", "clean_chars") else pa.string() for name in DOCUMENT_COLUMNS}
CLAIM_EXPORT = [f'"{f.name}"' for f in fields(Claim)]
MENTION_COLUMNS = {"doc_id": pa.string(), "start": pa.int32(), "end": pa.int32(), "text": pa.string(),
                   "actor": pa.string(), "label": pa.string()}
ACTOR_COLUMNS = {"id": pa.string(), "name": pa.string(), "type": pa.string(), "country": pa.string(),
                 "sector": pa.string(), "aliases": pa.list_(pa.string()), "members": pa.list_(pa.string()),
                 "roles": pa.list_(pa.string())}
FIGURE_VALUE = pa.struct([("low", pa.float64()), ("high", pa.float64()), ("qualifier", pa.string()),
                          ("claimed_by", pa.string()), ("stated_on", pa.string()), ("n_reports", pa.int32()),
                          ("n_origins", pa.int32()), ("modality", pa.string())])
FIGURE_COLUMNS = {"id": pa.string(), "key": pa.string(), "label": pa.string(), "unit": pa.string(),
                  "status": pa.string(), "claims": pa.list_(pa.string()), "values": pa.list_(FIGURE_VALUE), "latest_low": pa.float64(),
                  "latest_high": pa.float64(), "low": pa.float64(), "high": pa.float64()}
QUOTE_COLUMNS = {"doc_id": pa.string(), "start": pa.int32(), "end": pa.int32(), "speaker_start": pa.int32(),
                 "speaker_end": pa.int32(), "speaker": pa.string(), "cue": pa.string(), "kind": pa.string(),
                 "stated_on": pa.string()}
TIME_COLUMNS = {"doc_id": pa.string(), "start": pa.int32(), "end": pa.int32(), "text": pa.string(),
                "type": pa.string(), "value": pa.string()}
EXPORTS: dict[str, str] = {
    "documents": f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents ORDER BY published NULLS LAST, id",
    "rejects": "SELECT input, reason, detail FROM rejects ORDER BY rejected_at, input",
    "mentions": 'SELECT doc_id, start, "end", text, actor, label FROM mentions ORDER BY doc_id, start, "end" DESC',
    "times": 'SELECT doc_id, start, "end", text, type, value FROM times ORDER BY doc_id, start',
    "quotes": 'SELECT doc_id, start, "end", speaker_start, speaker_end, speaker, cue, kind, stated_on FROM quotes ORDER BY doc_id, start',
    "claims": f"SELECT {', '.join(CLAIM_EXPORT)} FROM claims ORDER BY doc_id, start",
    "figures": 'SELECT id, label, unit, status, claims, "values", latest_low, latest_high, low, high FROM figures '
               "ORDER BY len(claims) DESC, id",
    "actors": """
        SELECT a.id, a.name, a.type, a.country, a.sector,
               list_sort(list_distinct(list_concat(a.aliases, m.texts))) AS aliases,
               m.n AS n_mentions, m.d AS n_documents, a.members, a.roles
        FROM actors a
        JOIN (SELECT actor, count(*) AS n, count(DISTINCT doc_id) AS d, list(DISTINCT text) AS texts
              FROM mentions WHERE actor IS NOT NULL GROUP BY actor) m ON m.actor = a.id
        ORDER BY n_mentions DESC, a.id
    """,
}


@dataclass(frozen=True)
class Batch:
    """Everything one transaction writes."""

    documents: Sequence[Document] = ()
    originals: Sequence[tuple[str, str, str, str]] = ()  # doc_id, raw, segments json, live-entries json
    inputs: Sequence[tuple[str, str, str]] = ()  # raw_hash, doc_id, input
    rejects: Sequence[Reject] = ()
    line_counts: Sequence[tuple[str, int, int]] = ()  # source, key, n_docs to add
    parses: Sequence[tuple[str, str, bytes]] = ()  # doc_id, model, DocBin bytes
    mentions: Sequence[Mention] = ()
    actors: Sequence[Actor] = ()
    times: Sequence[Time] = ()
    quotes: Sequence[Any] = ()
    claims: Sequence[tuple[Claim, str]] = ()  # each claim with its figure key
    replace_derived_of: Sequence[str] = ()  # documents whose stored mentions, times, quotes and claims this batch replaces
    reset_corpus_records: bool = False  # forget stored actors and figures first (re-deriving rebuilds them)
    meta: Sequence[tuple[str, str]] = ()


class Store:
    """A Storyline database file. Use as a context manager."""

    def __init__(self, path: str | Path, read_only: bool = False, memory_limit: str | None = None):
        self.path = str(path)
        config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": memory_limit} if memory_limit else {}
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from None
        if not read_only:
            self._migrate()
        else:
            self._check_version()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema -------------------------------------------------------------

    def version(self) -> int:
        exists = self._scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
        return int(self._scalar("SELECT max(version) FROM schema_version") or 0) if exists else 0

    def _scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        """The first value of a query; the result is read to the end, as DuckDB requires."""
        rows = self.con.execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    def _check_version(self) -> None:
        if (found := self.version()) != SCHEMA_VERSION:
            raise StoreError(f"database {self.path} has schema version {found}, expected {SCHEMA_VERSION}; open it once for writing to migrate")

    def _migrate(self) -> None:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"database {self.path} is schema version {current}, newer than this Storyline ({SCHEMA_VERSION}); upgrade Storyline")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            log.info("migrating %s to schema version %d", self.path, version)
            self.con.execute("BEGIN")
            try:
                self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
                self.con.execute(_MIGRATIONS[version])
                self.con.execute("INSERT INTO schema_version VALUES (?)", [version])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"cannot migrate {self.path} to schema version {version}: {exc}") from None

    # -- reads used while adding -------------------------------------------

    def known_inputs(self, raw_hashes: Iterable[str]) -> dict[str, str]:
        """raw hash → document id for inputs seen before."""
        table = pa.table({"raw_hash": pa.array(list(set(raw_hashes)), pa.string())})
        rows = self._query_with("SELECT i.raw_hash, i.doc_id FROM inputs i JOIN batch b USING (raw_hash)", table)
        return dict(rows)

    def existing_documents(self, ids: Iterable[str]) -> set[str]:
        table = pa.table({"id": pa.array(list(set(ids)), pa.string())})
        return {r[0] for r in self._query_with("SELECT d.id FROM documents d JOIN batch b USING (id)", table)}

    def line_counts(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
        pairs = list(set(keys))
        table = pa.table({"source": pa.array([s for s, _ in pairs], pa.string()), "key": pa.array([k for _, k in pairs], pa.int64())})
        rows = self._query_with("SELECT l.source, l.key, l.n_docs FROM line_counts l JOIN batch b USING (source, key)", table)
        return {(s, k): n for s, k, n in rows}

    @contextlib.contextmanager
    def _registered(self, **tables: pa.Table) -> Iterator[None]:
        """Arrow tables visible to SQL under the given names for the duration of the block."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            yield
        finally:
            for name in tables:
                self.con.unregister(name)

    def _query_with(self, sql: str, batch: pa.Table) -> list[tuple[Any, ...]]:
        if batch.num_rows == 0:
            return []
        with self._registered(batch=batch):
            return self.con.execute(sql).fetchall()

    # -- writes ---------------------------------------------------------------

    def write(self, batch: Batch) -> None:
        """Write one batch in one transaction; existing keys are left as they are."""
        self.con.execute("BEGIN")
        try:
            self._insert("documents", _arrow(batch.documents, DOCUMENT_TYPES), DOCUMENT_COLUMNS)
            self._insert("originals", _tuples(batch.originals, ["doc_id", "raw", "segments", "live_entries"]))
            self._insert("inputs", _tuples(batch.inputs, ["raw_hash", "doc_id", "input"]))
            self._insert_rejects(batch.rejects)
            self._add_line_counts(batch.line_counts)
            self._insert("parses", _tuples(batch.parses, {"doc_id": pa.string(), "model": pa.string(), "data": pa.binary()}))
            self._replace_derived(batch.replace_derived_of)
            self._write_rows("mentions", batch.mentions, MENTION_COLUMNS)
            self._write_rows("times", batch.times, TIME_COLUMNS)
            self._write_rows("quotes", batch.quotes, QUOTE_COLUMNS)
            self._write_claims(batch.claims)
            if batch.reset_corpus_records:
                self.con.execute("DELETE FROM actors")
                self.con.execute("DELETE FROM figures")
            self._upsert_actors(batch.actors)
            for key, value in batch.meta:
                self.con.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"cannot write to {self.path}: {exc}") from None

    def _insert(self, table: str, rows: pa.Table, columns: list[str] | None = None) -> None:
        if rows.num_rows == 0:
            return
        cols = ", ".join(columns or rows.column_names)
        with self._registered(rows_in=rows):
            self.con.execute(f"INSERT OR IGNORE INTO {table} ({cols}) SELECT {cols} FROM rows_in")

    def _insert_rejects(self, rejects: Sequence[Reject]) -> None:
        if not rejects:
            return
        table = _arrow(rejects, {"input": pa.string(), "reason": pa.string(), "detail": pa.string()})
        with self._registered(rows_in=table):
            self.con.execute(
                "INSERT INTO rejects (input, reason, detail) SELECT DISTINCT ON (input, reason) input, reason, detail FROM rows_in "
                "ON CONFLICT (input, reason) DO UPDATE SET detail = excluded.detail, rejected_at = now()"
            )

    def _add_line_counts(self, counts: Sequence[tuple[str, int, int]]) -> None:
        if not counts:
            return
        table = _tuples(counts, {"source": pa.string(), "key": pa.int64(), "n_docs": pa.int32()})
        with self._registered(rows_in=table):
            self.con.execute(
                "INSERT INTO line_counts SELECT source, key, sum(n_docs)::INTEGER FROM rows_in GROUP BY ALL "
                "ON CONFLICT (source, key) DO UPDATE SET n_docs = line_counts.n_docs + excluded.n_docs"
            )

    def _replace_derived(self, doc_ids: Sequence[str]) -> None:
        if not doc_ids:
            return
        with self._registered(replaced=pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})):
            for table in ("mentions", "times", "quotes", "claims"):
                self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM replaced)")

    def _write_rows(self, table: str, rows: Sequence[Any], columns: dict[str, pa.DataType]) -> None:
        if not rows:
            return
        data = _arrow(rows, columns)
        quoted = ", ".join(f'"{c}"' for c in columns)
        with self._registered(rows_in=data):
            self.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM rows_in")

    def _write_claims(self, rows: Sequence[tuple[Claim, str]]) -> None:
        if not rows:
            return
        types = {f.name: pa.string() for f in fields(Claim)}
        types.update(start=pa.int32(), end=pa.int32(), value=pa.float64(), low=pa.float64(), high=pa.float64(),
                     about=pa.list_(pa.string()))
        columns = {name: [getattr(c, name) for c, _ in rows] for name in types}
        columns["about"] = [list(a) for a in columns["about"]]
        table = pa.table({name: pa.array(values, types[name]) for name, values in columns.items()}
                         | {"figure_key": pa.array([k for _, k in rows], pa.string())})
        quoted = ", ".join(f'"{c}"' for c in table.column_names)
        with self._registered(rows_in=table):
            self.con.execute(f"INSERT OR REPLACE INTO claims ({quoted}) SELECT {quoted} FROM rows_in")

    def claims_for_keys(self, keys: Iterable[str]) -> list[tuple[Claim, str]]:
        """Every stored claim whose figure key is in ``keys``, with its key."""
        table = pa.table({"figure_key": pa.array(sorted(set(keys)), pa.string())})
        names = [f.name for f in fields(Claim)]
        columns = ", ".join(f'c."{n}"' for n in names)
        rows = self._query_with(f"SELECT {columns}, c.figure_key FROM claims c JOIN batch b USING (figure_key)", table)
        out = []
        for row in rows:
            record = dict(zip(names, row[:-1], strict=True))
            out.append((Claim(**{**record, "about": tuple(record["about"] or ())}), row[-1]))
        return out

    def unreconciled_keys(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT DISTINCT figure_key FROM claims WHERE figure IS NULL").fetchall()]

    def actors_by_id(self, ids: Iterable[str]) -> dict[str, Actor]:
        table = pa.table({"id": pa.array(sorted(set(ids)), pa.string())})
        rows = self._query_with("SELECT a.id, a.name, a.type, a.country, a.sector FROM actors a JOIN batch b USING (id)", table)
        return {r[0]: Actor(r[0], r[1], r[2], r[3], r[4]) for r in rows}

    def write_figures(self, figures: Sequence[Any], keys: Sequence[str]) -> None:
        """Replace the figures of ``keys`` and point their claims at them, in one transaction."""
        latest = [f.latest if isinstance(f.latest, tuple) else (f.latest, f.latest) for f in figures]
        rows = [{**vars(f), "claims": list(f.claims), "values": [vars(v) for v in f.values],
                 "latest_low": lo, "latest_high": hi} for f, (lo, hi) in zip(figures, latest)]
        table = _arrow(rows, FIGURE_COLUMNS, dict.get)
        keys_table = pa.table({"key": pa.array(list(keys), pa.string())})
        with self._registered(keys_in=keys_table, rows_in=table):
            self.con.execute("BEGIN")
            try:
                self.con.execute("DELETE FROM figures WHERE key IN (SELECT key FROM keys_in)")
                self.con.execute("INSERT OR REPLACE INTO figures SELECT * FROM rows_in")
                self.con.execute("UPDATE claims SET figure = f.id FROM (SELECT id, unnest(claims) AS claim FROM rows_in) f "
                                 "WHERE claims.id = f.claim")
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"cannot write figures to {self.path}: {exc}") from None

    def _upsert_actors(self, actors: Sequence[Actor]) -> None:
        """New actors are added; known ones keep their data and gain what they lacked."""
        merged: dict[str, Actor] = {}
        for actor in actors:
            merged[actor.id] = _merge_actor(merged.get(actor.id), actor)
        if not merged:
            return
        rows = [{**vars(a), "aliases": list(a.aliases), "members": list(a.members),
                 "roles": [_role_text(r) for r in a.roles]} for a in merged.values()]
        table = _arrow(rows, ACTOR_COLUMNS, dict.get)
        with self._registered(rows_in=table):
            self.con.execute("""
                INSERT INTO actors SELECT * FROM rows_in
                ON CONFLICT (id) DO UPDATE SET
                    name = CASE WHEN length(excluded.name) > length(actors.name) AND actors.type = 'person'
                                THEN excluded.name ELSE actors.name END,
                    country = coalesce(actors.country, excluded.country),
                    sector = coalesce(actors.sector, excluded.sector),
                    aliases = list_distinct(list_concat(actors.aliases, excluded.aliases)),
                    members = CASE WHEN len(actors.members) > 0 THEN actors.members ELSE excluded.members END,
                    roles = list_distinct(list_concat(actors.roles, excluded.roles))
            """)

    def meta(self, key: str) -> str | None:
        return self._scalar("SELECT value FROM meta WHERE key = ?", [key])

    def iter_parses(self, batch_rows: int = 256) -> Iterator[list[tuple[str, bytes, str | None, str | None, str | None]]]:
        """Stored parses with each document's publication date, in batches (safe to write between batches)."""
        ids = [r[0] for r in self.con.execute("SELECT doc_id FROM parses ORDER BY doc_id").fetchall()]
        for chunk in _chunked(ids, batch_rows):
            rows = self._query_with(
                "SELECT p.doc_id, p.data, d.published, d.published_precision, d.source FROM parses p JOIN documents d ON d.id = p.doc_id "
                "JOIN batch b ON b.doc_id = p.doc_id ORDER BY p.doc_id",
                pa.table({"doc_id": pa.array(chunk, pa.string())}),
            )
            yield [(doc_id, bytes(data), published, precision, source) for doc_id, data, published, precision, source in rows]

    def documents_without_parse(self, batch_rows: int = 256) -> Iterator[list[Document]]:
        """Documents stored while analysis was off, in batches (safe to write between batches)."""
        ids = [r[0] for r in self.con.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM parses) ORDER BY id").fetchall()]
        columns = ", ".join(f"d.{c}" for c in DOCUMENT_COLUMNS)
        for chunk in _chunked(ids, batch_rows):
            rows = self._query_with(f"SELECT {columns} FROM documents d JOIN batch b ON b.id = d.id ORDER BY d.id",
                                    pa.table({"id": pa.array(chunk, pa.string())}))
            yield [Document(**dict(zip(DOCUMENT_COLUMNS, row))) for row in rows]

    # -- reads for users -------------------------------------------------------

    def export_table(self, kind: str) -> pa.Table:
        if kind not in EXPORTS:
            raise UsageError(f"unknown record kind {kind!r}; choose one of: {', '.join(EXPORTS)}")
        return self.con.sql(EXPORTS[kind]).to_arrow_table()

    def iter_records(self, kind: str, batch_rows: int = 10_000) -> Iterator[dict[str, Any]]:
        if kind not in EXPORTS:
            raise UsageError(f"unknown record kind {kind!r}; choose one of: {', '.join(EXPORTS)}")
        reader = self.con.sql(EXPORTS[kind]).to_arrow_reader(batch_rows)
        for record_batch in reader:
            for record in record_batch.to_pylist():
                yield _figure_record(record) if kind == "figures" else record

    def original(self, doc_id: str) -> tuple[str, list[Segment]] | None:
        """The raw text of a document and the segments mapping its clean text onto it."""
        rows = self.con.execute("SELECT raw, segments FROM originals WHERE doc_id = ?", [doc_id]).fetchall()
        return (rows[0][0], [Segment(*s) for s in json.loads(rows[0][1])]) if rows else None

    def count(self, table: str) -> int:
        if table not in ("documents", "rejects", "inputs", "originals", "line_counts", "parses", "mentions", "actors",
                         "times", "quotes", "claims", "figures"):
            raise UsageError(f"unknown table {table!r}")
        return int(self._scalar(f"SELECT count(*) FROM {table}"))


def _arrow(rows: Sequence[Any], columns: Mapping[str, pa.DataType],
           value: Callable[[Any, str], Any] = getattr) -> pa.Table:
    """An Arrow table with one typed column per name, read from each row by ``value(row, name)``."""
    return pa.table({name: pa.array([value(row, name) for row in rows], kind) for name, kind in columns.items()})


def _figure_record(record: dict[str, Any]) -> dict[str, Any]:
    """``latest`` is a number, or [low, high] for a range."""
    low, high = record.pop("latest_low"), record.pop("latest_high")
    record["latest"] = low if low == high else [low, high]
    return record


def _chunked(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _merge_actor(old: Actor | None, new: Actor) -> Actor:
    if old is None:
        return new
    return Actor(
        old.id, max(old.name, new.name, key=len) if old.type == "person" else old.name, old.type,
        old.country or new.country, old.sector or new.sector,
        tuple(dict.fromkeys(old.aliases + new.aliases)), old.members or new.members,
        tuple(dict.fromkeys(old.roles + new.roles)),
    )


def _role_text(role: Role) -> str:
    return role.role + (f" ({role.country})" if role.country else "")


def _tuples(rows: Sequence[tuple[Any, ...]], columns: Sequence[str] | Mapping[str, pa.DataType]) -> pa.Table:
    """An Arrow table from tuples, one column per name in order (strings unless typed)."""
    types = columns if isinstance(columns, Mapping) else {name: pa.string() for name in columns}
    index = {name: i for i, name in enumerate(types)}
    return _arrow(rows, types, lambda row, name: row[index[name]])

