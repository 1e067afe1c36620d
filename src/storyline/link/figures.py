"""Reconciling numeric claims into figures: which numbers measure the same thing, and do they agree.

**The measure key.** Each claim gets ``dimension | predicate | anchor | scope``
(set on every claim of a document in :func:`with_measures`, from the claims,
actors and time expressions of that document only, so the key of a claim
never depends on what else is stored; figures then group claims by key
across every article in the store):

* **dimension** — what is counted or measured: the counted unit by its head
  noun (``people``, ``troops``, ``villages``; "volunteer firefighters" are
  ``firefighters``), written one way for the variants news uses
  (``count_synonyms``: "KOs" are ``knockouts``, "homers" ``home runs``), or
  the dimension of a unit of measure (``measure_dimensions``: km and miles
  are one ``length``; every currency is ``money``), ``percent``,
  ``magnitude``. People counted under no event verb are counted by who they
  are ("two children", "five women" inside are two measures;
  ``generic_people`` nouns leave a count of ``people``), and the residents of
  a place are its ``population`` (``inhabitant_nouns``); a toll is a count of
  ``people`` whoever they were;
* **predicate** — the predicate family, kept only where it is read with
  confidence: a family that is an outcome for what is counted
  (``key_predicates``: killed ≠ injured ≠ missing ≠ evacuated people; damaged
  ≠ destroyed houses), else ``-`` and the counted thing alone decides — a
  verb in no family, or one that cannot happen to the counted thing ("hit 13
  homers" read as damaged) tells no figure from another. A magnitude, a
  distance or an area is ``measured``; deployed, present and sent troops
  count one force, and so do responders and their machines
  (``force_measures``); a sum of money measures a value, a damage or a price
  whatever verb reports it (``money_measures``), and what the noun it is the
  amount of says, where it says it, decides (``money_nouns``: "a $200
  million offer" is a price whether it was made, reported or "blows" another); a percentage keeps its
  verb's family (a share of what, in the verb) unless the verb is
  neutral (``neutral_predicates``: "is", "rose to", "was at"). A key keeps a
  family, never a verb's own lemma: "heard the figure of $1 million", "is at
  $160 million" and "views the 20% rate" are how one outlet words what
  another words with another verb, so a verb in no family is ``-``; and a
  tally (``tally_nouns``: home runs, knockouts, games) keeps none — "hit 13
  homers" is no damage;
* **anchor** — whose or where. For offers, prices, stakes and earnings
  (``owned_predicates``) the organisation the counted phrase or the verb's
  agent names ("Telerate's shares"). Else whose people or forces are counted
  (``of:``): a country's sector group or a country the counted phrase names
  ("North Korean troops", "12 Americans" → ``of:USA``). Else where (``in:``):
  the country of the claim's own place ("killed 247 in Nairobi" → KEN), the
  countries its sentence joins ("in Turkey and Syria"), the countries it is
  about (not the owner of a body it names, "the bombing of the U.S. embassy in
  Nairobi", when its sentence names another country outside that phrase);
  else the country the article names most, written ``in:~`` (a guess
  from the article, which a story replaces) — unless the article names an
  organisation more often than any country (a story about a church or a
  store), whose figures then belong to that organisation; else the place it
  names most;
* **scope** — the time of the event: an earlier year or month the claim's
  own sentence names, its own clause's first ("In December 2003, ... Bam ...
  killed 31,000", "... in 2003, and 600 were killed in Zarand in February"),
  but not one that ends or starts a span (``span_end_words``: "guaranteed to
  make $27.5 million through 2017"),
  else the article's own year, written ``~YYYY`` (a guess from the article, which a
  story replaces): its publication year, else the year of the latest full
  date it gives (a dateline), else the latest year it gives alone (never a
  background "December 2003"); else unknown (``-``); a rising toll reported
  on different days stays one measure.

**Within a story** (:func:`scope_by_story`, once the stories linker has placed
the article) the key becomes ``dimension | predicate | story | anchor |
scope``: the story says which event a toll or a damage is of far better than
any one article's strings, so the article-level guesses (the organisation or
place it names most, its year) drop out of the key and
articles that name the event differently, or were dated differently, still
share the measure. A key that leaves where or what happened unsaid takes the one key of its story
that says it and agrees with it on the rest (:func:`fill_unknowns`: "killed 247" and "killed 247 in
Nairobi"; "three cables were severed", a verb in no family, and "three cables were damaged"); with
two such keys (tolls in two places, damaged and destroyed houses) it stays apart from both. A key
that names only a year takes the one key of its story that names a month of it and agrees on the rest ("killed
more than 31,000 in 2003" and "in December 2003"); a key that names no time never takes one that names a time:
what a report recalls with a date is most often another event (the 2003 Bam toll in a 2005 story). The
values then tell (:func:`join_by_value`): a claim that names no time moves to the one key of its story that
names a time and holds its value, when no other claim of its own key holds it ("it killed 612 people" of the
February quake, keyed with the ten the new quake killed); a key that names a time joins the one key that names
none when every value of both is one ("killing a mother of 12 in Oct. 2011" beside "the mother of 12"). An article that
cannot tell its year keeps an unknown time (``-``), but its key moves whole to the one key of its story that
agrees on all but time and holds every one of its values (:func:`join_unknown_times`: "seven life sentences"
in an undated report and a dated one; a magnitude only if equal, since two quakes' readings lie within
"about" of each other). An
article's guess of where (``in:~``) joins the key that names that country, else says nowhere: which
country an article names most depends on the outlet (a report on a cable cut near Egypt that
names the United States most), not on what was counted. What the
claim's own text says stays: another country ("in Dar es Salaam" in a Nairobi
story), another time (the 2003 Bam toll recalled in a 2005 story), whose
forces (``of:`` keys are that country's in any story). An article that
cannot tell its year never takes its story's: it joined on words alone.

**What is refused.** A claim whose anchor is unknown gets a key of its own
(``claim:<id>``): too little is known to join it with anything. Claims of
different dimensions, predicates, anchors or years are never merged — the
50,000 soldiers Russia assembled are not North Korea's troops, casualties
are not deployments, the 2003 Bam toll is not the 2005 Qeshm toll (within a story, a time one report names
and another leaves unsaid gives way only as above: a year to its one month, an unsaid time to the values).
Values are never compared across keys that differ in anything but time, and a value two keys hold, or
that its own key holds again, moves nowhere. The parts
of a list or of an "X of Y" in one sentence ("six Iraqis, six Sudanese among
14 arrested", "30 of the 80 wounded remained") are never competing values
of its total: when one sentence holds several values of one key, every value
but the largest gets a part scope (``part:<subject>``) — unless what is
measured is a measurement (a magnitude, a distance), which has no parts:
two readings in one sentence compete; and unless each value follows an
organisation of its own ("the Orioles (seven years, $140-150 million),
Nationals (eight years, $160 million)"): parallel figures of different
owners are not parts of a total, and each gets its owner (``by:<name>``,
the last word of the name, as articles shorten it).

**Status**, from the claims that assert a number (possible, projected and
negated ones are listed but do not decide it), compared within one unit (a
haul in euros is not compared with one in dollars):

* ``single`` — at most one claim asserts a number;
* ``agreed`` — every value fits in one range, hedges included ("about 12,000",
  "over 10,000" and "11,000" agree only if one number can satisfy them all);
* ``evolving`` — ordered by when they were said, values only rise or only fall;
* ``mixed_scope`` — values disagree overall but agree within each place they
  are about ("in Kursk" vs "in Russia");
* ``disputed`` — incompatible values otherwise.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..claims.tables import families, human_lemma, word_map, words
from ..model import Actor, Claim, Figure, FigureValue, Mention, Quote, Time
from ..store import Store
from . import Changes, linker
from .duplicates import origins_of

APPROX = (0.05, 0.1)  # "about N" allows N ± 5 %, up to ± 10 % for a round N (half its last significant place)
FIRM = ("asserted", "reported")


@linker("figures")
def refresh_figures(store: Store, changes: Changes) -> None:
    """Reconcile the figures of the measures that changed, from every stored claim that shares them.

    Cost: one read of the claims of those measures (an indexed join) and of their documents'
    origins, linear in their number.
    """
    changes.measures |= scope_by_story(store, changes)
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


@dataclass(frozen=True)
class _Article:
    """What one article says about where and when it is."""

    places: tuple[str, ...]  # place keys, most named first
    country: str | None  # the country it names most, unless it names an organisation more often
    organisation: str | None  # the organisation it names most
    year: str | None
    month: str | None = None  # the publication month, when known
    mentions: tuple[Mention, ...] = ()
    times: tuple[Time, ...] = ()


_NOWHERE = _Article((), None, None, None)
_SECTOR_GROUP = re.compile(r"[A-Z]{3}-[A-Z]{3}")  # a country's sector group: PRK-MIL, IRN-LAB


def scope_by_story(store: Store, changes: Changes) -> set[str]:
    """Re-key the claims of the batch's documents by their story; returns every measure key touched.

    The per-article key anchors a measure by what one article can tell — whose, where, which year;
    once linking has placed the article in a story, the story is what the claim is about: its
    death toll, its damage, its price. Within a story the article-level guess of an owner
    (``actor:`` — the organisation an article names most) is dropped, since another article of the
    same story may name another organisation most, and so is the place an article names most
    (``place:``); where (``in:``) stays, as does the time scope. (The story's own country is not
    dropped: a story's most named actors change as articles join it, so a key read from them
    would depend on the order articles arrived in.) A count of whose people or forces (``of:``: North Korea's troops) is not re-keyed: it is
    that country's measure in whichever story reports it, and two stories that report it from two
    sides (the deployment, Russia's build-up) are still one measure. An article that cannot tell its year keeps an unknown one rather than
    taking its story's: an undated article joined its story on words alone, with no date to keep it
    from a story of the same kind and place years later (a second quake on one island), so the story's
    year says nothing about it; the year an article is dated by (``~YYYY``) is dropped, as the story
    says when. Parts of a list stay parts. Keys already scoped by a story are left alone. Then the
    keys of the batch's stories that leave where or what happened unsaid are filled (:func:`fill_unknowns`) — the claims
    stored earlier under such a key too; a key filled once keeps its anchor when a second anchored
    key appears in its story later.

    Cost: one read of the batch's claims and documents, linear in their number, and one join of the
    stored claims with the documents of the batch's stories.
    """
    doc_ids = set(changes.documents)
    if changes.everything:
        doc_ids |= set(store.distinct("claims", "doc_id"))
    if not doc_ids:
        return set()
    documents = {d.id: d for d in store.records_where("documents", "id", doc_ids)}
    rekeyed: dict[str, str] = {}
    touched: set[str] = set()
    for claim in store.records_where("claims", "doc_id", doc_ids):
        document = documents.get(claim.doc_id)
        if document is None or not document.story or not claim.measure:
            continue
        key = story_key(claim.measure, document.story)
        if key != claim.measure:
            rekeyed[claim.id] = key
            touched |= {claim.measure, key}
    store.set_column("claims", "measure", rekeyed)
    keys = store.measures_in_stories({d.story for d in documents.values() if d.story})
    filled = fill_unknowns(keys)
    if filled:
        store.set_column("claims", "measure", {c.id: filled[c.measure] for c in store.records_where("claims", "measure", filled)
                                               if c.measure})
        touched |= set(filled) | set(filled.values())
    timed = {filled.get(k, k) for k in keys if _timed(filled.get(k, k))}
    moved = join_by_value(store.records_where("claims", "measure", timed)) if timed else {}
    if moved:
        store.set_column("claims", "measure", moved)
        touched |= set(moved.values()) | {c.measure for c in store.records_where("claims", "id", moved) if c.measure}
    current = {filled.get(k, k) for k in keys} - set(moved)
    unknown = {k for k in current if _undated(k)}
    if unknown:
        siblings = {k for k in current if _known_time(k) and _time_free(k) in {_time_free(u) for u in unknown}}
        held = store.records_where("claims", "measure", unknown | siblings) if siblings else []
        placed = join_unknown_times(held)
        if placed:
            touched |= set(placed.values()) | {c.measure for c in held if c.id in placed and c.measure}
            store.set_column("claims", "measure", placed)
    return touched


def _undated(key: str) -> bool:
    """A story-scoped key of a claim whose article cannot tell its year (scope ``-``)."""
    parts = key.split("|")
    return len(parts) >= 5 and parts[2].startswith("story:") and parts[4] == "-"


def _known_time(key: str) -> bool:
    """A story-scoped key whose time the story gives (``""``) or the claim names with its year."""
    parts = key.split("|")
    return len(parts) >= 5 and parts[2].startswith("story:") and (parts[4] == "" or parts[4][:1].isdigit())


def _time_free(key: str) -> str:
    parts = key.split("|")
    return "|".join(parts[:4] + parts[5:])


def join_unknown_times(claims: Iterable[Claim]) -> dict[str, str]:
    """The claims of a key of articles that cannot tell their year (scope ``-``), moved together to the one key
    of their story that agrees on all but time and holds every one of their values (claim id → key; a
    measurement's exactly, since two quakes' magnitudes lie within "about" of each other): "seven life
    sentences" in an undated report of the sentencing and in a dated one are one count. An undated article joined its story on words alone,
    so its time stays unknown unless a value says which of the story's keys it reports; a value no such key
    holds, or two keys that hold it, leave it where it is."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.measure:
            groups[claim.measure].append(claim)
    out: dict[str, str] = {}
    for key in (k for k in groups if _undated(k)):
        others = [k for k in groups if _known_time(k) and _time_free(k) == _time_free(key)]
        exact = key.split("|")[1] == "measured"
        takers = [k for k in others if all(any(c.unit == o.unit and (c.value == o.value if exact else _same_value(c, o))
                                               for o in groups[k]) for c in groups[key])]
        if len(takers) == 1:  # the key moves whole: its claims stay one measure
            out |= {c.id: takers[0] for c in groups[key]}
    return out


def _timed(key: str) -> bool:
    """A story-scoped key with no part scope whose time is said or left to the story (``""``), not unknown."""
    parts = key.split("|")
    return len(parts) == 5 and parts[2].startswith("story:") and not parts[4].startswith(("-", "~"))


def join_by_value(claims: Iterable[Claim]) -> dict[str, str]:
    """Claims of story-scoped keys that differ only in whether they name a time, moved to the key their values
    say they are of (claim id → key). A time a report names beside a count is most often another event's (the
    2003 Bam toll recalled in a story of the 2005 Qeshm quake), so the keys stay apart, but the values tell:

    * a claim that names no time moves to the one key of its story that names a time, agrees with it on the
      rest and holds its value, when no other claim of its own key holds that value ("it killed 612 people",
      of the February quake, among reports of the ten the new quake killed);
    * a key that names a time joins the one key of its story that names none, agrees with it on the rest and
      whose every value is one of its own, all equal ("killing a mother of 12 in October" beside "the mother
      of 12"): the time then dates the story's own event.

    Different values, or two keys that could take a claim, leave every key as it is."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.measure and _timed(claim.measure):
            groups[claim.measure].append(claim)
    undated = [k for k in groups if not k.split("|")[4]]
    dated = [k for k in groups if k.split("|")[4]]
    out: dict[str, str] = {}
    for key in undated:
        for claim in groups[key]:
            takers = [d for d in dated if _agrees_but_time(key, d) and any(_same_value(claim, o) for o in groups[d])]
            if len(takers) == 1 and not any(_same_value(claim, o) for o in groups[key] if o.id != claim.id):
                out[claim.id] = takers[0]
    for key in dated:
        left = {u: [b for b in groups[u] if b.id not in out] for u in undated}
        takers = [u for u in undated if _agrees_but_time(key, u) and left[u]
                  and all(_same_value(a, b) for a in groups[key] for b in left[u])]
        if len(takers) == 1:
            out |= {c.id: takers[0] for c in groups[key]}
    return out


def _agrees_but_time(key: str, other: str) -> bool:
    """Two story-scoped keys of one dimension and story whose families and places agree (one may leave either
    unsaid, as :func:`fill_unknowns` reads it)."""
    a, b = key.split("|"), other.split("|")
    return a[0] == b[0] and a[2] == b[2] and (a[1] == b[1] or "-" in (a[1], b[1])) \
        and (a[3] == b[3] or "" in (a[3], b[3]))


def _same_value(claim: Claim, other: Claim) -> bool:
    """Two claims of one unit whose numbers are one within the reach of "about" (612 and "about 600")."""
    return claim.unit == other.unit and abs(claim.value - other.value) <= _tolerance(max(abs(claim.value), abs(other.value)))


def fill_unknowns(keys: Iterable[str]) -> dict[str, str]:
    """Story-scoped keys that leave where or what happened unsaid, each mapped to the one key of its story that
    says what it leaves unsaid and agrees with it on the rest: "killed 247" in one report and "killed 247 in
    Nairobi" in another are one toll, "three cables were severed" (a verb in no family, ``-``) and "three cables
    were damaged" one count. Where is unsaid when a key names no place (``""``) or only its article's guess
    (``in:~``: the country an article names most), which joins the key that names that country, and says
    nowhere when no key of its story names a place (another outlet names another country most). A year is
    unsaid beside a month of it ("in 2003", "in December 2003"); no time is never unsaid beside a time. When two
    keys could take it (tolls in two places, damaged and destroyed houses, two months of one year), it stays
    apart from both."""
    groups: dict[tuple[str, ...], set[tuple[str, str, str]]] = defaultdict(set)
    for key in keys:
        parts = key.split("|")
        if len(parts) >= 5 and parts[2].startswith("story:"):
            groups[(parts[0], parts[2], *parts[5:])].add((parts[1], parts[3], parts[4]))
    out = {}
    for (dimension, story, *rest), members in groups.items():
        named = {anchor for _, anchor, _ in members if anchor and not anchor.startswith("in:~")}
        resolved = {m: _resolved(m, named) for m in members}
        tops = {m for m in resolved.values() if not any(m != o and _below(m, o) for o in resolved.values())}
        for member, own in resolved.items():
            ups = {t for t in tops if _below(own, t)}
            target = ups.pop() if len(ups) == 1 else own
            if target != member:
                out["|".join([dimension, member[0], story, member[1], member[2], *rest])] = \
                    "|".join([dimension, target[0], story, target[1], target[2], *rest])
    return out


def _resolved(member: tuple[str, str, str], named: set[str]) -> tuple[str, str, str]:
    """A key's (predicate, anchor, scope) with its article's guess of where read against what its story names:
    the country the guess names when a key names it, nowhere when no key names a place."""
    predicate, anchor, scope = member
    if anchor.startswith("in:~"):
        return predicate, anchor.replace("in:~", "in:") if anchor.replace("in:~", "in:") in named else "", scope
    return member


def _below(key: tuple[str, str, str], other: tuple[str, str, str]) -> bool:
    """Whether ``other`` says all ``key`` says: the same predicate family unless ``key`` has none, the same named
    place unless ``key`` names none, the same time unless ``key`` names only its year and ``other`` a month of
    it ("in 2003" and "in December 2003"). A key that names no time is never below one that names one: the
    time a report recalls is another event's (the 2003 Bam toll in a story of the 2005 Qeshm quake)."""
    return key != other and key[0] in ("-", other[0]) and key[1] in ("", other[1]) \
        and (key[2] == other[2] or bool(re.fullmatch(r"\d{4}", key[2])) and other[2].startswith(f"{key[2]}-"))


def story_key(measure: str, story: str) -> str:
    """``dimension|predicate|anchor|scope[|part:…]`` scoped by ``story`` (see :func:`scope_by_story`)."""
    parts = measure.split("|")
    if measure.startswith("claim:") or len(parts) < 4 or any(p.startswith("story:") for p in parts) \
            or parts[2].startswith("of:"):
        return measure
    dimension, predicate, anchor, scope, rest = parts[0], parts[1], parts[2], parts[3], parts[4:]
    if anchor.startswith(("actor:", "place:")):
        anchor = ""
    if scope.startswith("~"):
        scope = ""  # the article's year: within a story, the story says when
    return "|".join([dimension, predicate, f"story:{story}", anchor, scope, *rest])


def with_measures(records: list[Any]) -> list[Any]:
    """The records with each claim's ``measure`` set, from the actors, mentions and times of the same documents."""
    actors = {r.id: r for r in records if isinstance(r, Actor)}
    articles = _articles(records, actors)
    claims = [r for r in records if isinstance(r, Claim)]
    keys = {c.id: figure_key(c, actors, articles.get(c.doc_id)) for c in claims}
    keys.update(_parts(claims, keys, actors, articles))
    return [replace(r, measure=keys[r.id]) if isinstance(r, Claim) else r for r in records]


def figure_key(claim: Claim, actors: Mapping[str, Actor], article: _Article | None = None) -> str:
    """What a claim measures: dimension | predicate | anchor | scope; its own key when that cannot be said."""
    article = article or _NOWHERE
    anchor = _anchor(claim, actors, article)
    if not claim.unit or anchor is None:
        return f"claim:{claim.id}"
    unit = str(word_map("count_synonyms").get(claim.unit.lower(), claim.unit))  # "KOs" are knockouts
    dimensions = word_map("measure_dimensions")
    dimension = "money" if re.fullmatch(r"[A-Z]{3}", unit) else str(dimensions.get(unit, unit))
    if dimension == unit and " " in unit and unit not in set(word_map("count_synonyms").values()):
        dimension = unit.rsplit(" ", 1)[1]  # the head noun: "volunteer firefighters", "jewelry stores", "fire engines"
    predicate = claim.predicate or "-"
    forces = word_map("force_measures")
    if dimension == "magnitude" or dimension in set(dimensions.values()):
        predicate = "measured"  # a distance, an area, a temperature: what is measured is in the subject, not the verb
    elif dimension in (*forces["units"], *forces["responders"]) and predicate in forces["families"]:
        predicate = "deployed"
    elif dimension == "people" and predicate == "present":
        dimension, predicate = _who(claim)
    elif dimension == "money":
        noun = (claim.subject or "").lower().rsplit(" ", 1)[-1]
        predicate = str(word_map("money_nouns").get(noun) or word_map("money_measures").get(predicate)
                        or _family_only(predicate))
    else:
        predicate = _confident(predicate, dimension)
    scope = _scope(claim, article, actors)
    if dimension in words("event_nouns"):
        predicate = "occurred"  # "followed by four aftershocks", "three aftershocks were felt": how many there were
    return f"{dimension}|{predicate}|{anchor}|{scope}"


def _confident(predicate: str | None, dimension: str) -> str:
    """The predicate family a key keeps: one that is an outcome for what is counted (``key_predicates``), else
    ``-`` — a verb in no family, or one that cannot happen to the counted thing, does not tell figures apart."""
    if dimension == "percent" and predicate in words("neutral_predicates"):
        return "-"  # "65% of traffic is down", "rose to 65%", "65% with India": a share's verb says what only when it is an event
    if dimension in words("tally_nouns"):
        return "-"  # "hit 13 homers", "drove in 105 runs": what a player scores has no outcome verb
    if predicate is None or dimension == "percent":
        return _family_only(predicate)  # a share keeps its verb's family
    return predicate if predicate in word_map("key_predicates")["people" if _human(dimension) else "things"] else "-"


def _family_only(predicate: str | None) -> str:
    """A predicate family, or ``-`` for a verb in no family: the verb's own lemma ("heard the figure of $1 million",
    "is at $160 million", "views the 20% rate") is how one outlet words a figure another words with another verb."""
    return predicate if predicate is not None and predicate in _predicate_families() else "-"


@functools.cache
def _predicate_families() -> frozenset[str]:
    """Every family a claim's predicate can be: the verb families and the families nouns, phrasal verbs and
    counted classes give."""
    classes = word_map("class_predicates")
    return frozenset({*families("predicates"), *word_map("predicate_nouns").values(),
                      *word_map("phrasal_predicates").values(), *(f for c in classes.values() for f in c.values()),
                      *(f for fs in word_map("key_predicates").values() for f in fs)})


def _human(dimension: str) -> bool:
    """Whether a dimension counts people: a people noun or role, singular or plural ("children", "firefighters")."""
    singular = dimension[:-1] if dimension.endswith("s") else dimension
    return dimension in ("people", "troops") or human_lemma(dimension) or human_lemma(singular)


def _who(claim: Claim) -> tuple[str, str]:
    """(dimension, predicate) of a count of people under no event verb, by the head of its counted phrase: the
    residents of a place are its population; "two children", "five women" are counts of children and women."""
    head = (claim.subject or "").lower().rsplit(" ", 1)[-1]
    if head in words("inhabitant_nouns"):
        return "people", "population"
    if not head.isalpha() or head in words("generic_people"):
        return "people", "present"
    return head, "present"


def _anchor(claim: Claim, actors: Mapping[str, Actor], article: _Article) -> str | None:
    """Whose figure it is: an organisation's for offers, prices and stakes; else a country's."""
    about = [actors[a] for a in claim.about if a in actors]
    if claim.predicate in words("owned_predicates"):
        owner = next((a for a in about if a.type in ("organization", "group") and not _SECTOR_GROUP.fullmatch(a.id)), None)
        if owner is not None:
            return f"actor:{owner.id}"
    owners = _owner_countries(claim, actors, article)
    if owners:
        return "of:" + "+".join(owners)  # whose: "North Korean troops", "12 Americans"
    countries = _countries(claim, actors, article)
    if countries:
        return "in:" + "+".join(countries)  # where: "killed 247 in Nairobi", a quake's toll in Iran
    if article.country:
        return f"in:~{article.country}"  # "~": the country the article names most, a guess a story replaces
    if article.organisation:
        return f"actor:{article.organisation}"  # the church, the store, the company the story is about
    return f"place:{article.places[0]}" if article.places else None


def _named_before(claim: Claim, actors: Mapping[str, Actor], article: _Article) -> str | None:
    """The organisation named last before the number in its sentence: whose sum it is when the counted phrase
    names no one ("the Red Sox have made him an eight-year, $200 million offer")."""
    before = [m for m in _in_sentence(claim, article.mentions) if m.start < claim.start
              and (a := actors.get(m.actor or "")) is not None and _subject_organisation(a) and a.type == "organization"]
    return max(before, key=lambda m: m.start).actor if before else None


def _owner_countries(claim: Claim, actors: Mapping[str, Actor], article: _Article) -> list[str]:
    """The country whose people or forces are counted: a country's sector group of people the claim is about
    ("DPRK soldiers", PRK-MIL; not a body such as "the U.S. embassy" whose bombing killed them), a country its
    counted phrase names ("12 Americans", "Kenyan employees"), or any country a count of troops is about."""
    groups = sorted({a.country for i in claim.about if (a := actors.get(i)) is not None
                     and _SECTOR_GROUP.fullmatch(a.id) and a.country and a.type == "group"})
    if groups:
        return groups
    countries = [a for i in claim.about if (a := actors.get(i)) is not None and a.type == "country"]
    if claim.unit in word_map("force_measures")["units"]:
        return sorted({a.country or a.id for a in countries})  # a count of forces or arms is of whoever fields them
    subject = claim.subject or ""
    named = {m.actor for m in article.mentions if m.doc_id == claim.doc_id and m.text and m.text in subject}
    return sorted({a.country or a.id for a in countries if a.id in named})


def _countries(claim: Claim, actors: Mapping[str, Actor], article: _Article) -> list[str]:
    """The country a claim's own text places it in: its place's, the countries its sentence joins ("in Turkey and
    Syria"), the countries it is about — not the owner of a body it names when the sentence names another
    country outside that body's phrase ("the bombing of the U.S. embassy in Nairobi")."""
    place = actors.get(claim.location or "")
    if place is not None and (place.country or place.type == "country"):
        return [place.country or place.id]
    joined = _joined_countries(claim, actors, article)
    if len(joined) > 1:
        return joined
    about = [a for i in claim.about if (a := actors.get(i)) is not None and a.country]
    bodies = {a.id for a in about if a.type == "organization" and _SECTOR_GROUP.fullmatch(a.id)}
    if bodies:
        # "the bombing of the U.S. embassy in Nairobi": a body's owner is not where; the country the
        # sentence names outside that body's phrase is
        mentions = _in_sentence(claim, article.mentions)
        spans = [(m.start, m.end) for m in mentions if m.actor in bodies]
        outside = {m.actor for m in mentions if not any(s <= m.start and m.end <= e for s, e in spans)}
        where = sorted({a.country for a in about if a.country and a.id not in bodies and a.id in outside})
        if where:
            return where
    return sorted({a.country for a in about if a.country})


def _joined_countries(claim: Claim, actors: Mapping[str, Actor], article: _Article) -> list[str]:
    """Countries the claim's sentence names together, "X and Y": a scope spanning both."""
    inside = [m for m in _in_sentence(claim, article.mentions) if (a := actors.get(m.actor or "")) is not None
              and a.type == "country"]
    found: set[str] = set()
    for first, second in zip(inside, inside[1:]):
        gap = claim.sentence.find(second.text, claim.sentence.find(first.text) + len(first.text))
        between = claim.sentence[claim.sentence.find(first.text) + len(first.text):gap] if gap > 0 else ""
        if between.strip() in ("and", ",", "or", "and in") and first.actor and second.actor and first.actor != second.actor:
            found |= {actors[first.actor].country or first.actor, actors[second.actor].country or second.actor}
    return sorted(found)


def _in_sentence(claim: Claim, spans: Iterable[Any]) -> list[Any]:
    """Records (mentions, times) of the claim's sentence, found by their text near the claim."""
    reach = len(claim.sentence)
    return [s for s in spans if s.doc_id == claim.doc_id and abs(s.start - claim.start) <= reach and s.text in claim.sentence]


def _scope(claim: Claim, article: _Article, actors: Mapping[str, Actor]) -> str:
    """The year of the article's own event, or the earlier time the claim's sentence names ("In December 2003,
    ... Bam ... killed 31,000"; "In February, a quake ... hit Zarand")."""
    scope = f"~{article.year}" if article.year else "-"  # "~": the article's year, which a story replaces
    clock = words("clock_words")
    for t in _nearest_first(claim, _in_sentence(claim, article.times)):
        after = claim.sentence[claim.sentence.find(t.text) + len(t.text):].split()
        if after and after[0].lower().strip(".,)") in clock:
            continue  # "2045 GMT" is a clock time, whatever tagged it
        before = claim.sentence[:claim.sentence.find(t.text)].split()
        if before and before[-1].lower() in words("span_end_words"):
            continue  # "guaranteed to make through 2017", "by 2010": the end of a span, not when it happened
        match = re.fullmatch(r"(\d{4}|XXXX)(?:-(\d\d))?", t.value)
        if match is None or (match.group(1) == "XXXX" and not match.group(2)):
            continue  # a full date is the day of the story; only a bare month or year can name another time
        year, month = match.group(1), match.group(2)
        if year != "XXXX" and year != article.year or month and article.month and not _near(f"{year}-{month}", article.month):
            scope = f"{year}-{month}" if month else year
            break
        if month and article.month is None and year == "XXXX":
            scope = f"{scope.lstrip('~')}-{month}"
            break
    return scope


def _nearest_first(claim: Claim, times: list[Time]) -> list[Time]:
    """The times of a claim's sentence, those of its own clause first (no comma or semicolon between them), then
    nearest first: "killed more than 31,000 in Bam in 2003, and 600 were killed in Zarand in February" — the 600
    are February's."""
    def apart(t: Time) -> tuple[bool, int]:
        at = claim.sentence.find(t.text)
        here = at - (t.start - claim.start)  # where the claim is in its sentence
        between = claim.sentence[min(at + len(t.text), here):max(at, here)] if at >= 0 else ""
        return bool(re.search(r"[,;]", between)), abs(t.start - claim.start)
    return sorted(times, key=apart)


def _near(month: str, other: str) -> bool:
    """Two ISO months at most one month apart."""
    (y1, m1), (y2, m2) = (map(int, month.split("-")), map(int, other.split("-")))
    return abs((y1 * 12 + m1) - (y2 * 12 + m2)) <= 1


def place_key(name: str) -> str:
    """A place's name without the generic words that differ between reports: "Qeshm island" → "qeshm"."""
    generic = words("place_words")
    kept = [w for w in re.findall(r"[\w'-]+", name.lower()) if w not in generic]
    return "-".join(kept) or name.lower()


_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _articles(records: list[Any], actors: Mapping[str, Actor]) -> dict[str, _Article]:
    """For each document: the places, country and organisation it names most, and its year."""
    places: dict[str, Counter[str]] = defaultdict(Counter)
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    organisations: dict[str, Counter[str]] = defaultdict(Counter)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    times: dict[str, list[Time]] = defaultdict(list)
    published: dict[str, str | None] = {}
    speakers = {(r.doc_id, r.speaker) for r in records if isinstance(r, Quote) and r.speaker}
    sentences: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if isinstance(r, Claim):
            sentences[r.doc_id].add(r.sentence)
    for r in records:
        if isinstance(r, Mention) and r.actor is not None and r.actor in actors:
            mentions[r.doc_id].append(r)
            actor = actors[r.actor]
            if actor.type == "location":
                places[r.doc_id][place_key(actor.name)] += 1
            elif actor.type == "country":
                countries[r.doc_id][actor.country or actor.id] += 1
            elif actor.type == "organization" and _subject_organisation(actor) and (r.doc_id, actor.id) not in speakers:
                organisations[r.doc_id][actor.id] += 1
        elif isinstance(r, Time) and r.type == "DATE":
            times[r.doc_id].append(r)
        elif isinstance(r, Claim) and r.stated_on_basis == "published" and r.doc_id not in published:
            published[r.doc_id] = r.stated_on  # the publication date, as every claim without a date of its own has it
    out = {}
    for doc_id in {*mentions, *times, *published}:
        days = [t.value[:4] for t in times[doc_id] if re.fullmatch(r"\d{4}-\d\d-\d\d", t.value)]
        bare = [t.value for t in times[doc_id] if re.fullmatch(r"\d{4}", t.value) and not _clock(t, sentences[doc_id])]
        # a dateline's day, else a year standing alone ("Novemer 27, 2005"); never a background "December 2003"
        year = (published.get(doc_id) or "")[:4] or (max(days) if days else max(bare) if bare else None)
        month = (published.get(doc_id) or "")[:7] if len(published.get(doc_id) or "") >= 7 else None
        country = countries[doc_id].most_common(1)[0] if countries[doc_id] else None
        organisation = organisations[doc_id].most_common(1)[0] if organisations[doc_id] else None
        if country is not None and organisation is not None and organisation[1] > country[1]:
            country = None  # a story about a church, a store or a company that names its country in passing
        out[doc_id] = _Article(tuple(p for p, _ in places[doc_id].most_common()), country[0] if country else None,
                               organisation[0] if organisation else None, year, month,
                               tuple(sorted(mentions[doc_id], key=lambda m: m.start)), tuple(times[doc_id]))
    return out


def _clock(time: Time, sentences: Iterable[str]) -> bool:
    """"2045 GMT": four digits a tagger took for a year, followed by a clock word in the text."""
    clock = words("clock_words")
    for sentence in sentences:
        at = sentence.find(time.text)
        if at >= 0:
            after = sentence[at + len(time.text):].split()
            if after and after[0].lower().strip(".,)") in clock:
                return True
    return False


def _subject_organisation(actor: Actor) -> bool:
    """An organisation a story can be about: not a sector group, not a bare acronym ("GMT", "AFP", "VP")."""
    return not _SECTOR_GROUP.fullmatch(actor.id) and not re.fullmatch(r"[A-Z.&]{2,5}", actor.name)


def _parts(claims: list[Claim], keys: Mapping[str, str], actors: Mapping[str, Actor],
           articles: Mapping[str, _Article]) -> dict[str, str]:
    """Values of one key in one sentence are a total and its parts: every value but the largest is a part.
    Not so for a measurement (a magnitude, a distance, a temperature): it has no parts, and two readings in
    one sentence ("magnitude 5.9 ... the US survey put it at 6.1") are competing values of one measure."""
    groups: dict[tuple[str, int, str, str | None], list[Claim]] = defaultdict(list)
    for claim in claims:
        if not keys[claim.id].startswith("claim:") and keys[claim.id].split("|")[1] != "measured":
            groups[(claim.doc_id, hash(claim.sentence), keys[claim.id], claim.unit)].append(claim)
    out = {}
    for (_, _, key, _), members in groups.items():
        members = _without_conversions(members)
        if len({c.value for c in members}) < 2:
            continue
        owners = {c.id: _named_before(c, actors, articles.get(c.doc_id) or _NOWHERE) for c in members}
        if len(set(owners.values())) == len(members) and None not in owners.values():
            for claim in members:  # "the Orioles (seven years, $140-150 million), Nationals (eight years, $160 million)"
                out[claim.id] = f"{key}|by:{_owner_name(owners[claim.id] or '', actors)}"
            continue
        top = max(c.high for c in members)
        for claim in members:
            if claim.high < top:
                out[claim.id] = f"{key}|part:{_slug(claim.subject or claim.predicate or '')}"
    return out


def _owner_name(actor_id: str, actors: Mapping[str, Actor]) -> str:
    """An owner as articles shorten it: the last word of its name ("Baltimore Orioles" and "Orioles")."""
    actor = actors.get(actor_id)
    return _slug(actor.name).rsplit("-", 1)[-1] if actor is not None else actor_id


def _without_conversions(members: list[Claim]) -> list[Claim]:
    """"$US1 million ($1.52 million)", "seven km (4 miles)": a value in brackets right after another restates it."""
    ordered = sorted(members, key=lambda c: c.start)
    return [c for i, c in enumerate(ordered) if not (i and 0 <= c.start - ordered[i - 1].end <= 3)]


def _slug(text: str) -> str:
    return "-".join(re.findall(r"\w+", text.lower())) or "-"


def figure_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def reconcile(key: str, claims: list[Claim], actors: Mapping[str, Actor],
              origins: Mapping[str, str] | None = None) -> Figure:
    """One figure from every claim that shares ``key``; ``origins`` maps document ids to their
    independent-origin group (a document missing from it is an origin of its own)."""
    firm = [c for c in claims if c.modality in FIRM]
    main = _main_unit(firm or claims)
    comparable = [c for c in firm if c.unit == main]
    latest = _latest([c for c in firm or claims if c.unit == main])
    return Figure(
        id=figure_id(key),
        measure=key,
        label=label(key, claims, actors),
        unit=main,
        status=status(comparable),
        claims=tuple(sorted(c.id for c in claims)),
        values=_values(claims, origins or {}),
        latest_low=latest[0] if latest else None,
        latest_high=latest[1] if latest else None,
        low=min((c.low for c in comparable or claims if c.unit == main), default=None),
        high=max((c.high for c in comparable or claims if c.unit == main), default=None),
        n_claims=len(claims),
    )


def _main_unit(claims: list[Claim]) -> str | None:
    units = Counter(c.unit for c in claims)
    return units.most_common(1)[0][0] if units else None


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
        "approx": (claim.low - _tolerance(claim.low), claim.high + _tolerance(claim.high)),
        "at_least": (value, math.inf),
        "more_than": (value * (1 + 1e-9), math.inf),
        "at_most": (0.0, value),
        "up_to": (0.0, value),
        "range": (claim.low, claim.high),
    }.get(claim.qualifier, (claim.low, claim.high))


def _tolerance(value: float) -> float:
    """How far "about N" reaches: half the place of N's last significant digit ("about 12,000": 500), within
    5-10 % of N."""
    magnitude = abs(value)
    if magnitude == 0:
        return 0.0
    place = 1.0
    while magnitude % (place * 10) == 0 and place < magnitude:
        place *= 10
    return max(APPROX[0] * magnitude, min(place / 2, APPROX[1] * magnitude))


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


def _values(claims: list[Claim], origins: Mapping[str, str]) -> tuple[FigureValue, ...]:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[(claim.low, claim.high, claim.qualifier, claim.claimed_by, claim.modality, claim.unit)].append(claim)
    values = []
    for (low, high, qualifier, claimed_by, modality, unit), members in groups.items():
        stated = sorted(c.stated_on for c in members if c.stated_on)
        values.append(FigureValue(low, high, qualifier, claimed_by, stated[0] if stated else None,
                                  len({c.doc_id for c in members}), len({origins.get(c.doc_id, c.doc_id) for c in members}),
                                  modality, unit))
    return tuple(sorted(values, key=lambda v: (v.stated_on or "9999", v.low)))


def _latest(claims: list[Claim]) -> tuple[float, float] | None:
    if not claims:
        return None
    last = max(claims, key=lambda c: (c.stated_on or "", c.value))
    return (last.low, last.high) if last.qualifier == "range" or last.low != last.high else (last.value, last.value)


def label(key: str, claims: Iterable[Claim], actors: Mapping[str, Actor]) -> str:
    """What is measured, in words: the counted thing as most reports write it, what happened, and where."""
    claims = list(claims)
    subjects = Counter(c.subject for c in claims if c.subject and c.subject.lower() not in ("others", "other", "more"))
    unit = (claims[0].unit or "").lower()
    # the counted thing as most reports name it, preferring names that say whose it is and what the unit is
    ranked = sorted(subjects, key=lambda s: (-any(ch.isupper() for ch in s), -(unit in s.lower()), -subjects[s], s))
    subject = ranked[0] if ranked else claims[0].unit or "figure"
    if claims[0].unit == "magnitude":
        subject = "magnitude"
    predicate = key.split("|")[1] if key.count("|") >= 3 else claims[0].predicate
    words_ = [subject] + ([predicate] if predicate and predicate not in ("present", "-", "measured") else [])
    place = _place_name(key, claims, actors)
    if place and place.lower() not in subject.lower():
        words_.append(f"in {place}")
    return " ".join(words_)


def _place_name(key: str, claims: list[Claim], actors: Mapping[str, Actor]) -> str | None:
    places = {actors[c.location].name for c in claims if c.location is not None and c.location in actors}
    if len(places) == 1:
        return places.pop()  # only when every claim that has a place has this one
    if places:
        return None
    parts = key.split("|")
    if len(parts) >= 3 and parts[2].startswith("in:"):
        names = [actors[c].name if c in actors else c for c in parts[2][len("in:"):].lstrip("~").split("+")]
        return " and ".join(names)
    return None
