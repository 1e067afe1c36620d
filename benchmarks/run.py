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


if __name__ == "__main__":
    main()
