"""The resolver's state and the choices every rule shares: which anchor, which side of it.

One resolver reads one text's matches in reading order. It holds the anchor
(the document date), the tense function, the narrative's last stated day
(for "the following day", "one week later"), the last quarter named (for "that
quarter") and the quarter reported on, the latest named that is already over (for
"a year earlier" in a results story). Rules (in ``calendar_rules``,
``relative_rules``, ``span_rules``) are methods of its subclasses, registered
on ``GRAMMAR`` with their patterns.

Which year a year-less date falls in, and which Monday "Monday" is, follows
the tense of the sentence, with three corrections measured on news: a past
sentence that names a date just ahead of the anchor and nothing within ten
months before it means the date ahead ("was extended to Nov. 16"); outside the
past tense, words of deadline ("until", "payable", "effective", "deadline")
point ahead, but not a plan the past perfect tells of ("had been due to expire
Friday": overtaken, so the Friday before); a date governed by no verb ("the October slaying") is the most
recent past one; and in the present tense the nearest wins, a past one by a
margin of six weeks, since news reports what happened.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..lexicon import families, word_map
from .grammar import Grammar
from .tense import Tense
from .values import Anchor

GRAMMAR = Grammar()
rule = GRAMMAR.rule

WORDS = word_map("time_words")
UNITS = word_map("time_units")
YEAR = r"(?:19|20)\d{2}"
WINDOW = 400  # characters looked at around an expression for its sentence
# words of deadline that point ahead even in a past sentence ("was extended to Nov. 16", "payable Dec. 1")
_AHEAD_BEFORE = re.compile(r"\b(?:payable|effective|due|expires?|expiring|(?:extended|postponed|delayed|pushed\s+back|moved)\s+(?:\w+\s+){0,3}?(?:to|until|till|through)|"
                           r"deadline\s+(?:of|is|until|to)|no\s+later\s+than)\s+(?:on\s+)?$", re.I)
# but a plan the past perfect tells of was overtaken before the telling ("had been due to expire Friday")
_SUPERSEDED_BEFORE = re.compile(r"\bhad\s+been\s+(?:" + "|".join(sorted(families("tense_cues")["prospective"])) + r")\s+to\s+\w+\s+(?:on\s+)?$", re.I)
# and words that point ahead outside the past ("will stay until Friday"; but "not until Tuesday did he")
_UNTIL_BEFORE = re.compile(r"(?<!not )\b(?:until|till|through|by)\s+(?:on\s+)?(?:early\s+|mid-?|late\s+)?$", re.I)
_FAR_BACK_DAYS = 300
_NEAR_AHEAD_DAYS = 62
_PAST_MARGIN_DAYS = 45
_JUST_PAST_DAYS = 7


def must(match: re.Match[str] | None) -> re.Match[str]:
    """A match the grammar guarantees; ValueError (the expression is skipped) if it is not there."""
    if match is None:
        raise ValueError("expression does not have the expected shape")
    return match


class Resolver:
    """State and shared choices; the rules are methods of the subclasses."""

    def __init__(self, text: str, anchor: Anchor | None, tense: Tense):
        self.text, self.anchor, self.tense = text, anchor, tense
        self.last_day: date | None = None  # the last day-precision date of the narrative
        self.last_day_at = -1  # where it was written
        self.last_quarter: str | None = None  # the last quarter named
        self.reported: str | None = None  # the latest quarter named that had ended by the anchor: the one reported on
        self.last_value: str | None = None  # the last calendar value, of any precision

    # anchors ---------------------------------------------------------------------------
    def base(self, need: str) -> date | None:
        """The anchor's day if the anchor may be built on at precision ``need`` (day|month|year)."""
        return self.anchor.day if self.anchor is not None and self.anchor.at_least(need) else None

    def known_anchor(self) -> Anchor:
        if self.anchor is None:
            raise ValueError("no anchor")
        return self.anchor

    def coarse(self) -> str:
        """The value of an expression finer than the anchor: the anchor itself, or X where it was inferred."""
        if self.anchor is None or self.anchor.inferred:
            return "XXXX-XX-XX"
        return self.anchor.value

    def coarse_narrative(self) -> str:
        """ "One week later" with no day told: the month the story is in, when only that is known."""
        if self.anchor is not None and self.anchor.inferred and self.last_value and len(self.last_value) >= 7:
            return self.last_value[:7]
        return self.coarse()

    def direction(self, at: int) -> str:
        return self.tense(at)

    def remember(self, value: str, at: int, anchors: bool) -> None:
        """Keep what later narrative expressions resolve against: the last day an anchoring rule
        stated, and the last calendar value of any precision ("In 1992 ... the following year")."""
        if anchors and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
            self.last_day, self.last_day_at = date.fromisoformat(value[:10]), at
        if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value[:10]) and (len(value) <= 10 or value[10] == "T"):
            self.last_value = value[:10]

    def name_quarter(self, value: str) -> str:
        """Keep a quarter just named ("2024-Q3"); a results story compares "a year ago" with the
        latest one already over, not with a quarter it forecasts or mentions in passing."""
        self.last_quarter = value
        if re.fullmatch(r"\d{4}-Q[1-4]", value) and (self.reported is None or value > self.reported):
            year, n = int(value[:4]), int(value[-1])
            if self.anchor is None or date(year + (n == 4), n * 3 % 12 + 1, 1) <= self.anchor.span()[1] + timedelta(days=1):
                self.reported = value
        return value

    def year_before_quarter(self) -> str | None:
        """The reported quarter (else the last one named) a year before, or None if no quarter was named."""
        quarter = self.reported or self.last_quarter
        if quarter and quarter[:4].isdigit():
            return f"{int(quarter[:4]) - 1}{quarter[4:]}"
        return None

    def last_base(self, unit: str) -> date | None:
        """The narrative's last date as precise as ``unit`` (month or year), else None."""
        value = self.last_value or ""
        if unit == "year" and len(value) >= 4:
            return date(int(value[:4]), 7, 1)
        if unit == "month" and len(value) >= 7:
            return date(int(value[:4]), int(value[5:7]), 15)
        return None

    # sentences -------------------------------------------------------------------------
    def sentence_start(self, at: int) -> int:
        low = max(0, at - WINDOW)
        return max(self.text.rfind(". ", low, at), self.text.rfind("\n", low, at)) + 1 or low

    def sentence(self, at: int) -> str:
        start = self.sentence_start(at)
        end = self.text.find(". ", at, at + WINDOW)
        return self.text[start:end if end != -1 else min(len(self.text), at + WINDOW)].lower()

    # which side of the anchor --------------------------------------------------------------
    def side(self, at: int, end: int) -> str:
        """past | present | future | none for the expression at ``at``..``end``: the tense (none where
        no verb governs it, as in "the October slaying"), or ahead where deadline words say so."""
        before = self.text[max(0, at - 30):at]
        if _SUPERSEDED_BEFORE.search(self.text[max(0, at - 60):at]):
            return "past"
        if _AHEAD_BEFORE.search(before):
            return "future"
        tense = self.direction(at)
        if tense == "none" and " " in self.text[at:end].strip() and (head := self.direction(end - 1)) in ("past", "future"):
            tense = head  # "will rise on Election Day": the name's head word is governed by the verb
        if tense != "past" and _UNTIL_BEFORE.search(before):
            return "future"
        return tense

    def pick(self, candidates: list[date], at: int, end: int) -> date:
        """The candidate the expression most likely means (see the module docstring)."""
        anchor = self.known_anchor()
        low, high = anchor.span()
        past = [c for c in candidates if c <= high]
        ahead = [c for c in candidates if c >= low]
        latest, soonest = (max(past) if past else None), (min(ahead) if ahead else None)
        side = self.side(at, end)
        if side == "future" and soonest is not None:
            if latest is not None and (low - latest).days <= _JUST_PAST_DAYS and (soonest - high).days > _FAR_BACK_DAYS:
                return latest  # "to repatriate the child by Jan. 14", written on Jan. 15: the deadline just past
            return soonest
        if side == "past" and latest is not None:
            if soonest is not None and (low - latest).days > _FAR_BACK_DAYS and (soonest - high).days <= _NEAR_AHEAD_DAYS:
                return soonest
            return latest
        if side == "none" and latest is not None and (low - latest).days <= _FAR_BACK_DAYS - 30:
            return latest
        middle = anchor.day  # present tense: the nearest, past ones by a margin (news reports what happened)
        return min(candidates, key=lambda c: abs((c - middle).days) - (_PAST_MARGIN_DAYS if c <= high else 0))

    def weekday_day(self, weekday: int, text: str, at: int, end: int) -> date | None:
        """The day a weekday name means: "last"/"next" say which, else the side of the anchor; with no
        verb at all ("Thursday's closing price") the past one unless it is five or more days back."""
        base = self.base("day")
        if base is None:
            return None
        side = "past" if re.match(r"(last|past)\b", text) else "future" if re.match(r"(next|coming|this\s+coming)\b", text) else self.side(at, end)
        back, ahead = (base.weekday() - weekday) % 7, (weekday - base.weekday()) % 7
        if side == "future":
            return base + timedelta(days=ahead or 7)
        if side == "past" or (side == "none" and back <= 4) or back <= ahead:
            return base - timedelta(days=back or (7 if text.startswith("last") else 0))
        return base + timedelta(days=ahead)
