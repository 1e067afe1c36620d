"""PLOVER event coding: who did what to whom, when and where, and who says so.

Method: a trigger lexicon over spaCy's dependency parse (PETRARCH's idea of verb patterns,
without its fallback codes). For every verb or nominalisation in ``plover_triggers.yaml``
whose construction holds (a particle, an object from a list, a modifier), the coder reads

* **actor** — the subject (or the agent of a passive; for a noun, its possessor, a country
  modifier, "by"/"from" X, or the subject of the light verb it is the object of: "held talks",
  or of the verb of going it is the purpose of: "flew to Moscow for talks"). Coordinated
  subjects are one compound actor, as PLOVER keeps them; two-sided events (clash, meet) put
  every participant in the actor. Generic groups are actors through the actor stage's sector
  mentions ("Police detained ..."). A possessive pronoun stands for the clause's subject ("its
  demand"); an agentless passive of a deployment names the forces deployed. Places do not act.
  No actor named in the text, no event.
* **recipient** — the object, the object of the entry's prepositions ("fired at", "sanctions
  on"), or the first actor inside an object that is not one ("condemned North Korea's methods");
  not what the event moves (troops sent, aid given, suspects handed over), not the author of a
  proposal acted on ("rejected the Egyptian proposal"), not a generic group deep inside an
  object ("condemned the arrest of three journalists"). A request's or refusal's infinitive
  gives its recipient as the event it names would ("refused to hand over X to the United States").
* **type changes** — written in the entry: by the actor's sector, a receiving state, a target;
  several actors acting together or a "joint" act (``joint``); an infinitive of relief purpose
  (``purpose``: forces sent "to rescue residents" are AID); a promise of a hostile act
  (``hostile``: THREATEN) or of a concession (``yielding``: CONCEDE), agreed debt forgiveness
  (AID, the manual's exception); one's own coercive act said to be possible under a condition
  is a threat ("Belgrade could send troops into Kosovo if ..."); a meeting in a country none of
  its participants is from is CONSULT 'third-party'.
* **mode** — from the entry, else from the words around the trigger (``plover_modes.yaml``);
  an infinitive under a request, refusal or threat gives its mode and is not coded again.
* **factuality / claimed_by** — from the attribution finder of ``claims.quotes`` (the same scope
  claims use): inside an attribution the event is *reported* and claimed by its speaker; a
  negation on the trigger or a denial around it makes it *negated* ("did not deny reports" is a
  negated REJECT, not a denial); a modal or condition makes it *possible*.
* **date** — the time expression governing the trigger's clause (``expression``), else the
  attribution's own date (``stated``), else the publication date (``published``).
* **location** — a place or country after a locative preposition on the trigger's clause.

Considered: PETRARCH2 and UniversalPetrarch (Python 2 / unmaintained, CAMEO verb dictionaries,
hard-coded fallback codes that over-code), the NGEC PLOVER coder (transformer models downloaded
at run time, seconds per article), textacy's SVO triples (subject–verb–object only, no
prepositional recipients or nominalisations). spaCy's parse is already computed by the annotate
stage, so a lexicon walk over it adds little time and keeps every decision in a data file.

The words these rules read (pronouns, locatives, cues, sport) are ``plover_coder.yaml``.

Refused: events whose actor is only implied ("30 soldiers were killed" names no killer),
regional constructs that are no actor, events named only as a modifier ("bombing victims"),
sport ("beat France on penalties"), and pronouns other than he/she (the nearest person before,
or the speaker of the attribution holding them) and they/we inside an attribution (its speaker).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..claims.quotes import Quote, SentenceIndex, attribution_at, covering
from ..model import Actor, Mention, Time
from .model import COMPOUND, Event
from .triggers import Entry, Tables, cameo_root, tables

SUBJECTS = ("nsubj", "csubj")
GROUPS = ("GROUP", "SECTOR")  # mention labels of sector groups
OBJECTS = ("dobj", "obj")
NOMINAL = ("dobj", "obj", "pobj", "nsubj", "nsubjpass", "attr", "appos")  # a "verb" in these roles is a noun


@dataclass
class _Found:
    """An event as it is being built: arguments as actor ids with the tokens that named them."""

    entry: Entry
    trigger: Token
    anchor: Token  # the verb whose clause holds the event (the trigger, or its light verb)
    kind: str
    mode: str | None
    actor: list[str]
    recipient: list[str]
    tokens: list[Token] = field(default_factory=list)
    rule: str = ""


class _Coder:
    def __init__(self, doc: Doc, doc_id: str, mentions: list[Mention], actors: Iterable[Actor], times: list[Time],
                 quotes: list[Quote], published: str | None):
        self.doc, self.doc_id, self.published = doc, doc_id, published
        self.t: Tables = tables()
        self.w = self.t.coder  # plover_coder word classes
        self.text = doc.text
        self.actors = {a.id: a for a in actors}
        self.quotes = quotes
        self.sentences = SentenceIndex(doc)
        self.times = sorted((t for t in times if t.type in ("DATE", "TIME")), key=lambda t: t.start)
        self.mention_at = self._index(m for m in mentions if m.actor)
        self.groups_at: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.actor and m.label == "GROUP" and (last := self.doc.char_span(m.start, m.end, alignment_mode="expand")):
                self.groups_at.setdefault(last[-1].i, []).append(m)
        self.people = sorted((m.start, m.actor) for m in mentions if m.actor and m.actor.startswith("person:"))
        self.consumed: set[int] = set()
        self._words_of: dict[int, frozenset[str]] = {}

    # -- token → actor ------------------------------------------------------------------

    def _index(self, mentions: Iterable[Mention]) -> dict[int, Mention]:
        """Each token to the longest mention covering it (a group "North Korean troops" over its country)."""
        starts = [t.idx for t in self.doc]
        out: dict[int, Mention] = {}
        # of two mentions on the same words the sector group wins ("Kenyans": the people, not the state)
        for m in sorted(mentions, key=lambda m: (m.end - m.start, m.label == "SECTOR")):
            first = bisect.bisect_right(starts, m.start) - 1
            for i in range(max(first, 0), len(starts)):
                if starts[i] >= m.end:
                    break
                if starts[i] + len(self.doc[i]) > m.start:
                    out[i] = m
        return out

    def named(self, head: Token, depth: int = 0) -> list[tuple[str, Token]]:
        """Actors a noun phrase names: its own mention, else a possessor or modifier, else "of"/"from" X;
        coordinated phrases add theirs. Pronouns resolve as the module docstring says."""
        found: list[tuple[str, Token]] = []
        mention = self.mention_at.get(head.i)
        if mention is not None and mention.actor:
            found.append((mention.actor, head))
            # "Indian and Chinese troops": one group mention per coordinated country, all ending here
            found += [(m.actor, head) for m in self.groups_at.get(head.i, ()) if m.end == mention.end and m.actor]
            if mention.label in GROUPS:  # "ministers of the United States, Canada and France"
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                        found += [f for obj in child.children if obj.dep_ == "pobj" for c in obj.conjuncts
                                  for f in self.named(c, depth + 1)]
        elif head.lower_ in ("which", "that", "who") and head.head.dep_ == "relcl":
            found += self.named(head.head.head, depth + 1)
        elif head.pos_ == "PRON":
            if (actor := self._pronoun(head)) is not None:
                found.append((actor, head))
        elif depth < 2 and head.pos_ in ("NOUN", "PROPN", "NUM", "ADJ"):
            for child in head.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < head.i:
                    found += [f for f in self.named(child, 2)]
            if not found:
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                        found += [f for obj in _objects_of(child) for f in self.named(obj, depth + 1)]
        for child in head.children:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
                found += self.named(child, depth)
        return _unique(found)

    def _pronoun(self, token: Token) -> str | None:
        lower = token.lower_
        if lower in self.w["person_pronouns"]:
            index = bisect.bisect_left(self.people, (token.idx, "")) - 1
            holding = [q for q in covering(self.quotes, token.idx) if q.speaker and q.speaker_end <= token.idx]
            if holding and (index < 0 or self.people[index][0] < holding[0].speaker_start):
                return holding[0].speaker  # "Kenya's opposition leader said he was willing to meet"
            return self.people[index][1] if index >= 0 and token.idx - self.people[index][0] < 600 else None
        if lower in self.w["group_pronouns"]:
            holding = [q for q in covering(self.quotes, token.idx) if q.speaker]
            return holding[0].speaker if holding else None
        return None

    def inside(self, head: Token, depth: int = 0) -> list[tuple[str, Token]]:
        """The actors an object that is no actor itself is about: "North Korea's methods", "the sending of
        North Korean troops", "cooperation between the DPRK and Russia"."""
        own = self.named(head)
        if own or depth > 2:
            return own
        for child in head.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "appos"):
                if found := self.named(child):
                    return found
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "between", "by", "from", "with", "against", "on", "to"):
                for obj in child.children:
                    # a generic group deep in an object is its topic ("condemned the arrest of three journalists")
                    if obj.dep_ == "pobj" and (found := [f for f in self.inside(obj, depth + 1) if not self._generic(f[1])]):
                        return found
        return []

    def _generic(self, token: Token) -> bool:
        mention = self.mention_at.get(token.i)
        return mention is not None and mention.label == "SECTOR"

    # -- the pass ------------------------------------------------------------------------

    def run(self) -> list[Event]:
        found = []
        for token in self.doc:
            if token.i in self.consumed:
                continue
            event = self.trigger(token)
            if event is not None:
                found.append(event)
        events = [e for f in found if f.trigger.i not in self.consumed and (e := self.finish(f)) is not None]
        return _deduplicate(events)

    def trigger(self, token: Token) -> _Found | None:
        if token.pos_ == "VERB" and token.dep_ in NOMINAL:
            candidates = self.t.nouns.get(token.lemma_.lower(), ())  # a noun tagged as a verb: "flew joint drills"
        elif (token.pos_ == "VERB" and token.dep_ != "amod") or _headline_verb(token):
            if self._purpose(token):
                return None
            candidates = self.t.verbs.get(token.lemma_.lower(), ())
        elif token.pos_ == "NOUN" and token.dep_ != "compound":  # "bombing victims" name no bombing of their own
            candidates = self.t.nouns.get(token.lemma_.lower(), ()) or self.t.nouns.get(_hyphenated(token), ())
        elif token.pos_ == "ADJ" and token.dep_ in ("acomp", "xcomp", "ccomp"):
            candidates = self.t.adjectives.get(token.lemma_.lower(), ())  # "was willing to meet"
        else:
            return None
        if not candidates:
            return None
        mention = self.mention_at.get(token.i)
        if mention is not None and mention.label not in (*GROUPS, "ROLE"):
            return None  # a word inside a name: "International Rescue Committee"
        for entry in candidates:
            if self.holds(entry, token):
                found = self.arguments(entry, token)
                if found is not None:
                    return found
        return None

    # -- conditions ----------------------------------------------------------------------

    def holds(self, entry: Entry, token: Token) -> bool:
        children = list(token.children)
        lowers = {c.lower_ for c in children}
        if entry.noun and (anchor := self._light_verb(token)) is not token:
            lowers |= {c.lower_ for c in anchor.children if c.dep_ == "prep"}  # "opened hearings into"
        if entry.with_ and not (entry.with_ & lowers):
            return False
        if entry.not_with & lowers:
            return False
        objects = self.object_words(token, entry.noun, entry.with_)
        if entry.obj and not (entry.obj & objects):
            return False
        if entry.not_obj & objects:
            return False
        if entry.noun:
            modifiers = {c.lemma_.lower() for c in children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")}
            modifiers |= {c.lower_ for c in children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")}
            if entry.compound and not (entry.compound & modifiers):
                return False
            if entry.not_compound & modifiers:
                return False
        if entry.subj and not ({c.lemma_.lower() for c in children if c.dep_ in SUBJECTS} & entry.subj):
            return False
        if entry.under and self._governor(token) not in entry.under:
            return False  # "joined the strike", "went on strike", not "launched a strike"
        if entry.not_near and self._sentence_words(token) & self.w[entry.not_near]:
            return False  # "beat France on penalties"
        return self.needs(entry, token, children)

    @staticmethod
    def _governor(noun: Token) -> str | None:
        """The lemma of the verb a noun is the object of, directly or through a preposition ("went on strike")."""
        if noun.dep_ in OBJECTS + ("nsubjpass",):
            return noun.head.lemma_.lower()
        if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
            return noun.head.head.lemma_.lower()
        return None

    def _sentence_words(self, token: Token) -> frozenset[str]:
        sentence = self.sentences.of(token)
        if sentence.start not in self._words_of:
            self._words_of[sentence.start] = frozenset(w for t in sentence for w in (t.lower_, t.lemma_.lower()))
        return self._words_of[sentence.start]

    def needs(self, entry: Entry, token: Token, children: list[Token]) -> bool:
        need = entry.needs
        if need is None:
            return True
        objects = [c for c in children if c.dep_ in OBJECTS]
        comp = _complement(token) is not None
        if need == "comp":
            return comp
        if need == "infinitive":  # "ready to sign", not "prepared for the storm"
            return any(c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ in ("VERB", "AUX") and any(t.lower_ == "to" for t in c.children)
                       for c in children)
        if need == "comp_or_for":
            return comp or any(c.lower_ == "for" for c in children)
        if need == "comp_or_obj":
            return comp or bool(objects)
        if need == "obj":
            return bool(objects) or any(c.dep_ == "nsubjpass" for c in children)
        if need == "obj_or_for":
            return bool(objects) or any(c.dep_ == "nsubjpass" for c in children) or any(c.lower_ == "for" for c in children)
        if need == "no_obj":
            return not objects
        if need == "actor_obj":
            return any(self.named(o) for o in objects) or any(self.named(c) for c in children if c.dep_ == "nsubjpass")
        if need == "ccomp":
            return any(c.dep_ == "ccomp" for c in children)
        if need == "access_comp":  # "let fuel trucks enter Gaza", "allowed inspectors back into"
            return any(c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() in self.w["movement_verbs"] for c in children)
        if need == "movement_from":  # "barred a delegation from entering the country"
            return any(g.lemma_.lower() in self.w["movement_verbs"] for p in children if p.lower_ == "from"
                       for g in p.children if g.dep_ == "pcomp")
        if need == "threat_comp":
            return any(self._threat(c) for c in children if c.dep_ == "ccomp")
        if need == "to_list":
            return any(o.lemma_.lower() in self.w["blacklists"] for p in children if p.lower_ == "to" for o in p.children)
        if need == "to_actor":
            return any(self.named(o) for p in children if p.dep_ == "prep" and p.lower_ in entry.to for o in p.children)
        if need == "streets":  # "took to the streets"
            return any(o.lemma_.lower() in self.w["streets"] for p in children if p.lower_ == "to" for o in p.children)
        if need == "custody":
            return any(o.lemma_.lower() in self.w["custody"] for p in children if p.lower_ == "into" for o in p.children)
        if need in ("from_org", "org_obj"):
            heads = [o for p in children if p.lower_ in ("from", "of") for o in p.children if o.dep_ == "pobj"] if need == "from_org" else objects
            return any(self._organisation(h) for h in heads)
        if need == "weapon_subj":
            words = self.t.modes["ASSAULT"]
            subjects = {c.lemma_.lower() for c in children if c.dep_ in SUBJECTS}
            return any(subjects & w for _, w in words)
        return True

    def _threat(self, clause: Token) -> bool:
        """A warning's content that is a threat: the speaker's own forces will act ("troops had been authorised
        to shoot"), or someone could face a penalty ("anyone joining could face arrest")."""
        words = {t.lemma_.lower() for t in clause.subtree} | {t.lower_ for t in clause.subtree}
        subjects = {t.lemma_.lower() for t in clause.subtree if t.dep_ in ("nsubj", "nsubjpass")}
        if "face" in words and words & self.w["penalties"]:
            return True
        hostile = frozenset().union(*(v for _, v in self.t.complements["threaten"]))
        return bool(subjects & self.w["own_forces"]) and bool(words & hostile)

    def _organisation(self, head: Token) -> bool:
        if head.lemma_.lower() in self.w["organisation_heads"]:
            return True
        return any((a := self.actors.get(actor)) is not None and a.type == "organization" for actor, _ in self.named(head))

    def object_words(self, token: Token, noun: bool, particles: frozenset[str] = frozenset()) -> set[str]:
        """Lemmas of what the trigger acts on: direct objects (and their conjuncts), a passive subject, the
        object of a particle parsed as a preposition ("flew in surgeons"); for a noun its modifiers and "of"
        object ("transfer of ammunition", "weapons supply")."""
        heads: list[Token] = []
        for child in token.children:
            if child.dep_ in OBJECTS or (child.dep_ == "nsubjpass" and not noun):
                heads.append(child)
            elif child.dep_ == "prep" and (noun and child.lower_ == "of" or child.lower_ in ("into",)
                                           or not noun and child.lower_ in particles and child.i == token.i + 1):
                heads += [c for c in child.children if c.dep_ == "pobj"]
            elif noun and child.dep_ in ("compound", "amod"):
                heads.append(child)
        heads += [c for h in heads for c in h.conjuncts]
        if not noun:  # "lifted the state of emergency", "sent a team of doctors"
            heads += [o for h in list(heads) if h.lemma_.lower() in self.w["of_heads"]
                      for p in h.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
        return {h.lemma_.lower() for h in heads} | {h.lower_ for h in heads}

    # -- arguments ----------------------------------------------------------------------------

    def arguments(self, entry: Entry, token: Token) -> _Found | None:
        anchor = self._light_verb(token) if entry.noun else token
        actor = self.noun_actor(token, entry, anchor) if entry.noun else self.verb_actor(token)
        recipient = self.recipient(token, entry)
        kind, mode, rule = entry.type, entry.mode, entry.rule
        if entry.roles == "two_sided" and anchor is not token and anchor.lemma_.lower() in self.w["visit_verbs"]:
            mode = mode or "visit"  # "flew to the Caucasus for talks with Gorbachev": the visitor acts
        elif entry.roles == "two_sided":
            actor, recipient = _unique(actor + recipient), []
        elif entry.roles == "host":
            actor, recipient = recipient, actor
        if not actor and entry.passive == "actor":  # "thousands of troops were deployed in Washington"
            actor = [f for c in token.children if c.dep_ == "nsubjpass" for f in self.named(c)]
        actor = [(a, t) for a, t in actor if not self._place(a)]  # places do not act ("a clinic that killed")
        actor_ids = [a for a, _ in actor]
        # a generic group may meet another of its kind ("a mob beat two men": both Indian civilians)
        actor_tokens = {t.i for _, t in actor}
        recipient_ids = list(dict.fromkeys(r for r, t in recipient if r not in actor_ids or self._generic(t) and t.i not in actor_tokens))
        if not actor_ids or (entry.sectors and (self._sector(actor_ids[0]) or "").lower() not in entry.sectors):
            return None
        joint = len(actor_ids) > 1 or any(c.lower_ in self.w["joint_words"] for c in token.children) or any(
            g.lower_ in self.w["joint_words"] for c in token.children if c.dep_ == "compound" for g in c.children)
        if entry.needs == "joint" and not joint or entry.needs == "pair" and len(actor_ids) + len(recipient_ids) < 2:
            return None  # "fought the coronavirus" is no battle
        inner = _complement(token) if entry.comp else None
        if inner is None and entry.needs == "threat_comp":
            inner = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if inner is not None and self._is_trigger(inner):
            self.consumed.add(inner.i)
        if inner is not None and (changed := self.by_complement(entry, inner)) is not None:
            kind, mode, rule = changed[0], changed[1], f"{rule} {changed[2]}"
            if not recipient_ids:  # "agreed to write off Iraq's debt": Iraq
                recipient_ids = [r for r, _ in self._inner_recipient(inner, entry) if r not in actor_ids]
        elif entry.comp in ("request", "threaten") and not mode:
            mode = self.complement_mode(entry.comp, token, inner)
        if entry.comp in ("request", "threaten") and not recipient_ids and inner is not None:
            recipient_ids = [r for r, _ in self._inner_recipient(inner, entry) if r not in actor_ids]
        redirected, mode, rule = self.redirect(entry, kind, mode, rule, actor_ids, recipient_ids)
        if redirected is None:
            return None
        kind = redirected
        if entry.joint and joint:
            kind, mode, rule = entry.joint, None, f"{rule} joint"
        if entry.purpose and (purposed := self.by_purpose(entry, token)) is not None:
            kind, mode, rule = purposed[0], purposed[1], f"{rule} purpose"
        for obj in token.children:
            if obj.dep_ in OBJECTS and (nouns := self.t.nouns.get(obj.lemma_.lower())) and entry.obj:
                if any(n.type == kind for n in nouns) or obj.lemma_.lower() in entry.obj:
                    self.consumed.add(obj.i)  # "imposed sanctions", "carried out attacks": one event
        if not mode:
            mode = self.mode_from_words(kind, token, inner)
        tokens = [token, anchor] + [t for _, t in actor] + [t for _, t in recipient]
        return _Found(entry, token, anchor, kind, mode, actor_ids, recipient_ids, tokens, rule)

    def _purpose(self, verb: Token) -> bool:
        """"deploy troops to help Russia": an infinitive of purpose is part of the event it hangs on (one that
        codes: "took to Twitter to denounce" is the denunciation)."""
        if verb.dep_ not in ("advcl", "xcomp") or not any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children):
            return False
        head = verb.head
        table = self.t.verbs if head.pos_ == "VERB" else self.t.nouns
        holding = [e for e in table.get(head.lemma_.lower(), ()) if self.holds(e, head)]
        return bool(holding) and not holding[0].comp

    def _is_trigger(self, token: Token) -> bool:
        table = self.t.verbs if token.pos_ == "VERB" else self.t.nouns
        return token.lemma_.lower() in table

    def _place(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return actor is not None and actor.type == "location"

    def _sector(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id)
        return "STATE" if actor is not None and actor.type == "country" else (actor.sector if actor else None)

    def by_complement(self, entry: Entry, inner: Token) -> tuple[str, str | None, str] | None:
        """What the infinitive makes of a promise or a warning: a hostile act promised is a threat ("vowed to
        march on the capital"), a concession or retreat promised is a concession ("agreed to hand power to
        civilians"), a warning that one's own forces will act, or that anyone could face arrest, a threat."""
        if entry.type == "AGREE" and any(e.type == "AID" and e.lemma in self.w["done_when_agreed"] and self.holds(e, inner)
                                         for e in self._entries(inner)):
            return "AID", "economic", "forgiveness"  # manual, AID: debt forgiveness even when only agreed
        if entry.yielding and any(e.type in ("CONCEDE", "RETREAT") and self.holds(e, inner) for e in self._entries(inner)):
            return entry.yielding, None, "yielding"
        words = {t.lemma_.lower() for t in inner.subtree} | {t.lower_ for t in inner.subtree}
        conditional = bool(words & self.t.words["conditional"]) or any(
            c.dep_ == "advcl" and any(m.lower_ in self.t.words["conditional"] for m in c.children) for c in inner.head.children)
        if entry.needs == "threat_comp" or entry.hostile:
            for mode, vocabulary in self.t.complements["threaten"]:
                if words & vocabulary and (entry.needs == "threat_comp" or conditional or mode not in ("restrict", "relations")):
                    return (entry.hostile or entry.type), mode, "hostile" if entry.hostile else "threat"
        return None

    def _entries(self, token: Token) -> tuple[Entry, ...]:
        table = self.t.verbs if token.pos_ in ("VERB", "AUX") else self.t.nouns
        return table.get(token.lemma_.lower(), ())

    def by_purpose(self, entry: Entry, token: Token) -> tuple[str, str | None] | None:
        """Forces sent "to clear debris and distribute water" are aid: the infinitive of purpose decides."""
        for child in token.children:
            if child.dep_ in ("advcl", "xcomp") and child.pos_ == "VERB" and any(c.lower_ == "to" for c in child.children):
                words = {t.lemma_.lower() for t in child.subtree} | {t.lower_ for t in child.subtree}
                for family, value in entry.purpose:
                    if words & dict(self.t.modes["AID"]).get(family, frozenset()):
                        kind, _, mode = value.partition("/")
                        return kind, mode or None
        return None

    def redirect(self, entry: Entry, kind: str, mode: str | None, rule: str, actor: list[str],
                 recipient: list[str]) -> tuple[str | None, str | None, str]:
        """The entry's rules that change the type: by the actor's sector, a state receiving, a target."""
        first = self.actors.get(actor[0])
        sector = "STATE" if first is not None and first.type == "country" else (first.sector if first else None)
        for key, value in entry.by_sector:
            if key == sector:
                kind, _, new_mode = value.partition("/")
                return kind, new_mode or (mode if kind == entry.type else None), f"{rule} by_sector:{key}"
        if recipient and (to := dict(entry.to_sector).get(self._sector(recipient[0]) or "")) is not None:
            kind, _, new_mode = to.partition("/")
            return kind, new_mode or None, f"{rule} to_sector"
        if entry.to_state and len(recipient) == 1 and self._foreign_state(recipient[0], actor):
            kind, _, new_mode = entry.to_state.partition("/")
            return kind, new_mode or None, f"{rule} to_state"
        if entry.no_target:
            if recipient and entry.target:
                return entry.target, None, f"{rule} target"
            kind, _, new_mode = entry.no_target.partition("/")
            return kind, new_mode or None, f"{rule} no_target"
        return kind, mode, rule

    def _foreign_state(self, recipient: str, actor: list[str]) -> bool:
        receiving = self.actors.get(recipient)
        if receiving is None or receiving.type != "country":
            return False
        own = {a.country for i in actor if (a := self.actors.get(i)) is not None}
        return receiving.country not in own

    def verb_actor(self, verb: Token) -> list[tuple[str, Token]]:
        """The subject, the agent of a passive, or the subject of the verb this one is coordinated with
        or controlled by ("assured ... and called on", "agreed to provide"); "who" takes its noun."""
        node, hops, raised = verb, 0, False
        if any(c.dep_ == "nsubjpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children):
            return []  # "if Serbs there were attacked": a passive names its actor by "by", or not at all
        while hops < 4:
            for child in node.children:
                if child.dep_ in SUBJECTS or (raised and child.dep_ == "nsubjpass"):  # "X is expected to demand"
                    if child.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                        return self.named(node.head)
                    return self.named(child)
                if child.dep_ == "agent":
                    return [f for obj in child.children if obj.dep_ == "pobj" for f in self.inside(obj)]
            if node.dep_ == "relcl" and any(c.dep_ == "nsubjpass" for c in node.children) is False and node.head.pos_ in ("NOUN", "PROPN"):
                return []
            if node.dep_ == "acl" and node.head.dep_ in OBJECTS and node.head.head.pos_ == "VERB":
                node, hops = node.head.head, hops + 1  # "issued a statement condemning ..."
                continue
            if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.lower_ == "by":  # "continued ... by firing"
                node, hops = node.head.head, hops + 1
                continue
            if node.dep_ not in ("conj", "xcomp", "advcl", "acomp") or node.head.i == node.i:
                return []
            if node.dep_ == "advcl" and node.head.pos_ != "VERB":
                return []
            raised = node.dep_ == "xcomp"
            node, hops = node.head, hops + 1
        return []

    def noun_actor(self, noun: Token, entry: Entry, anchor: Token) -> list[tuple[str, Token]]:
        """A nominal event's actor: possessor, "by"/"from" X (or "of" X where the entry says so), a
        country modifier ("US sanctions"), "between X and Y", else the light verb's subject."""
        for child in noun.children:
            pronoun = child.pos_ == "PRON" or child.lower_ in self.w["possessive_pronouns"]
            if child.dep_ == "poss" and ((found := self.named(child)) or not pronoun):
                return found  # "its demand": the subject of the verb it hangs on, below
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ not in entry.to and (
                    child.lower_ in ("by", "from") or child.lower_ == "of" and entry.of == "actor" or child.lower_ == "between"):
                found = [f for obj in child.children if obj.dep_ == "pobj" for f in self.named(obj)]
                if found:
                    return found
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod") and (found := self.named(child, 2)):
                return found
        if anchor is not noun:
            return self.verb_actor(anchor)
        owners = [noun] + [c for c in noun.children if c.dep_ == "compound"]  # "their joint fighter drills"
        owners += [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children] if entry.of == "actor" else []
        if any(c.dep_ == "poss" and c.lower_ in self.w["possessive_pronouns"] for o in owners for c in o.children):
            verb = _clause_verb(noun)  # "Greece renewed its demand", "completed the withdrawal of its peacekeepers"
            return self.verb_actor(verb) if verb is not None else []
        return []

    def _light_verb(self, noun: Token) -> Token:
        head = noun.head
        if noun.dep_ in OBJECTS and head.pos_ == "VERB" and head.lemma_.lower() in self.t.light_verbs:
            return head
        if noun.dep_ == "pobj" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in ("go", "take") and head.lower_ == "on":
            return head.head  # "went on strike"
        if noun.dep_ == "pobj" and head.lower_ in ("for", "to") and head.head.pos_ == "VERB" \
                and head.head.lemma_.lower() in self.w["travel_verbs"]:
            return head.head  # "gathered in Addis Ababa for a summit", "flew to the Caucasus for talks"
        if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in self.t.light_verbs:
            return head.head  # "paid billions of marks in reparations", "imposed $2 billion in tariffs"
        return noun

    def recipient(self, token: Token, entry: Entry) -> list[tuple[str, Token]]:
        found: list[tuple[str, Token]] = []
        preps = set(entry.to) | ({"of"} if entry.noun and entry.of != "actor" else set())
        children = list(token.children)
        if entry.noun and (anchor := self._light_verb(token)) is not token:
            children += [c for c in anchor.children if c.dep_ == "prep" and c.lower_ in entry.to]  # "opened an inquiry into"
        for child in list(children):
            if child.dep_ in OBJECTS and not entry.noun and self._theme(entry, child):
                children += [p for p in child.children if p.dep_ == "prep" and p.lower_ in entry.to]  # "troops near X's border"
        for child in children:
            if child.dep_ in OBJECTS and not entry.noun and self._theme(entry, child):
                continue  # "sent troops to Vietnam": the troops are what is sent
            if child.dep_ in OBJECTS and not entry.noun:
                found += self._proposer(child) if child.lemma_.lower() in self.w["proposal_heads"] else self.inside(child)
            elif child.dep_ == "nsubjpass" and not entry.noun:
                found += self.named(child)
            elif child.dep_ in ("prep", "dative", "prt") and child.lower_ in preps:
                found += [f for obj in child.children if obj.dep_ == "pobj" for f in self.inside(obj)]
            elif child.dep_ in ("prep", "prt", "advmod") and child.lower_ in ("out", "away", "back"):
                # "pulling out of Kosovo", "moved away from the border"
                found += [f for p in child.children if p.dep_ == "prep" and p.lower_ in preps
                          for obj in p.children if obj.dep_ == "pobj" for f in self.inside(obj)]
            elif child.dep_ == "dative":
                found += self.named(child)
            elif child.dep_ in ("ccomp", "xcomp") and entry.needs == "access_comp":  # "allowed IAEA inspectors back"
                found += [f for s in child.children if s.dep_ in ("nsubj", "nsubjpass") for f in self.named(s)]
        if not found and not entry.noun and entry.type in ("SANCTION", "ACCUSE"):
            heads = [token] + [o for o in token.children if o.dep_ in OBJECTS]
            heads += [c for h in heads[1:] for c in h.conjuncts]
            for child in (c for h in heads for c in h.children):  # "designated 11 entities for enabling the DPRK"
                if child.dep_ == "prep" and child.lower_ in ("for", "over"):
                    for obj in child.children:
                        found += self._clause_actors(obj)
        return _unique(found)

    def _theme(self, entry: Entry, obj: Token) -> bool:
        """Forces mobilised, aid given and what is shared or handed over are what the event moves, not whom it
        is done to."""
        if entry.theme or entry.type == "MOBILIZE":
            return True
        return entry.type in ("AID", "COOPERATE") and bool(entry.obj) and obj.lemma_.lower() in entry.obj

    def _inner_recipient(self, inner: Token, entry: Entry) -> list[tuple[str, Token]]:
        """Whom a request or refusal is about, from its infinitive read as the event it names ("refused to hand
        over bin Laden to the United States": the United States; "demanded that the coup leaders return": they)."""
        own = next((e for e in self._entries(inner) if self.holds(e, inner)), None)
        found = self.recipient(inner, own or entry)
        if entry.comp == "request" and inner.dep_ == "ccomp":
            found = [f for c in inner.children if c.dep_ == "nsubj" for f in self.named(c)] + found
        return found

    def _proposer(self, head: Token) -> list[tuple[str, Token]]:
        """The recipient in a proposal one acts on: its possessor or party ("blocked the EU's package", "approved
        the agreement with the United States"), not its author or topic ("the Egyptian truce proposal")."""
        found = [f for c in head.children if c.dep_ == "poss" for f in self.named(c)]
        return found or [f for p in head.children if p.dep_ == "prep" and p.lower_ in ("with", "between")
                         for o in p.children if o.dep_ == "pobj" for f in self.inside(o)]

    def _clause_actors(self, head: Token) -> list[tuple[str, Token]]:
        if head.pos_ == "VERB":
            return [f for c in head.children if c.dep_ in OBJECTS for f in self.inside(c)]
        return self.inside(head)

    # -- modes --------------------------------------------------------------------------------

    def complement_mode(self, family: str, token: Token, inner: Token | None) -> str | None:
        words = self._around(inner) if inner is not None else set()
        words |= {o.lemma_.lower() for p in token.children if p.lower_ == "for" for o in p.children}
        for mode, vocabulary in self.t.complements.get(family, ()):
            if words & vocabulary:
                return mode
        return None

    def mode_from_words(self, kind: str, token: Token, inner: Token | None) -> str | None:
        words = self._around(token) | (self._around(inner) if inner is not None else set())
        for mode, vocabulary in self.t.modes.get(kind, ()):
            if words & vocabulary:
                return mode
        return None

    @staticmethod
    def _around(token: Token) -> set[str]:
        """The trigger and what it acts on or with: objects, modifiers, instruments, and their compounds."""
        near = [token]
        for child in token.children:
            if child.dep_ in OBJECTS + ("nsubj", "nsubjpass", "compound", "amod", "nmod", "prt", "npadvmod", "acomp"):
                near.append(child)
            elif child.dep_ in ("prep", "agent") and child.lower_ in ("with", "by", "of", "using", "in", "for"):
                near += [c for c in child.children if c.dep_ == "pobj"]
        near += [g for c in near[1:] for g in c.children if g.dep_ in ("compound", "amod", "conj")]
        return {t.lemma_.lower() for t in near} | {t.lower_ for t in near}

    # -- what the text says about it ----------------------------------------------------------

    def finish(self, found: _Found) -> Event | None:
        trigger, anchor = found.trigger, found.anchor
        sentence = self.sentences.of(trigger)
        kind, mode, rule = found.kind, found.mode, found.rule
        if self._future(anchor):
            if found.entry.future:
                kind, mode, rule = found.entry.future, None, f"{rule} future"
            elif kind.lower() in self.w["future_agree"]:
                kind, mode, rule = "AGREE", None, f"{rule} future"
        factuality, quote = self.factuality(found, kind)
        if factuality == "asserted" and self._future(anchor) and kind not in ("AGREE", "CONCEDE"):
            factuality = "possible"
        coercive = kind in self.t.threat_of or kind == "AID" and mode == "military"  # troops sent into another state
        if coercive and factuality == "possible" and quote is not None and self._conditional(anchor) \
                and self._own_side(quote.speaker, found.actor):
            # "Serbia's president said Belgrade could send troops into Kosovo if ...": one's own conditional force
            mode = self.t.threat_of.get(kind, "violence")
            kind, rule, factuality, quote = "THREATEN", f"{rule} own-conditional", "asserted", None
        date, precision, basis = self.date(anchor, trigger, sentence, quote)
        location = self.location(trigger, anchor, found)
        if kind == "CONSULT" and mode is None and self._elsewhere(location, found.actor + found.recipient):
            mode = "third-party"  # "Taliban envoys met U.S. officials in Doha"
        spans = [(t.idx, t.idx + len(t)) for t in found.tokens]
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        return Event(
            id=hashlib.sha256(f"{self.doc_id}:{trigger.idx}:{kind}".encode()).hexdigest()[:16],
            doc_id=self.doc_id, start=start, end=end, sentence=sentence.text, type=kind, mode=mode,
            actor=COMPOUND.join(found.actor), recipient=COMPOUND.join(found.recipient) or None,
            location=location, date=date, date_precision=precision,
            factuality=factuality, claimed_by=quote.speaker if quote else None, cameo=cameo_root(kind, mode),
            cluster=None, date_basis=basis, rule=rule,
        )

    def _conditional(self, anchor: Token) -> bool:
        """A condition hangs on the event's clause ("... if Serbs there were attacked")."""
        return any(c.dep_ == "advcl" and any(m.lower_ in self.t.words["conditional"] for m in c.children)
                   for c in anchor.children)

    def _own_side(self, speaker: str | None, actor: list[str]) -> bool:
        """The speaker speaks for the actor: the same actor, or of the same country."""
        if speaker is None:
            return False
        said_by = self.actors.get(speaker)
        countries = {a.country for i in actor if (a := self.actors.get(i)) is not None and a.country}
        return speaker in actor or (said_by is not None and said_by.country is not None and said_by.country in countries)

    def _elsewhere(self, location: str | None, members: list[str]) -> bool:
        """A meeting in a country none of its participants is from (PLOVER CONSULT 'third-party')."""
        place = self.actors.get(location or "")
        countries = {a.country for m in members if (a := self.actors.get(m)) is not None and a.country}
        return place is not None and place.country is not None and bool(countries) and place.country not in countries

    def _modifiers(self, token: Token) -> Iterator[Token]:
        """Words that qualify the trigger's clause: its own auxiliaries, negations and adverbs, and those of
        the verbs it is the infinitive of ("could start to deploy")."""
        node, hops = token, 0
        while True:
            yield from (c for c in node.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "det", "mark", "amod", "preconj"))
            if node.dep_ != "xcomp" or hops > 3 or node.head.i == node.i:
                return
            node, hops = node.head, hops + 1
            yield node

    def _future(self, anchor: Token) -> bool:
        words = self.t.words
        for word in self._modifiers(anchor):
            if word.lower_ in words["future_aux"] or (word.lemma_.lower() in words["future_verbs"] and word.i != anchor.i):
                return True
        return self._reported_future(anchor)

    def _reported_future(self, anchor: Token) -> bool:
        """"The Treasury announced it would ease sanctions": "would" in what an announcement reports is its future."""
        return (anchor.dep_ == "ccomp" and anchor.head.lemma_.lower() in self.w["announcing_verbs"]
                and any(c.lower_ == "would" for c in anchor.children if c.dep_ == "aux"))

    def factuality(self, found: _Found, kind: str) -> tuple[str, Quote | None]:
        trigger, anchor = found.trigger, found.anchor
        words = self.t.words
        quote = attribution_at(self.quotes, self.doc, self.sentences, trigger.idx, trigger.idx + len(trigger))
        holding = covering(self.quotes, trigger.idx)
        near = list(self._modifiers(anchor)) + (list(self._modifiers(trigger)) if trigger is not anchor else [])
        lowers = {t.lower_ for t in near} | {t.lemma_.lower() for t in near}
        if lowers & words["negation"] or lowers & words["failure"] or any(q.cue in self.w["negating_cues"] for q in holding[:1]):
            return "negated", quote
        if self._reported_future(anchor):
            lowers -= {"would"}  # an announced future is no speculation
        if lowers & words["possible"] or lowers & words["conditional"]:
            return "possible", quote
        if quote is not None or holding or lowers & self.w["hearsay"]:
            return "reported", quote
        return "asserted", None

    def date(self, anchor: Token, trigger: Token, sentence: Span, quote: Quote | None) -> tuple[str | None, str | None, str | None]:
        for time in self.times:
            if time.start < sentence.start_char:
                continue
            if time.start >= sentence.end_char:
                break
            if (precision := _precision(time.value)) and self._governs(time, {anchor.i, trigger.i}):
                return time.value[:10], precision, "expression"
        if quote is not None and quote.stated_on and (precision := _precision(quote.stated_on)):
            return quote.stated_on[:10], precision, "stated"
        if self.published and (precision := _precision(self.published)):
            return self.published[:10], precision, "published"
        return None, None, None

    def _governs(self, time: Time, anchors: set[int]) -> bool:
        """The time's phrase hangs on the event's clause before it reaches another verb."""
        span = self.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        node, hops = span.root, 0
        while hops < 8:
            if node.i in anchors:
                return True
            if node.pos_ in ("VERB", "AUX") and node.i not in anchors and hops:
                return False
            if node.head.i == node.i:
                return False
            node, hops = node.head, hops + 1
        return False

    def location(self, trigger: Token, anchor: Token, found: _Found) -> str | None:
        taken = set(found.actor) | set(found.recipient)
        for head in dict.fromkeys((trigger, anchor)):
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in self.w["locatives"]:
                    continue
                places = [a for obj in prep.children if obj.dep_ == "pobj" for a, _ in self.inside(obj)
                          if (actor := self.actors.get(a)) is not None and actor.type in ("location", "country") and a not in taken]
                if places:
                    return min(places, key=lambda a: self.actors[a].type != "location")
        return None


def _hyphenated(token: Token) -> str:
    """The word a hyphen split: "sit-in" from "sit", "-", "in"."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ and not doc[token.i - 2].whitespace_:
        return f"{doc[token.i - 2].lower_}-{token.lower_}"
    return ""


def _objects_of(prep: Token) -> list[Token]:
    """The objects of a preposition: its pobj, or the object of a gerund after it ("representatives of
    striking doctors" parsed as "of striking (doctors)")."""
    out = []
    for child in prep.children:
        if child.dep_ == "pobj":
            out.append(child)
        elif child.dep_ == "pcomp":
            out += [c for c in child.children if c.dep_ in OBJECTS]
    return out


def _clause_verb(noun: Token) -> Token | None:
    """The verb a noun phrase hangs on, through objects and prepositions ("completed the withdrawal of ...")."""
    node = noun
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _headline_verb(token: Token) -> bool:
    """Headlines drop articles and the tagger reads "South Korea and EU condemn ..." as a noun."""
    return token.pos_ == "NOUN" and token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children)


def _complement(token: Token) -> Token | None:
    """The infinitive a trigger governs ("refused to release", "called on X to observe", "the call to end")."""
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX") and any(c.lower_ == "to" for c in child.children):
            return child
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            return child
        if child.dep_ in ("acl", "advcl") and child.pos_ == "VERB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children):
            return child
        if child.dep_ == "prep" and child.lower_ in ("for", "on") :
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                    return obj
    return None


def _precision(value: str | None) -> str | None:
    if not value or not value[:4].isdigit():
        return None
    if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[8:10].isdigit():
        return "day"
    if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
        return "month"
    return "year" if len(value) == 4 else None


def _unique(found: list[tuple[str, Token]]) -> list[tuple[str, Token]]:
    seen: set[str] = set()
    out = []
    for actor, token in found:
        if actor not in seen:
            seen.add(actor)
            out.append((actor, token))
    return out


def _deduplicate(events: list[Event]) -> list[Event]:
    """One event per type, actor and recipient within a sentence: "condemned ... and condemned" is one."""
    seen: set[tuple[str, str, str, str | None, str]] = set()
    out = []
    for event in events:
        key = (event.sentence, event.type, event.actor, event.recipient, event.factuality)
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out


def code_events(doc: Doc, doc_id: str, mentions: list[Mention], actors: Iterable[Actor], times: list[Time],
                quotes: list[Quote], published: str | None, source: str | None = None) -> list[Event]:
    """Every PLOVER event in a parsed document; pure given its inputs. ``source`` (the outlet) is the
    implicit claimant of asserted events and is not repeated on them."""
    return _Coder(doc, doc_id, list(mentions), actors, list(times), list(quotes), published).run()
