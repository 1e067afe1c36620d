"""Filtered, paginated reads of any record kind, derived from the record registry.

The filters of ``GET /api/{kind}`` — ``actor``, ``since``, ``until``, ``type``,
``q`` — apply to the columns each kind declares, found from the declaration
rather than listed per kind:

* ``actor``: fields whose meaning says they hold actor ids ("the actor id",
  "actor ids the number is about"); a compound id ("USA+JPN") matches each
  member; for ``actors`` itself, the id;
* ``since`` / ``until``: the kind's date field, the first of :data:`DATE_FIELDS`
  it has; dates of any precision compare by their common prefix, so
  ``since=2024-11-04`` keeps a month-precision ``2024-11``;
* ``type``: its ``type``, ``kind`` or ``status`` fields;
* ``q``: a case-insensitive substring of any of its text fields.

A filter a kind has no field for is a usage error naming the filters it takes.
Rows come back in the kind's export order, through the same select as
``storyline export`` (computed fields included).
"""

from __future__ import annotations

import threading
import typing
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from ..errors import UsageError
from ..model import RecordKind
from ..store import Store, _order_term, _with_computed, kind_or_error

DATE_FIELDS = ("date", "published", "stated_on", "as_of", "first_published")
TYPE_FIELDS = ("type", "kind", "status")
MAX_LIMIT = 1000


@dataclass(frozen=True)
class Filters:
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    type: str | None = None
    q: str | None = None


def actor_fields(kind: RecordKind) -> list[tuple[str, bool]]:
    """(field, is a list) for every field of ``kind`` that holds actor ids."""
    if kind.name == "actors":
        return [("id", False), ("members", True)]
    found = []
    for column in kind.exported:
        if "actor id" in column.doc.lower():
            found.append((column.name, typing.get_origin(column.base) is tuple))
    return found


def date_field(kind: RecordKind) -> str | None:
    names = {c.name for c in kind.exported}
    return next((n for n in DATE_FIELDS if n in names), None)


def text_fields(kind: RecordKind) -> list[str]:
    return [c.name for c in kind.exported if c.base is str]


def filters_of(kind: RecordKind) -> list[str]:
    """The filters ``kind`` takes."""
    names = {c.name for c in kind.exported}
    return [name for name, ok in (("actor", actor_fields(kind)), ("since", date_field(kind)), ("until", date_field(kind)),
                                  ("type", any(t in names for t in TYPE_FIELDS)), ("q", text_fields(kind))) if ok]


def where(kind: RecordKind, filters: Filters) -> tuple[str, list[Any]]:
    """The SQL condition and its parameters for ``filters`` on ``kind``."""
    terms: list[str] = []
    params: list[Any] = []
    given = {k: v for k, v in vars(filters).items() if v not in (None, "")}
    unsupported = sorted(set(given) - set(filters_of(kind)))
    if unsupported:
        raise UsageError(f"{kind.name} cannot be filtered by {', '.join(unsupported)}; "
                         f"it takes: {', '.join(filters_of(kind)) or 'no filters'}")
    if filters.actor:
        ors = []
        for name, is_list in actor_fields(kind):
            if is_list:
                ors.append(f'list_contains(t."{name}", ?)')
            else:
                ors.append(f'list_contains(string_split(t."{name}", \'+\'), ?)')
            params.append(filters.actor)
        terms.append("(" + " OR ".join(ors) + ")")
    field = date_field(kind)
    if filters.since:
        terms.append(f't."{field}" >= left(?, length(t."{field}"))')
        params.append(filters.since)
    if filters.until:
        terms.append(f'left(t."{field}", length(?)) <= ?')
        params += [filters.until, filters.until]
    if filters.type:
        names = {c.name for c in kind.exported}
        terms.append("(" + " OR ".join(f't."{n}" = ?' for n in TYPE_FIELDS if n in names) + ")")
        params += [filters.type] * sum(n in names for n in TYPE_FIELDS)
    if filters.q:
        terms.append("(" + " OR ".join(f'contains(lower(t."{n}"), ?)' for n in text_fields(kind)) + ")")
        params += [filters.q.lower()] * len(text_fields(kind))
    return (" AND ".join(terms) or "TRUE"), params


@dataclass(frozen=True)
class Page:
    kind: str
    total: int
    limit: int
    offset: int
    records: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "total": self.total, "limit": self.limit, "offset": self.offset, "records": self.records}


def count(store: Store, kind_name: str, filters: Filters = Filters()) -> int:
    """How many ``kind_name`` records match ``filters``."""
    kind = kind_or_error(kind_name)
    condition, params = where(kind, filters)
    return int(store.con.execute(f"SELECT count(*) FROM {_source(kind)} t WHERE {condition}", params).fetchall()[0][0])


def _source(kind: RecordKind) -> str:
    return f"({kind.select})" if kind.select else f'"{kind.name}"'


def _check_page(limit: int, offset: int) -> None:
    if not 0 < limit <= MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise UsageError(f"offset must be 0 or more, not {offset}")


def _rows(store: Store, kind: RecordKind, filters: Filters, limit: int, offset: int) -> pa.Table:
    condition, params = where(kind, filters)
    columns = ", ".join(f't."{c.name}"' for c in kind.exported)
    order = ", ".join("t." + _order_term(o) for o in kind.order)
    sql = f"SELECT {columns} FROM {_source(kind)} t WHERE {condition}" + (f" ORDER BY {order}" if order else "") + " LIMIT ? OFFSET ?"
    return store.con.sql(sql, params=[*params, limit, offset]).to_arrow_table()


def select(store: Store, kind_name: str, filters: Filters = Filters(), limit: int = 100, offset: int = 0,
           total: int | None = None) -> Page:
    """One page of ``kind_name`` records matching ``filters``, in export order (``total`` if already counted)."""
    kind = kind_or_error(kind_name)
    _check_page(limit, offset)
    where(kind, filters)  # a filter the kind has no field for is refused before anything is counted
    if total is None:
        total = count(store, kind_name, filters)
    rows = _rows(store, kind, filters, limit, offset).to_pylist()
    return Page(kind.name, total, limit, offset, [_with_computed(kind, row) for row in rows])


BLOCK_ROWS = 500


class Blocks:
    """Pages cut from aligned blocks of ``BLOCK_ROWS`` (500) rows, each read once and kept while it is used.

    Paging through a kind at arbitrary offsets costs one sorted read per block rather than one per
    request. Blocks are keyed on the store's generation, the kind, the filters and the block number;
    the least recently used are dropped beyond ``max_bytes`` (their size as Arrow). Thread-safe: a
    block that several requests want at once is read by the first while the others wait.
    """

    def __init__(self, max_bytes: int = 64_000_000):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._lock = threading.Lock()
        self._blocks: OrderedDict[tuple[Any, ...], tuple[list[dict[str, Any]], int]] = OrderedDict()
        self._making: dict[tuple[Any, ...], threading.Lock] = {}

    def clear(self) -> None:
        with self._lock:
            self._blocks.clear()
            self.bytes = 0

    def select(self, store: Store, generation: int, kind_name: str, filters: Filters, limit: int, offset: int,
               total: int) -> Page:
        """What :func:`select` answers, from blocks."""
        kind = kind_or_error(kind_name)
        _check_page(limit, offset)
        where(kind, filters)
        rows: list[dict[str, Any]] = []
        stop = min(offset + limit, total)
        for block in range(offset // BLOCK_ROWS, max(stop - 1, offset) // BLOCK_ROWS + 1) if offset < stop else ():
            got = self._block(store, (generation, kind.name, filters, block), kind, filters, block)
            first = block * BLOCK_ROWS
            rows += got[max(offset - first, 0):stop - first]
        return Page(kind.name, total, limit, offset, rows)

    def _block(self, store: Store, key: tuple[Any, ...], kind: RecordKind, filters: Filters, block: int) -> list[dict[str, Any]]:
        with self._lock:
            if key in self._blocks:
                self._blocks.move_to_end(key)
                return self._blocks[key][0]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._blocks:
                    return self._blocks[key][0]
            table = _rows(store, kind, filters, BLOCK_ROWS, block * BLOCK_ROWS)
            rows = [_with_computed(kind, row) for row in table.to_pylist()]
            with self._lock:
                self._making.pop(key, None)
                self._blocks[key] = (rows, table.nbytes)
                self.bytes += table.nbytes
                while self.bytes > self.max_bytes and len(self._blocks) > 1:
                    _, (_, size) = self._blocks.popitem(last=False)
                    self.bytes -= size
        return rows
