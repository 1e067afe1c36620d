"""Export a record kind as JSON Lines, CSV or Parquet, streaming where the format allows.

Columns and their order come from the record registry (``model.RECORDS``).
In CSV, where a cell holds one value, list and object fields (an actor's
``aliases``, a figure's ``values``) are written as JSON text; JSON Lines and
Parquet keep them as lists and structs.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..errors import UsageError
from ..model import RECORDS
from ..store import Store

FORMATS = ("jsonl", "csv", "parquet")
KIND_FORMATS = {"plover": "events"}  # formats only one kind has


def export(store: Store, kind: str, fmt: str, out: IO[bytes]) -> int:
    """Write every ``kind`` record to ``out`` in ``fmt``; return the number of records."""
    if fmt in KIND_FORMATS:
        if kind != KIND_FORMATS[fmt]:
            raise UsageError(f"--format {fmt} is for {KIND_FORMATS[fmt]} only")
        return export_plover(store, out)
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)} ({', '.join(KIND_FORMATS)} for events)")
    if fmt == "jsonl":
        n = 0
        for record in store.iter_records(kind):
            out.write(json_line(record))
            n += 1
        return n
    n, writer = 0, None
    try:
        for batch in store.iter_batches(kind):
            if fmt == "csv":
                batch = _flat(batch)
            if writer is None:
                writer = pa_csv.CSVWriter(out, batch.schema) if fmt == "csv" else pq.ParquetWriter(out, batch.schema)
            writer.write_batch(batch)
            n += batch.num_rows
        if writer is None:  # no records: still a file with the columns
            empty = store.export_table(kind)
            writer = pa_csv.CSVWriter(out, _flat_schema(empty.schema)) if fmt == "csv" else pq.ParquetWriter(out, empty.schema)
    finally:
        if writer is not None:
            writer.close()
    return n


def export_all(store: Store, folder: Path, fmt: str = "parquet") -> dict[str, int]:
    """Every kind into ``folder``, one file per kind (``documents.parquet``, ...): a dataset DuckDB,
    pandas or Dask read without Storyline. Returns the records written per kind."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind in RECORDS:
        with (folder / f"{kind}.{fmt}").open("wb") as out:
            written[kind] = export(store, kind, fmt, out)
    return written


def export_plover(store: Store, out: IO[bytes]) -> int:
    """Events as PLOVER JSON records (the manual's field names), one per line."""
    from ..events import to_plover
    from ..model import Actor, Event, from_row

    actors: dict[str, Actor] = {}
    documents: dict[str, Any] = {}
    n = 0
    for row in store.iter_records("events"):
        event = from_row(Event, row)
        ids = {m for field in (event.actor, event.recipient, event.claimed_by, event.location) if field for m in field.split("+")}
        actors.update({a.id: a for a in store.records_where("actors", "id", ids - actors.keys())})
        if event.doc_id not in documents:
            documents = {d.id: d for d in store.records_where("documents", "id", [event.doc_id])}
        document = documents.get(event.doc_id)
        cite = {"doc_id": event.doc_id, "url": document.url, "title": document.title, "publication": document.source,
                "publication_date": document.published} if document else {"doc_id": event.doc_id}
        out.write(json_line(to_plover(event, actors, document.text if document else None, cite)))
        n += 1
    return n


def json_line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, default=_json_default).encode("utf-8", "surrogatepass") + b"\n"


def _nested(kind: pa.DataType) -> bool:
    return pa.types.is_list(kind) or pa.types.is_struct(kind) or pa.types.is_large_list(kind) or pa.types.is_map(kind)


def _flat(batch: pa.RecordBatch) -> pa.RecordBatch:
    """List and struct columns as JSON text, for CSV."""
    columns = []
    for name, column in zip(batch.schema.names, batch.columns):
        if _nested(column.type):
            column = pa.array([None if v is None else json.dumps(v, ensure_ascii=False, default=_json_default)
                               for v in column.to_pylist()], pa.string())
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def _flat_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([(f.name, pa.string() if _nested(f.type) else f.type) for f in schema])


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"cannot serialise {type(value).__name__}")
