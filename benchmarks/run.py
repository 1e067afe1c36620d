"""`make bench`: every benchmark, each in its own process, with a readable summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    print("ingest + clean + store (one core, synthetic corpus built from examples/seeds, DuckDB cache 64MB)")
    r = run("bench_ingest.py", "--articles", "20000")
    print(f"  {r['articles']} articles: {r['articles_per_s']:.1f} articles/s ({r['mb_per_s']} MB/s, {r['seconds']} s), "
          f"added {r['added']}, rejected {r['rejected']}")
    during = ", ".join(f"{mb} MB after {n}" for n, mb in r["rss_mb_during"])
    print(f"  RSS while adding: {during}; peak {r['peak_rss_mb']} MB")

    print("annotate stage vs bare nlp.pipe (same model, same text, 2 processes)")
    bare = run("bench_annotate.py", "--mode", "bare")
    stage = run("bench_annotate.py", "--mode", "stage")
    for r in (bare, stage):
        label = "bare nlp.pipe NER+parse" if r["mode"] == "bare" else "annotate stage (all extractors)"
        print(f"  {label:32} {r['articles_per_s']:7.2f} articles/s, {r['words_per_s']} words/s ({r['articles']} articles, {r['seconds']} s)")
    print(f"  ratio stage / bare: {stage['articles_per_s'] / bare['articles_per_s']:.2f}")

    print("time tagging vs dateparser.search.search_dates (same texts, one core)")
    t = run("bench_time.py")
    for row in t["sizes"]:
        print(f"  {row['mb']:>5} MB of prose: {row['seconds']:7.3f} s ({row['mb_per_s']} MB/s, {row['expressions']} expressions)")
    one, ten = ({r["mb"]: r["seconds"] for r in t["sizes"]}.get(k) for k in (1.0, 10.0))
    if one and ten:
        print(f"  10 MB / 1 MB time: {ten / one:.1f}x (linear is 10x)")
    print(f"  storyline  {t['storyline_words_per_s']:>8} words/s ({t['storyline_found']} expressions)")
    print(f"  dateparser {t['dateparser_words_per_s']:>8} words/s ({t['dateparser_found']} hits)")
    print(f"  speed-up: {t['speedup']}x")

    print("claim extraction vs quantulum3 parser.parse (same sentences, one core)")
    c = run("bench_claims.py")
    print(f"  storyline  {c['storyline_sentences_per_s']:>6} sentences/s ({c['claims']} claims, with attribution)")
    print(f"  quantulum3 {c['quantulum3_sentences_per_s']:>6} sentences/s ({c['quantulum3_found']} quantities)")
    print(f"  speed-up: {c['speedup']}x")


if __name__ == "__main__":
    main()
