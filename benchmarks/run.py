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


if __name__ == "__main__":
    main()
