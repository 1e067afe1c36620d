"""``add``: inputs → raw articles → documents → the store, batch by batch.

Each batch is read, prepared and written in one transaction. Inputs whose raw
content was seen before are *unchanged* without further work; documents
whose clean text is already stored (another path, encoding or container)
are *unchanged* too. Corpus knowledge used while cleaning (short lines that
repeat across a source) is what was stored when the batch arrived: stored
articles are never re-cleaned, so their ids and offsets stay stable.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from .errors import InputError
from .ingest.clean import repeat_candidates
from .ingest.fetch import Fetched, Fetcher, fetch_items, is_url
from .ingest.prepare import Prepared, source_hint
from .ingest.readers import read_paths
from .link.actors import resolve as resolve_actors
from .model import AddResult, Claim, RawArticle, Reject
from .runner import Runner
from .settings import Settings
from .store import DERIVED_KEY, Batch, Store

if TYPE_CHECKING:  # spaCy loads only when analysis runs
    from .annotate import Analysis

log = logging.getLogger(__name__)

Item = RawArticle | Reject
Progress = Callable[[int], None]


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
) -> AddResult:
    """Ingest, clean and store everything named by ``paths``; return the counts."""
    if not paths:
        raise InputError("nothing to add: give at least one file, directory, glob, URL or '-'")
    added = unchanged = 0
    reasons: Counter[str] = Counter()
    fingerprint = _fingerprint(settings)  # a bad actors file fails here, before any write
    with Store(settings.db, memory_limit=settings.db_memory_limit) as store, Runner(settings) as runner:
        if fingerprint is not None:
            catch_up(store, runner, fingerprint)
        for chunk in _chunks(iter_inputs(paths, settings, fetcher, stdin), settings.batch_size):
            a, u, rejects = add_batch(store, chunk, settings, runner)
            added, unchanged = added + a, unchanged + u
            reasons.update(r.reason for r in rejects)
            if progress:
                progress(len(chunk))
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
    from .annotate import Meta, load_gazetteer, rederive

    if store.meta(DERIVED_KEY) != fingerprint and store.count("parses"):
        log.info("extractors or their data changed: deriving stored records again")
        gazetteer = load_gazetteer(runner.settings.actors_file or None)
        first = True
        for rows in store.iter_parses():
            analyses = [rederive(parse, Meta.of(document), gazetteer) for document, parse in rows]
            store.write(_analysis_batch(analyses, runner.settings.model, replace_derived_of=[a.doc_id for a in analyses],
                                        reset_corpus_records=first, with_parses=False))
            resolve_actors(store, [actor.id for a in analyses for actor in a["actors"]])
            first = False
    for documents in store.documents_without_parse():
        results = runner.analyse(documents)
        store.write(_analysis_batch([r for r in results if not isinstance(r, Reject)], runner.settings.model))
        resolve_actors(store, [actor.id for r in results if not isinstance(r, Reject) for actor in r["actors"]])
    store.write(Batch(meta=[(DERIVED_KEY, fingerprint)]))
    refresh_figures(store, store.distinct("claims", "measure", "figure IS NULL"))


def refresh_figures(store: Store, measures: Iterable[str]) -> None:
    """Reconcile the figures of ``measures`` again from every stored claim that shares them (incremental)."""
    from .link.figures import reconcile

    measures = sorted(set(measures))
    for start in range(0, len(measures), 500):
        chunk = measures[start:start + 500]
        claims = store.records_where("claims", "measure", chunk)
        actors = {a.id: a for a in store.records_where("actors", "id", {a for c in claims for a in c.about})}
        groups: dict[str, list[Claim]] = {}
        for claim in claims:
            groups.setdefault(claim.measure or "", []).append(claim)
        figures = [reconcile(measure, members, actors) for measure, members in groups.items()]
        store.replace_where("figures", "measure", chunk, figures)
        store.set_column("claims", "figure", {c: f.id for f in figures for c in f.claims})


def _analysis_batch(analyses: list[Analysis], model: str, with_parses: bool = True, **rest: Any) -> Batch:
    from .link.figures import with_measures

    records = [r for a in analyses for r in a.records]
    return Batch(
        records=with_measures(records),
        parses=[(a.doc_id, model, a.parse) for a in analyses] if with_parses else [],
        **rest,
    )


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
    analyses: list[Analysis] = []
    if settings.analyse and new:
        for doc_id, result in zip(list(new), runner.analyse([p.document for p in new.values()])):
            if isinstance(result, Reject):
                rejects.append(result)
                del new[doc_id]
            else:
                analyses.append(result)
    stored = {h for h, p in prepared if p.document.id in new or p.document.id in existing}
    batch = _analysis_batch(
        analyses,
        settings.model,
        documents=[p.document for p in new.values()],
        originals=[_original(p) for p in new.values()],
        inputs=[(h, p.document.id, fresh[h].input) for h, p in prepared if h in stored],
        rejects=rejects,
        line_counts=[(s, k, n) for (s, k), n in _batch_counts(candidates.values()).items()],
    )
    store.write(batch)
    resolve_actors(store, [a.id for a in batch.by_kind.get("actors", ())])
    measures = [r.measure for r in batch.by_kind.get("claims", ()) if r.measure]
    if measures:
        refresh_figures(store, measures)
    return len(new), unchanged, rejects


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
