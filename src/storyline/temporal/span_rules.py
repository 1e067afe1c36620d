"""Rules for lengths of time, frequencies, vague references and clock times.

Refused here: rates ("$1.76 a year", "$12-an-hour", "700 seats a week"),
"a quarter of", "a second group"; "one day" meaning some day ("will one day
be", "can benefit this country one day") is FUTURE_REF, not P1D; a clock time
in a present-tense sentence with no day named ("It's 3 a.m.") is an hour of
no known day, not a time of the publication day.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import families
from ..text import CLOCK, MONTH, NUM, WEEKDAY, WEEKDAYS, month_number, number_value, parse_clock
from .relative_rules import HEDGE, HEDGE_FIRST, NUMBER_FIRST, PARTS, QUALIFIED, UNIT, RelativeRules
from .resolver import UNITS, WORDS, YEAR, must, rule
from .values import duration_value

FREQUENCY: dict[str, str] = WORDS["frequency"]
VAGUE: dict[str, str] = {phrase: ref for ref, phrases in WORDS["vague"].items() for phrase in phrases}
_VAGUE_RE = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(VAGUE, key=len, reverse=True))
_FRACTION = r"(?:\s+(?:1/2|and\s+a\s+half)|\.5)"
_RATE_BEFORE = re.compile(r"(?:\d[\d,.]*%?|\b(?:million|billion|thousand|hundred|percent|cents?|dollars?|times|once|twice)|[a-z]{3,}s)[\s-]+$", re.I)
_NOT_A_SPAN_AFTER = re.compile(r"\s+(?:of\b|[a-z]+(?<!ago)(?<!later)(?<!earlier)\b)", re.I)
_SPAN_BEFORE = re.compile(r"\b(?:for|in|within|than|about|only|just|over|after|lasting|the|a|first|last|every|each|per|one|more|less|"
                          r"nearly|almost|around|some|least|up\s+to|under)\s+$", re.I)
_MODAL = re.compile(r"\b(?:will|would|could|can|may|might|should|must|hope[sd]?|dream[sd]?|wish(?:es|ed)?)\b", re.I)
_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|can|may|might|should|must|shall|he|she|they|we|i|you|it|hopes?|hoped|hoping|dreams?|dreamed)\s+$", re.I)


@functools.cache
def _zones() -> str:
    zones = sorted((z for z in families("dateline_words")["zones"] if len(z) > 1), key=len, reverse=True)
    return "(?:" + "|".join(zones) + r")\b"


_CLAUSE_AFTER = re.compile(r"\s+(?:(?-i:[A-Z][a-z])|(?:he|she|they|we|i|you|it|the|a|an|his|her|their|its|that|when)\b)", re.I)


_PUBLICATION_AFTER = re.compile(r"\s+(?:(?-i:[A-Z][a-z])|(?:newspapers?|papers?|magazines?|tabloids?|publications?)\b)", re.I)


def _a_publication(text: str, match: re.Match[str]) -> bool:
    """ "the Communist Party daily Granma", "the weekly Der Spiegel", "a daily newspaper": a paper, not a frequency."""
    return match.group().lower() in ("daily", "weekly", "monthly") and _PUBLICATION_AFTER.match(text, match.end()) is not None


def _not_vague(text: str, match: re.Match[str]) -> bool:
    """ "soon after", "as soon as": a relation between events; "the past two polls": an adjective."""
    word = match.group().lower()
    if word in ("the past", "the future") and re.match(r"\s+(?:\d|(?!of\b|and\b|or\b|to\b|in\b|is\b|was\b|will\b|has\b|had\b|for\b|with\b|at\b|as\b|but\b|that\b|which\b|when\b|where\b|looks?\b|holds?\b|awaits?\b|remains?\b)[a-z])", text[match.end():match.end() + 12]):
        return True
    if word.endswith("moment") and _CLAUSE_AFTER.match(text, match.end()):
        return True  # "at the moment Christie learned": the moment something happened, not now
    if word not in ("soon", "shortly"):
        return False
    return bool(re.match(r"\s+(?:after|before|as|thereafter)\b", text[match.end():match.end() + 12])) or text[max(0, match.start() - 3):match.start()].lower() == "as "


class SpanRules(RelativeRules):
    """Durations, sets, vague references and clock times."""

    @rule(rf"(?:the\s+(?=(?:past|last|next|coming|first|previous|final|following|latest)\s|{NUM}\s+{UNIT}s\b(?!\s+of\b)(?![-‑])))?"
          rf"(?:(?:past|last|next|coming|first|previous|final|following|latest)\s+)?"
          rf"{HEDGE}?(?:{NUM})(?:{_FRACTION})?(?:\s+(?:to|or)\s+{NUM}|[-–]\d+)?(?:\s+more)?(?:-{UNIT}(?:-long)?|\s+{QUALIFIED}{UNIT}s?(?:\s+and\s+a\s+half)?)(?:\s+or\s+so)?(?!\s+old\b|-old\b|-long\b)",
          first=f"the|past|last|next|coming|first|previous|final|following|#|{NUMBER_FIRST}|{HEDGE_FIRST}")
    def duration(self, text: str, at: int) -> tuple[str, str] | None:
        bare = re.sub(rf"^(?:the\s+)?(?:(?:past|last|next|coming|first|previous|final|following|latest)\s+)?{HEDGE}?", "", text)
        if re.match(r"an?[\s-]", bare) and ((bare == text and _RATE_BEFORE.search(self.text[max(0, at - 25):at])) or (
                re.search(r"second|quarter", text) and _NOT_A_SPAN_AFTER.match(self.text, at + len(text)))):
            return None  # "$1.76 a year", "$12-an-hour" are rates; "a quarter of", "a second group" are not time
        if re.fullmatch(r"one\s+day", text) and self.adverbial_one_day(at):
            return "DATE", "PAST_REF" if self.direction(at) == "past" and not _MODAL.search(self.sentence(at)) else "FUTURE_REF"
        amount = number_value(must(re.match(NUM, bare, re.I)).group())
        unit = must(re.search(rf"{UNIT}(?=s?\b|-|$)", bare, re.I)).group().lower()
        if re.match(rf"(?:an?|one)\s+{unit}s\b", bare):
            return None  # "a months-long act": not "a month"
        if amount != "X" and re.search(r"1/2|and\s+a\s+half|^\d+\.5", bare):
            amount = int(amount) + 0.5
        code, clock = str(UNITS[unit]["code"]), bool(UNITS[unit]["clock"])
        return "DURATION", duration_value(amount, int(UNITS[unit]["factor"]), code, clock)

    def adverbial_one_day(self, at: int) -> bool:
        """ "will one day be", "hope one day to", "can benefit this country one day", "changed one day in
        June", "One day, he...": some day, not a day's length ("for one day", "one day before")."""
        before, after = self.text[max(0, at - 30):at], self.text[at + 7:at + 20]
        if _SPAN_BEFORE.search(before) or re.match(r"\s*(?:of|after|before|later|earlier|ago|a\s|to\s+go|until|'s|’s|-)", after):
            return False
        if _MODAL_BEFORE.search(before) or (re.search(r"(?:^|[.!?\n]\s*)$", before) and after.startswith(",")):
            return True
        if re.match(r"\s+(?:in|last|that|when|soon)\b", after):
            return True
        return bool(re.match(r"\s*(?:[.,;!?]|and\b|$)", after)) and _MODAL.search(self.sentence(at)) is not None \
            and not re.search(r"\b(?:for|only|just|been|in|within)\b", before)

    @rule(r"(?<=\bfor\s)(?:years|months|weeks|days|decades|hours|centuries)|(?<=\bwithin\s)(?:years|months|weeks|days|hours|minutes)|"
          r"(?<=\bin\s)(?:years|months|weeks|decades)|(?:years|months|weeks|days|decades|hours)-(?:long|old)|(?:day|week|month|year|hour)-long",
          first="years|months|weeks|days|decades|hours|minutes|centuries|day|week|month|year|hour")
    def duration_bare(self, text: str, at: int) -> tuple[str, str]:
        """ "for years", "within weeks", "decades-long": so many units; "a day-long meeting": one."""
        word = text.split("-")[0]
        unit = "century" if word == "centuries" else word.rstrip("s")
        spec = UNITS[unit]
        return "DURATION", duration_value("X" if word.endswith("s") else 1, int(spec["factor"]), str(spec["code"]), bool(spec["clock"]))

    @rule(rf"(?:every|each)\s+(?:other\s+|(?:{NUM})\s+(?={UNIT}s\b))?(?:{UNIT}s?|morning|evening|night|{WEEKDAY}|{MONTH})|\b(?:{'|'.join(FREQUENCY)})\b|"
          rf"\b(?:once|twice|(?:{NUM})\s+(?:times?|days?|nights?|hours?))\s+(?:a|an|per|each)\s+{UNIT}\b",
          first=f"every|each|once|twice|#|{NUMBER_FIRST}|" + "|".join(FREQUENCY), guard=False, veto=_a_publication)
    def every(self, text: str, at: int) -> tuple[str, str]:
        if rate := re.search(rf"\b(?:a|an|per|each)\s+({UNIT})$", text):
            unit = rate.group(1)  # "one day a week", "twice a month": so often, each unit
            return "SET", duration_value(1, int(UNITS[unit]["factor"]), str(UNITS[unit]["code"]), bool(UNITS[unit]["clock"]))
        if step := re.match(rf"(?:every|each)\s+(other|{NUM})\s+({UNIT})s?$", text):
            amount, spec = (2 if step.group(1) == "other" else number_value(step.group(1))), UNITS[step.group(2)]
            return "SET", duration_value(amount, int(spec["factor"]), str(spec["code"]), bool(spec["clock"]))  # "every 12 months": P12M
        if (month := re.search(rf"\b{MONTH}$", text, re.I)) and not re.search(rf"{UNIT}$", text):
            return "SET", f"XXXX-{month_number(month.group()):02d}"
        word = must(re.search(r"morning|evening|night|" + "|".join(FREQUENCY) + "|" + WEEKDAY + "|" + UNIT, text)).group()
        if word in FREQUENCY:
            return "SET", FREQUENCY[word]
        if word in WEEKDAYS:
            return "SET", f"XXXX-WXX-{WEEKDAYS.index(word) + 1}"
        if (unit := re.search(UNIT, text)) and unit.group() != "night":
            spec = UNITS[unit.group()]
            return "SET", duration_value(1, int(spec["factor"]), str(spec["code"]), bool(spec["clock"]))
        return "SET", "P1D"  # every morning, evening, night

    @rule(rf"{WEEKDAY}s(?:\s+(?:{'|'.join(PARTS)}))?|{WEEKDAY}\s+(?:{'|'.join(p + 's' for p in PARTS if p != 'tonight')})",
          first="<weekday>|" + "|".join(w + "s" for w in WEEKDAYS))
    def weekdays(self, text: str, at: int) -> tuple[str, str]:
        """ "on Mondays", "Tuesday nights": every such day (or part of it), a set."""
        day = WEEKDAYS.index(must(re.match(WEEKDAY, text)).group()) + 1
        part = re.search(rf"\s+({'|'.join(PARTS)})s?$", text)
        return "SET", f"XXXX-WXX-{day}" + (f"T{PARTS[part.group(1)]}" if part else "")

    @rule(rf"\b(?:{_VAGUE_RE})\b", first="|".join({p.split()[0] for p in VAGUE}), guard=False, veto=_not_vague)
    def vague(self, text: str, at: int) -> tuple[str, str]:
        return "DATE", VAGUE[" ".join(text.split())]

    @rule(r"(?<=\bthe\s)(?:recent|current)(?=\s+[a-z])|(?<=\bits\s)(?:recent|current)(?=\s+[a-z])|(?<=['’]s\s)(?:recent|current)(?=\s+[a-z])|"
          r"(?<=\bof\s)(?:recent|current)(?=\s+[a-z])|(?<=\bon\s)(?:recent|current)(?=\s+[a-z])|(?<=\babout\s)(?:recent|current)(?=\s+[a-z])",
          first="recent|current", veto=lambda text, m: re.match(r"\s+(?:account|affairs|events|issue|flows?|runs?)\b", text[m.end():m.end() + 12]) is not None)
    def now_or_lately(self, text: str, at: int) -> tuple[str, str]:
        """ "the current weakness", "the recent sale": the adjective places its noun now, or lately."""
        return "DATE", "PRESENT_REF" if text == "current" else "PAST_REF"

    @rule(r"(?:the\s+)?(?:recent|coming|future|past|next\s+few|past\s+few|last\s+few)\s+(?:days|weeks|months|years|decades|quarters)|"
          r"the\s+(?:days|weeks|months|years)\s+ahead", first="the|recent|coming|future|next|past|last")
    def vague_span(self, text: str, at: int) -> tuple[str, str]:
        """ "the past few weeks", "the weeks ahead": so many units of unknown number; "in recent years",
        "coming quarters": the past, the future."""
        if re.search(r"recent|past(?!\s+few)", text):
            return "DATE", "PAST_REF"
        if re.search(r"coming|future", text):
            return "DATE", "FUTURE_REF"
        unit = must(re.search(r"day|week|month|year|decade", text)).group()
        return "DURATION", duration_value("X", 1, str(UNITS[unit]["code"]), False)

    @rule(rf"(?:(?:at|by|around|about)\s+)?(?:{CLOCK}|noon|midnight|midday)(?:\s+{_zones()})?"
          rf"(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR})?)|\s+(?:today|yesterday|tomorrow))?",
          first="at|by|around|about|#|noon|midnight|midday", anchors=True,
          veto=lambda text, m: text[max(0, m.start() - 5):m.start()].lower() == "high " or m.group() == "Noon")
    def clock(self, text: str, at: int) -> tuple[str, str] | None:
        if re.search(r"noon|midnight|midday", text):
            hour, minute = (0 if "midnight" in text else 12), 0
        else:
            parsed = parse_clock(must(re.search(CLOCK, text, re.I)).group())
            if parsed is None:
                return None
            hour, minute = parsed.hour, parsed.minute
        if (date_part := re.search(rf"{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+({YEAR}))?$", text, re.I)):
            month, day = month_number(must(re.match(MONTH, date_part.group(), re.I)).group()), int(date_part.group(1))
            if date_part.group(2):
                return "TIME", f"{date_part.group(2)}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"
            resolved = self.yearless(month, day, at, at + len(text))
            return ("TIME", f"{resolved[1]}T{hour:02d}:{minute:02d}") if resolved and resolved[1][:4].isdigit() else resolved
        named = re.search(WEEKDAY + r"|today|yesterday|tomorrow", text)
        if named is None:  # "at 10:35 a.m. (0735 GMT) Friday": the day named just after
            named = _DAY_AFTER_CLOCK.match(self.text, at + len(text))
        if named is not None:
            word = named.group(named.lastindex or 0).lower()
            day = (self.weekday if word in WEEKDAYS else self.rel_day)(word, at)[1][:10]
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                return "DATE", day
            return "TIME", f"{day}T{hour:02d}:{minute:02d}"
        if self.last_day is not None and (self.last_day_at >= self.sentence_start(at) or (
                self.direction(at) == "past" and at - self.last_day_at <= _NARRATIVE_REACH)):
            return "TIME", f"{self.last_day.isoformat()}T{hour:02d}:{minute:02d}"  # "on Nov. 12 at 10 p.m.", "He died on Oct. 23. He was shot at 10 p.m."
        base = self.base("day")
        if base is None or self.direction(at) == "present":
            return "TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}"  # "It's 3 a.m.": an hour, on no day we know
        return "TIME", f"{base.isoformat()}T{hour:02d}:{minute:02d}"


_NARRATIVE_REACH = 300  # characters back a past clock time looks for the day the story is telling
_DAY_AFTER_CLOCK = re.compile(rf"\s*(?:\([^()]{{1,20}}\)\s*)?(?:,\s*)?(?:on\s+)?({WEEKDAY}|today|yesterday|tomorrow)\b", re.I)
