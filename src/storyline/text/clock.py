"""Clock times as news writes them: "10:57 pm", "6.30 p.m.", "3 a.m.", "14:58 hrs", "05:08:35".

``CLOCK`` matches one (non-capturing; compile with ``re.I``); ``parse_clock``
reads hour and minute back, on the 24-hour clock, and refuses what is not a
time: a bare number without a.m./p.m. ("3"), hour 24 or more, minute 60 or more.
``CLOCK`` matches a dotted time ("6.30") only with a.m./p.m., since "6.30" alone is
a decimal; ``parse_clock`` reads one wherever the caller knows it is a time
("Monday 16 September 2013 03.31 BST").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AMPM = r"[ap]\.?\s?m\b\.?"
CLOCK = (rf"(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*(?:{_AMPM}|hrs\b|h\b))?"
         rf"|\d{{1,2}}\.\d{{2}}\s*{_AMPM}|\d{{1,2}}\s*{_AMPM})")
_PARTS = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*([ap])?", re.I)


@dataclass(frozen=True)
class Clock:
    """A time of day on the 24-hour clock; ``meridiem`` says whether a.m./p.m. was written."""

    hour: int
    minute: int
    meridiem: bool

    def iso(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


def parse_clock(text: str) -> Clock | None:
    """The time ``CLOCK`` matched, or None when it is not a real time of day."""
    match = _PARTS.match(text.strip())
    if match is None:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if not match.group(2) and not half:
        return None
    if half and not 1 <= hour <= 12:
        return None
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return Clock(hour, minute, bool(half))
