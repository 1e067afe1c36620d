"""The fuzz targets: readers, the cleaner, the number parser and the store round trip.

Each is a property that must hold for every input hypothesis can make; add one with the
``@target`` decorator (see ``harness.py``).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import strategies as st

from storyline.claims.quantities import find_quantities, parse_number
from storyline.ingest.clean import clean_text
from storyline.ingest.prepare import Prepared, prepare
from storyline.ingest.readers import read_bytes, read_file, read_paths
from storyline.model import RawArticle, Reject
from storyline.settings import Settings

from .harness import target

SMALL = Settings(max_bytes=20_000, max_json_bytes=50_000)
NAMES = ["a.txt", "a.html", "a.json", "a.jsonl", "a.csv", "a.txt.gz", "a.jsonl.gz", "a.csv.gz", "a", "-"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "cp1251", "gb18030"]
# Text that no repair touches: ASCII, Cyrillic, CJK, Hangul, Arabic, emoji and the Unicode line separators.
PLAIN = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                      exclude_characters="<>\x85", max_codepoint=0x1FAFF).filter(
    lambda c: c.isascii() or not ("\u0080" <= c <= "\u02ff"))
SAFE_TEXT = st.text(st.one_of(PLAIN, st.sampled_from(list(" \n,\"'\u2028\u2029\t"))), min_size=1, max_size=300).filter(
    lambda t: bool(t.strip()))
WORDS = ("the troops were sent to the border on Monday officials said after talks in Kyiv and Seoul about "
         "shells missiles 10,000 12 percent Київ заявив 北京 서울 الحكومة la semaine dernière según el ministerio").split()
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=8, max_size=40).map(lambda w: " ".join(w).capitalize() + ".")
ARTICLE = st.lists(SENTENCE, min_size=1, max_size=6).map("\n\n".join)


def _json_value() -> st.SearchStrategy:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=50))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["text", "title", "url", "date", "source", "x"]), inner, max_size=5)),
        max_leaves=20)


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["binary", "jsonl", "csv", "html", "text", "json"]))
    if kind == "binary":
        return draw(st.binary(max_size=3000))
    if kind == "jsonl":
        lines = draw(st.lists(st.one_of(_json_value().map(json.dumps), st.text(max_size=80)), max_size=8))
        text = draw(st.sampled_from(["\n", "\r\n", "\u2028", "\r"])).join(lines)
    elif kind == "json":
        text = json.dumps(draw(_json_value()), ensure_ascii=draw(st.booleans()))
    elif kind == "csv":
        cells = st.text(st.sampled_from(list('ab ,"\n\r\u2028é中')), max_size=30)
        rows = draw(st.lists(st.lists(cells, min_size=1, max_size=4).map(",".join), max_size=8))
        text = "\n".join([draw(st.sampled_from(["title,text", "text", "x,y", ""]))] + rows)
    elif kind == "html":
        parts = draw(st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<div>", "<nav>", "<!--", "&amp;", "<script>"]),
                                        st.text(max_size=60)), max_size=30))
        text = "<html><body>" + "".join(parts)
    else:
        text = draw(st.text(max_size=2000))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return gzip.compress(data) if draw(st.booleans()) else data


def _stored_strings(item: RawArticle | Reject) -> list[str | None]:
    if isinstance(item, Reject):
        return [item.input, item.reason, item.detail]
    return [item.input, item.text, item.html, item.title, item.url, item.path, item.source, item.published, *item.repairs]


@target("readers", hostile_bytes(), st.sampled_from(NAMES), weight=2)
def readers(data: bytes, name: str) -> None:
    """Any bytes under any name: at least one item, each an article or a reject, every string storable."""
    items = list(read_bytes(data, name, SMALL))
    assert items, "no article and no reject"
    for item in items:
        assert isinstance(item, (RawArticle, Reject))
        for value in _stored_strings(item):
            if value is not None:
                value.encode("utf-8")  # no lone surrogates reach the store


@target("csv_rows", st.lists(st.tuples(SAFE_TEXT, SAFE_TEXT), min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]))
def csv_rows(rows: list[tuple[str, str]], terminator: str) -> None:
    """CSV written by the csv module comes back row for row: nothing merged, split or altered."""
    out = io.StringIO()
    csv.writer(out, lineterminator=terminator).writerows([("title", "text"), *rows])
    items = list(read_bytes(out.getvalue().encode("utf-8"), "rows.csv", Settings()))
    assert [(a.title, a.text) for a in items if isinstance(a, RawArticle)] == [(t.strip() or None, x) for t, x in rows]


@target("jsonl_rows", st.lists(st.tuples(SAFE_TEXT, SAFE_TEXT), min_size=1, max_size=6), st.booleans(), st.sampled_from(["\n", "\r\n"]))
def jsonl_rows(rows: list[tuple[str, str]], ascii_only: bool, terminator: str) -> None:
    """JSON Lines come back record for record, whatever line separators the strings hold."""
    text = terminator.join(json.dumps({"title": t, "text": x}, ensure_ascii=ascii_only) for t, x in rows)
    items = list(read_bytes(text.encode("utf-8"), "rows.jsonl", Settings()))
    assert [(a.title, a.text) for a in items] == [(t.strip() or None, x) for t, x in rows]


@target("parquet", st.lists(st.tuples(SAFE_TEXT, st.one_of(st.none(), SAFE_TEXT)), max_size=20), st.binary(max_size=200))
def parquet(rows: list[tuple[str, str | None]], junk: bytes) -> None:
    """A Parquet file comes back row for row; any bytes named .parquet are a reject, not a crash."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.parquet"
        pq.write_table(pa.table({"text": [r[0] for r in rows], "title": [r[1] for r in rows]}, schema=pa.schema(
            [("text", pa.string()), ("title", pa.string())])), path, row_group_size=3)
        items = list(read_file(str(path), Settings()))
        if rows:
            assert [(a.text, a.title) for a in items] == [(x, t.strip() or None if t else None) for x, t in rows]
        else:
            assert [i.reason for i in items] == ["empty"]
        path.write_bytes(junk)
        assert all(isinstance(i, Reject) for i in read_file(str(path), Settings()))


@target("cleaner", st.text(max_size=3000), st.one_of(st.none(), st.text(max_size=80)))
def cleaner(raw: str, title: str | None) -> None:
    """The cleaner never raises, and every clean character maps back to the same raw character."""
    cleaned = clean_text(raw, title=title)
    for seg in cleaned.segments:
        assert cleaned.text[seg.clean_start:seg.clean_start + seg.length] == raw[seg.raw_start:seg.raw_start + seg.length]


NUMBERISH = st.lists(st.one_of(
    st.sampled_from(["10,000", "1.5", "12 000", "a million", "up to", "about", "at least", "more than", "between", "and",
                     "to", "%", "$", "€", "-", "–", "troops", "billion", "half", "dozens", "2024", "1,2,3", ".", ",", "0x1F"]),
    st.text(st.sampled_from(list("0123456789,. -–$%kmb")), max_size=12), st.text(max_size=10)), max_size=30).map(" ".join)


@target("numbers", st.one_of(NUMBERISH, st.text(max_size=200)))
def numbers(text: str) -> None:
    """Parsing numbers never raises, and every quantity found is a span of the text."""
    parse_number(text)
    for q in find_quantities(text):
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text


STORE_RECORDS = st.lists(st.fixed_dictionaries({
    "text": ARTICLE, "title": st.one_of(st.none(), SAFE_TEXT),
    "url": st.one_of(st.none(), st.sampled_from(["https://news.example/a", "https://u:pw@news.example/b"])),
    "published": st.one_of(st.none(), st.sampled_from(["2024-11-05", "2024-11-05T10:00:00Z", "Nov 5 2024", "garbage"])),
}), min_size=1, max_size=4)


@target("store", STORE_RECORDS, weight=2)
def store(records: list[dict]) -> None:
    """What ``storyline add`` writes is what ``storyline export`` reads: every document prepare makes."""
    from typer.testing import CliRunner

    from storyline.cli import app

    with tempfile.TemporaryDirectory() as folder:
        source, db, config = Path(folder) / "in.jsonl", Path(folder) / "s.duckdb", Path(folder) / "s.toml"
        source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        config.write_text("analyse = false\nrepeat_min_docs = 1000000\n")
        settings = Settings(db=str(db), analyse=False, repeat_min_docs=1_000_000)
        expected = {}
        for raw in read_paths([str(source)], settings):
            result = prepare(raw, settings) if isinstance(raw, RawArticle) else raw
            if isinstance(result, Prepared):
                expected.setdefault(result.document.id, result.document)
        runner = CliRunner()
        added = runner.invoke(app, ["add", str(source), "--db", str(db), "--config", str(config), "--quiet"], catch_exceptions=False)
        assert added.exit_code in (0, 1), added.output
        exported = runner.invoke(app, ["export", "documents", "--db", str(db)], catch_exceptions=False)
        got = {d["id"]: d for d in map(json.loads, filter(None, exported.output.split("\n")))}
        assert set(got) == set(expected)
        for doc_id, doc in expected.items():
            for field in ("text", "title", "url", "path", "source", "published", "published_precision", "language", "raw_chars"):
                assert got[doc_id][field] == getattr(doc, field), field
            assert "pw@" not in (got[doc_id]["url"] or "")

