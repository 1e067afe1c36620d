"""Absolute calendar dates as publishers write them in bylines, datelines and metadata.

Handles "November 5, 2024 6:27 PM", "Thursday, January 18, 2024", "6 November
2024 04:16", "Nov. 5, 2024", "Tue Jul 02 2013, 14:58 hrs", "2024-11-05T10:00:00Z",
"2012.08.08", and numeric "05/02/2013" or "12/16/08" (month first unless the first
number cannot be a month; day first with dots, "16.09.2013", as European sites
write). ``dateline`` says whether a whole line is a date line: its date(s)
surrounded only by clock times, time zones and labels from the ``dateline_words``
lexicon ("Published: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT, 12 March 2013",
"3 July 2013 Last updated at 10:02 GMT"), and gives the earliest date on it.

Relative and year-less expressions are the time tagger's job, not this module's:
a byline date without a year is refused rather than guessed.

dateparser was considered: it parses these too but costs ~1 ms per call and
happily invents missing parts from today's date, which a byline must never do;
htmldate (trafilatura's) works on HTML markup and URLs, not on text lines.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from ..lexicon import families
from ..text import CLOCK, MONTH, WEEKDAY_ABBR, month_number, parse_clock, weekday_number

_WEEKDAY = rf"(?:{WEEKDAY_ABBR}\.?,?\s+)?"
_MON = rf"(?P<mon>{MONTH})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_AFTER = rf"(?:,?\s*(?:at\b|@|\||-|–)?\s*(?P<clock>{CLOCK}|\d{{2}}\.\d{{2}}(?![\d.])))?"

_PATTERNS = [
    re.compile(rf"(?<![\w.]){_WEEKDAY}{_MON}\s+{_DAY}(?:,\s*|\s+|\s*-\s*){_YEAR}{_AFTER}", re.I),
    re.compile(rf"(?<![\w.]){_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}{_AFTER}", re.I),
    re.compile(rf"(?<![\d./-])(?P<year>(?:19|20)\d{{2}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})(?![\d.]\d)"
               rf"(?:(?:T|\s+)(?P<clock>\d{{2}}:\d{{2}}(?::\d{{2}})?)\S*)?", re.I),
    re.compile(rf"(?<![\d./-])(?P<first>\d{{1,2}})(?P<sep>[/.-])(?P<second>\d{{1,2}})(?P=sep)"
               rf"(?P<numyear>(?:19|20)\d{{2}}|\d{{2}})(?![\d]|[./-]\d){_AFTER}", re.I),
]
_TIME = re.compile(CLOCK, re.I)
_ZONE_OFFSET = re.compile(r"\(?\b(?:GMT|UTC)?\s*[+-]\s*\d{1,2}(?::?\d{1,2})?\)?|\b(?:[01]\d|2[0-3])[0-5]\d\s*(?=(?-i:GMT|UTC|[A-Z]{2,3}T)\b)", re.I)
_READ_TIME = re.compile(r"\b\d+\s*min(?:ute)?s?\s+read\b", re.I)
_TOKEN = re.compile(r"[^\W_]+")
_PLACE = re.compile(r"[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?,\s+")
_YEAR_ANYWHERE = re.compile(r"(?:19|20)\d\d|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")
DATELINE_MAX_CHARS = 120


@dataclass(frozen=True)
class FoundDate:
    """A date found in a string: ISO day, optional ISO minute, and its character span."""

    day: str
    minute: str | None
    start: int
    end: int


def find_dates(text: str) -> list[FoundDate]:
    """Every complete (year, month, day) date in ``text``, in order, without overlaps."""
    if not _YEAR_ANYWHERE.search(text):
        return []
    hits = sorted((m for p in _PATTERNS for m in p.finditer(text)), key=lambda m: (m.start(), -m.end()))
    found: list[FoundDate] = []
    for match in hits:
        if found and match.start() < found[-1].end:
            continue
        if (date_found := _to_found(match)) is not None:
            found.append(date_found)
    return found


def find_date(text: str) -> FoundDate | None:
    """The first complete (year, month, day) date in ``text``, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None


def dateline(text: str) -> FoundDate | None:
    """The earliest date of a line that is nothing but dates, times, zones and labels; else None."""
    if len(text) > DATELINE_MAX_CHARS:
        return None
    dates = find_dates(text)
    if not dates:
        return None
    rest, position = [], 0
    for found in dates:
        rest.append(text[position:found.start])
        position = found.end
    rest.append(text[position:])
    if (place := _PLACE.match(rest[0])) and place.end() == len(rest[0]):
        rest[0] = ""  # "WASHINGTON, DC, April 28, 2009": a wire dateline on a line of its own
    leftover = _READ_TIME.sub(" ", _TIME.sub(" ", _ZONE_OFFSET.sub(" ", " ".join(rest))))
    allowed = _dateline_words()
    if all(word.lower() in allowed or _is_weekday(word) for word in _TOKEN.findall(leftover)):
        return min(dates, key=lambda d: (d.minute or d.day, d.start))
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


@functools.cache
def _dateline_words() -> frozenset[str]:
    table = families("dateline_words")
    return table["labels"] | table["zones"]


def _is_weekday(word: str) -> bool:
    try:
        weekday_number(word)
    except KeyError:
        return False
    return True


def _to_found(match: re.Match[str]) -> FoundDate | None:
    groups = match.groupdict()
    try:
        year, month, day_number = _parts(groups)
        day = date(year, month, day_number)
    except (ValueError, KeyError):
        return None
    minute = None
    if groups.get("clock") and (clock := parse_clock(groups["clock"])) is not None:
        minute = f"{day.isoformat()}T{clock.iso()}"
    return FoundDate(day.isoformat(), minute, match.start(), match.end())


def _parts(groups: dict[str, str | None]) -> tuple[int, int, int]:
    """(year, month, day) from whichever pattern matched; numeric dates read month first
    unless the first number cannot be a month, day first when written with dots."""
    if groups.get("first"):
        first, second = int(groups["first"] or 0), int(groups["second"] or 0)
        written = groups["numyear"] or "0"
        year = int(written) if len(written) == 4 else int(written) + (2000 if int(written) < 70 else 1900)
        day_first = first > 12 or (groups.get("sep") == "." and second <= 12)
        return (year, second, first) if day_first else (year, first, second)
    month = int(groups["month"] or 0) if groups.get("month") else month_number(groups["mon"] or "")
    return int(groups["year"] or 0), month, int(groups["day"] or 0)
