"""Number words that count time units: the number words of the ``number_words`` lexicon (the same
the quantity finder reads) and the phrases of ``time_amounts`` ("a couple of", "several").

``NUM`` matches a digit amount ("3", "2.5"), a listed word or phrase ("a
couple of", "several") or a compound of tens and ones ("twenty-four",
"twenty four"); ``number_value`` reads it back: an int or float (0.5 for "half an"), or ``"X"``
for a vague amount.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import word_map


@functools.cache
def _words() -> dict[str, int | float | str]:
    numbers = word_map("number_words")
    words: dict[str, int | float | str] = {str(k).lower(): int(v) for k, v in numbers["units"].items() if int(v) > 0}
    words |= {str(k).lower(): int(v) for k, v in numbers["scales"].items() if int(v) <= 100}
    return words | {str(k).lower(): (v if isinstance(v, (int, float)) else str(v)) for k, v in word_map("time_amounts").items()}


def _tens() -> list[str]:
    return [w for w, v in _words().items() if isinstance(v, int) and 20 <= v <= 90 and v % 10 == 0 and " " not in w]


def _ones() -> list[str]:
    return [w for w, v in _words().items() if isinstance(v, int) and 1 <= v <= 9 and " " not in w and w not in ("a", "an")]


def _pattern() -> str:
    compound = f"(?:{'|'.join(_tens())})[- ](?:{'|'.join(_ones())})"
    phrases = sorted(_words(), key=len, reverse=True)
    return r"(?:\d+(?:\.\d+)?|" + compound + "|" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + ")"


NUM = _pattern()
NUMBER_FIRST_WORDS: frozenset[str] = frozenset(re.split(r"[\s-]", w)[0] for w in _words()) | frozenset(_tens())
_COMPOUND = re.compile(rf"({'|'.join(_tens())})[- ]({'|'.join(_ones())})")


def number_value(text: str) -> int | float | str:
    """The amount ``NUM`` matched: 24 for "twenty-four", 2.5 for "2.5", "X" for "several"."""
    key = " ".join(text.lower().split())
    words = _words()
    if key in words:
        return words[key]
    if match := _COMPOUND.fullmatch(key):
        return int(words[match.group(1)]) + int(words[match.group(2)])
    try:
        return float(key) if "." in key else int(key)
    except ValueError:
        return "X"
