"""Fault injection: whatever raises on one article of a batch costs that article only.

Each test makes one stage raise (or hang) on one chosen article of a batch of 50 and checks that
the 49 others are stored; the chosen one is a reject naming the stage (or, for an extractor, a
stored document with a ``stage_errors`` record).
"""

from __future__ import annotations

import time
from dataclasses import replace

import duckdb
import pytest

from storyline.annotate import Annotator, stages
from storyline.corpus import Corpus
from storyline.settings import Settings
from storyline.store import Store
from storyline.synth import write_corpus

from .conftest import SEEDS

CHOSEN = "article_000017"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(SEEDS, tmp_path_factory.mktemp("faults") / "corpus", 50, seed=11)


def _add(tmp_path, corpus, **settings):
    base = dict(db=str(tmp_path / "f.duckdb"), processes=1, batch_size=50, repeat_min_docs=1000)
    store = Corpus(settings=Settings(**{**base, **settings}))
    result = store.add([str(corpus)])
    return result, store


def _chosen_in(documents) -> bool:
    return any(CHOSEN in (d.path or "") for d in documents)


def test_prepare_raising_on_one_article(tmp_path, corpus, monkeypatch):
    import storyline.runner as runner

    real = runner.prepare

    def prepare(raw, settings, repeated):
        if CHOSEN in raw.input:
            raise RuntimeError("prepare broke")
        return real(raw, settings, repeated)

    monkeypatch.setattr(runner, "prepare", prepare)
    result, store = _add(tmp_path, corpus, analyse=False)
    assert (result.added, result.rejected) == (49, 1)
    (reject,) = list(store.records("rejects"))
    assert (reject["stage"], reject["reason"]) == ("prepare", "internal_error") and CHOSEN in reject["input"]


def test_the_parse_raising_on_one_article(tmp_path, corpus, monkeypatch):
    real = Annotator.analyse

    def analyse(self, documents):
        documents = list(documents)
        if _chosen_in(documents):
            raise ValueError("the model broke")
        return real(self, documents)

    monkeypatch.setattr(Annotator, "analyse", analyse)
    result, store = _add(tmp_path, corpus)
    assert (result.added, result.rejected) == (49, 1)
    (reject,) = list(store.records("rejects"))
    assert (reject["stage"], reject["reason"]) == ("analyse", "analysis_failed") and CHOSEN in reject["input"]
    with store.reader() as s:
        assert s.count("documents") == s.count("parses") == 49


@pytest.fixture(scope="module")
def intact(tmp_path_factory, corpus):
    """How many documents hold records of each kind when no stage fails."""
    _, store = _add(tmp_path_factory.mktemp("intact"), corpus)
    with store.reader() as s:
        return {kind: s.con.execute(f'SELECT count(DISTINCT doc_id) FROM "{kind}"').fetchone()[0]
                for kind in {k for st in stages.STAGES.values() for k in st.assigns} if kind != "actors"}


@pytest.mark.parametrize("stage", list(stages.STAGES))
def test_an_extractor_raising_on_one_article(tmp_path, corpus, monkeypatch, stage, intact):
    declared = stages.STAGES[stage]

    def run(ctx):
        if "Report 17:" in ctx.text:
            raise RuntimeError(f"{stage} broke")
        return declared.run(ctx)

    monkeypatch.setitem(stages.STAGES, stage, replace(declared, run=run))
    result, store = _add(tmp_path, corpus)
    assert (result.added, result.rejected) == (50, 0)
    errors = list(store.records("stage_errors"))
    assert [(e["stage"], e["error"]) for e in errors] == [(stage, f"RuntimeError: {stage} broke")]
    with store.reader() as s:
        broken = errors[0]["doc_id"]
        others = s.con.execute(f'SELECT count(DISTINCT doc_id) FROM "{declared.assigns[0]}" WHERE doc_id <> ?', [broken]).fetchone()[0]
    assert others >= intact[declared.assigns[0]] - 1 >= 25  # every other document still has its records


def test_a_write_failing_for_one_article(tmp_path, corpus, monkeypatch):
    real = Store._write

    def write(self, batch):
        if _chosen_in(batch.documents):
            raise duckdb.ConstraintException("injected: this row cannot be written")
        return real(self, batch)

    monkeypatch.setattr(Store, "_write", write)
    result, store = _add(tmp_path, corpus)
    assert (result.added, result.rejected) == (49, 1)
    (reject,) = list(store.records("rejects"))
    assert (reject["stage"], reject["reason"]) == ("write", "write_failed") and CHOSEN in reject["input"]
    with store.reader() as s:
        assert s.count("documents") == s.count("originals") == s.count("parses") == 49


def test_an_article_past_its_time_budget(tmp_path, corpus, monkeypatch):
    declared = stages.STAGES["claims"]

    def slow(ctx):
        if "Report 17:" in ctx.text:
            time.sleep(5)
        return declared.run(ctx)

    monkeypatch.setitem(stages.STAGES, "claims", replace(declared, run=slow))
    started = time.monotonic()
    result, store = _add(tmp_path, corpus, article_timeout=1.0, nlp_batch_size=4)
    assert (result.added, result.rejected) == (49, 1)
    (reject,) = list(store.records("rejects"))
    assert (reject["stage"], reject["reason"]) == ("analyse", "timeout")
    assert time.monotonic() - started < 120


def test_a_text_longer_than_the_parse_limit_is_parsed_in_pieces(tmp_path):
    paragraph = ("North Korea sent 12,000 troops to Russia, Ukrainian intelligence said on Monday. "
                 "Officials in Seoul said the deployment began in October.\n\n")
    text = "date 2024-11-05\n\n" + paragraph * 60
    (tmp_path / "long.txt").write_text(text)
    store = Corpus(settings=Settings(db=str(tmp_path / "l.duckdb"), processes=1, nlp_max_chars=2000))
    assert store.add([str(tmp_path / "long.txt")]).added == 1
    (document,) = list(store.records("documents"))
    mentions = list(store.records("mentions"))
    assert len(document["text"]) > 4 * 2000
    assert sum(m["actor"] == "PRK" for m in mentions) >= 55  # every piece was analysed
    for m in mentions:
        assert document["text"][m["start"]:m["end"]] == m["text"]


def test_a_reader_raising_on_one_file(tmp_path, corpus, monkeypatch):
    import storyline.ingest.readers as readers

    real = readers.read_file

    def read_file(path, settings):
        if CHOSEN in path:
            raise RuntimeError("the reader broke")
        yield from real(path, settings)

    monkeypatch.setattr(readers, "read_file", read_file)
    result, store = _add(tmp_path, corpus, analyse=False)
    assert (result.added, result.rejected) == (49, 1)
    (reject,) = list(store.records("rejects"))
    assert (reject["stage"], reject["reason"]) == ("read", "internal_error") and CHOSEN in reject["input"]
