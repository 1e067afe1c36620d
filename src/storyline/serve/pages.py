"""What each page of the web UI shows, as plain data: the JSON twin of every page, and what its template draws.

Every function takes a read-only store view and returns JSON-serialisable
dicts; the routes hand them to a template or return them as JSON. Offsets are
Python code points, as everywhere in Storyline; the document page's segments
carry their code-point start so the browser can map ``#c=START-END`` onto its
UTF-16 strings.
"""

from __future__ import annotations

import calendar
import functools
from collections import Counter, defaultdict
from collections.abc import MutableMapping
from datetime import date
from typing import Any

from ..errors import NotFound
from ..report.timeline import Names
from ..store import Store
from .query import Filters, Page, select

AXIS_WIDTH = 1000
AXIS_LEFT = 330  # the row labels sit left of the drawn axis
AXIS_RIGHT = 20
ROW_HEIGHT = 20
LABEL_CHARS = 52
MAX_DRAWN = 150
MAX_KNOWN_NAMES = 200_000


def overview(store: Store, briefing: dict[str, Any]) -> dict[str, Any]:
    """The story overview: its briefing (``report.brief.briefing_json``) and what the store holds."""
    counts = {kind: store.count(kind) for kind in ("documents", "events", "claims", "figures", "actors")}
    return {"briefing": briefing, "counts": counts}


def _all(store: Store, kind: str, filters: Filters = Filters(), limit: int = 1000) -> list[dict[str, Any]]:
    return select(store, kind, filters, limit=limit).records


def names_of(store: Store, ids: set[str], known: MutableMapping[str, str | None] | None = None) -> Names:
    """The names of the actors in ``ids`` (compound ids by their members): id and name only, by the key index.

    With ``known`` (names read before from the same store, None for ids it lacks), only the others are read,
    and added to it."""
    members = {m for i in ids if i for m in i.split("+")}
    wanted = sorted(members if known is None else members - known.keys())
    found: dict[str, str] = {}
    for at in range(0, len(wanted), 256):
        chunk = wanted[at:at + 256]
        marks = ", ".join("?" * len(chunk))
        found.update(store.con.execute(f"SELECT id, name FROM actors WHERE id IN ({marks})", chunk).fetchall())
    if known is None:
        return Names(found)
    if len(known) > MAX_KNOWN_NAMES:
        known.clear()
    known.update({m: found.get(m) for m in wanted})
    return Names({m: name for m in members if (name := found.get(m) or known.get(m)) is not None})


# -- timeline ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def period(value: str | None) -> tuple[date, date] | None:
    """The days an ISO date of any precision covers: (first, last)."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
    except ValueError:
        return None
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    day = date(parts[0], parts[1], parts[2])
    return day, day


def timeline(store: Store, filters: Filters, limit: int = 500, offset: int = 0, page: Page | None = None,
             known: MutableMapping[str, str | None] | None = None) -> dict[str, Any]:
    """Timeline rows matching ``filters`` (``page``, if already read) and the geometry of the axis that draws them."""
    page = page or select(store, "timeline", filters, limit=limit, offset=offset)
    rows = page.records
    names = names_of(store, {a for r in rows for a in r["actors"]} | ({filters.actor} if filters.actor else set()), known)
    return {"filters": {k: v for k, v in vars(filters).items() if v}, "actor_name": names(filters.actor) if filters.actor else None,
            "total": page.total, "limit": limit, "offset": offset, "rows": rows, "axis": axis(rows[:MAX_DRAWN])}


def axis(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Coordinates for the drawn axis: when it happened as a bar over its period, when reported as a diamond."""
    spans = [p for r in rows for p in (period(r["date"]), period(r.get("published")), period(r.get("stated_on"))) if p]
    if not spans:
        return {"width": AXIS_WIDTH, "height": 40, "left": AXIS_LEFT, "ticks": [], "marks": []}
    first, last = _domain(spans)
    days = max((last - first).days + 1, 1)
    scale = (AXIS_WIDTH - AXIS_LEFT - AXIS_RIGHT) / days

    def x(day: date, end: bool = False) -> float:
        day = min(max(day, first), last)  # an outlier sits at the edge, marked as clipped
        return round(AXIS_LEFT + ((day - first).days + (1 if end else 0)) * scale, 1)

    marks = []
    for n, row in enumerate(rows):
        y = 44 + n * ROW_HEIGHT
        summary = row["summary"]
        label = summary if len(summary) <= LABEL_CHARS else summary[:LABEL_CHARS - 1].rstrip() + "…"
        mark: dict[str, Any] = {"y": y, "id": row["id"], "kind": row["kind"], "summary": summary, "label": label,
                                "ref": f"/documents/{row['doc_id']}#c={row['start']}-{row['end']}"}
        if (happened := period(row["date"])) is not None:
            mark["happened"] = {"x": x(happened[0]), "w": max(x(happened[1], True) - x(happened[0]), 4.0),
                                "precision": row["date_precision"], "clipped": happened[1] < first or happened[0] > last}
        if (reported := period(row.get("published"))) is not None:
            mark["reported"] = {"x": x(reported[0])}
        if (said := period(row.get("stated_on"))) is not None and row.get("stated_on") != row["date"]:
            mark["said"] = {"x": x(said[0])}
        marks.append(mark)
    return {"width": AXIS_WIDTH, "height": 54 + len(rows) * ROW_HEIGHT, "left": AXIS_LEFT, "ticks": _ticks(first, last, x),
            "marks": marks, "first": first.isoformat(), "last": last.isoformat()}


def _domain(spans: list[tuple[date, date]]) -> tuple[date, date]:
    """The dates the axis shows: all of them, unless a few outliers would squeeze the rest into a corner."""
    starts = sorted(p[0] for p in spans)
    ends = sorted(p[1] for p in spans)
    first, last = starts[0], ends[-1]
    if len(starts) >= 10:
        low, high = starts[len(starts) // 20], ends[-1 - len(ends) // 20]
        if (last - first).days > 4 * max((high - low).days, 30):
            first, last = low - (high - low) / 20, high + (high - low) / 20
    return first, last


def _ticks(first: date, last: date, x: Any) -> list[dict[str, Any]]:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = 1 if months <= 14 else 3 if months <= 40 else 12
    ticks, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        if (month - 1) % step == 0:
            label = f"{calendar.month_abbr[month]} {year}" if step < 12 else str(year)
            ticks.append({"x": x(max(date(year, month, 1), first)), "label": label})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


# -- claim ledger --------------------------------------------------------------------------------


def ledger(store: Store) -> dict[str, Any]:
    """Every figure with its values, each value with the claims that carry it and links to their evidence."""
    figures = _all(store, "figures")
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in _all(store, "claims", limit=1000):
        claims[claim["figure"] or ""].append(claim)
    names = names_of(store, {c["claimed_by"] for cs in claims.values() for c in cs if c["claimed_by"]})
    out = []
    for figure in figures:
        values: dict[tuple[Any, ...], dict[str, Any]] = {}
        for claim in claims.get(figure["id"], []):
            key = (claim["low"], claim["high"], claim["qualifier"], claim["claimed_by"], claim["modality"])
            value = values.setdefault(key, {"low": claim["low"], "high": claim["high"], "qualifier": claim["qualifier"],
                                            "modality": claim["modality"], "claimed_by": claim["claimed_by"],
                                            "claimed_by_name": names(claim["claimed_by"]) or claim["reported_by"] or "unattributed",
                                            "stated_on": claim["stated_on"], "evidence": []})
            if claim["stated_on"] and (value["stated_on"] is None or claim["stated_on"] < value["stated_on"]):
                value["stated_on"] = claim["stated_on"]
            value["evidence"].append({"doc_id": claim["doc_id"], "start": claim["start"], "end": claim["end"],
                                      "claim": claim["id"], "sentence": " ".join(claim["sentence"].split())})
        ordered = sorted(values.values(), key=lambda v: (v["stated_on"] or "9999", v["low"]))
        out.append({**figure, "value_rows": ordered})
    out.sort(key=lambda f: (f["status"] not in ("disputed", "evolving"), -f["n_claims"], f["id"]))
    return {"figures": out}


# -- actors --------------------------------------------------------------------------------------


def actors(store: Store, q: str | None = None) -> dict[str, Any]:
    return {"actors": _all(store, "actors", Filters(q=q or None), limit=500)}


def actor(store: Store, actor_id: str) -> dict[str, Any]:
    """One actor: its record, events as actor and as recipient, claims it made, and who it acted on."""
    found = store.records_where("actors", "id", [actor_id])
    if not found:
        raise NotFound(f"no actor {actor_id!r}")
    record = next((a for a in select(store, "actors", Filters(actor=actor_id), limit=5).records if a["id"] == actor_id), None)
    events = _all(store, "events", Filters(actor=actor_id))
    events.sort(key=lambda e: (e["date"] or "9999", e["doc_id"], e["start"]))
    as_actor = [e for e in events if actor_id in e["actor"].split("+")]
    as_recipient = [e for e in events if e["recipient"] and actor_id in e["recipient"].split("+")]
    claims = [c for c in _all(store, "claims", Filters(actor=actor_id)) if c["claimed_by"] == actor_id]
    names = names_of(store, {i for e in events for i in (e["actor"], e["recipient"], e["claimed_by"]) if i} | {actor_id})
    return {"actor": record or {**vars(found[0]), "n_mentions": 0, "n_documents": 0},
            "events_as_actor": as_actor, "events_as_recipient": as_recipient, "claims_made": claims,
            "names": {i: names(i) for e in events for i in (e["actor"], e["recipient"]) if i},
            "graph": graph(actor_id, as_actor, as_recipient, names)}


def graph(actor_id: str, as_actor: list[dict[str, Any]], as_recipient: list[dict[str, Any]], names: Names) -> dict[str, Any]:
    """Who did what to whom around one actor: the actor in the middle, the others on a circle, one arrow per pair and direction."""
    import math

    edges: Counter[tuple[str, str, str]] = Counter()
    for event in as_actor:
        for other in (event["recipient"] or "").split("+"):
            if other and other != actor_id:
                edges[(actor_id, other, event["type"])] += 1
    for event in as_recipient:
        for other in event["actor"].split("+"):
            if other != actor_id:
                edges[(other, actor_id, event["type"])] += 1
    others = sorted({a for a, b, _ in edges for a in (a, b) if a != actor_id} |
                    {b for a, b, _ in edges if b != actor_id})[:12]
    size, radius = 420, 150
    centre: dict[str, Any] = {"id": actor_id, "name": names(actor_id), "x": size / 2, "y": size / 2}
    nodes: list[dict[str, Any]] = [centre]
    for n, other in enumerate(others):
        angle = 2 * math.pi * n / max(len(others), 1) - math.pi / 2
        nodes.append({"id": other, "name": names(other), "x": round(size / 2 + radius * math.cos(angle), 1),
                      "y": round(size / 2 + radius * math.sin(angle), 1)})
    where = {n["id"]: n for n in nodes}
    lines = []
    for (source, target, kind), count in sorted(edges.items()):
        if source in where and target in where:
            a, b = where[source], where[target]
            lines.append({"source": source, "target": target, "type": kind, "count": count,
                          "x1": a["x"], "y1": a["y"], "x2": round(a["x"] + 0.8 * (b["x"] - a["x"]), 1),
                          "y2": round(a["y"] + 0.8 * (b["y"] - a["y"]), 1),
                          **_label_at(centre, a if a is not centre else b)})
    return {"size": size, "nodes": nodes, "edges": _labelled(lines)}


def _label_at(centre: dict[str, Any], other: dict[str, Any]) -> dict[str, float]:
    """Edge labels sit nearer the outer node, where edges are apart."""
    return {"lx": round(centre["x"] + 0.62 * (other["x"] - centre["x"]), 1),
            "ly": round(centre["y"] + 0.62 * (other["y"] - centre["y"]) - 3, 1)}


def _labelled(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One label per pair and direction: its event types with counts."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for line in lines:
        key = (line["source"], line["target"])
        if key in pairs:
            pairs[key]["label"] += f", {line['type']}×{line['count']}"
        else:
            pairs[key] = {**line, "label": f"{line['type']}×{line['count']}"}
    return list(pairs.values())


# -- documents -----------------------------------------------------------------------------------


def documents(store: Store, filters: Filters, limit: int = 100, offset: int = 0, page: Page | None = None) -> dict[str, Any]:
    page = page or select(store, "documents", filters, limit=limit, offset=offset)
    rows = [{k: v for k, v in d.items() if k != "text"} | {"excerpt": d["text"][:200]} for d in page.records]
    return {"total": page.total, "limit": limit, "offset": offset, "documents": rows, "filters": {k: v for k, v in vars(filters).items() if v}}


def document(store: Store, doc_id: str, known: MutableMapping[str, str | None] | None = None) -> dict[str, Any]:
    """A document and every annotation on it, as offsets into its clean text."""
    found = store.records_where("documents", "id", [doc_id])
    if not found:
        raise NotFound(f"no document {doc_id!r}")
    doc = found[0]
    notes = {
        "mentions": [vars(m) for m in store.records_where("mentions", "doc_id", [doc_id])],
        "times": [vars(t) for t in store.records_where("times", "doc_id", [doc_id])],
        "events": [vars(e) for e in store.records_where("events", "doc_id", [doc_id])],
        "claims": [_plain(c) for c in store.records_where("claims", "doc_id", [doc_id])],
    }
    names = names_of(store, {m["actor"] for m in notes["mentions"] if m["actor"]} | {e["actor"] for e in notes["events"]}, known)
    return {"document": _plain(doc), "annotations": notes,
            "actor_names": {m["actor"]: names(m["actor"]) for m in notes["mentions"] if m["actor"]}}


def _plain(record: Any) -> dict[str, Any]:
    from ..model import as_row

    return dict(as_row(record))


def segments(text: str, notes: dict[str, list[dict[str, Any]]], actor_names: dict[str, str]) -> list[dict[str, Any]]:
    """The text cut at every annotation boundary; each piece with its code-point start and the kinds covering it."""
    marks = [("a", m["start"], m["end"], actor_names.get(m["actor"] or "", m["text"])) for m in notes["mentions"]]
    marks += [("t", t["start"], t["end"], f"{t['type']} {t['value']}") for t in notes["times"]]
    marks += [("e", e["start"], e["end"], f"{e['type']} ({e['factuality']})") for e in notes["events"]]
    marks += [("c", c["start"], c["end"], f"claim: {c['value']:g} {c['unit'] or ''}".strip()) for c in notes["claims"]]
    cuts = sorted({0, len(text)} | {p for _, s, e, _ in marks for p in (s, e) if 0 <= p <= len(text)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [(k, tip) for k, s, e, tip in marks if s <= start and end <= e]
        pieces.append({"s": start, "text": text[start:end], "cls": " ".join(sorted({k for k, _ in covering})),
                       "tip": "; ".join(dict.fromkeys(tip for _, tip in covering))})
    return pieces
