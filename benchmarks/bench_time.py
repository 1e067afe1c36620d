"""Time tagging: seconds per text size (0.1, 1 and 10 MB of news-like prose), and throughput
against dateparser's ``search_dates`` on the same articles.

The sized texts are articles built from ``examples/seeds`` (``storyline.synth``) joined into
one text, so the tagger sees one long document: its cost must grow linearly with the text
(10 MB under ten times the 1 MB time). Each size cycles the same 1 MB of articles, so the
density of expressions is the same at every size.
"""

from __future__ import annotations

import argparse
import functools
import json
import time
import warnings
from pathlib import Path

from storyline.synth import articles
from storyline.temporal.timex import Anchor, tag

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
ANCHOR = Anchor("2024-11-05", "day")


def prose(megabytes: float, seed: int = 7) -> str:
    """About ``megabytes`` MB of article prose: a 1 MB pool of varied articles, cycled, so every
    size has the same density of time expressions and only the length changes."""
    pool = _pool(seed)
    text = ("\n\n".join([pool] * (int(megabytes) + 1)))
    return text[: int(megabytes * 1_000_000)]


@functools.cache
def _pool(seed: int) -> str:
    parts, size = [], 0
    for article in articles(SEEDS, 1_000_000, seed=seed):
        parts.append(article)
        size += len(article) + 2
        if size >= 1_000_000:
            break
    return "\n\n".join(parts)[:1_000_000]


def sizes(megabytes: list[float], repeat: int = 3) -> list[dict[str, float]]:
    """CPU seconds to tag each size: the best of ``repeat`` runs, as timeit reports. CPU time, not
    wall time, because the machine is shared and other work would otherwise be counted."""
    rows = []
    for mb in megabytes:
        text = prose(mb)
        runs = []
        for _ in range(repeat):
            start = time.process_time()
            found = len(tag(text, ANCHOR))
            runs.append(time.process_time() - start)
        seconds = min(runs)
        rows.append({"mb": mb, "seconds": round(seconds, 3), "mb_per_s": round(mb / seconds, 2), "expressions": found})
    return rows


def versus_dateparser() -> dict[str, float]:
    texts = list(articles(SEEDS, 60, seed=11))
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    found = sum(len(tag(t, ANCHOR)) for t in texts)
    ours = time.perf_counter() - start

    from datetime import datetime

    from dateparser.search import search_dates

    warnings.simplefilter("ignore")
    settings = {"RELATIVE_BASE": datetime(2024, 11, 5), "PREFER_DATES_FROM": "past"}
    search_dates("warm up on Monday", settings=settings)
    start = time.perf_counter()
    peer_found = sum(len(search_dates(t, settings=settings, languages=["en"]) or []) for t in texts)
    peer = time.perf_counter() - start
    return {"texts": len(texts), "words": words, "storyline_s": round(ours, 3), "storyline_found": found,
            "dateparser_s": round(peer, 3), "dateparser_found": peer_found,
            "storyline_words_per_s": round(words / ours), "dateparser_words_per_s": round(words / peer),
            "speedup": round(peer / ours, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0.1,1,10", help="text sizes in MB, comma-separated")
    parser.add_argument("--no-peer", action="store_true", help="skip the dateparser comparison")
    args = parser.parse_args()
    result: dict[str, object] = {"sizes": sizes([float(s) for s in args.sizes.split(",")])}
    if not args.no_peer:
        result.update(versus_dateparser())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
