"""Numeric claims: each quantity with what it counts, who asserts it, when, and how sure.

For every quantity (``quantities``) in a parsed article that the claim
filter (``filter``) keeps:

* **counted thing** — the noun the number modifies ("12 000 → personnel",
  "30 → soldiers", "87-store → stores"), the object of its "of" ("37 of 45
  drones"), or, for a number standing alone, what the clause says: "injuring
  40" and "the 80 wounded" count people, "another 2,000 are waiting" counts
  what the number before it in the sentence counted, "the death toll rose to
  10" the dead, "a population of 100,000" people. ``subject`` is the counted
  phrase as written and ``unit`` its normal form: a unit of measure or a
  currency from the registry (``units``), ``magnitude`` for an earthquake's,
  ``troops`` and ``people`` for the classes of ``counted_classes`` (a casualty
  or arrest count of any human role is ``people``), else the plural noun with
  its compounds ("fire engines").
* **predicate**, **location**, **modality** — ``predicates``.
* **about** — actors named in the counted phrase, else the agent of the verb
  ("Russia has assembled 50 000 soldiers"), else, for a count of people or
  troops, the military group the passage is about; for anything else the
  country of its place.
* **claimed_by / stated_on** — from an attribution whose scope covers the
  number: the innermost quotation or reported clause that contains it, an
  "according to" that governs its sentence, or a reported sentence the
  number's sentence continues (the next sentence of the same paragraph, with
  no source of its own and no actor of its own doing the talking). An
  attribution to someone unnamed ("officials said") covers the number but
  names no one: ``claimed_by`` is null, and so it is when nothing covers the
  number — never the nearest actor. ``stated_on`` is the date attached to
  the cue ("said on Nov. 4"), else the publication date (``stated_on_basis``).

Refused: see ``filter``; and numbers with neither a unit nor anything they
count.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .tables import families, word_map, words
from ..model import Actor, Claim, Mention, Time
from .filter import refusal
from .predicates import casualty, casualty_word, family_of, headline_casualty, locatives, modality, predicate
from .quantities import Quantity, find_quantities
from .quotes import Quote, SentenceIndex, attribution_at, cue_lemmas, stance_cues
from .units import currency_codes



@dataclass(frozen=True)
class _Context:
    doc: Doc
    doc_id: str
    mentions: list[Mention]
    actors: dict[str, Actor]
    quotes: list[Quote]
    source: str | None
    published: str | None
    sentences: SentenceIndex
    text: str  # Doc.text rebuilds the string on every access


@dataclass(frozen=True)
class _Reading:
    """What the parse says about one quantity."""

    number: Span
    noun: Token | None
    verb: Token | None
    unit: str | None
    klass: str  # human | military | thing
    family: str | None = None  # what the words next to a bare number say happened ("80 Hurt")


def extract_claims(doc: Doc, doc_id: str, mentions: list[Mention], actors: Iterable[Actor], times: list[Time],
                   quotes: list[Quote], source: str | None, published: str | None,
                   sentences: SentenceIndex | None = None) -> list[Claim]:
    """Every numeric claim in ``doc`` (``sentences``: the document's sentence index, when the caller has one)."""
    index = sentences or SentenceIndex(doc)
    # a generic sector noun ("troops", "police") says whose only through its context: "about" reads names
    named = [m for m in mentions if m.actor and m.label != "SECTOR"]
    ctx = _Context(doc, doc_id, named, {a.id: a for a in actors}, quotes, source, published,
                   index, index.text)
    # times are not counts, and a number inside a name ("Group of Seven") is part of the name
    excluded = [(t.start, t.end) for t in times]
    excluded += [(m.start, m.end) for m in mentions if m.label not in ("GROUP", "SECTOR", "ROLE", "NORP")]
    claims: list[Claim] = []
    for quantity in find_quantities(ctx.text, excluded):
        claim = _claim(ctx, quantity, claims)
        if claim is not None:
            claims.append(claim)
    return claims


def _claim(ctx: _Context, q: Quantity, earlier: list[Claim]) -> Claim | None:
    reading = _read(ctx, q, earlier)
    if reading is None or refusal(q, reading.number, reading.noun, reading.unit, ctx.text) is not None:
        return None
    number, noun, verb = reading.number, reading.noun, reading.verb
    token = number[-1]
    sentence = ctx.sentences.of(token)
    location = _item_place(ctx, _span_end(q, noun), sentence) or _location(ctx, verb or noun or token)
    family = reading.family or predicate(verb, noun, token, reading.klass)
    if reading.unit == "magnitude":
        family = "measured"
    elif family is not None and _misfit(family, reading.unit in currency_codes()):
        family = verb.lemma_.lower() if verb is not None else None
    attribution = _attribution(ctx, q, sentence)
    stated_on = attribution.stated_on if attribution is not None and attribution.stated_on_basis == "text" else None
    return Claim(
        id=_claim_id(ctx.doc_id, q),
        doc_id=ctx.doc_id,
        start=q.start,
        end=_span_end(q, noun),
        sentence=sentence.text,
        value=q.value,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        unit=reading.unit,
        subject=_subject_text(noun, number) if noun is not None else None,
        about=tuple(_about(ctx, noun, number, verb, sentence, reading.klass, location)),
        predicate=family,
        location=location,
        modality=modality(verb, token, cue_lemmas(), _tokens_of(ctx.doc, q.start, q.number_end)),
        claimed_by=attribution.speaker if attribution is not None else None,
        reported_by=ctx.source,
        stated_on=stated_on or ctx.published,
        stated_on_basis="text" if stated_on else ("published" if ctx.published else None),
        as_of=stated_on or ctx.published,
    )


def _misfit(family: str, money: bool) -> bool:
    """A family the amount cannot have: only money is earned ("lost six percentage points"), and money is
    never injured, arrested or deployed ("burning through $17.5 million", ``money_families``)."""
    if not money:
        return family == "earned"
    return family in families("predicates") and family not in words("money_families")


def _tokens_of(doc: Doc, start: int, end: int) -> range:
    """The token indices of a character span (the number phrase and its hedge: "no more than 20")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _claim_id(doc_id: str, q: Quantity) -> str:
    return hashlib.sha256(f"{doc_id}:{q.start}:{q.end}".encode()).hexdigest()[:16]


def _span_end(q: Quantity, noun: Token | None) -> int:
    """The claim's span: the number phrase, and its counted noun when that follows close behind ("five people")."""
    if noun is not None and q.end <= noun.idx <= q.end + 40:
        return max(q.end, noun.idx + len(noun.text))
    return q.end


# -- reading the parse ------------------------------------------------------------------------


def _number_span(doc: Doc, q: Quantity) -> Span | None:
    """The tokens of the number: both ends of a range ("70 to 80 thousand")."""
    end = q.end if q.qualifier == "range" and q.unit is None else q.number_end
    return doc.char_span(q.number_start, end, alignment_mode="expand")


def _read(ctx: _Context, q: Quantity, earlier: list[Claim]) -> _Reading | None:
    number = _number_span(ctx.doc, q)
    if number is None or len(number) == 0:
        return None
    token = number[-1]
    noun = _counted_in(number)
    if noun is not None and noun.i == number.end and casualty_word(noun) is not None:
        noun = None  # "80 Hurt": the word after the number says what happened, it is not what is counted
    if noun is not None and noun.lemma_.lower() in words("magnitude_nouns"):
        if q.unit is None and q.value < 10 and noun.tag_ in ("NN", "NNP"):
            return _Reading(number, noun, _verb(noun), "magnitude", "thing")  # "a 6.1 quake"
        noun = None if q.unit is not None else noun
    verb = _verb(noun or token)
    if q.unit is not None:
        return _Reading(number, noun, verb, q.unit, "thing")
    if noun is None:
        return _standalone(ctx, q, number, verb, earlier)
    family = family_of(verb.lemma_.lower()) if verb is not None else None
    unit, klass = unit_of(noun, family)
    return _Reading(number, noun, verb, unit, klass)


def _standalone(ctx: _Context, q: Quantity, number: Span, verb: Token | None, earlier: list[Claim]) -> _Reading | None:
    """A number with no noun of its own: what does the clause say it counts?"""
    token = number[-1]
    if (said := headline_casualty(number)) is not None:
        return _Reading(number, None, None, "people", "human", said)  # "Ten dead", "Quake Kills 10; 80 Hurt"
    if _magnitude_context(token, verb) and q.value < 10:
        return _Reading(number, None, verb, "magnitude", "thing")  # "put the quake's magnitude at 5.9"
    participle = next((c for c in token.children if c.dep_ in ("acl", "amod") and casualty(c)), None)
    if participle is not None:
        return _Reading(number, None, participle, "people", "human")  # "the 80 wounded"
    if token.dep_ == "pobj" and token.head.lower_ == "of" and (counted := word_map("of_counts").get(token.head.head.lemma_.lower())):
        return _Reading(number, None, verb, str(counted), "human")  # "a population of 120,000", "a mother of 12"
    if verb is not None:
        if casualty(verb) and token.dep_ == "dobj" and token.head.i == verb.i:
            return _Reading(number, None, verb, "people", "human")  # "a strong quake killed more than 2,000": not quakes
        subject = _subject_noun(verb)
        if subject is not None and subject.i != token.i and token.dep_ in ("attr", "pobj", "dobj", "npadvmod", "advmod", "nummod"):
            if _named(subject):
                # "while Sanders has at least 232": who holds the number, not what it counts — the count
                # goes on from the claim just before ("1,614 delegates"), else it says nothing countable
                return _continued(number, verb, _previous_in_sentence(ctx, q, earlier, sentences=2))
            unit, klass = unit_of(subject, family_of(verb.lemma_.lower()))
            if subject.lemma_.lower() == "toll" or unit in ("toll",):
                return _Reading(number, None, verb, "people", "human")  # "the death toll rose to 10"
            return _Reading(number, subject, verb, unit, klass)  # "This contingent may grow to 100,000"
        if casualty(verb) and token.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "npadvmod", "appos"):
            return _Reading(number, None, verb, "people", "human")  # "injuring 40", "at least 2,530 had died"
    return _continued(number, verb, _previous_in_sentence(ctx, q, earlier))


def _continued(number: Span, verb: Token | None, previous: Claim | None) -> _Reading | None:
    """A number standing for its noun that goes on counting what the claim before it counts ("while Sanders
    has at least 232", "another 2,000 are waiting")."""
    if previous is None or not previous.unit or not _elliptical(number[-1]):
        return None
    return _Reading(number, None, verb, previous.unit, "human" if previous.unit in ("people", "troops") else "thing")


def _magnitude_context(token: Token, verb: Token | None) -> bool:
    """A bare number given as a magnitude: "put the magnitude at 5.9", "its magnitude was 6.1", "measured 5.6"."""
    nouns = words("magnitude_nouns") | {"magnitude", "strength", "intensity"}
    if token.dep_ == "pobj" and token.head.head.lemma_.lower() in nouns:
        return True  # "a magnitude of 5.9"
    if verb is None:
        return False
    arguments = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")]
    if verb.lemma_.lower() in ("measure", "register", "record") and verb.dep_ in ("acl", "relcl") and verb.head.lemma_.lower() in nouns:
        return True  # "an earthquake measuring 5.6"
    return any(a.lemma_.lower() in ("magnitude", "strength", "intensity") for a in arguments)


def _elliptical(token: Token) -> bool:
    """"another 2,000 are waiting", "15 of them", "wounding other 70": a number standing for its noun."""
    if any(c.lower_ in ("them", "whom", "those", "these") for c in token.subtree if c.i > token.i):
        return True
    return token.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "npadvmod", "appos", "pobj")


def _previous_in_sentence(ctx: _Context, q: Quantity, earlier: list[Claim], sentences: int = 1) -> Claim | None:
    """The claim just before ``q`` when it is in ``q``'s sentence (or, ``sentences=2``, the one before)."""
    if not earlier:
        return None
    last = earlier[-1]
    token = ctx.doc.char_span(q.number_start, q.number_end, alignment_mode="expand")
    if token is None or not len(token):
        return None
    sentence = ctx.sentences.of(token[0])
    if sentences > 1 and (before := _previous_sentence(ctx, sentence)) is not None:
        sentence = before
    return last if sentence.start_char <= last.start < q.start else None


def _named(token: Token) -> bool:
    """A proper name (a person, party, company, place): whoever it is, it is not a unit of count."""
    if token.pos_ == "PROPN":
        return token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "")
    return token.is_title and token.ent_type_ in ("PERSON", "ORG", "GPE")  # "Sanders has", tagged a noun


def _subject_noun(verb: Token) -> Token | None:
    """The subject standing for what is counted: "This contingent may grow to 100,000",
    "the number of people killed has risen to 21,000" (→ people)."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")), None)
    if subject is None or subject.lemma_.lower() not in words("aggregates"):
        return subject
    of = next((c for c in subject.children if c.lower_ == "of"), None)
    inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if inner is not None and inner.pos_ in ("NOUN", "PROPN"):
        return inner
    return subject


def _counted_in(number: Span) -> Token | None:
    """The counted noun of a number phrase: of its last word first; never a word of the phrase itself or a
    punctuation mark a tokenised number was cut at ("5. 9")."""
    for token in reversed(number):
        noun = counted(token)
        if noun is not None and not number.start <= noun.i < number.end and any(ch.isalpha() for ch in noun.text):
            return noun
    return None


def counted(token: Token) -> Token | None:
    """The noun a number counts: its head for "30 soldiers", the object of "of" for "dozens of troops",
    the noun of a compound modifier for "87-store"."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == "-" and token.i + 2 < len(doc) and doc[token.i + 2].pos_ == "NOUN":
        return doc[token.i + 2]  # "87-store Weisfield's", "1,000-member church", "61 - year - old"
    if token.dep_ in ("quantmod", "compound", "nummod") and token.head.pos_ == "NUM" and token.head.i > token.i:
        return counted(token.head)  # "37 of 45 drones": the number the first one is part of counts drones
    if token.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and token.head.pos_ in ("NOUN", "PROPN") \
            and token.head.i > token.i:
        head = token.head
        while head.dep_ in ("nummod", "quantmod", "compound") and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
            head = head.head
        return head
    for of in (c for c in token.children if c.lower_ in ("of", "out") and c.i > token.i):
        obj = next((c for c in of.subtree if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is not None:
            return obj
    if token.pos_ == "NOUN" and token.lemma_.lower() not in ("dozen", "hundred", "thousand", "million", "billion"):
        return None
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.dep_ in ("dobj", "nsubj", "pobj", "nsubjpass", "attr", "conj", "appos"):
        return nxt
    return None


def counted_noun_text(doc: Doc, q: Quantity) -> str | None:
    """The counted noun as written, with its compound nouns ("basis points", "member states")."""
    number = _number_span(doc, q)
    if number is None or len(number) == 0:
        return None
    noun = _counted_in(number)
    if noun is None:
        return None
    return _unit_words(noun, number)


def _unit_words(noun: Token, number: Span) -> str:
    compounds = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i > number[-1].i]
    start = compounds[0].i if compounds else noun.i
    return noun.doc[start:noun.i + 1].text.lower()


def unit_of(noun: Token, family: str | None) -> tuple[str, str]:
    """The unit a counted noun normalises to, and its class (human, military or thing)."""
    lemma, lower = noun.lemma_.lower(), noun.lower_
    classes = families("counted_classes")
    if noun.ent_type_ == "NORP" and noun.tag_ in ("NNS", "NNPS"):
        return "people", "human"  # "12 Americans", "three Britons"
    compound = " ".join(c.lower_ for c in noun.lefts if c.dep_ == "compound")
    for unit, members in classes.items():
        if lemma in members or lower in members or f"{compound} {lemma}" in members:  # "service members"
            return unit, "military" if unit == "troops" else "human" if unit == "people" else "thing"
    human = lemma in words("human_roles") or lower in words("human_roles")
    if human and family in words("human_families"):
        return "people", "human"  # casualty and arrest counts of any role are counts of people
    return _plural(noun), "human" if human else "thing"


def _plural(noun: Token) -> str:
    doc = noun.doc
    compounds = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    words_ = [c.lower_ for c in compounds] + [noun.lower_]
    last = words_[-1]
    if noun.tag_ in ("NN", "NNP") and not last.endswith("s"):
        last = last[:-1] + "ies" if re.search(r"[^aeiou]y$", last) else last + "es" if re.search(r"(?:s|x|ch|sh)$", last) else last + "s"
    del doc
    return " ".join(words_[:-1] + [last])


def _verb(token: Token) -> Token | None:
    head, hops = token, 0
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and hops < 6:
        head, hops = head.head, hops + 1
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in ("amount", "total", "number", "come", "reach") \
            and head.dep_ in ("advcl", "xcomp", "acl", "relcl"):
        return head.head  # "supplying ammunition, potentially amounting to about a million shells"
    return head if head.pos_ in ("VERB", "AUX") else None


def _subject_text(noun: Token, number: Span) -> str:
    """The counted phrase as written, without the number and its hedge: "North Korean troops"."""
    left = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i not in range(number.start, number.end)
            and c.dep_ != "nummod"]
    start = min([noun.i] + [t.i for c in left for t in c.subtree if t.i >= number.end or t.i < number.start])
    start = max(start, number.end) if start < number.end <= noun.i else start
    while start < noun.i and noun.doc[start].text in ("-", ","):
        start += 1
    return noun.doc[start:noun.i + 1].text


# -- who the number is about, and where ------------------------------------------------------


def _about(ctx: _Context, noun: Token | None, number: Span, verb: Token | None, sentence: Span, klass: str,
           location: str | None) -> list[str]:
    """Actors the number is about: named in the counted phrase, else the verb's agent; then, for people and
    troops, the military group the passage is about, and for anything else the country of its place."""
    if noun is not None:
        phrase = list(noun.subtree) if noun.i >= number.start else [noun]
        start = min(t.idx for t in phrase)
        end = max(t.idx + len(t) for t in phrase)
        own = _actors_in(ctx, start, end, exclude_places=True)
        if own:
            return own
    target = noun if noun is not None else number[-1]
    if verb is not None and (target.dep_ in ("dobj", "pobj", "attr") or target.head.i == verb.i and target.dep_ == "dobj"):
        agent = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if agent is not None:
            found = _actors_in(ctx, *(_span(agent)), exclude_places=True)
            if found:
                return found
    if klass not in ("human", "military"):
        place = ctx.actors.get(location or "")
        return [place.country] if place is not None and place.country else []
    previous = _previous_sentence(ctx, sentence)
    for span in (sentence, previous):
        if span is None:
            continue
        groups = [a for a in _actors_in(ctx, span.start_char, span.end_char, exclude_places=True)
                  if ctx.actors.get(a) and ctx.actors[a].sector == "MIL"]
        if groups:
            return groups[:1]
    if klass == "military" and previous is not None:
        countries = [a for a in _actors_in(ctx, previous.start_char, previous.end_char, exclude_places=True)
                     if ctx.actors.get(a) and ctx.actors[a].type == "country"]
        return countries[:1]
    place = ctx.actors.get(location or "")
    return [place.country] if place is not None and place.country else []


def _actors_in(ctx: _Context, start: int, end: int, exclude_places: bool) -> list[str]:
    found: list[str] = []
    for m in ctx.mentions:
        if m.actor is not None and start <= m.start and m.end <= end and m.actor not in found:
            actor = ctx.actors.get(m.actor)
            if exclude_places and actor is not None and actor.type == "location":
                continue
            if actor is not None and actor.type == "person":
                continue
            found.append(m.actor)
    # a group and its own country say the same thing: keep the group first
    return sorted(found, key=lambda a: (ctx.actors[a].type == "country", a) if a in ctx.actors else (True, a))


def _span(token: Token) -> tuple[int, int]:
    tokens = list(token.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _previous_sentence(ctx: _Context, sentence: Span) -> Span | None:
    previous = ctx.sentences.before(sentence)
    if previous is None:
        return None
    return previous if previous.text.strip() else None


_ITEM_GAP = re.compile(r"(?:[^\W\d]+[\s'’-]+){0,4}?(\w+)\s+(?:the\s+)?", re.IGNORECASE)


def _item_place(ctx: _Context, end: int, sentence: Span) -> str | None:
    """The place named right after a number phrase ("44% with Malaysia", "82 percent in India", "65% of traffic
    to India": at most four words and a preposition of ``item_place_words`` between, no comma, no number):
    the place that value is of, as each item of a list of places has its own."""
    after = sorted((m for m in ctx.mentions if end <= m.start < sentence.end_char), key=lambda m: m.start)
    if not after:
        return None
    first = after[0]
    actor = ctx.actors.get(first.actor or "")
    if actor is None or actor.type not in ("location", "country"):
        return None
    gap = _ITEM_GAP.fullmatch(ctx.text[end:first.start].lstrip())
    return first.actor if gap is not None and gap.group(1).lower() in words("item_place_words") else None


def _location(ctx: _Context, anchor: Token) -> str | None:
    """A place the verb or noun is located by ("in the Kursk region", "to Russia"), else one that frames
    the whole report ("In Turkey, the agency said 17,674 people had died")."""
    preps = [t for t in anchor.subtree if t.dep_ == "prep"] if anchor.pos_ in ("VERB", "AUX") else \
        [c for c in anchor.children if c.dep_ == "prep"]
    node, hops = anchor, 0
    while node.head.i != node.i and hops < 4:
        node, hops = node.head, hops + 1
        preps += [c for c in node.children if c.dep_ == "prep" and c.i < anchor.i]
        if node.pos_ == "VERB" and node.lemma_.lower() in words("impact_verbs"):
            preps += [c for c in node.children if c.dep_ == "dobj"]  # "hit the southern town of Zarand, killing 612"
    places_words = locatives()
    for prep in preps:
        if prep.dep_ == "prep" and prep.lower_ not in places_words:
            continue
        tokens = list(prep.subtree)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        places = {m.actor for m in ctx.mentions if start <= m.start and m.end <= end
                  and (actor := ctx.actors.get(m.actor or "")) is not None and actor.type in ("location", "country")}
        if len(places) == 1:
            return places.pop()
        if places:
            return None  # "in Turkey and Syria": a scope spanning places is no one place
    return None


# -- who says so --------------------------------------------------------------------------------


def _attribution(ctx: _Context, q: Quantity, sentence: Span) -> Quote | None:
    """Who asserts the number: the attribution whose scope covers it (``quotes.attribution_at``)."""
    return attribution_at(ctx.quotes, ctx.doc, ctx.sentences, q.number_start, q.number_end)
