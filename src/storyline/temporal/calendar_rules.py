"""Rules for calendar dates: full and year-less dates, months, years, decades, centuries,
quarters, seasons, holidays, and the bounds of a period ("the end of November").

Each rule is a pattern registered with its handler (``resolver.rule``); a
handler returns ``(type, value)`` or None to refuse the match.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..lexicon import word_map
from ..text import CLOCK, MONTH, WEEKDAY, month_number, number_value, parse_clock, weekday_number
from .resolver import WORDS, YEAR, Resolver, must, rule

SEASONS: dict[str, str] = WORDS["seasons"]
ORDINALS: dict[str, int] = {str(k): int(v) for k, v in WORDS["ordinals"].items()}
DECADE_WORDS: dict[str, int] = {str(k): int(v) for k, v in WORDS["decades"].items()}
HOLIDAYS: dict[str, dict[str, object]] = word_map("holidays")
_SEASON_RE = "|".join(SEASONS)
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_ORDINAL_RE = "|".join(sorted(ORDINALS, key=len, reverse=True))
_HOLIDAY_RE = "|".join(re.escape(h).replace(r"\ ", r"\s+").replace("'", "['’]") for h in sorted(HOLIDAYS, key=len, reverse=True))
_HOLIDAY_FIRST = {must(re.match(r"[^\W_]+", h)).group() for h in HOLIDAYS}
_EDGE = r"(?:(?:early|late|mid)[- ])"
_DAYNUM = r"\d{1,2}(?:st|nd|rd|th)?"
_SPELLED_YEAR = r"nineteen[- ](?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"


def _name_not_month(text: str, match: re.Match[str]) -> bool:
    """A capitalised month name is a person's ("June Carter") when a capitalised word follows or precedes it."""
    after = text[match.end():match.end() + 20]
    before = text[max(0, match.start() - 20):match.start()]
    if match.group() == "March" and re.match(r"\s+(?:for|of|on|to|against|through)\b", after):
        return True  # "the March for Life", "the March of the Mothers"
    return bool(re.match(r"\s+[A-Z][a-z]", after)) or bool(re.search(r"[A-Z][a-z]+\s+$", before))


class CalendarRules(Resolver):
    """Absolute and calendar-named expressions."""

    # full dates ------------------------------------------------------------------------
    @rule(rf"(?:{WEEKDAY},?\s+)?{MONTH}\s+{_DAYNUM},?\s+{YEAR}(?:,?\s+(?:at\s+)?{CLOCK})?", first="<weekday>|<month>", anchors=True)
    def full(self, text: str, at: int) -> tuple[str, str]:
        month = month_number(must(re.search(MONTH, text, re.I)).group())
        day = int(must(re.search(rf"{MONTH}\s+(\d{{1,2}})", text, re.I)).group(1))
        return day_value(int(must(re.search(YEAR, text)).group()), month, day, text)

    @rule(rf"(?:{WEEKDAY},?\s+)?{_DAYNUM}\s+(?:of\s+)?{MONTH},?\s+{YEAR}(?:,?\s+(?:at\s+)?{CLOCK})?",
          first="<weekday>|#", anchors=True, before=r"(?<!\d)")  # live-blog stamps are glued to the byline: "Arpan Rai6 November 2024 04:16"
    def full_dmy(self, text: str, at: int) -> tuple[str, str]:
        day = int(must(re.search(r"\d{1,2}", re.sub(WEEKDAY, "", text, flags=re.I))).group())
        month = month_number(must(re.search(MONTH, text, re.I)).group())
        return day_value(int(must(re.search(YEAR, text)).group()), month, day, text)

    @rule(r"(?<![\d-])(?:19|20)\d{2}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?(?![\d-])", first="#", anchors=True)
    def iso(self, text: str, at: int) -> tuple[str, str] | None:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        return ("TIME", f"{day.isoformat()}T{text[11:16]}") if len(text) > 10 else ("DATE", day.isoformat())

    # year-less dates -------------------------------------------------------------------
    @rule(rf"{_EDGE}?(?:{WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d,]*\s*(?:19|20)\d\d)(?!\d)",
          first="early|late|mid|<weekday>|<month>", anchors=True)
    def month_day(self, text: str, at: int) -> tuple[str, str] | None:
        month = month_number(must(re.search(MONTH, text, re.I)).group())
        day = int(must(re.search(rf"{MONTH}\s+(\d{{1,2}})", text, re.I)).group(1))
        weekday = re.match(WEEKDAY, text, re.I)
        return self.yearless(month, day, at, at + len(text), weekday_number(weekday.group()) if weekday else None)

    @rule(rf"(?<!\d){_DAYNUM}\s+(?:of\s+)?{MONTH}(?!,?\s+(?:19|20)\d\d)", first="#", anchors=True)
    def day_month(self, text: str, at: int) -> tuple[str, str] | None:
        month = month_number(must(re.search(MONTH, text, re.I)).group())
        return self.yearless(month, int(must(re.match(r"\d+", text)).group()), at, at + len(text))

    def yearless(self, month: int, day: int, at: int, end: int, weekday: int | None = None) -> tuple[str, str] | None:
        """A month and day: the year the tense implies (or the one whose weekday fits). Against an
        inferred anchor only the month is claimed: the day would rest on a guessed year."""
        if not 1 <= day <= 31:
            return None
        base = self.base("year")
        if base is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}"
        candidates = []
        for year in (base.year - 1, base.year, base.year + 1):
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                continue
        if weekday is not None and (fitting := [c for c in candidates if c.weekday() == weekday]):
            candidates = fitting  # "Monday, Oct. 26" is the Oct. 26 that is a Monday
        if not candidates:
            return None
        chosen = self.pick(candidates, at, end).isoformat()
        return "DATE", chosen[:7] if self.known_anchor().inferred else chosen

    @rule(rf"(?:(?:last|next|this)\s+)?(?:{_HOLIDAY_RE})", first="last|next|this|" + "|".join(_HOLIDAY_FIRST), anchors=True)
    def holiday(self, text: str, at: int) -> tuple[str, str] | None:
        named = re.sub(r"^(?:last|next|this)\s+", "", re.sub(r"\s+", " ", text.replace("’", "'")))
        spec = HOLIDAYS.get(named)
        base = self.base("year")
        if spec is None:
            return None
        if base is None or self.known_anchor().inferred:
            return "DATE", "XXXX-XX-XX"
        candidates = [d for y in (base.year - 1, base.year, base.year + 1) if (d := holiday_date(spec, y)) is not None]
        low, high = self.known_anchor().span()
        if text.startswith("last"):
            return "DATE", max(c for c in candidates if c < low).isoformat()
        if text.startswith("next"):
            return "DATE", min(c for c in candidates if c > high).isoformat()
        return "DATE", self.pick(candidates, at, at + len(text)).isoformat()

    # months ----------------------------------------------------------------------------
    @rule(rf"{_EDGE}?{MONTH},?\s+(?:of\s+)?{YEAR}", first="early|late|mid|<month>")
    def month_year(self, text: str, at: int) -> tuple[str, str]:
        month = month_number(must(re.search(MONTH, text, re.I)).group())
        return "DATE", f"{must(re.search(YEAR, text)).group()}-{month:02d}"

    def month_and_base(self, text: str) -> tuple[int, date | None]:
        """The month an expression names and the anchor's day, if the anchor knows the year."""
        return month_number(must(re.search(MONTH, text, re.I)).group()), self.base("year")

    @rule(rf"{_EDGE}?{MONTH}\s+(?:of\s+)?(?:this|last|next)\s+year", first="early|late|mid|<month>")
    def month_this_year(self, text: str, at: int) -> tuple[str, str]:
        month, base = self.month_and_base(text)
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        shift = -1 if "last" in text else 1 if "next" in text else 0
        return "DATE", f"{base.year + shift}-{month:02d}"

    @rule(rf"{_EDGE}?(?:(?:this|last|next|past)\s+)({MONTH})(?!\.?\s+\d)", first="early|late|mid|this|last|next|past",
          veto=lambda text, m: m.group().split()[-1] in ("march", "may"))  # "this march" is a walk
    def month_rel(self, text: str, at: int) -> tuple[str, str]:
        month, base = self.month_and_base(text.split()[-1])
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        year = base.year
        if re.search(r"\b(last|past)\b", text):
            year = base.year if month < base.month else base.year - 1
        elif "next" in text:
            year = base.year if month > base.month else base.year + 1
        return "DATE", f"{year}-{month:02d}"

    @rule(rf"(?:{_EDGE}|(?<=\bin\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s)|(?<=\bbefore\s)|(?<=\bafter\s)|"
          rf"(?<=\bfrom\s)|(?<=\bthrough\s)|(?<=\bthis\s)|(?<=\bfor\s)|(?<=\bduring\s)){MONTH}(?![\w-])", first="early|late|mid|<month>",
          veto=lambda text, m: m.group() == "march" or (m.group().lower() == "may" and not text[max(0, m.start() - 6):m.start()].lower().strip().endswith(
              ("in", "since", "until", "by", "of", "early", "late", "mid"))))
    def month_alone(self, text: str, at: int) -> tuple[str, str]:
        return self.month_value(text, at)

    @rule(r"(?-i:January|February|March|April|June|July|August|September|October|November|December)(?!\w)(?!['’](?!s\b))(?!\s*\d)",
          first="<month>", veto=_name_not_month)
    def month_name(self, text: str, at: int) -> tuple[str, str]:
        return self.month_value(text, at)

    def month_value(self, text: str, at: int) -> tuple[str, str]:
        month, base = self.month_and_base(text)
        if base is None:
            return "DATE", f"XXXX-{month:02d}"
        candidates = [date(y, month, 15) for y in (base.year - 1, base.year, base.year + 1)]
        return "DATE", self.pick(candidates, at, at + len(text)).isoformat()[:7]

    # years, decades, centuries -----------------------------------------------------------
    @rule(rf"{_SPELLED_YEAR}|(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?",
          first="nineteen|the|two")
    def spelled_year(self, text: str, at: int) -> tuple[str, str] | None:
        words = re.findall(r"[a-z]+", text.replace("-", " "))
        if words[:1] == ["nineteen"]:
            rest = number_value(" ".join(words[1:]))
            return "DATE", str(1900 + (rest if isinstance(rest, int) else 0))
        tail = [w for w in words if w not in ("the", "year", "two", "thousand", "and")]
        rest = number_value(tail[0]) if tail else 0
        return "DATE", str(2000 + (rest if isinstance(rest, int) else 0))

    @rule(r"the\s+(?:last|past|next|coming|previous)\s+decade|(?:this|the\s+current)\s+(?:decade|century)(?![\w-])", first="the|this")
    def rel_decade(self, text: str, at: int) -> tuple[str, str]:
        """ "the last decade" (in 1998) is the 1980s, 198; "this century" (in 1999) the 1900s, 19."""
        base = self.base("year")
        if base is None:
            return "DATE", self.coarse()
        if text.endswith("century"):
            return "DATE", f"{base.year // 100:02d}"
        shift = 1 if re.search(r"next|coming", text) else -1 if re.search(r"last|past|previous", text) else 0
        return "DATE", str(base.year // 10 + shift)

    @rule(rf"(?:the\s+)?{_EDGE}?(?:(?:19|20)\d0s|['’]\d0s|(?:{'|'.join(DECADE_WORDS)}))\b", first="the|early|late|mid|#|" + "|".join(DECADE_WORDS))
    def decade(self, text: str, at: int) -> tuple[str, str] | None:
        if digits := re.search(r"(?:19|20)\d", text):
            return "DATE", digits.group()
        if short := re.search(r"['’](\d)0s", text):
            return "DATE", f"19{short.group(1)}"
        word = must(re.search("|".join(DECADE_WORDS), text)).group()
        return "DATE", f"19{DECADE_WORDS[word]}"

    @rule(rf"(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)|{'|'.join(ORDINALS)}|nineteenth|twentieth|twenty-first)\s+century", first="the|#|nineteenth|twentieth|twenty")
    def century(self, text: str, at: int) -> tuple[str, str] | None:
        words = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
        number = next((n for w, n in words.items() if w in text), None)
        if number is None:
            number = int(must(re.search(r"\d{1,2}", text)).group())
        return ("DATE", f"{number - 1:02d}") if 1 <= number <= 21 else None

    @rule(rf"(?:fiscal\s+(?:year\s+)?|{_EDGE}|(?<![\d$£€.,-])){YEAR}(?![\d%.,]\d|-\d|\s*(?:percent|per cent|troops|soldiers|people|km|miles|dollars))",
          first="fiscal|early|late|mid|#", guard=False)
    def year(self, text: str, at: int) -> tuple[str, str]:
        return "DATE", must(re.search(YEAR, text)).group()

    @rule(r"(?<=\b(?:in|of|by)\s)1[5-8]\d\d(?![\d%.,]\d|-\d)|(?<=\bsince\s)1[5-8]\d\d(?![\d%.,]\d|-\d)", first="#")
    def old_year(self, text: str, at: int) -> tuple[str, str]:
        """ "independence from Spain in 1898": a year before 1900 only after a preposition of time."""
        return "DATE", text

    # quarters ----------------------------------------------------------------------------
    @rule(rf"(?:the\s+)?(?:(?:fiscal|calendar)[- ])?(?:{YEAR}\s+|(?:this|last|next)\s+year['’]s\s+|year-(?:earlier|ago)\s+)?(?:{_ORDINAL_RE})[- ]"
          rf"(?:fiscal[- ])?quarter(?:\s+of\s+(?:fiscal\s+)?{YEAR})?|Q[1-4](?:\s+{YEAR})?",
          first="the|fiscal|calendar|this|last|next|year|first|second|third|fourth|#|q1|q2|q3|q4")
    def quarter(self, text: str, at: int) -> tuple[str, str]:
        q = must(re.search(rf"(?<![\w-])(?:{_ORDINAL_RE}|q[1-4])\b", re.sub(r"(?:fiscal|calendar)-", "", text), re.I)).group().lower()
        n = ORDINALS.get(q) or int(q[1])
        year = re.search(YEAR, text)
        base = self.base("year")
        if year:
            value_year = year.group()
        elif base is None:
            value_year = "XXXX"
        elif shift := re.search(r"(this|last|next)\s+year|year-(?:earlier|ago)", text):
            value_year = str(base.year + {"this": 0, "last": -1, "next": 1}.get(shift.group(1) or "last", -1))
        else:
            value_year = str(self.quarter_year(n, base, at))
        return "DATE", self.name_quarter(f"{value_year}-Q{n}")

    def quarter_year(self, n: int, base: date, at: int) -> int:
        """A named quarter is in the anchor's year unless the tense puts it a year off."""
        begins, ends = date(base.year, 3 * n - 2, 1), date(base.year, 3 * n, 28)
        side = self.direction(at)
        if side == "past" and begins > base:
            return base.year - 1
        if side == "future" and ends < base - timedelta(days=92):
            return base.year + 1
        return base.year

    @rule(r"(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:latest|current|last|previous|past|next|coming|year-ago|year-earlier|same)\s+(?:quarter|period)|"
          r"the\s+(?:quarter|period)(?:\s+a\s+year\s+(?:ago|earlier)|\s+last\s+year)|the\s+(?:corresponding|comparable)\s+(?:quarter|period)\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year)|"
          r"(?:the|this|that)\s+quarter(?!\s+of)(?![-‑])", first="the|this|that|comparable|corresponding|latest|current|last|previous|past|next|coming|year|same")
    def rel_quarter(self, text: str, at: int) -> tuple[str, str] | None:
        base = self.base("month")
        if base is None:
            return "DATE", self.coarse()
        year_ago = re.search(r"year-(ago|earlier)|a\s+year\s+(?:ago|earlier)|last\s+year", text) is not None
        if year_ago and (before := self.year_before_quarter()):
            return "DATE", before
        if re.search(r"\bsame\b", text) and not year_ago:
            return ("DATE", self.last_quarter) if self.last_quarter else None  # "the same period in 2014" names no quarter
        quarter, year = (base.month - 1) // 3 + 1, base.year
        if text.startswith(("that", "this")) and self.last_quarter:
            return "DATE", self.last_quarter  # the quarter the report is about
        if re.search(r"\b(last|previous|past|latest)\b", text) or text.strip() in ("the quarter", "quarter") or year_ago:
            # a report's "the quarter" is the one just ended
            quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
            year -= year_ago
        elif re.search(r"\b(next|coming)\b", text):
            quarter, year = (quarter + 1, year) if quarter < 4 else (1, year + 1)
        value = f"{year}-Q{quarter}"
        return "DATE", value if year_ago else self.name_quarter(value)

    @rule(rf"the\s+{YEAR}\s+(?:quarter|period)|(?:this|last|next)\s+year['’]s\s+(?:quarter|period)", first="the|this|last|next")
    def year_period(self, text: str, at: int) -> tuple[str, str]:
        """ "the 1988 period", "last year's quarter": that year's quarter in a results story, else the year."""
        if year := re.search(YEAR, text):
            value_year = int(year.group())
        else:
            base = self.base("year")
            if base is None:
                return "DATE", self.coarse()
            value_year = base.year + {"this": 0, "last": -1, "next": 1}[text.split()[0]]
        if (quarter := self.reported or self.last_quarter) and quarter[4:6] == "-Q":
            return "DATE", f"{value_year}{quarter[4:]}"
        return "DATE", str(value_year)

    @rule(r"the\s+(?:(?:full|current|latest|past|same)\s+)?(?:fiscal\s+)?year(?!['’\w-])(?!\s+(?:before|after|earlier|ago|later|of\b(?!\s+[$£€\d])))",
          first="the")
    def the_year(self, text: str, at: int) -> tuple[str, str] | None:
        """ "for the year ended Sept. 30" is a year's length; "sales for the full year", "the fiscal year" that year."""
        if re.match(r"\s+(?:ended|ending|ends|to\s+date)\b", self.text[at + len(text):at + len(text) + 12]):
            return "DURATION", "P1Y"
        base = self.base("year")
        if base is None:
            return "DATE", self.coarse()
        return "DATE", str(base.year - 1 if re.search(r"\b(?:latest|past)\b", text) else base.year)

    @rule(r"year-(?:ago|earlier)(?=\s+[a-z])", first="year")
    def year_ago(self, text: str, at: int) -> tuple[str, str]:
        if before := self.year_before_quarter():
            return "DATE", before
        base = self.base("year")
        return "DATE", str(base.year - 1) if base else self.coarse()

    @rule(rf"(?:the\s+)?(?:(?:first|second|latter)[- ]half|(?:first|last|final)\s+two\s+quarters)\s+of\s+(?:(?:the\s+)?(?:(?:this|last|next|current)\s+)?(?:fiscal\s+)?year(?![\w'’-])|(?:fiscal\s+)?{YEAR})",
          first="the|first|second|latter|last|final")
    def half(self, text: str, at: int) -> tuple[str, str]:
        """ "the first half of 2023" is 2023-H1; "the second half of the year" that half of the anchor's year;
        "the first two quarters of 1990" 1990-H1."""
        n = 1 if re.search(r"first", text) else 2
        if year := re.search(YEAR, text):
            return "DATE", f"{year.group()}-H{n}"
        base = self.base("year")
        if base is None:
            return "DATE", f"XXXX-H{n}"
        shift = -1 if re.search(r"\blast\s+(?:fiscal\s+)?year", text) else 1 if re.search(r"\bnext\s+(?:fiscal\s+)?year", text) else 0
        return "DATE", f"{base.year + shift}-H{n}"

    # seasons and bounds ------------------------------------------------------------------
    @rule(rf"(?:the\s+)?(?:(?:this|last|next|early|late|mid|this\s+past)[- ])(?:{_SEASON_RE})(?:\s+(?:of\s+)?{YEAR})?|(?:the\s+)?(?:{_SEASON_RE})\s+(?:of\s+)?(?:{YEAR}|{_SPELLED_YEAR})|"
          rf"(?:the\s+)(?:{_SEASON_RE})(?!\s+(?:of|in)\b)", first=f"the|this|last|next|early|late|mid|{_SEASON_RE}")
    def season(self, text: str, at: int) -> tuple[str, str]:
        code = SEASONS[must(re.search(_SEASON_RE, text)).group()]
        year = re.search(YEAR, text)
        base = self.base("year")
        if year:
            return "DATE", f"{year.group()}-{code}"
        if spelled := re.search(_SPELLED_YEAR, text):  # "the winter of nineteen ninety-four", as transcripts write it
            return "DATE", f"{self.spelled_year(spelled.group(), at)[1]}-{code}"
        if base is None:
            return "DATE", f"XXXX-{code}"
        shift = -1 if "last" in text else 1 if "next" in text else 0
        if "past" in text:  # "this past spring": the latest one begun
            shift = 0 if _SEASON_START[code] <= base.month else -1
        return "DATE", f"{base.year + shift}-{code}"

    @rule(rf"(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|turn)\s+of\s+(?:the\s+)?(?:(?:this|last|next|current)\s+)?"
          rf"(?:{MONTH}(?:,?\s+{YEAR})?|{YEAR}|month|year|week|quarter|decade|century)(?![\w-])|year[- ]end|year['’]s\s+end|month-end",
          first="the|very|end|beginning|start|middle|close|turn|year|month")
    def bound(self, text: str, at: int) -> tuple[str, str] | None:
        inner = re.sub(r"^(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|turn)\s+of\s+(?:the\s+)?", "", text)
        if re.fullmatch(r"year[- ]end|year['’]s\s+end", inner):
            inner = "year"
        elif inner == "month-end":
            inner = "month"
        if year := re.fullmatch(YEAR, inner):
            return "DATE", year.group()
        if re.match(MONTH, inner, re.I) and not re.match(r"month\b", inner):
            if re.search(YEAR, inner):
                return self.month_year(inner, at)
            return self.month_value(inner, at)
        unit = must(re.search(r"month|year|week|quarter|decade|century", inner)).group()
        shift = -1 if inner.startswith("last") else 1 if inner.startswith("next") else 0
        return self.unit_value(unit, shift)

    def unit_value(self, unit: str, shift: int) -> tuple[str, str]:
        """The calendar unit around the anchor ("the end of the month": this month), shifted."""
        base = self.base("day" if unit == "week" else "month" if unit in ("month", "quarter") else "year")
        if base is None:
            return "DATE", "XXXX-XX" if unit == "month" else self.coarse()
        if unit == "week":
            year, week, _ = (base + timedelta(weeks=shift)).isocalendar()
            return "DATE", f"{year}-W{week:02d}"
        if unit == "month":
            index = base.year * 12 + base.month - 1 + shift
            return "DATE", f"{index // 12}-{index % 12 + 1:02d}"
        if unit == "quarter":
            index = base.year * 4 + (base.month - 1) // 3 + shift
            return "DATE", f"{index // 4}-Q{index % 4 + 1}"
        if unit == "decade":
            return "DATE", str(base.year // 10 + shift)
        if unit == "century":
            return "DATE", f"{base.year // 100 + shift:02d}"
        return "DATE", str(base.year + shift)


def day_value(year: int, month: int, day: int, text: str) -> tuple[str, str]:
    """DATE of a day, or TIME when a clock time ends the expression."""
    value = date(year, month, day).isoformat()
    if (clock := re.search(rf"{CLOCK}$", text, re.I)) and (parsed := parse_clock(clock.group())) is not None:
        return "TIME", f"{value}T{parsed.iso()}"
    return "DATE", value


def holiday_date(spec: dict[str, object], year: int) -> date | None:
    """The day a holiday falls on in ``year``, from its ``holidays`` lexicon entry."""
    if "easter" in spec:
        return easter(year) + timedelta(days=int(str(spec["easter"])))
    month = int(str(spec["month"]))
    if "day" in spec:
        return date(year, month, int(str(spec["day"])))
    weekday, nth = weekday_number(str(spec["weekday"])), int(str(spec["nth"]))
    if nth < 0:
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, int(str(spec.get("from", 1))))
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)
