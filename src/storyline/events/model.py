"""Compound actors of events: one id per member joined by ``+`` (the ``Event`` record lives in ``storyline.model``)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model import IMPLIED_ACTOR_ID, Actor, Event

__all__ = ["COMPOUND", "Event", "UNNAMED", "actor_of", "implied", "members"]

COMPOUND = "+"  # joins the member ids of a compound actor: "USA+JPN+KOR"
# PLOVER's UNK: the actor of an agentless passive ("was arrested on Tuesday", "has been charged")
UNNAMED = "sector:UNK"
UNNAMED_ACTOR = Actor(UNNAMED, "an actor the text does not name", "group", None, "UNK", aliases=("unnamed actor",))


_GROUP = re.compile(IMPLIED_ACTOR_ID)


def implied(actor_id: str) -> Actor | None:
    """The actor record an id the event coder makes up stands for: the unnamed actor, or a generic sector group
    ("CAN-CRM": suspects in Canada; "sector:CRM": suspects, no country named)."""
    if actor_id == UNNAMED:
        return UNNAMED_ACTOR
    if (m := _GROUP.fullmatch(actor_id)) is None:
        return None
    country, sector = m.group(1), m.group(2)
    name = f"{country} ({sector.lower()})" if country else f"{sector} (no country named)"
    return Actor(actor_id, name, "group", country, sector, aliases=(name,))


def actor_of(actor_id: str | None, actors: Mapping[str, Actor]) -> Actor | None:
    """The actor record an event's member id names (an implied one when no record is stored for it)."""
    found = actors.get(actor_id or "")
    return found if found is not None or not actor_id else implied(actor_id)


def members(actor: str | None) -> tuple[str, ...]:
    """The member ids of a (possibly compound) actor id."""
    return tuple(actor.split(COMPOUND)) if actor else ()
