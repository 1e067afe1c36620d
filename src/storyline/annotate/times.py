"""The time stage inside the annotate pass: tense from the parse, then the tagger.

The grammar and resolver live in ``timex`` and need no model; this module
gives them the tense of each expression's governing verb from spaCy's parse
("said on Monday" → past, "will meet on Monday" → future).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..lexicon import families
from ..model import Time
from ..temporal.timex import Anchor, Tense, tag
from ..text.docs import doc_text

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "’ll"}
_PLANNING = families("tense_cues")["planning"]
_PROSPECTIVE = families("tense_cues")["prospective"]


def doc_tense(doc: Doc) -> Tense:
    """Tense at a character offset, read from the verb that governs the token there ("none" when no verb does)."""
    length = len(doc_text(doc))

    def tense(at: int) -> str:
        span = doc.char_span(at, min(at + 1, length), alignment_mode="expand")
        if span is None or len(span) == 0:
            return "present"
        token = span[0]
        if token.dep_ in ("compound", "poss", "nmod") and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i:
            return "none"  # "the October slaying", "Wednesday's ruling": the date of a thing, not of the verb
        governor = _governor(token)
        return verb_tense(governor, planned=token.i > governor.i)
    return tense


def _governor(token: Token) -> Token:
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and seen < 12:
        token, seen = token.head, seen + 1
    return token


def verb_tense(verb: Token, depth: int = 0, planned: bool = True) -> str:
    """future for "will meet", "is going to meet", "is expected to meet", "has scheduled"; past for
    "met", "had met", "the year ended", "voted to support"; present for "meets"; none without a verb;
    a participle clause ("swung, climbing to $40") takes the tense of the verb it hangs on.
    ``planned`` is False for a date written before its verb ("On Friday, the government planned..."):
    then the date is when the planning was done, and only the grammar's tense counts."""
    if verb.pos_ not in ("VERB", "AUX"):
        return "none"
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes} | {verb.lower_}
    if words & _FUTURE_AUX or any(a.lower_ == "going" for a in auxes) and any(c.lower_ == "to" for c in verb.children):
        return "future"
    if verb.lemma_ in _PLANNING and planned:
        return "future"  # what is planned or expected lies ahead of the saying
    if any(a.tag_ == "TO" for a in auxes) and verb.head.lower_ in _PROSPECTIVE and verb.dep_ == "xcomp":
        return "future"  # "the talks, set to resume Monday", "was due to vote Friday": ahead, whenever it was set
    if any(a.tag_ == "TO" for a in auxes) and verb.head.i != verb.i and depth < 3:
        matrix = verb_tense(_governor(verb.head), depth + 1)  # "is expected to join": ahead; "voted to support": when they voted
        return "past" if matrix == "past" else "future"
    if verb.tag_ == "VBG" and not auxes and verb.dep_ in ("advcl", "conj") and verb.head.i != verb.i and depth < 3:
        return verb_tense(_governor(verb.head), depth + 1)  # "fluctuated, rising to $42 in June from $29 in March": when it fluctuated
    if verb.tag_ == "VBD" or any("Past" in a.morph.get("Tense", []) for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and (any(a.lemma_ == "have" for a in auxes) or (not auxes and verb.dep_ in ("acl", "amod"))):
        return "past"
    return "present"


def times(doc: Doc, doc_id: str, anchor: Anchor | None) -> list[Time]:
    return [Time(doc_id, t.start, t.end, t.text, t.type, t.value) for t in tag(doc_text(doc), anchor, doc_tense(doc))]
