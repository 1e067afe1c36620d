"""Time tagging throughput against dateparser's ``search_dates`` on the same sentences."""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path

from storyline.synth import articles
from storyline.temporal.timex import Anchor, tag

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def main() -> None:
    texts = list(articles(SEEDS, 60, seed=11))
    words = sum(len(t.split()) for t in texts)
    anchor = Anchor("2024-11-05", "day")
    start = time.perf_counter()
    found = sum(len(tag(t, anchor)) for t in texts)
    ours = time.perf_counter() - start

    from datetime import datetime

    from dateparser.search import search_dates

    warnings.simplefilter("ignore")
    settings = {"RELATIVE_BASE": datetime(2024, 11, 5), "PREFER_DATES_FROM": "past"}
    search_dates("warm up on Monday", settings=settings)
    start = time.perf_counter()
    peer_found = sum(len(search_dates(t, settings=settings, languages=["en"]) or []) for t in texts)
    peer = time.perf_counter() - start
    print(json.dumps({"texts": len(texts), "words": words, "storyline_s": round(ours, 3), "storyline_found": found,
                      "dateparser_s": round(peer, 3), "dateparser_found": peer_found,
                      "storyline_words_per_s": round(words / ours), "dateparser_words_per_s": round(words / peer),
                      "speedup": round(peer / ours, 1)}))


if __name__ == "__main__":
    main()
