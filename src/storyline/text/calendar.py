"""Month and weekday names as regular expressions and numbers, from the ``months`` and
``weekdays`` lexicons.

``MONTH`` matches a full name or an abbreviation with an optional full stop
("Sept.", "Aug", "March"); a full name never takes the stop, which ends the
sentence. ``WEEKDAY`` matches full names only (running text), ``WEEKDAY_ABBR``
full names and abbreviations (for datelines, where "Sat" cannot be a verb).
Patterns are non-capturing and case-sensitive as written: compile with
``re.I``.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import word_map


@functools.cache
def _months() -> dict[str, int]:
    return {str(name).lower(): int(number) for name, number in word_map("months").items()}


@functools.cache
def _weekdays() -> dict[str, int]:
    table: dict[str, int] = {}
    for index, (name, abbreviations) in enumerate(word_map("weekdays").items()):
        table[str(name).lower()] = index
        table.update({str(a).lower(): index for a in abbreviations})
    return table


def _alternation(full: list[str], short: list[str]) -> str:
    words = [re.escape(w) for w in full] + [re.escape(w) + r"\.?" for w in short]
    order = sorted(zip(full + short, words), key=lambda pair: -len(pair[0]))
    return "(?:" + "|".join(pattern for _, pattern in order) + ")"


def _month_pattern() -> str:
    names = list(_months())
    full = [n for n in names if n in _full_names(names)]
    return _alternation(full, [n for n in names if n not in full])


def _full_names(names: list[str]) -> set[str]:
    """A name is full when no other name of the same month is longer (``may`` is both)."""
    longest: dict[int, str] = {}
    for name in names:
        number = _months()[name]
        if len(name) > len(longest.get(number, "")):
            longest[number] = name
    return set(longest.values())


MONTH = _month_pattern()
MONTH_NAMES: tuple[str, ...] = tuple(_months())
WEEKDAYS: tuple[str, ...] = tuple(str(name).lower() for name in word_map("weekdays"))
WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
WEEKDAY_ABBR = _alternation(list(WEEKDAYS), sorted((w for w in _weekdays() if w not in WEEKDAYS), key=len, reverse=True))


def month_number(name: str) -> int:
    """1-12 for an English month name or abbreviation ("Sept.", "nov"); KeyError otherwise."""
    return _months()[name.lower().rstrip(".")]


def weekday_number(name: str) -> int:
    """0 (Monday) to 6 for a weekday name or abbreviation ("Tue", "thurs."); KeyError otherwise."""
    return _weekdays()[name.lower().rstrip(".")]
