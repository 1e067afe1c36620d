"""Time expressions: recognised in text and normalised to TIMEX3 values against the right anchor.

Method: a hand-written grammar (``grammar.Grammar``: each rule a regular
expression registered with its handler, longest match wins) and a resolver
that knows which anchor each expression needs: the document's date for
"yesterday", "last month", "on Monday"; the previous dated expression of the
narrative for "one week later", "the following day". Weekdays and year-less
dates follow the tense of their sentence: "said on Monday" is the Monday
before the anchor, "will meet on Monday" the one after. When the anchor is
only a month or a year, anything finer is reported at the anchor's precision
rather than invented; when it was inferred, no day is built on it at all
("Jan. 21" is ``XXXX-01-21``).

Candidates measured on TempEval-3's training data (see README, Evaluation):
dateparser's ``search_dates`` finds spans poorly (false hits on "may", "now",
"a second"; splits "Nov. 12") and resolves "Nov. 12" from 2024-11-05 to the
wrong year; timexy and ctparse mis-resolve (TOOLCHAIN.md). HeidelTime and
SUTime are Java. Hence this grammar; dateparser stays as the speed peer in
``make bench``.

Refused: values for expressions whose anchor is unknown (no document date):
they get a value with the unknown part left as X ("XXXX-11-12") and are not
used for dates downstream. Rates ("$12-an-hour", "700 seats a week") are not
durations; a clock time in a present-tense sentence with no day named ("It's
3 a.m.") is not a time of the publication day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..lexicon import word_map
from ..text import CLOCK, MONTH, NUM, NUMBER_FIRST_WORDS, WEEKDAY, WEEKDAYS, month_number, number_value, parse_clock
from .grammar import Grammar, GrammarError
from .tense import Tense, text_tense
from .values import Anchor, Timex, closest, month_value, plain, shift_amount, shift_unit, valid

__all__ = ["Anchor", "GRAMMAR", "GrammarError", "Tense", "Timex", "tag", "text_tense", "valid"]

_WORDS = word_map("time_words")
_UNITS = word_map("time_units")
SEASONS: dict[str, str] = _WORDS["seasons"]
PARTS: dict[str, str] = _WORDS["day_parts"]
ORDINALS: dict[str, int] = {str(k): int(v) for k, v in _WORDS["ordinals"].items()}
FREQUENCY: dict[str, str] = _WORDS["frequency"]
VAGUE: dict[str, str] = {phrase: ref for ref, phrases in _WORDS["vague"].items() for phrase in phrases}
UNIT = "(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
YEAR = r"(?:19|20)\d{2}"
_PARTS_RE = "|".join(PARTS)
_NUMBER_FIRST = "|".join(sorted(NUMBER_FIRST_WORDS))
_SEASON_RE = "|".join(SEASONS)
_VAGUE_RE = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(VAGUE, key=len, reverse=True))

GRAMMAR = Grammar()
rule = GRAMMAR.rule

_RATE_BEFORE = re.compile(r"(?:\d[\d,.]*%?|\b(?:million|billion|thousand|hundred|percent|cents?|dollars?|times|once|twice)|[a-z]{3,}s)[\s-]+$", re.I)
_NOT_A_SPAN_AFTER = re.compile(r"\s+(?:of\b|[a-z]+(?<!ago)(?<!later)(?<!earlier)\b)", re.I)
_VERB_LAST = re.compile(r"(?:last|past)\s+", re.I)
_AUXILIARY = re.compile(r"\b(?:would|will|could|can|may|might|should|must|to|did|does|do)\s+$", re.I)
_LEADING = re.compile(r"^(?:on|at|by|around|about|over|in|during)\s+", re.I)
_MAY_BEFORE = ("in", "since", "until", "by", "of", "early", "late", "mid")
_MODAL = re.compile(r"\b(?:will|would|could|can|may|might|should|must|hope[sd]?|dream[sd]?|wish(?:es|ed)?)\b", re.I)
_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|can|may|might|should|must|shall|(?:he|she|they|we|i|you|it))\s+$", re.I)
_SPAN_BEFORE = re.compile(r"\b(?:for|in|within|than|about|only|just|over|after|lasting|the|a|first|last|every|each|per|one|more|less|"
                          r"nearly|almost|around|some|least|up\s+to|under)\s+$", re.I)
_DAY_AFTER_CLOCK = re.compile(rf"\s*(?:\([^()]{{1,20}}\)\s*)?(?:,\s*)?(?:on\s+)?({WEEKDAY}|today|yesterday|tomorrow)\b", re.I)
_WINDOW = 400  # characters looked at around an expression for its sentence


def _may_is_a_verb(text: str, match: re.Match[str]) -> bool:
    """A lone "May" is the month only after a preposition of time ("in May", "since May")."""
    start = match.start()
    return match.group().lower() == "may" and not text[max(0, start - 6):start].lower().strip().endswith(_MAY_BEFORE)


class _Resolver:
    """Resolves one text's matches in reading order, remembering the narrative's last day."""

    def __init__(self, text: str, anchor: Anchor | None, tense: Tense):
        self.text, self.anchor, self.tense = text, anchor, tense
        self.last_day: date | None = None  # the last day-precision date of the narrative
        self.last_day_at = -1  # where it was written
        self.last_quarter: str | None = None  # the last quarter named ("a year earlier" in a results story is that quarter)

    # anchors ---------------------------------------------------------------------------
    def _base(self, need: str) -> date | None:
        """The anchor's day if it is at least as precise as ``need`` (day|month|year)."""
        return self.anchor.day if self.anchor is not None and self.anchor.at_least(need) else None

    def _anchor(self) -> Anchor:
        if self.anchor is None:
            raise ValueError("no anchor")
        return self.anchor

    def _coarse(self) -> str:
        """The value of an expression finer than the anchor: the anchor itself, or X where it was inferred."""
        if self.anchor is None or self.anchor.inferred:
            return "XXXX-XX-XX"
        return self.anchor.value

    def _direction(self, at: int) -> str:
        return self.tense(at)

    def remember(self, value: str, at: int) -> None:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) and len(value) >= 10:
            self.last_day, self.last_day_at = date.fromisoformat(value[:10]), at

    def _sentence_start(self, at: int) -> int:
        low = max(0, at - _WINDOW)
        return max(self.text.rfind(". ", low, at), self.text.rfind("\n", low, at)) + 1 or low

    def sentence(self, at: int) -> str:
        start = self._sentence_start(at)
        end = self.text.find(". ", at, at + _WINDOW)
        return self.text[start:end if end != -1 else min(len(self.text), at + _WINDOW)].lower()

    # absolute --------------------------------------------------------------------------
    @rule(rf"(?:{WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}(?:,?\s+(?:at\s+)?{CLOCK})?",
          first="<weekday>|<month>", anchors=True)
    def full(self, text: str, at: int) -> tuple[str, str]:
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        day = int(_must(re.search(rf"{MONTH}\s+(\d{{1,2}})", text, re.I)).group(1))
        return _day_value(int(_must(re.search(YEAR, text)).group()), month, day, text)

    @rule(rf"(?:{WEEKDAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+{YEAR}(?:,?\s+(?:at\s+)?{CLOCK})?",
          first="<weekday>|#", anchors=True, before=r"(?<!\d)")  # live-blog stamps are glued to the byline: "Arpan Rai6 November 2024 04:16"
    def full_dmy(self, text: str, at: int) -> tuple[str, str]:
        day = int(_must(re.search(r"\d{1,2}", re.sub(WEEKDAY, "", text, flags=re.I))).group())
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        return _day_value(int(_must(re.search(YEAR, text)).group()), month, day, text)

    @rule(r"(?<![\d-])(?:19|20)\d{2}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?(?![\d-])", first="#", anchors=True)
    def iso(self, text: str, at: int) -> tuple[str, str] | None:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        return ("TIME", f"{day.isoformat()}T{text[11:16]}") if len(text) > 10 else ("DATE", day.isoformat())

    @rule(rf"(?:(?:early|late|mid)[- ])?(?:{WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d,]*\s*(?:19|20)\d\d)(?!\d)",
          first="early|late|mid|<weekday>|<month>", anchors=True)
    def month_day(self, text: str, at: int) -> tuple[str, str] | None:
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        day = int(_must(re.search(rf"{MONTH}\s+(\d{{1,2}})", text, re.I)).group(1))
        return self._yearless(month, day, at)

    @rule(rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?!,?\s+(?:19|20)\d\d)", first="#", anchors=True)
    def day_month(self, text: str, at: int) -> tuple[str, str] | None:
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        return self._yearless(month, int(_must(re.match(r"\d+", text)).group()), at)

    def _yearless(self, month: int, day: int, at: int) -> tuple[str, str] | None:
        if not 1 <= day <= 31:
            return None
        if self.anchor is None or self.anchor.inferred:
            return "DATE", f"XXXX-{month:02d}-{day:02d}"
        base = self._base("year")
        if base is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}"
        candidates = []
        for year in (base.year - 1, base.year, base.year + 1):
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                continue
        if not candidates:
            return None
        return "DATE", closest(candidates, self._anchor(), self._direction(at)).isoformat()

    @rule(rf"(?:(?:early|late|mid)[- ])?{MONTH},?\s+(?:of\s+)?{YEAR}", first="early|late|mid|<month>")
    def month_year(self, text: str, at: int) -> tuple[str, str]:
        month = month_number(_must(re.search(MONTH, text, re.I)).group())
        return "DATE", f"{_must(re.search(YEAR, text)).group()}-{month:02d}"

    def _month_and_base(self, text: str) -> tuple[int, date | None]:
        """The month an expression names and the anchor's day, if the anchor knows the year."""
        return month_number(_must(re.search(MONTH, text, re.I)).group()), self._base("year")

    @rule(rf"(?:(?:early|late|mid)[- ])?{MONTH}\s+(?:of\s+)?(?:this|last|next)\s+year", first="early|late|mid|<month>")
    def month_this_year(self, text: str, at: int) -> tuple[str, str]:
        month, base = self._month_and_base(text)
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        shift = -1 if "last" in text else 1 if "next" in text else 0
        return "DATE", f"{base.year + shift}-{month:02d}"

    @rule(rf"(?:(?:early|late|mid)[- ])?(?:(?:this|last|next|past)\s+)({MONTH})(?!\s+\d)", first="early|late|mid|this|last|next|past")
    def month_rel(self, text: str, at: int) -> tuple[str, str]:
        month, base = self._month_and_base(text.split()[-1])
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        year = base.year
        if re.search(r"\b(last|past)\b", text):
            year = base.year if month < base.month else base.year - 1
        elif "next" in text:
            year = base.year if month > base.month else base.year + 1
        return "DATE", f"{year}-{month:02d}"

    @rule(rf"(?:(?:early|late|mid)[- ]|(?<=\bin\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s)|(?<=\bbefore\s)|(?<=\bafter\s)|"
          rf"(?<=\bfrom\s)|(?<=\bthrough\s)|(?<=\bthis\s)){MONTH}(?![\w-])", first="early|late|mid|<month>", veto=_may_is_a_verb)
    def month_alone(self, text: str, at: int) -> tuple[str, str]:
        month, base = self._month_and_base(text)
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        candidates = [date(y, month, 15) for y in (base.year - 1, base.year, base.year + 1)]
        return "DATE", closest(candidates, self._anchor(), self._direction(at)).isoformat()[:7]

    @rule(r"nineteen[- ](?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
          r"(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?", first="nineteen|the|two")
    def spelled_year(self, text: str, at: int) -> tuple[str, str] | None:
        words = re.findall(r"[a-z]+", text.replace("-", " "))
        if words[:1] == ["nineteen"]:
            rest = number_value(" ".join(words[1:]))
            return "DATE", str(1900 + (rest if isinstance(rest, int) else 0))
        tail = [w for w in words if w not in ("the", "year", "two", "thousand", "and")]
        rest = number_value(tail[0]) if tail else 0
        return "DATE", str(2000 + (rest if isinstance(rest, int) else 0))

    @rule(r"the\s+(?:last|past|next|coming|previous)\s+decade", first="the")
    def rel_decade(self, text: str, at: int) -> tuple[str, str]:
        base = self._base("year")
        if base is None:
            return "DATE", self._coarse()
        shift = 1 if re.search(r"next|coming", text) else -1
        return "DATE", str(base.year // 10 + shift)

    @rule(r"(?:the\s+)?(?:19|20)\d0s\b", first="the|#")
    def decade(self, text: str, at: int) -> tuple[str, str]:
        return "DATE", _must(re.search(r"(?:19|20)\d", text)).group()

    @rule(rf"(?:fiscal\s+|mid-)?(?<![\d$£€.,-]){YEAR}(?![\d%.,]\d|-\d|\s*(?:percent|per cent|troops|soldiers|people|km|miles|dollars))",
          first="fiscal|mid|#", guard=False)
    def year(self, text: str, at: int) -> tuple[str, str]:
        return "DATE", _must(re.search(YEAR, text)).group()

    @rule(r"(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter(?:\s+of\s+(?:fiscal\s+)?(?:19|20)\d{2})?|Q[1-4](?:\s+(?:19|20)\d{2})?",
          first="the|first|second|third|fourth|#|q1|q2|q3|q4")
    def quarter(self, text: str, at: int) -> tuple[str, str]:
        q = _must(re.search(r"first|second|third|fourth|1st|2nd|3rd|4th|Q[1-4]", text, re.I)).group().lower()
        n = ORDINALS.get(q) or int(q[1])
        year = re.search(YEAR, text)
        base = self._base("year")
        if year:
            value_year = year.group()
        elif base is None:
            value_year = "XXXX"
        else:
            middles = [date(y, 3 * n - 1, 15) for y in (base.year - 1, base.year, base.year + 1)]
            value_year = str(closest(middles, self._anchor(), self._direction(at)).year)
        self.last_quarter = f"{value_year}-Q{n}"
        return "DATE", self.last_quarter

    @rule(r"(?:the\s+)?(?:latest|current|last|previous|past|next|coming|year-ago|year-earlier|same)\s+(?:quarter|period)|the\s+quarter(?!\s+of)",
          first="the|latest|current|last|previous|past|next|coming|year|same")
    def rel_quarter(self, text: str, at: int) -> tuple[str, str]:
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
        self.last_quarter = f"{year}-Q{quarter}"
        return "DATE", self.last_quarter

    @rule(rf"(?:(?:this|last|next|early|late|mid)[- ])(?:{_SEASON_RE})(?:\s+(?:of\s+)?{YEAR})?|(?:{_SEASON_RE})\s+(?:of\s+)?{YEAR}|"
          rf"(?<=\bthe\s)(?:{_SEASON_RE})(?!\s+(?:of|in)\b)", first=f"this|last|next|early|late|mid|{_SEASON_RE}")
    def season(self, text: str, at: int) -> tuple[str, str]:
        code = SEASONS[_must(re.search(_SEASON_RE, text)).group()]
        year = re.search(YEAR, text)
        base = self._base("year")
        if year:
            return "DATE", f"{year.group()}-{code}"
        if base is None:
            return "DATE", f"XXXX-{code}"
        shift = -1 if "last" in text else 1 if "next" in text else 0
        return "DATE", f"{base.year + shift}-{code}"

    # relative to the document date ---------------------------------------------------
    @rule(rf"(?:(?:last|next|this|past|coming)\s+)?{WEEKDAY}(?:\s+(?:{_PARTS_RE}))?", first="last|next|this|past|coming|<weekday>", anchors=True)
    def weekday(self, text: str, at: int) -> tuple[str, str]:
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

    @rule(rf"(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)(?:\s+(?:{_PARTS_RE}))?|"
          rf"(?:this|last)\s+(?:{_PARTS_RE})", first="the|today|tonight|yesterday|tomorrow|this|last", anchors=True)
    def rel_day(self, text: str, at: int) -> tuple[str, str]:
        base = self._base("day")
        if base is None:
            return "DATE", self._coarse()
        shift = -2 if "before yesterday" in text else 2 if "after tomorrow" in text else -1 if "yesterday" in text or "last" in text else 1 if "tomorrow" in text else 0
        day = base + timedelta(days=shift)
        part = re.search(_PARTS_RE, text)
        return ("TIME", f"{day.isoformat()}T{PARTS[part.group()]}") if part else ("DATE", day.isoformat())

    @rule(r"(?:on\s+)?the\s+(?:following|next|previous|preceding|same)\s+(?:day|week|month|year|morning|evening|night)|the\s+day\s+before|the\s+next\s+morning",
          first="on|the", anchors=True)
    def narrative(self, text: str, at: int) -> tuple[str, str]:
        unit = _must(re.search(r"day|week|month|year|morning|evening|night", text)).group()
        base = self.last_day or self._base("day")
        if base is None:
            return "DATE", self._coarse()
        shift = 0 if "same" in text else -1 if re.search(r"previous|preceding|before", text) else 1
        if unit in ("morning", "evening", "night"):
            return "TIME", f"{(base + timedelta(days=shift)).isoformat()}T{PARTS[unit]}"
        return "DATE", shift_amount(base, unit, shift) if unit == "day" else shift_unit(base, unit, shift)

    @rule(rf"{NUM}[- ]{UNIT}s?\s+(?:ago|earlier|later|from\s+now|hence)", first=f"#|{_NUMBER_FIRST}", anchors=True)
    def shifted(self, text: str, at: int) -> tuple[str, str] | None:
        amount = number_value(_must(re.match(NUM, text, re.I)).group())
        unit = _must(re.search(UNIT, text, re.I)).group().lower()
        if amount == "X":
            return "DATE", "PAST_REF" if re.search(r"ago|earlier|before", text) else "FUTURE_REF"
        if isinstance(amount, float) and amount != int(amount):
            return None
        count = int(amount)
        sign = -1 if re.search(r"ago|earlier|before", text) else 1
        if unit == "year" and self.last_quarter and self.last_quarter[:4].isdigit() and "quarter" in self.sentence(at):
            return "DATE", f"{int(self.last_quarter[:4]) + sign * count}{self.last_quarter[4:]}"
        narrative = re.search(r"later|earlier|before|after", text) is not None
        need = "day" if unit in ("day", "week", "night") else "month" if unit == "month" else "year"
        base = self.last_day if narrative and self.last_day else self._base(need)
        if base is None:
            return "DATE", self._coarse()
        factor = int(_UNITS[unit]["factor"])
        if narrative and unit in ("week", "fortnight"):  # "one week later" than a day is a day
            return "DATE", (base + timedelta(weeks=sign * count * factor)).isoformat()
        return "DATE", shift_amount(base, unit, sign * count, factor)

    @rule(r"(?:(?:earlier|later|early|late)\s+)?(?:this|last|next|past|coming|current|previous)\s+(?:week|weekend|month|year)(?:'s)?|"
          r"(?:over\s+)?the\s+(?:weekend|week)(?=\W)|earlier\s+this\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)",
          first="earlier|later|early|late|this|last|next|past|coming|current|previous|over|the")
    def rel_unit(self, text: str, at: int) -> tuple[str, str]:
        unit = _must(re.search(r"weekend|week|month|year", text)).group()
        shift = -1 if re.search(r"\b(last|past|previous)\b", text) else 1 if re.search(r"\b(next|coming)\b", text) else 0
        if unit == "weekend" and shift == 0 and not re.search(r"\bthis\b", text):
            shift = -1 if self._direction(at) == "past" else 1 if self._direction(at) == "future" else 0
        base = self._base("day" if unit in ("week", "weekend") else unit)
        if base is None:
            return "DATE", self._coarse() if unit in ("week", "weekend") else self._coarse_unit(unit)
        return "DATE", shift_unit(base, unit, shift)

    def _coarse_unit(self, unit: str) -> str:
        return "XXXX-XX" if unit == "month" and (self.anchor is None or self.anchor.inferred) else self._coarse()

    # durations, sets, vague references, clock times -----------------------------------
    @rule(rf"(?:the\s+)?(?:(?:past|last|next|coming|first|previous|final|following)\s+)?(?:{NUM})(?:-{UNIT}(?:-long)?|\s+{UNIT}s?(?:['’]s)?)(?!\s+old\b|-old\b)",
          first=f"the|past|last|next|coming|first|previous|final|following|#|{_NUMBER_FIRST}")
    def duration(self, text: str, at: int) -> tuple[str, str] | None:
        if re.match(r"an?[\s-]", text) and (_RATE_BEFORE.search(self.text[max(0, at - 25):at]) or (
                re.search(r"second|quarter", text) and _NOT_A_SPAN_AFTER.match(self.text, at + len(text)))):
            return None  # "$1.76 a year", "$12-an-hour" are rates; "a quarter of", "a second group" are not time
        if re.fullmatch(r"one\s+day", text) and self._adverbial_one_day(at):
            return "DATE", "PAST_REF" if self._direction(at) == "past" and not _MODAL.search(self.sentence(at)) else "FUTURE_REF"
        words = re.sub(r"^(the\s+)?(past|last|next|coming|first|previous|final|following)\s+", "", text)
        amount = number_value(_must(re.search(NUM, words, re.I)).group())
        unit = _must(re.search(UNIT, text, re.I)).group().lower()
        code, clock = _UNITS[unit]["code"], bool(_UNITS[unit]["clock"])
        value = "X" if amount == "X" else plain(float(amount) * int(_UNITS[unit]["factor"]))
        return "DURATION", f"P{'T' if clock else ''}{value}{code}"

    def _adverbial_one_day(self, at: int) -> bool:
        """ "will one day be", "can benefit this country one day", "One day, he...": some day, not a day's length."""
        before, after = self.text[max(0, at - 30):at], self.text[at + 7:at + 20]
        if _SPAN_BEFORE.search(before) or re.match(r"\s*(?:of|after|before|later|earlier|ago|'s|’s|-)", after):
            return False
        if _MODAL_BEFORE.search(before) or (re.search(r"(?:^|[.!?\n]\s*)$", before) and after.startswith(",")):
            return True
        sentence = self.sentence(at)
        return bool(re.match(r"\s*(?:[.,;!?]|and\b|$)", after)) and _MODAL.search(sentence) is not None \
            and not re.search(r"\b(?:for|only|just|been)\b", sentence)

    @rule(r"(?<=\bfor\s)(?:years|months|weeks|days|decades|hours)|(?<=\bin\s)(?:years|months|weeks|decades)", first="years|months|weeks|days|decades|hours")
    def duration_bare(self, text: str, at: int) -> tuple[str, str]:
        unit = text.rstrip("s")
        code, clock = _UNITS[unit]["code"], bool(_UNITS[unit]["clock"])
        return "DURATION", f"P{'T' if clock else ''}X{code}"

    @rule(rf"(?:every|each)\s+(?:other\s+)?(?:{UNIT}|morning|evening|night|{WEEKDAY})|\b(?:{'|'.join(FREQUENCY)})\b",
          first="every|each|" + "|".join(FREQUENCY), guard=False)
    def every(self, text: str, at: int) -> tuple[str, str]:
        word = _must(re.search(r"day|week|month|year|hour|morning|evening|night|" + "|".join(FREQUENCY) + "|" + WEEKDAY, text)).group()
        if word in FREQUENCY:
            return "SET", FREQUENCY[word]
        if word in WEEKDAYS:
            return "SET", "P1W"
        return "SET", {"week": "P1W", "month": "P1M", "year": "P1Y", "hour": "PT1H"}.get(word, "P1D")

    @rule(rf"\b(?:{_VAGUE_RE}|recent\s+years|in\s+recent\s+(?:days|weeks|months|years)|in\s+(?:the\s+)?coming\s+(?:days|weeks|months|years))\b",
          first="|".join({p.split()[0] for p in VAGUE} | {"recent", "in"}), guard=False)
    def vague(self, text: str, at: int) -> tuple[str, str]:
        phrase = " ".join(text.split())
        if phrase in VAGUE:
            return "DATE", VAGUE[phrase]
        return "DATE", "FUTURE_REF" if "coming" in phrase else "PAST_REF"

    @rule(rf"(?:(?:at|by|around|about)\s+)?(?:{CLOCK}|noon|midnight)(?:\s+(?:on\s+)?{WEEKDAY}|\s+(?:today|yesterday|tomorrow))?",
          first="at|by|around|about|#|noon|midnight", anchors=True)
    def clock(self, text: str, at: int) -> tuple[str, str] | None:
        if "noon" in text or "midnight" in text:
            hour, minute = (12 if "noon" in text else 0), 0
        else:
            parsed = parse_clock(_must(re.search(CLOCK, text, re.I)).group())
            if parsed is None:
                return None
            hour, minute = parsed.hour, parsed.minute
        named = re.search(WEEKDAY + r"|today|yesterday|tomorrow", text)
        if named is None:  # "at 10:35 a.m. (0735 GMT) Friday": the day named just after
            named = _DAY_AFTER_CLOCK.match(self.text, at + len(text))
        if named is not None:
            word = named.group(named.lastindex or 0).lower()
            day = (self.weekday if word in WEEKDAYS else self.rel_day)(word, at)[1][:10]
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                return "DATE", day
            return "TIME", f"{day}T{hour:02d}:{minute:02d}"
        if self.last_day is not None and self.last_day_at >= self._sentence_start(at):
            return "TIME", f"{self.last_day.isoformat()}T{hour:02d}:{minute:02d}"  # "on Nov. 12 at 10 p.m."
        base = self._base("day")
        if base is None or self._direction(at) == "present":
            return "TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}"  # "It's 3 a.m.": an hour, on no day we know
        return "TIME", f"{base.isoformat()}T{hour:02d}:{minute:02d}"


GRAMMAR.bind(_Resolver)


def _must(match: re.Match[str] | None) -> re.Match[str]:
    """A match the grammar guarantees; ValueError (the expression is skipped) if it is not there."""
    if match is None:
        raise ValueError("expression does not have the expected shape")
    return match


def _day_value(year: int, month: int, day: int, text: str) -> tuple[str, str]:
    value = date(year, month, day).isoformat()
    if (clock := re.search(rf"{CLOCK}$", text, re.I)) and (parsed := parse_clock(clock.group())) is not None:
        return "TIME", f"{value}T{parsed.iso()}"
    return "DATE", value


def tag(text: str, anchor: Anchor | None = None, tense: Tense | None = None) -> list[Timex]:
    """Every time expression in ``text`` with its TIMEX3 value, resolved against ``anchor``."""
    resolver = _Resolver(text, anchor, tense or text_tense(text))
    out = []
    for r, match in GRAMMAR.find(text):
        try:
            result = r.handler(resolver, match.group().lower(), match.start())
        except (ValueError, OverflowError, AttributeError, KeyError):
            result = None
        if result is None or not valid(result[1]):
            continue
        start, end = match.start(), match.end()
        if lead := _LEADING.match(match.group()):
            start += lead.end()
        verb = _VERB_LAST.match(text, start)
        if verb and _AUXILIARY.search(text[max(0, start - 12):start]):
            start = verb.end()  # "talks would last two weeks": "last" is the verb
        out.append(Timex(start, end, text[start:end], result[0], result[1]))
        if r.anchors:
            resolver.remember(result[1], start)
    return out
