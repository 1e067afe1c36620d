"""The rule registry of the time grammar and the candidate search over a text.

A rule is one regular expression and the handler that turns its match into a
TIMEX3 value, registered together by decorating the handler::

    @rule(rf"{MONTH}\\s+\\d{{1,2}}", first="<month>")
    def month_day(self, text, at): ...

``first`` lists the words a match can start with ("#" stands for a number,
"<month>" and "<weekday>" for their names); a rule is only tried where its first
word stands, which keeps the search to one dictionary look-up per word.
``bind`` checks, when the module defining the handlers is imported, that every
rule has its handler on the resolver class and that its first words are
known, so a rule cannot silently never fire.

The search is linear in the length of the text: every word start is tried
against the few rules that can start there; overlapping candidates are then
settled longest first (ties: leftmost) against an occupancy map of the text,
never by comparing a candidate with the ones already taken.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError
from ..text import MONTH_NAMES, WEEKDAYS

Handler = Callable[..., Any]
Veto = Callable[[str, re.Match[str]], bool]

_STARTS = re.compile(r"(?<![^\W_])[^\W_]|(?<=[^\W\d_])\d")
_TOKEN = re.compile(r"[^\W_]+")
_LEADING_NUMBER = re.compile(r"[0-9]+(?:st|nd|rd|th)?")


class GrammarError(ConfigError):
    """A rule of the time grammar is malformed: no handler, an unknown first word, a duplicate name."""


@dataclass(frozen=True)
class Rule:
    """One rule: its name (the handler's), compiled pattern, first words and handler."""

    name: str
    pattern: re.Pattern[str]
    first: frozenset[str]
    handler: Handler
    anchors: bool  # a day it resolves to becomes the narrative's reference date
    veto: Veto | None = None  # refuses a match before spans are settled ("may" the verb)


@dataclass
class Grammar:
    """Rules in priority order (the order of registration breaks no ties: the longest match wins)."""

    rules: list[Rule] = field(default_factory=list)

    def rule(self, pattern: str, *, first: str, anchors: bool = False, guard: bool = True,
             before: str = r"(?<!\w)", veto: Veto | None = None) -> Callable[[Handler], Handler]:
        """Register the decorated handler with ``pattern``: one rule, in one place."""
        def register(handler: Handler) -> Handler:
            name = handler.__name__
            if any(r.name == name for r in self.rules):
                raise GrammarError(f"time grammar: rule {name!r} is registered twice")
            body = f"{before}(?:{pattern})(?!\\w)" if guard else pattern
            words = frozenset(w.strip().lower() for w in first.split("|") if w.strip())
            self.rules.append(Rule(name, re.compile(body, re.I), _expand(words, name), handler, anchors, veto))
            self._for_word.cache_clear()
            return handler
        return register

    def bind(self, resolver: type) -> None:
        """Check every rule against the resolver class its handlers belong to."""
        for r in self.rules:
            if getattr(resolver, r.name, None) is not r.handler:
                raise GrammarError(f"time grammar: rule {r.name!r} has no handler {resolver.__name__}.{r.name}")

    @functools.lru_cache(maxsize=65536)
    def _for_word(self, word: str) -> tuple[Rule, ...]:
        numeric = _LEADING_NUMBER.match(word) is not None
        key = "#" if numeric else word.lower()
        return tuple(r for r in self.rules if key in r.first or (numeric and "#" in r.first))

    def find(self, text: str) -> Iterator[tuple[Rule, re.Match[str]]]:
        """Non-overlapping candidates, longest first when they compete, yielded left to right."""
        hits: list[tuple[int, int, int, Rule, re.Match[str]]] = []
        for trigger in _STARTS.finditer(text):
            pos = trigger.start()
            token = _TOKEN.match(text, pos)
            word = token.group() if token else ""
            if number := _LEADING_NUMBER.match(word):
                word = number.group()
            for order, r in enumerate(self._for_word(word)):
                if (m := r.pattern.match(text, pos)) is not None and m.end() > m.start():
                    hits.append((m.start() - m.end(), m.start(), order, r, m))
        hits.sort(key=lambda h: (h[0], h[1], h[2]))
        taken = bytearray(len(text) + 1)
        chosen = []
        for _, start, _, r, m in hits:
            end = m.end()
            if taken.find(1, start, end) != -1 or "\n\n" in m.group():
                continue
            if r.veto is not None and r.veto(text, m):
                continue
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, r, m))
        chosen.sort(key=lambda c: c[0])
        for _, r, m in chosen:
            yield r, m

    def __hash__(self) -> int:  # lru_cache on a method needs a hashable self
        return id(self)


def _expand(words: frozenset[str], name: str) -> frozenset[str]:
    """Replace the class words "<month>" and "<weekday>" by their members."""
    out = set(words)
    if "<month>" in out:
        out = (out - {"<month>"}) | set(MONTH_NAMES)
    if "<weekday>" in out:
        out = (out - {"<weekday>"}) | set(WEEKDAYS)
    if not out:
        raise GrammarError(f"time grammar: rule {name!r} has no first words")
    bad = [w for w in out if not re.fullmatch(r"[#a-z0-9]+", w)]
    if bad:
        raise GrammarError(f"time grammar: rule {name!r} has first words that are not words: {bad}")
    return frozenset(out)
