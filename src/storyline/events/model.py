"""Compound actors of events: one id per member joined by ``+`` (the ``Event`` record lives in ``storyline.model``)."""

from __future__ import annotations

from ..model import Event

__all__ = ["COMPOUND", "Event", "members"]

COMPOUND = "+"  # joins the member ids of a compound actor: "USA+JPN+KOR"


def members(actor: str | None) -> tuple[str, ...]:
    """The member ids of a (possibly compound) actor id."""
    return tuple(actor.split(COMPOUND)) if actor else ()
