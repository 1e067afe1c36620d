"""A hostile corpus: inputs built to break a reader, each of which must become an article or a
reject without costing any other input, and without merging or splitting records."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from storyline.corpus import Corpus
from storyline.errors import ConfigError
from storyline.ingest.fetch import Fetcher
from storyline.ingest.prepare import prepare
from storyline.ingest.readers import read_paths
from storyline.model import RawArticle, Reject
from storyline.settings import SETTINGS, Settings, load_settings

STORY = (
    "Emergency crews in {city} worked through the night on Tuesday to restore power to thousands of homes "
    "after the storm brought down lines across the region, the utility said in a statement.\n\n"
    "A spokeswoman said most customers should be reconnected by the weekend, and that {n} engineers had been "
    "brought in from neighbouring counties to help with the repairs."
)
CITIES = ["Leeds", "York", "Hull", "Derby", "Bath", "Ely", "Wells", "Ripon", "Truro", "Exeter", "Durham", "Carlisle"]


def story(i: int) -> str:
    return STORY.format(city=CITIES[i % len(CITIES)], n=100 + i)


def items(spec: Path | str, **changes) -> list[RawArticle | Reject]:
    return list(read_paths([str(spec)], Settings(**changes)))


def reasons(found) -> dict[str, str]:
    return {i.input: i.reason for i in found if isinstance(i, Reject)}


def articles(found) -> list[RawArticle]:
    return [i for i in found if isinstance(i, RawArticle)]


def records(corpus: Corpus, kind: str) -> list[dict]:
    return list(corpus.records(kind))


# -- A1: lines end at \n only ---------------------------------------------------------------------

def test_jsonl_records_holding_unicode_line_separators_stay_whole_and_line_numbers_stay_true(tmp_path):
    rows = [{"title": f"Story {sep!r}", "text": story(i).replace(", the utility", f",{sep} the utility")}
            for i, sep in enumerate(["\u2028", "\u2029", "\x0b", "\x1c", "\u0085"])]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + ["{broken"]
    path = tmp_path / "seps.jsonl"
    path.write_bytes("\r\n".join(lines).encode("utf-8") + b"\n")
    found = items(path)
    assert [a.input for a in articles(found)] == [f"{path}#{n}" for n in range(1, 6)]
    assert all(a.text.startswith("Emergency crews") and a.text.endswith("with the repairs.") for a in articles(found))
    assert [sep in a.text for a, sep in zip(articles(found), ["\u2028", "\u2029", "\x0b", "\x1c"])] == [True] * 4
    assert reasons(found) == {f"{path}#6": "bad_json"}


# -- A2: depth ------------------------------------------------------------------------------------

def test_deeply_nested_json_is_a_reject_and_the_run_goes_on(tmp_path, settings):
    deep = "[" * 200_000 + "]" * 200_000
    (tmp_path / "deep.json").write_text(deep)
    (tmp_path / "deep.jsonl").write_text(json.dumps({"text": story(1)}) + "\n" + '{"text": ' + deep + "}\n")
    (tmp_path / "deep_title.json").write_text('{"text": %s, "title": %s}' % (json.dumps(story(2)), "[" * 900 + "]" * 900))
    (tmp_path / "ok.txt").write_text(story(3))
    corpus = Corpus(settings=settings.replace(analyse=False))
    result = corpus.add([str(tmp_path)])
    got = {Path(r["input"]).name: r["reason"] for r in records(corpus, "rejects")}
    assert got == {"deep.json": "too_deep", "deep.jsonl#2": "too_deep", "deep_title.json": "too_deep"}
    assert result.added == 2


# -- A3: lone surrogates, file names that are not UTF-8 --------------------------------------------

def test_a_lone_surrogate_in_a_json_title_is_repaired_and_the_article_kept(tmp_path, settings):
    (tmp_path / "s.jsonl").write_text('{"title": "Storm \\ud800 hits", "text": %s}\n' % json.dumps(story(4)))
    (tmp_path / "t.json").write_text('{"title": "Flood", "text": %s}' % json.dumps(story(5) + " @ end.").replace("@", "\\udfff"))
    corpus = Corpus(settings=settings.replace(analyse=False))
    result = corpus.add([str(tmp_path)])
    assert (result.added, result.rejected) == (2, 0)
    docs = {d["title"]: d for d in records(corpus, "documents")}
    assert "Storm \ufffd hits" in docs and docs["Flood"]["text"].endswith("\ufffd end.")


def test_a_file_name_that_is_not_utf8_is_stored_with_a_safe_name_and_a_note(tmp_path, settings):
    root = os.fsencode(tmp_path)
    with open(os.path.join(root, b"caf\xe9-report.txt"), "wb") as handle:
        handle.write(story(6).encode())
    with open(os.path.join(root, b"empty-\xff.txt"), "wb"):
        pass
    found = items(tmp_path)
    [article] = articles(found)
    assert article.path == str(tmp_path / "caf\ufffd-report.txt")
    assert any("not valid UTF-8" in note for note in article.repairs)
    [reject] = [i for i in found if isinstance(i, Reject)]
    assert reject.input == str(tmp_path / "empty-\ufffd.txt") and "not valid UTF-8" in reject.detail
    corpus = Corpus(settings=settings.replace(analyse=False))
    assert corpus.add([str(tmp_path)]).summary() == "added 1, unchanged 0, rejected 1 (empty: 1)"
    assert records(corpus, "documents")[0]["path"] == str(tmp_path / "caf\ufffd-report.txt")


# -- A4: strict CSV -------------------------------------------------------------------------------

def test_csv_with_an_unbalanced_quote_rejects_that_row_and_keeps_the_others(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "title,text,date\n"
        f'A,"{story(1)},2024-01-01\n'                     # the quote never closes
        f'B,"{story(2)}",2024-01-02\n'
        f'C,"{story(3)}" trailing,2024-01-03\n'          # text after the closing quote
        f"D,{story(4).splitlines()[0]},2024-01-04,extra\n"  # one field too many
        f'E,"{story(5)}",2024-01-05\n'
    )
    found = items(path)
    starts = {line[0]: n for n, line in enumerate(path.read_text().split("\n"), 1) if line[1:2] == ","}
    assert [a.title for a in articles(found)] == ["B", "E"]
    assert [a.input for a in articles(found)] == [f"{path}#{starts['B']}", f"{path}#{starts['E']}"]
    assert reasons(found) == {f"{path}#{starts[row]}": "bad_csv" for row in "ACD"}
    assert articles(found)[0].text == story(2)


def test_csv_keeps_quoted_newlines_and_long_fields_without_touching_the_csv_module(tmp_path):
    limit = csv.field_size_limit()
    long_text = (story(7) + "\n\n") * 400  # ~180,000 characters: past csv's 131,072 default
    path = tmp_path / "long.csv"
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows([["title", "text"], ["Long", long_text], ['Quote "q"', story(8)]])
    found = items(path)
    assert [a.title for a in articles(found)] == ["Long", 'Quote "q"']
    assert articles(found)[0].text == long_text
    assert csv.field_size_limit() == limit


# -- A5: streaming, per-article caps, Parquet -----------------------------------------------------

def _big_jsonl(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"title": f"Report {i}", "text": f"Report number {i}. " + story(i) * 13}) + "\n")


def test_a_12mb_jsonl_of_2520_articles_is_streamed_article_by_article(tmp_path):
    path = tmp_path / "big.jsonl"
    _big_jsonl(path, 2520)
    assert path.stat().st_size > 10_000_000 == Settings().max_bytes
    tracemalloc.start()
    count = sum(1 for item in read_paths([str(path)], Settings()) if isinstance(item, RawArticle))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 2520
    assert peak < 4_000_000  # bounded by a record, not the 12 MB file


def test_max_bytes_applies_to_each_record_of_a_container(tmp_path):
    (tmp_path / "mixed.jsonl").write_text(
        json.dumps({"text": story(1)}) + "\n" + json.dumps({"text": "x " * 5000}) + "\n" + json.dumps({"text": story(2)}) + "\n")
    found = items(tmp_path / "mixed.jsonl", max_bytes=3000)
    assert len(articles(found)) == 2 and list(reasons(found).values()) == ["too_large"]
    (tmp_path / "list.json").write_text(json.dumps([{"text": story(3)}] * 3))
    assert reasons(items(tmp_path / "list.json", max_json_bytes=100)) == {str(tmp_path / "list.json"): "too_large"}


def test_parquet_files_and_directories_are_read_row_group_by_row_group(tmp_path, settings):
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    for part in range(2):
        table = pa.table({
            "title": [f"P{part}-{i}" for i in range(5)],
            "text": [story(part * 5 + i) for i in range(5)],
            "published": pa.array([None] * 5, pa.timestamp("s")) if part else pa.array(["2024-03-0%d" % (i + 1) for i in range(5)]),
            "image": [b"\x89PNG" * 10] * 5,
        })
        pq.write_table(table, dataset / f"part-{part}.parquet", row_group_size=2)
    (dataset / "_SUCCESS").write_bytes(b"")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    found = items(tmp_path)
    assert [a.title for a in articles(found)] == [f"P{p}-{i}" for p in range(2) for i in range(5)]
    assert articles(found)[0].published == "2024-03-01" and articles(found)[0].input == str(dataset / "part-0.parquet") + "#1"
    assert reasons(found) == {str(tmp_path / "broken.parquet"): "bad_parquet"}
    corpus = Corpus(settings=settings.replace(analyse=False))
    assert corpus.add([str(dataset)]).added == 10


# -- A6: encodings --------------------------------------------------------------------------------

def test_damaged_and_misdecoded_text_is_repaired_and_the_repair_recorded(tmp_path, settings):
    text = story(9).replace("the utility said", "the ministry’s spokeswoman said")
    (tmp_path / "mojibake.txt").write_bytes(text.encode("utf-8").decode("cp1252").encode("utf-8"))
    damaged = (story(10) + " Zürich, Malmö, Besançon and Kraków sent crews.").replace("the", "thé")
    (tmp_path / "stray.txt").write_bytes(damaged.encode("utf-8").replace("é".encode(), b"\xe9", 5))
    (tmp_path / "utf16.txt").write_bytes(story(11).encode("utf-16-le"))
    found = {Path(a.input).name: a for a in articles(items(tmp_path))}
    assert found["mojibake.txt"].text == text and any("mojibake" in n for n in found["mojibake.txt"].repairs)
    assert found["stray.txt"].text == damaged and found["stray.txt"].repairs == ("5 bytes that are not UTF-8 read as Windows-1252",)
    assert found["utf16.txt"].text == story(11)
    prepared = prepare(found["mojibake.txt"], Settings())
    assert "ministry’s" in prepared.document.text and prepared.repairs == found["mojibake.txt"].repairs
    corpus = Corpus(settings=settings.replace(analyse=False))
    assert corpus.add([str(tmp_path)]).summary() == "added 3, unchanged 0, rejected 0"


# -- A7: fetching ---------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Storm in Leeds</title>
<meta property="article:published_time" content="2024-11-05T09:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Storm in Leeds</h1>
<p>Emergency crews in Leeds worked through the night on Tuesday to restore power to thousands of homes after the storm.</p>
<p>The utility said it expected most customers to be reconnected by the weekend, a spokeswoman told reporters.</p>
</article></body></html>"""
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Leeds hit by overnight storm, thousands without power</title><link>{base}/page</link></item>
</channel></rss>"""


class Hostile(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/trickle":
            return self._trickle()
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        body, kind = {"/page": (PAGE, "text/html"), "/feed": (FEED.format(base=base), "application/rss+xml"),
                      "/huge": ("<p>" + "x" * 300_000, "text/html")}.get(self.path, (None, None))
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(40):  # 40 bytes, one every 0.25 s: 10 s in all if nothing stops it
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.25)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_trickling_server_is_cut_off_at_the_deadline(server):
    fetcher = Fetcher(Settings(allow_private=True, fetch_timeout=1.5))
    started = time.monotonic()
    result = fetcher(f"{server}/trickle")
    elapsed = time.monotonic() - started
    fetcher.close()
    assert isinstance(result, Reject) and result.reason == "timeout"
    assert elapsed < 3.0  # each byte arrives within the read timeout: only a total deadline stops it


def test_credentials_never_stored_and_other_schemes_are_bad_urls(server, settings):
    host = server.removeprefix("http://")
    corpus = Corpus(settings=settings.replace(allow_private=True, analyse=False))
    result = corpus.add([f"http://reader:s3cret@{host}/page", f"http://reader:s3cret@{host}/missing",
                         "ftp://reader:s3cret@example.org/a.txt", "file:///etc/passwd"])
    assert result.reasons == {"http_error": 1, "bad_url": 2}
    stored = json.dumps(records(corpus, "documents") + records(corpus, "rejects"))
    assert "s3cret" not in stored and "reader" not in stored
    assert records(corpus, "documents")[0]["url"] == f"{server}/page"


def test_a_page_reached_directly_and_through_a_feed_is_one_document(server, settings):
    corpus = Corpus(settings=settings.replace(allow_private=True, analyse=False))
    assert corpus.add([f"{server}/page"]).added == 1
    via_feed = corpus.add([f"{server}/feed"])
    assert (via_feed.added, via_feed.unchanged) == (0, 1)
    [doc] = records(corpus, "documents")
    assert not doc["text"].startswith("Storm in Leeds")


def test_hostile_urls_private_addresses_redirect_loops_and_huge_bodies(server, settings):
    corpus = Corpus(settings=settings.replace(fetch_max_bytes=100_000, analyse=False))
    assert corpus.add([f"{server}/page"]).reasons == {"private_address": 1}
    corpus = Corpus(settings=settings.replace(allow_private=True, fetch_max_bytes=100_000, analyse=False))
    assert corpus.add([f"{server}/loop", f"{server}/huge"]).reasons == {"too_many_redirects": 1, "too_large": 1}


# -- A8: folders, and the hostile files that already passed --------------------------------------

def test_an_unreadable_subfolder_is_a_reject(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text(story(1))
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(story(2))
    if os.geteuid() == 0:  # root reads a folder whatever its mode: make listing it fail instead
        real = os.scandir

        def scandir(path="."):
            if os.fspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(locked))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        found = items(tmp_path)
    finally:
        locked.chmod(0o755)
    assert [a.input for a in articles(found)] == [str(tmp_path / "ok.txt")]
    assert reasons(found) == {str(locked): "unreadable"}


def _hostile_files(root: Path) -> dict[str, str | None]:
    """name → the reason expected (None: stored as an article)."""
    (root / "loop").mkdir()
    os.symlink(root / "loop", root / "loop" / "again")
    os.symlink(root / "a-link", root / "b-link")
    os.symlink(root / "b-link", root / "a-link")
    (root / "huge-line.jsonl").write_text(json.dumps({"text": story(1)}) + "\n" + "x" * 3_000_000 + "\n")
    (root / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 60_000_000))
    (root / "bomb.jsonl.gz").write_bytes(gzip.compress(b"\n" * 60_000_000))
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    (root / "entity.html").write_text(f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{lol}]><html><body><p>&lol9;</p></body></html>')
    (root / "deep.html").write_text("<div>" * 50_000 + "<p>" + story(2) + "</p>" + "</div>" * 50_000)
    (root / "seps.jsonl").write_text(json.dumps({"text": story(3) + "\u2028" + story(4)}, ensure_ascii=False) + "\n")
    (root / "nested.json").write_text("{" + '"a":{' * 10_000 + "}" * 10_001)
    (root / "quote.csv").write_text(f'title,text\nA,"{story(5)}\nB,"{story(6)}"\n')
    (root / "utf16.txt").write_bytes(story(7).encode("utf-16-be"))
    (root / "blank.jsonl").write_text("\n" * 100_000)
    (root / "header-only.csv").write_text("title,text\n")
    return {
        "blank.jsonl": "empty", "header-only.csv": "empty", "b-link": "unreadable", "a-link": "unreadable", "huge-line.jsonl#2": "too_large",
        "huge-line.jsonl#1": None, "bomb.txt.gz": "too_large", "bomb.jsonl.gz": "too_large", "entity.html": "no_main_text",
        "deep.html": "no_main_text", "seps.jsonl#1": None, "nested.json": "too_deep", "quote.csv#2": "bad_csv", "quote.csv#3": None,
        "utf16.txt": None,
    }


def test_the_hostile_corpus_gives_an_article_or_a_reject_for_every_input(tmp_path, settings):
    root = tmp_path / "hostile"
    root.mkdir()
    expected = _hostile_files(root)
    corpus = Corpus(settings=settings.replace(max_bytes=1_000_000, analyse=False))
    started = time.monotonic()
    result = corpus.add([str(root)])
    assert time.monotonic() - started < 60
    got = {os.path.relpath(r["input"], root): r["reason"] for r in records(corpus, "rejects")}
    assert got == {k: v for k, v in expected.items() if v is not None}
    stored = {d["text"][:30] for d in records(corpus, "documents")}
    assert stored == {story(i)[:30] for i in (1, 3, 6, 7)}  # huge-line #1, seps, quote.csv #3, utf16
    assert result.added == 4


# -- A9: settings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,value,allowed", [
    ("batch_size", 0, "from 1 to"), ("batch_size", -3, "from 1 to"), ("max_bytes", -1, "at least 1"),
    ("fetch_timeout", -2.0, "from 0.1 to"), ("fetch_timeout", 0, "from 0.1 to"), ("processes", 2.5, "whole number"),
    ("languages", ["english"], "language codes"), ("analyse", "yes", "true or false"),
])
def test_settings_out_of_range_are_refused_naming_the_setting_and_the_range(tmp_path, name, value, allowed):
    config = tmp_path / "storyline.toml"
    config.write_text(f"{name} = {json.dumps(value)}\n")
    for attempt in (lambda: load_settings(config), lambda: Settings().replace(**{name: value}), lambda: Settings(**{name: value})):
        with pytest.raises(ConfigError) as error:
            attempt()
        assert repr(name) in str(error.value) and allowed in str(error.value)


def test_every_setting_has_a_check_and_its_default_passes_it():
    assert all(s.check is not None for s in SETTINGS), [s.name for s in SETTINGS if s.check is None]
    assert all(s.check.problem(s.default) is None for s in SETTINGS)


def test_a_bad_setting_on_the_command_line_is_one_line_and_exit_2(cli, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("batch_size = 0\n")
    (tmp_path / "a.txt").write_text(story(1))
    result = cli("add", str(tmp_path / "a.txt"), "--config", str(config))
    assert result.exit_code == 2
    assert "'batch_size'" in result.output and "Traceback" not in result.output

