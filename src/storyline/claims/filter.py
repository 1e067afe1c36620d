"""What is a ledger claim: the rules that refuse a number found in the text.

A ledger claim is a count or amount of people or things, money, a
percentage, a measure (distance, area, weight, temperature ...), an
earthquake magnitude or a rate, asserted about the story. Everything else a
number can be is refused here, each rule over the parse and a lexicon, each
with the reason it gives:

* ``vague`` — an amount with no number in it ("dozens", "thousands",
  "several"): there is nothing to check;
* ``duration`` / ``age`` — a number of years, days or minutes ("six or seven
  years", "within a minute or two", "a 28-year veteran"), "Pitman, 24,",
  "aged 61" (``duration_nouns``), a bound on people's age ("voters under 30",
  "those 45 and over");
* ``time`` — a clock time ("0735 GMT", "8 p.m.", ``clock_words``);
* ``identifier`` / ``name`` — a number after a word that names ("No. 2",
  "Flight 370", "Highway 214", ``identifier_cues``), after a proper noun
  ("BlackBerry Curve 8900", "Lower 48", "Order 2005"), or before a singular
  noun it names ("the 810 brigade", "a 911 caller");
* ``pronoun`` — "one" that is a pronoun or a determiner ("one of the
  oldest", "no one", "one woman told AFP"); "one" is kept only when hedged
  ("at least one") or a casualty count ("one person was killed");
* ``description`` — a number that describes ("a three-story building",
  ``description_nouns``) or places ("20 feet above the roof", "55.96 degrees
  in longitude", ``position_words``);
* ``generic`` / ``hypothetical`` — "a magnitude-6.0 quake can cause severe
  damage"; "if arson caused a million dollars in damage";
* ``recount`` — "the two concerns", "both countries": entities the text
  has just named, counted again (``recount_nouns``);
* ``score`` — a score or a win-loss record ("improved his record to 52-3",
  "a 3-1 win", ``result_nouns``); a range always counts something ("20-25
  people") and is kept;
* ``ranking`` — a selection by rank ("the two best teams", "the three
  largest banks");
* ``idiom`` — a number inside a phrase that counts nothing ("at one point on
  Sunday", "one by one", ``number_idioms``).

Dates and years are refused earlier (the time tagger's spans and the
quantity finder), and so are numbers inside names; each side of a proportion
("eight of 10") is one percentage, not two claims.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Span, Token

from .tables import families, human_lemma, words
from .predicates import headline_casualty
from .quantities import Quantity


def refusal(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    """Why the number ``q`` is not a ledger claim, or None when it is one."""
    for rule in (_vague, _idiom, _time, _duration, _age, _score, _identifier, _pronoun, _description, _ranking, _generic, _recount):
        reason = rule(q, number, noun, unit, text)
        if reason is not None:
            return reason
    return None


def _vague(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    return "vague" if q.vague else None


def _idiom(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    """"At one point on Sunday", "one by one": a number inside a phrase of ``number_idioms`` counts nothing."""
    offset = max(0, q.number_start - 20)
    at = q.number_start - offset
    for found in _idioms().finditer(text[offset:q.number_end + 20].lower()):
        if found.start() <= at < found.end():
            return "idiom"
    return None


@functools.cache
def _idioms() -> re.Pattern[str]:
    phrases = sorted(words("number_idioms"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def _time(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    if q.unit is not None:
        return None
    after = re.match(r"\s*\(?\s*([a-z.']+)", text[q.number_end:q.number_end + 12].lower())
    if after and (after.group(1) in words("clock_words") or after.group(1).rstrip(".") in words("clock_words")):
        return "time"
    return None


def _duration(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    if noun is not None and q.unit is None and noun.lemma_.lower() in words("duration_nouns"):
        return "duration"
    following = re.match(r"\s?-\s?(\w+)\s?-\s?old\b|\s+(?:years?|months?)\s+old\b", text[q.number_end:q.number_end + 20], re.I)
    return "age" if following else None


def _age(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    """"Robert Pitman, 24," and "aged 24": a person's age."""
    if q.unit is not None or q.value != int(q.value) or not 0 < q.value < 120:
        return None
    first, last = number[0], number[-1]
    doc = number.doc
    digits = [t for t in number if t.like_num]
    if digits and (noun is None or noun.i < first.i) and _age_band(doc, digits[0].i, last.i):
        return "age"
    if q.qualifier != "exact":
        return None
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.lower_ in families("number_determiners")["age"]:
        return "age"
    if before is not None and before.lower_ == "of" and first.i > 1 and doc[first.i - 2].lemma_.lower() == "age":
        return "age"  # "voters between the ages of 18 and 54"
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if before is not None and before.text == "," and first.i > 1 and after is not None and after.text in (",", ".", ";", ")"):
        named = doc[first.i - 2]
        if named.pos_ == "PROPN" or named.ent_type_ == "PERSON" or last.dep_ == "appos":
            return "age"
    if _listed_ages(doc, first.i, last.i):
        return "age"
    if noun is None and last.dep_ in ("attr", "acomp", "oprd") and last.head.lemma_ in ("be", "turn"):
        subject = next((c for c in last.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she", "i")):
            return "age"  # "Teixeira will be 29 in April", "she turns 40"
    return None


_BOUNDS = ("under", "over", "above", "below", "between")
_BAND_END = re.compile(r"(?:and|or) (?:over|older|up|above|under|younger|below)\b|plus\b")


def _age_band(doc: Doc, first: int, last: int) -> bool:
    """"voters under 30", "those 45 and over", "adults 65 or older": a bare number bounding people by age."""
    before = doc[first - 1] if first > 0 else None
    people = doc[first - 2] if first > 1 and before is not None and before.lower_ in _BOUNDS else before
    if people is None or not _people(people):
        return False
    return before is not people or bool(_BAND_END.match(doc[last + 1:last + 3].text.lower()))


def _people(token: Token) -> bool:
    return token.lower_ in ("those", "anyone", "everyone", "people") or token.tag_ in ("NNS", "NNPS") and (
        human_lemma(token.lemma_.lower()) or token.ent_type_ == "NORP")


def _listed_ages(doc: Doc, first: int, last: int) -> bool:
    """"his two half-brothers, 17 and 22, were arrested": bare numbers listed between commas (or a comma and a
    full stop) right after people — a name or a plural noun — are their ages."""
    start, end = first, last
    while start > 0 and (doc[start - 1].like_num or doc[start - 1].lower_ == "and"):
        start -= 1
    while end + 1 < len(doc) and (doc[end + 1].like_num or doc[end + 1].lower_ == "and" or doc[end + 1].text == ","
                                  and end + 2 < len(doc) and doc[end + 2].like_num):
        end += 1
    inner = doc[start:end + 1]
    if start < 2 or end + 1 >= len(doc) or doc[start - 1].text != "," or doc[end + 1].text not in (",", ".", ";"):
        return False
    numbers = [t for t in inner if t.like_num]
    if len(numbers) < 2 or not all(t.text.isdigit() and 0 < int(t.text) < 120 for t in numbers) or inner[0].lower_ == "and":
        return False
    people = doc[start - 2]
    return people.tag_ in ("NNS", "NNPS") or people.pos_ == "PROPN" or people.ent_type_ == "PERSON"


_SCORE = re.compile(r"(\s?[-\u2013]\s?\d+)(\s?[-\u2013]\s?\d+)?(?![\d%]|[.,]\d)")
_SCORE_BEFORE = re.compile(r"\d\s?[-\u2013]\s?$")


def _score(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    """"improved his record to 52-3", "fell to 45-7-2", "a 3-1 win": a score or a win-loss record, each side a bare
    number with nothing counted after it (a range counts something: "20-25 people", "5-10 percent") — unless it
    has three sides ("Rahman (45-7-2, 36 KOs)") or opens a parenthesis a comma closes ("Klitschko (52-3, 46
    KOs)"): a range has two sides and runs on into what it counts."""
    record = _SCORE.match(text, q.number_end)
    if record is not None and q.unit is None and q.value == int(q.value) and \
            (record.group(2) is not None or text[q.number_start - 1:q.number_start] == "("
             and text[record.end():record.end() + 1] in (",", ")")):
        return "score"
    if q.unit is not None or q.value != int(q.value) or (noun is not None and noun.i > number[-1].i
                                                          and noun.lemma_.lower() not in words("result_nouns")):
        return None
    if record is not None:
        return "score"
    return "score" if _SCORE_BEFORE.search(text[max(0, q.number_start - 4):q.number_start]) and noun is None else None


def _identifier(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    if q.unit is not None or q.kind != "number" or headline_casualty(number) is not None:
        return None  # "Quake Kills 10; 80 Hurt": a headline's capitals are not a name
    doc = number.doc
    first = number[0]
    hedged = q.number_start > q.start
    before = doc[first.i - 1] if first.i > 0 and not hedged else None
    counts_after = noun is not None and noun.i > number[-1].i
    if before is not None and before.lower_ in words("identifier_cues") and (before.text[:1].isupper() or not counts_after):
        return "identifier"
    if before is not None and before.pos_ == "PROPN" and before.text[:1].isupper() and before.ent_type_ not in ("DATE", "TIME") \
            and not counts_after and not before.is_sent_start:
        return "name"  # "BlackBerry Curve 8900", "Lower 48", "Order 2005"
    if counts_after and noun is not None and noun.tag_ in ("NN", "NNP") and q.value > 1 and not _hyphenated(number, noun) \
            and noun.lemma_.lower() not in words("magnitude_nouns"):
        return "name"  # "the 810 brigade", "Flight 370", "a 911 caller": a number that names, not counts
    if noun is not None and noun.tag_ == "NNP" and counts_after and not _hyphenated(number, noun):
        return "name"  # "45 High Street"
    return None


def _hyphenated(number: Span, noun: Token) -> bool:
    """"87-store", "1,000-member": a count written as a compound modifier."""
    doc = number.doc
    nxt = number[-1].i + 1
    return nxt < len(doc) and doc[nxt].text == "-" and noun.i == nxt + 1


def _pronoun(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    if q.value != 1 or q.qualifier != "exact" or q.unit is not None or not re.fullmatch(r"one|a|an", q.text.lower()):
        return None
    doc = number.doc
    first, last = number[0], number[-1]
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.lower_ in families("number_determiners")["pronoun"]:
        return "pronoun"  # "no one", "no - one", "the one", "this one"
    return "pronoun" if noun is None or not _casualty_count(noun) else None


def _casualty_count(noun: Token) -> bool:
    """"one person was killed": the verb of a lone "one" is a casualty or arrest."""
    from .predicates import family_of

    head = noun.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX"):
            return family_of(head.lemma_.lower()) in ("killed", "injured", "missing", "arrested", "rescued")
        head = head.head
    return False


def _description(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    if noun is not None and q.unit is None and noun.lemma_.lower() in words("description_nouns") and noun.i > number[-1].i:
        return "description"  # "a three-story structure", "the one - storey supermarket"
    if re.match(r"\s?-\s?(?:foot|feet|ft)\s?-\s?\w+", text[q.number_end:q.number_end + 16], re.I):
        return "description"  # "the six-foot-five champion": a height, written as a compound
    after = re.match(r"\s+(?:in\s+)?([a-z]+)", text[q.end:q.end + 20].lower())
    if q.unit is not None and q.unit != "percent" and after and after.group(1) in words("position_words"):
        return "description"  # "20 feet above the roof", "26.94 degrees in latitude"
    return None


def _ranking(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    """"the two best heavyweights", "the three largest banks": a selection by rank, not a count of anything."""
    doc = number.doc
    nxt = number[-1].i + 1
    if q.unit is None and nxt < len(doc) and doc[nxt].tag_ in ("JJS", "RBS"):
        return "ranking"
    return None


def _generic(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    """"A magnitude-6.0 quake can cause severe damage" (an indefinite subject and "can"); "if ... caused $1 million"."""
    last = number[-1]
    node, path = last, [last]
    for _ in range(8):
        if node.head.i == node.i:
            break
        node = node.head
        path.append(node)
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in node.children):
            return "hypothetical"
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            modal = any(c.dep_ == "aux" and c.lower_ == "can" for c in node.children)
            if modal and subject is not None and subject.i == path[1].i and subject.tag_ == "NN" \
                    and any(c.lower_ in ("a", "an", "any") for c in subject.children):
                return "generic"  # "a magnitude-6.0 quake can cause severe damage": what such a number does, anywhere
            if node.dep_ not in ("xcomp", "conj", "aux", "auxpass"):
                break
    return None


def _recount(q: Quantity, number: Span, noun: Token | None, unit: str | None, text: str) -> str | None:
    if noun is None or q.value > 4 or q.qualifier != "exact" or q.unit is not None:
        return None
    doc = number.doc
    before = doc[number[0].i - 1] if number[0].i > 0 else None
    recount = words("recount_nouns")
    if before is not None and before.lower_ in families("number_determiners")["recount"] and \
            (noun.lemma_.lower() in recount or noun.lower_ in recount):
        return "recount"
    return None
