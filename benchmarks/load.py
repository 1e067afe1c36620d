"""``make load``: 50 concurrent clients for 30 seconds against ``storyline serve`` on a store of 1,000+ articles.

Loopback only. The store is built once from varied articles (``bench_add.varied_articles``) and
kept in benchmarks/.load/ for later runs. Each client loops over a mix of API and page requests
(records filtered and paged at random offsets, the timeline, the briefing, the ledger, document
pages), one request at a time, for a fixed duration, then stops. Prints p50/p99 latency, the error
count and requests per second, as JSON on the last line. Clients and server share the machine's
cores, so the figures are a floor for a server with cores of its own.

The clients are ``wrk`` (C, two threads, a Lua script walking the same mix of paths drawn in
advance) when it is installed, else Python's httpx; ``--client`` chooses, and the result names the
one used. The Python clients take a core of their own from the server; wrk takes a fraction of
one, so its figures are nearer what a server with its own cores would give. Only the Python
clients report latency per route.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from bench_add import varied_articles, write_jsonl  # noqa: E402

from tests.serving import serving  # noqa: E402


def build(db: Path, n: int) -> int:
    from storyline import open_corpus
    from storyline.store import Store

    if db.exists():
        with Store.reader(db) as store:
            if store.count("documents") >= n:
                return store.count("documents")
    db.parent.mkdir(parents=True, exist_ok=True)
    path = write_jsonl(varied_articles(n + 50), db.parent)
    print(open_corpus(str(db)).add([str(path)]).summary(), file=sys.stderr)
    with Store.reader(db) as store:
        return store.count("documents")


def paths(base: str, rng: random.Random, doc_ids: list[str], total: dict[str, int]) -> str:
    choice = rng.random()
    if choice < 0.35:
        kind = rng.choice(["documents", "events", "claims", "mentions", "timeline", "actors", "figures", "times"])
        offset = rng.randint(0, max(0, total.get(kind, 0) - 20))
        return f"/api/{kind}?limit=20&offset={offset}"
    if choice < 0.5:
        return rng.choice(["/api/events?actor=PRK&limit=50", "/api/timeline?since=2015-01&until=2020-12&limit=50",
                           "/api/claims?q=troops&limit=50", "/api/documents?q=ukraine&limit=10"])
    if choice < 0.65:
        return f"/documents/{rng.choice(doc_ids)}"
    if choice < 0.8:
        return rng.choice(["/", "/claims", "/api/brief", "/actors/PRK", "/actors"])
    return f"/timeline?offset={rng.randint(0, 2000)}&limit=100"


def _route(path: str) -> str:
    head = path.split("?")[0]
    return "/documents/{id}" if head.startswith("/documents/") else head


by_route: dict[str, list[float]] = {}


async def client(base: str, seed: int, until: float, doc_ids: list[str], total: dict[str, int],
                 latencies: list[float], errors: list[str]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < until:
            path = paths(base, rng, doc_ids, total)
            started = time.perf_counter()
            try:
                response = await http.get(path)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {path}")
            latencies.append(time.perf_counter() - started)
            by_route.setdefault(_route(path), []).append(latencies[-1])


async def hammer(base: str, clients: int, seconds: float) -> dict:
    first = httpx.get(base + "/api/documents", params={"limit": 1000}).json()
    doc_ids = [d["id"] for d in first["records"]]
    total = {k: httpx.get(base + f"/api/{k}", params={"limit": 1}).json()["total"]
             for k in ("documents", "events", "claims", "mentions", "timeline", "actors", "figures", "times")}
    latencies: list[float] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(client(base, i, until, doc_ids, total, latencies, errors) for i in range(clients)))
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    return {"client": "python", "clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies), "errors": len(errors),
            "rps": round(len(latencies) / elapsed, 1), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 1), "first_errors": errors[:5],
            "documents": total["documents"],
            "by_route": {r: {"n": len(v), "p50_ms": round(statistics.median(v) * 1000, 1),
                             "p99_ms": round(sorted(v)[max(0, int(len(v) * 0.99) - 1)] * 1000, 1)} for r, v in sorted(by_route.items())}}


WRK_SCRIPT = r"""
local paths, n, at = {}, 0, 0
function setup(thread)
  thread:set("shift", math.random(1, 1000000))
end
function init(args)
  for line in io.lines(args[1]) do n = n + 1; paths[n] = line end
  at = shift % n
end
function request()
  at = at % n + 1
  return wrk.format("GET", paths[at])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f, ' ..
    '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def wrk(base: str, clients: int, seconds: float) -> dict:
    """The same mix from wrk: paths drawn in advance by :func:`paths`, walked by every connection."""
    first = httpx.get(base + "/api/documents", params={"limit": 1000}).json()
    doc_ids = [d["id"] for d in first["records"]]
    total = {k: httpx.get(base + f"/api/{k}", params={"limit": 1}).json()["total"]
             for k in ("documents", "events", "claims", "mentions", "timeline", "actors", "figures", "times")}
    rng = random.Random(0)
    with tempfile.TemporaryDirectory(prefix="storyline-load-") as folder:
        script, listed = Path(folder) / "mix.lua", Path(folder) / "paths.txt"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        listed.write_text("\n".join(paths(base, rng, doc_ids, total) for _ in range(200_000)) + "\n", encoding="utf-8")
        command = ["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--timeout", "30s", "-s", str(script), base, "--", str(listed)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = json.loads(next(line for line in out.splitlines() if line.startswith("WRK ")).removeprefix("WRK "))
    errors = sum(found[k] for k in ("connect", "read", "write", "status", "timeout"))
    elapsed = found["duration_us"] / 1e6
    return {"client": "wrk", "clients": clients, "seconds": round(elapsed, 1), "requests": found["requests"], "errors": errors,
            "rps": round(found["requests"] / elapsed, 1), "p50_ms": round(found["p50_us"] / 1000, 1),
            "p99_ms": round(found["p99_us"] / 1000, 1), "max_ms": round(found["max_us"] / 1000, 1),
            "first_errors": [f"{k}: {found[k]}" for k in ("connect", "read", "write", "status", "timeout") if found[k]],
            "documents": total["documents"]}


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto",
                        help="wrk when installed (auto), or the Python clients")
    parser.add_argument("--workers", type=int, default=None, help="server worker processes (storyline serve's default)")
    parser.add_argument("--db", type=Path, default=ROOT / "benchmarks" / ".load" / "load.duckdb")
    args = parser.parse_args()
    n = build(args.db, args.articles)
    print(f"store: {n} documents in {args.db}", file=sys.stderr)
    use = args.client if args.client != "auto" else "wrk" if shutil.which("wrk") else "python"
    with serving(args.db, workers=args.workers) as base:
        time.sleep(2)  # the workers warm their caches (briefing, ledger) before the clients start
        server = psutil.Process().children(recursive=True)
        before, load = _cpu(server), os.getloadavg()[0]
        result = wrk(base, args.clients, args.seconds) if use == "wrk" else asyncio.run(hammer(base, args.clients, args.seconds))
        used = _cpu(server) - before
    # what the server spent per request, which other work on the machine changes less than latency
    result |= {"server_processes": len(server), "server_cpu_ms_per_request": round(used * 1000 / max(result["requests"], 1), 2),
               "load_average_before": round(load, 2)}
    print(f"server: {result['server_processes']} processes, {result['server_cpu_ms_per_request']} ms of CPU per request "
          f"(load average {result['load_average_before']} before the run)")
    print(f"{result['client']} clients: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, {result['errors']} errors, "
          f"{result['requests']} requests ({result['rps']}/s) from {result['clients']} clients over {result['seconds']} s")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
