"""Readers: paths, directories, globs, stdin and bytes → ``RawArticle`` or ``Reject``.

Formats: plain text, HTML, JSON (an object, a list, or ``{"articles": [...]}``), JSON
Lines, CSV with a header, Parquet (a file; a directory of them is a directory like any
other); text formats may be gzip-compressed. The format comes from the file name, else
from sniffing the first 64 KiB. A container holding many articles yields one record per
article, named ``path#N`` (N: the line a JSON Lines or CSV record starts on, the position
in a JSON list, the row of a Parquet file).

One bad input never costs another: every file, record and row becomes an article or a
``Reject``, and nothing here raises for bad content.

* JSON Lines and CSV are streamed from the file a line at a time (memory bounded by the
  largest record), Parquet row group by row group with pyarrow; ``max_bytes`` applies to
  each article, not to the container. A JSON (not Lines) file is parsed whole, up to
  ``max_json_bytes``. A compressed container stops at ``max_container_bytes`` decompressed,
  or when it inflates more than ``GZIP_MAX_RATIO`` times (a gzip bomb).
* Lines end at ``\\n`` (or ``\\r\\n``) only: U+2028, U+2029 and U+0085 inside a record are text.
* JSON nested deeper than ``MAX_JSON_DEPTH`` is a ``too_deep`` reject, checked before parsing.
* CSV is read strictly (RFC 4180, :mod:`.csvrows`): a row whose quotes do not close, that
  has text after a closing quote, or whose field count differs from the header's is a
  ``bad_csv`` reject, and the rows after it are kept.
* Text is decoded by :mod:`.encoding` (charset-normalizer, ftfy) and what was repaired is
  kept in ``RawArticle.repairs``; a file name that is not valid UTF-8 is stored with U+FFFD
  in place of the bad bytes, and the repair says so.
* A folder that cannot be listed is an ``unreadable`` reject; symbolic links to folders are
  followed once (a loop is walked no further).
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import IO, Any, cast

from ..model import RawArticle, Reject
from ..settings import Settings
from .csvrows import Line, csv_rows
from .encoding import SNIFF, binary_kind, decode, repair_text, stream_encoding, utf8_lenient

Item = RawArticle | Reject
log = logging.getLogger(__name__)

TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "article_text", "full_text", "story")
TITLE_FIELDS = ("title", "headline", "heading")
URL_FIELDS = ("url", "link", "href", "source_url")
DATE_FIELDS = ("published", "date", "published_at", "publish_date", "pubdate", "datetime", "date_publish", "time")
SOURCE_FIELDS = ("source", "outlet", "publisher", "site", "site_name", "sitename", "domain", "media")
KNOWN_FIELDS = frozenset(TEXT_FIELDS + TITLE_FIELDS + URL_FIELDS + DATE_FIELDS + SOURCE_FIELDS)

MAX_JSON_DEPTH = 64
GZIP_MAX_RATIO = 200
PARQUET_BATCH_ROWS = 256
DATASET_MARKERS = frozenset({"_SUCCESS", "_metadata", "_common_metadata"})

_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
_HTML_BODY = re.compile(r"<(p|div|br|article|html|body)[\s/>]", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s]*@")
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_FORMATS = (
    ((".jsonl", ".ndjson", ".jl"), "jsonl"),
    ((".json",), "json"),
    ((".csv",), "csv"),
    ((".parquet", ".pq"), "parquet"),
    ((".html", ".htm", ".xhtml", ".shtml"), "html"),
    ((".txt", ".text", ".md"), "text"),
)


class _TooLarge(Exception):
    """A decompressed stream passed its cap."""


# -- names ---------------------------------------------------------------------------------------

def strip_credentials(text: str) -> str:
    """``text`` (a URL, or a message quoting URLs) without any ``user:password@`` part."""
    return _USERINFO.sub(r"\1", text) if "@" in text else text


def display_name(path: str) -> tuple[str, tuple[str, ...]]:
    """A name that can be stored for ``path``, and a note when its bytes were not valid UTF-8."""
    try:
        path.encode("utf-8")
        return path, ()
    except UnicodeEncodeError:
        safe = os.fsencode(path).decode("utf-8", errors="replace")
        return safe, ("the file name is not valid UTF-8: stored with U+FFFD for the bad bytes",)


# -- paths ---------------------------------------------------------------------------------------

def read_paths(paths: list[str], settings: Settings, stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Every article named by ``paths`` (files, directories, globs, ``-``), in a stable order.

    The database file itself (and its write-ahead log) is never read as input.
    """
    own = {os.path.abspath(settings.db), os.path.abspath(settings.db) + ".wal"}
    for spec in paths:
        if spec == "-":
            yield from read_stream(stdin or sys.stdin.buffer, "-", settings)
        elif os.path.isdir(spec):
            for found in _walk(spec, own):
                if isinstance(found, Reject):
                    yield found
                else:
                    yield from _guarded(found, settings)
        elif os.path.isfile(spec):
            yield from _guarded(spec, settings)
        elif glob.has_magic(spec):
            matches = sorted(p for p in glob.glob(spec, recursive=True) if os.path.isfile(p) and os.path.abspath(p) not in own)
            if not matches:
                yield Reject(display_name(spec)[0], "not_found", "the pattern matched no files")
            for path in matches:
                yield from _guarded(path, settings)
        elif _SCHEME.match(spec):
            scheme = spec.split(":", 1)[0].lower()
            yield Reject(strip_credentials(spec), "bad_url", f"{scheme}: URLs are not fetched; only http and https are")
        else:
            yield Reject(display_name(spec)[0], "not_found", "no such file or directory")


def _guarded(path: str, settings: Settings) -> Iterator[Item]:
    """``read_file``, with an unexpected error becoming a reject of that file (the records it
    already gave are kept, and the next file is read)."""
    try:
        yield from read_file(path, settings)
    except Exception as exc:  # noqa: BLE001 - one bad input must not cost the others
        log.exception("reading %s failed", path)
        yield Reject(display_name(path)[0], "internal_error", f"{type(exc).__name__}: {exc}"[:500], "read")


def _walk(root: str, own: set[str]) -> Iterator[str | Reject]:
    """Files under ``root`` (hidden ones and dataset markers skipped), sorted, then folders that could not be listed."""
    errors: list[Reject] = []
    seen: set[tuple[int, int]] = set()
    found: list[str] = []

    def failed(exc: OSError) -> None:
        name = display_name(str(exc.filename or root))[0]
        errors.append(Reject(name, "unreadable", f"cannot list the folder: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=failed, followlinks=True):
        try:
            stat = os.stat(folder)
        except OSError as exc:
            failed(exc)
            dirs[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(folder, f) for f in files if not f.startswith(".") and f not in DATASET_MARKERS)
    for path in sorted(found):
        if os.path.abspath(path) not in own:
            yield path
    yield from errors


# -- files and streams ---------------------------------------------------------------------------

def read_file(path: str, settings: Settings) -> Iterator[Item]:
    name, note = display_name(path)
    try:
        with open(path, "rb", buffering=SNIFF) as handle:
            if _format(name.lower(), cast(io.BufferedReader, handle).peek(4)[:4]) == "parquet":
                yield from _noted(_parquet_records(path, name, settings), note)
                return
            if os.fstat(handle.fileno()).st_size > settings.max_container_bytes:
                yield Reject(name, "too_large", f"{os.fstat(handle.fileno()).st_size} bytes; the limit is "
                             f"{settings.max_container_bytes} (setting max_container_bytes)")
                return
            yield from _noted(read_stream(handle, name, settings), note)
    except OSError as exc:
        yield Reject(name, "unreadable", exc.strerror or str(exc))


def _noted(items: Iterable[Item], note: tuple[str, ...]) -> Iterator[Item]:
    for item in items:
        if not note:
            yield item
        elif isinstance(item, Reject):
            yield Reject(item.input, item.reason, f"{item.detail} ({note[0]})")
        else:
            yield replace(item, repairs=note + item.repairs)


def read_bytes(data: bytes, name: str, settings: Settings, **meta: Any) -> Iterator[Item]:
    """Articles in ``data`` (named ``name``; ``meta`` as url/source/title/published hints)."""
    yield from read_stream(io.BytesIO(data), name, settings, **meta)


def read_stream(source: IO[bytes], name: str, settings: Settings, **meta: Any) -> Iterator[Item]:
    """Articles read from a binary stream (a file, stdin, a fetched body)."""
    stream = source if isinstance(source, io.BufferedReader) else io.BufferedReader(cast(io.RawIOBase, source), SNIFF)
    kind = name.lower()
    try:
        head = stream.peek(SNIFF)[:SNIFF]
        if head[:2] == b"\x1f\x8b":
            stream, kind = _gunzipped(stream, settings), kind.removesuffix(".gz")
            head = stream.peek(SNIFF)[:SNIFF]
        yield from _dispatch(stream, head, name, kind, settings, meta)
    except (OSError, EOFError, zlib.error) as exc:
        yield Reject(name, "bad_gzip" if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)) else "unreadable", str(exc) or type(exc).__name__)
    except _TooLarge as exc:
        yield Reject(name, "too_large", str(exc))


def _gunzipped(stream: io.BufferedReader, settings: Settings) -> io.BufferedReader:
    inner = gzip.GzipFile(fileobj=stream)
    return io.BufferedReader(_Capped(inner, stream, settings.max_container_bytes), SNIFF)


class _Capped(io.RawIOBase):
    """A decompressing reader that stops past ``limit`` bytes or ``GZIP_MAX_RATIO`` × the compressed bytes read."""

    def __init__(self, inner: gzip.GzipFile, compressed: io.BufferedReader, limit: int):
        self.inner, self.compressed, self.limit, self.total = inner, compressed, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        self.total += len(data)
        if self.total > self.limit:
            raise _TooLarge(f"decompresses past {self.limit} bytes (setting max_container_bytes)")
        if self.total > SNIFF * 16 and self.total > GZIP_MAX_RATIO * max(1, self.compressed.tell()):
            raise _TooLarge(f"inflates more than {GZIP_MAX_RATIO} times its compressed size (a gzip bomb?)")
        buffer[: len(data)] = data
        return len(data)


def _dispatch(stream: io.BufferedReader, head: bytes, name: str, kind: str, settings: Settings,
              meta: Mapping[str, Any]) -> Iterator[Item]:
    if not head.strip() and len(head) < SNIFF:
        yield Reject(name, "empty", "the input is empty or only whitespace")
        return
    fmt = _format(kind, head)
    if fmt == "parquet":
        yield Reject(name, "unsupported", "a Parquet file is read from disk, not from a stream or a compressed file")
        return
    if binary := binary_kind(head):
        yield Reject(name, "binary", f"looks like {binary}, not text")
        return
    if fmt in ("jsonl", "csv"):
        encoding = stream_encoding(head)
        if encoding is None:
            yield Reject(name, "undecodable", "not text in any encoding charset-normalizer knows")
            return
        lines = _lines(stream, encoding, settings.max_bytes)
        yield from _not_empty((_jsonl_records if fmt == "jsonl" else _csv_records)(lines, name, settings, meta), name)
        return
    limit = settings.max_json_bytes if fmt == "json" else settings.max_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        setting = "max_json_bytes" if fmt == "json" else "max_bytes"
        yield Reject(name, "too_large", f"more than {limit} bytes (setting {setting})")
        return
    if not data.strip():
        yield Reject(name, "empty", "the input is empty or only whitespace")
        return
    decoded = decode(data, repair=False)  # repaired once, field by field, as the article is made
    if decoded is None:
        yield Reject(name, "undecodable", "not text in any encoding charset-normalizer knows")
        return
    if fmt == "json":
        yield from _not_empty(_json_records(decoded.text, name, settings, meta, decoded.repairs), name)
    else:
        yield _article(name, decoded.text, fmt == "html", len(decoded.text), meta, decoded.repairs)


def _not_empty(items: Iterator[Item], name: str) -> Iterator[Item]:
    """``items``, or one reject when a container holds no record at all."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield Reject(name, "empty", "the container holds no records")


def _format(kind: str, head: bytes) -> str:
    for suffixes, fmt in _FORMATS:
        if kind.endswith(suffixes):
            return fmt
    if head.startswith(b"PAR1"):
        return "parquet"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"["):
        return "jsonl" if start == b"{" and re.search(rb"\}\s*\n\s*\{", head) else "json"
    return "html" if _HTML_SNIFF.match(head[:2048].lstrip(b"\xef\xbb\xbf")) else "text"


# -- lines ---------------------------------------------------------------------------------------

def _lines(stream: IO[bytes], encoding: str, limit: int) -> Iterator[Line]:
    """Physical lines split at ``\\n`` only, each at most ``limit`` bytes (characters for non-UTF-8)."""
    if encoding in ("utf-8", "utf-8-sig"):
        read: Callable[[int], Any] = stream.readline
        first = True
        newline: str | bytes = b"\n"
    else:
        text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="\n")
        read, first, newline = text.readline, False, "\n"
    number = 0
    while line := read(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(newline):
            while (rest := read(SNIFF)) and not rest.endswith(newline):
                pass
            yield number, None, 0
            continue
        if isinstance(line, bytes):
            if first:
                line, first = line.removeprefix(b"\xef\xbb\xbf"), False
            decoded, stray = utf8_lenient(line, force=True) or ("", 0)
            yield number, decoded, stray
        else:
            yield number, line, 0


def _stray_note(stray: int) -> tuple[str, ...]:
    return (f"{stray} bytes that are not UTF-8 read as Windows-1252",) if stray else ()


# -- JSON ----------------------------------------------------------------------------------------

def _depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text (strings ignored)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        depth += 1 if ch in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                break
    return deepest


def _load_json(text: str) -> tuple[Any, tuple[str, str] | None]:
    """The parsed value, or (reason, detail)."""
    if (depth := _depth(text)) > MAX_JSON_DEPTH:
        return None, ("too_deep", f"JSON nested more than {MAX_JSON_DEPTH} levels deep (at least {depth})")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, ("bad_json", f"line {exc.lineno} column {exc.colno}: {exc.msg}")
    except RecursionError:
        return None, ("too_deep", "JSON nested too deep to parse")


def _json_records(text: str, name: str, settings: Settings, meta: Mapping[str, Any], repairs: tuple[str, ...]) -> Iterator[Item]:
    data, problem = _load_json(text)
    if problem:
        yield Reject(name, *problem)
        return
    if isinstance(data, Mapping):
        inner = next((data[k] for k in ("articles", "items", "data", "results", "documents") if isinstance(data.get(k), list)), None)
        if inner is None:
            yield record_article(data, name, meta, settings.max_bytes, repairs)
            return
        data = inner
    if not isinstance(data, list):
        yield Reject(name, "bad_record", "JSON holds neither an object nor a list of objects")
        return
    for i, record in enumerate(data, 1):
        yield record_article(record, f"{name}#{i}", meta, settings.max_bytes, repairs)


def _jsonl_records(lines: Iterator[Line], name: str, settings: Settings, meta: Mapping[str, Any]) -> Iterator[Item]:
    for number, line, stray in lines:
        where = f"{name}#{number}"
        if line is None:
            yield Reject(where, "too_large", f"line {number} is longer than {settings.max_bytes} bytes (setting max_bytes)")
            continue
        if not line.strip():
            continue
        record, problem = _load_json(line)
        if problem:
            yield Reject(where, problem[0], f"line {number}: {problem[1]}")
            continue
        yield record_article(record, where, meta, settings.max_bytes, _stray_note(stray))


# -- CSV -----------------------------------------------------------------------------------------

def _csv_records(lines: Iterator[Line], name: str, settings: Settings, meta: Mapping[str, Any]) -> Iterator[Item]:
    rows = csv_rows(lines, settings.max_bytes)
    header_row = next(rows, None)
    if header_row is None or header_row[1] is None:
        yield Reject(name, "bad_csv", f"the header cannot be read: {header_row[2] if header_row else 'no rows'}")
        return
    header = [h.strip().lower() for h in header_row[1]]
    if not set(header) & set(TEXT_FIELDS):
        yield Reject(name, "no_text_field", f"the CSV header has none of {', '.join(TEXT_FIELDS)}")
        return
    for number, fields, problem, stray in rows:
        where = f"{name}#{number}"
        if fields is None:
            reason = "too_large" if "longer than" in problem else "bad_csv"
            yield Reject(where, reason, problem)
        elif len(fields) != len(header):
            yield Reject(where, "bad_csv", f"the row starting at line {number} has {len(fields)} fields; the header has {len(header)}")
        else:
            yield record_article(dict(zip(header, fields)), where, meta, settings.max_bytes, _stray_note(stray))


# -- Parquet -------------------------------------------------------------------------------------

def _parquet_records(path: str, name: str, settings: Settings) -> Iterator[Item]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    number = 0
    try:
        table = pq.ParquetFile(path)
        columns = [c for c in table.schema_arrow.names if c.strip().lower() in KNOWN_FIELDS]
        if not {c.strip().lower() for c in columns} & set(TEXT_FIELDS):
            yield Reject(name, "no_text_field", f"the Parquet columns include none of {', '.join(TEXT_FIELDS)}")
            return
        for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            for row in batch.to_pylist():
                number += 1
                yield record_article(row, f"{name}#{number}", {}, settings.max_bytes)
        if number == 0:
            yield Reject(name, "empty", "the Parquet file holds no rows")
    except (pa.ArrowException, ValueError, OSError) as exc:
        where = f"{name}#{number + 1}" if number else name
        yield Reject(where, "bad_parquet", f"{type(exc).__name__}: {exc}"[:500])


# -- records -------------------------------------------------------------------------------------

def _article(name: str, body: str, html: bool, raw_chars: int, meta: Mapping[str, Any], repairs: tuple[str, ...] = ()) -> RawArticle:
    path = None if name == "-" or "://" in name else name.split("#", 1)[0]
    body, fixed = repair_text(body)
    fields = {key: _field(meta.get(key)) for key in ("title", "url", "source", "published")}
    notes = list(repairs) + list(fixed) + [f"{key}: {note}" for key, (_, more) in fields.items() for note in more]
    url = fields["url"][0]
    return RawArticle(
        input=strip_credentials(name),
        raw_chars=raw_chars,
        text=None if html else body,
        html=body if html else None,
        title=fields["title"][0],
        url=strip_credentials(url) if url else None,
        path=path,
        source=fields["source"][0],
        published=fields["published"][0],
        repairs=tuple(dict.fromkeys(notes)),
    )


def _field(value: Any) -> tuple[str | None, tuple[str, ...]]:
    text = _str(value)
    return (None, ()) if text is None else repair_text(text)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Mapping):  # e.g. {"source": {"name": "Reuters"}}
        value = value.get("name") or value.get("title") or value.get("href")
        if isinstance(value, (Mapping, list)):
            return None
    elif isinstance(value, list):
        return None
    if hasattr(value, "isoformat"):  # a Parquet timestamp or date
        value = value.isoformat()
    text = str(value).strip() if value is not None else ""
    return text or None


def record_article(record: Any, name: str, meta: Mapping[str, Any] | None = None, limit: int | None = None,
                   repairs: tuple[str, ...] = ()) -> Item:
    """One JSON/CSV/Parquet record (a mapping with common field names) → article or reject."""
    if not isinstance(record, Mapping):
        return Reject(name, "bad_record", f"expected an object with a text field, got {type(record).__name__}")
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    body = next((fields[f] for f in TEXT_FIELDS if isinstance(fields.get(f), str) and fields[f].strip()), None)
    if body is None:
        return Reject(name, "no_text_field", f"none of the fields {', '.join(TEXT_FIELDS)} holds text")
    if limit is not None and len(body) > limit // 4 and len(body.encode("utf-8", "surrogatepass")) > limit:
        return Reject(name, "too_large", f"the article text is longer than {limit} bytes (setting max_bytes)")
    found = {
        "title": _pick(fields, TITLE_FIELDS),
        "url": _pick(fields, URL_FIELDS),
        "published": _pick(fields, DATE_FIELDS),
        "source": _pick(fields, SOURCE_FIELDS),
    }
    merged = {**(meta or {}), **{k: v for k, v in found.items() if v is not None}}
    return _article(name, body, bool(_HTML_BODY.search(body[:4096])), len(body), merged, repairs)


def _pick(fields: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        if (value := _str(fields.get(name))) is not None:
            return value
    return None



