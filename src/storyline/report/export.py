"""Export a record kind as JSON Lines, CSV or Parquet, streaming where the format allows."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import IO, Any

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..errors import UsageError
from ..store import Store

FORMATS = ("jsonl", "csv", "parquet")


def export(store: Store, kind: str, fmt: str, out: IO[bytes]) -> int:
    """Write every ``kind`` record to ``out`` in ``fmt``; return the number of records."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "jsonl":
        n = 0
        for record in store.iter_records(kind):
            out.write(json.dumps(record, ensure_ascii=False, default=_json_default).encode("utf-8") + b"\n")
            n += 1
        return n
    table = store.export_table(kind)
    if fmt == "csv":
        pa_csv.write_csv(table, out)
    else:
        pq.write_table(table, out)
    return table.num_rows


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
