"""The figure ledger as text: each figure, its values, who claimed each and when, and its status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at_least": "at least ", "more_than": "over ",
                   "at_most": "at most ", "up_to": "up to ", "range": ""}


def format_value(value: Mapping[str, Any]) -> str:
    low, high = value["low"], value["high"]
    words = QUALIFIER_WORDS.get(value["qualifier"], "")
    if low != high:
        return f"{words}{_number(low)}–{_number(high)}"
    return f"{words}{_number(low)}"


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def ledger_lines(figures: Iterable[Mapping[str, Any]], actor_names: Mapping[str, str], min_claims: int = 1) -> list[str]:
    """Readable lines for every figure with at least ``min_claims`` claims, most claimed first."""
    lines = []
    for figure in figures:
        if len(figure["claims"]) < min_claims:
            continue
        lines.append(f"{figure['label']} — {figure['status']} ({len(figure['claims'])} claims, unit: {figure['unit']})")
        for value in figure["values"]:
            who = actor_names.get(value["claimed_by"], value["claimed_by"]) if value["claimed_by"] else "the outlet"
            when = value["stated_on"] or "undated"
            mode = "" if value["modality"] in ("asserted", "reported") else f" [{value['modality']}]"
            reports = f", {value['n_reports']} reports" if value["n_reports"] > 1 else ""
            lines.append(f"    {format_value(value):>18}  {who}, {when}{mode}{reports}")
    return lines
