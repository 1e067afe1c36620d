"""Stories: an online, time-aware clustering of articles by their words, actors, places and dates.

Method (single-pass clustering, as in Miranda et al. 2018 and the TDT "first story detection"
line of work). Each document becomes a sparse vector:

* its words (``duplicates.words``, so every language is read alike; title words count twice),
  weighted ``(1 + log tf) · idf`` with document frequencies kept in ``vocabulary`` as articles
  arrive;
* its actors, places included, as ``@<actor id>`` features, weighted like words but ``ACTOR``
  times more: the names are what tell two earthquakes in one country, or two arrests of one
  person, apart when the words are the same.

Its top ``TERMS`` features make it a unit vector. A story is the sum of its documents' vectors
(its top ``CENTROID`` features kept). A new document joins the story with the highest cosine
similarity, discounted by ``exp(-gap / TAU)`` for the days between its date and the story's
dated range, when that is at least ``THRESHOLD``; otherwise it starts a story of its own, whose
id is its own id. Candidates are only the stories whose top ``KEYS`` features hold one of the
document's top ``LOOKUP`` features (an inverted index: blocking, never all pairs), and, in the
store, whose dates are within ``HORIZON`` days (beyond it the time discount alone keeps any story
under the threshold, so this prunes nothing that could join).

Deterministic for the same input order (documents of one batch are taken by publication date,
then id); a document once placed is never moved, so story ids are stable as articles are added.
Considered: scikit-learn's agglomerative and DBSCAN clustering (batch, quadratic in memory,
ids change when data is added), BERTopic and embedding indexes (models to download, topics
rather than events), datasketch's LSH Forest for the index (an inverted index over a few
salient features is exact and smaller here).

Cost per document: O(TERMS · candidates), with the candidates bounded by the index and the
time horizon; one read of the vocabulary and of the candidate stories per batch.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Document, Mention, Story, Term
from ..store import Store
from . import Changes, linker
from .duplicates import words

ACTOR = 2.0  # an actor feature weighs this many times a word of the same rarity
PLACE = 1.5  # ... and a place (a country or location actor)
TERMS = 60  # features kept per document
CENTROID = 150  # features kept per story
KEYS = 12  # a story's top features, which it is found by
LOOKUP = 12  # a document's top features, which it looks stories up by
THRESHOLD = 0.20  # least discounted similarity for a document to join a story (ECB+ train topics)
TAU = 45.0  # days: the similarity to a story halves every TAU·ln 2 days apart
HORIZON = math.ceil(TAU * math.log(1 / THRESHOLD))  # days beyond which no story can reach THRESHOLD
IDF_POWER = 1.0  # rarer words and names weigh more than plain TF-IDF says
MIN_WORD = 3
DOCUMENTS = ""  # the vocabulary entry that counts documents


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
    start: int | None = None
    end: int | None = None
    first_published: str | None = None
    last_published: str | None = None
    changed: bool = False

    def keys(self) -> list[str]:
        return [f for f, _ in _top(self.centroid, KEYS)]

    def similarity(self, profile: Profile) -> float:
        norm = math.sqrt(sum(w * w for w in self.centroid.values())) or 1.0
        cosine = sum(w * self.centroid.get(f, 0.0) for f, w in profile.features.items()) / norm
        return cosine * math.exp(-self.gap(profile) / TAU)

    def gap(self, profile: Profile) -> float:
        if profile.start is None or self.start is None or profile.end is None or self.end is None:
            return 0.0
        return float(max(0, self.start - profile.end, profile.start - self.end))

    def add(self, profile: Profile) -> None:
        for f, w in profile.features.items():
            self.centroid[f] = self.centroid.get(f, 0.0) + w
        self.centroid = dict(_top(self.centroid, CENTROID))
        self.documents.append(profile.doc_id)
        if profile.start is not None and profile.end is not None:
            self.start = profile.start if self.start is None else min(self.start, profile.start)
            self.end = profile.end if self.end is None else max(self.end, profile.end)
        if profile.published:
            self.first_published = min(filter(None, (self.first_published, profile.published)))
            self.last_published = max(filter(None, (self.last_published, profile.published)))
        self.changed = True


@dataclass
class Clusterer:
    """The online clusterer over an inverted index of story keys; ``assign`` places one document."""

    stories: dict[str, StoryState] = field(default_factory=dict)
    index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    threshold: float = THRESHOLD

    def __post_init__(self) -> None:
        for story in self.stories.values():
            for key in story.keys():
                self.index[key].add(story.id)

    def candidates(self, profile: Profile) -> list[StoryState]:
        keys = [f for f, _ in _top(profile.features, LOOKUP)]
        return [self.stories[s] for s in sorted({s for k in keys for s in self.index.get(k, ())})]

    def assign(self, profile: Profile) -> str:
        best: tuple[float, str] | None = None
        for story in self.candidates(profile):
            score = story.similarity(profile)
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, story.id)
        story = self.stories[best[1]] if best else StoryState(profile.doc_id, {}, [])
        self.stories[story.id] = story
        old = set(story.keys())
        story.add(profile)
        new = set(story.keys())
        for key in old - new:
            self.index[key].discard(story.id)
        for key in new - old:
            self.index[key].add(story.id)
        return story.id


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
    """The raw feature counts of a document: its words (title words twice) and actors."""
    found: Counter[str] = Counter()
    for text, times in ((document.text, 1), (document.title or "", 2)):
        for word, _, _ in words(text):
            if (len(word) >= MIN_WORD or not word.isascii()) and not word.isdigit():
                found[word] += times
    for mention in mentions:
        if mention.actor:
            found[("@" if mention.actor not in places else "@@") + mention.actor] += 1
    return found


def profile(document: Document, found: Counter[str], df: dict[str, int], n_documents: int) -> Profile:
    """A document's unit vector from its feature counts and the document frequencies."""
    weights: dict[str, float] = {}
    for feature, tf in found.items():
        idf = (math.log((n_documents + 1) / (df.get(_vocabulary_key(feature), 0) + 1)) + 1.0) ** IDF_POWER
        boost = PLACE if feature.startswith("@@") else ACTOR if feature.startswith("@") else 1.0
        weights[feature.replace("@@", "@", 1)] = max(weights.get(feature.replace("@@", "@", 1), 0.0),
                                                       (1.0 + math.log(tf)) * idf * boost)
    top = dict(_top(weights, TERMS))
    norm = math.sqrt(sum(w * w for w in top.values())) or 1.0
    start, end = date_range(document.published)
    return Profile(document.id, {f: w / norm for f, w in top.items()}, start, end, document.published)


def _vocabulary_key(feature: str) -> str:
    return feature.replace("@@", "@", 1)


def _top(weights: dict[str, float], n: int) -> list[tuple[str, float]]:
    return sorted(weights.items(), key=lambda fw: (-fw[1], fw[0]))[:n]


def cluster(documents: Sequence[Document], mentions: dict[str, list[Mention]], places: set[str],
            threshold: float = THRESHOLD) -> dict[str, str]:
    """Stories for documents held in memory (the evaluation's path): document id → story id.

    Documents are taken in the given order; document frequencies grow as they are read.
    """
    clusterer = Clusterer(threshold=threshold)
    df: Counter[str] = Counter()
    out = {}
    for i, document in enumerate(documents):
        found = counts(document, mentions.get(document.id, ()), places)
        df.update({_vocabulary_key(f) for f in found})
        out[document.id] = clusterer.assign(profile(document, found, df, i + 1))
    return out


# -- the linker over the store ------------------------------------------------------------


@linker("stories")
def link_stories(store: Store, changes: Changes) -> None:
    """Place new documents in stories; write the stories they changed and ``documents.story``.

    Cost: per batch, one read of the vocabulary of its words and of the candidate stories
    (those sharing a key feature within ``HORIZON`` days), and O(TERMS · candidates) per document.
    """
    if changes.everything:
        store.replace_where("stories", "id", store.distinct("stories", "id"), [])
        store.replace_where("vocabulary", "term", store.distinct("vocabulary", "term"), [])
        ids = store.arrival_order()
    else:
        ids = store.arrival_order(changes.documents)
    for start in range(0, len(ids), 1000):
        chunk = store.records_where("documents", "id", ids[start:start + 1000])
        chunk.sort(key=lambda d: (d.published or "9999", d.id))
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
    df = {t.term: t.n_documents for t in store.records_where("vocabulary", "term", terms)}
    n_documents = df.get(DOCUMENTS, 0)
    profiles = []
    for document in documents:
        n_documents += 1
        for feature in {_vocabulary_key(f) for f in found[document.id]}:
            df[feature] = df.get(feature, 0) + 1
        profiles.append(profile(document, found[document.id], df, n_documents))
    df[DOCUMENTS] = n_documents
    clusterer = Clusterer(stories=_candidates(store, profiles))
    assigned = {p.doc_id: clusterer.assign(p) for p in profiles}
    changed = [s for s in clusterer.stories.values() if s.changed]
    names = {a.id: a.name for a in store.records_where("actors", "id", {f[1:] for s in changed for f in s.centroid if f[0] == "@"})}
    store.write_records([Term(t, n) for t, n in df.items() if t in terms])
    store.write_records([as_record(s, names) for s in changed])
    store.set_column("documents", "story", assigned)
    return {s.id for s in changed}


def _candidates(store: Store, profiles: list[Profile]) -> dict[str, StoryState]:
    keys = sorted({f for p in profiles for f, _ in _top(p.features, LOOKUP)})
    days = [d for p in profiles for d in (p.start, p.end) if d is not None]
    since = dt.date.fromordinal(min(days) - HORIZON).isoformat() if days else None
    until = dt.date.fromordinal(max(days) + HORIZON).isoformat() if days else None
    stories = store.stories_sharing(keys, KEYS, since, until)
    return {s.id: from_record(s) for s in stories}


def from_record(story: Story) -> StoryState:
    start = date_range(story.first_published)[0]
    end = date_range(story.last_published)[1]
    return StoryState(story.id, dict(zip(story.features, story.weights)), list(story.documents), start, end,
                      story.first_published, story.last_published)


def as_record(story: StoryState, names: dict[str, str]) -> Story:
    ranked = _top(story.centroid, CENTROID)
    actors = [f[1:] for f, _ in ranked if f.startswith("@")][:5]
    terms = [f for f, _ in ranked if not f.startswith("@")][:8]
    label = ", ".join([names.get(a, a) for a in actors[:3]] + terms[:3 if actors else 5])
    return Story(story.id, label, tuple(story.documents), story.first_published, story.last_published, tuple(actors),
                 tuple(terms), len(story.documents), tuple(f for f, _ in ranked), tuple(w for _, w in ranked))


def stories_of(store: Store, doc_ids: Iterable[str]) -> dict[str, str | None]:
    """The story of each document."""
    return {d.id: d.story for d in store.records_where("documents", "id", set(doc_ids))}
