"""Linking 10 new articles into a store of 10k, 50k and 100k articles: duplicates, stories, events, figures.

The stored articles are synthetic and cheap: varied text drawn from a shared news vocabulary plus
the names and places of one of ``n / 8`` stories, dated across two years, written straight through
the Store with analysis off (no parse, no actors), then linked in batches of 2,000 as ``add``
links them. Measured: ``run_linkers`` over 10 new articles (3 re-posts of stored ones, 7 new)
once the store holds each size. The bar: under 5 s at 100k, growing no worse than n log n.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import tempfile
import time
from pathlib import Path

from storyline.link import Changes, run_linkers
from storyline.model import Document
from storyline.store import Batch, Store

COMMON = ("said officials government police people city week after before report statement minister "
          "country talks attack rescue court trial election vote company market prices fire storm flood "
          "quake border troops protest leaders meeting agreement deal investigation killed injured "
          "arrested charged announced warned expected continued reported confirmed").split()
SYLLABLES = ("ka", "ro", "mi", "ten", "sa", "lu", "vor", "dan", "el", "is", "zu", "bra", "nok", "pel", "ti", "gar")


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def article(rng: random.Random, story: tuple[list[str], int], words: int = 150) -> tuple[str, str]:
    names, day = story
    tokens = [rng.choice(names) if rng.random() < 0.15 else rng.choice(COMMON) for _ in range(words)]
    text = " ".join(t + ("." if rng.random() < 0.07 else "") for t in tokens)
    published = dt.date.fromordinal(day + rng.randint(0, 6)).isoformat()
    return text, published


def document(text: str, published: str) -> Document:
    return Document(hashlib.sha256(text.encode()).hexdigest()[:16], text, len(text), len(text),
                    title=text[:60], published=published, published_precision="day")


def grow(store: Store, rng: random.Random, stories: list, n: int) -> None:
    for start in range(0, n, 2000):
        documents = [document(*article(rng, rng.choice(stories))) for _ in range(min(2000, n - start))]
        store.write(Batch(documents=documents))
        run_linkers(store, Changes(documents={d.id for d in documents}))


def measure(store: Store, rng: random.Random, stories: list) -> float:
    stored = store.records_where("documents", "id", store.distinct("documents", "id")[:3])
    new = [document(d.text + " Updated.", d.published or "2024-01-01") for d in stored]
    new += [document(*article(rng, rng.choice(stories))) for _ in range(10 - len(new))]
    store.write(Batch(documents=new))
    started = time.perf_counter()
    run_linkers(store, Changes(documents={d.id for d in new}))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,50000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(1)
    base = dt.date(2023, 1, 1).toordinal()
    stories = [([name(rng) for _ in range(6)], base + rng.randint(0, 730)) for _ in range(max(sizes) // 8)]
    out: dict[str, object] = {"sizes": sizes, "seconds": [], "build_s": []}
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.duckdb") as store:
        stored = 0
        for size in sizes:
            started = time.perf_counter()
            grow(store, rng, stories, size - stored)
            out["build_s"].append(round(time.perf_counter() - started, 1))  # type: ignore[union-attr]
            out["seconds"].append(round(measure(store, rng, stories), 3))  # type: ignore[union-attr]
            stored = store.count("documents")
        out["stories"] = store.count("stories")
        out["duplicates"] = int(store._scalar("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
