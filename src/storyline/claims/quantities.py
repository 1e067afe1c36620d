"""Numbers in news text: values, ranges, hedges and units, found without a model.

Handles digits with any thousands separator ("11,000", "12 000"), suffixes
("10k", "$1.5bn", "1,000km"), words ("three generals", "a million",
"half a million"), mixtures ("2.5 million"), vague amounts ("dozens",
"hundreds of", "tens of thousands"), ranges ("10,000 to 12,000", "between 10
and 12 thousand") and the hedges in front of them ("approximately", "at
least", "over", "up to", "nearly").

Vague amounts keep both readings: ``value`` is the conservative one analysts
use (ACLED: "dozens" = 12, "hundreds" = 100) and ``low``/``high`` the range the
words allow (12-120, 100-1000). quantulum3 was measured here (TOOLCHAIN.md):
it parses values well but drops every hedge, misreads "10,000 DPRK" as a
compound unit and never returns the counted noun, which is what a claim is
about; it stays the speed peer in ``make bench``.

Refused: years, dates, clock times and ordinals are not quantities; a number
glued to letters ("G7", "F-16") is a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12,
          "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
          "tn": 10**12, "dozen": 12}
# vague amount → (conservative value, low, high)
VAGUE = {
    "dozens": (12, 12, 120), "tens": (10, 10, 100), "scores": (20, 20, 200), "hundreds": (100, 100, 1_000),
    "thousands": (1_000, 1_000, 10_000), "tens of thousands": (10_000, 10_000, 100_000),
    "hundreds of thousands": (100_000, 100_000, 1_000_000), "millions": (1_000_000, 1_000_000, 10_000_000),
    "tens of millions": (10_000_000, 10_000_000, 100_000_000), "billions": (10**9, 10**9, 10**10),
    "several": (3, 3, 9), "a few": (2, 2, 5), "a couple of": (2, 2, 3), "several thousand": (3_000, 3_000, 9_000),
    "several thousands": (3_000, 3_000, 9_000), "several hundred": (300, 300, 900), "a few thousand": (2_000, 2_000, 5_000),
    "a few hundred": (200, 200, 500), "several dozen": (36, 36, 108), "a handful of": (3, 2, 5),
}
HEDGES = [
    ("approx", r"approximately|approx\.|about|around|some|roughly|an estimated|estimated|close to"),
    ("at_least", r"at least|no fewer than|no less than|a minimum of"),
    ("more_than", r"more than|over|upwards of|in excess of|above|exceeding|greater than"),
    ("at_most", r"at most|no more than|nearly|almost|fewer than|less than|under|below|just under"),
    ("up_to", r"up to|as many as|as much as|as high as"),
]
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
                  "sterling": "GBP", "yen": "JPY", "hryvnias": "UAH", "hryvnia": "UAH", "rubles": "RUB", "roubles": "RUB",
                  "won": "KRW", "yuan": "CNY"}
MEASURES = {"km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "mile": "miles",
            "miles": "miles", "m": "m", "metres": "m", "meters": "m", "kg": "kg", "kilograms": "kg", "tonnes": "tonnes",
            "tons": "tonnes", "%": "percent", "percent": "percent", "per cent": "percent", "percentage points": "percentage points",
            "barrels": "barrels", "mph": "mph", "feet": "foot", "foot": "foot", "ft": "foot", "km/h": "km/h", "hectares": "hectares", "acres": "acres", "sq km": "km2"}

_WORD_NUM = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_SCALE = r"hundred|thousand|million|billion|trillion"
_DIGITS = r"\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SUFFIX = r"(?:\s*(?:hundred|thousand|million|billion|trillion)|(?:k|m|mn|mln|bn|b|tn)\b)?"
_NUMBER = (
    rf"(?:(?:{_DIGITS}){_SUFFIX}"
    rf"|(?:half\s+a|a|one|a\s+quarter\s+of\s+a)\s+(?:{_SCALE}|dozen)"
    rf"|(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?(?:\s+(?:{_SCALE}|dozen))*(?:\s+and\s+(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?)?(?![a-z]))"
)
_VAGUE = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))
_HEDGE = "|".join(f"(?P<{name}>{words})" for name, words in HEDGES)
_CURRENCY = r"(?:US\$|\$|€|£|¥|₴|₽)"
_PATTERN = re.compile(
    rf"(?:(?P<between>between)\s+|(?P<from>from)\s+|(?:{_HEDGE})\s+)?"
    rf"(?P<cur>{_CURRENCY})?\s?(?P<num>(?:{_VAGUE})(?![a-z])|{_NUMBER})"
    rf"(?:\s*(?P<sep>-|–|—|to|and)\s*(?P<cur2>{_CURRENCY})?\s?(?P<num2>{_NUMBER}))?"
    rf"(?P<measure>\s*%|[\s-]*(?:percent|per cent|percentage points|km/h|km|kilomet(?:re|er)s?|miles?|kg|kilograms|tonnes|tons|barrels|mph|hectares|acres|feet|foot|ft)(?![a-z]))?",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """A number as written: span, value or range, hedge, and the unit when the number carries one."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    qualifier: str  # exact | approx | at_least | more_than | at_most | up_to | range
    unit: str | None = None  # percent, USD, km ... (counted nouns come from the parse)
    vague: bool = False
    number_start: int = 0  # where the number itself starts (after any hedge)
    number_end: int = 0


def parse_number(text: str) -> float | None:
    """The value of one number phrase: "12 000", "1.5bn", "two hundred and six", "half a million"; None if not a number."""
    words = text.lower().replace("-", " ").replace("\u00a0", " ").replace("\u202f", " ").split()
    if not words:
        return None
    compact = "".join(words)
    if match := re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)(k|m|mn|mln|bn|b|tn)?", compact):
        number = float(match.group(1).replace(",", ""))
        return number * SCALES.get(match.group(2) or "", 1)
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:\.\d+)?", " ".join(words)):
        return float("".join(words))
    total, current = 0.0, 0.0
    for word in words:
        if word == "and":
            continue
        if word in ("a", "an"):
            current = current or 1
        elif word == "half":
            current = 0.5
        elif word == "quarter":
            current = 0.25
        elif word == "of":
            continue
        elif re.fullmatch(r"\d+(?:[.,]\d+)?", word):
            current += float(word.replace(",", "")) if "," not in word or len(word.split(",")[-1]) == 3 else float(word.replace(",", "."))
        elif word in WORD_NUMBERS:
            current += WORD_NUMBERS[word]
        elif word in SCALES:
            scale = SCALES[word]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0
            else:
                current = (current or 1) * scale
        else:
            return None
    return total + current


def find_quantities(text: str, excluded: list[tuple[int, int]] | None = None) -> Iterator[Quantity]:
    """Every quantity in ``text``, skipping spans in ``excluded`` (time expressions)."""
    excluded = excluded or []
    for match in _matches(text):
        quantity = _quantity(match, text)
        if quantity is None:
            continue
        if any(s < quantity.number_end and quantity.number_start < e for s, e in excluded):
            continue
        yield quantity


_FIRST_WORDS = sorted({w.split()[0] for _, words in HEDGES for w in words.split("|")} | set(WORD_NUMBERS)
                      | {v.split()[0] for v in VAGUE} | {"between", "from", "half", "a", "one", "us"}, key=len, reverse=True)
_TRIGGER = re.compile(r"\d|[$€£¥₴₽]|\b(?:" + "|".join(re.escape(w) for w in _FIRST_WORDS) + r")\b", re.I)


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_PATTERN.finditer`` tried only where a quantity can start (much faster on prose)."""
    position = 0
    for trigger in _TRIGGER.finditer(text):
        start = trigger.start()
        if start < position:
            continue
        match = _PATTERN.match(text, start)
        if match is not None and match.end() > start:
            position = match.end()
            yield match


def _quantity(match: re.Match[str], text: str) -> Quantity | None:
    num_start, num_end = match.start("num"), match.end("num")
    if _glued(text, num_start, num_end):
        return None
    raw = match.group("num").lower()
    vague = VAGUE.get(" ".join(raw.split()))
    value = float(vague[0]) if vague else parse_number(raw)
    if value is None:
        return None
    low = high = value
    qualifier = next((name for name, _ in HEDGES if match.group(name)), "exact")
    if vague:
        low, high = float(vague[1]), float(vague[2])
        qualifier = qualifier if qualifier != "exact" else "approx"
    end, tail_ok = num_end, match.group("num2") is None
    if match.group("num2") is not None and (upper := _range_end(match, text)) is not None:
        value = _scaled_like(value, raw, match.group("num2").lower())
        low, high, qualifier = min(value, upper), max(value, upper), "range"
        end, tail_ok = match.end("num2"), True
    unit = _unit(match, text, end) if tail_ok or match.group("cur") else None
    if tail_ok and match.group("measure"):
        end = match.end("measure")
    if unit is None and qualifier == "exact" and re.fullmatch(r"(?:19|20)\d\d", raw):
        return None  # a year
    if re.match(r"(?:st|nd|rd|th)\b", text[num_end:num_end + 3], re.I):
        return None  # an ordinal
    start = match.start()
    while text[start].isspace():
        start += 1
    return Quantity(start, end, text[start:end], value, low, high, qualifier, unit, vague is not None, num_start, num_end)


def _range_end(match: re.Match[str], text: str) -> float | None:
    sep = match.group("sep").lower()
    if sep == "and" and not match.group("between"):
        return None
    if _glued(text, match.start("num2"), match.end("num2")):
        return None
    return parse_number(match.group("num2"))


def _scaled_like(value: float, first: str, second: str) -> float:
    """"between 10 and 12 thousand": the first number takes the second's scale."""
    scale = re.search(rf"\b({_SCALE})\b|\d(k|bn|m)$", second)
    if scale and not re.search(rf"\b({_SCALE})\b|\d(k|bn|m)$", first) and value < 1000:
        return value * SCALES[(scale.group(1) or scale.group(2)).lower()]
    return value


def _glued(text: str, start: int, end: int) -> bool:
    """A number stuck to letters or digits around it is part of a name or code ("G7", "F-16", "2x4")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalpha() or (before == "-" and start > 1 and text[start - 2].isalnum()):
        return True
    return after.isdigit() or (after.isalpha() and not text[end:end + 2].lower() in ("km", "kg") and not re.match(r"(?:k|m|bn|mn|tn)\b", text[end:end + 3], re.I))


def _unit(match: re.Match[str], text: str, end: int) -> str | None:
    if match.group("cur"):
        return CURRENCIES[match.group("cur").lower()]
    if match.group("measure"):
        measure = " ".join(match.group("measure").strip(" -").lower().split())
        return MEASURES.get(measure, measure)
    after = re.match(r"\s+(?:US\s+)?([A-Za-z]+)", text[end:])
    if after and after.group(1).lower() in CURRENCY_WORDS:
        return CURRENCY_WORDS[after.group(1).lower()]
    return None
