"""The timeline: what happened and what was claimed, by when it happened, with its three dates apart.

One row per event cluster (events that report the same real-world event; an
event is its own cluster until cross-document linking gives it one) and one
row per value of a figure (claims of one measure with the same value, hedge,
claimant and modality). Each row keeps ``date`` (when it happened: an
event's date, a value's as-of date), ``stated_on`` (when it was said) and
``published`` (when it was first reported) apart, with a one-line summary, its
documents and how many independent origins report it.

Rows are built here from stored records (pure functions) and kept in the
``timeline`` table by the timeline linker, so ``export timeline``, the API and
the pages read them like any other record kind. Refused: a date for a row
none of its records dates — an undated event stays undated, sorted last.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..lexicon import lexicon
from ..model import Claim, Document, Event, Figure, TimelineEntry
from .ledger import format_value

FIRM = ("asserted", "reported")


@dataclass(frozen=True)
class Names:
    """Actor names by id; a compound id ("USA+JPN+KOR") reads "United States, Japan and South Korea"."""

    names: Mapping[str, str]

    def __call__(self, actor_id: str | None) -> str:
        if not actor_id:
            return ""
        members = [self.names.get(m, m) for m in actor_id.split("+")]
        return members[0] if len(members) == 1 else ", ".join(members[:-1]) + " and " + members[-1]


def precision(date: str | None) -> str | None:
    if not date:
        return None
    return {4: "year", 7: "month"}.get(len(date), "day")


def event_phrase(event_type: str, recipient: str | None, names: Names) -> str:
    """What the actor did, in words ("condemned North Korea")."""
    phrases = lexicon("report_phrases")["events"].get(event_type)
    if phrases is None:
        return event_type.lower()
    return phrases["with"].format(recipient=names(recipient)) if recipient else phrases["alone"]


def event_summary(event: Event, names: Names) -> str:
    text = f"{names(event.actor)} {event_phrase(event.type, event.recipient, names)}"
    if event.factuality != "asserted":
        table = lexicon("report_phrases")["factuality"]
        name = event.factuality if event.claimed_by else f"{event.factuality}_unnamed"
        words = table.get(name, table.get(event.factuality, event.factuality))
        text += f" ({words.format(claimed_by=names(event.claimed_by))})"
    return text


def cluster_key(event: Event) -> str:
    return event.cluster or event.id


def event_rows(events: Iterable[Event], documents: Mapping[str, Document], names: Names) -> list[TimelineEntry]:
    """One row per event cluster."""
    clusters: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        clusters[cluster_key(event)].append(event)
    return [_event_row(key, members, documents, names) for key, members in clusters.items()]


def _event_row(key: str, events: list[Event], documents: Mapping[str, Document], names: Names) -> TimelineEntry:
    shown = min(events, key=lambda e: (_published(e.doc_id, documents) or "9999", e.doc_id, e.start))
    date = _best_date([e.date for e in events])
    docs = sorted({e.doc_id for e in events})
    factuality = Counter(e.factuality for e in events).most_common(1)[0][0]
    return TimelineEntry(
        id=f"event:{key}", date=date, date_precision=precision(date), kind="event", ref=key, type=shown.type,
        summary=event_summary(shown, names), documents=tuple(docs), n_origins=n_origins(docs, documents),
        n_reports=len(events), actors=_actor_ids(*(f for e in events for f in (e.actor, e.recipient, e.claimed_by))),
        stated_on=next((e.date for e in events if e.date_basis == "stated" and e.date == date), None),
        published=_first_published(docs, documents), date_basis=shown.date_basis, status=factuality,
        doc_id=shown.doc_id, start=shown.start, end=shown.end,
    )


def claim_rows(figure: Figure, claims: Sequence[Claim], documents: Mapping[str, Document], names: Names) -> list[TimelineEntry]:
    """One row per value of ``figure``: its claims with one value, hedge, claimant and modality."""
    groups: dict[tuple[Any, ...], list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[value_key(claim)].append(claim)
    rows = []
    for number, (key, members) in enumerate(sorted(groups.items(), key=lambda kv: _value_order(kv[1]))):
        rows.append(_claim_row(figure, number, members, documents, names))
    return rows


def value_key(claim: Claim) -> tuple[Any, ...]:
    """What makes claims one value of a figure (as the figure's ``values`` group them)."""
    return (claim.low, claim.high, claim.qualifier, claim.claimed_by, claim.modality)


def _value_order(claims: list[Claim]) -> tuple[str, float]:
    stated = sorted(c.stated_on for c in claims if c.stated_on)
    return (stated[0] if stated else "9999", claims[0].low)


def _claim_row(figure: Figure, number: int, claims: list[Claim], documents: Mapping[str, Document], names: Names) -> TimelineEntry:
    shown = min(claims, key=lambda c: (c.stated_on or "9999", _published(c.doc_id, documents) or "9999", c.doc_id, c.start))
    date = _best_date([c.as_of for c in claims]) or _best_date([c.stated_on for c in claims])
    basis = "as_of" if any(c.as_of for c in claims) else ("stated_on" if date else None)
    docs = sorted({c.doc_id for c in claims})
    who = names(shown.claimed_by) or shown.reported_by or "unattributed"
    value = format_value({"low": shown.low, "high": shown.high, "qualifier": shown.qualifier})
    modality = "" if shown.modality in FIRM else f" ({shown.modality})"
    return TimelineEntry(
        id=f"claim:{figure.id}:{number}", date=date, date_precision=precision(date), kind="claim", ref=figure.id,
        type=figure.status, summary=f"{figure.label}: {value}{modality}, according to {who}", documents=tuple(docs),
        n_origins=n_origins(docs, documents), n_reports=len(claims),
        actors=_actor_ids(*(a for c in claims for a in (c.claimed_by, *c.about))),
        stated_on=min((c.stated_on for c in claims if c.stated_on), default=None),
        published=_first_published(docs, documents), date_basis=basis, status=shown.modality,
        doc_id=shown.doc_id, start=shown.start, end=shown.end,
    )


def n_origins(doc_ids: Iterable[str], documents: Mapping[str, Document]) -> int:
    """Independent origins: documents sharing an origin group count once (each is its own until linked)."""
    return len({(d.origin or d.id) if (d := documents.get(i)) else i for i in doc_ids})


def _published(doc_id: str, documents: Mapping[str, Document]) -> str | None:
    document = documents.get(doc_id)
    return document.published if document else None


def _first_published(doc_ids: Iterable[str], documents: Mapping[str, Document]) -> str | None:
    return min((p for i in doc_ids if (p := _published(i, documents))), default=None)


def _best_date(dates: Iterable[str | None]) -> str | None:
    """The most precise date most records agree on (ties: the earliest)."""
    counts = Counter(d for d in dates if d)
    if not counts:
        return None
    return min(counts, key=lambda d: (-len(d), -counts[d], d))


def _actor_ids(*ids: str | None) -> tuple[str, ...]:
    return tuple(sorted({m for i in ids if i for m in i.split("+")}))


def timeline_markdown(rows: Iterable[Mapping[str, Any]]) -> str:
    """The timeline as a Markdown table: when it happened, when said, when reported, what, and how many origins."""
    lines = ["| happened | said | reported | kind | what | documents | origins |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        cells = [row["date"] or "undated", row.get("stated_on") or "", row.get("published") or "", row["kind"],
                 row["summary"].replace("|", "\\|"), str(len(row["documents"])), str(row["n_origins"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
