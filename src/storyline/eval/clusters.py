"""Scoring story clustering and event coreference on ECB+ (``storyline eval clusters DIR``).

``DIR`` is the ECB+ folder (``<topic>/<n>ecb.xml``, ``<n>ecbplus.xml``), its parent, or one topic
folder (a folder of links to topic folders works too); every topic found is scored. Texts and
token offsets come from ``sources.load``; the validated sentences from
``ECBplus_coreference_sentences.csv`` beside the ECB+ folder. Each document is analysed as
``storyline add`` analyses it (actors, time expressions), with its date as ``published``.

(a) **Documents.** The story clusterer (``link.stories``) over every document, in order of date
(undated last), then name. Gold: sub-topics — the ``ecb`` and ``ecbplus`` halves of a topic are
different real events — and topics. ``doc_bcubed_p/r/f1``, ``doc_pairwise_f1`` at sub-topic level;
``doc_topic_bcubed_f1``, ``doc_topic_pairwise_f1`` at topic level.

(b) **Event coreference with gold mentions.** Every ``ACTION_*`` and ``NEG_ACTION_*`` mention in a
validated sentence; gold clusters are the ``CROSS_DOC_COREF`` instances, then ``INTRA_DOC_COREF``
chains, else singletons. Each mention becomes a ``link.events.Mention``: the lemma of its head word,
the actors of its sentence (participants), their places, the time expressions of its sentence
(else the document's date) and the content lemmas of its sentence; ``link.events.Coreference``
clusters them. Two settings: **within gold topics** (mentions of one topic only, the stories of (a)
cut at topic borders telling its events apart — what published systems report) as
``event_*``, and **over all documents** with the story clusters of (a) as the only blocking, as
``all_event_*``. Metrics as the CoNLL-2012 scorer defines them, over all mentions at once: MUC
(Vilain et al. 1995), B³ (Bagga & Baldwin 1998), CEAF-e (Luo 2005, entity similarity φ4) and
their mean, CoNLL F1.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..link.events import Coreference, Mention
from ..link.stories import cluster as cluster_stories
from ..link.stories import date_range
from ..model import Document
from .sources import SourceDoc, load

DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
PLACES = ("country", "location")
CONTENT = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}

_MARKABLE = re.compile(r'<((?:NEG_)?ACTION_\w+) m_id="(\d+)"\s*>(.*?)</\1>', re.S)
_RELATION = re.compile(r'<(CROSS_DOC_COREF|INTRA_DOC_COREF) r_id="(\d+)"(?: note="([^"]*)")?\s*>(.*?)</\1>', re.S)


@dataclass(frozen=True)
class GoldMention:
    """An ECB+ action mention: its document, character span, sentence and gold cluster."""

    id: str
    ref: str
    topic: int
    start: int
    end: int
    sentence: int
    gold: str
    negated: bool = False


# -- reading ECB+ ------------------------------------------------------------------------


def topic_folders(path: Path) -> list[Path]:
    """The topic folders under ``path`` (the ECB+ folder, its parent, or a topic folder)."""
    path = Path(path)
    for base in (path / "ECB+", path):
        folders = sorted((p for p in base.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)) \
            if base.is_dir() else []
        if folders:
            return folders
    if path.is_dir() and path.name.isdigit() and any(path.glob("*.xml")):
        return [path]
    raise InputError(f"{path}: no ECB+ topic folders (<topic>/<n>ecb.xml) found")


def validated_sentences(folder: Path) -> set[tuple[str, str, int]]:
    """(topic, file stem, sentence) of every validated sentence, from the CSV beside the ECB+ folder."""
    real = folder.resolve()
    for base in (real.parent.parent, real.parent):
        csv_path = base / "ECBplus_coreference_sentences.csv"
        if csv_path.is_file():
            with csv_path.open(encoding="utf-8") as handle:
                return {(r["Topic"], r["File"], int(r["Sentence Number"])) for r in csv.DictReader(handle)}
    raise InputError(f"ECBplus_coreference_sentences.csv not found beside {real.parent}")


def _root(folder: Path) -> Path:
    """The evaluation data root (``.../eval``) holding ``ecbplus-train-dev/ECB+/<topic>``."""
    return folder.resolve().parents[2]


def gold_mentions(ref: str, raw: str, source: SourceDoc, topic: int, validated: set[tuple[str, str, int]]) -> list[GoldMention]:
    """The action mentions of one file in validated sentences, with their gold clusters."""
    stem = ref.rsplit("/", 1)[-1].removesuffix(".xml").split("_", 1)[1]
    sentence_of = {t: int(s) for t, s in re.findall(r'<token t_id="(\d+)" sentence="(\d+)"', raw)}
    cluster: dict[str, str] = {}
    for kind, r_id, note, body in _RELATION.findall(raw):
        sources = re.findall(r'<source m_id="(\d+)"', body)
        name = note if kind == "CROSS_DOC_COREF" and note else f"{ref}#chain{r_id}"
        for m_id in sources:
            cluster.setdefault(m_id, name)
    out = []
    for kind, m_id, body in _MARKABLE.findall(raw):
        tokens = [t for t in re.findall(r't_id="(\d+)"', body) if t in source.tokens]
        if not tokens:
            continue
        sentence = sentence_of[tokens[0]]
        if (str(topic), stem, sentence) not in validated:
            continue
        start = min(source.tokens[t][0] for t in tokens)
        end = max(source.tokens[t][1] for t in tokens)
        out.append(GoldMention(f"{ref}#{m_id}", ref, topic, start, end, sentence, cluster.get(m_id, f"{ref}#{m_id}"),
                               kind.startswith("NEG_")))
    return out


@dataclass
class Corpus:
    """The ECB+ documents of the chosen topics, analysed, with their gold mentions."""

    sources: dict[str, SourceDoc]
    topics: dict[str, int]
    mentions: list[GoldMention]
    analyses: dict[str, Any]  # ref → annotate.Analysis


def read(path: Path, topics: Iterable[int] | None = None, processes: int = 0) -> Corpus:
    """Read and analyse the ECB+ documents under ``path`` (of ``topics`` only, when given)."""
    folders = [f for f in topic_folders(path) if topics is None or int(f.name) in set(topics)]
    if not folders:
        raise InputError(f"{path}: none of the topics asked for is there")
    validated = validated_sentences(folders[0])
    sources, topic_of, mentions = {}, {}, []
    for folder in folders:
        root = _root(folder)
        for file in sorted(folder.glob("*.xml")):
            ref = f"ecbplus/{folder.name}/{file.name}"
            source = load(ref, root)
            sources[ref], topic_of[ref] = source, int(folder.name)
            mentions += gold_mentions(ref, file.read_text(encoding="utf-8"), source, int(folder.name), validated)
    return Corpus(sources, topic_of, mentions, analyse(sources, processes))


def analyse(sources: Mapping[str, SourceDoc], processes: int = 0) -> dict[str, Any]:
    """The annotate stage over each document, as ``add`` runs it."""
    from ..runner import annotator_for
    from ..settings import Settings

    documents = [_document(ref, s) for ref, s in sources.items()]
    return {a.doc_id: a for a in annotator_for(Settings(processes=processes)).analyse(documents)}


def _document(ref: str, source: SourceDoc) -> Document:
    return Document(ref, source.text, len(source.text), len(source.text), title=source.text.split("\n", 1)[0],
                    published=source.published, published_precision="day" if source.published else None,
                    published_basis="text" if source.published else "none", language="en")


# -- clustering ----------------------------------------------------------------------------


def documents_in_order(corpus: Corpus, refs: Iterable[str] | None = None) -> list[Document]:
    chosen = list(refs) if refs is not None else list(corpus.sources)
    documents = [_document(ref, corpus.sources[ref]) for ref in chosen]
    return sorted(documents, key=lambda d: (d.published or "9999", d.id))


def story_clusters(corpus: Corpus, refs: Iterable[str] | None = None, **options: Any) -> dict[str, str]:
    """Document ref → story id, from the story clusterer over the documents (all, or ``refs``)."""
    mentions: dict[str, list[Any]] = {}
    places: set[str] = set()
    for ref, analysis in corpus.analyses.items():
        mentions[ref] = list(analysis["mentions"])
        places |= {a.id for a in analysis["actors"] if a.type in PLACES}
    return cluster_stories(documents_in_order(corpus, refs), mentions, places, **options)


def event_mentions(corpus: Corpus, blocks: Mapping[str, str]) -> list[Mention]:
    """Each gold mention as coreference sees it, in document then text order; ``blocks`` maps ref → block."""
    from ..annotate.nlp import from_bytes

    by_doc: dict[str, list[GoldMention]] = defaultdict(list)
    for mention in corpus.mentions:
        by_doc[mention.ref].append(mention)
    out = []
    for ref in sorted(by_doc, key=lambda r: (corpus.sources[r].published or "9999", r)):
        analysis = corpus.analyses.get(ref)
        if analysis is None:
            continue
        doc = from_bytes(analysis.parse)
        context = _Context(corpus.sources[ref], analysis)
        for gold in sorted(by_doc[ref], key=lambda m: m.start):
            out.append(context.mention(gold, doc, blocks.get(ref, ref)))
    return out


class _Context:
    """The arguments a sentence offers its event mentions: actors, places, dates."""

    def __init__(self, source: SourceDoc, analysis: Any):
        self.source = source
        self.actors = {a.id: a for a in analysis["actors"]}
        self.mentions = [m for m in analysis["mentions"] if m.actor]
        self.times = [t for t in analysis["times"] if t.type == "DATE" and re.match(r"\d{4}(-\d\d){0,2}$", t.value)]
        self.published = date_range(source.published)

    def mention(self, gold: GoldMention, doc: Any, block: str) -> Mention:
        low, high = self.source.sentences[gold.sentence] if gold.sentence < len(self.source.sentences) else (gold.start, gold.end)
        span = doc.char_span(gold.start, gold.end, alignment_mode="expand")
        head = span.root if span is not None and len(span) else None
        lemma = (head.lemma_ if head is not None else self.source.text[gold.start:gold.end]).lower()
        sentence = doc.char_span(low, high, alignment_mode="expand")
        words = frozenset(t.lemma_.lower() for t in sentence if t.pos_ in CONTENT and not t.is_stop) if sentence else frozenset()
        inside = [m for m in self.mentions if low <= m.start and m.end <= high and not (m.start < gold.end and gold.start < m.end)]
        actors = frozenset(m.actor for m in inside if m.actor and self.actors.get(m.actor) is not None
                           and self.actors[m.actor].type not in PLACES)
        places = frozenset(m.actor for m in inside if m.actor and self.actors.get(m.actor) is not None
                           and self.actors[m.actor].type in PLACES)
        # a sentence's actors and places are not the event's roles: they weigh as context, never as a veto
        context = (words - {lemma}) | {f"@{a}" for a in actors | places}
        return Mention(gold.id, gold.ref, block, "", lemma, words=frozenset(context), negated=gold.negated)


def corefer(mentions: Sequence[Mention], **options: Any) -> dict[str, str]:
    """Mention id → cluster id."""
    coreference = Coreference(**options)
    return {m.id: coreference.add(m) for m in mentions}


# -- metrics ---------------------------------------------------------------------------------


def _clusters(assignment: Mapping[str, str]) -> list[set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for item, cluster in assignment.items():
        groups[cluster].add(item)
    return list(groups.values())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 over the items of ``gold`` (items missing from ``predicted`` are singletons)."""
    predicted = {k: predicted.get(k, f"\0{k}") for k in gold}
    g_members, p_members = defaultdict(set), defaultdict(set)
    for item in gold:
        g_members[gold[item]].add(item)
        p_members[predicted[item]].add(item)
    p = r = 0.0
    for item in gold:
        shared = len(g_members[gold[item]] & p_members[predicted[item]])
        p += shared / len(p_members[predicted[item]])
        r += shared / len(g_members[gold[item]])
    n = len(gold) or 1
    return p / n, r / n, _f1(p / n, r / n)


def muc(gold: Mapping[str, str], predicted: Mapping[str, str]) -> tuple[float, float, float]:
    """MUC: links recovered, counted by how many pieces the other side cuts each cluster into."""
    predicted = {k: predicted.get(k, f"\0{k}") for k in gold}

    def side(key: Mapping[str, str], response: Mapping[str, str]) -> float:
        numerator = denominator = 0
        for members in _clusters(key):
            numerator += len(members) - len({response[m] for m in members})
            denominator += len(members) - 1
        return numerator / denominator if denominator else 0.0

    r, p = side(gold, predicted), side(predicted, gold)
    return p, r, _f1(p, r)


def ceafe(gold: Mapping[str, str], predicted: Mapping[str, str]) -> tuple[float, float, float]:
    """CEAF-e: the best one-to-one alignment of clusters under φ4 = 2|K∩R| / (|K|+|R|)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    predicted = {k: predicted.get(k, f"\0{k}") for k in gold}
    keys, responses = _clusters(gold), _clusters(predicted)
    index = {item: j for j, members in enumerate(responses) for item in members}
    similarity = np.zeros((len(keys), len(responses)))
    for i, members in enumerate(keys):
        for j in {index[m] for m in members}:
            similarity[i, j] = 2 * len(members & responses[j]) / (len(members) + len(responses[j]))
    rows, cols = linear_sum_assignment(-similarity)
    total = float(similarity[rows, cols].sum())
    r, p = total / len(keys) if keys else 0.0, total / len(responses) if responses else 0.0
    return p, r, _f1(p, r)


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the pairs of items put in one cluster."""
    def pairs(assignment: Mapping[str, str]) -> set[tuple[str, str]]:
        return {(a, b) for members in _clusters(assignment) for a in members for b in members if a < b}

    g, p = pairs(gold), pairs({k: predicted.get(k, f"\0{k}") for k in gold})
    precision = len(g & p) / len(p) if p else 0.0
    recall = len(g & p) / len(g) if g else 0.0
    return precision, recall, _f1(precision, recall)


def coreference_scores(gold: Mapping[str, str], predicted: Mapping[str, str], prefix: str = "event") -> dict[str, float]:
    out = {}
    for name, metric in (("muc", muc), ("b3", bcubed), ("ceafe", ceafe)):
        p, r, f = metric(gold, predicted)
        out[f"{prefix}_{name}_p"], out[f"{prefix}_{name}_r"], out[f"{prefix}_{name}_f1"] = p, r, f
    out[f"{prefix}_conll_f1"] = (out[f"{prefix}_muc_f1"] + out[f"{prefix}_b3_f1"] + out[f"{prefix}_ceafe_f1"]) / 3
    return out


# -- the evaluation --------------------------------------------------------------------------


def subtopic(ref: str) -> str:
    topic, name = ref.split("/")[1:3]
    return f"{topic}/{'ecbplus' if name.endswith('ecbplus.xml') else 'ecb'}"


def score(corpus: Corpus, **options: Any) -> dict[str, float]:
    """Every metric on an analysed corpus (see the module docstring)."""
    story_options = {k: v for k, v in options.items() if k in ("batch", "criteria")}
    join = {k: v for k, v in options.items() if k == "join"}
    refs = list(corpus.sources)
    stories = story_clusters(corpus, **story_options)
    gold_sub = {r: subtopic(r) for r in refs}
    gold_topic = {r: str(corpus.topics[r]) for r in refs}
    out: dict[str, float] = {}
    out["doc_bcubed_p"], out["doc_bcubed_r"], out["doc_bcubed_f1"] = bcubed(gold_sub, stories)
    out["doc_pairwise_f1"] = pairwise(gold_sub, stories)[2]
    out["doc_topic_bcubed_f1"] = bcubed(gold_topic, stories)[2]
    out["doc_topic_pairwise_f1"] = pairwise(gold_topic, stories)[2]
    within = {r: f"{corpus.topics[r]}:{stories[r]}" for r in refs}  # the stories, never across a gold topic
    gold = {m.id: m.gold for m in corpus.mentions if m.ref in corpus.analyses}
    out |= coreference_scores(gold, corefer(event_mentions(corpus, within), **join), "event")
    out |= coreference_scores(gold, corefer(event_mentions(corpus, stories), **join), "all_event")
    out["n"] = float(len(gold))
    out["n_documents"] = float(len(refs))
    return out


def evaluate(path: str | Path, topics: Iterable[int] | None = None) -> dict[str, float]:
    """``storyline eval clusters DIR``: read, analyse and score the ECB+ topics under ``path``."""
    return score(read(Path(path), topics))
