"""Reconciling numeric claims into figures: which numbers measure the same thing, and do they agree.

Claims share a figure when they count the same unit, about the same country
(a group's country: "North Korean troops" and "DPRK soldiers" are both
North Korea's), with predicates of one family (deployed, sent, brought and
"there are" all say how many are there; killed or injured is another
measure). Refused: merging across units, countries or predicate families —
the 50,000 soldiers Russia assembled are not North Korea's troops, and
casualties are not deployments. Claims without a unit or without anyone they
are about stay figures of their own.

Status, from the claims that assert a number (possible, projected and negated
ones are listed but do not decide it):

* ``single`` — at most one claim asserts a number;
* ``agreed`` — every value fits in one range, hedges included ("about 12,000",
  "over 10,000" and "11,000" agree only if one number can satisfy them all);
* ``evolving`` — ordered by when they were said, values only rise or only fall;
* ``mixed_scope`` — values disagree overall but agree within each place they
  are about ("in Kursk" vs "in Russia");
* ``disputed`` — incompatible values otherwise.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..model import Actor, Claim, Figure, FigureValue
from ..store import Store
from . import Changes, linker
from .duplicates import origins_of

APPROX = 0.1  # "about N" allows N ± 10 %
FIRM = ("asserted", "reported")


@linker("figures")
def refresh_figures(store: Store, changes: Changes) -> None:
    """Reconcile the figures of the measures that changed, from every stored claim that shares them.

    Cost: one read of the claims of those measures (an indexed join), linear in their number.
    """
    measures = sorted(changes.measures)
    for start in range(0, len(measures), 500):
        chunk = measures[start:start + 500]
        claims = store.records_where("claims", "measure", chunk)
        actors = {a.id: a for a in store.records_where("actors", "id", {a for c in claims for a in c.about})}
        groups: dict[str, list[Claim]] = {}
        for claim in claims:
            groups.setdefault(claim.measure or "", []).append(claim)
        origins = origins_of(store, {c.doc_id for c in claims})
        figures = [reconcile(measure, members, actors, origins) for measure, members in groups.items()]
        store.replace_where("figures", "measure", chunk, figures)
        store.set_column("claims", "figure", {c: f.id for f in figures for c in f.claims})


def with_measures(records: list[Any]) -> list[Any]:
    """The records with each claim's ``measure`` set, from the actors found in the same documents."""
    actors = {r.id: r for r in records if isinstance(r, Actor)}
    return [replace(r, measure=figure_key(r, actors)) if isinstance(r, Claim) else r for r in records]


def figure_key(claim: Claim, actors: Mapping[str, Actor]) -> str:
    """What a claim measures: unit | country | predicate family. Claims that say too little get their own key."""
    country = _country(claim, actors)
    if not claim.unit or country is None:
        return f"claim:{claim.id}"
    predicate = claim.predicate or "-"
    if claim.unit == "troops" and predicate == "present":
        predicate = "deployed"  # "there are 12,000 troops" and "12,000 troops were sent" count the same force
    return f"{claim.unit}|{country}|{predicate}"


def _country(claim: Claim, actors: Mapping[str, Actor]) -> str | None:
    """The country a claim is about; several ("Turkey and Syria") make a scope of their own."""
    countries = sorted({a.country for actor_id in claim.about if (a := actors.get(actor_id)) is not None and a.country})
    return "+".join(countries) if countries else None


def figure_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def reconcile(key: str, claims: list[Claim], actors: Mapping[str, Actor], origins: Mapping[str, str] = {}) -> Figure:
    """One figure from every claim that shares ``key``."""
    firm = [c for c in claims if c.modality in FIRM]
    latest = _latest(firm or claims)
    return Figure(
        id=figure_id(key),
        measure=key,
        label=_label(key, claims, actors),
        unit=claims[0].unit,
        status=status(firm),
        claims=tuple(sorted(c.id for c in claims)),
        values=_values(claims, origins),
        latest_low=latest[0] if latest else None,
        latest_high=latest[1] if latest else None,
        low=min((c.low for c in firm or claims), default=None),
        high=max((c.high for c in firm or claims), default=None),
        n_claims=len(claims),
    )


def status(firm: list[Claim]) -> str:
    if len(firm) <= 1:
        return "single"  # one asserted number (possible and projected ones alongside do not count)
    if _agree(firm):
        return "agreed"
    if _evolving(firm):
        return "evolving"
    places = defaultdict(list)
    for claim in firm:
        places[claim.location].append(claim)
    if len(places) > 1 and None not in places and all(_agree(group) for group in places.values()):
        return "mixed_scope"
    return "disputed"


def interval(claim: Claim) -> tuple[float, float]:
    """The values a claim allows, its hedge included."""
    value = claim.value
    return {
        "exact": (value, value),
        "approx": (claim.low * (1 - APPROX), claim.high * (1 + APPROX)),
        "at_least": (value, math.inf),
        "more_than": (value * (1 + 1e-9), math.inf),
        "at_most": (0.0, value),
        "up_to": (0.0, value),
        "range": (claim.low, claim.high),
    }.get(claim.qualifier, (claim.low, claim.high))


def _agree(claims: list[Claim]) -> bool:
    spans = [interval(c) for c in claims]
    return max(s[0] for s in spans) <= min(s[1] for s in spans)


def _evolving(claims: list[Claim]) -> bool:
    dated = sorted((c for c in claims if c.stated_on), key=lambda c: c.stated_on or "")
    if len(dated) < len(claims) or len({c.stated_on for c in dated}) < 2:
        return False
    by_date: dict[str, list[Claim]] = defaultdict(list)
    for claim in dated:
        by_date[claim.stated_on or ""].append(claim)
    if not all(_agree(group) for group in by_date.values()):
        return False
    points = [sum(c.value for c in group) / len(group) for _, group in sorted(by_date.items())]
    rising = all(a <= b for a, b in zip(points, points[1:]))
    falling = all(a >= b for a, b in zip(points, points[1:]))
    return (rising or falling) and points[0] != points[-1]


def _values(claims: list[Claim], origins: Mapping[str, str] = {}) -> tuple[FigureValue, ...]:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[(claim.low, claim.high, claim.qualifier, claim.claimed_by, claim.modality)].append(claim)
    values = []
    for (low, high, qualifier, claimed_by, modality), members in groups.items():
        stated = sorted(c.stated_on for c in members if c.stated_on)
        values.append(FigureValue(low, high, qualifier, claimed_by, stated[0] if stated else None,
                                  len({c.doc_id for c in members}), len({origins.get(c.doc_id, c.doc_id) for c in members}), modality))
    return tuple(sorted(values, key=lambda v: (v.stated_on or "9999", v.low)))


def _latest(claims: list[Claim]) -> tuple[float, float] | None:
    if not claims:
        return None
    last = max(claims, key=lambda c: (c.stated_on or "", c.value))
    return (last.low, last.high) if last.qualifier == "range" or last.low != last.high else (last.value, last.value)


def _label(key: str, claims: list[Claim], actors: Mapping[str, Actor]) -> str:
    subjects = Counter(c.subject for c in claims if c.subject and any(ch.isupper() for ch in c.subject))
    if subjects:
        subject = subjects.most_common(1)[0][0]
    else:
        countries = key.split("|")[1].split("+") if "|" in key else []
        name = " and ".join(actors[c].name if c in actors else c for c in countries)
        subject = f"{name} {claims[0].unit or ''}".strip()
    predicate = claims[0].predicate
    return f"{subject} ({predicate})" if predicate else subject

