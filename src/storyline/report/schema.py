"""The field reference of every record kind, generated from the record registry.

``storyline schema [KIND]`` prints it; ``docs/records.md`` is the same text,
kept in step by a test.
"""

from __future__ import annotations

import typing
from typing import Any

from ..model import RECORDS, RecordKind, _unoptional
from ..store import kind_or_error

HEADER = """# Records

Every record kind Storyline stores, with its fields, generated from the record
registry (`storyline schema` prints the same). `storyline export KIND` writes
them as JSON Lines (default), CSV or Parquet. Offsets (`start`, `end`) are
Python string indices into `documents.text`. Dates are ISO 8601 strings
(`2024-11-04`, `2024-11`, `2024`) or null. In CSV, list and object fields are
JSON text.
"""


def type_name(annotation: Any) -> str:
    base, nullable = _unoptional(annotation)
    if typing.get_origin(base) is tuple:
        inner = typing.get_args(base)[0]
        name = f"list of {type_name(inner)}"
    elif isinstance(base, type):
        name = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(base.__name__, "object")
    else:
        name = str(base)
    return name + (" or null" if nullable else "")


def kind_markdown(kind: RecordKind) -> str:
    lines = [f"## {kind.name}", "", kind.doc, ""]
    if kind.key:
        lines += [f"Key: {', '.join(kind.key)}.", ""]
    lines += ["| field | type | meaning |", "|---|---|---|"]
    for column in kind.exported:
        lines.append(f"| `{column.name}` | {type_name(column.type)} | {column.doc} |")
    for name in kind.computed:
        lines.append(f"| `{name}` | number or [low, high] | computed (JSON Lines and the API only) |")
    return "\n".join(lines) + "\n"


def records_markdown(kind: str | None = None) -> str:
    if kind is not None:
        return kind_markdown(kind_or_error(kind))
    return HEADER + "\n" + "\n".join(kind_markdown(k) for k in RECORDS.values())
