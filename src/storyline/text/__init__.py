"""Shared text primitives: month and weekday names, number words, clock times.

Both ingest (datelines, bylines) and the time tagger read dates; the words and
patterns they share live here, once, over the word tables in
``data/lexicons`` (``months``, ``weekdays``, ``number_words``). Nothing here
depends on the rest of Storyline but ``storyline.lexicon``.
"""

from __future__ import annotations

from .calendar import MONTH, MONTH_NAMES, WEEKDAY, WEEKDAY_ABBR, WEEKDAYS, month_number, weekday_number
from .clock import CLOCK, Clock, parse_clock
from .numbers import NUM, NUMBER_FIRST_WORDS, number_value

__all__ = ["CLOCK", "Clock", "MONTH", "MONTH_NAMES", "NUM", "NUMBER_FIRST_WORDS", "WEEKDAY", "WEEKDAYS", "WEEKDAY_ABBR", "month_number",
           "number_value", "parse_clock", "weekday_number"]
