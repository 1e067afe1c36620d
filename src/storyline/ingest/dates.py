"""Absolute calendar dates as publishers write them in bylines and datelines.

Handles "November 5, 2024 6:27 PM", "Thursday, January 18, 2024",
"6 November 2024 04:16", "Nov. 5, 2024", "2024-11-05T10:00:00Z". Relative
and year-less expressions are the time tagger's job, not this module's: a
byline date without a year is refused rather than guessed.

dateparser was considered: it parses these too but costs ~1 ms per call and
happily invents missing parts from today's date, which a byline must never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

_PATTERNS = [
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+(?P<year>(?:19|20)\d{2})\b" + _TIME, re.I),
    re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})" + _TIME, re.I),
    re.compile(
        r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ](?P<hh>\d{2}):(?P<mm>\d{2})\S*)?", re.I
    ),
]


_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class FoundDate:
    """A date found in a string: ISO day, optional ISO minute, and its character span."""

    day: str
    minute: str | None
    start: int
    end: int


def find_date(text: str) -> FoundDate | None:
    """The first complete (year, month, day) date in ``text``, or None."""
    if not _YEAR.search(text):
        return None
    hits = [m for p in _PATTERNS if (m := p.search(text))]
    for match in sorted(hits, key=lambda m: m.start()):
        found = _to_found(match)
        if found:
            return found
    return None


def parse_iso_date(value: str) -> tuple[str, str] | None:
    """Normalise a metadata date (ISO or written out) to (ISO value, precision)."""
    value = value.strip()
    found = find_date(value)
    if found:
        return found.day, "day"
    if m := re.fullmatch(r"((?:19|20)\d{2})-(\d{2})", value):
        if 1 <= int(m.group(2)) <= 12:
            return value, "month"
    if re.fullmatch(r"(?:19|20)\d{2}", value):
        return value, "year"
    return None


def month_number(name: str) -> int:
    """1-12 for an English month name or abbreviation ("Sept.", "nov")."""
    return MONTHS[name.lower().rstrip(".")[:3]]


def _to_found(match: re.Match[str]) -> FoundDate | None:
    groups = match.groupdict()
    month = int(groups["month"]) if groups.get("month") else month_number(groups["mon"])
    try:
        day = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None
    minute = None
    if groups.get("hh") is not None:
        hour = int(groups["hh"]) % 24
        ampm = (groups.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if int(groups["mm"]) < 60:
            minute = f"{day.isoformat()}T{hour:02d}:{groups['mm']}"
    return FoundDate(day.isoformat(), minute, match.start(), match.end())
