"""The event record (CONTRACT.md ``events``): one coded PLOVER event, with offsets into the clean text."""

from __future__ import annotations

from dataclasses import dataclass

COMPOUND = "+"  # joins the member ids of a compound actor: "USA+JPN+KOR"


@dataclass(frozen=True)
class Event:
    """Who did what to whom, when and where, and who says so.

    ``actor`` and ``recipient`` are actor ids; a compound actor ("the USA, Japan and South Korea",
    both sides of a clash) is one id per member joined by ``+`` (``members`` splits it), which is
    how PLOVER keeps a compound entity as a single actor rather than one event per member.
    """

    id: str
    doc_id: str
    start: int  # the evidence span: trigger, actor and recipient
    end: int
    sentence: str
    type: str  # PLOVER event type (current names: REQUEST, ACCUSE, ASSAULT, ...)
    mode: str | None
    actor: str
    recipient: str | None
    location: str | None
    date: str | None
    date_precision: str | None  # day | month | year
    factuality: str  # asserted | reported | possible | negated
    claimed_by: str | None
    cameo: str | None
    cluster: str | None
    date_basis: str | None  # expression | stated | published
    rule: str  # the lexicon entry or pattern that produced it


def members(actor: str | None) -> tuple[str, ...]:
    """The member ids of a (possibly compound) actor id."""
    return tuple(actor.split(COMPOUND)) if actor else ()
