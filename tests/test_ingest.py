"""Reading every input shape, rejecting broken inputs as data, storing each article once."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from storyline.corpus import Corpus
from storyline.ingest.prepare import document_id
from storyline.ingest.encoding import decode
from storyline.ingest.readers import read_paths
from storyline.model import RawArticle, Reject
from storyline.settings import Settings

from .conftest import SEEDS, seed

ARTICLE = (
    "Officials in Nairobi said on Wednesday that heavy rains had displaced more than 40,000 people "
    "across six counties, as the meteorological department warned of further downpours.\n\n"
    "The Kenya Red Cross said its teams had rescued dozens of families from rooftops overnight "
    "and that several bridges had been washed away.\n"
)


def _records(corpus: Corpus, kind: str) -> list[dict]:
    return list(corpus.records(kind))


def test_broken_inputs_become_one_reject_each_and_good_files_are_stored(tmp_path, settings):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (inputs / "good2.json").write_text(json.dumps({"title": "Floods", "text": ARTICLE.replace("Nairobi", "Mombasa")}))
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blank.txt").write_text("   \n\t\n  ")
    (inputs / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (inputs / "random.bin").write_bytes(bytes([0, 159, 146, 150, 7, 8]) * 200)
    (inputs / "bad.json").write_text('{"title": "x", "text": ')
    (inputs / "notext.json").write_text(json.dumps({"title": "only a title"}))
    (inputs / "undecodable.txt").write_bytes(("Résumé of the talks " * 20).encode("utf-8").replace(b"\xc3", b"\x81\x8d"))
    (inputs / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (inputs / "debris.txt").write_text("Subscribe\nAdvertisement\n* indicates required\n")
    (inputs / "huge.txt").write_text("word " * 3000)
    (inputs / "broken.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (inputs / "french.txt").write_text(
        "Le gouvernement a annoncé mercredi de nouvelles mesures pour soutenir les agriculteurs touchés "
        "par la sécheresse, selon un communiqué publié par le ministère de l'Agriculture à Paris.", encoding="utf-8")
    corpus = Corpus(settings=Settings(db=settings.db, max_bytes=10_000))
    result = corpus.add([str(inputs)])
    reasons = {Path(r["input"]).name: r["reason"] for r in _records(corpus, "rejects")}
    assert reasons == {
        "empty.txt": "empty", "blank.txt": "empty", "image.png": "binary", "random.bin": "binary",
        "bad.json": "bad_json", "notext.json": "no_text_field", "undecodable.txt": "undecodable",
        "menu.html": "no_main_text", "debris.txt": "no_text", "huge.txt": "too_large",
        "broken.gz": "bad_gzip",
    }
    assert (result.added, result.unchanged, result.rejected) == (3, 0, 11)
    assert all(r["detail"] for r in _records(corpus, "rejects"))
    docs = _records(corpus, "documents")
    assert {d["title"] for d in docs} >= {"Floods"}
    assert {Path(d["path"]).name: d["language"] for d in docs} == {"good.txt": "en", "good2.json": "en", "french.txt": "fr"}


def test_missing_path_is_a_reject_not_a_crash(settings):
    result = Corpus(settings=settings).add(["/no/such/file.txt", str(seed("000"))])
    assert (result.added, result.rejected, result.reasons) == (1, 1, {"not_found": 1})


def test_same_article_in_another_encoding_path_or_container_is_stored_once(tmp_path, settings):
    text = "Cafés in Zürich stayed closed on Friday as the strike entered its third day, organisers said. " * 3
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "c.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(text.encode("utf-16")))
    (tmp_path / "e.html").write_text(f"<html><head><title>Strike</title></head><body><article><p>{text}</p></article></body></html>")
    (tmp_path / "f.jsonl").write_text(json.dumps({"text": text, "url": "https://example.org/strike"}) + "\n")
    result = Corpus(settings=settings).add([str(tmp_path / "*.*")])
    assert (result.added, result.unchanged, result.rejected) == (1, 5, 0)


def test_formats_json_list_jsonl_csv_gzip_and_stdin(tmp_path, settings):
    items = [ARTICLE.replace("Nairobi", city) for city in ("Kisumu", "Nakuru", "Eldoret", "Garissa", "Thika")]
    (tmp_path / "list.json").write_text(json.dumps({"articles": [
        {"headline": "One", "body": items[0], "published_at": "2024-05-02T08:00:00Z", "source": {"name": "Daily Nation"}}]}))
    (tmp_path / "rows.jsonl").write_text(json.dumps({"content": items[1], "link": "https://www.reuters.com/world/x"}) + "\n\n{bad\n")
    (tmp_path / "table.csv").write_text("title,text,date\nThree,\"" + items[2].replace('"', '""') + "\",2024-05-03\n")
    (tmp_path / "packed.txt.gz").write_bytes(gzip.compress(items[3].encode()))
    corpus = Corpus(settings=settings)
    result = corpus.add([str(tmp_path), "-"], stdin=io.BytesIO(items[4].encode()))
    assert (result.added, result.rejected, result.reasons) == (5, 1, {"bad_json": 1})
    docs = {d["title"]: d for d in _records(corpus, "documents")}
    assert docs["One"]["published"] == "2024-05-02" and docs["One"]["published_basis"] == "metadata"
    assert docs["One"]["source"] == "Daily Nation"
    assert docs["Three"]["published"] == "2024-05-03"
    assert any(d["source"] == "Reuters" and d["url"] == "https://www.reuters.com/world/x" for d in docs.values())
    assert [r["input"] for r in _records(corpus, "rejects")] == [str(tmp_path / "rows.jsonl") + "#3"]


def test_html_main_text_and_metadata(tmp_path, settings):
    page = (tmp_path / "page.html")
    page.write_text("""<!doctype html><html><head><title>Quake hits coast | The Daily</title>
      <meta property="og:site_name" content="The Daily">
      <meta property="article:published_time" content="2024-03-09T06:30:00Z"></head>
      <body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
      <article><h1>Quake hits coast</h1>
      <p>A magnitude 6.1 earthquake struck off the coast early on Saturday, damaging dozens of homes, officials said.</p>
      <p>There were no immediate reports of deaths, the regional governor told reporters at a briefing.</p>
      <p>Advertisement</p></article><footer>Subscribe to our newsletter</footer></body></html>""")
    corpus = Corpus(settings=settings)
    assert corpus.add([str(page)]).added == 1
    doc = _records(corpus, "documents")[0]
    assert doc["published"] == "2024-03-09" and doc["published_basis"] == "metadata"
    assert doc["source"] == "The Daily"
    assert "A magnitude 6.1 earthquake struck" in doc["text"] and "no immediate reports of deaths" in doc["text"]
    assert "Subscribe" not in doc["text"] and "Advertisement" not in doc["text"] and "Home" not in doc["text"]


def test_readd_of_the_seeds_changes_nothing(settings):
    corpus = Corpus(settings=settings)
    assert corpus.add([str(SEEDS)]).summary() == "added 5, unchanged 0, rejected 0"
    assert corpus.add([str(SEEDS)]).summary() == "added 0, unchanged 5, rejected 0"
    assert len(_records(corpus, "documents")) == 5


def test_lines_repeated_across_a_source_are_learned(tmp_path, settings):
    for i in range(5):
        (tmp_path / f"{i}.json").write_text(json.dumps({
            "source": "Harbour Gazette",
            "text": f"Harbour Gazette Morning Briefing\nThe ferry service resumed on day {i} after repairs to the pier were completed by the council.\n"
                    f"Tides and weather for the week ahead\n"}))
    corpus = Corpus(settings=settings)
    corpus.add([str(tmp_path)])
    docs = _records(corpus, "documents")
    assert len(docs) == 5
    assert not any("Tides and weather" in d["text"] for d in docs)
    assert all("The ferry service resumed" in d["text"] for d in docs)


def test_document_id_ignores_whitespace_and_unicode_form():
    assert document_id("Caf\u00e9  opens\n\nnow") == document_id("Cafe\u0301 opens now")
    assert document_id("a b") != document_id("a c")


@pytest.mark.parametrize("data,expected", [
    ("naïve café".encode("utf-8"), "naïve café"),
    ("naïve café".encode("cp1252"), "naïve café"),
    ("naïve café".encode("utf-16"), "naïve café"),
    (b"\x81\x8d\x8f\x90" * 50, None),
])
def test_decode(data, expected):
    found = decode(data)
    assert (found.text if found else None) == expected


def test_glob_without_matches_is_a_reject(tmp_path):
    items = list(read_paths([str(tmp_path / "*.nothing")], Settings()))
    assert items == [Reject(str(tmp_path / "*.nothing"), "not_found", "the pattern matched no files")]


def test_hidden_files_in_directories_are_skipped(tmp_path):
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.txt").write_text(ARTICLE)
    (tmp_path / "y.txt").write_text(ARTICLE)
    items = list(read_paths([str(tmp_path)], Settings()))
    assert [i.input for i in items if isinstance(i, RawArticle)] == [str(tmp_path / "y.txt")]


def test_stored_original_maps_clean_offsets_to_the_raw_text(settings):
    from storyline.ingest.clean import to_raw
    from storyline.store import Store

    corpus = Corpus(settings=settings)
    corpus.add([str(seed("001"))])
    doc = next(corpus.records("documents"))
    with Store(settings.db) as store:
        raw, segments = store.original(doc["id"])
    start = doc["text"].index("over 10,000 DPRK soldiers")
    span = to_raw(start, start + 25, segments)
    assert raw[span[0]:span[1]] == "over 10,000 DPRK soldiers"
    assert raw == seed("001").read_text(encoding="utf-8")
