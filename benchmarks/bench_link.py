"""Linking 10 new articles into a store of 10k, 50k and 100k articles: duplicates, stories, events, figures.

The stored articles are synthetic and cheap: varied text drawn from a shared news vocabulary plus
the names and places of one of ``n / 8`` stories, dated across two years. They are written
straight through the Store in bulk, with the link state the linkers would have left — each
article's fingerprints (``duplicates.fingerprint``), the vocabulary of the whole store, and one
story record per synthetic story built from its articles' profiles (``stories.StoryState``) —
so growing the store costs seconds per ten thousand articles, not a linker run per batch.
Measured: ``run_linkers`` over 10 new articles (3 re-posts of stored ones, 7 new) once the store
holds each size, three times (the median is reported; the first call at the first size also
loads the lexicons). The bar: under 5 s at 100k, growing no worse than n log n.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from storyline.link import Changes, run_linkers
from storyline.link import stories as S
from storyline.link.duplicates import fingerprint, fingerprint_columns
from storyline.model import Document, Term
from storyline.store import Batch, Store

COMMON = ("said officials government police people city week after before report statement minister "
          "country talks attack rescue court trial election vote company market prices fire storm flood "
          "quake border troops protest leaders meeting agreement deal investigation killed injured "
          "arrested charged announced warned expected continued reported confirmed").split()
SYLLABLES = ("ka", "ro", "mi", "ten", "sa", "lu", "vor", "dan", "el", "is", "zu", "bra", "nok", "pel", "ti", "gar")
CHUNK = 10_000
REPEATS = 3


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
                    title=text[:60], published=published, published_precision="day", language="en")


class Grower:
    """Adds synthetic articles to the store in bulk, with the link state the linkers would leave."""

    def __init__(self, store: Store, rng: random.Random, stories: list):
        self.store, self.rng, self.stories = store, rng, stories
        self.df: Counter[str] = Counter()
        self.n = 0
        self.members: dict[int, list[tuple[Document, Counter[str]]]] = defaultdict(list)

    def grow(self, n: int) -> None:
        for start in range(0, n, CHUNK):
            picked = [self.rng.randrange(len(self.stories)) for _ in range(min(CHUNK, n - start))]
            documents = [document(*article(self.rng, self.stories[s])) for s in picked]
            found = [S.counts(d, (), set()) for d in documents]
            for s, d, c in zip(picked, documents, found):
                self.members[s].append((d, c))
                self.df.update(set(c))
            self.n += len(documents)
            story_of = {d.id: self.members[s][0][0].id for s, d in zip(picked, documents)}
            self.store.write(Batch(documents=[_linked(d, story_of[d.id]) for d in documents]))
            self.store.write_columns("fingerprints", fingerprint_columns(fingerprint(d) for d in documents))
        self._write_link_state()

    def _write_link_state(self) -> None:
        records: list = [Term(t, n) for t, n in self.df.items()] + [Term(S.DOCUMENTS, self.n)]
        for members in self.members.values():
            state = S.StoryState(members[0][0].id, {}, [])
            for d, c in members:
                state.add(S.profile(d, c, self.df, self.n))
            state.trim()
            records.append(S.as_record(state, {}))
        self.store.write_records(records)


def _linked(d: Document, story: str) -> Document:
    from dataclasses import replace

    return replace(d, origin=d.id, story=story)


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
    seconds: list[float] = []
    build: list[float] = []
    every: list[list[float]] = []
    out: dict[str, object] = {"sizes": sizes, "seconds": seconds, "runs": every, "build_s": build}
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.duckdb") as store:
        grower = Grower(store, rng, stories)
        for size in sizes:
            started = time.perf_counter()
            grower.grow(size - store.count("documents"))
            build.append(round(time.perf_counter() - started, 1))
            runs = sorted(measure(store, rng, stories) for _ in range(REPEATS))
            seconds.append(round(runs[len(runs) // 2], 3))
            every.append([round(r, 3) for r in runs])
        out["stories"] = store.count("stories")
        out["duplicates"] = int(store._scalar("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
