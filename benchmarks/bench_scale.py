"""`make bench-scale`: the per-article map through Dask against local processes, and flat client memory.

``--mode ratio``: ``storyline add`` of N varied articles (analysis on) with two local worker
processes, then with a two-worker Dask ``LocalCluster`` (``--cluster local:2``): articles/s
of each and their ratio (equal cores; the overhead of going through Dask).
``--mode memory``: ``storyline add --cluster local:2`` of N articles streamed from one
Parquet file, with analysis off (cleaning, dating and identity in the workers, the store in
the client): peak RSS of the client and of the largest worker, sampled every 0.5 s. At a
million articles a full analysis would take days on two cores; what must stay flat with the
corpus is the client's memory, and that does not depend on what the workers compute.
``--mode grown``: the same ``add`` of N articles into stores already holding each of
``--stored`` articles (grown in bulk as ``bench_link`` grows them: synthetic articles with the
fingerprints, vocabulary and stories the linkers leave), so the client's memory and the
reduce's time are seen against the size of the store without a linker run per stored article;
at each size the time to link 10 new articles (``bench_link.measure``, median of three) too.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_add import _children, _rss, real_articles  # noqa: E402


def write_parquet(n: int, path: Path, seed: int = 3) -> Path:
    """``n`` different articles of 4–12 real paragraphs, numbers changed, in row groups of 10,000."""
    rng = random.Random(seed)
    paragraphs = [p for a in real_articles(400) for p in a["text"].split("\n") if len(p.split()) >= 12]
    schema = pa.schema([("text", pa.string()), ("published", pa.string()), ("title", pa.string())])
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, n, 10_000):
            rows = []
            for i in range(start, min(n, start + 10_000)):
                body = [" ".join(str(rng.randint(2, 9999)) if w.isdigit() else w for w in p.split())
                        for p in rng.sample(paragraphs, k=rng.randint(4, 12))]
                rows.append({"text": f"Report {i}.\n\n" + "\n\n".join(body), "title": f"Report {i}",
                             "published": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"})
            writer.write_table(pa.Table.from_pylist(rows, schema))
    return path


def add(path: Path, db: Path, *options: str) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "storyline", "add", str(path), "--db", str(db), "--quiet", *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    client: list[float] = []
    worker: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            client.append(_rss(proc.pid))
            worker.append(max((_rss(c) for c in _children(proc.pid)), default=0.0))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"storyline add failed: {err[-2000:]}")
    return {"seconds": round(time.perf_counter() - start, 1), "summary": out.strip(),
            "peak_client_mb": round(max(client, default=0)), "peak_worker_mb": round(max(worker, default=0))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["ratio", "memory", "grown"], required=True)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--stored", default="100000,1000000", help="store sizes for --mode grown")
    args = parser.parse_args()
    if args.mode == "grown":
        print(json.dumps({"mode": "grown", "articles": args.articles, "runs": grown(args.articles, args.stored)}))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = write_parquet(args.articles, folder / "articles.parquet")
        if args.mode == "ratio":
            local = add(data, folder / "local.duckdb", "--processes", "2")
            cluster = add(data, folder / "cluster.duckdb", "--cluster", "local:2")
            result = {"local_articles_per_s": round(args.articles / local["seconds"], 2),
                      "cluster_articles_per_s": round(args.articles / cluster["seconds"], 2),
                      "local": local, "cluster": cluster}
            result["ratio"] = round(result["cluster_articles_per_s"] / result["local_articles_per_s"], 3)
        else:
            config = folder / "settings.toml"
            config.write_text("analyse = false\nbatch_size = 2000\n")
            result = add(data, folder / "memory.duckdb", "--cluster", "local:2", "--config", str(config))
            result["articles_per_s"] = round(args.articles / result["seconds"], 1)
        print(json.dumps({"mode": args.mode, "articles": args.articles, **result}))


def grown(articles: int, stored: str) -> list[dict]:
    """``add`` of ``articles`` articles (analysis off, two Dask workers) into a copy of a store grown to each size."""
    import datetime as dt
    import shutil

    from bench_link import Grower, measure, name
    from storyline.store import Store

    sizes = [int(n) for n in stored.split(",")]
    rng = random.Random(1)
    base = dt.date(2023, 1, 1).toordinal()
    stories = [([name(rng) for _ in range(6)], base + rng.randint(0, 730)) for _ in range(max(sizes) // 8)]
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = write_parquet(articles, folder / "articles.parquet")
        config = folder / "settings.toml"
        config.write_text("analyse = false\n")
        db, copy = folder / "grown.duckdb", folder / "copy.duckdb"
        grower = None
        for size in sizes:
            started = time.perf_counter()
            with Store(db) as store:
                grower = grower or Grower(store, rng, stories)
                grower.store = store
                grower.grow(size - store.count("documents"))
            build = round(time.perf_counter() - started, 1)
            with Store(db) as store:
                linking = sorted(measure(store, rng, stories) for _ in range(3))
            shutil.copyfile(db, copy)
            result = add(data, copy, "--cluster", "local:2", "--config", str(config))
            copy.unlink()
            runs.append({"stored": size, "build_s": build, "link_s": round(linking[1], 3),
                         "articles_per_s": round(articles / result["seconds"], 1), **result})
            print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    return runs


if __name__ == "__main__":
    main()
