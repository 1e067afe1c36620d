"""Event coreference: mentions of one real-world event across articles join one ``events.cluster``.

Two mentions may corefer only when nothing about them disagrees (each test is skipped when
one side does not say):

* **type family** — the same PLOVER type, or types of one family (``event_families.yaml``);
  for mentions without a type, the same trigger lemma or passage;
* **factuality** — a negated mention never joins an asserted one;
* **dates at their precision** — the days each date allows overlap; a date that is only the
  article's publication date allows the ``SLACK`` days before it (news reports what happened
  lately), one said to be when a statement was made allows that day;
* **actors, recipients, places** — as sets of real-world units (a group of countries is its
  members, "the USA-GOV" is the USA): one within the other, or sharing at least half. The G7,
  "the G7 and three allies" and the member list are compatible; the US, Japan and South Korea
  are not the G7.

Among compatible candidates a mention joins the cluster it scores highest with, when the score
reaches ``JOIN``: the same trigger word (an inflection a lemmatiser left, "dies"/"die", or a
compound ending in it, "quake"/"earthquake"), or words of one family of ``event_words.yaml``
(verbs and their nominalisations that name one happening: "killed", "murdered", "the slaying"),
a shared passage (the same quoted sentence), shared arguments and shared context words each add
to it — context words at most half of ``JOIN``, so they rank candidates but never join two
mentions alone (two different events told in one sentence, or in one sentence two reports
share, have the same context); it must be compatible with every member (complete link), so a chain of near-misses never
merges two events. Two reporting verbs (``reporting_verbs.yaml``: "said", "told") are one
statement only when they share a passage or ``REPORTED`` of their sentences' words: many
different statements share the verb. Different events that share words stay apart because a
date, an actor or a place disagrees.

Online and stable: a mention is compared only with the clusters in its block (its document's
story; in the evaluation, a gold topic or a story), joins one or starts its own (whose id is its
own id), and is never moved. Cost per new mention: O(members of the clusters of its block and
type family), bounded by ``MEMBERS`` per cluster.

Considered: the CoNLL-style mention-pair models of the literature (Barhom et al. 2019, Cattan et
al. 2021) need a trained transformer downloaded at run time; the lemma-match baseline they are
measured against (Ahmed et al. 2023) is this method's first feature. WordNet synonyms (nltk, wn)
need their data downloaded, and its synsets do not hold the paraphrases news uses for one event
(kill/murder are hypernym and hyponym, win/lose antonyms): the families are a lexicon instead.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..lexicon import families, words
from ..model import Actor, Document, Event, EventCluster, Fingerprint
from ..events.model import UNNAMED
from ..store import Store
from . import Changes, linker
from .duplicates import count_origins, origins_of
from .stories import date_range

SLACK = 7  # days before publication an event reported by date of publication may have happened
JOIN = 1.0  # least score to join a cluster
LEMMA = 1.0  # same trigger lemma
SYNONYM = 1.0  # trigger words of one family of event_words.yaml
REPORTED = 0.3  # least share of sentence words (Jaccard) for two reporting verbs to be one statement
PASSAGE = 1.0  # a shared passage in their sentences
ARGUMENT = 0.5  # per shared argument role (actor, recipient, place)
WORDS = 0.5  # times the Jaccard similarity of their context words: context alone never joins two mentions
SAME_DOCUMENT = 0.0
MEMBERS = 30  # members of a cluster a new mention is checked against


@dataclass(frozen=True)
class Mention:
    """An event mention as coreference sees it: its type, trigger, arguments, date range and context."""

    id: str
    doc_id: str
    block: str
    family: str
    lemma: str
    actors: frozenset[str] = frozenset()
    recipients: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    start: int | None = None
    end: int | None = None
    keys: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    negated: bool = False


def sets_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """One set of units within the other, or sharing at least half of them; an empty set says nothing."""
    if not a or not b:
        return True
    shared = len(a & b)
    return shared == min(len(a), len(b)) or shared * 2 >= len(a | b)


def compatible(a: Mention, b: Mention) -> bool:
    if a.family != b.family or a.negated != b.negated:
        return False
    if None not in (a.start, a.end, b.start, b.end) and (a.end < b.start or b.end < a.start):  # type: ignore[operator]
        return False
    return sets_compatible(a.actors, b.actors) and sets_compatible(a.recipients, b.recipients) and \
        sets_compatible(a.places, b.places)


_SUFFIXES = ("ing", "es", "ed", "s", "d")  # inflections a lemmatiser may leave on a trigger ("dies", "checks")


def forms(word: str) -> frozenset[str]:
    """A trigger word and its bare forms: the word without an inflectional ending, when three letters remain."""
    out = {word}
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.add(word[: -len(suffix)])
    return frozenset(out)


def same_word(a: str, b: str) -> bool:
    """One lemma, an inflection of the other (die/dies), or a compound ending in it (quake/earthquake)."""
    if not a or not b:
        return False
    if a == b or forms(a) & forms(b):
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.endswith(short) and len(long_) - len(short) <= 5


@cache
def _reporting() -> frozenset[str]:
    return words("reporting_verbs")


@cache
def _word_families() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for name, members in families("event_words").items():
        for word in members:
            out[word].add(name)
    return {w: frozenset(f) for w, f in out.items()}


def word_families(word: str) -> frozenset[str]:
    """The families of ``event_words.yaml`` a trigger word (or its bare form) belongs to."""
    table = _word_families()
    return frozenset(f for form in forms(word) for f in table.get(form, ()))


def same_family(a: str, b: str) -> bool:
    """Two trigger words that may name one happening ("killed" / "the murder", "won" / "the victory")."""
    return bool(word_families(a) & word_families(b))


def score(a: Mention, b: Mention) -> float:
    """How much two compatible mentions share; two reports of statements share nothing unless their content does."""
    shared_words = len(a.words & b.words) / len(a.words | b.words) if a.words and b.words else 0.0
    passage = bool(a.keys & b.keys)
    reporting = _reporting()
    if a.lemma in reporting and b.lemma in reporting and not passage and shared_words < REPORTED:
        return 0.0
    total = LEMMA if same_word(a.lemma, b.lemma) else SYNONYM if same_family(a.lemma, b.lemma) else 0.0
    total += PASSAGE if passage else 0.0
    total += ARGUMENT * sum(bool(x & y) for x, y in ((a.actors, b.actors), (a.recipients, b.recipients), (a.places, b.places)))
    return total + WORDS * shared_words + (SAME_DOCUMENT if a.doc_id == b.doc_id else 0.0)


@dataclass
class Coreference:
    """Clusters of mentions, block by block; ``add`` places one mention."""

    members: dict[str, list[Mention]] = field(default_factory=dict)  # cluster id → mentions
    blocks: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))  # (block, family) → clusters
    join: float = JOIN

    def seed(self, cluster: str, mention: Mention) -> None:
        """A mention already placed (read from the store)."""
        if cluster not in self.members:
            self.members[cluster] = []
            self.blocks[(mention.block, mention.family)].append(cluster)
        self.members[cluster].append(mention)

    def add(self, mention: Mention) -> str:
        best: tuple[float, str] | None = None
        for cluster in self.blocks.get((mention.block, mention.family), ()):
            members = self.members[cluster][:MEMBERS]
            if not all(compatible(mention, m) for m in members):
                continue
            value = max(score(mention, m) for m in members)
            if value >= self.join and (best is None or value > best[0]):
                best = (value, cluster)
        cluster = best[1] if best else mention.id
        self.seed(cluster, mention)
        return cluster


# -- Storyline events as mentions -----------------------------------------------------------


def family_of(kind: str) -> str:
    for name, kinds in families("event_families").items():
        if kind in kinds:
            return name
    return kind


def units(actor_id: str | None, actors: Mapping[str, Actor]) -> frozenset[str]:
    """The real-world units an actor id stands for: a compound's members, a group's member countries,
    a body's country ("USA-GOV-STATE" is the USA); a person or unknown id stands for itself."""
    out: set[str] = set()
    for part in (actor_id or "").split("+"):
        if not part or part == UNNAMED:
            continue  # an unnamed actor says nothing of who acted
        actor = actors.get(part)
        if actor is not None and actor.members:
            out.update(actor.members)
        elif actor is not None and actor.type != "person" and actor.country and len(actor.country) == 3:
            out.add(actor.country)
        else:
            out.add(part)
    return frozenset(out)


def event_dates(event: Event) -> tuple[int | None, int | None]:
    start, end = date_range(event.date)
    if start is not None and event.date_basis == "published":
        start -= SLACK
    return start, end


def lemma_of(event: Event) -> str:
    """The trigger lemma the coder's rule names ("plover_triggers:ACCUSE:condemn" → condemn)."""
    last = event.rule.rsplit(":", 1)[-1]
    return last.split()[0].split("/")[0].split("+")[0]


def as_mention(event: Event, block: str, actors: Mapping[str, Actor], keys: frozenset[str] = frozenset()) -> Mention:
    start, end = event_dates(event)
    place = actors.get(event.location or "")
    places = frozenset({event.location, place.country} - {None}) if place is not None and place.type != "country" else \
        units(event.location, actors)
    return Mention(event.id, event.doc_id, block, family_of(event.type), lemma_of(event), units(event.actor, actors),
                   units(event.recipient, actors), frozenset(p for p in places if p), start, end, keys,
                   frozenset(w for w in event.sentence.casefold().split() if len(w) > 3),
                   event.factuality == "negated")


@linker("events")
def link_events(store: Store, changes: Changes) -> None:
    """Place the events of new documents in cross-document clusters; write the clusters they touch.

    Cost: per batch, one read of the events of the stories the new documents joined, and
    O(MEMBERS) compatibility tests per candidate cluster of each new event.
    """
    if changes.everything:
        store.replace_where("event_clusters", "id", store.distinct("event_clusters", "id"), [])
        ids = store.arrival_order()
    else:
        ids = store.arrival_order(changes.documents)
    for start in range(0, len(ids), 1000):
        changes.events.update(_link_batch(store, ids[start:start + 1000]))


def _link_batch(store: Store, doc_ids: Sequence[str]) -> set[str]:
    documents = {d.id: d for d in store.records_where("documents", "id", doc_ids)}
    new_events = [e for e in store.records_where("events", "doc_id", doc_ids)]
    if not new_events:
        return set()
    stories = {d.story for d in documents.values() if d.story}
    story_docs = {d.id: d.story or d.id for d in store.records_where("documents", "story", stories)} | \
        {d.id: d.story or d.id for d in documents.values()}
    new_ids = {e.id for e in new_events}
    old_events = [e for e in store.records_where("events", "doc_id", set(story_docs) - set(doc_ids))
                  if e.cluster and e.id not in new_ids]
    actors = _actors(store, [*new_events, *old_events])
    keys = _passage_keys(store, new_events, old_events, documents)
    coreference = Coreference()
    for event in old_events:
        block = story_docs.get(event.doc_id, event.doc_id)
        coreference.seed(event.cluster or event.id, as_mention(event, block, actors, keys.get(event.id, frozenset())))
    order = {d: i for i, d in enumerate(doc_ids)}
    assigned = {}
    for event in sorted(new_events, key=lambda e: (order[e.doc_id], e.start, e.id)):
        block = story_docs.get(event.doc_id, event.doc_id)
        assigned[event.id] = coreference.add(as_mention(event, block, actors, keys.get(event.id, frozenset())))
    store.set_column("events", "cluster", assigned)
    touched = set(assigned.values())
    members = store.records_where("events", "cluster", touched)
    origins = origins_of(store, {e.doc_id for e in members})
    store.replace_where("event_clusters", "id", touched, summarise(members, origins))
    return touched


def _passage_keys(store: Store, new: list[Event], old: list[Event], documents: Mapping[str, Document]) -> dict[str, frozenset[str]]:
    """The passage keys inside each event's sentence: those of the new events' sentences, and where the
    same keys are found in the older events' documents (a passage within a sentence's length of the evidence)."""
    spans = {}
    for event in new:
        text = documents[event.doc_id].text
        at = text.find(event.sentence.strip(), max(0, event.start - len(event.sentence)))
        spans[event.id] = (at, at + len(event.sentence)) if at != -1 else (event.start, event.end)
    prints = store.records_where("fingerprints", "doc_id", {e.doc_id for e in new})
    out: dict[str, set[str]] = defaultdict(set)
    by_doc: dict[str, list[Fingerprint]] = defaultdict(list)
    for f in prints:
        if f.kind == "passage":
            by_doc[f.doc_id].append(f)
    for event in new:
        low, high = spans[event.id]
        out[event.id].update(f.key for f in by_doc[event.doc_id] if f.start is not None and low <= f.start and (f.end or 0) <= high)
    wanted = {k for ks in out.values() for k in ks}
    old_by_doc: dict[str, list[Event]] = defaultdict(list)
    for event in old:
        old_by_doc[event.doc_id].append(event)
    for f in store.records_where("fingerprints", "key", wanted):
        for event in old_by_doc.get(f.doc_id, ()):
            reach = len(event.sentence)
            if f.start is not None and event.start - reach <= f.start and (f.end or 0) <= event.end + reach:
                out[event.id].add(f.key)
    return {e: frozenset(k) for e, k in out.items()}


def _actors(store: Store, events: Iterable[Event]) -> dict[str, Actor]:
    ids = {p for e in events for a in (e.actor, e.recipient, e.location) for p in (a or "").split("+") if p}
    actors = {a.id: a for a in store.records_where("actors", "id", ids)}
    members = {m for a in actors.values() for m in a.members}
    return actors | {a.id: a for a in store.records_where("actors", "id", members - set(actors))}


def summarise(events: Iterable[Event], origins: Mapping[str, str]) -> list[EventCluster]:
    """One record per cluster: its first event's type and arguments, its most precise date, its counts."""
    grouped: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.cluster:
            grouped[event.cluster].append(event)
    out = []
    rank = {"day": 0, "month": 1, "year": 2}
    for cluster, members in sorted(grouped.items()):
        first = next((e for e in members if e.id == cluster), members[0])
        dated = sorted((e for e in members if e.date), key=lambda e: (rank.get(e.date_precision or "", 3), e.date or ""))
        docs = sorted({e.doc_id for e in members})
        out.append(EventCluster(cluster, first.type, first.actor, first.recipient, first.location,
                                dated[0].date if dated else None, dated[0].date_precision if dated else None,
                                tuple(sorted(e.id for e in members)), tuple(docs), len(docs), count_origins(docs, origins)))
    return out
