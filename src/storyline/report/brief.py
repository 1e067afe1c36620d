"""The briefing: a short, structured account of one story, every sentence cited to a document span.

Sections: what happened (key events in date order), the figures (a disputed
or evolving figure as its values side by side: "12,000 (Main Directorate of
Intelligence of Ukraine, 24 Oct 2024) · over 10,000 (Vedant Patel, 12 Nov
2024) · up to 100,000 possible (Volodymyr Zelensky, 19 Nov 2024)"), who said
what (direct quotations of named speakers), and what is unconfirmed (events
reported as possible). Generated from the stored records with fixed phrases
(``data/lexicons/report_phrases.yaml``), not by a language model.

Every part of a sentence cites the sentence of an article it comes from, and
passes the citation check (``report.cite``) against that span: the span names
the actors and contains the numbers the part states, and does not depend on
text before it. Where one report fails, another report of the same event or
value is tried; when none passes, the part is withheld and listed with the
reasons, never shown unsupported.

Refused: merging what the records keep apart. Events are grouped for the
briefing by type, actor and recipient (and event cluster once linked);
figure values are the figure's own.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..lexicon import lexicon
from ..model import RECORDS, Claim, Document, Event, Figure, Quote
from ..store import Store
from .cite import Citation, NameIndex, check, format_date
from .ledger import format_value
from .timeline import FIRM, Names, event_phrase, n_origins, value_key

ALL = "all"  # the story of every document, while documents are not linked into stories
MAX_EVENTS = 8
MAX_FIGURES = 5
MAX_QUOTES = 5
MAX_UNCONFIRMED = 4
MAX_CITATIONS = 3


@dataclass(frozen=True)
class Part:
    """A stretch of a sentence and the span that supports it (none for a figure's label)."""

    text: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """Parts joined by ``separator`` (" · " between a figure's values), after a label part without citations."""

    section: str
    parts: tuple[Part, ...]
    separator: str = " "

    @property
    def text(self) -> str:
        label = [p.text for p in self.parts if not p.citations]
        return " ".join(label + [self.separator.join(p.text for p in self.parts if p.citations)])

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(dict.fromkeys(c for p in self.parts for c in p.citations))


@dataclass(frozen=True)
class Withheld:
    section: str
    text: str
    citations: tuple[Citation, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class StoryRef:
    id: str
    label: str
    documents: tuple[str, ...]
    first_published: str | None
    last_published: str | None


@dataclass
class Briefing:
    story: StoryRef
    sentences: list[Sentence] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    other_stories: list[StoryRef] = field(default_factory=list)

    def numbered(self) -> dict[Citation, int]:
        """Citation numbers in order of first appearance."""
        numbers: dict[Citation, int] = {}
        for sentence in self.sentences:
            for citation in sentence.citations:
                numbers.setdefault(citation, len(numbers) + 1)
        return numbers


# -- stories -------------------------------------------------------------------------------------


def stories(store: Store) -> list[StoryRef]:
    """The stories, largest first: the ``stories`` records once linking makes them, else one story of everything."""
    documents = list(store.iter_records("documents"))
    if "stories" in RECORDS:
        found = [StoryRef(s["id"], s.get("label") or s["id"], tuple(s["documents"]), s.get("first_published"),
                          s.get("last_published")) for s in store.iter_records("stories")]
        if found:
            return sorted(found, key=lambda s: (-len(s.documents), s.id))
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for document in documents:
        groups[document.get("story") or ALL].append(document)
    if set(groups) != {ALL}:
        groups = {k: v for k, v in groups.items() if k != ALL} | ({"unlinked": groups[ALL]} if ALL in groups else {})
    refs = []
    for story_id, members in groups.items():
        dates = sorted(d["published"] for d in members if d["published"])
        label = _top_actors(store) if story_id == ALL else (members[0].get("title") or story_id)
        refs.append(StoryRef(story_id, label, tuple(d["id"] for d in members), dates[0] if dates else None,
                             dates[-1] if dates else None))
    return sorted(refs, key=lambda s: (-len(s.documents), s.id))


def _top_actors(store: Store, n: int = 3) -> str:
    """A label for the story of everything: the actors most documents mention."""
    names = []
    for actor in store.iter_records("actors"):  # in order of mentions
        if actor["type"] in ("country", "person", "organization", "group"):
            names.append(actor["name"])
        if len(names) == n:
            break
    return Names({})("+".join(names)) if names else "Every document"


def pick_story(all_stories: Sequence[StoryRef], story_id: str | None) -> StoryRef:
    if not all_stories:
        raise UsageError("the store has no documents yet; add some with 'storyline add PATH'")
    if story_id is None:
        return all_stories[0]
    for story in all_stories:
        if story.id == story_id:
            return story
    raise UsageError(f"no story {story_id!r}; stories: {', '.join(s.id for s in all_stories[:20])}")


# -- building ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Material:
    """The records of one story."""

    documents: dict[str, Document]
    events: list[Event]
    claims: list[Claim]
    figures: list[Figure]
    quotes: list[Quote]
    actors: list[dict[str, Any]]


def load_material(store: Store, story: StoryRef) -> Material:
    doc_ids = list(story.documents)
    documents = {d.id: d for d in _where(store, "documents", "id", doc_ids)}
    events = _where(store, "events", "doc_id", doc_ids)
    claims = _where(store, "claims", "doc_id", doc_ids)
    figures = _where(store, "figures", "id", sorted({c.figure for c in claims if c.figure}))
    quotes = _where(store, "quotes", "doc_id", doc_ids)
    ids = {m for e in events for f in (e.actor, e.recipient, e.claimed_by) if f for m in f.split("+")}
    ids |= {a for c in claims for a in (c.claimed_by, *c.about) if a} | {q.speaker for q in quotes if q.speaker}
    actors = [a for a in store.iter_records("actors") if a["id"] in ids] if ids else []
    return Material(documents, events, claims, figures, quotes, actors)


def _where(store: Store, kind: str, column: str, values: Sequence[str]) -> list[Any]:
    found: list[Any] = []
    for start in range(0, len(values), 1000):
        found += store.records_where(kind, column, values[start:start + 1000])
    return found


def build_briefing(store: Store, story_id: str | None = None) -> Briefing:
    """The briefing of ``story_id`` (the largest story when None)."""
    all_stories = stories(store)
    story = pick_story(all_stories, story_id)
    briefing = brief_from(load_material(store, story), story)
    briefing.other_stories = [s for s in all_stories if s.id != story.id]
    return briefing


def brief_from(material: Material, story: StoryRef) -> Briefing:
    """The briefing of the records in ``material``: every part checked against its span."""
    writer = _Writer(material)
    briefing = Briefing(story, documents=material.documents)
    for section, candidates in (("happened", writer.happened()), ("figures", writer.figures()),
                                ("said", writer.said()), ("unconfirmed", writer.unconfirmed())):
        separator = " · " if section == "figures" else " "
        for candidate in candidates:
            result = writer.settle(section, candidate, separator)
            if isinstance(result, Sentence):
                briefing.sentences.append(result)
            briefing.withheld.extend(writer.dropped)
            writer.dropped = []
    happened = [s for s in briefing.sentences if s.section == "happened"]
    happened.sort(key=lambda s: writer.dates.get(s.parts[0].text, "9999"))
    briefing.sentences = happened + [s for s in briefing.sentences if s.section != "happened"]
    return briefing


# A candidate part: alternative wordings, each with the span it would cite, best first. An empty list
# is a figure's label, checked against the spans its values cite.
Option = tuple[str, Citation]
Candidate = list[Option] | str


class _Writer:
    def __init__(self, material: Material):
        self.m = material
        self.names = Names({a["id"]: a["name"] for a in material.actors})
        self.index = NameIndex(material.actors)
        self.dropped: list[Withheld] = []
        self.dates: dict[str, str] = {}  # an event sentence's words → its date, to order what happened

    # -- checking

    def span(self, citation: Citation) -> str:
        document = self.m.documents.get(citation.doc_id)
        return document.text[citation.start:citation.end] if document else ""

    def check(self, text: str, citation: Citation) -> tuple[str, ...]:
        document = self.m.documents.get(citation.doc_id)
        return check(text, self.span(citation), self.index, document.source if document else None)

    def supported(self, options: Sequence[Option]) -> Part | Withheld:
        """The first option whose span passes, with the spans of other documents that support the same words."""
        chosen: str | None = None
        good: list[Citation] = []
        first_failure: tuple[str, Citation, tuple[str, ...]] | None = None
        for text, citation in dict.fromkeys(options):
            if chosen is not None and (text != chosen or citation.doc_id in {c.doc_id for c in good}):
                continue
            failed = self.check(text, citation)
            if failed:
                first_failure = first_failure or (text, citation, failed)
                continue
            chosen = text
            good.append(citation)
            if len(good) == MAX_CITATIONS:
                break
        if chosen is not None:
            return Part(chosen, tuple(good))
        text, citation, reasons = first_failure or (options[0][0], options[0][1], ("no span to cite",))
        return Withheld("", text, (citation,), reasons)

    def settle(self, section: str, parts: Sequence[Candidate], separator: str = " ") -> Sentence | None:
        """The sentence of the parts that pass; a part that fails is listed as withheld."""
        kept: list[Part] = []
        label = next((p for p in parts if isinstance(p, str)), None)
        for candidate in parts:
            if isinstance(candidate, str) or not candidate:
                continue
            result = self.supported(candidate)
            if isinstance(result, Part):
                kept.append(result)
            else:
                self.dropped.append(Withheld(section, result.text, result.citations, result.reasons))
        if not kept:
            return None
        if label is not None:
            cited = [c for p in kept for c in p.citations]
            passes = any(not self.check(label, c) for c in cited)
            kept.insert(0, Part(label if passes else label.split(" — ")[-1].capitalize()))
        return Sentence(section, tuple(kept), separator)

    # -- what happened

    def happened(self) -> list[list[Candidate]]:
        groups = self._event_groups([e for e in self.m.events if e.factuality in FIRM])
        ranked = sorted(groups, key=self._event_rank)[:MAX_EVENTS]
        ranked.sort(key=lambda g: (_date_of(g) or "9999", self._event_rank(g)))
        return [[self._event_options(g)] for g in ranked]

    def _event_groups(self, events: Iterable[Event]) -> list[list[Event]]:
        groups: dict[Any, list[Event]] = defaultdict(list)
        known = lexicon("report_phrases")["events"]
        for event in events:
            if event.type in known and event.recipient != event.actor and not _headline(event.sentence):
                groups[event.cluster or (event.type, event.actor, event.recipient)].append(event)
        return list(groups.values())

    def _event_rank(self, group: list[Event]) -> tuple[Any, ...]:
        docs = {e.doc_id for e in group}
        dated = any(e.date_basis == "expression" for e in group)
        return (-n_origins(docs, self.m.documents), -len(group), not dated, group[0].recipient is None,
                group[0].type, group[0].actor)

    def _event_options(self, group: list[Event], possible: bool = False) -> list[Option]:
        """Each report of the event in its own words (its date, who it is attributed to), best first."""
        ordered = sorted(group, key=lambda e: (e.date_basis != "expression", self._published(e.doc_id), e.doc_id, e.start))
        return [(self._possible_text(e) if possible else self._event_text(e), self._sentence_citation(e.doc_id, e.sentence, e.start, e.end))
                for e in ordered]

    def _event_text(self, event: Event) -> str:
        text = f"{self.names(event.actor)} {event_phrase(event.type, event.recipient, self.names)}"
        if event.factuality == "reported" and event.claimed_by and event.claimed_by != event.actor:
            text += f", according to {self.names(event.claimed_by)}"
        date = format_date(event.date)
        if event.date:
            self.dates[f"{date}: {text}." if not date.startswith("in ") else f"{date.capitalize()}, {text}."] = event.date
        if not date:
            return f"{text}."
        return f"{date.capitalize()}, {text}." if date.startswith("in ") else f"{date}: {text}."

    def _possible_text(self, event: Event) -> str:
        when = format_date(event.date)
        return (f"Possible, according to {self.names(event.claimed_by)}{' (' + when + ')' if when else ''}: "
                f"{self.names(event.actor)} {event_phrase(event.type, event.recipient, self.names)}.")

    # -- figures

    def figures(self) -> list[list[Candidate]]:
        claims_of: dict[str, list[Claim]] = defaultdict(list)
        for claim in self.m.claims:
            claims_of[claim.figure or ""].append(claim)
        shown = [f for f in self.m.figures if len({value_key(c) for c in claims_of[f.id]}) >= 2 or f.status in ("disputed", "evolving")]
        shown.sort(key=lambda f: (-len(claims_of[f.id]), f.id))
        return [self._figure_parts(f, claims_of[f.id]) for f in shown[:MAX_FIGURES]]

    def _figure_parts(self, figure: Figure, claims: list[Claim]) -> list[Candidate]:
        words = lexicon("report_phrases")["status"].get(figure.status, figure.status)
        parts: list[Candidate] = [f"{figure.label} — {words}:"]
        values: dict[tuple[Any, ...], list[Claim]] = defaultdict(list)
        for claim in claims:
            values[value_key(claim)].append(claim)
        ordered = sorted(values.values(), key=lambda cs: (min((c.stated_on or "9999") for c in cs), cs[0].low))
        for members in ordered:
            text = self._value_text(members)
            parts.append([(text, citation) for citation in self._claim_citations(members)])
        return parts

    def _value_text(self, claims: list[Claim]) -> str:
        claim = claims[0]
        value = format_value({"low": claim.low, "high": claim.high, "qualifier": claim.qualifier}, claim.unit)
        hedge = "" if claim.modality in FIRM else f" {claim.modality}"
        who = self.names(claim.claimed_by) or claim.reported_by or "unattributed"
        when = format_date(min((c.stated_on for c in claims if c.stated_on), default=None))
        return f"{value}{hedge} ({who}{', ' + when if when else ''})"

    def _claim_citations(self, claims: list[Claim]) -> list[Citation]:
        ordered = sorted(claims, key=lambda c: (self._published(c.doc_id), c.doc_id, c.start))
        return [self._with_source(c, self._sentence_citation(c.doc_id, c.sentence, c.start, c.end)) for c in ordered]

    def _with_source(self, claim: Claim, citation: Citation) -> Citation:
        """The claim's sentence, reaching back to its source when a report in the sentences just before
        attributes it ("Ukrainian intelligence reported … . There are approximately 12 000 …")."""
        document = self.m.documents.get(claim.doc_id)
        if claim.claimed_by is None or document is None:
            return citation
        sources = [q.speaker_start for q in self.m.quotes if q.doc_id == claim.doc_id and q.speaker == claim.claimed_by
                   and 0 < citation.start - q.speaker_start <= MAX_REACH
                   and "\n\n" not in document.text[q.speaker_start:citation.start]]
        return Citation(claim.doc_id, max(sources), citation.end) if sources else citation

    # -- who said what

    def said(self) -> list[list[Candidate]]:
        by_speaker: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.m.quotes:
            if quote.speaker and quote.kind in ("direct", "indirect") and self._whole(quote):
                by_speaker[quote.speaker].append(quote)
        speakers = sorted(by_speaker, key=lambda s: (-len(by_speaker[s]), s))[:MAX_QUOTES]
        out: list[list[Candidate]] = []
        for speaker in speakers:
            quotes = sorted(by_speaker[speaker], key=lambda q: (q.kind != "direct", self._published(q.doc_id), q.doc_id, q.start))
            options = [(self._quote_text(q), c) for q in quotes if (c := self._quote_citation(q)) is not None]
            if options:
                out.append([options])
        return out

    def _said(self, quote: Quote) -> str:
        said = " ".join(self.m.documents[quote.doc_id].text[quote.start:quote.end].split()).strip(" “”\"‘’,")
        return said[5:] if quote.kind == "indirect" and said.startswith("that ") else said

    def _whole(self, quote: Quote) -> bool:
        """What was said reads on its own: eight words or more, starting as a sentence does."""
        said = self._said(quote)
        return 8 <= len(said.split()) <= 60 and said[:1].isupper()

    def _quote_text(self, quote: Quote) -> str:
        when = format_date(quote.stated_on or self.m.documents[quote.doc_id].published)
        said = self._said(quote)
        if quote.kind == "direct":
            return f"{self.names(quote.speaker)}{' (' + when + ')' if when else ''}: “{said}”"
        on = f" on {when}" if when and not when.startswith("in ") else (f" {when}" if when else "")
        return f"{self.names(quote.speaker)} said{on} that {said.rstrip('.')}."

    def _quote_citation(self, quote: Quote) -> Citation | None:
        start, end = min(quote.start, quote.speaker_start), max(quote.end, quote.speaker_end)
        if end - start > (quote.end - quote.start) + 200:
            return None  # the speaker is named far from the words: the span would not read as one
        return Citation(quote.doc_id, start, end)

    # -- unconfirmed

    def unconfirmed(self) -> list[list[Candidate]]:
        groups = self._event_groups([e for e in self.m.events if e.factuality == "possible" and e.claimed_by])
        groups.sort(key=self._event_rank)
        return [[self._event_options(g, possible=True)] for g in groups[:MAX_UNCONFIRMED]]

    # -- spans

    def _published(self, doc_id: str) -> str:
        document = self.m.documents.get(doc_id)
        return (document.published if document else None) or "9999"

    def _sentence_citation(self, doc_id: str, sentence: str, start: int, end: int) -> Citation:
        document = self.m.documents.get(doc_id)
        found = sentence_span(document.text, sentence, start, end) if document else None
        return Citation(doc_id, *(found or (start, end)))


MAX_REACH = 600  # characters a citation may reach back to name a claim's source


def sentence_span(text: str, sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The offsets of ``sentence`` (as stored on a record) around the record's span in ``text``."""
    wanted = sentence.strip()
    if not wanted:
        return None
    at = text.find(wanted, max(0, start - len(wanted)))
    while at != -1 and at <= start:
        if at + len(wanted) >= end:
            return at, at + len(wanted)
        at = text.find(wanted, at + 1)
    return None


def _headline(sentence: str) -> bool:
    """A line with no sentence-final punctuation (a headline or a caption repeats the body)."""
    return not sentence.strip().rstrip("”’\"')").endswith((".", "!", "?", "…"))


def _date_of(group: list[Event]) -> str | None:
    counts = Counter(e.date for e in group if e.date)
    return min(counts, key=lambda d: (-len(d), -counts[d], d)) if counts else None


def _representative(group: list[Event]) -> Event:
    return min(group, key=lambda e: (e.date_basis != "expression", e.doc_id, e.start))


# -- rendering -----------------------------------------------------------------------------------

SECTIONS = {"happened": "What happened", "figures": "The figures", "said": "Who said what", "unconfirmed": "Unconfirmed"}


def briefing_json(briefing: Briefing) -> dict[str, Any]:
    """The briefing as CONTRACT.md's JSON: ``sentences`` with ``text`` and ``citations``, plus ``withheld``."""
    numbers = briefing.numbered()

    def cite(c: Citation) -> dict[str, Any]:
        return {"doc_id": c.doc_id, "start": c.start, "end": c.end, "n": numbers.get(c)}

    story = briefing.story
    return {
        "story": {"id": story.id, "label": story.label, "n_documents": len(story.documents),
                  "first_published": story.first_published, "last_published": story.last_published},
        "sentences": [{"section": s.section, "text": s.text, "citations": [cite(c) for c in s.citations], "separator": s.separator,
                       "parts": [{"text": p.text, "citations": [cite(c) for c in p.citations]} for p in s.parts]}
                      for s in briefing.sentences],
        "withheld": [{"section": w.section, "text": w.text, "reasons": list(w.reasons),
                      "citations": [{"doc_id": c.doc_id, "start": c.start, "end": c.end} for c in w.citations]}
                     for w in briefing.withheld],
        "sources": [{"n": n, "doc_id": c.doc_id, "start": c.start, "end": c.end, "title": _doc(briefing, c.doc_id).get("title"),
                     "source": _doc(briefing, c.doc_id).get("source"), "published": _doc(briefing, c.doc_id).get("published"),
                     "quote": _excerpt(briefing, c)} for c, n in numbers.items()],
        "other_stories": [{"id": s.id, "label": s.label, "n_documents": len(s.documents)} for s in briefing.other_stories],
    }


def _doc(briefing: Briefing, doc_id: str) -> dict[str, Any]:
    document = briefing.documents.get(doc_id)
    return {"title": document.title, "source": document.source, "published": document.published} if document else {}


def _excerpt(briefing: Briefing, citation: Citation) -> str:
    document = briefing.documents.get(citation.doc_id)
    return " ".join(document.text[citation.start:citation.end].split()) if document else ""


def briefing_markdown(briefing: Briefing) -> str:
    data = briefing_json(briefing)
    story = data["story"]
    lines = [f"# Briefing: {story['label']}", "",
             f"{story['n_documents']} documents, {story['first_published'] or 'undated'} – {story['last_published'] or 'undated'}"]
    for section, title in SECTIONS.items():
        sentences = [s for s in data["sentences"] if s["section"] == section]
        if sentences:
            lines += ["", f"## {title}", ""]
            lines += ["- " + _joined(s, lambda p: p["text"] + "".join(f" [{c['n']}]" for c in p["citations"]))
                      for s in sentences]
    lines += ["", "## Sources", ""]
    for source in data["sources"]:
        where = ", ".join(x for x in (source["source"], source["published"]) if x)
        lines.append(f"[{source['n']}] {source['title'] or source['doc_id']}{' (' + where + ')' if where else ''}, "
                     f"document {source['doc_id']} characters {source['start']}–{source['end']}: “{source['quote']}”")
    if data["withheld"]:
        lines += ["", "## Withheld (failed the citation check)", ""]
        lines += [f"- {w['text']} — {'; '.join(w['reasons'])}" for w in data["withheld"]]
    return "\n".join(lines) + "\n"


def _joined(sentence: dict[str, Any], show: Any) -> str:
    """A sentence's label, then its cited parts joined by its separator."""
    label = [show(p) for p in sentence["parts"] if not p["citations"]]
    return " ".join(label + [sentence["separator"].join(show(p) for p in sentence["parts"] if p["citations"])])


def briefing_html(briefing: Briefing) -> str:
    """A self-contained HTML page (no scripts); every piece of text escaped."""
    data = briefing_json(briefing)
    e = html.escape
    out = ["<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>Briefing: {e(data['story']['label'])}</title></head><body>",
           f"<h1>Briefing: {e(data['story']['label'])}</h1>"]
    for section, title in SECTIONS.items():
        sentences = [s for s in data["sentences"] if s["section"] == section]
        if sentences:
            out.append(f"<h2>{e(title)}</h2><ul>")
            for s in sentences:
                body = _joined(s, lambda p: e(p["text"]) + "".join(f' <a href="#source-{c["n"]}">[{c["n"]}]</a>'
                                                                       for c in p["citations"]))
                out.append(f"<li>{body}</li>")
            out.append("</ul>")
    out.append("<h2>Sources</h2><ol>")
    for source in data["sources"]:
        out.append(f'<li id="source-{source["n"]}">{e(source["title"] or source["doc_id"])} '
                   f'({e(source["source"] or "")} {e(source["published"] or "")}): “{e(source["quote"])}”</li>')
    out.append("</ol>")
    if data["withheld"]:
        out.append("<h2>Withheld (failed the citation check)</h2><ul>")
        out += [f"<li>{e(w['text'])} — {e('; '.join(w['reasons']))}</li>" for w in data["withheld"]]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render(briefing: Briefing, fmt: str) -> str:
    import json

    if fmt == "json":
        return json.dumps(briefing_json(briefing), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return briefing_markdown(briefing)
    if fmt == "html":
        return briefing_html(briefing)
    raise UsageError(f"unknown briefing format {fmt!r}; choose md, html or json")


__all__ = ["Briefing", "Citation", "Sentence", "Withheld", "brief_from", "build_briefing", "render", "stories"]
