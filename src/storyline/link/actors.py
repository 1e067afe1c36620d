"""Cross-document actor resolution: one id for a person or organisation however each article names it.

Each article's linker (``annotate.actors``) gives ids from what that article says:
``person:obama`` where it only writes "President Obama", ``person:barack-obama``
where it writes the full name, ``org:usgs`` beside ``org:u-s-geological-survey``.
This step joins them across articles, by rules that refuse when something
contradicts the join:

* **People** are compared within a block of one spelling-tolerant surname key.
  Full names join when their first names agree and their middle names do not
  contradict ("Hillary Rodham Clinton" and "Hillary Clinton"; never "Bill" and
  "Hillary", nor "George W." and "George H. W."); two ids the gazetteer curates
  never join each other. A surname-only id ("Obama", "Mrs. Clinton",
  "President Clinton") joins the one full-name group it fits: not one whose
  honorifics say the other sex, and, when it carries a title, the group that
  holds that title. With several that fit, it joins the one named in at least
  ``DOMINANCE`` times as many articles as any other, else stays apart.
* **Organisations** are compared within a block of one acronym: names that are
  the same once country names are read as the country ("U.S. Geological
  Survey", "US Geological Survey", "United States Geological Survey") join; an
  abbreviation ("USGS") joins the one full name it abbreviates, and stays
  apart when two names share it.

The canonical id of a group is its curated id, else the id with most mentions;
mentions, actor records and every other record's actor references are
rewritten to it.

Complexity: incremental. ``resolve`` reads only the actors the batch touched
and the stored actors sharing their blocking keys (an indexed join per key), so
a batch of *b* actors costs O(b + c) reads for *c* candidates and, per block of
size *k*, O(k²) name comparisons — *k* is the number of distinct spellings of
one surname or acronym, not the size of the corpus. It never compares all pairs.

Libraries considered: ``rapidfuzz`` scores string similarity but says nothing
about which names may not join (namesakes, sexes, titles); ``dedupe`` and
``splink`` learn pairwise matchers from labelled pairs we do not have; both would
still need the blocking done here. Rules it is.
"""

from __future__ import annotations

import functools
import typing
from types import ModuleType
from typing import Any
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..lexicon import lexicon
from ..model import RECORDS, Actor, Mention
from ..store import Store
from . import Changes, linker

DOMINANCE = 3  # a surname alone is the namesake named in this many times more articles than any other


@functools.cache
def _g() -> ModuleType:
    """The gazetteer module, imported when first needed: importing ``storyline.annotate`` loads spaCy,
    which adding without analysis never needs."""
    from ..annotate import gazetteer

    return gazetteer


@dataclass(frozen=True)
class _Candidate:
    actor: Actor
    mentions: int
    documents: int
    curated: bool


@linker("actors")
def resolve_actors(store: Store, changes: Changes) -> None:
    """The linker: resolve the actors the batch touched (every stored actor after re-deriving)."""
    touched = store.distinct("actors", "id") if changes.everything else sorted(changes.actors)
    redirect = resolve(store, touched)
    changes.actors |= set(redirect.values())


def resolve(store: Store, touched_actor_ids: Iterable[str]) -> dict[str, str]:
    """Join the actors ``touched_actor_ids`` with stored namesakes; returns the ids rewritten everywhere (old → new)."""
    touched = store.records_where("actors", "id", set(touched_actor_ids))
    keys = {a.key for a in touched if a.key}
    if not keys:
        return {}
    stored = store.records_where("actors", "key", keys)
    counts = store.mention_counts(a.id for a in stored)
    gaz = _g().packaged()
    blocks: dict[str, list[_Candidate]] = {}
    for actor in stored:
        n, d = counts.get(actor.id, (0, 0))
        if n:
            blocks.setdefault(actor.key or "", []).append(_Candidate(actor, n, d, actor.id in gaz.actors))
    plan = _Plan()
    for key, block in sorted(blocks.items()):
        if key.startswith("person:"):
            _plan_people(store, block, plan)
        else:
            for group in _organisations(block, gaz):
                plan.join(group)
    plan.apply(store)
    return plan.redirect


@dataclass
class _Plan:
    """What resolution rewrites: ids everywhere, ids in some documents only, and the merged records."""

    redirect: dict[str, str] = field(default_factory=dict)
    in_documents: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    merged: list[Actor] = field(default_factory=list)

    def join(self, group: list[_Candidate]) -> None:
        if len(group) < 2:
            return
        canonical = _canonical(group)
        self.merged.append(_merge(canonical, group))
        self.redirect.update({c.actor.id: canonical.actor.id for c in group if c.actor.id != canonical.actor.id})

    def apply(self, store: Store) -> None:
        if self.redirect:
            store.replace_where("actors", "id", set(self.redirect) | {a.id for a in self.merged}, self.merged)
        for kind, column in _references():
            store.rename_values(kind, column, self.redirect)
            for (old, new), docs in sorted(self.in_documents.items()):
                store.rename_values(kind, column, {old: self.redirect.get(new, new)}, docs)


@functools.cache
def _references() -> tuple[tuple[str, str], ...]:
    """Every stored column holding actor ids (its description says so), in every record kind."""
    return tuple((kind.name, c.name) for kind in RECORDS.values() if kind.name != "actors"
                 for c in kind.stored if "actor id" in c.doc and (c.base is str or typing.get_origin(c.base) is tuple))


# -- people --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Evidence:
    """What one article says about a surname used alone: the titles before it, the sex its honorifics say."""

    titles: frozenset[str]
    sex: int


def _plan_people(store: Store, block: list[_Candidate], plan: _Plan) -> None:
    groups = _full_names(block)
    for group in groups:
        plan.join(group)
    bare = [c for c in block if not _g().person_parts(c.actor.name)[0]]
    if not bare or not groups:
        return
    mentions = store.records_where("mentions", "actor", [c.actor.id for c in bare])
    by_doc: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        by_doc.setdefault((m.actor or "", m.doc_id), []).append(m)
    for c in bare:
        homes = {doc: _surname_home(_evidence(ms), groups) for (actor, doc), ms in by_doc.items() if actor == c.actor.id}
        targets = {id(h) for h in homes.values()}
        if homes and len(targets) == 1 and (home := next(iter(homes.values()))) is not None:
            plan.join(home + [c]) if len(home) == 1 else plan.redirect.update({c.actor.id: _canonical(home).actor.id})
            continue
        for doc, home in homes.items():
            if home is not None:
                plan.in_documents.setdefault((c.actor.id, _canonical(home).actor.id), set()).add(doc)


def _evidence(mentions: list[Mention]) -> _Evidence:
    female, male = _honorifics()
    titles = frozenset(_g().normal_role(m.text.split()[-1]) for m in mentions if m.label == "ROLE" and m.text.split())
    said = {_g().fold(m.text.split()[0]).rstrip(".") for m in mentions if m.text.split()}
    return _Evidence(titles, (1 if said & male else 0) - (1 if said & female else 0))


def _full_names(block: list[_Candidate]) -> list[list[_Candidate]]:
    groups: list[list[_Candidate]] = []
    for c in sorted(block, key=lambda c: (not c.curated, -c.documents, c.actor.id)):
        if not _g().person_parts(c.actor.name)[0]:
            continue
        home = next((g for g in groups if all(_same_person(c, other) for other in g)), None)
        if home is None:
            groups.append([c])
        else:
            home.append(c)
    return groups


def _same_person(a: _Candidate, b: _Candidate) -> bool:
    if a.curated and b.curated:
        return a.actor.id == b.actor.id
    first_a, middle_a, _ = _g().person_parts(a.actor.name)
    first_b, middle_b, _ = _g().person_parts(b.actor.name)
    if _g().name_key(first_a) != _g().name_key(first_b) or _sex(a.actor) * _sex(b.actor) < 0:
        return False
    return _middles_agree(middle_a, middle_b)


def _middles_agree(a: str, b: str) -> bool:
    """"W." and "H. W." disagree; a missing middle name agrees with any."""
    if not a or not b:
        return True
    ka = [w for w in _g().fold(a).replace(".", " ").split()]
    kb = [w for w in _g().fold(b).replace(".", " ").split()]
    if len(ka) != len(kb):
        return False
    return all(x[0] == y[0] and (len(x) == 1 or len(y) == 1 or x == y) for x, y in zip(ka, kb))


def _surname_home(evidence: _Evidence, groups: list[list[_Candidate]]) -> list[_Candidate] | None:
    """The full-name group a surname used alone in one article joins, if one fits without contradiction."""
    fitting = [g for g in groups if evidence.sex * _group_sex(g) >= 0]
    if evidence.titles:
        holders = [g for g in fitting if any(_holds(title, g) for title in evidence.titles)]
        fitting = holders or fitting
    if len(fitting) <= 1:
        return fitting[0] if fitting else None
    size = sorted(((sum(m.documents for m in g), i) for i, g in enumerate(fitting)), reverse=True)
    return fitting[size[0][1]] if size[0][0] >= DOMINANCE * size[1][0] else None


def _holds(title: str, group: list[_Candidate]) -> bool:
    """Whether someone in ``group`` holds (or held) a role with the title's head word."""
    head = title.split()[-1]
    return any(r.role.split()[-1] == head for m in group for r in m.actor.roles if r.role)


@functools.cache
def _honorifics() -> tuple[frozenset[str], frozenset[str]]:
    roles = lexicon("actor_roles")
    return frozenset(roles["female"]), frozenset(roles["male"])


def _sex(actor: Actor) -> int:
    """-1 when the names it was called by say a woman ("Mrs. Clinton"), 1 a man, 0 when they do not say."""
    female, male = _honorifics()
    said = {_g().fold(alias.split()[0]).rstrip(".") for alias in actor.aliases if alias.split()}
    return (1 if said & male else 0) - (1 if said & female else 0)


def _group_sex(group: list[_Candidate]) -> int:
    return max((_sex(m.actor) for m in group), key=abs, default=0)


# -- organisations -------------------------------------------------------------------------------


def _organisations(block: list[_Candidate], gaz: Any) -> list[list[_Candidate]]:
    named: dict[str, list[_Candidate]] = {}
    abbreviations = []
    for c in block:
        if c.actor.type != "organization":
            continue
        name = _g().org_name(c.actor.name)
        if name.replace(".", "").isupper() and " " not in name:
            abbreviations.append(c)
        else:
            named.setdefault(_read_countries(name, gaz), []).append(c)
    groups = list(named.values())
    for c in abbreviations:
        same = [g for g in groups if _g().fold(_g().org_name(g[0].actor.name)) == _g().fold(_g().org_name(c.actor.name))]
        if len(groups) == 1 or same:
            (same or groups)[0].append(c)
        else:
            groups.append([c])
    return groups


def _read_countries(name: str, gaz: Any) -> str:
    """A name with every country alias read as its code: "U.S. Geological Survey" → "USA geological survey"."""
    words = name.split()
    out, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + 4), i, -1):
            actor = gaz.aliases.get(" ".join(words[i:j]))
            if actor is not None and gaz.actors[actor].type == "country":
                out.append(actor)
                i = j
                break
        else:
            out.append(_g().fold(words[i]).replace(".", ""))
            i += 1
    return " ".join(out)


# -- merging -------------------------------------------------------------------------------------


def _canonical(group: list[_Candidate]) -> _Candidate:
    return min(group, key=lambda c: (not c.curated, -len(_g().person_parts(c.actor.name)[0]) if c.actor.type == "person" else 0,
                                     -c.mentions, c.actor.id))


def _merge(canonical: _Candidate, group: list[_Candidate]) -> Actor:
    countries = Counter(c.actor.country for c in group for _ in range(c.mentions) if c.actor.country)
    sectors = Counter(c.actor.sector for c in group for _ in range(c.mentions) if c.actor.sector)
    base = canonical.actor
    return replace(
        base,
        country=base.country or (countries.most_common(1)[0][0] if countries else None),
        sector=base.sector or (sectors.most_common(1)[0][0] if sectors else None),
        aliases=tuple(dict.fromkeys(a for c in group for a in (c.actor.name, *c.actor.aliases))),
        roles=tuple(dict.fromkeys(r for c in group for r in c.actor.roles)),
    )
