"""``add``: inputs → raw articles → documents → the store, batch by batch.

Each batch is read, prepared and written in one transaction. Inputs whose raw
content was seen before are *unchanged* without further work; documents
whose clean text is already stored (another path, encoding or container)
are *unchanged* too. Corpus knowledge used while cleaning (short lines that
repeat across a source) is what was stored when the batch arrived: stored
articles are never re-cleaned, so their ids and offsets stay stable.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc

from .errors import InputError, StoreError
from .ingest.clean import repeat_candidates
from .ingest.fetch import Fetched, Fetcher, fetch_items, is_url
from .ingest.prepare import Prepared, source_hint
from .ingest.readers import read_paths
from .link import Changes, run_linkers
from .model import AddResult, RawArticle, Reject
from .runner import Analysed, Runner
from .scale import make_runner
from .settings import Settings
from .store import DERIVED_KEY, Batch, Store

log = logging.getLogger(__name__)

Item = RawArticle | Reject
Progress = Callable[[int, int], None]  # (articles, input characters) done since the last call


def input_chars(paths: list[str]) -> int | None:
    """The size of the local inputs in bytes (for a progress estimate), or None when any is a URL or stdin."""
    total = 0
    for spec in paths:
        if is_url(spec) or spec == "-":
            return None
        if os.path.isdir(spec):
            total += sum(p.stat().st_size for p in Path(spec).rglob("*") if p.is_file())
        elif os.path.isfile(spec):
            total += os.path.getsize(spec)
        else:
            return None
    return total or None


def iter_inputs(
    paths: list[str],
    settings: Settings,
    fetcher: Callable[[str], Fetched | Reject] | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Item]:
    """Every article (or reject) named by ``paths``: files, dirs, globs, ``-``, URLs, feed URLs."""
    own = None
    try:
        for spec in paths:
            if is_url(spec):
                if fetcher is None:
                    fetcher = own = Fetcher(settings)
                yield from fetch_items(spec, settings, fetcher)
            else:
                yield from read_paths([spec], settings, stdin=stdin)
    finally:
        if own is not None:
            own.close()


def add(
    paths: list[str],
    settings: Settings,
    *,
    fetcher: Callable[[str], Fetched | Reject] | None = None,
    stdin: IO[bytes] | None = None,
    progress: Progress | None = None,
    runner: Runner | None = None,
) -> AddResult:
    """Ingest, clean and store everything named by ``paths``; return the counts.

    ``runner`` runs the per-article map (default: local worker processes, or Dask when the
    settings name a cluster); a runner passed in is not closed here.
    """
    if not paths:
        raise InputError("nothing to add: give at least one file, directory, glob, URL or '-'")
    added = unchanged = 0
    reasons: Counter[str] = Counter()
    fingerprint = _fingerprint(settings)  # a bad actors file fails here, before any write
    with Store(settings.db, memory_limit=settings.db_memory_limit) as store, contextlib.ExitStack() as stack:
        if runner is None:
            runner = stack.enter_context(make_runner(settings))
        if fingerprint is not None:
            catch_up(store, runner, fingerprint)
        for chunk in _chunks(iter_inputs(paths, settings, fetcher, stdin), settings.batch_size):
            a, u, rejects = add_batch(store, chunk, settings, runner)
            added, unchanged = added + a, unchanged + u
            reasons.update(r.reason for r in rejects)
            if progress:
                progress(len(chunk), sum(i.raw_chars for i in chunk if isinstance(i, RawArticle)))
    return AddResult(added, unchanged, sum(reasons.values()), dict(reasons))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def raw_hash(raw: RawArticle) -> str:
    payload = json.dumps([raw.text, raw.html, raw.title, raw.url, raw.source, raw.published], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _fingerprint(settings: Settings) -> str | None:
    """What derived records are computed with, or None when analysis is off."""
    if not settings.analyse:
        return None
    from .annotate import derived_fingerprint, load_gazetteer

    return derived_fingerprint(load_gazetteer(settings.actors_file or None))


def catch_up(store: Store, runner: Runner, fingerprint: str) -> None:
    """Bring stored documents up to date: derive every record again from the stored parses when
    the deriving code, a data file or the actor data changed, and analyse documents stored while
    analysis was off."""
    rederived = store.meta(DERIVED_KEY) != fingerprint and store.count("parses") > 0
    if rederived:
        log.info("extractors or their data changed: deriving stored records again")
        first = True
        for rows in store.iter_parses(batch_rows=max(64, runner.settings.batch_size)):
            analysed = runner.rederive(rows)
            store.write(_analysis_batch(analysed, runner.settings.model, replace_derived_of=analysed.doc_ids,
                                        reset_corpus_records=first))
            first = False
    for documents in store.documents_without_parse(runner.settings.languages):
        store.write(_analysis_batch(runner.analyse(documents), runner.settings.model))
    store.write(Batch(meta=[(DERIVED_KEY, fingerprint)]))
    run_linkers(store, Changes(measures=set(store.distinct("claims", "measure", "figure IS NULL")), everything=rederived))


def _analysis_batch(analysed: Analysed, model: str, **rest: Any) -> Batch:
    return Batch(tables=analysed.tables, parses=[(doc_id, model, parse) for doc_id, parse in analysed.parses], **rest)


def add_batch(store: Store, items: list[Item], settings: Settings, runner: Runner) -> tuple[int, int, list[Reject]]:
    """Prepare, analyse and write one batch in one transaction; returns (added, unchanged, rejects)."""
    rejects = [item for item in items if isinstance(item, Reject)]
    raws = [item for item in items if isinstance(item, RawArticle)]
    hashes = [raw_hash(raw) for raw in raws]
    known = store.known_inputs(hashes)
    fresh: dict[str, RawArticle] = {}
    for h, raw in zip(hashes, raws):
        if h not in known:
            fresh.setdefault(h, raw)
    unchanged = len(raws) - len(fresh)
    candidates = {h: (source_hint(raw) or "", repeat_candidates(raw.text)) for h, raw in fresh.items() if raw.text}
    totals = _line_totals(store, candidates.values())
    work = []
    for h, raw in fresh.items():
        source, keys = candidates.get(h, ("", set()))
        work.append((raw, frozenset(k for k in keys if totals[(source, k)] >= settings.repeat_min_docs)))
    prepared: list[tuple[str, Prepared]] = []
    for h, ready in zip(fresh, runner.prepare(work)):
        if isinstance(ready, Reject):
            rejects.append(ready)
        else:
            prepared.append((h, ready))
    existing = store.existing_documents(p.document.id for _, p in prepared)
    new: dict[str, Prepared] = {}
    for _, p in prepared:
        if p.document.id in existing or p.document.id in new:
            unchanged += 1
        else:
            new[p.document.id] = p
    analysable = [p.document for p in new.values() if p.document.language in settings.languages]
    analysed = runner.analyse(analysable) if settings.analyse and analysable else Analysed()
    for doc_id, reject in analysed.rejects:
        rejects.append(reject)
        del new[doc_id]
    stored = {h for h, p in prepared if p.document.id in new or p.document.id in existing}
    batch = _analysis_batch(
        analysed,
        settings.model,
        documents=[p.document for p in new.values()],
        originals=[_original(p) for p in new.values()],
        inputs=[(h, p.document.id, fresh[h].input) for h, p in prepared if h in stored],
        rejects=rejects,
        line_counts=[(s, k, n) for (s, k), n in _batch_counts(candidates.values()).items()],
    )
    failed = write_or_split(store, batch, {p.document.id: fresh[h].input for h, p in prepared})
    rejects += failed.values()
    added_ids = set(new) - set(failed)
    run_linkers(store, Changes(documents=added_ids, prints={d: p.prints for d, p in new.items() if p.prints is not None and d in added_ids},
                               measures={m for m in analysed.column("claims", "measure") if m},
                               actors=set(analysed.column("actors", "id"))))
    return len(added_ids), unchanged, rejects


def write_or_split(store: Store, batch: Batch, inputs: dict[str, str]) -> dict[str, Reject]:
    """Write ``batch``; if that fails, write it again document by document, and reject (stage
    ``write``) each document that still cannot be written, so one bad row never costs the others.
    Returns the rejects by document id."""
    try:
        store.write(batch)
        return {}
    except StoreError as exc:
        log.warning("writing a batch failed (%s); writing its documents one by one", exc)
    failed: dict[str, Reject] = {}
    for document in batch.documents:
        try:
            store.write(_only(batch, document.id))
        except StoreError as exc:
            failed[document.id] = Reject(inputs.get(document.id, document.id), "write_failed", str(exc)[:500], "write")
    store.write(Batch(rejects=[*batch.rejects, *failed.values()], line_counts=batch.line_counts, meta=batch.meta))
    return failed


def _only(batch: Batch, doc_id: str) -> Batch:
    """The part of ``batch`` that belongs to one document (corpus-level records, such as actors, go with each)."""
    def mine(table: pa.Table) -> pa.Table:
        if "doc_id" not in table.column_names:
            return table
        return table.filter(pc.equal(table.column("doc_id"), doc_id))

    return Batch(
        documents=[d for d in batch.documents if d.id == doc_id],
        originals=[o for o in batch.originals if o[0] == doc_id],
        inputs=[i for i in batch.inputs if i[1] == doc_id],
        parses=[p for p in batch.parses if p[0] == doc_id],
        tables={kind: mine(table) for kind, table in batch.tables.items()},
        records=[r for r in batch.records if getattr(r, "doc_id", doc_id) == doc_id],
    )


def _batch_counts(candidates: Iterable[tuple[str, set[int]]]) -> Counter[tuple[str, int]]:
    counts: Counter[tuple[str, int]] = Counter()
    for source, keys in candidates:
        counts.update((source, k) for k in keys)
    return counts


def _line_totals(store: Store, candidates: Iterable[tuple[str, set[int]]]) -> Counter[tuple[str, int]]:
    """For each (source, line) in the batch: documents seen before plus documents in this batch."""
    counts = _batch_counts(candidates)
    counts.update(store.line_counts(counts))
    return counts


def _original(p: Prepared) -> tuple[str, str, str, str]:
    segments = json.dumps([[s.clean_start, s.raw_start, s.length] for s in p.cleaned.segments])
    live = json.dumps([[e.author, e.stamp, e.start, e.end] for e in p.cleaned.live_entries])
    return p.document.id, p.raw, segments, live
