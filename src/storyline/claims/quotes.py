"""Who says, believes or wants what: attributions with their source, cue and content.

Method (after textacy's ``direct_quotations``, the reporting-verb rules of
news attribution studies and PolNeAR's definition of an attribution, which
counts beliefs, intentions and stances as well as speech): a cue verb
(``cue_verbs``: "say", "warn", "believe", "want", "support", ...) or cue
phrase ("called for", ``cue_phrases``) with a source as its subject (or
its passive agent: "was first reported by MSNBC") attributes

* its clausal complement ("said [that the toll rose]");
* for beliefs, intentions and stances also its object or infinitive
  ("wants [to win]", "supports [the deal]", "called for [a ban]");
* the clause it hangs off when it has none ("[…], US officials say");

an "according to" attributes the sentence it governs; a quotation takes the
source of a cue next to it in the same paragraph, or continues the previous
quotation of the paragraph. A headline "Obama Says Museum Will …" is
attributed to the name before its cue word, whatever the tagger made of the
capitals. The same stretch found both as a quotation and as a reported
clause is one attribution (the quotation).

Sources resolve to actors: a person named in the source phrase first, then
an organisation, then a country; "he"/"she" to the source of the
attribution before it, else the nearest person named before the cue —
never one named inside a quotation. ``stated_on`` is a date in the cue's own
clause ("On October 24, X reported …"), else the publication date, and
``stated_on_basis`` says which.

Refused: pronoun sources other than he/she are not resolved; a cue with no
subject attributes nothing.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .tables import families, words
from ..model import Mention, Quote, Time
from ..text.docs import doc_text

WIDE_CUES = ("belief", "intention", "stance")  # families whose object or infinitive is content


class SentenceIndex:
    """The sentence of a token in O(log n): spaCy's ``Token.sent`` walks the document every call."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    @functools.cached_property
    def text(self) -> str:
        return doc_text(self.doc)

    def of(self, token: Token) -> Span:
        return self.spans[bisect.bisect_right(self.starts, token.i) - 1]

    def before(self, sentence: Span) -> Span | None:
        index = bisect.bisect_right(self.starts, sentence.start) - 1
        return self.spans[index - 1] if index > 0 else None


@functools.cache
def cue_lemmas() -> frozenset[str]:
    """Every cue verb, whatever it attributes."""
    return frozenset(w for group in families("cue_verbs").values() for w in group)


@functools.cache
def stance_cues() -> frozenset[str]:
    """Cues that only take a stance ("rejected", "supports"): they attribute a view, not the numbers in it."""
    table = families("cue_verbs")
    others = {w for name, group in table.items() if name != "stance" for w in group}
    return frozenset(w for w in table["stance"] if w not in others)


@functools.cache
def _wide_cues() -> frozenset[str]:
    table = families("cue_verbs")
    return frozenset(w for name in WIDE_CUES for w in table.get(name, ()))


def covering(quotes: Iterable[Quote], offset: int) -> list[Quote]:
    """The attributions whose content covers ``offset``, innermost (shortest) first."""
    return sorted((a for a in quotes if a.start <= offset < a.end), key=lambda a: a.end - a.start)


def attribution_at(quotes: list[Quote], doc: Doc, sentences: SentenceIndex, start: int, end: int) -> Quote | None:
    """The attribution whose scope covers the text at ``start:end`` — the one mechanism claims and events
    use for who asserts what. The innermost covering attribution that names its source (an unnamed source
    inside a named one, "officials estimated …, according to the Sun-Times", is the named one's report);
    none when every covering one is unnamed ("the government said" is not the previous speaker); text in a
    source phrase ("Dow Jones, which owns 64 million shares, said") is that source's; else the reported
    sentence this one continues ("X reported that … . There are 12,000 …"). A cue that only takes a stance
    ("rejected a $15 offer") attributes a view, not what is in it."""
    stances = stance_cues()
    reports = [a for a in quotes if a.cue not in stances]
    holding = covering(reports, start)
    named = [a for a in holding if a.speaker]
    if named:
        return named[0]
    if holding:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    describing = [a for a in reports if a.speaker and a.speaker_start <= start < a.speaker_end
                  and a.cue in words("report_cues") and any(t.dep_ in ("relcl", "acl") for t in span[-1].ancestors)]
    if describing:
        return min(describing, key=lambda a: a.speaker_end - a.speaker_start)
    return _continued(quotes, doc, sentences, sentences.of(span[0]))


def _continued(quotes: list[Quote], doc: Doc, sentences: SentenceIndex, sentence: Span) -> Quote | None:
    """A sentence with no subject of its own ("there", "they", "it") right after a reported one, in the same
    paragraph, continues the report."""
    previous = sentences.before(sentence)
    if previous is None or not previous.text.strip() or "\n" in sentences.text[previous.start_char:sentence.start_char] \
            or not _subjectless(sentence):
        return None
    reports = [a for a in quotes if a.speaker and a.kind in ("indirect", "direct", "continued")
               and previous.start_char <= a.start < previous.end_char <= a.end + 3
               and a.end - a.start >= 0.5 * (previous.end_char - previous.start_char)]
    return min(reports, key=lambda a: a.end - a.start) if reports else None


def _subjectless(sentence: Span) -> bool:
    root = sentence.root
    if any(c.dep_ == "expl" for c in root.children):
        return True  # "There are …"
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ in ("they", "it", "these", "this")


def find_quotes(doc: Doc, doc_id: str, mentions: list[Mention], times: list[Time],
                sentences: SentenceIndex | None = None, published: str | None = None) -> list[Quote]:
    """Attributions in ``doc``, each with its source resolved to an actor where possible."""
    finder = _Finder(doc, doc_id, mentions, times, sentences or SentenceIndex(doc), published)
    return finder.run()


class _Finder:
    def __init__(self, doc: Doc, doc_id: str, mentions: list[Mention], times: list[Time], sentences: SentenceIndex,
                 published: str | None):
        self.doc, self.doc_id, self.sentences, self.published = doc, doc_id, sentences, published
        self.text = sentences.text
        self.mentions = [m for m in mentions if m.actor]
        self.times = [t for t in times if t.type in ("DATE", "TIME") and t.value[:1].isdigit()]
        self.quoted = list(_quoted_spans(self.text))
        self.previous_speaker: str | None = None

    def run(self) -> list[Quote]:
        cues: list[Quote] = []
        strings = self.doc.vocab.strings
        lemmas = {strings.add(w) for w in cue_lemmas()}
        according = strings.add("according")
        for token in self.doc:
            if token.lemma in lemmas:  # integer lookups: the cue verbs among every token
                found = self._cue(token)
            elif token.lower == according:
                found = self._according_to(token)
            else:
                continue
            if found is not None:
                cues.append(found)
        cues += self._headlines(cues)
        direct = self._direct(cues)
        said = [q for q in cues if q.kind != "cue" and not (q.start <= q.speaker_start and q.speaker_end <= q.end
                                                                 and q.speaker_end > q.speaker_start)]  # content holding its source
        return [self._dated(q) for q in _deduplicated(said, direct)]

    # -- cues --------------------------------------------------------------------------------

    def _cue(self, verb: Token) -> Quote | None:
        lemma = verb.lemma_.lower()
        if lemma not in cue_lemmas() or verb.pos_ not in ("VERB", "AUX"):
            return None
        speaker = self._speaker(verb)
        if speaker is None or speaker.lower_ in ("this", "there", "what") or \
                speaker.lower_ in ("that", "which", "who") and verb.dep_ != "relcl":
            return self._unsourced(verb)
        span = self._content(verb, speaker)
        speaker_span = _speaker_span(speaker)
        if span is None or span[1] <= span[0]:
            # a cue with no content of its own ("… ,” Carson continued.") still names the source of a quotation next to it
            return Quote(self.doc_id, verb.idx, verb.idx, speaker_span[0], speaker_span[1],
                         self._actor(speaker_span, speaker), _cue_text(verb), "cue", None)
        return Quote(self.doc_id, span[0], span[1], speaker_span[0], speaker_span[1], self._actor(speaker_span, speaker),
                     _cue_text(verb), "indirect", self._date_near(verb, span))

    def _unsourced(self, verb: Token) -> Quote | None:
        """"it was revealed in March that she had used …": a reported clause with no source."""
        if verb.lemma_.lower() not in families("cue_verbs")["speech"] or not any(c.dep_ == "nsubjpass" for c in verb.children):
            return None
        content = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if content is None:
            return None
        span = _subtree(content)
        return Quote(self.doc_id, span[0], span[1], verb.idx, verb.idx, None, _cue_text(verb), "indirect",
                     self._date_near(verb, span))

    def _speaker(self, verb: Token) -> Token | None:
        """The cue's subject; the object of "quoted X as saying"; the subject of the clause a participle
        "saying" hangs off; the agent of a passive speech cue ("was first reported by MSNBC")."""
        table = families("cue_verbs")
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
        if verb.lemma_.lower() in table["estimate"]:
            return None  # "the building was valued at $1 million": an estimate without its estimator
        head = verb.head
        if head.lower_ == "as" and head.head.lemma_.lower() == "quote":
            return next((c for c in head.head.children if c.dep_ == "dobj"), None)  # "quoted the governor as saying"
        if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "pcomp", "conj", "acl") and head.i != verb.i:
            node = head
            for _ in range(3):  # "X rejected the offer, saying …", "In addition to stating that …, Clinton has vowed"
                subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if subject is not None or node.head.i == node.i:
                    return subject
                node = node.head
            return None
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            return next((c for c in head.children if c.dep_ == "nsubj"), None)  # "X called them crazy and said …"
        if verb.lemma_.lower() in table["speech"]:
            return self._agent(verb) or self._after_quotation(verb)
        return None

    def _after_quotation(self, verb: Token) -> Token | None:
        """"“…,” Gene Sperling, a top adviser, said": the phrase between a closing quotation mark and its cue,
        whatever the parser attached it to."""
        sentence = self.sentences.of(verb)
        marks = [t.i for t in sentence if t.i < verb.i and t.text in ("”", "\"", "''", "’")]
        if not marks:
            return None
        stretch = range(marks[-1] + 1, verb.i)
        heads = [self.doc[i] for i in stretch if self.doc[i].head.i not in stretch and self.doc[i].pos_ in ("PROPN", "PRON", "NOUN")]
        return heads[0] if heads and len(stretch) <= 25 else None

    def _estimate(self, verb: Token, speaker: Token) -> tuple[int, int] | None:
        """"the city had valued the building at $380,600": an estimate by an actor covers its whole clause."""
        if not (self._names(speaker) or speaker.lower_ in ("he", "she", "they", "it")):
            return None  # "the quake measured 5.6": no one estimates
        if verb.lemma_.lower() in ("put", "place", "peg") and not any(c.dep_ == "prep" and c.lower_ == "at" for c in verb.children):
            return None
        skip = {t.i for t in speaker.subtree}
        tokens = [t for t in verb.subtree if t.i not in skip and not t.is_punct and t.i >= verb.i]
        return (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) if tokens else None

    def _names(self, token: Token) -> bool:
        start, end = _speaker_span(token)
        return any(start <= m.start and m.end <= end for m in self.mentions)

    def _agent(self, verb: Token) -> Token | None:
        """The source of a passive cue: "was first reported by MSNBC"."""
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None

    def _content(self, verb: Token, speaker: Token) -> tuple[int, int] | None:
        content = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i != speaker.i), None)
        if content is not None:
            return _subtree(content)
        lemma = verb.lemma_.lower()
        if lemma in families("cue_verbs")["estimate"]:
            return self._estimate(verb, speaker)
        if lemma in _wide_cues() or _phrase(verb) is not None or lemma in ("claim", "profess", "pretend"):
            kinds = ("xcomp",) if lemma in ("claim", "profess", "pretend") else ("xcomp", "dobj")
            wide = next((c for c in verb.children if c.dep_ in kinds and c.i > verb.i), None)
            if wide is None and (prep := _phrase(verb)) is not None:
                wide = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if wide is not None:
                return _subtree(wide)
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
        named = next((c for c in verb.children if c.dep_ in ("oprd", "xcomp") and c.i > verb.i), None)
        if obj is not None and named is not None and lemma in words("addressee_cues"):
            return _subtree(obj)[0], _subtree(named)[1]  # "called both Trump and Clinton “crazy”", "asked the network to donate"
        if obj is not None and (any(t.like_num for t in obj.subtree) or
                                obj.lower_ not in ("it", "this", "that", "so") and lemma not in words("addressee_cues")):
            return _subtree(obj)  # "reported 12 deaths", "pledged a political revolution", "denied the allegations"
        if lemma in words("quote_only_cues"):
            return None  # "“…,” Carson continued.": a cue for the quotation beside it, nothing of its own
        if (verb.dep_ in ("parataxis", "ccomp") and _set_off(verb) and lemma in families("cue_verbs")["speech"] or
                verb.dep_ == "advcl" and any(c.lower_ == "as" for c in verb.children)) and verb.head.i != verb.i:
            return _clause_without(verb.head, verb)  # "…, US officials say", "as Menendez pointed out, …"
        sentence = self.sentences.of(verb)
        speaker_start = _subtree(speaker)[0]
        if speaker.dep_ == "nsubj" and speaker_start > sentence.start_char + 20 and speaker.i > verb.i - 4 and not any(
                c.dep_ in ("dobj", "xcomp", "attr", "acomp") for c in verb.children):
            return sentence.start_char, speaker_start  # "…, spokesman Vedant Patel said Nov. 12" (any parse)
        return None

    def _according_to(self, token: Token) -> Quote | None:
        if token.lower_ != "according":
            return None
        to = next((c for c in token.children if c.lower_ == "to"), None)
        speaker = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if speaker is None:
            return None
        if not self._names(speaker) and speaker.lemma_.lower() not in words("source_nouns"):
            return None  # "according to their instinctive preference": no source
        sentence = self.sentences.of(token)
        speaker_span = _subtree(speaker)
        phrase = (_subtree(token)[0], speaker_span[1])
        before = (sentence.start_char, phrase[0])
        after = (phrase[1], sentence.end_char)
        span = before if before[1] - before[0] >= after[1] - after[0] else after
        span = (span[0], span[1]) if span[1] > span[0] else (sentence.start_char, sentence.end_char)
        return Quote(self.doc_id, *_trimmed(self.text, *span), speaker_span[0], speaker_span[1],
                     self._actor(speaker_span, speaker), "according to", "according_to", None)

    def _headlines(self, cues: list[Quote]) -> list[Quote]:
        """"Obama Says African-American Museum Will …": a title-case line whose cue word follows a name."""
        out = []
        for number, (line_start, line_end) in enumerate(_lines(self.text)):
            line = self.text[line_start:line_end]
            words_ = re.findall(r"[A-Za-z][\w'’-]*", line)
            colon = re.match(r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}): (?=\S+ \S+ \S+)", line)
            source = [m for m in self.mentions if colon is not None and line_start <= m.start and m.end <= line_start + colon.end(1)
                      and not _place(m)]
            if colon is not None and source:
                out.append(Quote(self.doc_id, line_start + colon.end(), line_end, line_start, line_start + colon.end(1),
                                 source[-1].actor if source else None, ":", "headline", None))  # "Lynch: No outside …"
                continue
            if len(words_) < 3 or sum(w[0].isupper() for w in words_) < 0.7 * len(words_):
                continue
            cue = next((c for c in re.finditer(r"\b[A-Z][a-z]+\b", line) if c.start() > 0 and _headline_cue(c.group())), None)
            if cue is None:
                continue
            before = [m for m in self.mentions if line_start <= m.start and m.end <= line_start + cue.start()]
            if not before or any(q.start <= line_start + cue.end() < q.end for q in cues):
                continue
            named = before[-1]
            if line_start + cue.start() - named.end > 3:
                continue
            out.append(Quote(self.doc_id, line_start + cue.end(), line_end, named.start, named.end, named.actor,
                             cue.group().strip(": ").lower() or ":", "headline", None))
        return out

    def _direct(self, cues: list[Quote]) -> list[Quote]:
        """Quoted stretches take the source of a cue next to them, or continue the previous quotation; the
        lines of a quotation running over several lines take the source its last line names."""
        out: list[Quote] = []
        previous: Quote | None = None
        pending: list[tuple[int, int]] = []
        speech = families("cue_verbs")["speech"] | {"according"}
        for start, end, closed in self.quoted:
            if closed and _title(self.text[start:end]):
                continue  # "Fox and Friends", "Morning Joe": a name in quotation marks, not a quotation
            paragraph = _paragraph(self.text, start)
            near = [q for q in cues if q.speaker_end > q.speaker_start and paragraph[0] <= q.speaker_start < paragraph[1]
                    and q.kind != "headline" and q.cue.split()[0] in speech
                    and not any(a <= q.speaker_start < b for a, b, _ in self.quoted)
                    and (q.start <= start < q.end or abs(q.speaker_start - end) < 60 or abs(start - q.speaker_end) < 60
                         or not closed and start <= q.speaker_start < end)
                    and (not closed or not start <= q.speaker_start < end)]
            marked = start > 0 and self.text[start - 1] in "“«\"‘'"
            span_start = start - 2 if self.text[max(0, start - 2):start] == "\'\'" else start - 1 if marked else start
            if not near:
                near = self._introduced(cues, paragraph)
            if near:
                cue = min(near, key=lambda q: min(abs(q.speaker_start - end), abs(start - q.speaker_end)))
                end = end if closed else max(start + 1, min(end, cue.speaker_start))
                stop = _after_mark(self.text, end) if closed else end
                previous = Quote(self.doc_id, span_start, stop, cue.speaker_start, cue.speaker_end, cue.speaker, cue.cue,
                                 "direct", cue.stated_on)
                out.append(previous)
                if not marked:
                    out += [replace(previous, start=a, end=b) for a, b in pending]
                pending = []
            elif previous is not None and ("\n" not in self.text[previous.end:start] or self._next_paragraph(previous, span_start)):
                previous = Quote(self.doc_id, span_start, _after_mark(self.text, end) if closed else end,
                                 previous.speaker_start, previous.speaker_end, previous.speaker, previous.cue, "continued",
                                 previous.stated_on)
                out.append(previous)
            elif not closed:
                pending.append((span_start, end))
            else:
                pending = []
        return out

    def _next_paragraph(self, previous: Quote, start: int) -> bool:
        """A quotation opening the paragraph right after one that ended on a quotation continues it."""
        line_start = self.text.rfind("\n", 0, start) + 1
        if self.text[line_start:start].strip(" “\"'‘"):
            return False  # not at the start of its paragraph
        previous_paragraph = _paragraph(self.text, max(0, previous.end - 1))
        gap = self.text[previous_paragraph[1]:line_start]
        return not gap.strip() and gap.count("\n") <= 2

    def _introduced(self, cues: list[Quote], paragraph: tuple[int, int]) -> list[Quote]:
        """A paragraph right after one that ends with a colon and a cue ("He then listed the qualities:")."""
        before = self.text[:paragraph[0]].rstrip()
        if not before.endswith(":"):
            return []
        previous = _paragraph(self.text, len(before) - 1)
        return [q for q in cues if q.speaker_end > q.speaker_start and previous[0] <= q.speaker_start < previous[1]
                and q.kind != "headline"]

    # -- sources and dates -------------------------------------------------------------------

    def _actor(self, span: tuple[int, int], head: Token) -> str | None:
        """The actor a source phrase names: the mention on its head word, else a person in it, else the person last
        named with its role ("the governor"); a generic source ("officials", "Iranian media") names no one, an
        institution a sector noun names ("police said") is that sector group, a name before a sector noun wins
        ("the student ISNA news agency"), else an organisation or a country in it. Places are never sources."""
        if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
            antecedent = head.head.head  # "Clinton, who believes …": the source is the noun the clause describes
            span, head = (antecedent.idx, antecedent.idx + len(antecedent.text)), antecedent
            inside = [m for m in self.mentions if m.start <= antecedent.idx < m.end and not _place(m)]
            return inside[0].actor if inside else None
        inside = [m for m in self.mentions if span[0] <= m.start and m.end <= span[1] and not _place(m) and not _generic(m)]
        if not inside and head.lower_ in ("he", "she"):
            return self._pronoun(head)
        if not inside and head.lower_ in ("it", "they"):
            return self._organisation(head)
        on_head = next((m for m in self.mentions if m.start <= head.idx < m.end and not _place(m) and not _generic(m)), None)
        lemma = head.lemma_.lower()
        if on_head is not None and on_head.label in ("GROUP", "SECTOR"):
            # a sector noun made a group ("Iranian media", "the state news agency IRNA"): a name in the
            # phrase is the source; without one, a generic source noun names no one
            named = [m for m in inside if m.label in ("GAZ", "ORG", "PERSON") and m is not on_head
                     and not (m.actor or "").isupper()]
            if named:
                return named[0].actor
            if lemma in words("source_nouns") or head.lower_ in words("source_nouns"):
                return None
        if on_head is not None:
            return on_head.actor
        persons = [m for m in inside if (m.actor or "").startswith("person:")]
        if persons:
            return persons[0].actor
        if lemma in words("roles") or f"{_compound(head)} {lemma}".strip() in words("roles"):
            if (person := self._role_holder(head)) is not None:
                return person
        if lemma in words("source_nouns") or head.lower_ in words("source_nouns"):
            return None
        groups = [m for m in inside if m.label in ("GROUP", "SECTOR", "GAZ", "ORG", "ROLE") or (m.actor or "").startswith(("org:", "group:"))]
        groups.sort(key=lambda m: m.label == "SECTOR")  # a name before a sector noun: "the student ISNA news agency"
        return (groups or inside)[0].actor if inside else None

    def _role_holder(self, head: Token) -> str | None:
        """"The governor said": the person last named next to the word "governor" before this cue."""
        role = head.lower_
        for m in reversed([m for m in self.mentions if m.end <= head.idx and (m.actor or "").startswith("person:")]):
            window = self.text[max(0, m.start - 60):m.end + 60].lower()
            if re.search(rf"\b{re.escape(role)}\b", window):
                return m.actor
        return None

    def _pronoun(self, head: Token) -> str | None:
        """"he said": the person named last before the cue outside any quotation."""
        at = head.idx
        for m in reversed([m for m in self.mentions if m.end <= at]):
            if not (m.actor or "").startswith("person:"):
                continue
            if any(s <= m.start < e for s, e, _ in self.quoted):
                continue  # named inside a quotation: the quotation's subject, not its speaker
            return m.actor
        return None

    def _organisation(self, head: Token) -> str | None:
        """"it said", "they said": the organisation or group named last before the cue, outside quotations."""
        sentence = self.sentences.of(head)
        previous = self.sentences.before(sentence)
        start = previous.start_char if previous is not None else sentence.start_char
        for m in reversed([m for m in self.mentions if start <= m.start and m.end <= head.idx]):
            if (m.actor or "").startswith(("org:", "group:")) and not any(s <= m.start < e for s, e, _ in self.quoted):
                return m.actor
        return None

    def _date_near(self, verb: Token, content: tuple[int, int]) -> str | None:
        """A date in the cue's own clause, not in what is reported: "On October 24, X reported …"."""
        sentence = self.sentences.of(verb)
        for t in self.times:
            if sentence.start_char <= t.start < sentence.end_char and not (content[0] <= t.start < content[1]):
                return t.value.partition("T")[0]  # the day of "Monday morning" (2008-12-15TMO), of "at 9 a.m."
        return None

    def _dated(self, quote: Quote) -> Quote:
        if quote.stated_on:
            return replace(quote, stated_on_basis="text")
        if self.published:
            return replace(quote, stated_on=self.published, stated_on_basis="published")
        return quote


def _headline_cue(word: str) -> bool:
    """"Says", "Compares", "Endorses", "Denies": a cue verb in a headline's third person."""
    w = word.lower()
    return any(form in cue_lemmas() for form in (w[:-1], w[:-2], w[:-3] + "y")) and w.endswith("s")


def _set_off(verb: Token) -> bool:
    """A cue set off from the clause it reports: "…, US officials say", "… ,” Carson continued."."""
    tokens = sorted(verb.subtree, key=lambda t: t.i)
    doc = verb.doc
    before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    after = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
    return before is not None and before.text in (",", "”", "\"", "''", "—", "–", "-") and (
        after is None or after.is_punct or after.is_space)


def _title(quoted: str) -> bool:
    """A short quoted stretch in title case is a name (a show, a book, a slogan), not something said."""
    words_ = re.findall(r"[A-Za-z][\w'’-]*", quoted)
    small = {"and", "of", "the", "a", "an", "in", "on", "for", "to", "with", "at"}
    return 0 < len(words_) <= 5 and all(w[0].isupper() or w in small for w in words_) and not quoted.rstrip().endswith(("?", "!"))


def _after_mark(text: str, end: int) -> int:
    """The end of a quotation with its closing mark ("''" is two characters)."""
    return min(end + (2 if text.startswith("\'\'", end) else 1), len(text))


def _generic(m: Mention) -> bool:
    """A sector noun that names people no one can tell apart ("officials", "witnesses", "authorities":
    ``source_nouns``): no one in particular. An institution a sector noun names is a source, of its country
    where one governs it, else with none ("police said", "the army said")."""
    if not (m.label == "SECTOR" or (m.actor or "").startswith("sector:")):
        return False
    head = m.text.split()[-1].lower() if m.text.split() else ""
    return head in words("source_nouns") or m.label != "SECTOR"


def _place(m: Mention) -> bool:
    return (m.actor or "").startswith("loc:") or m.label in ("LOC", "FAC")


def _compound(token: Token) -> str:
    return " ".join(c.lower_ for c in token.lefts if c.dep_ == "compound")


def _speaker_span(token: Token) -> tuple[int, int]:
    """The source phrase: the subject's subtree, up to a quotation mark or the cue it may have swallowed."""
    tokens = [t for t in token.subtree if t.i >= token.i or not any(m.text in ("”", "\"", "“") for m in token.doc[t.i:token.i])]
    tokens = [t for t in tokens if t.pos_ not in ("VERB",) or t.i < token.i or t.dep_ in ("relcl", "acl")]
    tokens = tokens or [token]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _phrase(verb: Token) -> Token | None:
    """The preposition of a cue phrase ("called [for]", "warned [of]"), when the verb and it make one."""
    for c in verb.children:
        if c.dep_ in ("prep", "prt") and f"{verb.lemma_.lower()} {c.lower_}" in words("cue_phrases"):
            return c
    return None


def _cue_text(verb: Token) -> str:
    prep = _phrase(verb)
    return f"{verb.lemma_.lower()} {prep.lower_}" if prep is not None else verb.lemma_.lower()


def _deduplicated(cues: list[Quote], direct: list[Quote]) -> list[Quote]:
    """One attribution per stretch: a reported clause that is mostly a quotation of the same source is the quotation."""
    out = list(direct)
    for quote in cues:
        same = any((_overlap(quote, d) >= 0.8 or d.start <= quote.start and quote.end <= d.end)
                   and (d.speaker == quote.speaker or d.speaker_start == quote.speaker_start) for d in direct)
        if not same:
            out.append(quote)
    return sorted(out, key=lambda q: (q.start, q.end))


def _overlap(a: Quote, b: Quote) -> float:
    """How much of the longer of two stretches they share: 1 for the same stretch, small for a phrase in a clause."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter / max(a.end - a.start, b.end - b.start) if inter > 0 else 0.0


def _subtree(token: Token) -> tuple[int, int]:
    tokens = list(token.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _clause_without(head: Token, cue: Token) -> tuple[int, int]:
    cue_tokens = set(t.i for t in cue.subtree)
    tokens = [t for t in head.subtree if t.i not in cue_tokens and not t.is_punct]
    return (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) if tokens else _subtree(head)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _paragraph(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end == -1 else end


def _lines(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _quoted_spans(text: str) -> Iterable[tuple[int, int, bool]]:
    """Quotation spans (start, end, closed), the marks left out. A quotation may run over lines: a line with no
    quotation mark inside an open quotation is quoted whole, and a closing mark with no opening one closes a
    quotation from its line's start. Marks: curly and straight double quotes, guillemets, two apostrophes
    (''…'') and curly single quotes (‘…’)."""
    inside = False
    for start, end in _lines(text):
        marks = _marks(text, start, end)
        if not marks:
            if inside and end - start > 3:
                yield start, end, False
            continue
        k = 0
        if marks[0][1]:
            inside = False  # a new paragraph of a long quotation opens again
        while k < len(marks):
            i, opening, width = marks[k]
            if not opening:
                if inside and i - start > 3:
                    yield start, i, True
                inside = False
                k += 1
                continue
            close = next((j for j, (_, o, _) in enumerate(marks[k + 1:], k + 1) if not o), None)
            stop = marks[close][0] if close is not None else end
            if stop - (i + width) > 2:
                yield i + width, stop, close is not None
            inside = close is None
            k = close + 1 if close is not None else len(marks)


_MARK = re.compile(r"''|[“«\"”»‘’]")


def _marks(text: str, start: int, end: int) -> list[tuple[int, bool, int]]:
    """The quotation marks of one line: (position, opens, width)."""
    out: list[tuple[int, bool, int]] = []
    single = False
    for m in _MARK.finditer(text, start, end):
        i, char = m.start(), m.group()
        if char == "''" or char in "“«\"”»":
            out.append((i, _opens(text, i, len(char)), len(char)))
        elif char == "‘" and (i == start or not text[i - 1].isalnum()):
            out.append((i, True, 1))
            single = True
        elif char == "’" and single and (i + 1 >= end or not text[i + 1].isalnum()):
            out.append((i, False, 1))
            single = False
    return out


def _opens(text: str, i: int, width: int = 1) -> bool:
    char = text[i]
    if char in "“«":
        return True
    if char in "”»":
        return False
    after = text[i + width] if i + width < len(text) else " "
    before = text[i - 1] if i > 0 else " "
    return not after.isspace() and after not in ",.;:!?)" and (before.isspace() or before in "([{—–-:")
