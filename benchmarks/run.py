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


def scale() -> None:
    print("the per-article map through Dask vs local processes (2 workers each, analysis on)")
    r = run("bench_scale.py", "--mode", "ratio", "--articles", "2000")
    print(f"  local processes {r['local_articles_per_s']} articles/s, LocalCluster {r['cluster_articles_per_s']} articles/s: "
          f"ratio {r['ratio']} (target >= 0.85)")
    print("client memory and the reduce against the store's size (10k articles added, --cluster local:2, analysis off)")
    r = run("bench_scale.py", "--mode", "grown", "--stored", "10000,100000,1000000", "--articles", "10000")
    for row in r["runs"]:
        print(f"  into {row['stored']:>8} stored: {row['articles_per_s']} articles/s, linking 10 new {row['link_s']} s, "
              f"peak client RSS {row['peak_client_mb']} MB, peak worker RSS {row['peak_worker_mb']} MB")
    small, large = r["runs"][1], r["runs"][-1]
    growth = large["peak_client_mb"] / small["peak_client_mb"] - 1
    print(f"  client growth 100k -> 1M stored: {growth:+.1%} (target within 10%, at most 2048 MB)")


def main() -> None:
    if "--scale" in sys.argv:
        scale()
        return
    print("ingest + clean + store (one core, synthetic corpus built from examples/seeds, DuckDB cache 64MB)")
    r = run("bench_ingest.py", "--articles", "20000")
    print(f"  {r['articles']} articles: {r['articles_per_s']:.1f} articles/s ({r['mb_per_s']} MB/s, {r['seconds']} s), "
          f"added {r['added']}, rejected {r['rejected']}")
    during = ", ".join(f"{mb} MB after {n}" for n, mb in r["rss_mb_during"])
    print(f"  RSS while adding: {during}; peak {r['peak_rss_mb']} MB")

    print("storyline add (default settings, every core) vs bare nlp.pipe NER+parse (n_process=2, default ops)")
    bare = run("bench_add.py", "--mode", "bare")
    full = run("bench_add.py", "--mode", "add")
    for label, r in (("bare nlp.pipe NER+parse", bare), ("storyline add, everything", full)):
        print(f"  {label:28} {r['articles_per_s']:7.2f} articles/s ({r['articles']} real articles, {r['words']} words, {r['seconds']} s)")
    print(f"  ratio add / bare: {full['articles_per_s'] / bare['articles_per_s']:.2f} (target >= 1.0, goal 1.5)")

    print("memory of storyline add as the corpus grows (varied articles from real paragraphs)")
    sizes = [run("bench_add.py", "--mode", "rss", "--articles", str(n)) for n in (5000, 20000)]
    for r in sizes:
        print(f"  {r['articles']:>6} articles: peak RSS {r['peak_total_mb']} MB (parent {r['peak_parent_mb']} MB), "
              f"{r['articles_per_s']} articles/s")
    growth = sizes[1]["peak_total_mb"] / sizes[0]["peak_total_mb"] - 1
    print(f"  growth 5k -> 20k: {growth:+.1%} (target < 10%, peak <= 1536 MB)")

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

    print("event coding vs the spaCy parse (same real articles, one core)")
    e = run("bench_events.py")
    print(f"  {e['corpus']}: {e['articles']} articles, {e['words']} words, {e['events']} events")
    print(f"  spaCy parse {e['parse_s']} s, linking+times+quotes {e['linking_times_quotes_s']} s, events {e['events_s']} s "
          f"({e['events_ms_per_article']} ms/article)")
    print(f"  events / parse: {e['events_vs_parse']:.1%}; events / annotate: {e['events_vs_annotate']:.1%} (bar: 20%)")

    print("linking 10 new articles into a store of 10k, 50k and 100k (synthetic articles, analysis off)")
    link = run("bench_link.py")
    for size, seconds, build in zip(link["sizes"], link["seconds"], link["build_s"]):
        print(f"  {size:>7} stored: {seconds:6.3f} s for 10 new articles (store grown in {build} s)")
    growth = link["seconds"][-1] / link["seconds"][0]
    print(f"  growth 10k -> 100k: x{growth:.2f} (n log n would be x{10 * 1.25:.1f}; bar: under 5 s at 100k)")


if __name__ == "__main__":
    main()
