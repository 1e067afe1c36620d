"""The figure ledger as text a reader can check.

For each figure seen in at least ``min_claims`` claims (a figure only one
report gives is hidden unless asked for): its label (what is counted, what
happened, where), its status, and each distinct value as news writes it
("$13.9 billion", "about 12,000", "at least 30", "5%–25%"), who claimed it
and when, and which outlets reported it. With ``verbose``, every report of
the value follows: the outlet, the headline and the sentence the number
stands in, so each value can be checked against its source.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..claims.tables import word_map



def format_number(x: float) -> str:
    """A number as news writes it: "12,000", "2.5", "13.9 billion", "1 million"."""
    scales = sorted(((float(v), str(k)) for k, v in word_map("number_words")["scales"].items() if float(v) >= 1e6), reverse=True)
    for size, word in scales:
        if abs(x) >= size and math.isclose(round(x / size, 2) * size, x, rel_tol=1e-9):
            scaled = f"{x / size:.2f}".rstrip("0").rstrip(".")
            return f"{scaled} {word}"  # only a number that is round at that scale: "1,534,600" stays as it is
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def format_value(value: Mapping[str, Any], unit: str | None = None) -> str:
    """One value with its hedge and unit: "about 12,000", "$13.9 billion", "5%–25%", "magnitude 5.6"."""
    low, high = value["low"], value["high"]
    words = str(word_map("ledger_words")["qualifiers"].get(value["qualifier"], ""))
    if low != high:
        return f"{words}{_amount(low, unit)}–{_amount(high, unit)}"
    return f"{words}{_amount(low, unit)}"


def _amount(x: float, unit: str | None) -> str:
    number = format_number(x)
    signs = word_map("ledger_words")["signs"]
    if unit in signs:
        return f"{signs[unit]}{number}"
    if unit and len(unit) == 3 and unit.isupper():
        return f"{number} {unit}"  # another currency: "26 million ZAR"
    if unit == "percent":
        return f"{number}%"
    if unit == "magnitude":
        return f"magnitude {number}"
    if unit in word_map("measure_dimensions"):
        return f"{number} {unit}"  # "58 km", "36 miles": values of one figure may be in either
    return number


def ledger_lines(figures: Iterable[Mapping[str, Any]], actor_names: Mapping[str, str], min_claims: int = 2,
                 claims: Mapping[str, Mapping[str, Any]] | None = None,
                 documents: Mapping[str, Mapping[str, Any]] | None = None, verbose: bool = False) -> list[str]:
    """Readable lines for every figure with at least ``min_claims`` claims, most claimed first."""
    claims, documents = claims or {}, documents or {}
    lines = []
    for figure in figures:
        if len(figure["claims"]) < min_claims:
            continue
        members = [claims[c] for c in figure["claims"] if c in claims]
        outlets = {_outlet(c, documents) for c in members} - {None}
        reports = f", {len(outlets)} outlets" if len(outlets) > 1 else ""
        lines.append(f"{figure['label']} — {figure['status']} ({len(figure['claims'])} claims{reports}, unit: {figure['unit']})")
        by_value = _claims_by_value(members)
        for value in figure["values"]:
            reported = by_value.get(_value_key(value), [])
            lines.append("    " + _value_line(value, value.get("unit") or figure["unit"], actor_names, reported, documents))
            if verbose:
                lines += [f"        {_evidence(c, documents)}" for c in reported]
    return lines


def _value_key(value: Mapping[str, Any]) -> tuple[Any, ...]:
    return value["low"], value["high"], value["qualifier"], value["claimed_by"], value["modality"], value.get("unit")


def _claims_by_value(members: list[Mapping[str, Any]]) -> dict[tuple[Any, ...], list[Mapping[str, Any]]]:
    out: dict[tuple[Any, ...], list[Mapping[str, Any]]] = defaultdict(list)
    for claim in sorted(members, key=lambda c: (c.get("stated_on") or "", c["doc_id"], c["start"])):
        out[(claim["low"], claim["high"], claim["qualifier"], claim["claimed_by"], claim["modality"], claim["unit"])].append(claim)
    return out


def _value_line(value: Mapping[str, Any], unit: str | None, actor_names: Mapping[str, str],
                reported: list[Mapping[str, Any]], documents: Mapping[str, Mapping[str, Any]]) -> str:
    outlets = sorted({o for c in reported if (o := _outlet(c, documents))})
    claimant = actor_names.get(value["claimed_by"], value["claimed_by"]) if value["claimed_by"] else None
    who = claimant or (f"reported by {', '.join(outlets)}" if outlets else "no named source")
    when = value["stated_on"] or "undated"
    mode = "" if value["modality"] in ("asserted", "reported") else f" [{value['modality']}]"
    via = f" — in {', '.join(outlets)}" if claimant and outlets else ""
    count = f", {value['n_reports']} reports" if value["n_reports"] > 1 else ""
    return f"{format_value(value, unit):>20}  {who}, {when}{mode}{count}{via}"


def _outlet(claim: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]) -> str | None:
    document = documents.get(claim["doc_id"], {})
    return claim.get("reported_by") or document.get("source")


def _evidence(claim: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]) -> str:
    document = documents.get(claim["doc_id"], {})
    outlet = _outlet(claim, documents) or "unknown outlet"
    title = document.get("title") or document.get("path") or claim["doc_id"]
    published = document.get("published") or "undated"
    sentence = " ".join(str(claim.get("sentence") or "").split())
    return f"{outlet}, “{title}” ({published}): {sentence}"
