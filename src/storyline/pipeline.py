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
from .ingest.prepare import Prepared, prepare, source_hint
from .ingest.readers import read_paths
from .model import AddResult, RawArticle, Reject
from .settings import Settings
from .store import Batch, Store

if TYPE_CHECKING:  # spaCy loads only when analysis runs
    from .annotate import Analysis, Annotator

log = logging.getLogger(__name__)

DERIVED_KEY = "derived_fingerprint"  # actor data + extractor versions the stored records come from
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
    annotator = _annotator(settings)
    with Store(settings.db, memory_limit=settings.db_memory_limit) as store:
        if annotator is not None:
            catch_up(store, annotator)
        for chunk in _chunks(iter_inputs(paths, settings, fetcher, stdin), settings.batch_size):
            a, u, rejects = add_batch(store, chunk, settings, annotator)
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


def _annotator(settings: Settings) -> Annotator | None:
    """The annotate stage, or None when it is switched off. A bad actors file fails here, before any write."""
    if not settings.analyse:
        return None
    from .annotate import Annotator, load_gazetteer

    return Annotator(settings, load_gazetteer(settings.actors_file or None))


def catch_up(store: Store, annotator: Annotator) -> None:
    """Bring stored documents up to date: derive mentions, actors and times again from the stored
    parses when the actor data or an extractor changed, and annotate documents stored while
    analysis was off."""
    from .annotate import EXTRACTORS_VERSION, Meta, rederive

    gazetteer = annotator.gazetteer
    fingerprint = f"{gazetteer.fingerprint}/{EXTRACTORS_VERSION}"
    if store.meta(DERIVED_KEY) != fingerprint and store.count("parses"):
        log.info("actor data or extractors changed: deriving stored records again")
        first = True
        for rows in store.iter_parses():
            analyses = [rederive(parse, Meta(doc_id, published, precision, source), gazetteer)
                        for doc_id, parse, published, precision, source in rows]
            store.write(_analysis_batch(analyses, annotator.settings.model, replace_derived_of=[a.doc_id for a in analyses],
                                        reset_corpus_records=first, with_parses=False))
            first = False
    for documents in store.documents_without_parse():
        store.write(_analysis_batch(list(annotator.analyse(documents)), annotator.settings.model))
    store.write(Batch(meta=[(DERIVED_KEY, fingerprint)]))
    refresh_figures(store, store.unreconciled_keys())


def refresh_figures(store: Store, keys: Iterable[str]) -> None:
    """Reconcile the figures of ``keys`` again from every stored claim that shares them (incremental)."""
    from .link.figures import reconcile

    keys = sorted(set(keys))
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        claims = store.claims_for_keys(chunk)
        actors = store.actors_by_id(a for c, _ in claims for a in c.about)
        groups: dict[str, list[Any]] = {}
        for claim, key in claims:
            groups.setdefault(key, []).append(claim)
        store.write_figures([reconcile(key, members, actors) for key, members in groups.items()], chunk)


def _analysis_batch(analyses: list[Analysis], model: str, with_parses: bool = True, **rest: Any) -> Batch:
    from .link.figures import figure_key

    for a in analyses:
        for error in a.errors:
            log.warning("document %s: %s", a.doc_id, error)
    actors = {x.id: x for a in analyses for x in a.actors}
    return Batch(
        quotes=[q for a in analyses for q in a.quotes],
        claims=[(c, figure_key(c, actors)) for a in analyses for c in a.claims],
        parses=[(a.doc_id, model, a.parse) for a in analyses] if with_parses else [],
        mentions=[m for a in analyses for m in a.mentions],
        actors=[x for a in analyses for x in a.actors],
        times=[t for a in analyses for t in a.times],
        **rest,
    )


def add_batch(store: Store, items: list[Item], settings: Settings, annotator: Annotator | None = None) -> tuple[int, int, list[Reject]]:
    """Prepare and write one batch in one transaction; returns (added, unchanged, rejects)."""
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
    prepared: list[tuple[str, Prepared]] = []
    for h, raw in fresh.items():
        source, keys = candidates.get(h, ("", set()))
        repeated = {k for k in keys if totals[(source, k)] >= settings.repeat_min_docs}
        result = _prepare_safely(raw, settings, repeated)
        if isinstance(result, Reject):
            rejects.append(result)
        else:
            prepared.append((h, result))
    existing = store.existing_documents(p.document.id for _, p in prepared)
    new: dict[str, Prepared] = {}
    for _, p in prepared:
        if p.document.id in existing or p.document.id in new:
            unchanged += 1
        else:
            new[p.document.id] = p
    analyses = list(annotator.analyse(p.document for p in new.values())) if annotator and new else []
    batch = _analysis_batch(
        analyses,
        settings.model,
        documents=[p.document for p in new.values()],
        originals=[_original(p) for p in new.values()],
        inputs=[(h, p.document.id, fresh[h].input) for h, p in prepared],
        rejects=rejects,
        line_counts=[(s, k, n) for (s, k), n in _batch_counts(candidates.values()).items()],
    )
    store.write(batch)
    if batch.claims:
        refresh_figures(store, [key for _, key in batch.claims])
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


def _prepare_safely(raw: RawArticle, settings: Settings, repeated: set[int]) -> Prepared | Reject:
    """Run ``prepare``; a bug on one article becomes a reject naming the stage, and the run goes on."""
    try:
        return prepare(raw, settings, repeated)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the corpus
        log.exception("prepare failed on %s", raw.input)
        return Reject(raw.input, "internal_error", f"stage prepare failed: {type(exc).__name__}: {exc}")


def _original(p: Prepared) -> tuple[str, str, str, str]:
    segments = json.dumps([[s.clean_start, s.raw_start, s.length] for s in p.cleaned.segments])
    live = json.dumps([[e.author, e.stamp, e.start, e.end] for e in p.cleaned.live_entries])
    return p.document.id, p.raw, segments, live
