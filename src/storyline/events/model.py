"""Compound actors of events: one id per member joined by ``+`` (the ``Event`` record lives in ``storyline.model``)."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Actor, Event

__all__ = ["COMPOUND", "Event", "UNNAMED", "actor_of", "members"]

COMPOUND = "+"  # joins the member ids of a compound actor: "USA+JPN+KOR"
# PLOVER's UNK: the actor of an agentless passive ("was arrested on Tuesday", "has been charged")
UNNAMED = "sector:UNK"
UNNAMED_ACTOR = Actor(UNNAMED, "an actor the text does not name", "group", None, "UNK")


def actor_of(actor_id: str | None, actors: Mapping[str, Actor]) -> Actor | None:
    """The actor record an event's member id names (the unnamed actor has one without being stored)."""
    if actor_id == UNNAMED:
        return actors.get(UNNAMED, UNNAMED_ACTOR)
    return actors.get(actor_id or "")


def members(actor: str | None) -> tuple[str, ...]:
    """The member ids of a (possibly compound) actor id."""
    return tuple(actor.split(COMPOUND)) if actor else ()
