"""Stories: an online, time-aware clustering of articles by their words, numbers, actors, places and dates.

**What a document is.** A sparse vector (``Profile``) of

* its words (``duplicates.words``, so every language is read alike), without the stop words of
  its language (``stopwords.yaml``); words of its title and of its first ``LEAD`` words (the
  lede, where a report names what happened, to whom and where) count ``TITLE`` / ``LEAD_WEIGHT``
  times;
* its numbers as written ("5.6", "52-3", "2008"), as ``#`` features: a magnitude, a score, a
  record or a year tells one event from another of its kind;
* its actors, places included, as ``@<actor id>`` features (``ACTOR``, ``PLACE`` times a word):
  "DPRK" and "North Korea" are one feature;

weighted ``(1 + log tf) · idf`` with the document frequencies of the whole store, the batch
included (``vocabulary``); its top ``TERMS`` features make it a unit vector. Its dates are the
days its publication date allows at its precision (a day, a month, a year).

**How documents become stories.** Each batch of new documents is clustered together with the
stored stories it may join (``ward.agglomerate``): a document or a group of new documents joins
another, or a stored story, when their average link — the mean cosine similarity of their
members, discounted past ``GRACE`` days apart by ``exp(-(gap - GRACE) / TAU)`` — reaches
``LEAST`` and ``RELATIVE`` times the looser side's own cohesion, Ward's cost of the merge stays
within ``LIMIT``, and they are not each about places (``SALIENT``) the other never names. Average
link alone merges two compact groups on one subject (two title fights of one boxer); Ward's cost,
which grows with the groups' sizes, keeps them apart unless their centres nearly coincide.
Candidates come from an inverted index, never all pairs: a new document meets the new documents
sharing one of its top ``LOOKUP`` features (a feature held by more than ``POSTING`` of them is
too common to block on), and the stored stories whose top ``KEYS`` features hold one (not one
held by more than ``COMMON`` of the store), dated within ``HORIZON`` days (beyond it the time
discount alone keeps the average link under ``LEAST``).

**Stable and deterministic.** Stored stories never merge with each other and stored documents
never move, so story ids — the id of a story's first document — are stable as articles are
added. A new story is named by its first document in batch order (by publication date, then id);
ties are broken by that order, so the same input in the same order gives the same stories.
Within a batch the result does not depend on the order at all; across batches it does only in
that a story formed in an earlier batch is kept.

Considered: scikit-learn's agglomerative and DBSCAN clustering (batch, dense or all-pairs, no
fixed clusters, ids change when data is added), single-pass clustering (Miranda et al. 2018;
this module's first version: order-dependent, and a document compared with the stories formed so
far cannot tell two compact stories on one subject apart), BERTopic and embedding indexes
(models to download; topics rather than events), datasketch's LSH Forest for the index (an
inverted index over a few salient features is exact and smaller here).

Cost per batch of ``k`` documents: O(k · TERMS) to profile them, one indexed read of the
vocabulary of their features and of the candidate stories, and the agglomeration over the
candidate pairs — O(p log p) for ``p`` pairs, at most ``LOOKUP · POSTING`` per document —
independent of the size of the store but for the reads: the candidate stories are found by a
scan of the stories' key lists (linear in the number of stories with a small constant), and only
the ``CANDIDATES`` sharing the most key features with each new document are read, so what a batch
holds does not grow with the store (a feature is only "too common" past a share of the store, so
without that cap the stories found through the features under it grew with the store).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from ..lexicon import word_map
from ..model import Document, Mention, Story, Term
from ..store import Store
from . import Changes, linker
from .duplicates import words
from .ward import Criteria, Group, agglomerate, dot

ACTOR = 1.0  # an actor feature weighs this many times a word of the same rarity
PLACE = 1.0  # ... and a place (a country or location actor)
NUMBER = 1.0  # ... and a number
TITLE = 2  # a word of the title counts this many times
LEAD = 100  # the first words of the text, the lede ...
LEAD_WEIGHT = 3  # ... count this many times
TERMS = 300  # features kept per document
CENTROID = 300  # features kept per stored story
KEYS = 12  # a story's top features, which it is found by
LOOKUP = 20  # a document's top features, which it looks stories and documents up by
POSTING = 200  # a feature held by more documents of a batch than this does not propose candidates
COMMON = 0.05  # ... nor one held by more than this share of the store's documents
CANDIDATES = 10  # a document meets at most this many stored stories: those sharing the most of its features
LEAST = 0.15  # least discounted average link of a merge (ECB+ train topics)
LIMIT = 1.9  # most Ward cost of a merge (ECB+ train topics)
GRACE = 60.0  # days apart within which a developing story is reported with no time discount
TAU = 45.0  # days: past GRACE, the similarity to a story halves every TAU·ln 2 days further apart
HORIZON = math.ceil(GRACE + TAU * math.log(1 / LEAST))  # days beyond which no story can be joined
MIN_WORD = 3
DOCUMENTS = ""  # the vocabulary entry that counts documents
SALIENT = 0.1  # least mean weight of a place a story or document is about
RELATIVE = 0.5  # least average link of a merge, as a share of the looser side's own mean similarity
CRITERIA = Criteria(LIMIT, LEAST, TAU, GRACE, SALIENT, RELATIVE)

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:/-]\d+)*")


@cache
def stopwords(language: str | None) -> frozenset[str]:
    """The stop words of a language (ISO 639-1), as ``words`` reads them; none for a language not listed."""
    return frozenset(word_map("stopwords").get(language or "", ()))


@dataclass(frozen=True)
class Profile:
    """A document as the clusterer sees it."""

    doc_id: str
    features: dict[str, float]  # unit vector
    start: int | None = None  # first and last day (ordinal) its date allows
    end: int | None = None
    published: str | None = None


@dataclass
class StoryState:
    """A story while it is being clustered: the sum of its documents' vectors, its dates and members."""

    id: str
    centroid: dict[str, float]
    documents: list[str]
    mass: float = 0.0  # ‖centroid‖² before it was cut to CENTROID features
    start: int | None = None
    end: int | None = None
    first_published: str | None = None
    last_published: str | None = None
    changed: bool = False

    def keys(self) -> list[str]:
        return [f for f, _ in _top(self.centroid, KEYS)]

    def group(self, rank: int) -> Group:
        mass = self.mass or sum(w * w for w in self.centroid.values())
        return Group(self.id, self.centroid, max(1, len(self.documents)), mass, self.start, self.end, True, rank,
                     places_of(self.centroid))

    def add(self, profile: Profile) -> None:
        self.mass += 2 * dot(self.centroid, profile.features) + sum(w * w for w in profile.features.values())
        for f, w in profile.features.items():
            self.centroid[f] = self.centroid.get(f, 0.0) + w
        self.documents.append(profile.doc_id)
        if profile.start is not None and profile.end is not None:
            self.start = profile.start if self.start is None else min(self.start, profile.start)
            self.end = profile.end if self.end is None else max(self.end, profile.end)
        if profile.published:
            self.first_published = min(filter(None, (self.first_published, profile.published)))
            self.last_published = max(filter(None, (self.last_published, profile.published)))
        self.changed = True

    def trim(self) -> None:
        self.centroid = dict(_top(self.centroid, CENTROID))


@dataclass
class Clusterer:
    """Places batches of documents into the stories given (the stored candidates) or new ones."""

    stories: dict[str, StoryState] = field(default_factory=dict)
    criteria: Criteria = CRITERIA

    def place(self, profiles: Sequence[Profile]) -> dict[str, str]:
        """Document id → story id for a batch of profiles, in batch order (see the module docstring)."""
        stored = sorted(self.stories)
        groups = [self.stories[s].group(i) for i, s in enumerate(stored)]
        groups += [Group.of(p.doc_id, p.features, len(stored) + i, p.start, p.end, places_of(p.features))
                   for i, p in enumerate(profiles)]
        roots = agglomerate(groups, self._neighbours(profiles), self.criteria)
        assigned = {}
        for p in profiles:
            story = self.stories.get(roots[p.doc_id]) or self.stories.setdefault(roots[p.doc_id], StoryState(roots[p.doc_id], {}, []))
            story.add(p)
            assigned[p.doc_id] = story.id
        for story in self.stories.values():
            if story.changed:
                story.trim()
        return assigned

    def _neighbours(self, profiles: Sequence[Profile]) -> dict[str, set[str]]:
        """Candidate pairs: documents sharing a top feature with a document or a story's keys (an inverted index)."""
        index: dict[str, list[str]] = defaultdict(list)
        for story_id in sorted(self.stories):
            for key in self.stories[story_id].keys():
                index[key].append(story_id)
        lookups = {p.doc_id: [f for f, _ in _top(p.features, LOOKUP)] for p in profiles}
        for p in profiles:
            for key in lookups[p.doc_id]:
                index[key].append(p.doc_id)
        out: dict[str, set[str]] = defaultdict(set)
        for p in profiles:
            for key in lookups[p.doc_id]:
                if len(index[key]) <= POSTING:
                    out[p.doc_id].update(index[key])
        return out


def date_range(value: str | None) -> tuple[int | None, int | None]:
    """The first and last day (ordinals) an ISO date of day, month or year precision allows."""
    if not value:
        return None, None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            day = dt.date(*parts).toordinal()
            return day, day
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1
        return dt.date(parts[0], 1, 1).toordinal(), dt.date(parts[0], 12, 31).toordinal()
    except ValueError:
        return None, None


def counts(document: Document, mentions: Iterable[Mention], places: set[str]) -> Counter[str]:
    """The raw feature counts of a document: its words (title and lede weighted), numbers and actors."""
    stop = stopwords(document.language)
    found: Counter[str] = Counter()
    for text, weight, lead in ((document.text, 1, LEAD), (document.title or "", TITLE, 0)):
        for i, (word, _, _) in enumerate(words(text)):
            if (len(word) >= MIN_WORD or not word.isascii()) and not word.isdigit() and word not in stop:
                found[word] += LEAD_WEIGHT if i < lead else weight
    for match in _NUMBER.finditer(document.text):
        if len(match.group()) >= 2:
            found["#" + match.group()] += 1
    for mention in mentions:
        if mention.actor:
            found[("@" if mention.actor not in places else "@@") + mention.actor] += 1
    return found


def places_of(features: Mapping[str, float]) -> frozenset[str]:
    return frozenset(f for f in features if f.startswith("@@"))


def _boost(feature: str) -> float:
    return PLACE if feature.startswith("@@") else ACTOR if feature[0] == "@" else NUMBER if feature[0] == "#" else 1.0


def profile(document: Document, found: Counter[str], df: Mapping[str, int], n_documents: int) -> Profile:
    """A document's unit vector from its feature counts and the document frequencies."""
    weights: dict[str, float] = {}
    for feature, tf in found.items():
        key = _vocabulary_key(feature)
        idf = math.log((n_documents + 1) / (df.get(key, 0) + 1)) + 1.0
        weights[key] = max(weights.get(key, 0.0), (1.0 + math.log(tf)) * idf * _boost(feature))
    top = dict(_top(weights, TERMS))
    norm = math.sqrt(sum(w * w for w in top.values())) or 1.0
    start, end = date_range(document.published)
    return Profile(document.id, {f: w / norm for f, w in top.items()}, start, end, document.published)


def _vocabulary_key(feature: str) -> str:
    return feature


def _top(weights: Mapping[str, float], n: int) -> list[tuple[str, float]]:
    return sorted(weights.items(), key=lambda fw: (-fw[1], fw[0]))[:n]


def batch_order(documents: Iterable[Document]) -> list[Document]:
    """The order a batch is clustered and named in: by publication date (undated last), then id."""
    return sorted(documents, key=lambda d: (d.published or "9999", d.id))


def cluster(documents: Sequence[Document], mentions: Mapping[str, Sequence[Mention]], places: set[str],
            batch: int | None = None, criteria: Criteria = CRITERIA) -> dict[str, str]:
    """Stories for documents held in memory (the evaluation's path): document id → story id.

    Documents arrive in the given order, ``batch`` at a time (all at once by default), as
    ``add`` links them: the same clusterer, with stories formed by earlier batches kept.
    """
    clusterer = Clusterer(criteria=criteria)
    df: Counter[str] = Counter()
    n_documents, out = 0, dict[str, str]()
    size = batch or max(1, len(documents))
    for start in range(0, len(documents), size):
        chunk = batch_order(documents[start:start + size])
        found = {d.id: counts(d, mentions.get(d.id, ()), places) for d in chunk}
        for c in found.values():
            df.update({_vocabulary_key(f) for f in c})
        n_documents += len(chunk)
        out |= clusterer.place([profile(d, found[d.id], df, n_documents) for d in chunk])
    return out


# -- the linker over the store ------------------------------------------------------------


@linker("stories")
def link_stories(store: Store, changes: Changes) -> None:
    """Place new documents in stories; write the stories they changed and ``documents.story``.

    Cost: per batch, one read of the vocabulary of its features and of the candidate stories
    (those sharing a key feature within ``HORIZON`` days), and the agglomeration over its
    candidate pairs (see the module docstring).
    """
    if changes.everything:
        store.replace_where("stories", "id", store.distinct("stories", "id"), [])
        store.replace_where("vocabulary", "term", store.distinct("vocabulary", "term"), [])
        ids = store.arrival_order()
    else:
        ids = store.arrival_order(changes.documents)
    for start in range(0, len(ids), 1000):
        chunk = batch_order(store.records_where("documents", "id", ids[start:start + 1000]))
        changes.stories.update(_link_batch(store, chunk))


def _link_batch(store: Store, documents: list[Document]) -> set[str]:
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for mention in store.records_where("mentions", "doc_id", [d.id for d in documents]):
        mentions[mention.doc_id].append(mention)
    actor_ids = {m.actor for ms in mentions.values() for m in ms if m.actor}
    actors = {a.id: a for a in store.records_where("actors", "id", actor_ids)}
    places = {a.id for a in actors.values() if a.type in ("country", "location")}
    found = {d.id: counts(d, mentions[d.id], places) for d in documents}
    terms = {_vocabulary_key(f) for c in found.values() for f in c} | {DOCUMENTS}
    df = Counter({t.term: t.n_documents for t in store.records_where("vocabulary", "term", terms)})
    for c in found.values():
        df.update({_vocabulary_key(f) for f in c})
    df[DOCUMENTS] += len(documents)
    profiles = [profile(d, found[d.id], df, df[DOCUMENTS]) for d in documents]
    clusterer = Clusterer(stories=_candidates(store, profiles, df))
    assigned = clusterer.place(profiles)
    changed = [s for s in clusterer.stories.values() if s.changed]
    named = store.records_where("actors", "id", {f.lstrip("@") for s in changed for f in s.centroid if f[0] == "@"})
    names = {a.id: (a.name, *a.aliases) for a in named}
    store.write_records([Term(t, n) for t, n in df.items() if t in terms])
    store.write_records([as_record(s, names) for s in changed])
    store.set_column("documents", "story", assigned)
    return {s.id for s in changed}


def _candidates(store: Store, profiles: list[Profile], df: Mapping[str, int]) -> dict[str, StoryState]:
    """The stored stories the batch may join: sharing a key feature, within ``HORIZON`` days. A feature held by
    more than ``COMMON`` of the store's documents is too common to find stories by."""
    common = max(POSTING, COMMON * df.get(DOCUMENTS, 0))
    keys = {p.doc_id: [f for f, _ in _top(p.features, LOOKUP) if df.get(f, 0) <= common] for p in profiles}
    days = [d for p in profiles for d in (p.start, p.end) if d is not None]
    since = dt.date.fromordinal(min(days) - HORIZON).isoformat() if days else None
    until = dt.date.fromordinal(max(days) + HORIZON).isoformat() if days else None
    stories = store.stories_sharing(keys, KEYS, since, until, per_key_set=CANDIDATES)
    return {s.id: from_record(s) for s in stories}


def from_record(story: Story) -> StoryState:
    start = date_range(story.first_published)[0]
    end = date_range(story.last_published)[1]
    # features recur across stories: one string each, not one per story that holds it
    return StoryState(story.id, dict(zip(map(sys.intern, story.features), story.weights)), list(story.documents),
                      story.mass, start, end, story.first_published, story.last_published)


def label(actors: Sequence[str], terms: Sequence[str], names: Mapping[str, Sequence[str]], n: int = 5) -> str:
    """A story's label: its top actors' names, then its top words that no name already holds.

    ``names`` gives each actor id its name, then its aliases. A word is left out when a name or
    alias of one of its top actors contains it ("russia" beside Russia, "usa" beside the United
    States) or it repeats one already shown in another case; stop words never reach a story's
    features.
    """
    shown = [(names.get(a) or (a,))[0] for a in actors[:3]]
    held = {w for a in actors for name in names.get(a) or (a,) for w, _, _ in words(name)}
    for term in terms:
        if len(shown) >= n:
            break
        if term[0] in "#@" or term in held:
            continue
        shown.append(term)
        held.add(term)
    return ", ".join(shown)


def as_record(story: StoryState, names: Mapping[str, Sequence[str]]) -> Story:
    ranked = _top(story.centroid, CENTROID)
    actors = [f.lstrip("@") for f, _ in ranked if f.startswith("@")][:5]
    terms = [f for f, _ in ranked if f[0] not in "@#"][:8]
    return Story(story.id, label(actors, terms, names), tuple(story.documents), story.first_published,
                 story.last_published, tuple(actors), tuple(terms), len(story.documents), tuple(f for f, _ in ranked),
                 tuple(w for _, w in ranked), story.mass)


def stories_of(store: Store, doc_ids: Iterable[str]) -> dict[str, str | None]:
    """The story of each document."""
    return {d.id: d.story for d in store.records_where("documents", "id", set(doc_ids))}
