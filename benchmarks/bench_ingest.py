"""Ingest + clean + store throughput and peak memory on a synthetic corpus.

Run by ``benchmarks/run.py`` in a child process pinned to one core, so the
peak RSS it reports belongs to this stage alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from storyline.corpus import Corpus
from storyline.settings import Settings
from storyline.synth import write_corpus

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--db-memory-limit", default="64MB", help="DuckDB's cache; RSS grows with it, not with the corpus")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with tempfile.TemporaryDirectory() as tmp:
        corpus_dir = write_corpus(SEEDS, Path(tmp) / "corpus", args.articles, seed=1)
        chars = sum(p.stat().st_size for p in corpus_dir.rglob("*.txt"))
        corpus = Corpus(settings=Settings(db=str(Path(tmp) / "bench.duckdb"), db_memory_limit=args.db_memory_limit, analyse=False))
        samples: list[tuple[int, float]] = []
        step, done = max(1, args.articles // 4), 0

        def sample(n: int, chars: int = 0) -> None:
            nonlocal done
            before, done = done, done + n
            if before // step != done // step:
                samples.append((done, round(_rss_mb(), 1)))

        start = time.perf_counter()
        result = corpus.add([str(corpus_dir)], progress=sample)
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "stage": "ingest+clean+store", "articles": args.articles, "added": result.added,
        "rejected": result.rejected, "seconds": round(seconds, 2),
        "articles_per_s": round(args.articles / seconds, 1), "mb_per_s": round(chars / seconds / 1e6, 2),
        "peak_rss_mb": round(peak_mb, 1), "rss_mb_during": samples,
    }))


def _rss_mb() -> float:
    """Current resident set size (Linux), to show memory staying flat as the corpus grows."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


if __name__ == "__main__":
    sys.exit(main())
