"""The PLOVER trigger lexicon compiled once per process: lemma → entries, mode words, modality words.

The tables live in ``data/lexicons/plover_triggers.yaml`` (which word, in which construction,
codes which type), ``plover_modes.yaml`` (modes from the words around a trigger, modality words)
``plover_types.yaml`` (CAMEO roots, quads, older type names) and ``plover_coder.yaml`` (the other
words the coder's rules read: pronouns, locatives, cues); this module only reads them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError
from ..lexicon import lexicon

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@dataclass(frozen=True)
class Entry:
    """One trigger: a lemma in a construction, and what it codes (see plover_triggers.yaml)."""

    type: str
    lemma: str
    noun: bool = False
    with_: frozenset[str] = frozenset()
    not_with: frozenset[str] = frozenset()
    obj: frozenset[str] = frozenset()
    not_obj: frozenset[str] = frozenset()
    compound: frozenset[str] = frozenset()
    not_compound: frozenset[str] = frozenset()
    subj: frozenset[str] = frozenset()
    mode: str | None = None
    to: tuple[str, ...] = ()
    roles: str | None = None
    comp: str | None = None
    needs: str | None = None
    of: str | None = None
    by_sector: tuple[tuple[str, str], ...] = ()
    to_state: str | None = None
    no_target: str | None = None
    target: str | None = None
    future: str | None = None
    passive: str | None = None  # "actor": an agentless passive's subject is the actor ("troops were deployed")
    purpose: tuple[tuple[str, str], ...] = ()  # AID mode of an infinitive of purpose → type/mode
    joint: str | None = None  # the type when several actors act together, or "joint" modifies the trigger
    to_sector: tuple[tuple[str, str], ...] = ()  # the recipient's sector → type/mode
    under: frozenset[str] = frozenset()  # (nouns) the verb the noun must be the object of
    not_near: str | None = None  # plover_coder word classes ("sports+contests") whose words in the sentence rule it out
    sectors: frozenset[str] = frozenset()  # the actor's sector must be one of these
    hostile: str | None = None  # the type when the infinitive is a hostile act ("vowed to march on")
    yielding: str | None = None  # the type when the infinitive is a concession or retreat
    theme: bool = False  # the direct object is what the event moves, not its recipient ("extradited X to Y")
    adjective: bool = False  # an adjective with an infinitive ("was willing to meet", "ready to sign")
    not_comp: frozenset[str] = frozenset()  # infinitives that rule the entry out ("declined to comment")

    @property
    def rule(self) -> str:
        words = self.lemma + ("/n" if self.noun else "") + "".join(f"+{w}" for w in sorted(self.with_))
        return f"plover_triggers:{self.type}:{words}"


@dataclass(frozen=True)
class Tables:
    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    adjectives: dict[str, tuple[Entry, ...]]
    light_verbs: frozenset[str]
    modes: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    complements: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # factuality word classes
    cameo: dict[str, str] = field(default_factory=dict)
    cameo_modes: dict[tuple[str, str], str] = field(default_factory=dict)
    quad: dict[str, int] = field(default_factory=dict)
    older_names: dict[str, str] = field(default_factory=dict)
    coder: dict[str, frozenset[str]] = field(default_factory=dict)  # plover_coder word classes
    threat_of: dict[str, str] = field(default_factory=dict)  # the THREATEN mode of an act threatened


def _set(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, bool) for v in values):
        raise ConfigError(f"lexicon word list {values!r}: quote on/off/yes/no, YAML reads them as true/false")
    return frozenset(str(v).lower() for v in values)


def _entry(kind: str, raw: dict[str, Any]) -> Entry:
    if kind not in TYPES:
        raise ConfigError(f"lexicon plover_triggers: unknown PLOVER type {kind!r}")
    if not isinstance(raw, dict) or "lemma" not in raw:
        raise ConfigError(f"lexicon plover_triggers, {kind}: each entry needs a 'lemma' (got {raw!r})")
    return Entry(
        type=kind, lemma=str(raw["lemma"]).lower(), noun=bool(raw.get("noun", False)),
        with_=_set(raw.get("with")), not_with=_set(raw.get("not_with")), obj=_set(raw.get("obj")),
        not_obj=_set(raw.get("not_obj")), compound=_set(raw.get("compound")),
        not_compound=_set(raw.get("not_compound")), subj=_set(raw.get("subj")), mode=raw.get("mode"),
        to=tuple(str(p) for p in raw.get("to") or ()), roles=raw.get("roles"), comp=raw.get("comp"),
        needs=raw.get("needs"), of=raw.get("of"), by_sector=tuple((raw.get("by_sector") or {}).items()),
        to_state=raw.get("to_state"), no_target=raw.get("no_target"), target=raw.get("target"),
        future=raw.get("future"), passive=raw.get("passive"), purpose=tuple((raw.get("purpose") or {}).items()),
        joint=raw.get("joint"), to_sector=tuple((raw.get("to_sector") or {}).items()), under=_set(raw.get("under")),
        not_near=raw.get("not_near"), sectors=_set(raw.get("sectors")), hostile=raw.get("hostile"),
        yielding=raw.get("yielding"), theme=bool(raw.get("theme", False)), adjective=bool(raw.get("adjective", False)),
        not_comp=_set(raw.get("not_comp")),
    )


def _specific_first(entries: list[Entry]) -> tuple[Entry, ...]:
    """Entries with more conditions are tried before those with fewer for the same lemma ("ordered diplomats
    to leave" before "ordered X to ...", "pulled its envoy out" before "pulled out"), the plain entry last."""
    def conditions(e: Entry) -> int:
        return sum(bool(c) for c in (e.obj, e.with_, e.compound, e.needs, e.subj, e.under, e.sectors))
    return tuple(sorted(entries, key=lambda e: -conditions(e)))


@functools.cache
def tables() -> Tables:
    triggers, modes, types = lexicon("plover_triggers"), lexicon("plover_modes"), lexicon("plover_types")
    coder = lexicon("plover_coder")
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    adjectives: dict[str, list[Entry]] = {}
    for kind, raws in triggers["types"].items():
        for raw in raws:
            entry = _entry(kind, raw)
            (adjectives if entry.adjective else nouns if entry.noun else verbs).setdefault(entry.lemma, []).append(entry)
    mode_words = {kind: tuple((m, _set(w)) for m, w in table.items()) for kind, table in modes["modes"].items()}
    complements = {name: tuple((m, _set(w)) for m, w in table.items()) for name, table in modes["complements"].items()}
    info = types["types"]
    return Tables(
        verbs={k: _specific_first(v) for k, v in verbs.items()},
        nouns={k: _specific_first(v) for k, v in nouns.items()},
        adjectives={k: _specific_first(v) for k, v in adjectives.items()},
        light_verbs=_set(triggers["light_verbs"]),
        modes=mode_words,
        complements=complements,
        words={name: _set(w) for name, w in modes["factuality"].items()},
        cameo={t: str(v["cameo"]) for t, v in info.items()},
        cameo_modes={(t, m): str(c) for t, v in info.items() for m, c in (v.get("modes") or {}).items()},
        quad={t: int(v["quad"]) for t, v in info.items()},
        older_names={str(k).upper(): str(v) for k, v in types["older_names"].items()},
        coder={name: _set(w) for name, w in coder.items()},
        threat_of={str(k): str(v) for k, v in modes["threat_of"].items()},
    )


def cameo_root(kind: str, mode: str | None) -> str | None:
    """The CAMEO root code for a PLOVER type and mode (for GDELT users)."""
    t = tables()
    return t.cameo_modes.get((kind, mode or ""), t.cameo.get(kind))


def current_name(name: str) -> str | None:
    """The current PLOVER type for a name as written in older data (DEMAND → REQUEST), None if unknown."""
    upper = name.strip().upper()
    if upper in TYPES:
        return upper
    return tables().older_names.get(upper)
