"""Tense of the sentence around an offset, from cue words, for when no parse is at hand.

The annotate stage reads tense from spaCy's parse (``annotate.times``); this is
the fallback for ingest-time inference and plain ``tag(text)`` calls. The cues
are the ``tense_cues`` lexicon; a future cue wins over a past one ("said it
will meet"). Sentences are looked for within a bounded window, so the cost per
expression does not grow with the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ..lexicon import families

Tense = Callable[[int], str]  # character offset → "past" | "present" | "future" | "none" (no verb governs it)
_WINDOW = 400


@functools.cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    table = families("tense_cues")

    def compile_(words: frozenset[str], extra: str = "") -> re.Pattern[str]:
        phrases = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
        return re.compile(r"(?<![\w'])(?:" + "|".join(phrases) + extra + r")\b", re.I)

    return compile_(table["future"]), compile_(table["past"], r"|\w{3,}ed")


def text_tense(text: str) -> Tense:
    """Tense from the words of the sentence around an offset."""
    future, past = _cues()

    def tense(at: int) -> str:
        low, high = max(0, at - _WINDOW), min(len(text), at + _WINDOW)
        start = max(text.rfind(". ", low, at), text.rfind("\n", low, at)) + 1 or low
        ends = [i for i in (text.find(". ", at, high), text.find("\n", at, high)) if i != -1]
        sentence = text[start:min(ends) if ends else high]
        if future.search(sentence):
            return "future"
        return "past" if past.search(sentence) else "present"
    return tense
