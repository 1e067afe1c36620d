"""TIMEX3 values: the records the tagger yields, the anchor it resolves against, and date arithmetic.

An ``Anchor`` is what relative expressions resolve against: an ISO value, its
precision and its basis (how the document date was obtained, CONTRACT's
``published_basis``). An inferred anchor is a lower bound guessed from the
text, not a date anyone stated: the resolver never builds a day on it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

VALUE = re.compile(
    r"PRESENT_REF|PAST_REF|FUTURE_REF|P(?:(?:\d+(?:\.\d+)?|X)[YQMWD])+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?|PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+|"
    r"(?:\d{4}|XXXX)(?:-(?:(?:\d{2}|XX)(?:-(?:\d{2}|XX)(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?)?|W(?:\d{2}|XX)(?:-WE|-[1-7](?:T(?:MO|AF|EV|NI))?)?|Q[1-4X]|H[12]|SP|SU|FA|WI))?|"
    r"XXXX-XX-XXT\d{2}:\d{2}|\d{3}X?|\d{2}(?:XX)?"
)
_ORDER = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True)
class Timex:
    """A time expression: span in the text, TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str


@dataclass(frozen=True)
class Anchor:
    """What relative expressions resolve against: an ISO value, its precision and its basis."""

    value: str
    precision: str  # day | month | year
    basis: str | None = None  # metadata | header | byline | dateline | text | inferred | None (unknown)

    @property
    def inferred(self) -> bool:
        return self.basis == "inferred"

    @property
    def day(self) -> date:
        """A representative day (the middle of a month or year when that is all we know)."""
        parts = [int(p) for p in self.value[:10].split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 15 if len(parts) > 1 else 1)

    def at_least(self, need: str) -> bool:
        """True when the anchor is as precise as ``need`` (day|month|year) and may be built on."""
        if self.inferred and need == "day":
            return False
        return _ORDER[self.precision] <= _ORDER[need]

    def span(self) -> tuple[date, date]:
        """First and last day the anchor may stand for."""
        parts = [int(p) for p in self.value[:10].split("-")]
        if self.precision == "day":
            return date(*parts), date(*parts)
        if self.precision == "month":
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return date(parts[0], 1, 1), date(parts[0], 12, 31)


def valid(value: str) -> bool:
    """True for a well-formed TIMEX3 value with a real calendar date."""
    if not VALUE.fullmatch(value):
        return False
    if match := re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            return False
        if match.group(3) and not 1 <= int(match.group(3)) <= calendar.monthrange(year, month)[1]:
            return False
    if match := re.match(r"\d{4}-W(\d{2})", value):
        return 1 <= int(match.group(1)) <= 53
    return True


def closest(candidates: list[date], anchor: Anchor, direction: str) -> date:
    """The candidate nearest the anchor on the side the tense implies (either side when present)."""
    low, high = anchor.span()
    if direction == "past":
        before = [c for c in candidates if c <= high]
        if before:
            return max(before)
    elif direction == "future":
        after = [c for c in candidates if c >= low]
        if after:
            return min(after)
    middle = anchor.day
    return min(candidates, key=lambda c: abs((c - middle).days))


def shift_unit(base: date, unit: str, shift: int) -> str:
    """The calendar unit (week, weekend, month, day, year) ``shift`` units from ``base``'s."""
    if unit in ("week", "weekend"):
        year, week, _ = (base + timedelta(weeks=shift)).isocalendar()
        return f"{year}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return month_value(base.year * 12 + base.month - 1 + shift)
    if unit == "day":
        return (base + timedelta(days=shift)).isoformat()
    return str(base.year + shift)


def shift_amount(base: date, unit: str, amount: int, factor: int = 1) -> str:
    """``base`` moved by ``amount`` units, at the unit's precision ("three weeks ago" is a week)."""
    if unit in ("day", "night"):
        return (base + timedelta(days=amount)).isoformat()
    if unit in ("week", "fortnight"):
        year, week, _ = (base + timedelta(weeks=amount * factor)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit in ("month", "quarter"):
        return month_value(base.year * 12 + base.month - 1 + amount * (3 if unit == "quarter" else factor))
    if unit in ("year", "decade", "century"):
        return str(base.year + amount * factor)
    return base.isoformat()


def month_value(index: int) -> str:
    """The ISO month of a month index (year * 12 + month - 1)."""
    return f"{index // 12}-{index % 12 + 1:02d}"


def plain(value: float) -> str:
    """A number as TIMEX3 writes it: no trailing ``.0``."""
    return str(int(value)) if value == int(value) else str(value)


_SMALLER = {("Y", False): (12, "M"), ("W", False): (7, "D"), ("D", False): (24, "H"), ("H", True): (60, "M"), ("M", True): (60, "S")}


def duration_value(amount: int | float | str, factor: int, code: str, clock: bool) -> str:
    """P2Y, PT4H, P2Y6M for 2.5 years, PT5H30M for 5.5 hours, P1DT12H for 1.5 days, PXY for "several years"."""
    prefix = "PT" if clock else "P"
    if amount == "X":
        return f"{prefix}X{code}"
    total = float(amount) * factor
    whole = int(total)
    if total == whole or (code, clock) not in _SMALLER:
        return f"{prefix}{plain(total)}{code}"
    per, smaller = _SMALLER[(code, clock)]
    rest = plain(round((total - whole) * per, 3))
    if smaller == "H":
        return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
    return f"{prefix}{whole}{code}{rest}{smaller}" if whole else f"{prefix}{rest}{smaller}"  # half an hour: PT30M
