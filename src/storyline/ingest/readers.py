"""Readers: paths, directories, globs, stdin and bytes → ``RawArticle`` or ``Reject``.

Formats: plain text, HTML, JSON (an object, a list, or ``{"articles": [...]}``),
JSON Lines, CSV with a header; any of them gzip-compressed. The format comes
from the file name, else from sniffing the content. A container holding many
articles yields one record per article, named ``path#N``.
"""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from ..model import RawArticle, Reject
from ..settings import Settings

Item = RawArticle | Reject

TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "article_text", "full_text", "story")
TITLE_FIELDS = ("title", "headline", "heading")
URL_FIELDS = ("url", "link", "href", "source_url")
DATE_FIELDS = ("published", "date", "published_at", "publish_date", "pubdate", "datetime", "date_publish", "time")
SOURCE_FIELDS = ("source", "outlet", "publisher", "site", "site_name", "sitename", "domain", "media")

_MAGIC = {
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"\x7fELF": "executable",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ": "xz archive",
}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


def read_paths(paths: list[str], settings: Settings, stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Every article named by ``paths`` (files, directories, globs, ``-``), in a stable order.

    The database file itself (and its write-ahead log) is never read as input.
    """
    own = {os.path.abspath(settings.db), os.path.abspath(settings.db) + ".wal"}
    for spec in paths:
        if spec == "-":
            data = (stdin or sys.stdin.buffer).read(settings.max_bytes + 1)
            yield from read_bytes(data, "-", settings)
        elif os.path.isdir(spec):
            for found in sorted(p for p in Path(spec).rglob("*") if p.is_file() and not _hidden(p, spec)):
                if os.path.abspath(found) not in own:
                    yield from read_file(str(found), settings)
        elif os.path.isfile(spec):
            yield from read_file(spec, settings)
        elif glob.has_magic(spec):
            matches = sorted(p for p in glob.glob(spec, recursive=True) if os.path.isfile(p) and os.path.abspath(p) not in own)
            if not matches:
                yield Reject(spec, "not_found", "the pattern matched no files")
            for path in matches:
                yield from read_file(path, settings)
        else:
            yield Reject(spec, "not_found", "no such file or directory")


def _hidden(path: Path, root: str) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_file(path: str, settings: Settings) -> Iterator[Item]:
    try:
        size = os.path.getsize(path)
        if size > settings.max_bytes:
            yield Reject(path, "too_large", f"{size} bytes; the limit is {settings.max_bytes} (setting max_bytes)")
            return
        with open(path, "rb") as handle:
            data = handle.read(settings.max_bytes + 1)
    except OSError as exc:
        yield Reject(path, "unreadable", exc.strerror or str(exc))
        return
    yield from read_bytes(data, path, settings)


def read_bytes(data: bytes, name: str, settings: Settings, **meta: Any) -> Iterator[Item]:
    """Articles in ``data`` (named ``name``; ``meta`` as url/source/title/published hints)."""
    kind = name.lower()
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data, settings.max_bytes)
        except (OSError, EOFError, zlib.error) as exc:
            yield Reject(name, "bad_gzip", str(exc))
            return
        except OverflowError:
            yield Reject(name, "too_large", f"decompresses past {settings.max_bytes} bytes (setting max_bytes)")
            return
        kind = kind.removesuffix(".gz")
    if len(data) > settings.max_bytes:
        yield Reject(name, "too_large", f"more than {settings.max_bytes} bytes (setting max_bytes)")
        return
    if not data.strip():
        yield Reject(name, "empty", "the input is empty or only whitespace")
        return
    if binary := _binary_kind(data):
        yield Reject(name, "binary", f"looks like {binary}, not text")
        return
    text = decode(data)
    if text is None:
        yield Reject(name, "undecodable", "not valid UTF-8, UTF-16 or Windows-1252 text")
        return
    yield from _parse(text, name, kind, data, meta)


def _gunzip(data: bytes, limit: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        out = handle.read(limit + 1)
    if len(out) > limit:
        raise OverflowError
    return out


def _binary_kind(data: bytes) -> str | None:
    for magic, label in _MAGIC.items():
        if data.startswith(magic):
            return label
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return None
    head = data[:8192]
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return "binary data (control bytes)" if control > len(head) * 0.01 else None


def decode(data: bytes) -> str | None:
    """Text from bytes: UTF-8 (BOM or not), UTF-16 with BOM, lightly damaged UTF-8, or Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    repaired = data.decode("utf-8", errors="replace")
    damage = repaired.count("\ufffd")
    high = sum(1 for b in data if b >= 0x80)
    if damage <= max(2, len(repaired) // 1000) and damage * 4 < high:
        return repaired
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _parse(text: str, name: str, kind: str, data: bytes, meta: Mapping[str, Any]) -> Iterator[Item]:
    fmt = _format(kind, data)
    if fmt == "json":
        yield from _json_records(text, name, meta)
    elif fmt == "jsonl":
        yield from _jsonl_records(text, name, meta)
    elif fmt == "csv":
        yield from _csv_records(text, name, meta)
    else:
        yield _article(name, text, fmt == "html", len(text), meta)


def _format(kind: str, data: bytes) -> str:
    for suffixes, fmt in (
        ((".jsonl", ".ndjson", ".jl"), "jsonl"),
        ((".json",), "json"),
        ((".csv",), "csv"),
        ((".html", ".htm", ".xhtml", ".shtml"), "html"),
        ((".txt", ".text", ".md"), "text"),
    ):
        if kind.endswith(suffixes):
            return fmt
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return "jsonl" if head == b"{" and b"\n{" in data.strip() else "json"
    return "html" if _HTML_SNIFF.match(data[:2048]) else "text"


def _article(name: str, body: str, html: bool, raw_chars: int, meta: Mapping[str, Any]) -> RawArticle:
    path = None if name == "-" or "://" in name else name.split("#", 1)[0]
    return RawArticle(
        input=name,
        raw_chars=raw_chars,
        text=None if html else body,
        html=body if html else None,
        title=_str(meta.get("title")),
        url=_str(meta.get("url")),
        path=path,
        source=_str(meta.get("source")),
        published=_str(meta.get("published")),
    )


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Mapping):  # e.g. {"source": {"name": "Reuters"}}
        value = value.get("name") or value.get("title") or value.get("href")
    text = str(value).strip() if value is not None else ""
    return text or None


def record_article(record: Any, name: str, meta: Mapping[str, Any] | None = None) -> Item:
    """One JSON/CSV record (a mapping with common field names) → article or reject."""
    if not isinstance(record, Mapping):
        return Reject(name, "bad_record", f"expected an object with a text field, got {type(record).__name__}")
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    body = next((fields[f] for f in TEXT_FIELDS if isinstance(fields.get(f), str) and fields[f].strip()), None)
    if body is None:
        return Reject(name, "no_text_field", f"none of the fields {', '.join(TEXT_FIELDS)} holds text")
    found = {
        "title": _pick(fields, TITLE_FIELDS),
        "url": _pick(fields, URL_FIELDS),
        "published": _pick(fields, DATE_FIELDS),
        "source": _pick(fields, SOURCE_FIELDS),
    }
    merged = {**(meta or {}), **{k: v for k, v in found.items() if v is not None}}
    is_html = bool(re.search(r"<(p|div|br|article|html|body)[\s/>]", body[:4096], re.I))
    return _article(name, body, is_html, len(body), merged)


def _pick(fields: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        if (value := _str(fields.get(name))) is not None:
            return value
    return None


def _json_records(text: str, name: str, meta: Mapping[str, Any]) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Reject(name, "bad_json", f"line {exc.lineno} column {exc.colno}: {exc.msg}")
        return
    if isinstance(data, Mapping):
        inner = next((data[k] for k in ("articles", "items", "data", "results", "documents") if isinstance(data.get(k), list)), None)
        if inner is None:
            yield record_article(data, name, meta)
            return
        data = inner
    if not isinstance(data, list):
        yield Reject(name, "bad_record", "JSON holds neither an object nor a list of objects")
        return
    for i, record in enumerate(data, 1):
        yield record_article(record, f"{name}#{i}", meta)


def _jsonl_records(text: str, name: str, meta: Mapping[str, Any]) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(f"{name}#{number}", "bad_json", f"line {number}: {exc.msg}")
            continue
        yield record_article(record, f"{name}#{number}", meta)


def _csv_records(text: str, name: str, meta: Mapping[str, Any]) -> Iterator[Item]:
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = {(h or "").strip().lower() for h in reader.fieldnames or ()}
        if not header & set(TEXT_FIELDS):
            yield Reject(name, "no_text_field", f"the CSV header has none of {', '.join(TEXT_FIELDS)}")
            return
        for number, row in enumerate(reader, 2):
            yield record_article(row, f"{name}#{number}", meta)
    except csv.Error as exc:
        yield Reject(name, "bad_csv", str(exc))
