"""What a number's clause says about it: the predicate family, the place, and how sure the text is.

* **predicate** — the family (``predicates`` lexicon) of the verb the number
  hangs on, its complements first ("remained missing" is missing, "were
  killed or injured" both), a phrasal verb before its verb ("take shelter"
  is sheltered, ``phrasal_predicates``), a verb whose sense depends on what
  is counted after that ("lost 10 soldiers", ``class_predicates``), a noun
  on the way that says what happened ("the death toll", "$1 million in
  damage", ``predicate_nouns``); a verb in no family keeps its lemma.
* **place** — an actor of type location or country inside a locative phrase
  ("in the Kursk region", ``locatives``) of the verb or the counted noun,
  or one framing the whole report ("In Turkey, the agency said ...");
  several places are a scope of their own and give none.
* **modality** — negation, possibility and projection words (``modality``)
  on the path from the number up to its clause's verb.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from spacy.tokens import Span, Token

from .tables import families, human_lemma, word_map, words


@functools.cache
def _verb_families() -> dict[str, str]:
    out: dict[str, str] = {}
    for family, lemmas in families("predicates").items():
        for lemma in lemmas:
            out.setdefault(lemma, family)
    return out


def family_of(lemma: str) -> str | None:
    return _verb_families().get(lemma)


def casualty(token: Token) -> bool:
    """Whether ``token`` (a verb, a participle or an adjective) says people were killed, hurt or went missing."""
    lemma = token.lemma_.lower()
    lemmas = {lemma, token.lower_} | {c.lemma_.lower() for c in token.children if c.dep_ in ("acomp", "conj")}
    return any(_family(x) in ("killed", "injured", "missing", "killed or injured") for x in lemmas)


def _family(word: str) -> str | None:
    return family_of(word) or word_map("predicate_nouns").get(word)


def predicate(verb: Token | None, noun: Token | None, number: Token, klass: str) -> str | None:
    """The predicate family of a claim whose number is ``number``, counted noun ``noun``, clause verb ``verb``."""
    if (nominal := nominal_predicate(noun or number, verb)) is not None:
        if nominal == "valued" and verb is not None and (done := family_of(verb.lemma_.lower())) is not None \
                and done not in words("neutral_predicates"):
            return done  # "stole jewels worth $108 million": the value of what was stolen
        return nominal
    if noun is not None and (found := _noun_participle(noun)) is not None:
        return found
    if verb is None or _accompanies(noun or number, verb) or _qualifies_subject(noun or number, verb):
        return None
    if noun is not None and noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.head == verb:
        klass = "thing"  # "holds a 26-delegate advantage": the verb acts on the advantage, not on delegates
    family = verb_predicate(verb, klass)
    if family in words("neutral_predicates") or family == verb.lemma_.lower():
        for argument in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")):
            if (said := _subject_nominal(argument)) is not None:
                return said  # "the death toll rose to 10", "damage was estimated at $1 million", "estimates damages at"
    if family == verb.lemma_.lower() and (suffered := _suffered(verb)) is not None:
        return suffered  # "five people received treatment after being injured"
    subject = noun is not None and (noun.dep_ == "nsubj" or noun.dep_ == "pobj" and noun.head.head.dep_ == "nsubj")
    if klass == "human" and subject and \
            (family == verb.lemma_.lower() or family in words("agent_families") and family != "deployed"):
        return "present"  # "four robbers stormed the store", "two gunmen stole …": how many there were
    return family


def _accompanies(head: Token, verb: Token) -> bool:
    """"hit .358 with 13 homers", "floored him, 58-3 with 51 knockouts": a count after "with" goes along with
    what the verb did, it is not what the verb did it to."""
    return head.dep_ == "pobj" and head.head.lower_ == "with" and head.head.head == verb


def _qualifies_subject(head: Token, verb: Token) -> bool:
    """"Officials in a dozen states reported problems": places counted in a phrase that says where the
    people the clause is about are from did not do what they did ("houses in two villages were damaged"
    still says the villages were)."""
    prep = head.head
    subject = prep.head
    return head.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in words("locatives") \
        and subject.dep_ == "nsubj" and subject.head == verb and human_lemma(subject.lemma_.lower())


def _suffered(verb: Token) -> str | None:
    """The casualty family of a passive clause hanging on a verb in no family: "received treatment after being
    injured", "were flown to hospital having been hurt" — what the counted subject suffered."""
    clauses = [c for c in verb.children if c.dep_ == "advcl"]
    clauses += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pcomp"]
    for clause in clauses:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in clause.children)
        family = family_of(clause.lemma_.lower())
        if passive and family in ("killed", "injured", "missing"):
            return family
    return None


def _subject_nominal(subject: Token) -> str | None:
    nouns = word_map("predicate_nouns")
    for token in (subject, *[c for c in subject.children if c.dep_ in ("compound", "amod", "nmod")]):
        if token.lemma_.lower() in nouns and token.lemma_.lower() not in ("toll", "number", "total", "figure"):
            return str(nouns[token.lemma_.lower()])
    return "killed" if subject.lemma_.lower() == "toll" else None


def verb_predicate(verb: Token, klass: str) -> str:
    phrasal = word_map("phrasal_predicates")
    complements = [c for c in verb.children if c.dep_ in ("acomp", "xcomp", "attr", "oprd") and c.pos_ in ("VERB", "ADJ")]
    for c in complements:
        if (family := _family(c.lemma_.lower())) is not None and family != "present":
            return family  # "remained missing", "were left homeless"
    for c in verb.children:
        key = f"{verb.lemma_.lower()} {c.lower_}"
        if c.dep_ in ("prt", "dobj", "prep", "acomp") and key in phrasal:
            return str(phrasal[key])  # "take shelter", "shot down", "broke into"
    by_class = word_map("class_predicates").get(klass, {})
    lemma = verb.lemma_.lower()
    if lemma in by_class:
        return str(by_class[lemma])
    joined = [f for f in _conjoined_families(verb) if f is not None]
    if len(joined) > 1 and len(set(joined)) > 1 and {"killed", "injured"} <= set(joined):
        return "killed or injured"  # "were killed or injured"
    family = family_of(lemma)
    if family is not None and (context := word_map("family_contexts").get(lemma)) is not None and not _in_context(verb, context):
        return lemma  # "admitting 10,000 refugees" is no hospital stay; "avocados are grown" rose nowhere
    return family or lemma


def _in_context(verb: Token, context: dict) -> bool:
    if context.get("not_passive") and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return False
    needs = set(context.get("needs", ()))
    return not needs or any(t.lemma_.lower() in needs or t.lower_ in needs for t in verb.subtree)


def _conjoined_families(verb: Token) -> Iterable[str | None]:
    """"were killed or injured": verbs sharing the number; "killing 10 and wounding 70" share nothing."""
    yield family_of(verb.lemma_.lower())
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ") and not any(
                g.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") for g in c.children):
            yield family_of(c.lemma_.lower())


def _noun_participle(noun: Token) -> str | None:
    """"the number of people killed", "the 80 wounded", "80 people dead": a participle or adjective after the noun."""
    for c in noun.children:
        if c.dep_ in ("acl", "relcl", "amod") and c.i > noun.i and c.pos_ in ("VERB", "ADJ"):
            family = _family(c.lemma_.lower()) or _family(c.lower_)
            if family is not None and family != "present":
                return family
    return None


def nominal_predicate(token: Token, verb: Token | None) -> str | None:
    """A noun between the number and its verb that says what happened: "death toll", "$1 million in damage"."""
    nouns = word_map("predicate_nouns")
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.lemma_.lower() in nouns and child.lemma_.lower() != "toll":
            return str(nouns[child.lemma_.lower()])  # "death toll"
    if token.lemma_.lower() in nouns and token.pos_ == "NOUN" and token.lemma_.lower() in ("toll", "death", "damage"):
        return str(nouns[token.lemma_.lower()])
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "of")):
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.lemma_.lower() in nouns and obj.lemma_.lower() in ("damage", "damages", "aid", "loss"):
            return str(nouns[obj.lemma_.lower()])  # "$1 million in damage", "$2 billion of aid"
    node, hops = token.head, 0
    while node.i != token.i and (verb is None or node.i != verb.i) and hops < 5:
        if node.pos_ in ("NOUN", "ADV") and node.lemma_.lower() in nouns:
            return str(nouns[node.lemma_.lower()])  # "the deployment of 10,000 troops", "home to 120,000 people"
        if node.head.i == node.i:
            break
        node, hops = node.head, hops + 1
    return None


def modality(verb: Token | None, token: Token, cues: frozenset[str], inside: range = range(0)) -> str:
    """From the auxiliaries, negations and adverbs on the path from the number up to its clause's verb
    (the words of the number phrase itself, "no more than", left out)."""
    table = families("modality")
    found: set[str] = set()
    path, node = [], token
    for _ in range(8):
        path.append(node)
        if (verb is not None and node.i == verb.i) or node.head.i == node.i:
            break
        node = node.head
    if verb is not None and all(n.i != verb.i for n in path):
        path.append(verb)
    top = path[-1]
    while top.dep_ in ("xcomp", "conj") and top.head.i != top.i and top.head.lemma_.lower() not in cues:
        top = top.head
        path.append(top)
    for node in path:
        for child in node.children:
            if child.i in inside:
                continue
            if child.dep_ in ("aux", "auxpass", "neg", "advmod", "det", "mark"):
                found.add(child.lower_)
            if child.dep_ in ("aux", "xcomp"):
                found.add(child.lemma_.lower())
        if node.pos_ in ("VERB", "AUX"):
            found.add(node.lemma_.lower())
    for name in ("negated", "possible", "projected"):
        if found & table[name]:
            return name
    return "asserted"


def locatives() -> frozenset[str]:
    return words("locatives")


def headline_casualty(number: Span) -> str | None:
    """A count next to a casualty word, as headlines write it whatever the parser made of them: "Ten dead",
    "Kills 10", "80 Hurt"."""
    doc = number.doc
    after = doc[number.end] if number.end < len(doc) else None
    before = doc[number.start - 1] if number.start > 0 else None
    return next((f for word in (after, before) if word is not None and (f := casualty_word(word)) is not None), None)


def casualty_word(word: Token) -> str | None:
    """The casualty family of one word in any inflection ("Kills", "killed", "Hurt", "dead"), or None."""
    if not word.is_alpha:
        return None
    w = word.lower_
    forms = (w, word.lemma_.lower(), w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("ed") else w,
             w[:-3] if w.endswith("ing") else w)
    family = next((f for form in forms if (f := family_of(form) or word_map("predicate_nouns").get(form))), None)
    return str(family) if family in ("killed", "injured", "missing") else None
