"""Who says what: direct and indirect quotations with their speaker and cue verb.

Method (after textacy's ``direct_quotations`` and the reporting-verb rules of
news attribution studies): a cue verb ("say", "warn", "report", "according
to") with a speaker as its subject attributes its clausal complement, or a
quotation next to it; a quotation with no cue of its own continues the
previous one in the same paragraph; a sentence with no attribution of its own
that follows a reported sentence in the same paragraph keeps that source
(news carries "X said ... . There are 12,000 ..." that way).

Refused: pronoun speakers other than he/she are not resolved; "he"/"she"
take the nearest preceding person only.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from ..model import Mention, Quote, Time

CUES = {
    "say", "tell", "warn", "report", "claim", "confirm", "add", "write", "announce", "state", "note", "insist",
    "vow", "accuse", "deny", "estimate", "believe", "reveal", "inform", "assess", "argue", "explain", "stress",
    "emphasize", "emphasise", "acknowledge", "admit", "suggest", "indicate", "assert", "allege", "declare",
    "predict", "expect", "caution", "tweet", "post", "testify", "conclude", "show", "find", "publish",
}
PRONOUNS = {"i", "we", "he", "she", "they", "it", "you"}
OPEN_QUOTES, CLOSE_QUOTES = "“\"«", "”\"»"


class SentenceIndex:
    """The sentence of a token in O(log n): spaCy's ``Token.sent`` walks the document every call."""

    def __init__(self, doc: Doc):
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def of(self, token: Token) -> Span:
        return self.spans[bisect.bisect_right(self.starts, token.i) - 1]

    def before(self, sentence: Span) -> Span | None:
        index = bisect.bisect_right(self.starts, sentence.start) - 1
        return self.spans[index - 1] if index > 0 else None


def covering(quotes: Iterable[Quote], offset: int) -> list[Quote]:
    """The attributions whose content covers ``offset``, innermost (shortest) first."""
    return sorted((a for a in quotes if a.start <= offset < a.end), key=lambda a: a.end - a.start)


def attribution_at(quotes: list[Quote], doc: Doc, sentences: SentenceIndex, start: int, end: int) -> Quote | None:
    """The attribution that claims the text at ``start:end``: the innermost one with a speaker we can
    name; none when the innermost holders are all unnamed ("the government said" is not the previous
    speaker); else, for a sentence with no attribution of its own, the previous sentence's in the same
    paragraph (news carries "X said ... . There are 12,000 ..." that way)."""
    holding = covering(quotes, start)
    named = [a for a in holding if a.speaker]
    if named:
        return named[0]
    if holding:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    sentence = sentences.of(span[0]) if span is not None and len(span) else None
    previous = sentences.before(sentence) if sentence is not None else None
    if sentence is None or previous is None or not previous.text.strip() or "\n" in doc.text[previous.start_char:sentence.start_char]:
        return None
    inherited = [a for a in quotes if previous.start_char <= a.start < previous.end_char and a.speaker]
    return min(inherited, key=lambda a: a.end - a.start) if inherited else None


def find_quotes(doc: Doc, doc_id: str, mentions: list[Mention], times: list[Time],
                sentences: SentenceIndex | None = None) -> list[Quote]:
    """Attributions in ``doc``, innermost last, each with its speaker resolved to an actor where possible."""
    finder = _Finder(doc, doc_id, mentions, times, sentences or SentenceIndex(doc))
    return finder.run()


class _Finder:
    def __init__(self, doc: Doc, doc_id: str, mentions: list[Mention], times: list[Time], sentences: SentenceIndex):
        self.doc, self.doc_id, self.sentences = doc, doc_id, sentences
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.mentions = [m for m in mentions if m.actor]
        self.times = [t for t in times if t.type in ("DATE", "TIME") and t.value[:1].isdigit()]

    def run(self) -> list[Quote]:
        quotes = [q for verb in self.doc if (q := self._cue(verb)) is not None]
        quotes += [q for token in self.doc if (q := self._according_to(token)) is not None]
        quotes += self._direct(quotes)
        return quotes

    def _cue(self, verb: Token) -> Quote | None:
        if verb.lemma_.lower() not in CUES or verb.pos_ not in ("VERB", "AUX"):
            return None
        speaker = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.dep_ != "nsubjpass"), None)
        content = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis")), None)
        if speaker is None:
            return None
        speaker_span = _subtree(speaker)
        if content is None and verb.dep_ in ("parataxis", "ccomp"):
            span = _clause_without(verb.head, verb)  # "…, US officials say": the cue hangs off the reported clause
        elif content is not None:
            span = _subtree(content)
        elif speaker_span[0] > self.sentences.of(verb).start_char + 20 and not any(
                c.dep_ in ("dobj", "xcomp", "attr", "acomp") for c in verb.children):
            span = (self.sentences.of(verb).start_char, speaker_span[0])  # "…, spokesman Vedant Patel said Nov. 12" (any parse)
        else:
            return None
        return Quote(self.doc_id, span[0], span[1], speaker_span[0], speaker_span[1], self._actor(speaker_span, speaker),
                     verb.lemma_.lower(), "indirect", self._date_near(verb, span))

    def _according_to(self, token: Token) -> Quote | None:
        if token.lower_ != "according":
            return None
        to = next((c for c in token.children if c.lower_ == "to"), None)
        speaker = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if speaker is None:
            return None
        sentence = self.sentences.of(token)
        speaker_span = _subtree(speaker)
        return Quote(self.doc_id, sentence.start_char, sentence.end_char, speaker_span[0], speaker_span[1],
                     self._actor(speaker_span, speaker), "according to", "according_to", None)

    def _direct(self, cues: list[Quote]) -> list[Quote]:
        """Quoted stretches take the speaker of a cue next to them, or continue the previous quotation."""
        out: list[Quote] = []
        previous: Quote | None = None
        for start, end, closed in _quoted_spans(self.text):
            paragraph = self._paragraph(start)
            near = [q for q in cues if q.speaker and paragraph[0] <= q.speaker_start < paragraph[1]
                    and (q.start <= start < q.end or abs(q.speaker_start - end) < 60 or abs(start - q.speaker_end) < 60
                         or not closed and start <= q.speaker_start < end)
                    and (not closed or not start <= q.speaker_start < end)]
            if near:
                cue = min(near, key=lambda q: min(abs(q.speaker_start - end), abs(start - q.speaker_end)))
                end = end if closed else max(start + 1, min(end, cue.speaker_start))
                previous = Quote(self.doc_id, start, end, cue.speaker_start, cue.speaker_end, cue.speaker, cue.cue, "direct", cue.stated_on)
                out.append(previous)
            elif previous is not None and "\n" not in self.text[previous.end:start]:
                previous = Quote(self.doc_id, start, end, previous.speaker_start, previous.speaker_end, previous.speaker,
                                 previous.cue, "continued", previous.stated_on)
                out.append(previous)
        return out

    def _paragraph(self, at: int) -> tuple[int, int]:
        text = self.text
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        return start, len(text) if end == -1 else end

    def _actor(self, span: tuple[int, int], head: Token) -> str | None:
        """The actor a speaker phrase names: a person first, then an organisation, then a country."""
        inside = [m for m in self.mentions if span[0] <= m.start and m.end <= span[1]]
        if not inside and head.lower_ in ("he", "she"):
            before = [m for m in self.mentions if m.end <= head.idx and m.actor and m.actor.startswith("person:")]
            return before[-1].actor if before else None
        if not inside:
            return None
        rank = {"person": 0, "organization": 1, "group": 1}
        def order(m: Mention) -> tuple[int, int]:
            kind = "person" if m.actor and m.actor.startswith("person:") else "group" if m.label in ("GROUP", "SECTOR", "GAZ", "ORG", "ROLE") else "country"
            return rank.get(kind, 2), -(m.end - m.start)
        return min(inside, key=order).actor

    def _date_near(self, verb: Token, content: tuple[int, int]) -> str | None:
        """A date in the cue's own clause, not in what is reported: "On October 24, X reported …"."""
        sentence = self.sentences.of(verb)
        for t in self.times:
            if sentence.start_char <= t.start < sentence.end_char and not (content[0] <= t.start < content[1]):
                return t.value
        return None


def _subtree(token: Token) -> tuple[int, int]:
    tokens = list(token.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _clause_without(head: Token, cue: Token) -> tuple[int, int]:
    tokens = [t for t in head.subtree if t not in set(cue.subtree)]
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) if tokens else _subtree(head)


def _quoted_spans(text: str) -> Iterable[tuple[int, int, bool]]:
    """Quotation spans (start, end, closed); an opening quote never closed runs to the end of its paragraph."""
    i = 0
    while i < len(text):
        if text[i] in OPEN_QUOTES and (text[i] != '"' or i == 0 or not text[i - 1].isalnum()):
            paragraph_end = text.find("\n", i)
            paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
            close = next((j for j in range(i + 1, paragraph_end) if text[j] in CLOSE_QUOTES), None)
            end = close if close is not None else paragraph_end
            if end - i > 3:
                yield i + 1, end, close is not None
            i = end + 1
        else:
            i += 1

