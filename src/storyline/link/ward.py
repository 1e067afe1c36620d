"""Constrained Ward agglomeration over a sparse graph of candidate pairs.

Groups are sums of unit vectors (a document is a group of one, a stored story a group of its
documents). Two groups may merge when they are neighbours in the candidate graph (blocking: the
pairs an inverted index proposes, never all pairs) and

* their **average link** — the mean cosine similarity of their members, ``Σa·Σb / (|a| |b|)``,
  discounted by ``exp(-(gap - grace) / tau)`` for the days between their date ranges beyond a
  grace period — reaches ``least``, and ``relative`` times the looser group's own mean
  similarity (its cohesion): a group of near-copies does not take in what merely shares its
  subject;
* **Ward's cost** — the growth of the within-group sum of squares,
  ``|a| |b| / (|a| + |b|) · ‖μa − μb‖²``, raised by the same time factor — stays within ``limit``;
* they are not each about places (features of mean weight ``salient`` or more, marked as
  places) that the other never names: two reports of one kind of event in two places are two
  events.

The cheapest feasible merge is made first, until none is left (Ward 1963; the sparse,
heap-driven form of the generic algorithm in Müllner 2011).

Why both tests: average link alone cannot tell one story from two compact stories about the same
subject (two title defences by one boxer, two quakes on one island), since the mean similarity
across them is close to that within each; Ward's cost grows with the sizes of the groups, so two
well-formed groups merge only when their centres nearly coincide. Ward alone would attach every
document to its nearest story, however unrelated; the average link keeps the unrelated apart.

Groups marked ``fixed`` (stories already stored) never merge with each other, so a stored story
keeps its id and its documents; they may absorb new documents and new groups. The result names
each new group's root: the fixed group in it, else its first member by ``rank``. Deterministic:
ties are broken by rank.

Considered: scipy's ``linkage`` (all pairs, dense O(n²) memory, no constraints) and
scikit-learn's ``AgglomerativeClustering`` with a connectivity graph (no fixed groups, no time
factor, a dependency for one function).

Cost: O(p log p) heap work for the ``p`` candidate pairs, plus, per merge, one sparse dot product
(O(features)) with each neighbour of the merged group.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace


@dataclass
class Group:
    """A group being agglomerated: the sum of its members' unit vectors, their number and dates."""

    key: str
    vector: dict[str, float]
    size: int
    mass: float  # ‖vector‖²: the sum of all pairwise similarities of its members, self-pairs included
    start: int | None = None  # first and last day (ordinals) its members' dates allow
    end: int | None = None
    fixed: bool = False
    rank: int = 0
    places: frozenset[str] = frozenset()  # where its members say it happened (none: they do not say)

    @classmethod
    def of(cls, key: str, vector: dict[str, float], rank: int, start: int | None = None, end: int | None = None,
           places: frozenset[str] = frozenset()) -> Group:
        return cls(key, dict(vector), 1, sum(w * w for w in vector.values()), start, end, False, rank, places)


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(f, 0.0) for f, w in a.items())


def cohesion(group: Group) -> float:
    """The mean similarity of a group's members to each other (0 for a single member)."""
    if group.size < 2:
        return 0.0
    return (group.mass - group.size) / (group.size * (group.size - 1))


def gap(a: Group, b: Group) -> float:
    """Days between two groups' date ranges (0 when they overlap or either is undated)."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return 0.0
    return float(max(0, a.start - b.end, b.start - a.end))


@dataclass(frozen=True)
class Criteria:
    limit: float  # most Ward cost of a merge
    least: float  # least average link of a merge
    tau: float  # days: past ``grace`` days apart, the time discount is exp(-(gap - grace) / tau)
    grace: float = 0.0
    salient: float = 0.1  # least mean weight of a place a group is about
    relative: float = 0.0  # least average link, as a share of the looser group's own mean similarity

    def cost(self, a: Group, b: Group) -> float | None:
        """Ward's cost of merging ``a`` and ``b`` (time-discounted), or None when the merge is not allowed."""
        if a.fixed and b.fixed or _elsewhere(a, b, self.salient):
            return None
        factor = math.exp(-max(0.0, gap(a, b) - self.grace) / self.tau)
        shared = dot(a.vector, b.vector)
        link = shared / (a.size * b.size) * factor
        if link < self.least or link < self.relative * min(cohesion(a), cohesion(b)):
            return None
        distance = max(0.0, a.mass / a.size ** 2 + b.mass / b.size ** 2 - 2 * shared / (a.size * b.size))
        cost = a.size * b.size / (a.size + b.size) * distance / factor
        return cost if cost <= self.limit else None


def agglomerate(groups: Iterable[Group], neighbours: Mapping[str, Iterable[str]], criteria: Criteria) -> dict[str, str]:
    """Merge feasible neighbouring groups, cheapest first; every group's key → its root's key."""
    alive = {g.key: replace(g) for g in groups}  # the groups given are left as they are ...
    owned: set[str] = set()  # ... and a vector is copied only when a merge first adds to it
    graph = {k: {n for n in neighbours.get(k, ()) if n in alive and n != k} for k in alive}
    for k, ns in list(graph.items()):
        for n in ns:
            graph[n].add(k)
    version = dict.fromkeys(alive, 0)
    heap: list[tuple[float, int, int, str, str, int, int]] = []

    def push(a: Group, b: Group) -> None:
        cost = criteria.cost(a, b)
        if cost is not None:
            first, second = (a, b) if a.rank < b.rank else (b, a)
            heapq.heappush(heap, (cost, first.rank, second.rank, first.key, second.key,
                                  version[first.key], version[second.key]))

    for key in sorted(graph, key=lambda k: alive[k].rank):
        for other in graph[key]:
            if alive[key].rank < alive[other].rank:
                push(alive[key], alive[other])
    root = {k: k for k in alive}
    while heap:
        _, _, _, a_key, b_key, a_version, b_version = heapq.heappop(heap)
        if a_key not in alive or b_key not in alive or version[a_key] != a_version or version[b_key] != b_version:
            continue
        keep, gone = _merge(alive[a_key], alive[b_key], owned)
        del alive[gone.key]
        root[gone.key] = keep.key
        version[keep.key] += 1
        graph[keep.key] = (graph[keep.key] | graph.pop(gone.key)) - {keep.key, gone.key}
        for n in sorted(graph[keep.key], key=lambda k: alive[k].rank):
            graph[n].discard(gone.key)
            graph[n].add(keep.key)
            push(keep, alive[n])
    return {k: _find(root, k) for k in root}


def _elsewhere(a: Group, b: Group, salient: float) -> bool:
    """Each group is about places (features of mean weight ``salient`` or more) the other never names."""
    main_a = {p for p in a.places if a.vector.get(p, 0.0) / a.size >= salient}
    main_b = {p for p in b.places if b.vector.get(p, 0.0) / b.size >= salient}
    return bool(main_a and main_b) and not main_a & b.places and not main_b & a.places


def _merge(a: Group, b: Group, owned: set[str]) -> tuple[Group, Group]:
    """Fold one group into the other (into the fixed one, else the first by rank); ``owned`` holds the
    keys whose vector is the agglomeration's own copy."""
    keep, gone = (a, b) if a.fixed or (not b.fixed and a.rank < b.rank) else (b, a)
    if keep.key not in owned:
        keep.vector = dict(keep.vector)
        owned.add(keep.key)
    shared = dot(keep.vector, gone.vector)
    for f, w in gone.vector.items():
        keep.vector[f] = keep.vector.get(f, 0.0) + w
    keep.mass += gone.mass + 2 * shared
    keep.size += gone.size
    keep.places = keep.places | gone.places
    if gone.start is not None and gone.end is not None:
        keep.start = gone.start if keep.start is None else min(keep.start, gone.start)
        keep.end = gone.end if keep.end is None else max(keep.end, gone.end)
    return keep, gone


def _find(root: dict[str, str], key: str) -> str:
    while root[key] != key:
        root[key] = root[root[key]]
        key = root[key]
    return key
