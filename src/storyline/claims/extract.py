"""Numeric claims: each quantity with what it counts, who asserts it, when, and how sure.

For every quantity (``quantities``) in a parsed article:

* **counted thing** — the noun the number modifies ("12 000 → personnel",
  "30 → soldiers", "dozens of → troops"), or the subject when the number
  stands alone ("This contingent may grow to 100,000"); ``subject`` is its noun
  phrase as written and ``unit`` its normal form (soldiers, personnel,
  contingent → troops).
* **predicate** — the verb it hangs on, in families (deploy, send, bring,
  "there are" → deployed; kill, injure → killed or injured; ...).
* **about** — actors named in the counted phrase, else the agent of the verb
  ("Russia has assembled 50 000 soldiers"), else the nearest military group
  or country in the sentence or the one before.
* **modality** — could/may/might → possible; will/expected to → projected;
  negation → negated.
* **claimed_by / stated_on** — from the quotation finder: the innermost
  attribution with a speaker we can name, with the date attached to its cue
  ("On October 24, Ukrainian intelligence reported"); otherwise the outlet
  asserts it, stated on the publication date (``stated_on_basis``).

Refused: numbers with neither a unit nor a counted noun, years, dates and
ordinals; an "about" that only the article's topic could supply.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Actor, Claim, Mention, Time
from .quantities import Quantity, find_quantities
from .quotes import Quote, SentenceIndex, attribution_at

UNIT_WORDS = {
    "troops": {"troop", "soldier", "solder", "serviceman", "servicemen", "personnel", "marine", "fighter", "infantryman",
               "contingent", "force", "servicemember", "recruit", "conscript", "paratrooper", "commando", "mercenary"},
    "people": {"people", "person", "civilian", "resident", "individual", "citizen", "inhabitant"},
    "shells": {"shell", "round"},
    "missiles": {"missile"},
    "drones": {"drone", "uav"},
}
PREDICATES = {
    "deployed": {"deploy", "send", "dispatch", "station", "move", "bring", "assemble", "mass", "gather", "arrive",
                 "join", "amass", "field", "fight", "operate", "serve", "train", "transfer", "redeploy", "integrate"},
    "present": {"be", "have", "number", "total", "reach", "grow", "rise", "increase", "include", "see", "remain", "top"},
    "killed or injured": {"kill", "injure", "wound", "die", "lose", "suffer", "eliminate", "hurt"},
    "missing": {"miss", "missing", "disappear"},
    "captured": {"capture", "take", "detain", "surrender"},
    "fired": {"fire", "launch", "strike", "shoot", "hit"},
    "designated": {"designate", "sanction", "list", "target"},
    "supplied": {"supply", "provide", "deliver", "ship", "sell", "export", "give", "purchase", "buy", "receive"},
}
POSSIBLE = {"could", "may", "might", "can", "would", "potentially", "possibly", "perhaps"}
PROJECTED = {"will", "shall", "'ll", "expect", "plan", "intend", "set", "due", "going"}
NEGATION = {"not", "n't", "no", "never", "none"}


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


def extract_claims(doc: Doc, doc_id: str, mentions: list[Mention], actors: Iterable[Actor], times: list[Time],
                   quotes: list[Quote], source: str | None, published: str | None) -> list[Claim]:
    """Every numeric claim in ``doc``."""
    # a generic sector noun ("troops", "police") says whose only through its context: "about" reads names
    named = [m for m in mentions if m.actor and m.label != "SECTOR"]
    ctx = _Context(doc, doc_id, named, {a.id: a for a in actors}, quotes, source, published,
                   SentenceIndex(doc), doc.text)
    # times are not counts, and a number inside a name ("Group of Seven") is part of the name
    excluded = [(t.start, t.end) for t in times]
    excluded += [(m.start, m.end) for m in ctx.mentions if m.label not in ("GROUP", "ROLE")]
    claims = []
    for quantity in find_quantities(ctx.text, excluded):
        claim = _claim(ctx, quantity)
        if claim is not None:
            claims.append(claim)
    return claims


def _claim(ctx: _Context, q: Quantity) -> Claim | None:
    doc = ctx.doc
    number = doc.char_span(q.number_start, q.number_end, alignment_mode="expand")
    if number is None or len(number) == 0:
        return None
    token = number[-1]
    noun = next((n for t in reversed(number) if (n := _counted(t)) is not None), None)
    verb = _verb(noun or token)
    unit = q.unit
    if noun is None and unit is None and verb is not None:
        noun = _subject_noun(verb)
        if noun is None and _casualty(verb) and token.dep_ in ("nsubj", "nsubjpass"):
            unit = "people"  # "at least 2,530 had died"
    if noun is None and unit is None:
        return None
    if noun is not None and q.unit is None and noun.tag_ in ("NN", "NNP") and q.value > 1 and not q.vague and noun.i > token.i:
        return None  # "the 810 brigade", "Flight 370": a number that names, not counts
    unit = unit or (_unit(noun) if noun is not None else None)
    subject = _subject_text(noun, number) if noun is not None else None
    sentence = ctx.sentences.of(token)
    location = _location(ctx, verb or noun or token)
    about = _about(ctx, noun, number, verb, sentence, unit, location)
    attribution = _attribution(ctx, q)
    stated_on = attribution.stated_on if attribution and attribution.stated_on else None
    return Claim(
        id=_claim_id(ctx.doc_id, q),
        doc_id=ctx.doc_id,
        start=q.start,
        end=q.end,
        sentence=sentence.text,
        value=q.value,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        unit=unit,
        subject=subject,
        about=tuple(about),
        predicate=_nominal_predicate(noun or token, verb) or _predicate(verb, noun),
        location=location,
        modality=_modality(verb, token),
        claimed_by=attribution.speaker if attribution else None,
        reported_by=ctx.source,
        stated_on=stated_on or ctx.published,
        stated_on_basis="text" if stated_on else ("published" if ctx.published else None),
        as_of=stated_on or ctx.published,
    )


def _claim_id(doc_id: str, q: Quantity) -> str:
    return hashlib.sha256(f"{doc_id}:{q.start}:{q.end}".encode()).hexdigest()[:16]


AGGREGATES = {"number", "toll", "total", "tally", "count", "figure"}


def _subject_noun(verb: Token) -> Token | None:
    """The subject standing for what is counted: "This contingent may grow to 100,000",
    "the number of people killed has risen to 21,000" (→ people)."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")), None)
    if subject is None or subject.lemma_.lower() not in AGGREGATES:
        return subject
    of = next((c for c in subject.children if c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if counted is not None and counted.pos_ in ("NOUN", "PROPN"):
        return counted
    return subject if subject.lemma_.lower() != "toll" else None


def _casualty(verb: Token) -> bool:
    lemmas = {verb.lemma_.lower()} | {c.lemma_.lower() for c in verb.children if c.dep_ in ("acomp", "conj")}
    return bool(lemmas & PREDICATES["killed or injured"])


def _counted(token: Token) -> Token | None:
    """The noun a number counts: its head for "30 soldiers", the object of "of" for "dozens of troops"."""
    if token.dep_ in ("nummod", "quantmod", "compound", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
        head = token.head
        while head.dep_ in ("nummod", "quantmod", "compound") and head.head.pos_ in ("NOUN", "PROPN") and head.head.i > head.i:
            head = head.head
        return head
    of = next((c for c in token.children if c.lower_ == "of"), None)
    if of is not None:
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            return obj
    if token.pos_ in ("NOUN",) and token.lemma_.lower() not in ("dozen", "hundred", "thousand", "million", "billion"):
        return None
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.dep_ in ("dobj", "nsubj", "pobj", "nsubjpass", "attr", "conj", "appos"):
        return nxt
    return None


NOMINAL = {"deployment": "deployed", "dispatch": "deployed", "presence": "deployed", "arrival": "deployed",
           "transfer": "supplied", "supply": "supplied", "delivery": "supplied", "shipment": "supplied",
           "loss": "killed or injured", "casualty": "killed or injured", "death": "killed or injured"}
COPULAR = {"amount", "total", "number", "come", "reach"}


def counted_noun_text(doc: Doc, q: Quantity) -> str | None:
    """The counted noun as written, with its compound nouns ("basis points", "member states")."""
    number = doc.char_span(q.number_start, q.number_end, alignment_mode="expand")
    if number is None or len(number) == 0:
        return None
    noun = next((n for t in reversed(number) if (n := _counted(t)) is not None), None)
    if noun is None:
        return None
    compounds = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i > number[-1].i]
    start = compounds[0].i if compounds else noun.i
    return doc[start:noun.i + 1].text.lower()


def _verb(token: Token) -> Token | None:
    head, hops = token, 0
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and hops < 6:
        head, hops = head.head, hops + 1
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in COPULAR and head.dep_ in ("advcl", "xcomp", "acl", "relcl"):
        return head.head  # "supplying ammunition, potentially amounting to about a million shells"
    return head if head.pos_ in ("VERB", "AUX") else None


def _nominal_predicate(token: Token, verb: Token | None) -> str | None:
    """A noun between the number and its verb may say what happened: "deployment of thousands of troops"."""
    node, hops = token.head, 0
    while node.i != token.i and (verb is None or node.i != verb.i) and hops < 5:
        if node.pos_ == "NOUN" and node.lemma_.lower() in NOMINAL:
            return NOMINAL[node.lemma_.lower()]
        if node.head.i == node.i:
            break
        node, hops = node.head, hops + 1
    return None


def _unit(noun: Token) -> str:
    lemma = noun.lemma_.lower()
    if noun.ent_type_ == "NORP" and noun.tag_ in ("NNS", "NNPS"):
        return "people"  # "12 Americans", "three Britons"
    if lemma == "member" and any(c.lower_ == "service" for c in noun.children):
        return "troops"
    for unit, words in UNIT_WORDS.items():
        if lemma in words or noun.lower_ in words:
            return unit
    if noun.tag_ in ("NNS", "NNPS"):
        return noun.lower_
    return lemma


def _subject_text(noun: Token, number) -> str:
    """The counted phrase as written, without the number and its hedge: "North Korean troops"."""
    left = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i not in range(number.start, number.end)
            and c.dep_ != "nummod"]
    start = min([noun.i] + [t.i for c in left for t in c.subtree if t.i >= number.end or t.i < number.start])
    start = max(start, number.end) if start < number.end <= noun.i else start
    return noun.doc[start:noun.i + 1].text


def _about(ctx: _Context, noun: Token | None, number, verb: Token | None, sentence, unit: str | None,
           location: str | None) -> list[str]:
    """Actors the number is about: named in the counted phrase, else the verb's agent; then, for troops,
    the military group the passage is about, and for anything else the country of its place."""
    if noun is not None:
        phrase = list(noun.subtree) if noun.i >= number.start else [noun]
        start = min(t.idx for t in phrase)
        end = max(t.idx + len(t) for t in phrase)
        own = _actors_in(ctx, start, end, exclude_places=True)
        if own:
            return own
    if verb is not None and noun is not None and noun.dep_ in ("dobj", "pobj", "attr"):
        agent = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if agent is not None:
            found = _actors_in(ctx, *(_span(agent)), exclude_places=True)
            if found:
                return found
    if unit != "troops":
        place = ctx.actors.get(location or "")
        return [place.country] if place is not None and place.country else []
    for span in (sentence, _previous_sentence(ctx, sentence)):
        if span is None:
            continue
        groups = [a for a in _actors_in(ctx, span.start_char, span.end_char, exclude_places=True)
                  if ctx.actors.get(a) and ctx.actors[a].sector == "MIL"]
        if groups:
            return groups[:1]
    previous = _previous_sentence(ctx, sentence)
    if previous is not None:
        countries = [a for a in _actors_in(ctx, previous.start_char, previous.end_char, exclude_places=True)
                     if ctx.actors.get(a) and ctx.actors[a].type == "country"]
        return countries[:1]
    return []


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


def _previous_sentence(ctx: _Context, sentence):
    previous = ctx.sentences.before(sentence)
    if previous is None:
        return None
    return previous if previous.text.strip() else None


def _predicate(verb: Token | None, noun: Token | None) -> str | None:
    if noun is not None and (any(c.dep_ in ("acl", "relcl") and _casualty(c) for c in noun.children)
                             or any(c.lemma_.lower() == "death" for c in noun.children) and noun.lemma_.lower() == "toll"):
        return "killed or injured"  # "the number of people killed", "the death toll"
    if verb is None:
        return None
    lemmas = [verb.lemma_.lower()] + [c.lemma_.lower() for c in verb.children if c.dep_ in ("acomp", "conj", "xcomp")]
    for lemma in lemmas:
        for family, words in PREDICATES.items():
            if lemma in words and not (family == "present" and lemma in ("be", "have") and _is_missing(verb)):
                return family
    return verb.lemma_.lower()


def _is_missing(verb: Token) -> bool:
    return any(c.lower_ == "missing" for c in verb.children)


LOCATIVE = ("in", "to", "into", "inside", "at", "near", "along", "across")


def _location(ctx: _Context, anchor: Token) -> str | None:
    """A place the verb or noun is located by ("in the Kursk region", "to Russia"), else one that frames
    the whole report ("In Turkey, the agency said 17,674 people had died")."""
    preps = [t for t in anchor.subtree if t.dep_ == "prep"] if anchor.pos_ in ("VERB", "AUX") else []
    node, hops = anchor, 0
    while node.head.i != node.i and hops < 4:
        node, hops = node.head, hops + 1
        preps += [c for c in node.children if c.dep_ == "prep" and c.i < anchor.i]
    for prep in preps:
        if prep.lower_ not in LOCATIVE:
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


def _modality(verb: Token | None, token: Token) -> str:
    """From the auxiliaries, negations and adverbs on the path from the number up to its clause's verb."""
    words: set[str] = set()
    path, node = [], token
    for _ in range(8):
        path.append(node)
        if (verb is not None and node.i == verb.i) or node.head.i == node.i:
            break
        node = node.head
    if verb is not None and all(n.i != verb.i for n in path):
        path.append(verb)
    top = path[-1]
    while top.dep_ in ("xcomp", "conj") and top.head.i != top.i and top.head.lemma_.lower() not in CUE_WORDS:
        top = top.head
        path.append(top)
    for node in path:
        for child in node.children:
            if child.dep_ in ("aux", "auxpass", "neg", "advmod", "det"):
                words.add(child.lower_)
            if child.dep_ in ("aux", "xcomp"):
                words.add(child.lemma_.lower())
        words.add(node.lemma_.lower() if node.pos_ in ("VERB", "AUX") else "")
    if words & NEGATION:
        return "negated"
    if words & POSSIBLE:
        return "possible"
    if words & PROJECTED:
        return "projected"
    return "asserted"


CUE_WORDS = {"say", "warn", "report", "claim", "confirm", "tell", "add", "write", "state"}


def _attribution(ctx: _Context, q: Quantity) -> Quote | None:
    return attribution_at(ctx.quotes, ctx.doc, ctx.sentences, q.number_start, q.number_end)
