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
  One person named only by who they are who attacks someone ("a man stabbed ...", "were stabbed by a
  man", "a 17-year-old attacked ...") is a criminal (CRM) of the sentence's one country; a crowd or a
  mob that does it stays civilians. A personal pronoun subject nothing before it names is UNK.
  No actor named in the text, no event — except an agentless passive of an arrest, a charge, a
  sentence, a release or an attack ("was arrested on Tuesday", "has been charged", "was shot
  dead"), whose actor is PLOVER's UNK (``events.model.UNNAMED``, an actor record the event stage
  adds), unless a hazard or an accident is in the sentence or the verb only says what befell
  someone ("were killed", "were injured": ``unnamed_not``); and a weapon or an attack as the
  subject of harm ("a car bomb killed 12", "shelling wounded three": ``weapon_subjects``, not
  with an accident's modifier, "a gas explosion").
* **recipient** — the object, the object of the entry's prepositions ("fired at", "sanctions
  on"), or the first actor inside an object that is not one ("condemned North Korea's methods");
  not what the event moves (troops sent, aid given, suspects handed over), not the author of a
  proposal acted on ("rejected the Egyptian proposal"), not a generic group deep inside an
  object ("condemned the arrest of three journalists"). A request's or refusal's infinitive
  gives its recipient as the event it names would ("refused to hand over X to the United States").
  People named only as people ("two men", "a man", ``suspect_nouns``) who are arrested, charged or
  convicted are suspects (PLOVER CRM "individual criminals") of the country the sentence places
  them in — an id like ``CAN-CRM`` the event stage stores as an implied group (``events.model.implied``).
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
  claims use): inside an attribution the event is *reported* and claimed by its speaker, unless the
  speaker is its one actor and the event a statement (a promise, demand, refusal, threat or
  accusation: ``self_stated_types``), which is then *asserted*; a
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

The words these rules read (pronouns, locatives, cues, sport) are ``plover_coder.yaml``; how
arguments are read is ``arguments``, which constructions an entry asks for ``conditions``.

Refused: events whose actor is only implied ("30 soldiers were killed" names no killer),
regional constructs that are no actor, events named only as a modifier ("bombing victims"),
sport ("beat France on penalties"), and pronouns other than he/she (the nearest person before,
or the speaker of the attribution holding them) and they/we inside an attribution (its speaker).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..claims.quotes import Quote, SentenceIndex, attribution_at, covering, stance_cues
from ..model import Actor, Mention, Time
from ..annotate.sectors import setting
from ..text.docs import doc_text
from .arguments import GROUPS, OBJECTS, _lemmas, _set_off_participle, _unique
from .conditions import Conditions, _complement
from .model import COMPOUND, UNNAMED, Event, implied
from .triggers import Entry, Tables, cameo_root, tables

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


class _Coder(Conditions):
    def __init__(self, doc: Doc, doc_id: str, mentions: list[Mention], actors: Iterable[Actor], times: list[Time],
                 quotes: list[Quote], published: str | None):
        self.doc, self.doc_id, self.published = doc, doc_id, published
        self.t: Tables = tables()
        self.w = self.t.coder  # plover_coder word classes
        self.text = doc_text(doc)
        self.actors = {a.id: a for a in actors}
        self.quotes = [q for q in quotes if not self._describes(q)]
        self.sentences = SentenceIndex(doc)
        self.times = sorted((t for t in times if t.type in ("DATE", "TIME")), key=lambda t: t.start)
        self.mention_at = self._index(m for m in mentions if m.actor)
        self.groups_at: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.actor and m.label == "GROUP" and (last := self.doc.char_span(m.start, m.end, alignment_mode="expand")):
                self.groups_at.setdefault(last[-1].i, []).append(m)
        # who "he" or "she" can stand for: people named, and one person a group mention names ("a man")
        self.people = sorted((m.start, m.actor) for m in mentions if m.actor and (
            m.actor.startswith("person:") or m.label in GROUPS and self._one_person(m)))
        self.genders = self._genders(mentions)
        self.consumed: set[int] = set()
        self._words_of: dict[int, frozenset[str]] = {}
        self._set_in: str | None | bool = False

    def _genders(self, mentions: list[Mention]) -> dict[str, str]:
        """The people the document names with an honorific ("Mrs. Clinton", "Mr. Trump"): male or female,
        for "he" and "she" to pass over the other; a person named with both is neither."""
        found: dict[str, set[str]] = {}
        honorifics = {w: g for g in ("male", "female") for w in self.w[f"{g}_honorifics"]}
        for m in mentions:
            if m.actor and m.actor.startswith("person:"):
                before = self.text[max(0, m.start - 6):m.start].split()
                if before and (gender := honorifics.get(before[-1].lower())) is not None:
                    found.setdefault(m.actor, set()).add(gender)
        return {actor: next(iter(g)) for actor, g in found.items() if len(g) == 1}

    def _one_person(self, mention: Mention) -> bool:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and span.root.tag_ == "NN" and span.root.lemma_.lower() in self.w["suspect_nouns"]

    def _describes(self, quote: Quote) -> bool:
        """"journalists who report on army losses": a reporting verb in a relative clause on the words before it
        describes them; it attributes nothing in the clause around it."""
        speaker = self.doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
        return speaker is not None and quote.end <= quote.speaker_start and any(
            t.head.dep_ == "relcl" and t.head.lemma_.lower() == quote.cue and t.lower_ in ("who", "that", "which")
            and t.head.head.i + 1 == t.i for t in speaker)

    # -- token → actor ------------------------------------------------------------------

    # -- the pass ------------------------------------------------------------------------

    def run(self) -> list[Event]:
        found = []
        for token in self.doc:
            if token.i in self.consumed:
                continue
            event = self.trigger(token)
            if event is not None:
                found.append(event)
        events = []
        for f in found:
            if f.trigger.i not in self.consumed and (e := self.finish(f)) is not None:
                events.append(e)
                if e.type == "SANCTION" and e.mode == "convict" and self._imprisons(f.trigger):
                    # manual, SANCTION: a conviction that results in imprisonment is also COERCE 'arrest'
                    events.append(dataclasses.replace(
                        e, id=hashlib.sha256(f"{e.id}:prison".encode()).hexdigest()[:16], type="COERCE", mode="arrest",
                        cameo=cameo_root("COERCE", "arrest"), rule=f"{e.rule} prison"))
        return _deduplicate(events)

    def _imprisons(self, trigger: Token) -> bool:
        """A sentence to a prison term ("sentenced her to 24 years in prison", "jailed for life")."""
        return any(t.lemma_.lower() in self.w["prison_terms"] for t in trigger.subtree)

    def trigger(self, token: Token) -> _Found | None:
        if token.pos_ == "VERB" and token.dep_ in NOMINAL:
            # a noun tagged as a verb: "flew joint drills"; a gerund as a noun: "Fighting between X and Y killed"
            candidates = self.t.nouns.get(token.lemma_.lower(), ()) or self.t.nouns.get(token.lower_, ())
        elif (token.pos_ == "VERB" and token.dep_ != "amod") or _headline_verb(token):
            if self._purpose(token):
                return None
            # "raped" lemmatised as "rap", "staged" as "stag": the form less its "d" too
            candidates = next((c for lemma in sorted(_lemmas(token), key=lambda x: x != token.lemma_.lower())
                               if (c := self.t.verbs.get(lemma, ()))), ())
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

    # -- arguments ----------------------------------------------------------------------------

    def arguments(self, entry: Entry, token: Token) -> _Found | None:
        anchor = self._light_verb(token) if entry.noun else token
        actor = self.noun_actor(token, entry, anchor) if entry.noun else self.verb_actor(token)
        recipient = self.recipient(token, entry)
        kind, mode, rule = entry.type, entry.mode, entry.rule
        if entry.roles == "two_sided" and (anchor is not token and anchor.lemma_.lower() in self.w["visit_verbs"]
                                           or self._visit_purpose(token)):
            mode = mode or "visit"  # "flew to the Caucasus for talks with Gorbachev", "flew to Ankara to meet": the visitor acts
        elif entry.roles == "two_sided":
            actor, recipient = _unique(actor + recipient), []
        elif entry.roles == "host":
            actor, recipient = recipient, actor
        elif entry.roles == "undergoer":  # "LaRue served 4 months in prison": done to the subject by someone unnamed
            actor, recipient = [(UNNAMED, token)], actor
        if not actor and entry.passive == "actor":  # "thousands of troops were deployed in Washington"
            actor = [f for c in token.children if c.dep_ == "nsubjpass" for f in self.named(c)]
        actor, recipient = self._implied_arguments(entry, token, actor, recipient)
        if len(actor) > 1 and any(a == UNNAMED for a, _ in actor):
            actor = [(a, t) for a, t in actor if a != UNNAMED]  # "He and Yasser Arafat meet ...": the one named
        # places do not act ("a clinic that killed"), nor do diseases and natural forces ("malaria killed")
        actor = [(a, t) for a, t in actor if not self._place(a) and not self._hazard(a, t)]
        if entry.type == "ASSAULT" and entry.lemma in self.w["unnamed_not"] and any(
                t.lemma_.lower() in self.w["accident_agents"] for _, t in actor):
            return None  # "was struck and killed by a motorist": a road death, no attack
        if not actor and entry.type == "ASSAULT" and not entry.noun and (lone := self._lone_assailant(token)) is not None:
            actor = [lone]  # "a 17-year-old attacked children", "were stabbed by a man": a criminal
        actor_ids = [a for a, _ in actor]
        # a generic group may meet another of its kind ("a mob beat two men": both Indian civilians)
        actor_tokens = {t.i for _, t in actor}
        recipient_ids = list(dict.fromkeys(r for r, t in recipient if (r not in actor_ids or self._generic(t) and t.i not in actor_tokens)
                                           and not self._nowhere(r) and not (entry.type == "MOBILIZE" and self._place(r))))
        if not actor_ids or (entry.sectors and (self._sector(actor_ids[0]) or "").lower() not in entry.sectors):
            if entry.comp == "request" and not entry.noun:
                # what is demanded or refused did not happen by being named, whoever the text has ask for it:
                # "Sanders demands Pelosi resign" is no resignation when "Sanders" names no actor
                held = _complement(token) or next((c for c in token.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
                if held is not None and self._is_trigger(held):
                    self.consumed.add(held.i)
            return None
        joint = len(actor_ids) > 1 or any(c.lower_ in self.w["joint_words"] for c in token.children) or any(
            g.lower_ in self.w["joint_words"] for c in token.children if c.dep_ == "compound" for g in c.children)
        if entry.needs == "joint" and not joint or entry.needs == "pair" and len(actor_ids) + len(recipient_ids) < 2:
            return None  # "fought the coronavirus" is no battle
        inner = _complement(token) if entry.comp else None
        if inner is None and entry.comp == "request" and not entry.noun:  # "insisted that the government honour the deal"
            inner = next((c for c in token.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if inner is None and entry.needs == "threat_comp":
            inner = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if inner is not None and self._is_trigger(inner):
            self.consumed.add(inner.i)
        changed = self.by_complement(entry, inner) if inner is not None else None
        if changed is not None and changed[2] == "yielding" and len(actor_ids) > 1:
            changed = None  # "Colombia and Venezuela agreed to reopen their border": a mutual undertaking, no concession
        if inner is not None and changed is not None:
            kind, mode, rule = changed[0], changed[1], f"{rule} {changed[2]}"
            if not recipient_ids:  # "agreed to write off Iraq's debt": Iraq; not "an elected civilian government"
                recipient_ids = [r for r, t in self._inner_recipient(inner, entry) if r not in actor_ids
                                 and not (self._generic(t) and self._country_of(r) is None)]
        elif entry.comp in ("request", "threaten") and not mode:
            mode = self.complement_mode(entry.comp, token, inner)
        if entry.comp in ("request", "threaten") and not recipient_ids and inner is not None:
            recipient_ids = [r for r, _ in self._inner_recipient(inner, entry) if r not in actor_ids]
        if entry.type == "REQUEST" and not recipient_ids:
            recipient_ids = [r for r in self._asked_of(token) + self._asked_for(token) if r not in actor_ids]
        elif kind == "AGREE" and not recipient_ids and inner is not None:
            recipient_ids = [r for r in self._promised_to(inner) if r not in actor_ids]
        recipient_ids = [r for r in recipient_ids if not self._nowhere(r)]  # "threatened to close the Strait of Hormuz"
        if any(not self._place(r) for r in recipient_ids):
            # "shot three people at a Detroit office building": where it befell them is no recipient of its own
            recipient_ids = [r for r in recipient_ids if not self._place(r)]
        at_border = any(self._at_border(t) for r, t in recipient if r in recipient_ids)
        redirected, mode, rule = self.redirect(entry, kind, mode, rule, actor_ids, recipient_ids, at_border)
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
        if f"{kind}/{mode}".lower() in self.w["suspect_events"]:
            recipient_ids = self._suspects(token, recipient, recipient_ids)
        if kind == "ASSAULT":
            actor_ids = self._assailants(actor, actor_ids)
        tokens = [token, anchor] + [t for _, t in actor] + [t for _, t in recipient]
        return _Found(entry, token, anchor, kind, mode, actor_ids, recipient_ids, tokens, rule)

    def _visit_purpose(self, verb: Token) -> bool:
        """"flew to Buenos Aires to meet his counterpart": a meeting that is the purpose of a journey."""
        return (verb.pos_ == "VERB" and verb.dep_ in ("advcl", "xcomp") and verb.head.lemma_.lower() in self.w["visit_verbs"]
                and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children))

    def _at_border(self, token: Token) -> bool:
        """The recipient names a border, not a state: "the Syrian border", "Ukraine's border", "the border with X"."""
        node = token
        for _ in range(3):
            if node.head.i == node.i or node.dep_ not in ("amod", "compound", "poss", "nmod", "pobj", "prep"):
                return False
            node = node.head
            if node.lemma_.lower() in self.w["border_nouns"]:
                return True
        return False

    def _promised_to(self, inner: Token) -> list[str]:
        """Whom a promised act is for, named outright: its object or dative ("offered to help Washington"), or
        a party "with"/"to" it or its object ("proposed reopening a hotline with Pyongyang"); not a place or a
        generic group inside it ("reopen embassies in each other's capitals")."""
        heads = [c for c in inner.children if c.dep_ in OBJECTS + ("dative",)]
        # "agreed to be acquired by Star States Corp.": whom the subject undergoes the act at the hands of
        heads += [o for c in inner.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        # "offered to help Washington search for ...": the subject of the act helped with
        heads += [s for c in inner.children if c.dep_ in ("ccomp", "xcomp") for s in c.children if s.dep_ == "nsubj"]
        found = [f for h in heads for f in self.named(h, 2)]
        for node in [inner] + heads:
            found += [f for p in node.children if p.dep_ == "prep" and p.lower_ in ("with", "to", "between")
                      for o in p.children if o.dep_ == "pobj" for f in self.named(o, 2)]
        return [a for a, t in found if not self._generic(t) and not self._place(a)]

    def _asked_of(self, token: Token) -> list[str]:
        """Whom a demand for a nominal event is made of: the one the event names ("demanded the resignation of the
        prime minister", "requested the extradition of a former minister from Senegal")."""
        found = []
        for obj in token.children:
            if obj.dep_ in OBJECTS and obj.lemma_.lower() in self.t.nouns:
                preps = [p for p in obj.children if p.dep_ == "prep" and p.lower_ in ("of", "from")]
                if any(p.lower_ == "from" for p in preps):
                    preps = [p for p in preps if p.lower_ == "from"]  # the holder asked to hand over
                found += [a for p in preps for o in p.children if o.dep_ == "pobj" for a, _ in self.named(o)]
        return found

    def _asked_for(self, token: Token) -> list[str]:
        """Whom a request "for X to act" is made of: the subject of the infinitive ("its request for Britain to return
        the marbles", "calls for Israel to withdraw")."""
        clauses = [c for c in token.children if c.dep_ in ("advcl", "acl", "relcl", "ccomp")
                   and any(m.lower_ == "for" and m.dep_ == "mark" for m in c.children)]
        return [a for c in clauses for s in c.children if s.dep_ == "nsubj" for a, t in self.named(s) if not self._generic(t)]

    def _country_of(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id)
        return actor.country if actor is not None else None

    def _implied_arguments(self, entry: Entry, token: Token, actor: list[tuple[str, Token]],
                           recipient: list[tuple[str, Token]]) -> tuple[list[tuple[str, Token]], list[tuple[str, Token]]]:
        """Arguments the clause gives without naming them on the trigger: coordinated passives, the receiver
        of a nominal event, and PLOVER's unnamed actor."""
        if not entry.noun and token.tag_ == "VBN" and token.dep_ == "conj" and not recipient and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            # "was shot and killed": the one shot; "the driver fled but was apprehended": the one who fled
            shared = ("nsubjpass", "nsubj") if any(c.dep_ == "auxpass" for c in token.children) else ("nsubjpass",)
            recipient = [f for c in token.head.children if c.dep_ in shared for f in self.named(c)]
        if not actor and not entry.noun and (agent := _shared_agent(token)) is not None:
            # "was shot and killed by police": the agent of one participle is the other's
            actor = [f for obj in agent.children if obj.dep_ == "pobj" for f in self.inside(obj)]
        if entry.noun and token.dep_ in OBJECTS and token.head.lemma_.lower() in self.w["receiving_verbs"]:
            # "Cruz received the endorsement of Pence", "Ukraine received aid from Germany": who receives it is
            # its recipient, whom it comes from its actor
            receiver = token.head
            if not recipient:
                recipient = [f for c in receiver.children if c.dep_ == "nsubj" for f in self.named(c)]
            if not actor:
                actor = [f for p in receiver.children if p.dep_ == "prep" and p.lower_ == "from"
                         for o in p.children if o.dep_ == "pobj" for f in self.inside(o)]
        if not actor and (self._agentless(entry, token) or self._weapon_did(entry, token)):
            actor = [(UNNAMED, token)]  # "was arrested on Tuesday", "a bomb killed two": PLOVER's UNK actor
            if token.dep_ == "acl" and not recipient:  # "three teens arrested on Tuesday"
                recipient = self.named(token.head)
        return actor, recipient

    def _agentless(self, entry: Entry, token: Token) -> bool:
        """An agentless passive of a type whose actor may go unnamed ("was charged", "were freed", "was shot
        dead", "no arrests were made"); an attack's only when no hazard or accident is in the sentence ("were
        killed in the quake") and, for a verb that only says what befell someone ("were killed"), a weapon is
        in its clause ("were killed in an airstrike")."""
        if entry.type.lower() not in self.w["unnamed_types"] or entry.sectors:
            return False
        verb = token
        if entry.noun:  # "no arrests were made"
            verb = token.head if token.dep_ == "nsubjpass" and _lemmas(token.head) & self.t.light_verbs else self._light_verb(token)
        if verb.pos_ != "VERB" or entry.noun and verb is token:
            return False
        passive = any(c.dep_ == "auxpass" for c in verb.children) or _set_off_participle(verb) is not None or not entry.noun and (
            token.tag_ == "VBN" and token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN")) or not entry.noun and (
            token.tag_ == "VBN" and token.dep_ == "conj" and any(c.dep_ == "auxpass" for c in token.head.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children))  # "was booked and later released"
        weapons = self.w["weapon_subjects"]
        if not passive or any(c.dep_ == "agent" and not any(o.lemma_.lower() in weapons for o in c.children)
                              for c in verb.children):
            return False  # an agent names who did it, unless it is the weapon ("struck by a bullet")
        if entry.type != "ASSAULT":
            return True
        sentence = self.sentences.of(token)
        if any((t.lemma_.lower() in self.w["hazards"] or t.lemma_.lower() in self.w["accidents"]) and t.i != token.i
               for t in sentence):
            return False  # "were killed in the fire"; not "shots were fired": the trigger is no blaze
        return entry.lemma not in self.w["unnamed_not"] or any(
            t.lemma_.lower() in self.w["weapon_subjects"] for t in verb.subtree if t.i != verb.i)

    def _assailants(self, actor: list[tuple[str, Token]], ids: list[str]) -> list[str]:
        """One person named only as a civilian who attacks someone ("a man stabbed his ex-girlfriend", "a
        17-year-old attacked children") is a criminal of their country (PLOVER CRM); a crowd or a mob that
        does it stays civilians."""
        named_by = {a: t for a, t in actor}
        out = []
        for a in ids:
            found, head = self.actors.get(a), named_by.get(a)
            if found is not None and found.type == "group" and found.sector == "CVL" and head is not None \
                    and head.tag_ == "NN" and _one_person(head, self.w):
                a = self._criminals(found.country)
            out.append(a)
        return out

    def _lone_assailant(self, verb: Token) -> tuple[str, Token] | None:
        """The subject or "by" agent of an attack that is one person named by no name or group ("a man", "a
        17-year-old"): a criminal (PLOVER CRM) of the one country the sentence's places are in, else of the
        document's setting, else of no country named."""
        heads = [c for c in verb.children if c.dep_ == "nsubj"]
        heads += [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        head = next((h for h in heads if h.tag_ in ("NN", "VBN") and h.i not in self.mention_at and _one_person(h, self.w)), None)
        if head is None:
            return None
        return self._criminals(self._sentence_country(verb)), head

    def _criminals(self, country: str | None) -> str:
        """The id of the criminals (PLOVER CRM) of ``country`` or of no country named, its record added."""
        made = f"{country}-CRM" if country else "sector:CRM"
        if made not in self.actors and (actor := implied(made)) is not None:
            self.actors[made] = actor
        return made

    def _sentence_country(self, token: Token) -> str | None:
        """The one country the places and countries of the token's sentence are in, else the setting."""
        sentence = self.sentences.of(token)
        countries = {a.country for i in range(sentence.start, sentence.end) if (m := self.mention_at.get(i))
                     and (a := self.actors.get(m.actor or "")) is not None and a.type in ("location", "country") and a.country}
        return next(iter(countries)) if len(countries) == 1 else None if countries else self._setting()

    def _suspects(self, token: Token, recipient: list[tuple[str, Token]], ids: list[str]) -> list[str]:
        """The recipient of an arrest, a charge or a conviction named only as people ("two men", "a man") is
        suspects of their country (PLOVER CRM); a singular "a man" names no group of its own, so it is the
        suspects of the one country the sentence's places are in."""
        named_by = {r: t for r, t in recipient}
        out = []
        for r in ids:
            actor, head = self.actors.get(r), named_by.get(r)
            if actor is not None and actor.type == "group" and actor.sector == "CVL" and head is not None \
                    and (head.lemma_.lower() in self.w["suspect_nouns"] or head.pos_ == "PRON"):  # "arrested him"
                r = self._criminals(actor.country)
            out.append(r)
        if not out:
            heads = [c for c in token.children if c.dep_ in ("nsubjpass", *OBJECTS)]
            if token.dep_ == "acl":
                heads.append(token.head)
            if not heads and token.dep_ == "conj" and any(c.dep_ == "auxpass" for c in token.children):
                heads = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]  # "fled but was caught"
            if any(h.lemma_.lower() in self.w["suspect_nouns"] and h.i not in self.mention_at for h in heads):
                out = [self._criminals(self._sentence_country(token))]
        for r in out:
            if r not in self.actors and (made := implied(r)) is not None:
                self.actors[r] = made
        return out

    def _setting(self) -> str | None:
        """The country the document is set in, over its place and country mentions (``sectors.setting``)."""
        if self._set_in is False:
            mentions = sorted(dict.fromkeys(self.mention_at.values()), key=lambda m: m.start)
            self._set_in = setting(a.country for m in mentions if (a := self.actors.get(m.actor or "")) is not None
                                   and a.type in ("location", "country") and a.country)
        return self._set_in if isinstance(self._set_in, str) else None

    def _weapon_did(self, entry: Entry, token: Token) -> bool:
        """"A bomb explosion killed a police officer", "a bomb exploded, killing two": a weapon or an attack as the
        subject of harm says someone attacked, though the text does not say who (not "a gas explosion")."""
        if entry.type != "ASSAULT" or entry.noun or token.pos_ != "VERB":
            return False
        node = token.head if token.dep_ in ("advcl", "conj") and token.head.pos_ == "VERB" else token
        for clause in dict.fromkeys((token, node)):
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            words = {subject.lemma_.lower()} | {c.lemma_.lower() for c in subject.children if c.dep_ in ("compound", "amod")}
            if subject.lemma_.lower() in self.w["weapon_subjects"] and not words & self.w["accident_modifiers"]:
                return True
        return False

    def _hazard(self, actor_id: str, token: Token) -> bool:
        actor = self.actors.get(actor_id)
        words = {token.lemma_.lower(), token.lower_} | (set(actor.name.lower().split()) if actor is not None else set())
        return bool(words & self.w["hazards"])

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


    def by_complement(self, entry: Entry, inner: Token) -> tuple[str, str | None, str] | None:
        """What the infinitive makes of a promise or a warning: a hostile act promised is a threat ("vowed to
        march on the capital"), a concession or retreat promised is a concession ("agreed to hand power to
        civilians"), a warning that one's own forces will act, or that anyone could face arrest, a threat."""
        if entry.type == "AGREE" and any(e.type == "AID" and e.lemma in self.w["done_when_agreed"] and self.holds(e, inner)
                                         for e in self._entries(inner)):
            return "AID", "economic", "forgiveness"  # manual, AID: debt forgiveness even when only agreed
        if entry.yielding and any(e.type in ("CONCEDE", "RETREAT") and self.holds(e, inner) for e in self._entries(inner)):
            return entry.yielding, None, "yielding"
        words = {t.lemma_.lower() for t in _act_words(inner)} | {t.lower_ for t in _act_words(inner)}
        conditional = bool(words & self.t.words["conditional"]) or any(
            c.dep_ == "advcl" and any(m.lower_ in self.t.words["conditional"] for m in c.children) for c in inner.head.children)
        if _lemmas(inner) & self.w["restoring_verbs"]:
            return None  # "agreed to restore a military hotline": what is restored is no threat
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
                 recipient: list[str], at_border: bool = False) -> tuple[str | None, str | None, str]:
        """The entry's rules that change the type: by the actor's sector, a state receiving, a target."""
        first = self.actors.get(actor[0])
        sector = "STATE" if first is not None and first.type == "country" else (first.sector if first else None)
        for key, value in entry.by_sector:
            if key == sector:
                kind, _, new_mode = value.partition("/")
                return kind, new_mode or (mode if kind == entry.type else None), f"{rule} by_sector:{key}"
        if recipient and (to := dict(entry.to_sector).get(self._sector(recipient[0]) or "")
                          # a person no one named attacked was hit, not criticised ("when he was attacked")
                          or dict(entry.to_sector).get("PERSON" if recipient[0].startswith("person:") and actor[0] != UNNAMED else "")) is not None:
            kind, _, new_mode = to.partition("/")
            return kind, new_mode or None, f"{rule} to_sector"
        # forces sent to a state's border face it; they are not sent to help it ("to the border with Colombia")
        if entry.to_state and len(recipient) == 1 and self._foreign_state(recipient[0], actor) and not at_border:
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


    def _inner_recipient(self, inner: Token, entry: Entry) -> list[tuple[str, Token]]:
        """Whom a request or refusal is about, from its infinitive read as the event it names ("refused to hand
        over bin Laden to the United States": the United States; "demanded that the coup leaders return": they)."""
        own = next((e for e in self._entries(inner) if self.holds(e, inner)), None)
        found = self.recipient(inner, own or entry)
        if entry.comp == "request" and inner.dep_ == "ccomp":
            found = [f for c in inner.children if c.dep_ == "nsubj" for f in self.named(c)] + found
        return found


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
        if self._future(anchor) or self._dated_ahead(anchor, trigger, sentence):
            if found.entry.future:
                kind, mode, rule = found.entry.future, None, f"{rule} future"
            elif kind.lower() in self.w["future_agree"]:
                kind, mode, rule = "AGREE", None, f"{rule} future"
        if self._habitual(anchor):
            return None
        factuality, quote = self.factuality(found, kind)
        if factuality == "reported" and quote is not None and set(found.actor) == {quote.speaker} \
                and kind.lower() in self.w["self_stated_types"]:
            # "Dow Jones said it extended the offer": one's own promise, demand or refusal, stated by oneself,
            # is the statement itself — asserted (not a deed it reports: "Kyiv confirmed it had fired at ...",
            # nor a clash with another: "Indian and Chinese troops clashed, the Indian army said")
            factuality, quote = "asserted", None
        if quote is not None and quote.speaker and quote.speaker not in found.actor and kind.lower() in self.w["urged_types"] \
                and any(c.dep_ == "aux" and c.lower_ in self.w["urging_modals"] for c in anchor.children):
            # "Lynch should be impeached", "he should resign, Trump said": what the speaker says someone should do
            # or undergo is the speaker's demand of them, not that act
            asked = found.recipient if found.actor == [UNNAMED] else found.actor
            found.recipient = [a for a in asked if a != quote.speaker]
            found.actor = [quote.speaker]
            mode = self.complement_mode("request", trigger, trigger)
            kind, rule, factuality, quote = "REQUEST", f"{rule} urged", "asserted", None
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
        elif kind == "CONSULT" and found.entry.roles == "two_sided" and not found.recipient \
                and (hosts := self._hosts(location or self._venue(sentence, found.actor), found.actor)):
            # "Pope John Paul II met Fidel Castro in Havana": who meets at home hosts, the others visit
            found.recipient = hosts
            found.actor = [a for a in found.actor if a not in hosts]
            mode = mode or "visit"
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

    def _habitual(self, anchor: Token) -> bool:
        """A clause of what happens whenever someone of a kind does it, no event: "when a company is ready to
        sell, it ...", "if a country is attacked, its allies ..." (present tense, an indefinite subject)."""
        clause = anchor.head if anchor.dep_ in ("acomp", "xcomp") and anchor.pos_ == "ADJ" else anchor
        if clause.dep_ != "advcl" or not any(m.dep_ in ("mark", "advmod") and m.lower_ in self.w["habitual_marks"] for m in clause.children):
            return False
        verbs = [clause] + [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
        if not any(v.tag_ in ("VBZ", "VBP") for v in verbs) or any(v.tag_ in ("VBD", "MD") for v in verbs):
            return False
        return any(s.dep_ in ("nsubj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ in self.w["indefinite_dets"]
                                                            for d in s.children) for s in clause.children)

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

    def _venue(self, sentence: Span, members: list[str]) -> str | None:
        """The first place the sentence says something happened "in" or "at", when the parse hangs it elsewhere
        ("held talks with Chinese health authorities in Wuhan")."""
        for token in sentence:
            if token.dep_ == "pobj" and token.head.lower_ in ("in", "at") and (m := self.mention_at.get(token.i)) is not None:
                actor = self.actors.get(m.actor or "")
                if actor is not None and actor.type in ("location", "country") and m.actor not in members:
                    return m.actor
        return None

    def _hosts(self, location: str | None, members: list[str]) -> list[str]:
        """The participants of a meeting from the country it is held in, when the others are from elsewhere."""
        place = self.actors.get(location or "")
        if place is None or place.country is None or len(members) < 2:
            return []
        countries = {m: self._country_of(m) for m in members}
        if any(c is None for c in countries.values()):
            return []
        hosts = [m for m, c in countries.items() if c == place.country]
        return hosts if hosts and len(hosts) < len(members) else []

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

    def _dated_ahead(self, anchor: Token, trigger: Token, sentence: Span) -> bool:
        """"He and Arafat meet separately Monday with Albright" in Sunday's paper: a clause in the present whose
        own time expression falls after the publication date is announced for the future."""
        if not self.published or anchor.tag_ not in ("VBP", "VBZ"):
            return False
        date, precision, basis = self.date(anchor, trigger, sentence, None)
        return basis == "expression" and precision == "day" and date is not None and date > self.published[:10]

    def _future(self, anchor: Token) -> bool:
        words = self.t.words
        for word in self._modifiers(anchor):
            if word.lower_ in words["future_aux"] or (word.lemma_.lower() in words["future_verbs"] and word.i != anchor.i):
                return True
        return self._reported_future(anchor) or self._awaited(anchor)

    def _awaited(self, noun: Token) -> bool:
        """"the eve of the Pope's visit", "ahead of the summit": a nominal event the text looks forward to."""
        if noun.pos_ != "NOUN" or noun.dep_ != "pobj" or noun.head.lower_ != "of":
            return False
        frame = noun.head.head
        return frame.lemma_.lower() in self.w["awaiting_frames"]

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
        # "has reached no agreement": the object that makes the event carries its negation
        near += [d for o in trigger.children if o.dep_ in OBJECTS and o.lemma_.lower() in found.entry.obj
                 for d in o.children if d.dep_ == "det"]
        lowers = {t.lower_ for t in near} | {t.lemma_.lower() for t in near}
        if lowers & words["negation"] or lowers & words["failure"] or any(q.cue in self.w["negating_cues"] for q in holding[:1]):
            return "negated", quote
        if self._reported_future(anchor):
            lowers -= {"would"}  # an announced future is no speculation
        if lowers & words["possible"] or lowers & words["conditional"]:
            return "possible", quote
        # "Morocco welcomed France's recognition of its sovereignty": a stance taken on an event does not report it
        reporting = [q for q in holding if q.cue not in stance_cues()]
        if quote is not None or reporting or lowers & self.w["hearsay"]:
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


def _one_person(head: Token, w: dict[str, frozenset[str]]) -> bool:
    """A noun phrase naming one person by no more than who they are: "a man", "a teenager", "a 17-year-old"
    (also where the parser made "armed" the head of "a 17-year-old armed with a knife")."""
    if head.tag_ == "NN" and (head.lemma_.lower() in w["suspect_nouns"] or head.lower_.endswith("-old")):
        return True
    return any(c.dep_ == "amod" and c.lower_ == "old" and any(g.lower_ in ("year", "years") for g in c.children)
               for c in head.children) and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)


def _shared_agent(verb: Token) -> Token | None:
    """The "by" agent of a passive participle coordinated with this one ("was shot and killed by police")."""
    if verb.tag_ != "VBN" or any(c.dep_ == "agent" for c in verb.children):
        return None
    return next((c for conj in verb.conjuncts if conj.tag_ == "VBN" for c in conj.children if c.dep_ == "agent"), None)


def _act_words(inner: Token) -> list[Token]:
    """The words of a promised act without the clauses that describe its objects ("to fund the rebuilding of
    roads destroyed by the cyclone" is no hostile act)."""
    out: list[Token] = []
    stack = [inner]
    while stack:
        node = stack.pop()
        out.append(node)
        stack += [c for c in node.children if c.dep_ not in ("acl", "relcl")]
    return out


def _hyphenated(token: Token) -> str:
    """The word a hyphen split: "sit-in" from "sit", "-", "in"."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ and not doc[token.i - 2].whitespace_:
        return f"{doc[token.i - 2].lower_}-{token.lower_}"
    return ""


def _headline_verb(token: Token) -> bool:
    """Headlines drop articles and the tagger reads "South Korea and EU condemn ..." as a noun."""
    return token.pos_ == "NOUN" and token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children)


def _precision(value: str | None) -> str | None:
    if not value or not value[:4].isdigit():
        return None
    if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[8:10].isdigit():
        return "day"
    if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
        return "month"
    return "year" if len(value) == 4 else None


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
