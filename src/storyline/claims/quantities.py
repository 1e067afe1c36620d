"""Numbers in news text: values, ranges, hedges and units, found without a model.

Handles digits with any thousands separator ("11,000", "12 000"), suffixes
("10k", "$1.5bn", "1,000km"), words ("three generals", "a million",
"half a million"), mixtures ("2.5 million"), vague amounts ("dozens",
"tens of thousands"), fractions before "of" ("half of the roof",
"two-thirds of homes": percentages), proportions ("eight of 10", "one in
five": one percentage, not two counts), ranges ("10,000 to 12,000",
"between 10 and 12 thousand", "5 percent to 25 percent") and the hedges in
front of them ("approximately", "at least", "over", "up to", "nearly").
Units come from the registry in ``units`` (symbols and words after the
number, currency signs before it); earthquake magnitudes are a unit of their
own ("magnitude 5.6", "a 5.6-magnitude quake", "5.6 on the Richter scale").

Text from tokenised corpora ("120, 000", "6. 1", "06: 00", "U. S.") is read
as the numbers it was cut from, but only in a document written that way (its
hyphens or initials spaced out), so "On March 3, 100 people" elsewhere stays
two numbers.

Vague amounts keep both readings: ``value`` is the conservative one analysts
use (ACLED: "dozens" = 12, "hundreds" = 100) and ``low``/``high`` the range the
words allow (12-120, 100-1000). quantulum3 was measured here (TOOLCHAIN.md):
it parses values well but drops every hedge, misreads "10,000 DPRK" as a
compound unit and never returns the counted noun, which is what a claim is
about; its unit *data* is the registry, and its parser the speed peer in
``make bench``.

Refused: years, clock times ("06:00", "8: 20"), dates written with slashes
("9/17/16"), ordinals, phone numbers, numbers in URLs, heights written in
feet and inches (6'3"), and a number glued to letters ("G7", "F-16") — a
name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .tables import word_map, words
from .units import Unit, currency_of_prefix, currency_prefixes, registry


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
    unit: str | None = None  # the claim's short unit: percent, USD, km, magnitude ... (counted nouns come from the parse)
    vague: bool = False
    number_start: int = 0  # where the number itself starts (after any hedge)
    number_end: int = 0
    unit_name: str | None = None  # the registry's name of the unit: percentage, dollar, kilometre ...
    kind: str = "number"  # number | fraction | proportion | vague


MAGNITUDE = Unit("magnitude", "magnitude")
PERCENT = Unit("percentage", "dimensionless")


@dataclass(frozen=True)
class _Tables:
    units: dict[str, float]
    scales: dict[str, float]
    suffixes: dict[str, float]
    fractions: dict[str, float]
    vague: dict[str, tuple[float, float, float]]
    hedges: dict[str, str]  # hedge words → qualifier
    pattern: re.Pattern[str]
    tokenised_pattern: re.Pattern[str]
    trigger: re.Pattern[str]
    prefix: re.Pattern[str]  # a hedge, "between" or "from" right before a number


@functools.cache
def tables() -> _Tables:
    numbers = word_map("number_words")
    units = {str(k): float(v) for k, v in numbers["units"].items()}
    scales = {str(k): float(v) for k, v in numbers["scales"].items()}
    suffixes = {str(k): float(v) for k, v in numbers["suffixes"].items()}
    fractions = {str(k): float(v) for k, v in numbers["fractions"].items()}
    vague = {str(k): (float(v[0]), float(v[1]), float(v[2])) for k, v in word_map("vague_amounts").items()}
    hedges = {str(w): q for q, ws in word_map("hedges").items() for w in ws}
    pattern = _pattern(units, scales, suffixes, fractions, vague, hedges, tokenised=False)
    tokenised = _pattern(units, scales, suffixes, fractions, vague, hedges, tokenised=True)
    # where a number can start: a digit, a currency sign, a number word; a hedge is found looking back from it
    starts = set(units) | {v.split()[0] for v in vague if v.split()[0] not in ("a", "an")} | set(fractions) \
        | {"magnitude", "minus"}
    after_a = sorted({*scales, *fractions, *(v.split()[1] for v in vague if v.split()[0] in ("a", "an")), "half"}, key=len,
                     reverse=True)
    trigger = re.compile(r"\d|[$€£¥₹₩₽₴₪₦₺]|\b(?:" + "|".join(re.escape(w) for w in sorted(starts, key=len, reverse=True))
                         + r")\b|\b(?:an?|half)\s+(?=(?:" + "|".join(map(re.escape, after_a)) + r")\b)", re.I)
    prefix = re.compile(r"\b(?:between|from|" + _alternatives(list(hedges)) + r")\s+(?:US\s?\$|\$US|[$€£¥])?$", re.I)
    return _Tables(units, scales, suffixes, fractions, vague, hedges, pattern, tokenised, trigger, prefix)


def _alternatives(items: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))


def _pattern(units, scales, suffixes, fractions, vague, hedges, tokenised: bool) -> re.Pattern[str]:
    word = _alternatives(list(units))
    scale = _alternatives([s for s in scales])
    big = _alternatives([s for s, v in scales.items() if v >= 100])
    suffix = _alternatives(list(suffixes))
    sep = r"(?:,|\u00a0|\u202f| )"
    digits = rf"\d{{1,3}}(?:{sep}\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?"
    if tokenised:  # "120, 000" and "6. 1": numbers a tokeniser cut apart
        digits = rf"\d{{1,3}}(?:, \d{{3}})+(?!\d)|\d+\. \d{{1,2}}(?!\d|\.\s?\d)|{digits}"
    number = (
        rf"(?:(?:{digits})(?:\s*(?:{big})(?:\s+(?:{big}))*|(?:{suffix})\b)?"
        rf"|(?:half\s+a|a|an|one|a\s+quarter\s+of\s+a)\s+(?:{scale})(?:\s+(?:{big}))*"
        rf"|a\s+half\s?-?\s?dozen"
        rf"|(?:{word})(?:\s?-\s?(?:{word})|\s+(?:{word}))?(?:\s+(?:{scale}))*(?:\s+and\s+(?:{word})(?:\s?-\s?(?:{word}))?)?(?![a-z]))"
    )
    fraction = (rf"(?:half|a\s+third|a\s+quarter|a\s+fifth|a\s+tenth|(?:{word})\s?-?\s?(?:{_alternatives(list(fractions))}))"
                rf"(?=\s+(?:of|the|and|to)\b)")
    hedge = _alternatives(list(hedges))
    currency = _alternatives(currency_prefixes())
    return re.compile(
        rf"(?:(?P<between>between)\s+|(?P<from>from)\s+|(?P<hedge>{hedge})\s+)?"
        rf"(?P<magnitude>magnitude(?:\s?-\s?|\s+of\s+|\s+))?"
        rf"(?P<cur>{currency})?\s?(?P<minus>minus\s?-?\s?)?(?P<num>{fraction}|(?:{_alternatives(list(vague))})(?![a-z])|{number})",
        re.I,
    )


def tokenised(text: str) -> bool:
    """Whether ``text`` comes from a tokenised corpus: hyphens or initials spaced out ("6. 4 - magnitude",
    "U. S."), or its numbers cut at every separator ("5. 9", "120, 000") and never written whole."""
    if re.search(r"[A-Za-z0-9] - [A-Za-z0-9]|\b[A-Z]\. [A-Z]\. ", text):
        return True
    cut = re.search(r"\b\d+\. \d\b|\b\d{1,3}, \d{3}\b", text)
    return bool(cut) and not re.search(r"\d[.,]\d", text)


def parse_number(text: str) -> float | None:
    """The value of one number phrase: "12 000", "1.5bn", "two hundred and six", "half a million"; None if not a number."""
    t = tables()
    cleaned = re.sub(r"(?<=\d), (?=\d{3}\b)", ",", text.lower())
    cleaned = re.sub(r"(?<=\d)\. (?=\d)", ".", cleaned)
    spaced = cleaned.replace("-", " ").replace("\u00a0", " ").replace("\u202f", " ")
    parts = spaced.split()
    if not parts:
        return None
    compact = "".join(parts)
    suffix = "|".join(sorted(t.suffixes, key=len, reverse=True))
    if match := re.fullmatch(rf"(\d+(?:,\d{{3}})*(?:\.\d+)?|\d+(?:\.\d+)?)({suffix})?", compact):
        return float(match.group(1).replace(",", "")) * t.suffixes.get(match.group(2) or "", 1)
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:\.\d+)?", " ".join(parts)):
        return float("".join(parts))
    return _words_value(parts)


def _words_value(parts: list[str]) -> float | None:
    t = tables()
    total, current = 0.0, 0.0
    for part in parts:
        if part in ("and", "of"):
            continue
        if part in ("a", "an"):
            current = current or 1
        elif part == "half":
            current = 0.5
        elif part == "quarter":
            current = (current or 1) * 0.25
        elif re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", part):
            current += float(part.replace(",", ""))
        elif part in t.units:
            current += t.units[part]
        elif part in t.scales:
            scale = t.scales[part]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0
            else:
                current = (current or 1) * scale
        else:
            return None
    return total + current


def _fraction_value(text: str) -> float | None:
    """"half" → 50, "two-thirds" → 66.7, "a quarter" → 25 (percent)."""
    t = tables()
    parts = text.lower().replace("-", " ").split()
    if parts == ["half"]:
        return 50.0
    if len(parts) != 2:
        return None
    count = 1.0 if parts[0] in ("a", "an", "one") else t.units.get(parts[0])
    share = t.fractions.get(parts[1])
    return round(count * share * 100, 1) if count is not None and share is not None else None


def find_quantities(text: str, excluded: list[tuple[int, int]] | None = None) -> Iterator[Quantity]:
    """Every quantity in ``text``, skipping spans in ``excluded`` (time expressions) and identifiers."""
    t = tables()
    pattern = t.tokenised_pattern if tokenised(text) else t.pattern
    blocked = sorted((excluded or []) + _identifier_spans(text))
    found: list[Quantity] = []
    position = 0
    for trigger in t.trigger.finditer(text):
        start = trigger.start()
        if start < position or _inside_number(text, start):
            continue
        match = None
        before = t.prefix.search(text, max(position, start - 48), start)
        if before is not None:
            match = pattern.match(text, before.start())  # "at least 40", "between 10 and 12", "an estimated $1 million"
            match = match if match is not None and match.end() > start else None
        match = match or pattern.match(text, start)
        if match is None or match.end() <= start:
            continue
        quantity = _quantity(match, text, pattern)
        if quantity is None:
            position = match.end()
            continue
        position = quantity.end
        if any(s < quantity.number_end and quantity.number_start < e for s, e in blocked):
            continue
        found.append(quantity)
    yield from _proportions(found, text)


def _inside_number(text: str, start: int) -> bool:
    """A digit that continues a number begun before it ("2" in "12,000")."""
    if not text[start].isdigit() or start == 0:
        return False
    before = text[start - 1]
    return before.isdigit() or before in ".," and start > 1 and text[start - 2].isdigit()


def _identifier_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses, clock times, slashed dates and phone numbers: numbers that are not amounts."""
    spans = [m.span() for m in _IDENTIFIERS.finditer(text)]
    return spans


_IDENTIFIERS = re.compile(
    r"(?:https?\s?:\s?/\s?/\s?|www\s?\.\s?)(?:[\w%~+#=&?@-]+|\s?[/._?=&#:-]\s?(?=[\w%~+]))+"  # URLs, also spaced out
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|\b\d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2})?\b"  # clock times and scores
    r"|\b\d{1,4}\s?/\s?\d{1,2}(?:\s?/\s?\d{2,4})?\b(?!\s?(?:km|h|hr|hour|day|week|year))"  # 9/17/16, 11 / 28 / 05, 9/11
    r"|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\b\d{1,2}-\d{3}-\d{3}-\d{4}\b"  # phone numbers
    r"|\b\d+\s?['′]\s?\d+\s?(?:[\"″”]|''|\b)"  # 6'3"
)


def _quantity(match: re.Match[str], text: str, pattern: re.Pattern[str]) -> Quantity | None:
    t = tables()
    num_start, num_end = match.start("num"), match.end("num")
    if not (match.group("cur") or match.group("minus")) and _glued(text, num_start, num_end):
        return None
    raw = match.group("num")
    key = " ".join(raw.lower().split())
    vague = t.vague.get(key)
    fraction = _fraction_value(raw) if vague is None and re.match(r"[a-z]", key) else None
    if fraction is None and re.search(r"(?:third|quarter|fifth|tenth|half)s?$", key) and re.match(r"\s+(?:of|the|and|to)\b", text[num_end:]):
        return None
    value = vague[0] if vague else fraction if fraction is not None else parse_number(raw)
    if value is None:
        return None
    if match.group("minus"):
        value = -value
    low = high = value
    qualifier = t.hedges.get(" ".join((match.group("hedge") or "").lower().split()), "exact")
    kind = "vague" if vague else "fraction" if fraction is not None else "number"
    if vague:
        low, high = vague[1], vague[2]
        qualifier = qualifier if qualifier != "exact" else "approx"
    unit: Unit | None = None
    if match.group("cur"):
        unit = currency_of_prefix(match.group("cur"))
    elif match.group("magnitude"):
        unit = MAGNITUDE
    elif fraction is not None:
        unit = PERCENT
    end = num_end
    after = _unit_after(text, end, value, raw)
    if after is not None and (unit is None or unit.is_currency and after[0].is_currency):
        unit, end = after[0] if unit is None or after[0].code else unit, after[1]
    ranged = _range(match, text, end, value, raw, unit, pattern)
    if ranged is not None:
        low, high, end, unit = ranged
        value, qualifier, kind = low, "range", kind if kind != "vague" else "number"
    factor = unit.factor if unit is not None else 1.0
    if unit is not None and unit.code and factor != 1.0:
        value, low, high = value * factor, low * factor, high * factor
    if _refused(text, raw, num_start, num_end, unit, qualifier, kind):
        return None
    if kind == "fraction" and not re.match(r"\s+(?:of|the)\b", text[end:]):
        return None  # "half" is a share only of something: "half of the roof", "half the homes"
    start = match.start() if ranged is not None else match.start("hedge") if match.group("hedge") else \
        match.start("magnitude") if match.group("magnitude") else match.start("cur") if match.group("cur") else \
        match.start("minus") if match.group("minus") else num_start
    return Quantity(start, end, text[start:end], value, low, high, qualifier, unit.short if unit else None,
                    kind == "vague", num_start, num_end, unit.name if unit else None, kind)


def _refused(text: str, raw: str, start: int, end: int, unit: Unit | None, qualifier: str, kind: str) -> bool:
    compact = raw.replace(" ", "")
    if unit is None and qualifier == "exact" and re.fullmatch(r"(?:1[5-9]|20)\d\d", compact) and \
            not re.match(r"\s+[a-z]+s\b", text[end:]):
        return True  # a year ("in 2004"; "2000 people" is a count)
    if re.match(r"\s?-?\s?(?:st|nd|rd|th)\b", text[end:end + 5], re.I) and kind == "number":
        return True  # an ordinal
    return False


def _unit_after(text: str, end: int, value: float, raw: str) -> tuple[Unit, int] | None:
    """The unit written after a number: a symbol ("%", "km", "MW"), words ("square kilometres", "euros"),
    "magnitude" or "on the Richter scale"."""
    reg = registry()
    rest = text[end:end + 60]
    if m := re.match(r"\s?%|\s*(?:per\s?cent|percent)\b", rest, re.I):
        return PERCENT, end + m.end()
    if m := re.match(r"\s?-?\s?(?:magnitude|strength)\b|(?:\s+degrees?)?\s+on\s+the\s+(?:open-ended\s+)?richter\s+scale", rest, re.I):
        return MAGNITUDE, end + m.end()
    if m := re.match(r"\s?(°\s?[CFK]\b|[^\s\w.,;:!?'\"()\[\]-]|[A-Za-z][A-Za-z0-9/²³]*)", rest):
        candidate = m.group(1).replace(" ", "")
        unit = reg.symbol(candidate) or (reg.surface(candidate) if "/" in candidate else None)
        if unit is not None:
            return unit, end + m.end()
    spoken = re.match(r"(\s?-\s?|\s+)((?:[A-Za-z]+(?:\s?-\s?|\s+)){0,%d}[A-Za-z]+)" % (reg.longest - 1), rest)
    if spoken is None:
        return None
    tokens = re.split(r"\s?-\s?|\s+", spoken.group(2))
    for n in range(len(tokens), 0, -1):
        phrase = " ".join(tokens[:n])
        unit = reg.surface(phrase)
        if unit is None:
            continue
        if unit.name == "pound-mass" and _money_pounds(text, end, raw):
            unit = currency_of_prefix("£") or unit
        length = _prefix_length(spoken.group(2), n)
        return unit, end + len(spoken.group(1)) + length
    return None


def _prefix_length(phrase: str, n: int) -> int:
    """Characters of ``phrase`` taken by its first ``n`` words."""
    count, i = 0, 0
    for m in re.finditer(r"[A-Za-z]+", phrase):
        count += 1
        i = m.end()
        if count == n:
            break
    return i


def _money_pounds(text: str, end: int, raw: str) -> bool:
    """"5 million pounds", "pounds sterling", "fined 500 pounds" are money; "2.38 pounds (1.08 kg)" is weight."""
    if re.search(r"(?:million|billion|bn|m)$", raw.lower()) or re.match(r"\s+pounds?\s+sterling", text[end:end + 20], re.I):
        return True
    before = set(re.findall(r"[a-z]+", text[max(0, end - 40):end].lower()))
    return bool(before & words("money_words"))


def _range(match: re.Match[str], text: str, end: int, value: float, raw: str, unit: Unit | None,
           pattern: re.Pattern[str]) -> tuple[float, float, int, Unit | None] | None:
    """The upper end of "10 to 12", "between 10 and 12 thousand", "5 percent to 25 percent", "$2-3 billion"."""
    sep = re.match(r"\s*(-|–|—|to|and|or)\s*", text[end:end + 8], re.I)
    if sep is None:
        return None
    word = sep.group(1).lower()
    if word == "and" and not match.group("between"):
        return None
    if match.group("from") and _changed(text, match.start()):
        return None  # "rose from 10 to 12": an old and a new value, not a range
    second = pattern.match(text, end + sep.end())
    if second is None or second.group("hedge") or second.group("between") or second.group("from"):
        return None
    raw2 = second.group("num")
    upper = _fraction_value(raw2) if unit is PERCENT and re.match(r"[a-z]", raw2.lower()) else parse_number(raw2)
    if upper is None or _glued(text, second.start("num"), second.end("num"), hyphen_ok=True) or tables().vague.get(raw2.lower()):
        return None
    stop = second.end("num")
    after = _unit_after(text, stop, upper, raw2)
    unit2 = currency_of_prefix(second.group("cur")) if second.group("cur") else after[0] if after else None
    if unit is not None and unit2 is not None and unit.name != unit2.name:
        return None
    if after is not None:
        stop = after[1]
    value = _scaled_like(value, raw, raw2)
    if word == "or" and upper <= value or word in ("-", "–", "—") and upper <= value:
        return None  # "one minute or two", "3-1"
    return min(value, upper), max(value, upper), stop, unit or unit2


def _changed(text: str, start: int) -> bool:
    before = re.findall(r"[a-z]+", text[max(0, start - 30):start].lower())
    return bool(set(before[-3:]) & words("change_verbs"))


def _scaled_like(value: float, first: str, second: str) -> float:
    """"between 10 and 12 thousand", "$2-3 billion": the first number takes the second's scale."""
    t = tables()
    scale_words = "|".join(s for s, v in t.scales.items() if v >= 1000)
    suffixes = "|".join(t.suffixes)
    found = re.search(rf"\b({scale_words})\b|\d({suffixes})$", second.lower())
    if found and not re.search(rf"\b({scale_words})\b|\d({suffixes})$", first.lower()) and value < 1000:
        return value * (t.scales.get(found.group(1) or "") or t.suffixes[found.group(2)])
    return value


def _glued(text: str, start: int, end: int, hyphen_ok: bool = False) -> bool:
    """A number stuck to letters or digits around it is part of a name or code ("G7", "F-16", "2x4")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalpha() or (before == "-" and not hyphen_ok and start > 1 and text[start - 2].isalnum()):
        return True
    if after.isdigit():
        return True
    if after.isalpha():
        rest = text[end:end + 6]
        return not (re.match(r"[A-Za-z]{1,4}\b", rest) and registry().symbol(re.match(r"[A-Za-z]+", rest).group()) is not None  # type: ignore[union-attr]
                    or re.match(r"(?:k|m|bn|mn|tn)\b", rest, re.I))
    return False


def _proportions(found: list[Quantity], text: str) -> Iterator[Quantity]:
    """"eight of 10", "one in five", "nine out of 10": one percentage where the second number is only a
    denominator — a power of ten or at most ten, with no article or noun of its own before "of"; "one of
    nine" names a member of a group, not a share."""
    skip = -1
    for i, q in enumerate(found):
        if i == skip:
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and q.unit is None and nxt.unit is None and q.kind == nxt.kind == "number" \
                and nxt.qualifier == "exact" and q.qualifier in ("exact", "approx", "more_than", "at_least", "at_most") \
                and re.fullmatch(r"\s+(?:of|in|out\s+of)\s+", text[q.end:nxt.start]) and 0 < q.value < nxt.value \
                and (nxt.value <= 10 or nxt.value in (100, 1000)) and not re.match(r"\s+(?:of|percent|%)", text[nxt.end:]) \
                and not (q.value == 1 and text[q.end:nxt.start].strip() == "of"):  # "one of nine nuclear powers": a member
            share = round(100 * q.value / nxt.value, 1)
            yield replace(q, end=nxt.end, text=text[q.start:nxt.end], value=share, low=share, high=share, unit="percent",
                          unit_name="percentage", kind="proportion")
            skip = i + 1
            continue
        yield q
