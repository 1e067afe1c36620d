"""Near-duplicates, shared passages and independent origins: count sources, not echoes.

Every document gets two kinds of fingerprints of its words (case-folded ``\\w+`` runs, so
every script and language is treated alike; a script written without spaces is read
character by character):

* **bands** — a MinHash (datasketch, 128 permutations) of its 5-word shingles, cut into 32
  LSH bands of 4 rows. Two texts whose shingle sets have Jaccard similarity ``J`` share a
  band with probability ``1 - (1 - J**4)**32`` (0.99 at J = 0.6, 0.0002 at J = 0.05), so the
  documents sharing a band are the candidates, and only those are compared.
* **passages** — the 8-word shingles whose hash is 0 modulo 4 (a content-defined sample, so
  two texts sharing a run of words sample the same shingles of it), each with its character
  span: the same quoted statement or wire paragraph in two articles shares these keys even
  when the sentences around it differ.

A new document is a **near-duplicate** (``documents.duplicate_of``) of the first stored
document whose estimated Jaccard similarity is at least ``DUPLICATE`` (re-posts, light
rewrites of one wire story); it points at the first copy of the chain. It shares a **source
text** with a stored document when it is a near-duplicate of it or when at least half of the
passage keys of the shorter of the two are shared (an article with and without its
boilerplate, an abridged wire copy): its ``origin`` is then that document's origin, else its
own id. Origins are given online and never relabelled, so they stay stable as articles are
added; a document that bridges two origins joins the one it shares most with. Quoting one
statement, or sharing a paragraph, makes a shared passage but not one origin.

Considered: datasketch's ``MinHashLSH`` keeps its index in memory, Redis or Cassandra; the
bands are kept in DuckDB instead (``fingerprints``), so the index persists with the corpus
and the candidates of a batch are one indexed read. ``MinHashLSHEnsemble`` answers
containment queries but must be rebuilt to add documents; the passage keys answer them
incrementally.

Cost per batch of ``k`` new documents: linear in their length (hashing), two indexed reads
that count, in the database, the stored documents sharing their band keys and (leaving out
keys held by more than ``COMMON`` documents) their passage keys, and a MinHash of each band
candidate's text; only band candidates' texts are read, so what a batch holds in memory is
its own documents and their overlaps, not every holder of every key. New documents arrive
fingerprinted by the per-article map (``Changes.prints``); with ``Changes.everything`` every
document is fingerprinted again here, in arrival order: O(n) plus the candidates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..model import Document
from ..store import Store
from . import Changes, linker

NUM_PERM, BANDS, ROWS = 128, 32, 4
SHINGLE = 5  # words per MinHash shingle
PASSAGE = 8  # words per passage shingle
SAMPLE = 4  # a passage shingle is kept when its hash is 0 modulo this
DUPLICATE = 0.7  # estimated Jaccard similarity of a near-duplicate (two edits in a 90-word story give 0.73)
CONTAINED = 0.5  # share of the shorter text's passage keys that makes a shared source text
MIN_SHARED = 3  # passage keys that must be shared, at the least
COMMON = 200  # a passage key in more documents than this is boilerplate, not a source text
BATCH = 2000

_WORD = re.compile(r"\w+")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@dataclass(frozen=True)
class Prints:
    """One document's fingerprints: its MinHash, LSH band keys and sampled passage keys with spans."""

    doc_id: str
    minhash: np.ndarray
    bands: tuple[str, ...]
    passages: tuple[tuple[str, int, int], ...]

    @property
    def passage_keys(self) -> set[str]:
        return {key for key, _, _ in self.passages}


def fingerprint_columns(prints: Iterable[Prints]) -> dict[str, list[object]]:
    """The ``fingerprints`` records of documents, column by column (tens of thousands per batch)."""
    columns: dict[str, list[object]] = {"doc_id": [], "kind": [], "key": [], "start": [], "end": []}
    for p in prints:
        n = len(p.bands) + len(p.passages)
        columns["doc_id"] += [p.doc_id] * n
        columns["kind"] += ["band"] * len(p.bands) + ["passage"] * len(p.passages)
        columns["key"] += [*p.bands, *(key for key, _, _ in p.passages)]
        columns["start"] += [None] * len(p.bands) + [start for _, start, _ in p.passages]
        columns["end"] += [None] * len(p.bands) + [end for _, _, end in p.passages]
    return columns


def words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for every word: ``\\w+`` runs case-folded; characters in unspaced scripts."""
    out = []
    for match in _WORD.finditer(text):
        word = unicodedata.normalize("NFKC", match.group()).casefold()
        if _UNSPACED.search(word):
            out += [(ch, match.start() + i, match.start() + i + 1) for i, ch in enumerate(match.group())]
        else:
            out.append((word, match.start(), match.end()))
    return out


@lru_cache(maxsize=1)
def _permutations() -> tuple[object, str]:
    """The permutations (and their scheme) every MinHash shares, computed once."""
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=1)
    return template.permutations, template.scheme


def fingerprint(document: Document) -> Prints:
    """The MinHash, bands and passage keys of one document (O(length))."""
    from datasketch import MinHash

    tokens = words(document.text)
    shingles = {" ".join(w for w, _, _ in tokens[i:i + SHINGLE]).encode() for i in range(max(1, len(tokens) - SHINGLE + 1))}
    permutations, scheme = _permutations()
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=permutations, scheme=scheme)
    minhash.update_batch(shingles)
    values = minhash.hashvalues
    bands = tuple(f"{b}:{hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
                  for b in range(BANDS))
    passages = []
    for i in range(len(tokens) - PASSAGE + 1):
        digest = hashlib.blake2b(" ".join(w for w, _, _ in tokens[i:i + PASSAGE]).encode(), digest_size=8).digest()
        if int.from_bytes(digest, "big") % SAMPLE == 0:
            passages.append((digest.hex(), tokens[i][1], tokens[i + PASSAGE - 1][2]))
    return Prints(document.id, values.copy(), bands, tuple(passages))


def jaccard(a: Prints, b: Prints) -> float:
    """MinHash estimate of the Jaccard similarity of two documents' shingle sets."""
    return float(np.count_nonzero(a.minhash == b.minhash)) / NUM_PERM


@linker("duplicates")
def link_duplicates(store: Store, changes: Changes) -> None:
    """Fingerprint new documents; set their ``duplicate_of`` and ``origin``.

    Cost: see the module docstring — per batch, linear in the new text plus one read of the
    fingerprints that share its keys.
    """
    if changes.everything:
        ids = store.arrival_order()
        store.replace_where("fingerprints", "doc_id", ids, [])
    else:
        ids = store.arrival_order(changes.documents)
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        unprinted = {d.id: d for d in store.records_where("documents", "id", [i for i in part if i not in changes.prints])}
        links = link_batch(store, [changes.prints.get(i) or fingerprint(unprinted[i]) for i in part])
        store.set_column("documents", "duplicate_of", {d: dup for d, (dup, _) in links.items()})
        store.set_column("documents", "origin", {d: origin for d, (_, origin) in links.items()})
        changes.origins.update(links)


def link_batch(store: Store, prints: Sequence[Prints]) -> dict[str, tuple[str | None, str]]:
    """(duplicate_of, origin) for each new document (by its fingerprints), in order; the fingerprints are written.

    The stored documents sharing a band or enough passage keys with each new one are counted in
    the database (``Store.fingerprint_overlaps``); only the band candidates' texts are read (their
    MinHash is needed), and of the others only their links.
    """
    bands = store.fingerprint_overlaps("band", {p.doc_id: p.bands for p in prints})
    passages = store.fingerprint_overlaps("passage", {p.doc_id: p.passage_keys for p in prints},
                                          at_most=COMMON, at_least=MIN_SHARED)
    stored = _Stored(store, {d for hits in bands.values() for d in hits},
                     {d for hits in passages.values() for d in hits})
    index = _Index()
    cache: dict[str, Prints] = {}
    links: dict[str, tuple[str | None, str]] = {}
    for own in prints:
        duplicate, origin = _match(own, index, stored, bands.get(own.doc_id, {}), passages.get(own.doc_id, {}), cache, links)
        links[own.doc_id] = (duplicate, origin or own.doc_id)
        index.add(own)
        cache[own.doc_id] = own
    store.write_columns("fingerprints", fingerprint_columns(prints))
    return links


class _Stored:
    """What the batch needs of the stored documents it overlaps: band candidates' texts (for their
    MinHash), every overlapping document's links, and the passage-key count of each passage sharer."""

    def __init__(self, store: Store, band_docs: set[str], passage_docs: set[str]):
        self.texts = {d.id: d for d in store.records_where("documents", "id", band_docs)}
        self.links = {d: (dup, origin or d) for d, (dup, origin) in
                      store.fields_where("documents", "id", band_docs | passage_docs, ("duplicate_of", "origin")).items()}
        self.sizes = store.count_where("fingerprints", "doc_id", passage_docs, "kind = 'passage'")


class _Index:
    """Which documents of the batch so far hold each key."""

    def __init__(self) -> None:
        self.holders: dict[str, set[str]] = defaultdict(set)
        self.size: dict[str, int] = {}

    def add(self, prints: Prints) -> None:
        for key in (*prints.bands, *prints.passage_keys):
            self.holders[key].add(prints.doc_id)
        self.size[prints.doc_id] = len(prints.passage_keys)

    def band_candidates(self, prints: Prints) -> set[str]:
        return {d for key in prints.bands for d in self.holders.get(key, ())}

    def shared_passages(self, prints: Prints) -> Counter[str]:
        shared: Counter[str] = Counter()
        for key in prints.passage_keys:
            holders = self.holders.get(key, set())
            if len(holders) <= COMMON:
                shared.update(holders)
        return shared


def _match(own: Prints, index: _Index, stored: _Stored, stored_bands: Mapping[str, int], stored_passages: Mapping[str, int],
           cache: dict[str, Prints], links: dict[str, tuple[str | None, str]]) -> tuple[str | None, str | None]:
    """The document ``own`` duplicates (its chain's first copy) and the origin it shares a source text with."""
    best: tuple[float, str] | None = None
    for candidate in sorted(index.band_candidates(own) | {d for d in stored_bands if d in stored.texts}):
        other = cache.get(candidate) or cache.setdefault(candidate, fingerprint(stored.texts[candidate]))
        similarity = jaccard(own, other)
        if similarity >= DUPLICATE and (best is None or similarity > best[0]):
            best = (similarity, candidate)
    if best is not None:
        first = _link(best[1], stored, links)
        return first[0] or best[1], first[1]
    shared = index.shared_passages(own)
    shared.update({d: n for d, n in stored_passages.items() if d in stored.links})
    contained = [(n / max(1, min(len(own.passage_keys), index.size.get(d, stored.sizes.get(d, 0)))), n, d)
                 for d, n in shared.items() if n >= MIN_SHARED]
    contained = [c for c in contained if c[0] >= CONTAINED]
    if not contained:
        return None, None
    _, _, doc_id = min(contained, key=lambda c: (-c[0], -c[1], c[2]))
    return None, _link(doc_id, stored, links)[1]


def _link(doc_id: str, stored: _Stored, links: dict[str, tuple[str | None, str]]) -> tuple[str | None, str]:
    """(duplicate_of, origin) of a stored or earlier-in-batch document."""
    return links[doc_id] if doc_id in links else stored.links[doc_id]


def origins_of(store: Store, doc_ids: Iterable[str]) -> dict[str, str]:
    """The origin of each document (its own id when it has none yet)."""
    ids = set(doc_ids)
    stored = {d.id: d.origin or d.id for d in store.records_where("documents", "id", ids)}
    return {d: stored.get(d, d) for d in ids}


def count_origins(doc_ids: Iterable[str], origins: Mapping[str, str]) -> int:
    """Independent origins among the documents reporting something."""
    return len({origins.get(d, d) for d in doc_ids})
