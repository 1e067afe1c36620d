"""The arguments of a PLOVER event: who acts and on whom, read from the parse and the actor mentions.

A mixin of the coder (``coder._Coder``): the actor mentions by token, the actor a noun phrase
names (its own mention, a possessor or modifier, "of"/"from" X, a pronoun), the subject or agent
of a verb, the actor of a nominal event, and the recipient. ``coder`` says which rules apply when.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..claims.quotes import Quote, covering
from ..model import Actor, Mention
from .model import UNNAMED
from .triggers import Entry, Tables

SUBJECTS = ("nsubj", "csubj")
GROUPS = ("GROUP", "SECTOR")  # mention labels of sector groups
OBJECTS = ("dobj", "obj")


class Arguments:
    """Actors of an event from the parse; the coder provides the state below."""

    doc: Doc
    t: Tables
    w: dict[str, frozenset[str]]
    actors: dict[str, Actor]
    quotes: list[Quote]
    mention_at: dict[int, Mention]
    groups_at: dict[int, list[Mention]]
    people: list[tuple[int, str]]
    genders: dict[str, str]

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
            elif head.dep_ == "nsubj" and head.lower_ in self.w["unresolved_subjects"]:
                found.append((UNNAMED, head))  # "He is backing Hillary Clinton", alone: someone did it
        elif depth < 2 and head.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") and head.lemma_.lower() in self.w["others_of"]:
            pass  # "Rubio's supporters", "Putin's critics": people about someone, not that someone
        elif depth < 2 and head.pos_ in ("NOUN", "PROPN", "NUM", "ADJ"):
            # "Italian chemical giant Montedison S.p.A.", "the bank's chairman, John Reed": the name in
            # apposition is who the noun is, not the country or owner that modifies it
            found += [(m.actor, child) for child in head.children if child.dep_ == "appos"
                      and (m := self.mention_at.get(child.i)) is not None and m.actor
                      and (a := self.actors.get(m.actor)) is not None and a.type in ("person", "organization")]
            for child in head.children if not found else ():
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < head.i:
                    found += [f for f in self.named(child, 2)]
            if not found:
                # "an attack by Hamas killed three": who the act named by the noun is by did it (its "of" is
                # whom it was done to when the act takes one: "the bombing of the embassy")
                act = self._act_noun(head)
                done_to = self._act_preps(head) if act else frozenset()
                for child in head.children:
                    if child.dep_ == "prep" and (child.lower_ in ("of", "from") and child.lower_ not in done_to
                                                 or child.lower_ == "by" and act):
                        found += [f for obj in _objects_of(child) for f in self.named(obj, depth + 1)]
                if not found and act and (by := _stray_by(head, done_to)) is not None:
                    found += [f for obj in _objects_of(by) for f in self.named(obj, depth + 1)]
        for child in head.children:
            if child.dep_ == "conj" and (child.pos_ in ("NOUN", "PROPN", "PRON") or child.pos_ == head.pos_ == "ADJ"):
                found += self.named(child, depth)
            elif child.dep_ == "appos" and self._country(head) and self._country(child):
                found += self.named(child, depth)  # "Saudi Arabia, the UAE, Bahrain and Egypt" parsed as an apposition
        return _unique(found)

    def _country(self, token: Token) -> bool:
        mention = self.mention_at.get(token.i)
        actor = self.actors.get(mention.actor or "") if mention is not None else None
        return actor is not None and actor.type == "country"

    def _pronoun(self, token: Token) -> str | None:
        lower = token.lower_
        if lower in self.w["person_pronouns"]:
            index = bisect.bisect_left(self.people, (token.idx, "")) - 1
            unlike = "female" if lower in self.w["male_pronouns"] else "male"
            while index >= 0 and self.genders.get(self.people[index][1]) == unlike:
                index -= 1  # "Mrs. Clinton ... Mr. Trump said she": not Trump
            holding = [q for q in covering(self.quotes, token.idx) if q.speaker and q.speaker_end <= token.idx]
            if holding and (index < 0 or self.people[index][0] < holding[0].speaker_start) \
                    and self.genders.get(holding[0].speaker or "") != unlike:
                return holding[0].speaker  # "Kenya's opposition leader said he was willing to meet"
            return self.people[index][1] if index >= 0 and token.idx - self.people[index][0] < 600 else None
        if lower in self.w["group_pronouns"]:
            holding = [q for q in covering(self.quotes, token.idx) if q.speaker]
            if holding:
                return holding[0].speaker
            if (sayer := self._reporting_subject(token)) is not None:
                return sayer
            if lower in self.w["body_pronouns"]:
                return self._subject_before(token)
        return None

    def _reporting_subject(self, pronoun: Token) -> str | None:
        """"About 40 rabbis have said that they plan to ...": "they" as the subject of a clause another verb
        governs stands for that verb's plural subject."""
        if pronoun.dep_ != "nsubj" or pronoun.lower_ not in ("they", "we") or pronoun.head.dep_ != "ccomp":
            return None
        for subject in pronoun.head.head.children:
            mention = self.mention_at.get(subject.i)
            if subject.dep_ == "nsubj" and subject.tag_ in ("NNS", "NNPS") and mention is not None and mention.actor:
                return mention.actor
        return None

    def _subject_before(self, pronoun: Token) -> str | None:
        """"Norwood has made no plans, but it has engaged in talks": "it" as the subject of a later clause
        stands for the organisation or country that is the subject of an earlier clause of its sentence."""
        if pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        for token in reversed(pronoun.doc[pronoun.sent.start:pronoun.i]):
            mention = self.mention_at.get(token.i)
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.i != pronoun.head.i and mention is not None:
                actor = self.actors.get(mention.actor or "")
                return mention.actor if actor is not None and actor.type in ("organization", "country") else None
        return None

    def inside(self, head: Token, depth: int = 0, doer_only: bool = False) -> list[tuple[str, Token]]:
        """The actors an object that is no actor itself is about: "North Korea's methods", "the sending of
        North Korean troops", "cooperation between the DPRK and Russia"; with ``doer_only`` (what is condemned)
        an act is about who did it, not whom it was done to ("condemned the bombing of U.S. embassies")."""
        own = self.named(head)
        if head.i not in self.mention_at and head.lemma_.lower() not in self.w["of_heads"]:
            own = [f for f in own if not self._generic(f[1])]  # "the arrest of three journalists": its topic
        if own or depth > 2:
            return own
        for child in head.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "appos"):
                if found := self.named(child):
                    return found
        done_to = self._act_preps(head) if doer_only and self._act_noun(head) else frozenset()
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "between", "by", "from", "with", "against", "on", "to") \
                    and child.lower_ not in done_to:
                for obj in child.children:
                    # a generic group deep in an object is its topic ("condemned the arrest of three journalists")
                    found = self.inside(obj, depth + 1) if obj.dep_ == "pobj" else []
                    if found := [f for f in found if child.lower_ != "of" or not self._generic(f[1])]:
                        return found
        return []

    def _act_noun(self, token: Token) -> bool:
        """A noun some event entry is a nominal trigger of ("attack", "talks", "sanctions")."""
        return any(e.noun for e in self.t.nouns.get(token.lemma_.lower(), ()))

    def _act_preps(self, token: Token) -> frozenset[str]:
        """The prepositions that name what a nominal trigger is done to ("attack on", "talks with")."""
        return frozenset(p for e in self.t.nouns.get(token.lemma_.lower(), ()) if e.noun for p in e.to)

    def _generic(self, token: Token) -> bool:
        mention = self.mention_at.get(token.i)
        return mention is not None and mention.label == "SECTOR"

    def _nowhere(self, actor_id: str) -> bool:
        """A place in no country ("the Strait of Hormuz"): no recipient PLOVER can code."""
        actor = self.actors.get(actor_id)
        return actor is not None and actor.type == "location" and actor.country is None

    def _place(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return actor is not None and actor.type == "location"

    def _sector(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id)
        return "STATE" if actor is not None and actor.type == "country" else (actor.sector if actor else None)

    def verb_actor(self, verb: Token) -> list[tuple[str, Token]]:
        """The subject, the agent of a passive, or the subject of the verb this one is coordinated with
        or controlled by ("assured ... and called on", "agreed to provide"); "who" takes its noun."""
        node, hops, raised = verb, 0, False
        if any(c.dep_ == "nsubjpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children):
            return []  # "if Serbs there were attacked": a passive names its actor by "by", or not at all
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ == "agent" for c in verb.children):
            return []  # "20 Benin Bronzes looted in 1897": a participle names what it was done to, not who did it
        if _set_off_participle(verb) is not None:
            return []  # "Dalton, shot in the neck, remained in care": the parser made the one shot its subject
        if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
            return self.named(verb.head)  # "More than 7,000 FARC fighters handed in their weapons" parsed as a noun phrase
        while hops < 4:
            for child in node.children:
                if child.dep_ in SUBJECTS and _dateline(child) and any(
                        c.dep_ in SUBJECTS and c.i > child.i for c in node.children):
                    continue  # "Washington (AFP) – Hillary Clinton has taken a swipe": the dateline is no subject
                if child.dep_ in SUBJECTS or (raised and child.dep_ == "nsubjpass"):  # "X is expected to demand"
                    if child.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                        return self.named(node.head)
                    if child.lemma_.lower() in self.w["inert_heads"]:
                        return []  # "Kenya's shilling rallied": a currency or a market moves, its country does not act
                    return _unique(self._listed_before(node, child) + self.named(child))
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

    def _listed_before(self, verb: Token, subject: Token) -> list[tuple[str, Token]]:
        """Names a headline lists before the subject with a comma, which the parser hangs on the verb ("Xi, Putin
        hold talks", "Colombia, ELN agree to ceasefire")."""
        doc, found = verb.doc, []
        start = subject.left_edge.i
        for child in verb.children:
            if child.dep_ == "npadvmod" and child.pos_ == "PROPN" and child.i + 2 == start and doc[child.i + 1].text == ",":
                found += self.named(child)
        return found

    def noun_actor(self, noun: Token, entry: Entry, anchor: Token) -> list[tuple[str, Token]]:
        """A nominal event's actor: possessor, "by"/"from" X (or "of" X where the entry says so), a
        country modifier ("US sanctions"), "between X and Y", else the light verb's subject."""
        undergone = self._undergone(noun)
        for child in noun.children:
            pronoun = child.pos_ == "PRON" or child.lower_ in self.w["possessive_pronouns"]
            if child.dep_ == "poss" and undergone:
                return []  # "her conviction", "Navalny's arrest": whose it is underwent it (``recipient``)
            if child.dep_ == "poss" and ((found := self.named(child)) or not pronoun):
                return found  # "its demand": the subject of the verb it hangs on, below
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ not in entry.to and (
                    child.lower_ in ("by", "from") or child.lower_ == "of" and entry.of == "actor" or child.lower_ == "between"):
                found = [f for obj in child.children if obj.dep_ == "pobj" for f in self.named(obj)
                         if child.lower_ != "of" or not _owned_thing(obj)]
                if found:
                    return found
        if (by := _stray_by(noun, entry.to)) is not None and (found := [f for obj in by.children if obj.dep_ == "pobj"
                                                                       for f in self.named(obj)]):
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

    def _undergone(self, noun: Token) -> bool:
        """A nominal event its possessor underwent ("Navalny's arrest"); with an "of" object the possessor
        did it ("Russia's arrest of the journalist")."""
        return noun.lemma_.lower() in self.w["undergone_nouns"] and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)

    def _light_verb(self, noun: Token) -> Token:
        head = noun.head
        if noun.dep_ in OBJECTS and head.pos_ == "VERB" and _lemmas(head) & self.t.light_verbs:
            return head
        if noun.dep_ == "attr" and head.lemma_.lower() == "become":
            return head  # "became members of NATO": the subject becomes it
        if noun.dep_ == "pobj" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in ("go", "take") and head.lower_ == "on":
            return head.head  # "went on strike"
        if noun.dep_ == "pobj" and head.lower_ in ("for", "to") and head.head.pos_ == "VERB" \
                and head.head.lemma_.lower() in self.w["travel_verbs"]:
            return head.head  # "gathered in Addis Ababa for a summit", "flew to the Caucasus for talks"
        if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in self.t.light_verbs:
            return head.head  # "paid billions of marks in reparations", "imposed $2 billion in tariffs"
        if noun.dep_ == "pobj" and head.lower_ in ("in", "during") and head.head.pos_ == "VERB" \
                and any(c.lower_ in self.w["joint_words"] for c in noun.children):
            return head.head  # "dismantled a cocaine ring in a joint operation": the verb's subjects act together
        return noun

    def recipient(self, token: Token, entry: Entry) -> list[tuple[str, Token]]:
        found: list[tuple[str, Token]] = []
        preps = set(entry.to) | ({"of"} if entry.noun and entry.of != "actor" else set())
        children = list(token.children)
        if entry.noun and (anchor := self._light_verb(token)) is not token:
            children += [c for c in anchor.children if c.dep_ == "prep" and c.lower_ in entry.to]  # "opened an inquiry into"
        for child in list(children):
            if child.dep_ in OBJECTS and not entry.noun and self._theme(entry, child):
                # "troops near X's border", "shared information on smuggling tunnels with Israeli officials"
                children += [p for p in _preps_below(child, entry.to)]
            elif child.dep_ in OBJECTS and not entry.noun:  # "opened an antitrust investigation into Microsoft"
                children += [p for p in child.children if p.dep_ == "prep" and p.lower_ in entry.to and p.lower_ != "of"]
        set_off = _set_off_participle(token)
        for child in children:
            if child.dep_ in OBJECTS and not entry.noun and self._theme(entry, child):
                continue  # "sent troops to Vietnam": the troops are what is sent
            if child.dep_ in OBJECTS and not entry.noun:
                found += self._proposer(child) if child.lemma_.lower() in self.w["proposal_heads"] \
                    else self.inside(child, doer_only=entry.type == "ACCUSE")
            elif child.dep_ == "nsubjpass" and not entry.noun or set_off is not None and child.i == set_off.i:
                found += self.named(child)
            elif entry.noun and entry.of == "actor" and child.dep_ == "prep" and child.lower_ == "of":
                # "the protest of Trump's appearance": whose thing it is is what the act is about
                found += [f for obj in child.children if obj.dep_ == "pobj" and _owned_thing(obj) for f in self.inside(obj)]
            elif child.dep_ in ("prep", "dative", "prt") and child.lower_ in preps:
                # "fired back at Will on Twitter": a medium said on is no recipient
                found += [f for obj in child.children if obj.dep_ == "pobj"
                          and not (child.lower_ == "on" and obj.lower_ in self.w["media"]) for f in self.inside(obj)]
            elif child.dep_ in ("prep", "prt", "advmod") and child.lower_ in ("out", "away", "back"):
                # "pulling out of Kosovo", "moved away from the border"
                found += [f for p in child.children if p.dep_ == "prep" and p.lower_ in preps
                          for obj in p.children if obj.dep_ == "pobj" for f in self.inside(obj)]
            elif child.dep_ == "dative":
                found += self.named(child)
            elif child.dep_ in ("ccomp", "xcomp") and entry.needs == "access_comp":  # "allowed IAEA inspectors back"
                found += [f for s in child.children if s.dep_ in ("nsubj", "nsubjpass") for f in self.named(s)]
        if entry.noun and self._undergone(token) and not found:
            found += [f for c in token.children if c.dep_ == "poss" for f in self.named(c)]  # "Navalny's arrest"
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
        if entry.type == "AID" and any(c.dep_ == "dative" for c in obj.head.children):
            return True  # "sent Kyiv 40 fighting vehicles": the dative receives, the object is sent
        return entry.type in ("AID", "COOPERATE") and bool(entry.obj) and obj.lemma_.lower() in entry.obj

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


def _set_off_participle(verb: Token) -> Token | None:
    """The subject the parser gave a participle set off by commas right after it, with no auxiliary
    ("Dalton, shot in the neck, remained ..."): the one it was done to."""
    if verb.tag_ not in ("VBN", "VBD") or verb.i < 2 or verb.doc[verb.i - 1].text != "," or any(
            c.dep_ in ("aux", "auxpass", "agent", *OBJECTS) for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and subject.i == verb.i - 2 else None


_DASHES = ("-", "–", "—", "_", "--")


def _dateline(token: Token) -> bool:
    """A place opening its sentence before a dash ("Washington (AFP) –", "KABUL -"): a dateline."""
    sentence = token.sent
    return token.i - sentence.start < 3 and any(t.text in _DASHES for t in token.doc[token.i + 1:min(token.i + 8, sentence.end)]
                                                if t.head.i == token.i or t.head.head.i == token.i)


def _preps_below(head: Token, preps: Iterable[str], depth: int = 2) -> list[Token]:
    """Prepositions of ``preps`` on a noun or on the nouns of its own prepositional phrases, ``depth`` deep."""
    out = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            out.append(child)
        elif child.dep_ == "prep" and depth > 1:
            out += [p for obj in child.children if obj.dep_ in ("pobj", "pcomp") for p in _preps_below(obj, preps, depth - 1)]
    return out


def _owned_thing(obj: Token) -> bool:
    """An object that is someone's thing, not someone ("the protest of Trump's appearance"): a common noun
    with a possessor; its owner is what the act is about, not who does it ("the protest of farmers")."""
    return obj.pos_ == "NOUN" and any(c.dep_ == "poss" for c in obj.children)


def _stray_by(noun: Token, to: Iterable[str]) -> Token | None:
    """A "by" the parser hung past a nominal event that names who did it: on the object of the event's own
    preposition ("the attack on the embassy by Hamas"), or on the active verb the event is the object of,
    right after it ("highlights the assault on a reporter by Corey Lewandowski")."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in to:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    by = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "by"), None)
                    if by is not None:
                        return by
    verb = noun.head
    if noun.dep_ == "dobj" and verb.pos_ == "VERB" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by" and c.i == noun.right_edge.i + 1), None)
    return None


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


def _lemmas(verb: Token) -> set[str]:
    """A verb's lemma, and for a past form the tagger cut short ("staged" read as "stag") the form less its "d"."""
    lemma = verb.lemma_.lower()
    out = {lemma}
    if verb.lower_.endswith("ed") and verb.lower_ == lemma + "ed":
        out.add(verb.lower_[:-1])
    return out


def _unique(found: list[tuple[str, Token]]) -> list[tuple[str, Token]]:
    seen: set[str] = set()
    out = []
    for actor, token in found:
        if actor not in seen:
            seen.add(actor)
            out.append((actor, token))
    return out
