"""The citation check: does a cited span support what a briefing sentence states?

A briefing part (a sentence, or one value of a figure line) is supported by
its cited span when the span

* names every actor the part names, by any of its aliases ("DPRK",
  "Pyongyang" and "North Korean" are all North Korea);
* contains every number the part states ("over 10,000" needs 10,000 in the
  span; "about 12–120" is met by "dozens", which the quantity reader reads as
  12–120);
* stands on its own: it does not open with a discourse opener ("However,",
  "The move ...") and uses no pronoun before it names any actor ("He said
  11,000 ..."), since either means the span depends on text outside it.

What the part states is read back from its *text*, not taken from the
generator: actors by their canonical names (the generator writes canonical
names; longest name first, so "North Korea" is not "Korea"), numbers outside
the dates the briefing writes (:func:`format_date`). A part that fails is
withheld by the briefing, with these reasons.

Considered: an entailment model (as the attribution benchmarks use) — none
ships on PyPI for offline use at a size we accept, and "which name, which
number" is what analysts check first; the quantity reader from
``claims.quantities`` reads the numbers of the span, so "12 000", "12,000" and
"twelve thousand" are the same number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..claims.quantities import find_quantities
from ..lexicon import lexicon

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(r"\b(?:\d{1,2} )?(?:" + "|".join(MONTHS) + r") \d{4}\b|\b[Ii]n \d{4}\b")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Citation:
    """A span of a document's clean text (Python string offsets)."""

    doc_id: str
    start: int
    end: int


def format_date(value: str | None) -> str:
    """An ISO date as the briefing writes it: '4 Nov 2024', 'Nov 2024', 'in 2024' ('' for none)."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) >= 3 and parts[1].isdigit() and parts[2][:2].isdigit():
        return f"{int(parts[2][:2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"in {parts[0]}" if parts[0].isdigit() else value


class NameIndex:
    """Actors by canonical name (to read what a part names) and by every alias (to find them in a span)."""

    def __init__(self, actors: Iterable[Mapping[str, object]]):
        self.aliases: dict[str, tuple[str, ...]] = {}
        names: dict[str, str] = {}
        for actor in actors:
            actor_id, name = str(actor["id"]), str(actor["name"])
            aliases = [name, *(str(a) for a in actor.get("aliases") or ())]  # type: ignore[attr-defined]
            self.aliases[actor_id] = tuple(a for a in dict.fromkeys(aliases) if len(a) > 1)
            names.setdefault(name, actor_id)
        ordered = sorted(names, key=len, reverse=True)
        self.names = names
        self._pattern = re.compile("|".join(_bounded(n) for n in ordered)) if ordered else None
        self._alias_patterns: dict[str, re.Pattern[str]] = {}
        every = sorted({a for aliases in self.aliases.values() for a in aliases}, key=len, reverse=True)
        self._any = re.compile("|".join(_alias(a) for a in every)) if every else None

    def named_in(self, text: str) -> tuple[list[str], str]:
        """Actor ids named in ``text`` (in order) and the text with those names blanked out."""
        if self._pattern is None:
            return [], text
        found: list[str] = []

        def blank(match: re.Match[str]) -> str:
            found.append(self.names[match.group(0)])
            return " " * len(match.group(0))

        return found, self._pattern.sub(blank, text)

    def position_in(self, actor_id: str, span: str) -> int | None:
        """Where ``span`` first names ``actor_id`` by any alias, or None."""
        pattern = self._alias_patterns.get(actor_id)
        if pattern is None:
            aliases = sorted(self.aliases.get(actor_id, ()), key=len, reverse=True)
            if not aliases:
                return None
            pattern = self._alias_patterns[actor_id] = re.compile("|".join(_alias(a) for a in aliases))
        match = pattern.search(span)
        return match.start() if match else None


    def first_actor(self, span: str) -> int | None:
        """Where ``span`` first names any actor of the index."""
        match = self._any.search(span) if self._any is not None else None
        return match.start() if match else None


def _bounded(name: str) -> str:
    return r"(?<!\w)" + re.escape(name) + r"(?!\w)"


def _alias(alias: str) -> str:
    """Short all-capital aliases ("US") match only in capitals; others in any case."""
    if alias.isupper() and len(alias) <= 4:
        return _bounded(alias)
    return "(?i:" + _bounded(alias) + ")"


def stated_numbers(text: str) -> list[float]:
    """The numbers a part states, dates left out (text with actor names already blanked)."""
    text = _DATE.sub(lambda m: " " * len(m.group(0)), text)
    return [float(m.group(0).replace(",", "")) for m in _NUMBER.finditer(text)]


def span_numbers(span: str) -> set[float]:
    """Every number the span contains: each quantity's value and both ends of a range or vague amount."""
    numbers = {float(m.group(0).replace(",", "")) for m in _NUMBER.finditer(span) if m.group(0).replace(",", "")}
    for quantity in find_quantities(span):
        numbers.update((quantity.value, quantity.low, quantity.high))
    return numbers


def check(text: str, span: str, index: NameIndex, outlet: str | None = None) -> tuple[str, ...]:
    """Why ``span`` does not support ``text`` (empty when it does).

    ``outlet`` is the cited document's source: a part may name it ("(The Kyiv Independent, 5 Nov
    2024)") without the span doing so, since the document itself says who published it.
    """
    if outlet:
        text = text.replace(outlet, " " * len(outlet))
    actors, rest = index.named_in(text)
    reasons: list[str] = []
    positions = []
    for actor_id in dict.fromkeys(actors):
        position = index.position_in(actor_id, span)
        if position is None:
            reasons.append(f"the cited span does not name {_name(index, actor_id)}")
        else:
            positions.append(position)
    available = span_numbers(span)
    for number in stated_numbers(rest):
        if not any(_same(number, n) for n in available):
            reasons.append(f"the cited span does not contain the number {number:,g}")
    if (anyone := index.first_actor(span)) is not None:
        positions.append(anyone)
    reasons.extend(_dependence(span, positions))
    return tuple(reasons)


def _name(index: NameIndex, actor_id: str) -> str:
    return next((name for name, i in index.names.items() if i == actor_id), actor_id)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _dependence(span: str, actor_positions: Sequence[int]) -> list[str]:
    """A discourse opener, or a pronoun before the span names anyone, makes the span depend on what precedes it."""
    table = lexicon("citation_check")
    opening = span.lstrip(" \t\n“\"'‘•-—–(").lower()
    for opener in sorted(table["openers"], key=len, reverse=True):
        if re.match(re.escape(opener) + r"(?![\w'’])", opening):
            return [f"the cited span opens with '{opener}', which depends on what came before it"]
    pronouns = set(table["pronouns"])
    for match in _WORD.finditer(span):
        word = match.group(0)
        if word.lower() in pronouns and not word.isupper():
            if not actor_positions or match.start() < min(actor_positions):
                return [f"the cited span uses '{word}' before naming who it refers to"]
            break
    return []
