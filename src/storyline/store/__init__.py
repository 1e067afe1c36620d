"""The DuckDB store: one writer, bulk writes through Arrow, read-only reads.

One process writes; every batch is one transaction written in bulk through
Arrow (DuckDB's ``executemany`` manages a few hundred rows a second, Arrow
hundreds of thousands). Killing the process loses at most the open batch,
which the next identical ``add`` writes again: documents are keyed by their
content id and inputs by their raw hash, so nothing is stored twice.

Readers (``export``, ``show``, ``ledger``, the API) open the file read-only
with :meth:`Store.reader`: a missing file is an error, never created; a file
another process is writing is reported as busy. DuckDB allows one process per
file, so a reader cannot open it while ``add`` runs.

Record tables and their columns come from ``model.RECORDS`` (``schema``).

Memory: DuckDB keeps what it reads in a buffer pool of ``db_memory_limit`` and spills the rest
to disk, but some of what a statement holds cannot be spilled — above all the ART of each
primary key, which stays resident once touched and grows with the store (about 60 bytes per
document for ``documents.id``). So a limit small enough to keep ``add`` flat on a small store
is too small for some statements on a store of a million documents. A statement (or a write
transaction) that runs out is therefore retried once with ``HEADROOM`` times the limit, which
is then set back (DuckDB evicts down to it): the pool stays at the setting, and a large store
still completes. Considered: a fixed larger pool (the cache then grows with the file up to it
on every store, so ``add``'s memory grows with the corpus); a pool sized from the file (grows
with the corpus by construction).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import logging
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

import duckdb
import pyarrow as pa

from ..errors import StoreError, UsageError
from ..model import RECORDS, Actor, Document, RecordKind, Reject, Segment, as_row, from_row, kind_of
from .schema import DERIVED_KEY, MIGRATIONS, SCHEMA_VERSION, arrow_schema, check_primary, sync_derived

log = logging.getLogger(__name__)
FEW_KEYS = 64  # up to this many keys, records_where passes them as parameters rather than joining a table
HEADROOM = 4  # a statement that runs out of db_memory_limit is retried once with this many times the limit
F = TypeVar("F", bound=Callable[..., Any])


def roomy(method: F) -> F:
    """A store method retried once with ``HEADROOM`` times DuckDB's memory limit when it runs out of
    memory outside a transaction (inside one, the transaction is retried whole). Iterator arguments
    are read into tuples first, so the retry sees them again."""

    @functools.wraps(method)
    def call(self: "Store", *args: Any, **kwargs: Any) -> Any:
        args = tuple(tuple(a) if isinstance(a, Iterator) else a for a in args)
        kwargs = {k: tuple(v) if isinstance(v, Iterator) else v for k, v in kwargs.items()}
        return self._retried(lambda: method(self, *args, **kwargs))

    return call  # type: ignore[return-value]

__all__ = ["Batch", "DERIVED_KEY", "SCHEMA_VERSION", "Store", "kind_or_error", "records_table"]


def kind_or_error(name: str) -> RecordKind:
    """The registered kind ``name``, or a usage error listing the kinds."""
    if name not in RECORDS:
        raise UsageError(f"unknown record kind {name!r}; choose one of: {', '.join(RECORDS)}")
    return RECORDS[name]


@dataclass(frozen=True)
class Batch:
    """Everything one transaction writes.

    ``records`` holds derived records of any registered kind (grouped by kind
    when written); the other fields are the primary tables.
    """

    documents: Sequence[Document] = ()
    originals: Sequence[tuple[str, str, str, str]] = ()  # doc_id, raw, segments json, live-entries json
    inputs: Sequence[tuple[str, str, str]] = ()  # raw_hash, doc_id, input
    rejects: Sequence[Reject] = ()
    line_counts: Sequence[tuple[str, int, int]] = ()  # source, key, n_docs to add
    parses: Sequence[tuple[str, str, bytes]] = ()  # doc_id, model, DocBin bytes
    records: Sequence[Any] = ()
    tables: Mapping[str, pa.Table] = field(default_factory=dict)  # records already as Arrow, by kind
    replace_derived_of: Sequence[str] = ()  # documents whose stored per-document records this batch replaces
    reset_corpus_records: bool = False  # forget stored corpus-level records (actors, figures) first
    meta: Sequence[tuple[str, str]] = ()
    by_kind: Mapping[str, list[Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Any]] = defaultdict(list)
        for item in self.records:
            grouped[kind_of(item).name].append(item)
        object.__setattr__(self, "by_kind", dict(grouped))


class Store:
    """A Storyline database file. Use as a context manager."""

    def __init__(self, path: str | Path, read_only: bool = False, memory_limit: str | None = None):
        self.path = str(path)
        self.memory_limit = memory_limit
        self._depth = 0  # open transactions
        self._wide = False  # the memory limit is raised for a retry
        config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": memory_limit} if memory_limit else {}
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            raise _open_error(self.path, exc) from None
        self.con.execute("SET enable_progress_bar = false")  # DuckDB's bar goes to stdout: never inside an export
        self.rebuilt: list[str] = []
        if not read_only:
            self._migrate()
        else:
            self._check_version()

    @classmethod
    def reader(cls, path: str | Path, memory_limit: str | None = None) -> "Store":
        """The store at ``path`` opened read-only; StoreError if there is none (nothing is created)."""
        if not os.path.isfile(path):
            raise StoreError(f"no Storyline store at {path}; create one with 'storyline add PATH --db {path}'")
        return cls(path, read_only=True, memory_limit=memory_limit)

    def view(self) -> "Store":
        """Another handle on this open database, for one thread (a DuckDB connection is not shared across threads)."""
        other = object.__new__(Store)
        other.path, other.con, other.rebuilt = self.path, self.con.cursor(), []
        other.memory_limit, other._depth, other._wide = None, 0, False  # the limit is the database's: one handle sets it
        return other

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
            raise StoreError(f"database {self.path} has schema version {found}, expected {SCHEMA_VERSION}; "
                             "run 'storyline add' on it once to migrate")

    def _migrate(self) -> None:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"database {self.path} is schema version {current}, newer than this Storyline ({SCHEMA_VERSION}); upgrade Storyline")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            log.info("migrating %s to schema version %d", self.path, version)
            self._transaction(lambda v=version: self._apply(v), f"migrate to schema version {version}")
        if missing := check_primary(self.con):
            raise StoreError(f"database {self.path} lacks {', '.join(missing)}: a schema migration is missing")

        def sync() -> None:
            self.rebuilt = sync_derived(self.con)
            if self.rebuilt:
                log.info("record tables %s rebuilt; their records are derived again", ", ".join(self.rebuilt))
                self.con.execute("DELETE FROM meta WHERE key = ?", [DERIVED_KEY])
        self._transaction(sync, "create record tables")

    def _apply(self, version: int) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        self.con.execute(MIGRATIONS[version])
        self.con.execute("INSERT INTO schema_version VALUES (?)", [version])

    def _transaction(self, work: Any, what: str) -> None:
        """``work()`` in one transaction; run out of memory, it is rolled back and run once more with
        ``HEADROOM`` times the memory limit (``_retried``)."""
        try:
            self._retried(lambda: self._attempt(work))
        except duckdb.Error as exc:
            raise StoreError(f"cannot {what} in {self.path}: {error_reason(exc)}") from None

    def _attempt(self, work: Any) -> None:
        self.con.execute("BEGIN")
        self._depth += 1
        try:
            work()
            self.con.execute("COMMIT")
        except duckdb.Error:
            self._abandon()
            self.con.execute("ROLLBACK")
            raise
        finally:
            self._depth -= 1

    def _retried(self, read: Callable[[], Any]) -> Any:
        """``read()`` (a statement, or a whole transaction), once more with ``HEADROOM`` times the memory
        limit if it runs out outside a transaction."""
        try:
            return read()
        except duckdb.OutOfMemoryException:
            if self._depth:
                raise
            self._abandon()
            if not self._widen():
                raise
        try:
            return read()
        finally:
            self._narrow()

    def _abandon(self) -> None:
        """Drop what a failed statement left of its result (a fetch that ran out leaves the rest pending)."""
        with contextlib.suppress(duckdb.Error):
            self.con.abort()

    def _widen(self) -> bool:
        """Raise DuckDB's memory limit to ``HEADROOM`` times the setting; False when there is no setting
        to multiply (DuckDB's own default) or it is raised already."""
        if self.memory_limit is None or self._wide:
            return False
        size = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*", self.memory_limit)
        if size is None:
            return False
        log.info("a statement ran out of DuckDB's %s; retrying it with %d times as much", self.memory_limit, HEADROOM)
        self.con.execute(f"SET memory_limit = '{float(size.group(1)) * HEADROOM:g}{size.group(2)}'")
        self._wide = True
        return True

    def _narrow(self) -> None:
        """Set the memory limit back to the setting (DuckDB evicts its cache down to it)."""
        if self._wide:
            with contextlib.suppress(duckdb.Error):
                self.con.execute(f"SET memory_limit = '{self.memory_limit}'")
                self._wide = False

    # -- reads used while adding -------------------------------------------

    @roomy
    def known_inputs(self, hashes: Iterable[str]) -> dict[str, str]:
        table = pa.table({"raw_hash": pa.array(list(set(hashes)), pa.string())})
        return dict(self._query_with("SELECT i.raw_hash, i.doc_id FROM inputs i JOIN batch b USING (raw_hash)", table))

    @roomy
    def existing_documents(self, ids: Iterable[str]) -> set[str]:
        table = pa.table({"id": pa.array(list(set(ids)), pa.string())})
        return {r[0] for r in self._query_with("SELECT d.id FROM documents d JOIN batch b USING (id)", table)}

    @roomy
    def line_counts(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
        pairs = list(set(keys))
        table = pa.table({"source": pa.array([s for s, _ in pairs], pa.string()), "key": pa.array([k for _, k in pairs], pa.int64())})
        rows = self._query_with("SELECT l.source, l.key, l.n_docs FROM line_counts l JOIN batch b USING (source, key)", table)
        return {(s, k): n for s, k, n in rows}

    @contextlib.contextmanager
    def _registered(self, **tables: pa.Table) -> Iterator[None]:
        """Arrow tables visible to SQL under the given names for the duration of the block. When the block
        fails inside a transaction, the connection refuses everything until the rollback, the unregistering
        too: the block's own error is the one raised (a later ``register`` of a name replaces it)."""
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            yield
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                for name in tables:
                    self.con.unregister(name)
            raise
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
        self._transaction(lambda: self._write(batch), "write")

    def _write(self, batch: Batch) -> None:
        self._insert("documents", records_table(RECORDS["documents"], batch.documents))
        self._insert("originals", _tuples(batch.originals, ["doc_id", "raw", "segments", "live_entries"]))
        self._insert("inputs", _tuples(batch.inputs, ["raw_hash", "doc_id", "input"]))
        self._insert_rejects(batch.rejects)
        self._add_line_counts(batch.line_counts)
        self._insert("parses", _tuples(batch.parses, {"doc_id": pa.string(), "model": pa.string(), "data": pa.binary()}))
        self._replace_derived(batch.replace_derived_of)
        if batch.reset_corpus_records:
            for kind in RECORDS.values():
                if not kind.per_document and kind.name not in ("documents", "rejects"):
                    self.con.execute(f'DELETE FROM "{kind.name}"')
        tables = {name: records_table(RECORDS[name], rows) for name, rows in batch.by_kind.items()}
        for name, table in batch.tables.items():
            tables[name] = pa.concat_tables([tables[name], table]) if name in tables else table
        for name, table in tables.items():
            kind = RECORDS[name]
            if name == "actors":
                self._upsert_actors([from_row(Actor, row) for row in table.to_pylist()])
            else:
                self._insert(name, table, plain=kind.per_document, replace=not kind.per_document)
        for key, value in batch.meta:
            self.con.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    def _insert(self, table: str, rows: pa.Table, plain: bool = False, replace: bool = False) -> None:
        if rows.num_rows == 0:
            return
        cols = ", ".join(f'"{c}"' for c in rows.column_names)
        verb = "INSERT" if plain else "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        with self._registered(rows_in=rows):
            self.con.execute(f'{verb} INTO "{table}" ({cols}) SELECT {cols} FROM rows_in')

    def _insert_rejects(self, rejects: Sequence[Reject]) -> None:
        if not rejects:
            return
        with self._registered(rows_in=records_table(RECORDS["rejects"], rejects)):
            self.con.execute(
                "INSERT INTO rejects (input, reason, detail, stage) "
                "SELECT DISTINCT ON (input, reason) input, reason, detail, stage FROM rows_in "
                "ON CONFLICT (input, reason) DO UPDATE SET detail = excluded.detail, stage = excluded.stage, rejected_at = now()"
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
            for kind in RECORDS.values():
                if kind.per_document:
                    self.con.execute(f'DELETE FROM "{kind.name}" WHERE doc_id IN (SELECT doc_id FROM replaced)')

    def _upsert_actors(self, actors: Sequence[Actor]) -> None:
        """New actors are added; known ones keep their data and gain what they lacked."""
        merged: dict[str, Actor] = {}
        for actor in actors:
            merged[actor.id] = _merge_actor(merged.get(actor.id), actor)
        with self._registered(rows_in=records_table(RECORDS["actors"], list(merged.values()))):
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

    def replace_where(self, kind: str, column: str, values: Iterable[str], rows: Sequence[Any]) -> None:
        """Replace every ``kind`` record whose ``column`` is in ``values`` by ``rows``, in one transaction."""
        keys = pa.table({"v": pa.array(sorted(set(values)), pa.string())})

        def work() -> None:
            with self._registered(keys_in=keys):
                self.con.execute(f'DELETE FROM "{kind}" WHERE "{column}" IN (SELECT v FROM keys_in)')
            self._insert(kind, records_table(RECORDS[kind], rows), replace=True)
        self._transaction(work, f"write {kind}")

    def set_column(self, kind: str, column: str, assignments: Mapping[str, str | None], key: str = "id") -> None:
        """Set ``column`` of the ``kind`` records whose ``key`` is each mapping key (a link field)."""
        if not assignments:
            return
        table = pa.table({"k": pa.array(list(assignments), pa.string()), "v": pa.array(list(assignments.values()), pa.string())})

        def work() -> None:
            with self._registered(assign=table):
                self.con.execute(f'UPDATE "{kind}" SET "{column}" = assign.v FROM assign WHERE "{kind}"."{key}" = assign.k')
        self._transaction(work, f"update {kind}.{column}")

    def rename_values(self, kind: str, column: str, mapping: Mapping[str, str], doc_ids: Iterable[str] | None = None) -> None:
        """Replace each value of ``column`` (a string or a list of strings) that is a key of ``mapping``
        by its value, in every record or in those of ``doc_ids``: how ids of merged records are rewritten."""
        if not mapping or (doc_ids is not None and not RECORDS[kind].per_document):
            return  # a rename within some documents does not reach corpus-level records
        table = pa.table({"k": pa.array(list(mapping), pa.string()), "v": pa.array(list(mapping.values()), pa.string())})
        docs = pa.table({"d": pa.array(sorted(set(doc_ids or ())), pa.string())})
        only = ' AND "doc_id" IN (SELECT d FROM docs)' if doc_ids is not None else ""
        listed = RECORDS[kind].column(column).base is not str
        sql = (f'UPDATE "{kind}" SET "{column}" = list_transform("{column}", lambda x: coalesce(m.mp[x], x)) '
               f'FROM (SELECT map(list(k), list(v)) AS mp FROM assign) m WHERE len(list_intersect("{column}", map_keys(m.mp))) > 0'
               if listed else f'UPDATE "{kind}" SET "{column}" = assign.v FROM assign WHERE "{kind}"."{column}" = assign.k') + only

        def work() -> None:
            with self._registered(assign=table, docs=docs):
                self.con.execute(sql)
        self._transaction(work, f"update {kind}.{column}")

    # -- typed reads for the per-corpus stages -----------------------------------

    @roomy
    def mention_counts(self, actor_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """(mentions, documents) of each of ``actor_ids`` that has mentions."""
        table = pa.table({"v": pa.array(sorted(set(actor_ids)), pa.string())})
        rows = self._query_with("SELECT m.actor, count(*), count(DISTINCT m.doc_id) FROM mentions m "
                                "JOIN batch b ON m.actor = b.v GROUP BY m.actor", table)
        return {actor: (n, d) for actor, n, d in rows}

    @roomy
    def records_where(self, kind: str, column: str, values: Iterable[str], at_most: int | None = None) -> list[Any]:
        """Stored ``kind`` records (as dataclasses) whose ``column`` is one of ``values``; with ``at_most``,
        only the values held by at most that many records (a value in more says nothing, and reading
        it would grow with the corpus)."""
        record_kind = RECORDS[kind]
        names = ", ".join(f't."{c.name}"' for c in record_kind.stored)
        keys = sorted(set(values))
        if not keys:
            return []
        if at_most is None and len(keys) <= FEW_KEYS:
            # a few keys: a parameter list, which the key and doc_id indexes answer, costs a third of a join
            marks = ", ".join("?" * len(keys))
            found = self.con.execute(f'SELECT {names} FROM "{kind}" t WHERE t."{column}" IN ({marks})', keys).fetchall()
            fields = [c.name for c in record_kind.stored]
            return [from_row(record_kind.cls, dict(zip(fields, row))) for row in found]
        table = pa.table({"v": pa.array(keys, pa.string())})
        sql = f'SELECT {names} FROM "{kind}" t JOIN keys_in k ON t."{column}" = k.v'
        if at_most is not None:
            sql = (f'SELECT {names} FROM "{kind}" t JOIN (SELECT k.v FROM keys_in k JOIN "{kind}" c ON c."{column}" = k.v '
                   f'GROUP BY k.v HAVING count(*) <= {int(at_most)}) k ON t."{column}" = k.v')
        with self._registered(keys_in=table):
            result = self.con.sql(sql).to_arrow_table()
        return [from_row(record_kind.cls, row) for row in result.to_pylist()]

    @roomy
    def fields_where(self, kind: str, column: str, values: Iterable[str], names: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """``names`` (columns) of the stored ``kind`` records whose ``column`` is one of ``values``, by that
        value: a narrow read where whole records (a document's text) are not needed."""
        unknown = [n for n in (column, *names) if n not in {c.name for c in RECORDS[kind].stored}]
        if unknown:
            raise ValueError(f"{kind} stores no column {unknown[0]!r}")
        table = pa.table({"v": pa.array(sorted(set(values)), pa.string())})
        picked = ", ".join(f't."{n}"' for n in names)
        rows = self._query_with(f'SELECT t."{column}", {picked} FROM "{kind}" t JOIN batch b ON t."{column}" = b.v', table)
        return {row[0]: tuple(row[1:]) for row in rows}

    @roomy
    def fingerprint_overlaps(self, kind: str, keys: Mapping[str, Iterable[str]], at_most: int | None = None,
                             at_least: int = 1) -> dict[str, dict[str, int]]:
        """For each name of ``keys`` (a document not stored yet → its fingerprint keys of ``kind``), the stored
        documents holding at least ``at_least`` of them, with how many: counted in the database, so a batch
        reads pairs, not every holder of every key. With ``at_most``, a key stored for more documents than
        that is skipped (boilerplate: it says nothing, and its holders grow with the corpus)."""
        pairs = [(name, key) for name, own in keys.items() for key in dict.fromkeys(own)]
        if not pairs:
            return {}
        table = pa.table({"q": pa.array([a for a, _ in pairs], pa.string()), "k": pa.array([b for _, b in pairs], pa.string())})
        rare = ("" if at_most is None else
                f"AND f.key IN (SELECT c.key FROM fingerprints c WHERE c.kind = $kind AND c.key IN (SELECT k FROM batch) "
                f"GROUP BY c.key HAVING count(*) <= {int(at_most)})")
        sql = (f"SELECT b.q, f.doc_id, count(*) FROM batch b JOIN fingerprints f ON f.key = b.k "
               f"WHERE f.kind = $kind {rare} GROUP BY 1, 2 HAVING count(*) >= {int(at_least)}")
        out: dict[str, dict[str, int]] = defaultdict(dict)
        with self._registered(batch=table):
            for name, doc_id, n in self.con.execute(sql, {"kind": kind}).fetchall():
                out[name][doc_id] = int(n)
        return dict(out)

    def write_records(self, rows: Sequence[Any]) -> None:
        """Add records of any registered kinds (a linker's own), in one transaction."""
        if rows:
            self.write(Batch(records=rows))

    def write_columns(self, kind: str, columns: Mapping[str, Sequence[Any]]) -> None:
        """Add ``kind`` records given column by column (every stored column, values as stored), in one
        transaction: many small records without a dataclass each."""
        schema = arrow_schema(RECORDS[kind])
        table = pa.table({f.name: pa.array(columns[f.name], f.type) for f in schema}, schema=schema)
        if table.num_rows:
            self.write(Batch(tables={kind: table}))

    @roomy
    def count_where(self, kind: str, column: str, values: Iterable[str], where: str = "TRUE") -> dict[str, int]:
        """How many ``kind`` records (matching ``where``) have each of ``values`` in ``column``."""
        table = pa.table({"v": pa.array(sorted(set(values)), pa.string())})
        if table.num_rows == 0:
            return {}
        with self._registered(keys_in=table):
            rows = self.con.execute(f'SELECT t."{column}", count(*) FROM "{kind}" t JOIN keys_in k ON t."{column}" = k.v '
                                    f"WHERE {where} GROUP BY 1").fetchall()
        return {k: int(n) for k, n in rows}

    @roomy
    def measures_in_stories(self, stories: Iterable[str]) -> set[str]:
        """The measure keys of the claims of the documents of ``stories``: one join, the claims scanned once."""
        table = pa.table({"v": pa.array(sorted(set(stories)), pa.string())})
        if table.num_rows == 0:
            return set()
        return {r[0] for r in self._query_with("SELECT DISTINCT c.measure FROM claims c JOIN documents d ON c.doc_id = d.id "
                                               "JOIN batch b ON d.story = b.v WHERE c.measure IS NOT NULL", table)}

    def stories_sharing(self, keys: Mapping[str, Sequence[str]], n_keys: int, since: str | None, until: str | None,
                        per_key_set: int | None = None) -> Iterator[Any]:
        """Stories whose first ``n_keys`` features hold one of the features of ``keys`` (a name → its
        features, one name per document looking stories up) and whose dates (if any) reach
        ``since``..``until`` (ISO strings compare by prefix, so any precision works). With
        ``per_key_set``, only the stories sharing the most features with each name's set are read,
        at most that many per name: what a batch reads does not grow with the store. The stories
        are yielded as they are read."""
        pairs = [(name, f) for name, features in keys.items() for f in dict.fromkeys(features)]
        if not pairs:
            return
        kind = RECORDS["stories"]
        names = ", ".join(f't."{c.name}"' for c in kind.stored)
        dated = "TRUE" if since is None else "(t.last_published IS NULL OR (t.last_published >= ? AND t.first_published <= ?))"
        table = pa.table({"q": pa.array([a for a, _ in pairs], pa.string()), "f": pa.array([b for _, b in pairs], pa.string())})
        limit = f"WHERE r <= {int(per_key_set)}" if per_key_set else ""
        sql = (f"WITH s AS (SELECT t.id, unnest(t.features[1:{int(n_keys)}]) AS f FROM stories t "
               f"WHERE list_has_any(t.features[1:{int(n_keys)}], (SELECT list(DISTINCT f) FROM pairs)) AND {dated}), "
               "hits AS (SELECT p.q, s.id, count(*) AS n FROM pairs p JOIN s ON p.f = s.f GROUP BY 1, 2), "
               "ranked AS (SELECT id, row_number() OVER (PARTITION BY q ORDER BY n DESC, id) AS r FROM hits) "
               f"SELECT {names} FROM stories t WHERE t.id IN (SELECT id FROM ranked {limit}) ORDER BY t.id")
        def start() -> tuple[Any, Any]:  # the ranking runs before the first chunk: that is what may need memory
            reader = self.con.sql(sql, params=[since, until] if since is not None else None).to_arrow_reader(256)
            return reader, next(iter(reader), None)

        with self._registered(pairs=table):
            reader, first = self._retried(start)
            if first is None:
                return
            for chunk in itertools.chain([first], reader):  # a few hundred stories at a time, folded as they come
                yield from (from_row(kind.cls, row) for row in chunk.to_pylist())

    @roomy
    def arrival_order(self, ids: Iterable[str] | None = None) -> list[str]:
        """Document ids in the order they were added (then by publication date and id); all when ``ids`` is None."""
        order = "ORDER BY d.added_at, d.published NULLS LAST, d.id"
        if ids is None:
            return [r[0] for r in self.con.execute(f"SELECT d.id FROM documents d {order}").fetchall()]
        table = pa.table({"v": pa.array(sorted(set(ids)), pa.string())})
        return [r[0] for r in self._query_with(f"SELECT d.id FROM documents d JOIN batch b ON d.id = b.v {order}", table)]

    @roomy
    def distinct(self, kind: str, column: str, where: str = "TRUE") -> list[str]:
        return [r[0] for r in self.con.execute(f'SELECT DISTINCT "{column}" FROM "{kind}" WHERE {where} ORDER BY 1').fetchall()]

    def meta(self, key: str) -> str | None:
        return self._scalar("SELECT value FROM meta WHERE key = ?", [key])

    def iter_parses(self, batch_rows: int = 256) -> Iterator[list[tuple[Document, bytes]]]:
        """Stored parses with their documents, in batches (safe to write between batches)."""
        ids = [r[0] for r in self.con.execute("SELECT doc_id FROM parses ORDER BY doc_id").fetchall()]
        columns = ", ".join(f'd."{c.name}"' for c in RECORDS["documents"].stored)
        for chunk in _chunked(ids, batch_rows):
            with self._registered(batch=pa.table({"doc_id": pa.array(chunk, pa.string())})):
                result = self.con.sql(
                    f"SELECT {columns}, p.data AS _parse FROM parses p JOIN documents d ON d.id = p.doc_id "
                    "JOIN batch b ON b.doc_id = p.doc_id ORDER BY p.doc_id").to_arrow_table()
            rows = result.to_pylist()
            yield [(from_row(Document, row), bytes(row["_parse"])) for row in rows]

    def documents_without_parse(self, languages: Sequence[str], batch_rows: int = 256) -> Iterator[list[Document]]:
        """Documents in ``languages`` stored while analysis was off, in batches (safe to write between batches)."""
        ids = [r[0] for r in self.con.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM parses) AND list_contains(?, language) ORDER BY id",
            [list(languages)]).fetchall()]
        for chunk in _chunked(ids, batch_rows):
            yield self.records_where("documents", "id", chunk)

    # -- reads for users -------------------------------------------------------

    def _select(self, kind: RecordKind) -> str:
        columns = ", ".join(f'"{c.name}"' for c in kind.exported)
        source = f"({kind.select})" if kind.select else f'"{kind.name}"'
        order = ", ".join(_order_term(o) for o in kind.order)
        return f"SELECT {columns} FROM {source} t" + (f" ORDER BY {order}" if order else "")

    def export_table(self, kind: str) -> pa.Table:
        record_kind = kind_or_error(kind)
        return self.con.sql(self._select(record_kind)).to_arrow_table()

    def iter_batches(self, kind: str, batch_rows: int = 10_000) -> Iterator[pa.RecordBatch]:
        """Every ``kind`` record in export order, streamed; other queries may run between batches."""
        record_kind = kind_or_error(kind)
        cursor = self.con.cursor()  # its own connection to the same database, so the stream stays open
        try:
            yield from cursor.sql(self._select(record_kind)).to_arrow_reader(batch_rows)
        finally:
            cursor.close()

    def iter_records(self, kind: str, batch_rows: int = 10_000) -> Iterator[dict[str, Any]]:
        record_kind = kind_or_error(kind)
        for record_batch in self.iter_batches(kind, batch_rows):
            for row in record_batch.to_pylist():
                yield _with_computed(record_kind, row)

    def original(self, doc_id: str) -> tuple[str, list[Segment]] | None:
        """The raw text of a document and the segments mapping its clean text onto it."""
        rows = self.con.execute("SELECT raw, segments FROM originals WHERE doc_id = ?", [doc_id]).fetchall()
        return (rows[0][0], [Segment(*s) for s in json.loads(rows[0][1])]) if rows else None

    def count(self, table: str) -> int:
        if table not in RECORDS and table not in ("inputs", "originals", "line_counts", "parses"):
            raise UsageError(f"unknown table {table!r}")
        return int(self._scalar(f'SELECT count(*) FROM "{table}"'))


def records_table(kind: RecordKind, rows: Sequence[Any]) -> pa.Table:
    """Records of ``kind`` as an Arrow table of its stored columns."""
    schema = arrow_schema(kind)
    columns: dict[str, list[Any]] = {c.name: [] for c in kind.stored}
    for row in rows:
        for name, values in columns.items():
            values.append(as_row(getattr(row, name)))
    return pa.table({name: pa.array(values, schema.field(name).type) for name, values in columns.items()}, schema=schema)


def _with_computed(kind: RecordKind, row: dict[str, Any]) -> dict[str, Any]:
    if not kind.computed:
        return row
    record: Any = from_row(kind.cls, row)
    for name in kind.computed:
        value = getattr(record, name)
        row[name] = list(value) if isinstance(value, tuple) else value
    return row


def _order_term(term: str) -> str:
    name, _, rest = term.partition(" ")
    return f'"{name}" {rest}'.strip()


def error_reason(exc: duckdb.Error) -> str:
    """A database error as a user reads it: its first line, and for memory what to change."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, duckdb.OutOfMemoryException):
        return f"{first} — DuckDB ran out of the memory it may use; raise db_memory_limit (a setting)"
    return first


def _open_error(path: str, exc: duckdb.Error) -> StoreError:
    text = str(exc)
    if "lock" in text.lower() or "Conflicting lock" in text:
        return StoreError(f"store {path} is busy being written by another process; try again when it has finished")
    return StoreError(f"cannot open database {path}: {text.splitlines()[0]}")


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
        tuple(dict.fromkeys(old.roles + new.roles)), key=old.key or new.key,
    )


def _tuples(rows: Sequence[tuple[Any, ...]], columns: Sequence[str] | Mapping[str, pa.DataType]) -> pa.Table:
    """An Arrow table from tuples, one column per name in order (strings unless typed)."""
    types = columns if isinstance(columns, Mapping) else {name: pa.string() for name in columns}
    return pa.table({name: pa.array([row[i] for row in rows], kind) for i, (name, kind) in enumerate(types.items())})

