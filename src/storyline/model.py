"""Every record Storyline stores or exports, declared once, and the registry derived from them.

A record kind is one frozen dataclass registered with :func:`record`: its kind
name (what ``storyline export KIND`` takes), key, export order and whether it
is derived from each document's parse (``per_document``: replaced when a
document is derived again). Everything else is derived from the declaration:
the DuckDB table (``store.schema``), the Arrow write path, exports in every
format, counts, the CLI's list of kinds, the API routes and the field
reference (``storyline schema``, ``docs/records.md``).

Field types map to columns: ``str`` → VARCHAR, ``int`` → INTEGER, ``float`` →
DOUBLE, ``bool`` → BOOLEAN, ``tuple[str, ...]`` → VARCHAR[], a tuple of a
nested dataclass → a list of STRUCTs; ``X | None`` is nullable. Each field says
what it means with :func:`desc`; ``stored=False`` marks a field computed when
read (counts), ``exported=False`` one kept internal.

Annotations are character offsets into ``Document.text`` (the clean text),
never copied strings alone.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def desc(text: str, default: Any = MISSING, *, stored: bool = True, exported: bool = True) -> Any:
    """A dataclass field with its meaning (shown by ``storyline schema``)."""
    meta = {"doc": text, "stored": stored, "exported": exported}
    if isinstance(default, (list, dict, set)):
        raise TypeError("mutable defaults are not allowed in records")
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Column:
    """One field of a record kind as the store and the exports see it."""

    name: str
    type: Any  # the Python annotation, resolved
    doc: str
    stored: bool
    exported: bool
    nullable: bool

    @property
    def base(self) -> Any:
        return _unoptional(self.type)[0]


@dataclass(frozen=True)
class RecordKind:
    """A registered record kind: the dataclass and how it is kept."""

    name: str
    cls: type
    key: tuple[str, ...]
    order: tuple[str, ...]
    per_document: bool
    doc: str
    columns: tuple[Column, ...]
    select: str | None = None
    computed: tuple[str, ...] = ()

    @property
    def stored(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.stored)

    @property
    def exported(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.exported)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


RECORDS: dict[str, RecordKind] = {}
_BY_CLASS: dict[type, RecordKind] = {}


def record(name: str, *, key: tuple[str, ...] = (), order: tuple[str, ...] = (), per_document: bool = False,
           select: str | None = None, computed: tuple[str, ...] = ()) -> Callable[[type[T]], type[T]]:
    """Register a frozen dataclass as the record kind ``name``.

    ``select`` is the SQL that reads the kind when some exported fields are
    computed (``stored=False``); ``computed`` names properties added to each
    JSON record (a figure's ``latest``: a number or a [low, high] range).
    """

    def register(cls: type[T]) -> type[T]:
        if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise TypeError(f"{cls.__name__}: a record must be a frozen dataclass")
        if name in RECORDS and RECORDS[name].cls is not cls:
            raise ValueError(f"record kind {name!r} is already registered")
        kind = RecordKind(name, cls, key, order or key, per_document, _first_line(cls.__doc__), tuple(_columns(cls)),
                          select, computed)
        for column in (*key, *(o.split()[0] for o in kind.order)):
            kind.column(column)  # StopIteration for a misspelt key or order column
        RECORDS[name] = kind
        _BY_CLASS[cls] = kind
        return cls

    return register


def unregister(name: str) -> None:
    """Forget a record kind (tests register throwaway kinds)."""
    kind = RECORDS.pop(name)
    _BY_CLASS.pop(kind.cls, None)


def kind_of(value: object) -> RecordKind:
    """The record kind of a record instance."""
    try:
        return _BY_CLASS[type(value)]
    except KeyError:
        raise TypeError(f"{type(value).__name__} is not a registered record") from None


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n\n")[0].replace("\n", " ")


def _columns(cls: type) -> Iterator[Column]:
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        meta = f.metadata
        annotation = hints[f.name]
        _, nullable = _unoptional(annotation)
        yield Column(f.name, annotation, meta.get("doc", ""), meta.get("stored", True), meta.get("exported", True), nullable)


def _unoptional(annotation: Any) -> tuple[Any, bool]:
    """(``X``, True) for ``X | None``; (annotation, False) otherwise."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def as_row(value: Any) -> Any:
    """A record (or nested dataclass) as plain dicts and lists, for Arrow and JSON."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_row(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [as_row(v) for v in value]
    return value


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)  # resolving string annotations is slow: once per class


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """A record back from a stored row (lists become tuples, nested rows dataclasses)."""
    values = {}
    for name, convert in _converters(cls):  # type: ignore[arg-type]
        if name in row:
            values[name] = convert(row[name])
    return cls(**values)


@functools.cache
def _converters(cls: Any) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """Each field's name and how its stored value becomes the field's value, worked out once per class
    (the type of a field does not change from row to row; reading it per value was most of a read's time)."""
    hints = _hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def _same(value: Any) -> Any:
    return value


@functools.cache
def _converter(annotation: Any) -> Callable[[Any], Any]:
    base, _ = _unoptional(annotation)
    if typing.get_origin(base) is tuple:
        inner = _converter(typing.get_args(base)[0])
        if inner is _same:
            return lambda value: None if value is None else tuple(value)
        return lambda value: None if value is None else tuple(inner(v) for v in value)
    if dataclasses.is_dataclass(base):
        return lambda value: from_row(base, value) if isinstance(value, dict) else value  # type: ignore[arg-type]
    return _same


# -- what flows in before a document exists (not stored as records) -------------------------


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


# -- records --------------------------------------------------------------------------------


@record("documents", key=("id",), order=("published NULLS LAST", "id"))
@dataclass(frozen=True)
class Document:
    """A stored article: its clean text and what is known about it."""

    id: str = desc("stable id: a hash of the normalised clean text")
    text: str = desc("the clean text; every offset in other records points into it")
    raw_chars: int = desc("characters of the input before cleaning")
    clean_chars: int = desc("characters of the clean text")
    path: str | None = desc("the file it was read from", None)
    url: str | None = desc("the URL it was fetched from (credentials removed)", None)
    source: str | None = desc("the outlet, or null", None)
    title: str | None = desc("the headline", None)
    published: str | None = desc("publication date (ISO: day, month or year), or null", None)
    published_precision: str | None = desc("day | month | year", None)
    published_basis: str = desc("where the date came from: metadata | header | byline | dateline | text | inferred | none", "none")
    language: str | None = desc("ISO 639-1 language code", None)
    duplicate_of: str | None = desc("the document this one is a near-duplicate of, or null", None)
    origin: str | None = desc("independent-origin group: documents sharing a source text share it", None)
    story: str | None = desc("the story this document belongs to", None)


@record("rejects", key=("input", "reason"), order=("input", "reason"))
@dataclass(frozen=True)
class Reject:
    """An input Storyline refused, with a short reason code and a human detail."""

    input: str = desc("the path or URL (credentials removed), with #N for a record inside a container")
    reason: str = desc("a short reason code (empty, binary, too_large, bad_json, ...)")
    detail: str = desc("what exactly was wrong, in words")
    stage: str = desc("where it failed: read | prepare | analyse | write", "read")


@record("stage_errors", key=("doc_id", "stage"), order=("doc_id", "stage"), per_document=True)
@dataclass(frozen=True)
class StageError:
    """An extractor that failed on a stored document; the document and the other stages' records are kept."""

    doc_id: str = desc("the document")
    stage: str = desc("the stage that failed")
    error: str = desc("the exception, in one line")


@record("mentions", order=("doc_id", "start", "end DESC"), per_document=True)
@dataclass(frozen=True)
class Mention:
    """A span of a document's clean text naming an actor (``actor`` null when it names none we know)."""

    doc_id: str = desc("the document")
    start: int = desc("start offset in the document's text")
    end: int = desc("end offset (exclusive)")
    text: str = desc("the span as written")
    actor: str | None = desc("the actor id, or null")
    label: str = desc("what found it: PERSON, ORG, GPE, LOC, NORP, GAZ, GROUP, ROLE ...")


@dataclass(frozen=True)
class Role:
    """A position a person holds: "defence minister" of UKR from ``since`` to ``until`` (ISO dates)."""

    role: str
    country: str | None = None
    since: str | None = None
    until: str | None = None


# the id of a group the event coder implies without a mention: the unnamed actor of an agentless passive
# ("sector:UNK"), suspects of a country ("CAN-CRM"); groups 1 and 2 are the country and the sector
IMPLIED_ACTOR_ID = r"(?:([A-Z]{3})-|sector:)([A-Z]{3})"

# actors that are mentioned, and the implied groups
ACTORS_SELECT = f"""
    SELECT a.id, a.name, a.type, a.country, a.sector,
           list_sort(list_distinct(list_concat(a.aliases, coalesce(m.texts, [])))) AS aliases,
           a.members, a.roles, coalesce(m.n, 0) AS n_mentions, coalesce(m.d, 0) AS n_documents
    FROM actors a
    LEFT JOIN (SELECT actor, count(*) AS n, count(DISTINCT doc_id) AS d, list(DISTINCT text) AS texts
               FROM mentions WHERE actor IS NOT NULL GROUP BY actor) m ON m.actor = a.id
    WHERE m.actor IS NOT NULL OR regexp_full_match(a.id, '{IMPLIED_ACTOR_ID}')
"""


@record("actors", key=("id",), order=("n_mentions DESC", "id"), select=ACTORS_SELECT)
@dataclass(frozen=True)
class Actor:
    """One real-world entity. ``country`` is ISO alpha-3 or PLOVER's UNO/EUR/IGO/NGO/IMG/MNC."""

    id: str = desc("canonical id: an ISO3 code for a country, person:…, org:…, group:…, loc:…")
    name: str = desc("canonical name")
    type: str = desc("country | person | organization | location | group | other")
    country: str | None = desc("ISO 3166 alpha-3 (or UNO, EUR, IGO, NGO ...), or null", None)
    sector: str | None = desc("PLOVER sector (GOV, MIL, ...), or null", None)
    aliases: tuple[str, ...] = desc("every name it goes by (curated and as written in the documents)", ())
    members: tuple[str, ...] = desc("member actor ids, for groups of countries", ())
    roles: tuple[Role, ...] = desc("positions held: {role, country, since, until}", ())
    n_mentions: int = desc("mentions in the store", 0, stored=False)
    n_documents: int = desc("documents mentioning it", 0, stored=False)
    sector_default: bool = desc("the body '<country> <sector word>' refers to", False, stored=False, exported=False)
    key: str | None = desc("blocking key for cross-document resolution (a person's surname key, an "
                           "organisation's acronym)", None, exported=False)


@record("times", order=("doc_id", "start"), per_document=True)
@dataclass(frozen=True)
class Time:
    """A time expression: TIMEX3 type (DATE|TIME|DURATION|SET) and value, e.g. 2024-11-04, P1W, PRESENT_REF."""

    doc_id: str = desc("the document")
    start: int = desc("start offset")
    end: int = desc("end offset (exclusive)")
    text: str = desc("the expression as written")
    type: str = desc("DATE | TIME | DURATION | SET")
    value: str = desc("TIMEX3 value: 2024-11-04, 2024-10, 2024-W45, P1W, PRESENT_REF ...")


@record("quotes", order=("doc_id", "start"), per_document=True)
@dataclass(frozen=True)
class Quote:
    """A stretch of text attributed to a speaker."""

    doc_id: str = desc("the document")
    start: int = desc("start offset of what is said")
    end: int = desc("end offset (exclusive) of what is said")
    speaker_start: int = desc("start offset of the speaker phrase")
    speaker_end: int = desc("end offset of the speaker phrase")
    speaker: str | None = desc("the speaker's actor id, or null")
    cue: str = desc("the cue: the reporting verb's lemma, or 'according to'")
    kind: str = desc("direct | indirect | according_to | continued | headline")
    stated_on: str | None = desc("when it was said: a date attached to the cue ('said on Nov. 4'), else the publication date")
    stated_on_basis: str | None = desc("text (a date the article gives) | published (the publication date) | null", None)


@record("claims", key=("id",), order=("doc_id", "start"), per_document=True)
@dataclass(frozen=True)
class Claim:
    """A numeric claim: the value and hedge, what is counted, about whom, who claims it and when."""

    id: str = desc("stable id from the document and the span")
    doc_id: str = desc("the document")
    start: int = desc("start offset of the number phrase")
    end: int = desc("end offset (exclusive)")
    sentence: str = desc("the sentence it is in")
    value: float = desc("the number (the low end of a range; the conservative reading of a vague amount)")
    low: float = desc("lowest value the words allow")
    high: float = desc("highest value the words allow")
    qualifier: str = desc("exact | approx | at_least | more_than | at_most | up_to | range")
    unit: str | None = desc("what is counted, normalised: troops, people, USD, percent ...")
    subject: str | None = desc("the counted thing as written")
    about: tuple[str, ...] = desc("actor ids the number is about")
    predicate: str | None = desc("what happened to what is counted: deployed, killed, ...")
    location: str | None = desc("actor id of its place, or null")
    modality: str = desc("asserted | projected | possible | negated")
    claimed_by: str | None = desc("actor id of who asserts it, or null when the outlet does")
    reported_by: str | None = desc("the outlet that reports it")
    stated_on: str | None = desc("when it was said")
    stated_on_basis: str | None = desc("text (a date the article gives) | published (the publication date)")
    as_of: str | None = desc("the date the number is as of")
    measure: str | None = desc("the measure key claims are grouped by", None)
    figure: str | None = desc("the figure id, shared across articles", None)


@dataclass(frozen=True)
class FigureValue:
    """One value of a figure, with who claimed it and how many reports and origins carry it."""

    low: float
    high: float
    qualifier: str
    claimed_by: str | None
    stated_on: str | None
    n_reports: int
    n_origins: int | None
    modality: str
    unit: str | None = None  # the unit the value is given in ("seven km (4 miles)": two values, two units)


@record("figures", key=("id",), order=("n_claims DESC", "id"), computed=("latest",))
@dataclass(frozen=True)
class Figure:
    """Claims about one measure, reconciled: their values, and whether the sources agree."""

    id: str = desc("figure id (a hash of the measure)")
    measure: str = desc("the measure key its claims share")
    label: str = desc("what is measured, in words")
    unit: str | None = desc("the unit of its claims")
    status: str = desc("single | agreed | evolving | disputed | mixed_scope")
    claims: tuple[str, ...] = desc("claim ids")
    values: tuple[FigureValue, ...] = desc("distinct values: {low, high, qualifier, claimed_by, stated_on, n_reports, n_origins, modality, unit}")
    latest_low: float | None = desc("the most recently stated value (low end)")
    latest_high: float | None = desc("the most recently stated value (high end)")
    low: float | None = desc("lowest asserted value")
    high: float | None = desc("highest asserted value")
    n_claims: int = desc("number of claims", 0)

    @property
    def latest(self) -> float | tuple[float, float] | None:
        if self.latest_low is None or self.latest_high is None:
            return None
        return self.latest_low if self.latest_low == self.latest_high else (self.latest_low, self.latest_high)


@record("events", key=("id",), order=("doc_id", "start"), per_document=True)
@dataclass(frozen=True)
class Event:
    """Who did what to whom, when and where, and who says so (PLOVER).

    A compound actor ("the USA, Japan and South Korea") is one id per member joined by ``+``.
    """

    id: str = desc("stable id from the document, span and type")
    doc_id: str = desc("the document")
    start: int = desc("start offset of the evidence span (trigger, actor and recipient)")
    end: int = desc("end offset (exclusive)")
    sentence: str = desc("the sentence it is in")
    type: str = desc("PLOVER event type (current names: REQUEST, ACCUSE, ASSAULT, ...)")
    mode: str | None = desc("PLOVER mode where the manual defines one, else null")
    actor: str = desc("actor id of who acts (members joined by '+' for a compound actor; sector:UNK when an "
                      "agentless passive names none)")
    recipient: str | None = desc("actor id of whom it is done to, or null")
    location: str | None = desc("actor id of where it happened, or null")
    date: str | None = desc("when it happened (ISO), or null")
    date_precision: str | None = desc("day | month | year")
    factuality: str = desc("asserted | reported | possible | negated")
    claimed_by: str | None = desc("actor id of who asserts it, or null when the outlet does")
    cameo: str | None = desc("CAMEO root code, for GDELT users")
    cluster: str | None = desc("cross-document event id (the same real-world event)")
    date_basis: str | None = desc("expression (a time expression governs it) | stated (when it was said) | published")
    rule: str = desc("the lexicon entry or pattern that produced it")


@record("stories", key=("id",), order=("first_published NULLS LAST", "id"))
@dataclass(frozen=True)
class Story:
    """Articles about one developing story, clustered online by words, actors, places and dates."""

    id: str = desc("story id: the id of its first document (stable as articles are added)")
    label: str = desc("its salient actors and terms, in words")
    documents: tuple[str, ...] = desc("document ids, in the order they joined")
    first_published: str | None = desc("earliest publication date of its documents", None)
    last_published: str | None = desc("latest publication date of its documents", None)
    actors: tuple[str, ...] = desc("top actor ids, most mentioned first", ())
    terms: tuple[str, ...] = desc("its most salient words, most salient first", ())
    n_documents: int = desc("number of documents", 0)
    features: tuple[str, ...] = desc("centroid features (terms, actors, places)", (), exported=False)
    weights: tuple[float, ...] = desc("centroid weights of ``features``", (), exported=False)
    mass: float = desc("squared norm of the whole centroid (before it was cut to ``features``)", 0.0, exported=False)


@record("event_clusters", key=("id",), order=("n_reports DESC", "id"))
@dataclass(frozen=True)
class EventCluster:
    """One real-world event and the event mentions across articles that report it."""

    id: str = desc("cluster id: the id of its first event (stable as articles are added)")
    type: str = desc("PLOVER event type of its first event")
    actor: str = desc("actor id of its first event")
    recipient: str | None = desc("recipient actor id, or null")
    location: str | None = desc("place actor id, or null")
    date: str | None = desc("the most precise date its events give, or null")
    date_precision: str | None = desc("day | month | year")
    events: tuple[str, ...] = desc("event ids")
    documents: tuple[str, ...] = desc("document ids")
    n_reports: int = desc("documents reporting it")
    n_origins: int = desc("independent origins among them (reprints of one source text count once)")


@record("fingerprints", order=("doc_id", "kind", "start NULLS FIRST", "key"), per_document=True)
@dataclass(frozen=True)
class Fingerprint:
    """A hash of a document's text that near-duplicates (MinHash LSH bands) and shared passages are found by."""

    doc_id: str = desc("the document")
    kind: str = desc("band (a MinHash LSH band of the whole text) | passage (a run of words)")
    key: str = desc("the hash")
    start: int | None = desc("start offset of the passage (null for a band)", None)
    end: int | None = desc("end offset (exclusive) of the passage (null for a band)", None)


@record("vocabulary", key=("term",), order=("n_documents DESC", "term"))
@dataclass(frozen=True)
class Term:
    """A word and how many stored documents hold it: how salient it is when stories are clustered."""

    term: str = desc("the word, case-folded")
    n_documents: int = desc("documents holding it")
@record("timeline", key=("id",), order=("date NULLS LAST", "kind", "id"))
@dataclass(frozen=True)
class TimelineEntry:
    """One row of the timeline: an event cluster or one value of a figure, with its three dates kept apart.

    ``date`` is when it happened (an event's date, a figure value's as-of date), ``stated_on`` when it
    was said, ``published`` when it was first reported.
    """

    id: str = desc("row id: event:<cluster or event id> or claim:<figure id>:<value number>")
    date: str | None = desc("when it happened (ISO: day, month or year), or null")
    date_precision: str | None = desc("day | month | year")
    kind: str = desc("event | claim")
    ref: str = desc("the event cluster (or event id while unclustered), or the figure id")
    type: str = desc("PLOVER event type, or the figure's status")
    summary: str = desc("one line saying what happened or what was claimed")
    documents: tuple[str, ...] = desc("ids of the documents that report it")
    n_origins: int = desc("independent origins among those documents")
    n_reports: int = desc("records merged into the row (event reports or claims)")
    actors: tuple[str, ...] = desc("actor ids involved (actor, recipient, who claims it, what it is about)")
    stated_on: str | None = desc("when it was said (a claim's stated_on; an event's date when it was dated by its statement)", None)
    published: str | None = desc("when it was first reported (the earliest publication date of its documents)", None)
    date_basis: str | None = desc("expression | stated | published for events; as_of | stated_on for claims", None)
    status: str = desc("asserted | reported | possible | negated (events); a claim's modality", "asserted")
    doc_id: str = desc("the document of the evidence shown first", "")
    start: int = desc("start offset of that evidence", 0)
    end: int = desc("end offset (exclusive) of that evidence", 0)


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
