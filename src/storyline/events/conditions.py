"""The constructions a PLOVER trigger entry asks for: particles, objects, modifiers, complements.

A mixin of the coder (``coder._Coder``), over ``Arguments``: whether an entry of
``plover_triggers.yaml`` holds for a token (``with``, ``obj``, ``compound``, ``subj``, ``under``,
``not_near`` and the ``needs`` constructions), and the words of what a trigger acts on.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..claims.quotes import SentenceIndex
from .arguments import OBJECTS, SUBJECTS, Arguments, _lemmas
from .triggers import Entry


class Conditions(Arguments):
    """Whether a trigger entry's construction holds."""

    sentences: SentenceIndex
    _words_of: dict[int, frozenset[str]]

    def holds(self, entry: Entry, token: Token) -> bool:
        children = list(token.children)
        lowers = {c.lower_ for c in children}
        # "called for the president to resign": the parser hangs "for" on the infinitive it introduces
        lowers |= {m.lower_ for c in children if c.dep_ in ("advcl", "ccomp", "xcomp") for m in c.children
                   if m.dep_ == "mark" and m.i < c.i and m.lower_ == "for"}
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
        if entry.type.lower() in self.w["bodily_types"] and objects & self.w["figurative_patients"]:
            return False  # "her mind is shot", "the myth was demolished": harm done to no body or thing
        if entry.noun:
            modifiers = {c.lemma_.lower() for c in children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")}
            modifiers |= {c.lower_ for c in children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")}
            if entry.compound and not (entry.compound & modifiers):
                return False
            if entry.not_compound & modifiers:
                return False
        if entry.subj and not ({c.lemma_.lower() for c in children if c.dep_ in SUBJECTS} & entry.subj):
            return False
        if entry.under and not (self._governors(token) & entry.under):
            return False  # "joined the strike", "went on strike", not "launched a strike"
        if entry.not_comp and (inner := _complement(token)) is not None and inner.lemma_.lower() in entry.not_comp:
            return False  # "declined to comment": a no-comment is a statement, not a refusal
        if entry.not_near and any(self._sentence_words(token) & self.w[c] for c in entry.not_near.split("+")):
            return False  # "beat France on penalties"
        return self.needs(entry, token, children)

    def _person(self, token: Token) -> bool:
        """A person or people: named as a person or a group, or by a word for people ("a man", "the driver")."""
        mention = self.mention_at.get(token.i)
        actor = self.actors.get(mention.actor or "") if mention is not None else None
        return token.lemma_.lower() in self.w["suspect_nouns"] or actor is not None and actor.type in ("person", "group")

    @staticmethod
    def _governors(noun: Token) -> set[str]:
        """The lemmas of the verb a noun is the object of, directly or through a preposition ("went on strike");
        a past form the tagger cut short counts as its verb too ("staged" read as "stag")."""
        if noun.dep_ in OBJECTS + ("nsubjpass", "attr"):  # "became members of NATO": the copula's attribute
            return _lemmas(noun.head)
        if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
            return _lemmas(noun.head.head)
        return set()

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
        if need == "comp_or_pobj":  # "agreed to talks", "agreed on a truce"; not "issues they can agree on"
            # agreeing with someone, or that something is so, shares an opinion ("agrees with her remarks",
            # "agree that the law is unfair"); a clause of what will be done is an agreement ("agreed that
            # they would meet")
            return comp or any(c.dep_ == "prep" and c.lower_ not in self.w["opinion_preps"]
                               and any(o.dep_ in ("pobj", "pcomp") and o.i > c.i for o in c.children)
                               for c in children) \
                or any(c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in self.w["promissory_aux"]
                                                 for a in c.children) for c in children)
        if need == "comp_or_obj":
            return comp or bool(objects)
        if need == "obj":
            return bool(objects) or any(c.dep_ == "nsubjpass" for c in children)
        if need == "obj_or_for":
            return bool(objects) or any(c.dep_ == "nsubjpass" for c in children) or any(c.lower_ == "for" for c in children)
        if need == "no_obj":
            return not objects
        if need == "person_obj":  # "a Vancouver man was charged", not "charged a fee" or "the battery was charged"
            return any(self._person(h) for h in _undergoers(objects, children))
        if need == "called_party":  # "called Putin on Monday", not "calling the mother an excellent girl"
            return not any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in children) and self._named_object(objects, children)
        if need == "actor_obj":
            return self._named_object(objects, children)
        if need == "ccomp":
            return any(c.dep_ == "ccomp" for c in children)
        if need == "no_practice":  # "opposed the bombing of Belgrade", not "opposes hacking": a stance on a practice
            return not any(o.lower_.endswith("ing") and o.tag_ in ("NN", "VBG") and not any(c.dep_ != "punct" for c in o.children)
                           for o in objects)
        if need == "mandative":  # "insisted that the government honour the deal", not "insisted she had not discussed it"
            return any(c.dep_ == "ccomp" and _mandative(c, self.w["mandative_aux"]) for c in children)
        if need == "access_comp":  # "let fuel trucks enter Gaza", "allowed inspectors back into"
            return any(c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() in self.w["movement_verbs"] for c in children)
        if need == "movement_from":  # "barred a delegation from entering the country"
            return any(g.lemma_.lower() in self.w["movement_verbs"] for p in children if p.lower_ == "from"
                       for g in p.children if g.dep_ == "pcomp")
        if need == "weapon_with":  # "hit a tanker with a missile"
            weapons = frozenset().union(*(w for _, w in self.t.modes["ASSAULT"]))
            return any(o.lemma_.lower() in weapons for p in children if p.lower_ in ("with", "using") for o in p.children)
        if need == "crowd_weapon":  # "dispersed protesters with tear gas"
            weapons = dict(self.t.modes["ASSAULT"]).get("crowd-control", frozenset())
            return any(o.lemma_.lower() in weapons or any(g.lemma_.lower() in weapons for g in o.children)
                       for p in children if p.lower_ in ("with", "using") for o in p.children)
        if need == "threat_comp":
            return any(self._threat(c) for c in children if c.dep_ == "ccomp")
        if need == "to_list":
            return any(o.lemma_.lower() in self.w["blacklists"] for p in children if p.lower_ == "to" for o in p.children)
        if need == "to_actor":
            return any(self.named(o) for p in children if p.dep_ == "prep" and p.lower_ in entry.to for o in p.children)
        if need == "streets":  # "took to the streets"
            return any(o.lemma_.lower() in self.w["streets"] for p in children if p.lower_ in ("to", "into", "onto")
                       for o in p.children)
        if need == "to_place":  # "ordered a carrier group into the eastern Mediterranean"
            return any(c.dep_ == "prep" and c.lower_ in ("to", "into", "toward", "towards") for c in children)
        if need == "from_vote":  # "stayed away from the election"
            return any(o.lemma_.lower() in self.w["votes"] for p in children if p.lower_ == "from" for o in p.children)
        if need == "custody":
            return any(o.lemma_.lower() in self.w["custody"] for p in children if p.lower_ == "into" for o in p.children)
        if need == "prison_term":  # "served 4 months in federal prison", "is serving a life sentence"
            terms = self.w["prison_terms"]
            return any(o.lemma_.lower() in ("sentence", "term") or any(c.lemma_.lower() in terms for c in o.subtree)
                       for o in objects) or any(o.lemma_.lower() in terms for p in children if p.dep_ == "prep"
                                                for o in p.children if o.dep_ == "pobj")
        if need == "criminal_obj":  # "the navy captured 23 pirates": an arrest, whoever makes it
            return any((a := self.actors.get(actor)) is not None and a.sector == "CRM"
                       for h in _undergoers(objects, children) for actor, _ in self.named(h))
        if need == "firm_obj":  # "acquired Midwest Financial Group Inc.", not "acquired missiles"
            return any(self._firm(a) for o in objects for a, _ in self.named(o))
        if need == "igo_obj":  # "joined NATO", "became members of NATO"; not "joined the protest" or "joined Google"
            heads = objects + [o for p in children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
            return any((a := self.actors.get(actor)) is not None and (a.country or "").lower() in self.w["igo_codes"]
                       for o in heads for actor, _ in self.named(o))
        if need == "agreed_act":  # "reached an agreement to end the strike", "an agreement for the acquisition of X"
            return any(self._agreed_act(o) for o in objects)
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
        to shoot"), someone could face a penalty ("anyone joining could face arrest"), or a hostile act will
        follow on a condition ("Beirut would be destroyed if its attacks continued")."""
        words = {t.lemma_.lower() for t in clause.subtree} | {t.lower_ for t in clause.subtree}
        subjects = {t.lemma_.lower() for t in clause.subtree if t.dep_ in ("nsubj", "nsubjpass")}
        if "face" in words and words & self.w["penalties"]:
            return True
        hostile = frozenset().union(*(v for _, v in self.t.complements["threaten"]))
        if _lemmas(clause) & hostile and any(c.dep_ == "advcl" and any(m.lower_ in self.t.words["conditional"]
                                                                        for m in c.children) for c in clause.children):
            return True  # "warned Hezbollah that Beirut would be destroyed if its attacks continued"
        return bool(subjects & self.w["own_forces"]) and bool(words & hostile)

    def _named_object(self, objects: list[Token], children: list[Token]) -> bool:
        return any(self.named(h) for h in _undergoers(objects, children))

    def _firm(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return actor is not None and (actor.sector == "BUS" or actor.country == "MNC")

    def _agreed_act(self, noun: Token) -> bool:
        """An agreement whose content is an act still to come: an infinitive ("an agreement to buy"), or a
        nominal act of exchange after "for" or "on" ("an agreement for the acquisition of X")."""
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and any(
                    t.lower_ == "to" and t.dep_ == "aux" for t in child.children):
                return True
            if child.dep_ == "prep" and child.lower_ in ("for", "on") and any(
                    o.lemma_.lower() in self.w["agreed_acts"] for o in child.children if o.dep_ == "pobj"):
                return True
        return False

    def _organisation(self, head: Token) -> bool:
        if head.lemma_.lower() in self.w["organisation_heads"]:
            return True
        # the phrase's own head names the body: "withdrew from the Council of Europe", not "from her House race"
        return any((a := self.actors.get(actor)) is not None and a.type == "organization"
                   for actor, token in self.named(head) if token.i == head.i or token.dep_ == "conj")

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
        if not noun:  # "sent an aircraft carrier strike group": what the group is made of
            heads += [c for h in list(heads) if h.lemma_.lower() in self.w["of_heads"] for c in h.subtree if c.dep_ == "compound" and c.i < h.i]
        if not noun:  # "lifted the state of emergency", "sent a team of doctors"
            heads += [o for h in list(heads) if h.lemma_.lower() in self.w["of_heads"]
                      for p in h.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
        return {h.lemma_.lower() for h in heads} | {h.lower_ for h in heads}


def _mandative(clause: Token, modals: frozenset[str]) -> bool:
    """A clause that says what should be done: a bare verb ("that he resign") or one with a modal of
    obligation ("that Israel must withdraw"); a clause in a tense states a fact ("that she had not lied")."""
    auxiliaries = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in modals for a in auxiliaries):
        return True
    # a base form (which the tagger often reads as a noun: "that the president resign"); a present form
    # ("insisted they are innocent") states
    bare = clause.tag_ in ("VB", "NN") and not any(a.tag_ in ("MD", "VBD", "VBZ", "VBP") and a.lower_ not in modals for a in auxiliaries)
    return bare and not any(c.dep_ == "neg" and c.lower_ in ("n't",) for c in clause.children)


def _undergoers(objects: list[Token], children: list[Token]) -> list[Token]:
    """What a trigger is done to: its direct objects, and the subject of its passive."""
    return list(objects) + [c for c in children if c.dep_ == "nsubjpass"]


def _complement(token: Token) -> Token | None:
    """The infinitive a trigger governs ("refused to release", "called on X to observe", "the call to end")."""
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX") and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children):
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
