"""Inferring a missing publication date from what an article's time expressions say.

An article is published no earlier than the latest past date it reports.
The year comes from the latest explicit year in the text ("May 2024"); without
one nothing is inferred. Only a month is ever claimed: the month of the latest
date the text states, or the month after it when the text speaks of "last
month" and never of "this month" (events of the latest month are then last
month's). A full date ("Oct. 8, 2008") counts unless its sentence is in the
future; a year-less one ("Jan. 21") only when its sentence is in the past, and
never to lower the month a full date gave. Never a day: that would be a guess.

A numeric date standing alone on one of the first lines ("11/28/05", "28 / 11 /
2005": the dateline of a saved web page) is the article's own date and wins over
what the text reports: its month when the order of day and month is plain (one
of them is over 12, or both are equal), else its year alone.
"""

from __future__ import annotations

import re
from datetime import date

from .timex import Anchor, tag, text_tense

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HAS_YEAR = re.compile(r"(?:19|20)\d{2}")
_DATELINE = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})\s*")
DATELINE_LINES = 4  # how far from the top a dateline is looked for


def infer_published(text: str) -> tuple[str, str] | None:
    """(ISO month, "month") for an undated article, or None when the text does not say enough."""
    dateline = _dateline(text)
    if dateline is not None:
        return dateline
    stated = [t for t in tag(text) if t.type in ("DATE", "TIME") and t.value[:4].isdigit()]
    if not stated:
        return None
    tense = text_tense(text)
    full = [date.fromisoformat(t.value[:10]) for t in stated
            if _DAY.match(t.value) and _HAS_YEAR.search(t.text) and tense(t.start) != "future"]
    year = max(int(t.value[:4]) for t in stated)
    yearless = [date.fromisoformat(t.value[:10]) for t in tag(text, Anchor(str(year), "year"), tense)
                if _DAY.match(t.value) and not _HAS_YEAR.search(t.text) and tense(t.start) == "past"]
    days = full + yearless
    if not days:
        return None
    latest = max(days)
    year, month = latest.year, latest.month
    if re.search(r"\blast month\b", text, re.I) and not re.search(r"\bthis month\b", text, re.I):
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return f"{year}-{month:02d}", "month"


def _dateline(text: str) -> tuple[str, str] | None:
    """(ISO month, "month") or (year, "year") of a numeric date alone on one of the first lines."""
    for line in text.splitlines()[:DATELINE_LINES]:
        match = _DATELINE.fullmatch(line)
        if match is None:
            continue
        first, second, year_ = int(match.group(1)), int(match.group(2)), match.group(3)
        year = int(year_) if len(year_) == 4 else (2000 if int(year_) < 70 else 1900) + int(year_)
        if not (first and second) or first > 31 or second > 31 or (first > 12 and second > 12):
            continue
        if first > 12 or second > 12 or first == second:
            return f"{year}-{min(first, second):02d}", "month"
        return str(year), "year"
    return None
