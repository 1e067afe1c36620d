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

The search is linear in the length of the text: each word is looked up in a
table of first words, and tried against the few rules that can start with
it (most words start none); overlapping
candidates are then settled longest first (ties: leftmost) against an
occupancy map of the text, never by comparing a candidate with the ones
already taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError
from ..text import MONTH_NAMES, WEEKDAYS

Handler = Callable[..., Any]
_TOKEN = re.compile(r"[^\W_]+")
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_])\d")
Veto = Callable[[str, re.Match[str]], bool]



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
    _compiled: dict[str, tuple[Rule, ...]] | None = None

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
            self._compiled = None
            return handler
        return register

    def bind(self, resolver: type) -> None:
        """Check every rule against the resolver class its handlers belong to."""
        for r in self.rules:
            if getattr(resolver, r.name, None) is not r.handler:
                raise GrammarError(f"time grammar: rule {r.name!r} has no handler {resolver.__name__}.{r.name}")

    def _index(self) -> dict[str, tuple[Rule, ...]]:
        """The rules each first word can start ("#": a number)."""
        if self._compiled is None:
            words = {w for r in self.rules for w in r.first}
            self._compiled = {w: tuple(r for r in self.rules if w in r.first) for w in words}
        return self._compiled

    def find(self, text: str) -> Iterator[tuple[Rule, re.Match[str]]]:
        """Non-overlapping candidates, longest first when they compete, yielded left to right.

        No expression spans a paragraph break, so the text is settled block by block: the
        cost stays linear however long the text is."""
        for start, end in _blocks(text):
            yield from self._settle(text, self._candidates(text, start, end))

    def _candidates(self, text: str, start: int, end: int) -> list[tuple[int, int, int, Rule, re.Match[str]]]:
        table = self._index()
        numeric = table.get("#", ())
        hits: list[tuple[int, int, int, Rule, re.Match[str]]] = []
        for token in _TOKEN.finditer(text, start, end):
            word, pos = token.group(), token.start()
            if word[0].isdigit():
                self._try(text, pos, numeric, hits)
                continue
            if candidates := table.get(word.lower()):
                self._try(text, pos, candidates, hits)
            if not word.isalpha() and (glued := _GLUED_NUMBER.search(word)):
                self._try(text, pos + glued.start(), numeric, hits)  # "Rai6 November 2024": a stamp glued to a name
        return hits

    @staticmethod
    def _try(text: str, at: int, candidates: tuple[Rule, ...], hits: list[tuple[int, int, int, Rule, re.Match[str]]]) -> None:
        for order, r in enumerate(candidates):
            if (m := r.pattern.match(text, at)) is not None and m.end() > m.start():
                hits.append((m.start() - m.end(), at, order, r, m))

    @staticmethod
    def _settle(text: str, hits: list[tuple[int, int, int, Rule, re.Match[str]]]) -> list[tuple[Rule, re.Match[str]]]:
        if not hits:
            return []
        hits.sort(key=lambda h: (h[0], h[1], h[2]))
        low = min(h[1] for h in hits)
        taken = bytearray(max(h[4].end() for h in hits) - low + 1)
        chosen = []
        for _, start, _, r, m in hits:
            first, last = start - low, m.end() - low
            if taken.find(1, first, last) != -1 or "\n\n" in m.group():
                continue
            if r.veto is not None and r.veto(text, m):
                continue
            taken[first:last] = b"\x01" * (last - first)
            chosen.append((start, r, m))
        chosen.sort(key=lambda c: c[0])
        return [(r, m) for _, r, m in chosen]


def _blocks(text: str, size: int = 20000) -> Iterator[tuple[int, int]]:
    """(start, end) of runs of paragraphs of about ``size`` characters, cut at paragraph breaks."""
    start = 0
    while start < len(text):
        cut = text.find("\n\n", start + size)
        end = len(text) if cut == -1 else cut + 1
        yield start, end
        start = end


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
