"""Time expressions: recognised in text and normalised to TIMEX3 values against the right anchor.

Method: a hand-written grammar (regular expressions over the text, longest
match wins) and a resolver that knows which anchor each expression needs:
the document's date for "yesterday", "last month", "on Monday"; the previous
dated expression of the narrative for "one week later", "the following day".
Weekdays and year-less dates follow the tense of their sentence: "said on
Monday" is the Monday before the anchor, "will meet on Monday" the one after.
When the anchor itself is only a month or a year, anything finer is reported
at the anchor's precision rather than invented.

Candidates measured on TempEval-3's training data (see README, Evaluation):
dateparser's ``search_dates`` finds spans poorly (false hits on "may", "now",
"a second"; splits "Nov. 12") and resolves "Nov. 12" from 2024-11-05 to the
wrong year; timexy and ctparse mis-resolve (TOOLCHAIN.md). HeidelTime and
SUTime are Java. Hence this grammar; dateparser stays as the speed peer in
``make bench``.

Refused: values for expressions whose anchor is unknown (no document date):
they get a value with the unknown part left as X ("XXXX-11-12") and are not
used for dates downstream.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ..ingest.dates import month_number

Tense = Callable[[int], str]  # character offset → "past" | "present" | "future"

MONTH = (r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|"
         r"sep(?:tember|t\.?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)")
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS: dict[str, int | str] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "twenty-four": 24, "twenty four": 24, "a couple of": 2, "couple of": 2, "a few": "X", "few": "X",
    "several": "X", "some": "X", "many": "X", "a dozen": 12, "dozen": 12,
}
NUM = (r"(?:\d+(?:\.\d+)?|a couple of|couple of|a few|a dozen|twenty[- ]four|" + "|".join(
    sorted((w for w in NUMBER_WORDS if " " not in w and "-" not in w), key=len, reverse=True)) + ")")
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century)"
UNIT_CODE = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"), "night": ("", "D"),
             "week": ("", "W"), "fortnight": ("", "W"), "month": ("", "M"), "quarter": ("", "M"), "year": ("", "Y"),
             "decade": ("", "Y"), "century": ("", "Y")}
UNIT_FACTOR = {"fortnight": 2, "quarter": 3, "decade": 10, "century": 100}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

VALUE = re.compile(
    r"PRESENT_REF|PAST_REF|FUTURE_REF|P(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D)|PT(?:\d+(?:\.\d+)?|X)(?:H|M|S)|"
    r"(?:\d{4}|XXXX)(?:-(?:(?:\d{2}|XX)(?:-(?:\d{2}|XX)(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI))?)?|W\d{2}(?:-WE)?|Q[1-4]|SP|SU|FA|WI))?|\d{3}"
)


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
    """What relative expressions resolve against: an ISO value and its precision."""

    value: str
    precision: str  # day | month | year

    @property
    def day(self) -> date:
        """A representative day (the middle of a month or year when that is all we know)."""
        parts = [int(p) for p in self.value[:10].split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 15 if len(parts) > 1 else 1)


def _must(match: re.Match[str] | None) -> re.Match[str]:
    """A match the grammar guarantees; ValueError (the expression is skipped) if it is not there."""
    if match is None:
        raise ValueError("expression does not have the expected shape")
    return match


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


# -- the grammar -----------------------------------------------------------------------

_TIME_OF_DAY = r"(?:\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\.\d{2}\s*[ap]\.?m\.?|\d{1,2}\s*[ap]\.?m\.?)"
_RULES: list[tuple[str, str]] = [
    ("full", rf"(?:{WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}(?:,?\s+(?:at\s+)?{_TIME_OF_DAY})?"),
    ("full_dmy", rf"(?:{WEEKDAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+(?:19|20)\d{{2}}(?:,?\s+(?:at\s+)?{_TIME_OF_DAY})?"),
    ("iso", r"(?<![\d-])(?:19|20)\d{2}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?(?![\d-])"),
    ("month_day", rf"(?:(?:early|late|mid)[- ])?(?:{WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d,]*\s*(?:19|20)\d\d)(?!\d)"),
    ("day_month", rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?!,?\s+(?:19|20)\d\d)"),
    ("month_year", rf"(?:(?:early|late|mid)[- ])?{MONTH},?\s+(?:of\s+)?(?:19|20)\d{{2}}"),
    ("month_this_year", rf"(?:(?:early|late|mid)[- ])?{MONTH}\s+(?:of\s+)?(?:this|last|next)\s+year"),
    ("quarter", r"(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter(?:\s+of\s+(?:fiscal\s+)?(?:19|20)\d{2})?|Q[1-4](?:\s+(?:19|20)\d{2})?"),
    ("rel_quarter", r"(?:the\s+)?(?:latest|current|last|previous|past|next|coming|year-ago|year-earlier|same)\s+(?:quarter|period)|the\s+quarter(?!\s+of)"),
    ("season", r"(?:(?:this|last|next|early|late|mid)[- ])(?:spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?:19|20)\d{2})?|(?:spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?:19|20)\d{2}|(?<=\bthe\s)(?:spring|summer|autumn|winter|fall)(?!\s+(?:of|in)\b)"),
    ("month_rel", rf"(?:(?:early|late|mid)[- ])?(?:(?:this|last|next|past)\s+)({MONTH})(?!\s+\d)"),
    ("month_alone", rf"(?:(?:early|late|mid)[- ]|(?<=\bin\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s)|(?<=\bbefore\s)|(?<=\bafter\s)|(?<=\bfrom\s)|(?<=\bthrough\s)|(?<=\bthis\s)){MONTH}(?![\w-])"),
    ("decade", r"(?:the\s+)?(?:19|20)\d0s\b"),
    ("year", r"(?:fiscal\s+|mid-)?(?<![\d$£€.,-])(?:19|20)\d{2}(?![\d%.,]\d|-\d|\s*(?:percent|per cent|troops|soldiers|people|km|miles|dollars))"),
    ("weekday", rf"(?:(?:last|next|this|past|coming)\s+)?{WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?"),
    ("rel_day", r"(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?|(?:this|last)\s+(?:morning|afternoon|evening|night)"),
    ("narrative", r"(?:on\s+)?the\s+(?:following|next|previous|preceding|same)\s+(?:day|week|month|year|morning|evening|night)|the\s+day\s+before|the\s+next\s+morning"),
    ("shifted", rf"{NUM}[- ]{UNIT}s?\s+(?:ago|earlier|later|from\s+now|hence)"),
    ("rel_unit", r"(?:(?:earlier|later|early|late)\s+)?(?:this|last|next|past|coming|current|previous)\s+(?:week|weekend|month|year)(?:'s)?|(?:over\s+)?the\s+(?:weekend|week)(?=\W)|earlier\s+this\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)"),
    ("duration", rf"(?:the\s+)?(?:(?:past|last|next|coming|first|previous|final|following)\s+)?(?:{NUM})(?:-{UNIT}(?:-long)?|\s+{UNIT}s?(?:['’]s)?)(?!\s+old\b|-old\b)"),
    ("duration_bare", r"(?<=\bfor\s)(?:years|months|weeks|days|decades|hours)|(?<=\bin\s)(?:years|months|weeks|decades)"),
    ("set", rf"(?:every|each)\s+(?:other\s+)?(?:{UNIT}|morning|evening|night|{WEEKDAY})|\b(?:daily|weekly|monthly|annually|yearly|nightly|hourly)\b"),
    ("vague", r"\b(?:now|currently|at present|at the moment|nowadays|recently|lately|in the past|the past|recent years|in recent (?:days|weeks|months|years)|soon|shortly|in the future|the future|in (?:the )?coming (?:days|weeks|months|years))\b"),
    ("clock", rf"(?:(?:at|by|around|about)\s+)?(?:{_TIME_OF_DAY}|noon|midnight)(?:\s+(?:on\s+)?{WEEKDAY}|\s+(?:today|yesterday|tomorrow))?"),
    ("spelled_year", r"nineteen[- ](?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?"),
    ("rel_decade", r"the\s+(?:last|past|next|coming|previous)\s+decade"),
]
_BEFORE = {"full_dmy": r"(?<!\d)"}  # live-blog stamps are glued to the byline: "Arpan Rai6 November 2024 04:16"
_UNGUARDED = ("year", "vague", "set")


def _compile() -> list[tuple[str, re.Pattern[str]]]:
    """One pattern per rule, so a short match of one rule never hides a longer match of another."""
    compiled = []
    for name, rule in _RULES:
        before, after = (_BEFORE.get(name, r"(?<!\w)"), r"(?!\w)") if name not in _UNGUARDED else ("", "")
        compiled.append((name, re.compile(f"{before}(?:{rule}){after}", re.I)))
    return compiled


_PATTERNS = _compile()
_RATE_BEFORE = re.compile(r"(?:\d[\d,.]*%?|\b(?:million|billion|thousand|hundred|percent|cents?|dollars?|times)|[a-z]{3,}s)\s+$", re.I)
_NOT_A_SPAN_AFTER = re.compile(r"\s+(?:of\b|[a-z]+(?<!ago)(?<!later)(?<!earlier)\b)", re.I)
_VERB_LAST = re.compile(r"(?:last|past)\s+", re.I)
_AUXILIARY = re.compile(r"\b(?:would|will|could|can|may|might|should|must|to|did|does|do)\s+$", re.I)
_LEADING = re.compile(r"^(?:on|at|by|around|about|over|in|during)\s+", re.I)


_NUMBER_START = "|".join(w.split()[0] for w in NUMBER_WORDS) + "|couple|twenty"
_MONTH_WORD = r"jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december"
_WEEKDAY_WORD = WEEKDAY
# The first word each rule can start with ("#" stands for a number): rules are only tried where they can match.
_FIRST: dict[str, str] = {
    "full": f"{_WEEKDAY_WORD}|{_MONTH_WORD}",
    "full_dmy": f"{_WEEKDAY_WORD}|#",
    "iso": "#",
    "month_day": f"early|late|mid|{_WEEKDAY_WORD}|{_MONTH_WORD}",
    "day_month": "#",
    "month_year": f"early|late|mid|{_MONTH_WORD}",
    "month_this_year": f"early|late|mid|{_MONTH_WORD}",
    "quarter": "the|first|second|third|fourth|#|q[1-4]",
    "rel_quarter": "the|latest|current|last|previous|past|next|coming|year|same",
    "season": "this|last|next|early|late|mid|spring|summer|fall|autumn|winter",
    "month_rel": "early|late|mid|this|last|next|past",
    "month_alone": f"early|late|mid|{_MONTH_WORD}",
    "decade": "the|#",
    "year": "fiscal|mid|#",
    "weekday": f"last|next|this|past|coming|{_WEEKDAY_WORD}",
    "rel_day": "the|today|tonight|yesterday|tomorrow|this|last",
    "narrative": "on|the",
    "shifted": f"#|{_NUMBER_START}",
    "rel_unit": "earlier|later|early|late|this|last|next|past|coming|current|previous|over|the",
    "duration": f"the|past|last|next|coming|first|previous|final|following|#|{_NUMBER_START}",
    "duration_bare": "years|months|weeks|days|decades|hours",
    "set": "every|each|daily|weekly|monthly|annually|yearly|nightly|hourly",
    "vague": "now|currently|at|nowadays|recently|lately|previously|formerly|in|the|recent|soon|shortly",
    "clock": "at|by|around|about|#|noon|midnight",
    "spelled_year": "nineteen|the|two",
    "rel_decade": "the",
}
_FIRST_RE = {name: re.compile(f"(?:{words})", re.I) for name, words in _FIRST.items()}
_STARTS = re.compile(r"(?<![^\W_])[^\W_]|(?<=[^\W\d_])\d")
_TOKEN = re.compile(r"[^\W_]+")
_LEADING_NUMBER = re.compile(r"[0-9]+(?:st|nd|rd|th)?")


@functools.lru_cache(maxsize=65536)
def _rules_for(token: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    numeric = _LEADING_NUMBER.match(token) is not None
    key = "#" if numeric and not re.fullmatch(r"\d(?:st|nd|rd|th)", token) else token.lower()
    return tuple((name, pattern) for name, pattern in _PATTERNS
                 if _FIRST_RE[name].fullmatch(key) or (numeric and _FIRST_RE[name].fullmatch("#")))


def find(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Candidate expressions, longest match first, without overlaps."""
    hits = []
    for trigger in _STARTS.finditer(text):
        pos = trigger.start()
        token = _TOKEN.match(text, pos)
        word = token.group() if token else ""
        if number := _LEADING_NUMBER.match(word):
            word = number.group()
        for name, pattern in _rules_for(word):
            if (m := pattern.match(text, pos)) is not None:
                hits.append((m.start(), m.end(), name, m))
    taken: list[tuple[int, int]] = []
    for start, end, name, match in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if any(start < e and s < end for s, e in taken) or "\n\n" in match.group():
            continue
        if name == "month_alone" and match.group().lower() == "may" and not text[max(0, start - 6):start].lower().strip().endswith(("in", "since", "until", "by", "of", "early", "late", "mid")):
            continue
        taken.append((start, end))
        yield name, match


# -- resolution ---------------------------------------------------------------------------


class _Resolver:
    def __init__(self, text: str, anchor: Anchor | None, tense: Tense):
        self.text, self.anchor, self.tense = text, anchor, tense
        self.narrative: date | None = None  # the last day-precision date of the narrative
        self.quarter: str | None = None  # the last quarter named ("a year earlier" in a results story is that quarter)

    def resolve(self, name: str, match: re.Match[str]) -> tuple[str, str] | None:
        handler = getattr(self, "_" + name)
        return handler(match.group().lower(), match.start())

    # anchors ---------------------------------------------------------------------------
    def _base(self, need: str) -> date | None:
        """The anchor's day if it is at least as precise as ``need`` (day|month|year)."""
        if self.anchor is None:
            return None
        order = {"day": 0, "month": 1, "year": 2}
        return self.anchor.day if order[self.anchor.precision] <= order[need] else None

    def _anchor(self) -> Anchor:
        if self.anchor is None:
            raise ValueError("no anchor")
        return self.anchor

    def _coarse(self) -> str:
        return self.anchor.value if self.anchor else "XXXX"

    def _direction(self, at: int) -> str:
        return self.tense(at)

    def _remember(self, value: str) -> None:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) and len(value) >= 10:
            self.narrative = date.fromisoformat(value[:10])

    # absolute --------------------------------------------------------------------------
    def _full(self, text: str, at: int) -> tuple[str, str]:
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        day = int(_must(re.search(rf"{MONTH}\s+(\d{{1,2}})", text, re.I)).group(1))
        year = int(_must(re.search(r"(?:19|20)\d{2}", text)).group())
        return _day_value(year, month, day, text)

    def _full_dmy(self, text: str, at: int) -> tuple[str, str]:
        day = int(_must(re.search(r"\d{1,2}", re.sub(WEEKDAY, "", text, flags=re.I))).group())
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        year = int(_must(re.search(r"(?:19|20)\d{2}", text)).group())
        return _day_value(year, month, day, text)

    def _iso(self, text: str, at: int) -> tuple[str, str] | None:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        return ("TIME", f"{day.isoformat()}T{text[11:16]}") if len(text) > 10 else ("DATE", day.isoformat())

    def _month_day(self, text: str, at: int) -> tuple[str, str] | None:
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        day = int(_must(re.search(rf"{MONTH}\s+(\d{{1,2}})", text, re.I)).group(1))
        return self._yearless(month, day, at)

    def _day_month(self, text: str, at: int) -> tuple[str, str] | None:
        return self._yearless(month_number(_must(re.search(MONTH, text, re.I)).group()), int(_must(re.match(r"\d+", text)).group()), at)

    def _yearless(self, month: int, day: int, at: int) -> tuple[str, str] | None:
        if not 1 <= day <= 31:
            return None
        base = self._base("year")
        if base is None:
            return ("DATE", f"XXXX-{month:02d}-{day:02d}") if day <= 31 else None
        candidates = []
        for year in (base.year - 1, base.year, base.year + 1):
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                continue
        if not candidates:
            return None
        chosen = _closest(candidates, self._anchor(), self._direction(at))
        return "DATE", chosen.isoformat()

    def _month_year(self, text: str, at: int) -> tuple[str, str]:
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        year = _must(re.search(r"(?:19|20)\d{2}", text)).group()
        return "DATE", f"{year}-{month:02d}"

    def _month_and_base(self, text: str) -> tuple[int, date | None]:
        """The month an expression names and the anchor's day, if the anchor knows the year."""
        return month_number(_must(re.search(MONTH, text, re.I)).group()), self._base("year")

    def _month_this_year(self, text: str, at: int) -> tuple[str, str]:
        month, base = self._month_and_base(text)
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        shift = -1 if "last" in text else 1 if "next" in text else 0
        return "DATE", f"{base.year + shift}-{month:02d}"

    def _month_rel(self, text: str, at: int) -> tuple[str, str]:
        month, base = self._month_and_base(text.split()[-1])
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        year = base.year
        if re.search(r"\b(last|past)\b", text):
            year = base.year if month < base.month else base.year - 1
        elif "next" in text:
            year = base.year if month > base.month else base.year + 1
        return "DATE", f"{year}-{month:02d}"

    def _month_alone(self, text: str, at: int) -> tuple[str, str]:
        month, base = self._month_and_base(text)
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        candidates = [date(y, month, 15) for y in (base.year - 1, base.year, base.year + 1)]
        return "DATE", _closest(candidates, self._anchor(), self._direction(at)).isoformat()[:7]

    def _spelled_year(self, text: str, at: int) -> tuple[str, str] | None:
        words = re.findall(r"[a-z]+", text.replace("-", " "))
        if words[:1] == ["nineteen"]:
            tens = NUMBER_WORDS.get(words[1], 0) if len(words) > 1 else 0
            ones = NUMBER_WORDS.get(words[2], 0) if len(words) > 2 else 0
            return "DATE", str(1900 + int(tens) + int(ones))
        tail = [w for w in words if w not in ("the", "year", "two", "thousand", "and")]
        return "DATE", str(2000 + (int(NUMBER_WORDS.get(tail[0], 0)) if tail else 0))

    def _rel_decade(self, text: str, at: int) -> tuple[str, str]:
        base = self._base("year")
        if base is None:
            return "DATE", self._coarse()
        shift = 1 if re.search(r"next|coming", text) else -1
        return "DATE", str(base.year // 10 + shift)

    def _decade(self, text: str, at: int) -> tuple[str, str]:
        return "DATE", _must(re.search(r"(?:19|20)\d", text)).group()

    def _year(self, text: str, at: int) -> tuple[str, str]:
        return "DATE", _must(re.search(r"(?:19|20)\d{2}", text)).group()

    def _quarter(self, text: str, at: int) -> tuple[str, str]:
        q = _must(re.search(r"first|second|third|fourth|1st|2nd|3rd|4th|Q[1-4]", text, re.I)).group().lower()
        n = ORDINALS.get(q) or int(q[1])
        year = re.search(r"(?:19|20)\d{2}", text)
        base = self._base("year")
        if year:
            value_year = year.group()
        elif base is None:
            value_year = "XXXX"
        else:
            middles = [date(y, 3 * n - 1, 15) for y in (base.year - 1, base.year, base.year + 1)]
            value_year = str(_closest(middles, self._anchor(), self._direction(at)).year)
        self.quarter = f"{value_year}-Q{n}"
        return "DATE", self.quarter

    def _rel_quarter(self, text: str, at: int) -> tuple[str, str]:
        base = self._base("month")
        if base is None:
            return "DATE", self._coarse()
        quarter = (base.month - 1) // 3 + 1
        year = base.year
        if re.search(r"\b(last|previous|past|latest)\b", text) or text.strip() in ("the quarter", "quarter"):
            # a report's "the quarter" is the one just ended
            quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
        elif re.search(r"\b(next|coming)\b", text):
            quarter, year = (quarter + 1, year) if quarter < 4 else (1, year + 1)
        elif re.search(r"year-(ago|earlier)", text):
            quarter, year = (quarter - 1, year - 1) if quarter > 1 else (4, year - 2)
        self.quarter = f"{year}-Q{quarter}"
        return "DATE", self.quarter

    def _season(self, text: str, at: int) -> tuple[str, str]:
        code = SEASONS[_must(re.search("spring|summer|fall|autumn|winter", text)).group()]
        year = re.search(r"(?:19|20)\d{2}", text)
        base = self._base("year")
        if year:
            return "DATE", f"{year.group()}-{code}"
        if base is None:
            return "DATE", f"XXXX-{code}"
        shift = -1 if "last" in text else 1 if "next" in text else 0
        return "DATE", f"{base.year + shift}-{code}"

    # relative to the document date ---------------------------------------------------
    def _weekday(self, text: str, at: int) -> tuple[str, str]:
        wd = WEEKDAYS.index(_must(re.search(WEEKDAY, text)).group())
        base = self._base("day")
        if base is None:
            return "DATE", self._coarse()
        direction = "past" if re.match(r"(last|past)\b", text) else "future" if re.match(r"(next|coming)\b", text) else self._direction(at)
        back, ahead = (base.weekday() - wd) % 7, (wd - base.weekday()) % 7
        if direction == "past":
            day = base - timedelta(days=back or (7 if text.startswith("last") else 0))
        elif direction == "future":
            day = base + timedelta(days=ahead or 7)
        else:
            day = base - timedelta(days=back) if back <= ahead else base + timedelta(days=ahead)
        return "DATE", day.isoformat()  # "Friday night" is annotated as the day in most news corpora

    def _rel_day(self, text: str, at: int) -> tuple[str, str]:
        base = self._base("day")
        if base is None:
            return "DATE", self._coarse()
        shift = -2 if "before yesterday" in text else 2 if "after tomorrow" in text else -1 if "yesterday" in text or "last" in text else 1 if "tomorrow" in text else 0
        day = base + timedelta(days=shift)
        part = re.search(r"morning|afternoon|evening|night|tonight", text)
        return ("TIME", f"{day.isoformat()}T{PARTS[part.group()]}") if part else ("DATE", day.isoformat())

    def _rel_unit(self, text: str, at: int) -> tuple[str, str]:
        unit = _must(re.search(r"weekend|week|month|year", text)).group()
        shift = -1 if re.search(r"\b(last|past|previous)\b", text) else 1 if re.search(r"\b(next|coming)\b", text) else 0
        if unit == "weekend" and shift == 0 and not re.search(r"\bthis\b", text):
            shift = -1 if self._direction(at) == "past" else 1 if self._direction(at) == "future" else 0
        base = self._base("day" if unit in ("week", "weekend") else unit)
        if base is None:
            return "DATE", self._coarse()
        return "DATE", _shift_unit(base, unit, shift)

    def _shifted(self, text: str, at: int) -> tuple[str, str] | None:
        amount = _number(_must(re.match(NUM, text, re.I)).group())
        unit = _must(re.search(UNIT, text, re.I)).group().lower()
        if amount == "X":
            return "DATE", "PAST_REF" if re.search(r"ago|earlier|before", text) else "FUTURE_REF"
        sign = -1 if re.search(r"ago|earlier|before", text) else 1
        if unit == "year" and self.quarter and self.quarter[:4].isdigit() and "quarter" in self._sentence(at):
            return "DATE", f"{int(self.quarter[:4]) + sign * int(amount)}{self.quarter[4:]}"
        narrative = re.search(r"later|earlier|before|after", text) is not None
        base = self.narrative if narrative and self.narrative else self._base("day" if unit in ("day", "week", "night") else "month" if unit == "month" else "year")
        if base is None:
            return "DATE", self._coarse()
        if narrative and unit in ("week", "fortnight"):  # "one week later" than a day is a day
            return "DATE", (base + timedelta(weeks=sign * int(amount) * (2 if unit == "fortnight" else 1))).isoformat()
        return "DATE", _shift_amount(base, unit, sign * int(amount))

    def _sentence(self, at: int) -> str:
        start = max(self.text.rfind(". ", 0, at), self.text.rfind("\n", 0, at)) + 1
        end = self.text.find(". ", at)
        return self.text[start:end if end != -1 else len(self.text)].lower()

    def _narrative(self, text: str, at: int) -> tuple[str, str]:
        unit = _must(re.search(r"day|week|month|year|morning|evening|night", text)).group()
        base = self.narrative or self._base("day")
        if base is None:
            return "DATE", self._coarse()
        shift = 0 if "same" in text else -1 if re.search(r"previous|preceding|before", text) else 1
        if unit in ("morning", "evening", "night"):
            return "TIME", f"{(base + timedelta(days=shift)).isoformat()}T{PARTS[unit]}"
        return "DATE", _shift_amount(base, unit, shift) if unit == "day" else _shift_unit(base, unit, shift)

    # durations, sets, vague references, clock times -----------------------------------
    def _duration(self, text: str, at: int) -> tuple[str, str] | None:
        if re.match(r"an?\s", text) and (_RATE_BEFORE.search(self.text[max(0, at - 25):at]) or (
                re.search(r"second|quarter", text) and _NOT_A_SPAN_AFTER.match(self.text, at + len(text)))):
            return None  # "$1.76 a year", "700 seats a week" are rates; "a quarter of", "a second group" are not time
        amount = _number(_must(re.search(NUM, re.sub(r"^(the\s+)?(past|last|next|coming|first|previous|final|following)\s+", "", text), re.I)).group())
        unit = _must(re.search(UNIT, text, re.I)).group().lower()
        prefix, code = UNIT_CODE[unit]
        if amount != "X":
            amount = _plain(float(amount) * UNIT_FACTOR.get(unit, 1))
        return "DURATION", f"P{prefix}{amount}{code}"

    def _duration_bare(self, text: str, at: int) -> tuple[str, str]:
        unit = text.rstrip("s")
        prefix, code = UNIT_CODE.get(unit, ("", "Y"))
        return "DURATION", f"P{prefix}X{code}"

    def _set(self, text: str, at: int) -> tuple[str, str]:
        word = _must(re.search(r"day|week|month|year|hour|morning|evening|night|daily|weekly|monthly|annually|yearly|nightly|hourly|" + WEEKDAY, text)).group()
        code = {"daily": "P1D", "day": "P1D", "weekly": "P1W", "week": "P1W", "monthly": "P1M", "month": "P1M",
                "annually": "P1Y", "yearly": "P1Y", "year": "P1Y", "hourly": "PT1H", "hour": "PT1H"}.get(word, "P1D")
        if word in WEEKDAYS:
            code = "P1W"
        return "SET", code

    def _vague(self, text: str, at: int) -> tuple[str, str]:
        if re.search(r"now|current|present|moment|nowadays", text):
            return "DATE", "PRESENT_REF"
        if re.search(r"soon|shortly|future|coming", text):
            return "DATE", "FUTURE_REF"
        return "DATE", "PAST_REF"

    def _clock(self, text: str, at: int) -> tuple[str, str] | None:
        base = self._base("day")
        if "noon" in text or "midnight" in text:
            hour, minute = (12 if "noon" in text else 0), 0
        else:
            match = _must(re.search(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?", text))
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if match.group(3) == "p" and hour < 12:
                hour += 12
            elif match.group(3) == "a" and hour == 12:
                hour = 0
            if not match.group(2) and not match.group(3):
                return None
        if hour > 23 or minute > 59:
            return None
        day = base.isoformat() if base else "XXXX-XX-XX"
        if weekday := re.search(WEEKDAY + r"|today|yesterday|tomorrow", text):
            handler = self._weekday if weekday.group() in WEEKDAYS else self._rel_day
            day = handler(weekday.group(), at)[1][:10]
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                return "DATE", day
        return "TIME", f"{day}T{hour:02d}:{minute:02d}"


def _day_value(year: int, month: int, day: int, text: str) -> tuple[str, str]:
    value = date(year, month, day).isoformat()
    clock = re.search(rf"{_TIME_OF_DAY}$", text, re.I)
    if clock:
        match = _must(re.search(r"(\d{1,2})[:.]?(\d{2})?\s*([ap])?", clock.group().lower()))
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if match.group(3) == "p" and hour < 12:
            hour += 12
        if hour < 24 and minute < 60:
            return "TIME", f"{value}T{hour:02d}:{minute:02d}"
    return "DATE", value


def _closest(candidates: list[date], anchor: Anchor, direction: str) -> date:
    """The candidate nearest the anchor on the side the tense implies (either side when present)."""
    low, high = _span(anchor)
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


def _span(anchor: Anchor) -> tuple[date, date]:
    """First and last day the anchor may stand for."""
    parts = [int(p) for p in anchor.value[:10].split("-")]
    if anchor.precision == "day":
        return date(*parts), date(*parts)
    if anchor.precision == "month":
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _shift_unit(base: date, unit: str, shift: int) -> str:
    if unit in ("week", "weekend"):
        year, week, _ = (base + timedelta(weeks=shift)).isocalendar()
        return f"{year}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        index = base.year * 12 + base.month - 1 + shift
        return f"{index // 12}-{index % 12 + 1:02d}"
    if unit == "day":
        return (base + timedelta(days=shift)).isoformat()
    return str(base.year + shift)


def _shift_amount(base: date, unit: str, amount: int) -> str:
    if unit in ("day", "night"):
        return (base + timedelta(days=amount)).isoformat()
    if unit in ("week", "fortnight"):
        year, week, _ = (base + timedelta(weeks=amount * (2 if unit == "fortnight" else 1))).isocalendar()
        return f"{year}-W{week:02d}"
    if unit in ("month", "quarter"):
        index = base.year * 12 + base.month - 1 + amount * (3 if unit == "quarter" else 1)
        return f"{index // 12}-{index % 12 + 1:02d}"
    if unit in ("year", "decade", "century"):
        return str(base.year + amount * UNIT_FACTOR.get(unit, 1))
    return base.isoformat()


def _number(text: str) -> int | float | str:
    text = text.lower().replace("-", " ")
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return "X"


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


# -- tense ------------------------------------------------------------------------------------

_FUTURE = re.compile(r"\b(will|won't|shall|'ll|going to|plans? to|expected to|scheduled to|set to|due to|next|upcoming)\b", re.I)
_PAST = re.compile(r"\b(said|was|were|had|did|ago|last|earlier|\w{3,}ed)\b", re.I)


def text_tense(text: str) -> Tense:
    """Tense from the words of the sentence around an offset (used when no parse is at hand)."""
    def tense(at: int) -> str:
        start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
        ends = [i for i in (text.find(". ", at), text.find("\n", at)) if i != -1]
        sentence = text[start:min(ends) if ends else len(text)]
        if _FUTURE.search(sentence):
            return "future"
        return "past" if _PAST.search(sentence) else "present"
    return tense


def tag(text: str, anchor: Anchor | None = None, tense: Tense | None = None) -> list[Timex]:
    """Every time expression in ``text`` with its TIMEX3 value, resolved against ``anchor``."""
    resolver = _Resolver(text, anchor, tense or text_tense(text))
    out = []
    for name, match in sorted(find(text), key=lambda nm: nm[1].start()):
        try:
            result = resolver.resolve(name, match)
        except (ValueError, OverflowError, AttributeError):
            result = None
        if result is None or not valid(result[1]):
            continue
        start, end = match.start(), match.end()
        lead = _LEADING.match(match.group())
        if lead:
            start += lead.end()
        verb = _VERB_LAST.match(text, start)
        if verb and _AUXILIARY.search(text[max(0, start - 12):start]):
            start = verb.end()  # "talks would last two weeks": "last" is the verb
        out.append(Timex(start, end, text[start:end], result[0], result[1]))
        if name not in ("duration", "duration_bare", "set", "vague", "year", "decade", "month_year", "month_alone", "month_rel", "spelled_year", "rel_decade"):
            resolver._remember(result[1])
    return out
