"""Rules relative to the document date or to the narrative: weekdays, "yesterday",
"last week", "two years ago", "the following day", "one week later".

Values finer than the anchor are refused: against a month anchor "Monday" is
the month; against an inferred one it is ``XXXX-XX-XX``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..text import NUM, NUMBER_FIRST_WORDS, WEEKDAY, WEEKDAYS, number_value
from .calendar_rules import CalendarRules
from .resolver import UNITS, WORDS, must, rule
from .values import duration_value, shift_amount, shift_unit

PARTS: dict[str, str] = WORDS["day_parts"]
UNIT = "(?:" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"
QUALIFIED = r"(?:(?:" + "|".join(WORDS["unit_qualifiers"]) + r")\s+)?"  # "eight trading days": days all the same
_PARTS_RE = "|".join(PARTS)
NUMBER_FIRST = "|".join(sorted(NUMBER_FIRST_WORDS))
# "nearly two years", "more than four hours", "at least 30 days": the hedge is part of the expression
HEDGE = (r"(?:(?:nearly|almost|about|approximately|roughly|around|more\s+than|less\s+than|fewer\s+than|over|under|well\s+over|"
         r"at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than)\s+)")
HEDGE_FIRST = "nearly|almost|about|approximately|roughly|around|more|less|fewer|over|under|well|at|up|no"
_EDGE_DAY = r"(?:(?:early|late|earlier|later)\s+)"
_MID_PART = r"(?:mid-?(?:morning|afternoon|evening)\s+)"  # "mid-afternoon yesterday": that part of the day


def _not_today(text: str, match: re.Match[str]) -> bool:
    """ "today's youth" is the present age, "USA TODAY" a newspaper: neither is the day."""
    if match.group().lower() != "today":
        return False
    return re.match(r"['’]s\s+[a-z]", text[match.end():match.end() + 4]) is not None or text[max(0, match.start() - 4):match.start()] == "USA "


def _not_this_week(text: str, match: re.Match[str]) -> bool:
    """ "This Week" in quotes is a programme's name; "last week" inside "the last week of May" is a part of May."""
    if match.group() == "This Week" and text[max(0, match.start() - 1):match.start()] in ('"', "“"):
        return True
    return text[max(0, match.start() - 4):match.start()].lower() == "the " and re.match(r"\s+of\b", text[match.end():match.end() + 4]) is not None


def _in_the_day(text: str, match: re.Match[str]) -> bool:
    """ "later in the day before returning home": a part of the day being told, not the day before something."""
    return match.group().lower().startswith("the day") and re.search(r"\bin\s+$", text[max(0, match.start() - 4):match.start()]) is not None


class RelativeRules(CalendarRules):
    """Expressions resolved against the document date or the narrative's last day."""

    @rule(rf"{_MID_PART}?(?:the\s+(?:previous|preceding|following|next)\s+|(?:last|next|this\s+coming|this|past|coming)\s+)?{WEEKDAY}(?:\s+(?:{_PARTS_RE}))?",
          first="mid|the|last|next|this|past|coming|<weekday>", anchors=True)
    def weekday(self, text: str, at: int) -> tuple[str, str]:
        name = must(re.search(WEEKDAY, text))
        weekday = WEEKDAYS.index(name.group())
        day: date | None
        named = re.sub(rf"^{_MID_PART}", "", text)
        if (told := re.match(r"the\s+(previous|preceding|following|next)", named)) and self.last_day is not None:
            step = -1 if told.group(1) in ("previous", "preceding") else 1  # "the previous Friday": before the day just told
            day = self.last_day + timedelta(days=step * ((step * (weekday - self.last_day.weekday())) % 7 or 7))
        else:
            day = self.weekday_day(weekday, re.sub(r"^the\s+(?:previous|preceding)", "last", re.sub(r"^the\s+(?:following|next)", "next", named)), at, at + len(text))
        if day is None:
            return "DATE", self.coarse()
        if part := re.search(rf"\b(?:{_PARTS_RE})(?:$|(?=\s))", text):
            return "TIME", f"{day.isoformat()}T{PARTS[part.group()]}"
        return "DATE", day.isoformat()

    @rule(rf"(?:{_EDGE_DAY}|{_MID_PART})?(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)(?:\s+(?:{_PARTS_RE}))?|"
          rf"(?:later\s+|earlier\s+)?(?:this|last)\s+(?:{_PARTS_RE})", first="early|late|earlier|later|mid|the|today|tonight|yesterday|tomorrow|this|last",
          anchors=True, veto=lambda text, m: _not_today(text, m))
    def rel_day(self, text: str, at: int) -> tuple[str, str]:
        base = self.base("day")
        if base is None:
            return "DATE", self.coarse()
        shift = -2 if "before yesterday" in text else 2 if "after tomorrow" in text else -1 if "yesterday" in text or "last" in text else 1 if "tomorrow" in text else 0
        day = base + timedelta(days=shift)
        part = re.search(_PARTS_RE, text)
        return ("TIME", f"{day.isoformat()}T{PARTS[part.group()]}") if part else ("DATE", day.isoformat())

    @rule(r"(?:on\s+)?the\s+(?:following|next|previous|preceding|same)\s+(?:day|week|month|year|morning|evening|night)|the\s+day\s+(?:before|after)(?!\s+(?:yesterday|tomorrow|the\s+day))(?!\s+[\w$])|"
          r"the\s+day(?=\s+(?:before|after)\s+(?!yesterday|tomorrow)[\w$])|the\s+next\s+morning|(?:later|earlier)\s+that\s+(?:day|week|month|year|morning|evening|night)|that\s+(?:week|month|year)(?!['’])",
          first="on|the|later|earlier|that", anchors=True, veto=_in_the_day)
    def narrative(self, text: str, at: int) -> tuple[str, str]:
        unit = must(re.search(r"day|week|month|year|morning|evening|night", text)).group()
        base = (self.last_base(unit) if unit in ("month", "year") else None) or self.last_day or self.base("day")
        if base is None:
            return "DATE", self.coarse_narrative()
        shift = 0 if re.search(r"same|that", text) else -1 if re.search(r"previous|preceding|before", text) else 1
        if text == "the day":  # "the day before the plunge": "before" is a signal, the day is the event's
            if self.last_day is not None and re.search(r",\s*$", self.text[max(0, self.last_day_at):at]) and at - self.last_day_at < 30:
                return "DATE", self.last_day.isoformat()  # "Oct. 12, the day before the plunge": that very day
            shift = -1 if self.text.startswith("before", at + len(text) + 1) else 1
        if unit in ("morning", "evening", "night"):
            return "TIME", f"{(base + timedelta(days=shift)).isoformat()}T{PARTS[unit]}"
        return "DATE", shift_amount(base, unit, shift) if unit == "day" else shift_unit(base, unit, shift)

    @rule(rf"{HEDGE}?{NUM}[- ]{QUALIFIED}{UNIT}s?(?:\s+or\s+so)?\s+(?:ago|earlier|later|from\s+now|hence)", first=f"#|{NUMBER_FIRST}|{HEDGE_FIRST}", anchors=True)
    def shifted(self, text: str, at: int) -> tuple[str, str] | None:
        bare = re.sub(rf"^{HEDGE}", "", text)
        amount = number_value(must(re.match(NUM, bare, re.I)).group())
        unit = must(re.search(UNIT, bare, re.I)).group().lower()
        sign = -1 if re.search(r"ago|earlier|before", text) else 1
        if amount == "X":
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
        if UNITS[unit]["clock"]:  # "an hour later", "half an hour ago": a length of time, not a day
            return "DURATION", duration_value(amount, int(UNITS[unit]["factor"]), str(UNITS[unit]["code"]), True)
        if isinstance(amount, float) and amount != int(amount):
            return None
        count = int(amount)
        quarter = self.reported or self.last_quarter
        if unit == "year" and quarter and quarter[:4].isdigit() and count == 1:
            return "DATE", f"{int(quarter[:4]) + sign}{quarter[4:]}"  # results stories: that quarter a year before
        narrative = re.search(r"later|earlier|before|after", text) is not None
        need = "day" if unit in ("day", "week", "night") else "month" if unit == "month" else "year"
        told = (self.last_base(need) if need != "day" else None) or self.last_day
        base = told if narrative and told else self.base(need)
        if base is None:
            return "DATE", self.coarse_narrative() if narrative else self.coarse()
        factor = int(UNITS[unit]["factor"])
        if narrative and unit in ("week", "fortnight"):  # "one week later" than a day is a day
            return "DATE", (base + timedelta(weeks=sign * count * factor)).isoformat()
        return "DATE", shift_amount(base, unit, sign * count, factor)

    # "earlier this month": the modifier is part of the expression (TIMEX3 extents keep "early", "late",
    # "earlier"); "the past week" keeps its article unless a part of something follows ("the last week of May")
    @rule(r"(?:(?:early|late|earlier|later)\s+)?(?:this\s+past|this\s+coming|this|last|next|past|coming|current|previous)\s+(?:week|weekend|month|year)(?:\s+or\s+so)?|"
          r"the\s+(?:last|past|coming)\s+(?:week|weekend|month)(?:\s+or\s+so)?(?!\s+of\b)|(?:over\s+)?the\s+(?:weekend|week)(?=\W)",
          first="early|late|earlier|later|this|last|next|past|coming|current|previous|over|the",
          veto=lambda text, m: _not_this_week(text, m))
    def rel_unit(self, text: str, at: int) -> tuple[str, str]:
        unit = must(re.search(r"weekend|week|month|year", text)).group()
        shift = -1 if re.search(r"\b(last|past|previous)\b", text) else 1 if re.search(r"\b(next|coming)\b", text) else 0
        if unit == "weekend" and shift == 0 and not re.search(r"\bthis\b", text):
            shift = -1 if self.direction(at) == "past" else 1 if self.direction(at) == "future" else 0
        base = self.base("day" if unit in ("week", "weekend") else unit)
        if base is None:
            return "DATE", "XXXX-XX" if unit == "month" and (self.anchor is None or self.anchor.inferred) else self.coarse()
        return "DATE", shift_unit(base, unit, shift)
