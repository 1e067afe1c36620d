"""Timeline rows kept up to date: one per event cluster and one per figure value (``report.timeline``).

Runs last, after figures and cross-document linking, over what they changed:
the events of new documents and events whose cluster changed (each row of
their old and new clusters is built again from every event in those
clusters), and the figures of changed measures and of claims in changed
documents. Cost: indexed reads of those events, claims and figures, linear in
their number; a full rebuild only after every record was derived again.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Claim, Document, Event, Figure, TimelineEntry
from ..report.timeline import Names, claim_rows, cluster_key, event_rows
from ..store import Store
from . import Changes, linker
from .figures import figure_id

CHUNK = 500


@linker("timeline")
def refresh_timeline(store: Store, changes: Changes) -> None:
    """Rebuild the timeline rows of the clusters and figures ``changes`` touched."""
    if changes.everything:
        events = store.records_where("events", "doc_id", store.distinct("events", "doc_id"))
        figures = store.records_where("figures", "id", store.distinct("figures", "id"))
        _write(store, {f"event:{cluster_key(e)}" for e in events} | {f"claim:{f.id}" for f in figures}, events, figures,
               clear=True)
        return
    touched: list[Event] = store.records_where("events", "doc_id", changes.documents)
    touched += store.records_where("events", "id", changes.events)
    clusters = {e.cluster for e in touched if e.cluster}
    by_id = {e.id: e for e in touched if not e.cluster}
    by_id.update({e.id: e for e in store.records_where("events", "cluster", clusters)})
    measures = set(changes.measures) | {c.measure for c in store.records_where("claims", "doc_id", changes.documents) if c.measure}
    figures = store.records_where("figures", "measure", measures)
    refs = {cluster_key(e) for e in touched} | {e.id for e in touched} | {figure_id(m) for m in measures}
    if refs:
        _write(store, refs, list(by_id.values()), figures)


def _write(store: Store, refs: set[str], events: list[Event], figures: list[Figure], clear: bool = False) -> None:
    claims: list[Claim] = []
    for start in range(0, len(figures), CHUNK):
        claims += store.records_where("claims", "figure", [f.id for f in figures[start:start + CHUNK]])
    doc_ids = {e.doc_id for e in events} | {c.doc_id for c in claims}
    documents: dict[str, Document] = {d.id: d for d in _documents(store, doc_ids)}
    actor_ids = {m for e in events for f in (e.actor, e.recipient, e.claimed_by) if f for m in f.split("+")}
    actor_ids |= {c.claimed_by for c in claims if c.claimed_by}
    names = Names({a.id: a.name for a in store.records_where("actors", "id", actor_ids)})
    rows: list[TimelineEntry] = event_rows(events, documents, names)
    by_figure: dict[str, list[Claim]] = {}
    for claim in claims:
        by_figure.setdefault(claim.figure or "", []).append(claim)
    for figure in figures:
        rows += claim_rows(figure, by_figure.get(figure.id, []), documents, names)
    if clear:
        store.replace_where("timeline", "kind", ["event", "claim"], rows)
    else:
        store.replace_where("timeline", "ref", refs | {r.ref for r in rows}, rows)


def _documents(store: Store, ids: Iterable[str]) -> list[Document]:
    ids = sorted(ids)
    found: list[Document] = []
    for start in range(0, len(ids), CHUNK):
        found += store.records_where("documents", "id", ids[start:start + CHUNK])
    return found
