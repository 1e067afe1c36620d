"""Events in PLOVER's JSON interchange format (manual draft 2.0, chapter "Data Fields").

Field names are the manual's: ``id``, ``date``, ``actor`` and ``recipient`` (lists of entity
objects with ``code``, ``sector``, ``entity_text``, ``identifier_id``, ``identifier_text``),
``event`` (a list of categories), ``mode``, ``context``, ``event_loc``, ``event_text``,
``quad_code``, ``text_info`` and ``cite_info``. What PLOVER has no field for — who claims the
event and how sure the text is — goes in named extra fields (``claimed_by``, ``factuality``,
``date_basis``), as the manual invites ("providers should feel free to include named fields").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Actor
from .model import Event, actor_of, members
from .triggers import tables

CODEBOOK = "plover-2.0"
# The manual's AID has no mode table; the kind of aid it lists (military, economic, humanitarian,
# asylum) is exported as the PLOVER context of the same name, which "can be used with any category".
AID_CONTEXTS = {"military": "military", "economic": "economic", "humanitarian": "human_security", "asylum": "asylum"}


def code(actor: Actor | None) -> tuple[str | None, str | None]:
    """An actor's PLOVER (code, sector): its country and sector; a country acting as itself is its
    government (PLOVER codes "Russia vetoed", "Turkey deployed" as the state, sector GOV)."""
    if actor is None:
        return None, None
    return actor.country, actor.sector or ("GOV" if actor.type == "country" else None)


def entity(actor_id: str, actors: Mapping[str, Actor], text: str | None = None) -> dict[str, Any]:
    """A PLOVER entity object: ``code`` is the country (ISO3 or UNO/EUR/IGO/...), ``sector`` the PLOVER sector."""
    actor = actor_of(actor_id, actors)
    country, sector = code(actor)
    return {
        "code": country,
        "sector": sector,
        "entity_text": text,
        "identifier_id": actor_id,
        "identifier_text": actor.name if actor else None,
    }


def to_plover(event: Event, actors: Mapping[str, Actor], text: str | None = None,
              cite: Mapping[str, Any] | None = None, location_name: str | None = None) -> dict[str, Any]:
    """One event as a PLOVER record. ``actors`` maps ids to actor records (for codes and names);
    ``text`` is the document's clean text (for ``event_text``), ``cite`` any citeInfo fields
    (``url``, ``title``, ``publication``, ...)."""
    evidence = text[event.start:event.end] if text is not None else None
    mode = [event.mode] if event.mode and event.type != "AID" else []
    context = [AID_CONTEXTS[event.mode]] if event.type == "AID" and event.mode in AID_CONTEXTS else []
    place = actors.get(event.location or "")
    return {
        "id": event.id,
        "date": event.date,
        "actor": [entity(a, actors) for a in members(event.actor)],
        "recipient": [entity(r, actors) for r in members(event.recipient)],
        "event": [event.type],
        "mode": mode,
        "context": context,
        "event_loc": {"extracted_place": location_name or (place.name if place else None),
                      "country_code": place.country if place else None} if event.location else None,
        "event_text": [evidence] if evidence else [],
        "quad_code": tables().quad.get(event.type),
        "text_info": {"start": event.start, "end": event.end},
        "cite_info": {**dict(cite or {}), "codebook": CODEBOOK, "coder": "storyline " + event.rule},
        "text": event.sentence,
        "claimed_by": [entity(c, actors) for c in members(event.claimed_by)],
        "factuality": event.factuality,
        "date_precision": event.date_precision,
        "date_basis": event.date_basis,
        "cameo": event.cameo,
    }
