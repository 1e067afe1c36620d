"""Frozen records that flow through Storyline (field names follow CONTRACT.md).

Annotations are character offsets into ``Document.text`` (the clean text),
never copied strings alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawArticle:
    """One article as read from an input, before cleaning.

    ``html`` is set for markup inputs, ``text`` for plain text; metadata
    fields are what the container said (JSON fields, HTML meta, a URL).
    ``repairs`` says what reading fixed (bad bytes, mojibake, a file name that is not UTF-8).
    """

    input: str
    raw_chars: int
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    path: str | None = None
    source: str | None = None
    published: str | None = None
    repairs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    """``clean[clean_start:clean_start+length] == raw[raw_start:raw_start+length]``."""

    clean_start: int
    raw_start: int
    length: int


@dataclass(frozen=True)
class LiveEntry:
    """A live-blog entry: who wrote it, when (ISO minute), and its span in the clean text."""

    author: str
    stamp: str
    start: int
    end: int


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning: clean text plus what was lifted out of it as metadata."""

    text: str
    segments: tuple[Segment, ...]
    title: str | None = None
    source: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_basis: str = "none"
    live_entries: tuple[LiveEntry, ...] = ()
    removed: tuple[tuple[str, str], ...] = ()  # (why, line) for every line left out


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    raw_chars: int
    clean_chars: int
    path: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_basis: str = "none"
    language: str | None = None
    duplicate_of: str | None = None
    origin: str | None = None
    story: str | None = None


@dataclass(frozen=True)
class Role:
    """A position a person holds: "defence minister" of UKR from ``since`` to ``until`` (ISO dates)."""

    role: str
    country: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Actor:
    """One real-world entity. ``country`` is ISO alpha-3 or PLOVER's UNO/EUR/IGO/NGO/IMG/MNC."""

    id: str
    name: str
    type: str  # country | person | organization | location | group | other
    country: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    sector_default: bool = False


@dataclass(frozen=True)
class Mention:
    """A span of a document's clean text naming an actor (``actor`` None when it names none we know)."""

    doc_id: str
    start: int
    end: int
    text: str
    actor: str | None
    label: str


@dataclass(frozen=True)
class Time:
    """A time expression: TIMEX3 type (DATE|TIME|DURATION|SET) and value, e.g. 2024-11-04, P1W, PRESENT_REF."""

    doc_id: str
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Claim:
    """A numeric claim: the value and hedge, what is counted, about whom, who claims it and when."""

    id: str
    doc_id: str
    start: int
    end: int
    sentence: str
    value: float
    low: float
    high: float
    qualifier: str  # exact | approx | at_least | more_than | at_most | up_to | range
    unit: str | None
    subject: str | None
    about: tuple[str, ...]
    predicate: str | None
    location: str | None
    modality: str  # asserted | projected | possible | negated
    claimed_by: str | None
    reported_by: str | None
    stated_on: str | None
    stated_on_basis: str | None  # text (a date the article gives) | published (the publication date)
    as_of: str | None
    figure: str | None = None


@dataclass(frozen=True)
class Reject:
    """An input Storyline refused, with a short reason code and a human detail."""

    input: str
    reason: str
    detail: str


@dataclass(frozen=True)
class AddResult:
    added: int = 0
    unchanged: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        line = f"added {self.added}, unchanged {self.unchanged}, rejected {self.rejected}"
        if self.reasons:
            line += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(self.reasons.items())) + ")"
        return line
