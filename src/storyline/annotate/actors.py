"""Actor mentions: every person, organisation, country, place and armed group, linked to one actor.

Method (a rule-based linker over spaCy's entities and parse; no entity-linking
model ships on PyPI for offline use):

1. *Find.* Gazetteer aliases are matched on token boundaries (longest first);
   spaCy's entities (PERSON, ORG, GPE, LOC, NORP, FAC, PRODUCT) are trimmed of
   "the" and possessives.
2. *Link.* An entity whose syntactic root lies inside a known alias takes that
   actor ("Ukraine's Main Directorate of Intelligence" → the GUR); a known
   city takes a location actor in its country; "<country> <sector word>"
   ("North Korean troops", "the DPRK army", "military of North Korea") takes
   the country's sector group; people are matched to the gazetteer by a
   spelling-tolerant key, and short forms ("Mr Umerov", "Kim") to a full name
   earlier or later in the same article.
3. *Roles.* Words around a name ("State Department deputy spokesman Vedant
   Patel", "Vadym Skibitsky, a representative from ...") give a person's role,
   country and sector; a role alone ("the Ukrainian president") resolves to the
   person holding it in the article, else to the gazetteer's holder on the
   article's date.

Refused: a short name matching two people in the article, a role two people
could hold, and country aliases inside a person's name ("Jordan Peterson").
Those stay unlinked rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..model import Actor, Mention, Role
from .gazetteer import Gazetteer, fold, name_key, normal_role, slug

LINKABLE = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT"}
PLACE_LABELS = {"GPE", "LOC", "FAC", "PRODUCT", "ORG"}
REGION_WORDS = {"region", "oblast", "province", "district", "county", "governorate", "prefecture", "area"}
ROLE_HEADS = {
    "president", "minister", "spokesman", "spokesperson", "spokeswoman", "leader", "chancellor", "premier",
    "secretary", "secretary-general", "coordinator", "chief", "ambassador", "envoy", "commander", "representative",
    "director", "head", "king", "queen", "governor", "mayor", "adviser", "advisor", "official",
}
ROLE_MODIFIERS = {"deputy", "foreign", "defence", "defense", "prime", "vice", "interior", "finance", "security",
                  "national", "top", "chief", "general", "state", "of", "first"}
# Titles dropped from a name; royal and papal titles stay, since they tell people apart ("King Hussein").
TITLES = {"mr", "mrs", "ms", "dr", "sir", "dame", "president", "gen", "general", "sen", "rep", "lt", "col", "maj",
          "adm", "gov", "prof", "minister", "premier", "chancellor"}
GOV_ROLES = {"president", "minister", "spokesperson", "leader", "chancellor", "premier", "secretary", "ambassador",
             "envoy", "coordinator", "governor", "mayor", "official"}


@dataclass(frozen=True)
class _Match:
    start: int  # token indices
    end: int
    actor: str | None
    place: str | None = None  # ISO3 when this is a city name
    population: int = 0
    cut: int = 0  # characters of a glued possessive left out at the end ("Ukraineʼs")


@dataclass
class Linked:
    """The result for one document: its mentions and every actor they name."""

    mentions: list[Mention]
    actors: dict[str, Actor]


def find_aliases(doc: Doc, gaz: Gazetteer) -> list[_Match]:
    """Longest gazetteer matches, left to right, on token boundaries."""
    texts = [t.text for t in doc]
    spaces = [t.whitespace_ for t in doc]
    matches, i = [], 0
    while i < len(texts):
        best = None
        if _bare(texts[i])[0] in gaz.first_words:
            phrase = ""
            for j in range(i + 1, min(len(texts), i + gaz.max_words * 2) + 1):
                if j > i + 1:
                    phrase += " " if spaces[j - 2] else ""
                bare, cut = _bare(texts[j - 1])
                for candidate, cut_here in ((phrase + texts[j - 1], 0), (phrase + bare, cut)):
                    if candidate in gaz.aliases:
                        best = _Match(i, j, gaz.aliases[candidate], cut=cut_here)
                    elif candidate in gaz.places and (best is None or best.actor is None):
                        best = _Match(i, j, None, *gaz.places[candidate], cut=cut_here)
                phrase += texts[j - 1]
        if best:
            matches.append(best)
            i = best.end
        else:
            i += 1
    return matches


_GLUED_POSSESSIVE = re.compile(r"(?<=\w)[ʼ’'][sS]$")


def _bare(text: str) -> tuple[str, int]:
    """A token without a possessive the tokenizer left glued on: ("Ukraine", 2) for "Ukraineʼs"."""
    match = _GLUED_POSSESSIVE.search(text)
    return (text[: match.start()], len(text) - match.start()) if match else (text, 0)


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


class _Linker:
    def __init__(self, doc: Doc, doc_id: str, gaz: Gazetteer, published: str | None):
        self.doc, self.doc_id, self.gaz, self.published = doc, doc_id, gaz, published
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.mentions: dict[tuple[int, int], Mention] = {}
        self.actors: dict[str, Actor] = {}
        self.country_at: dict[int, str] = {}  # token index → country of a country mention covering it
        self.person_roles: dict[str, set[tuple[str, str | None]]] = {}
        self.person_ids = _PersonIndex(gaz)
        self.person_tokens: set[int] = set()

    # -- output -----------------------------------------------------------------

    def emit(self, span: Span, actor: Actor | None, label: str, cut: int = 0) -> None:
        start, end = span.start_char, span.end_char - (cut or _bare(span[-1].text)[1])
        if (start, end) in self.mentions and self.mentions[(start, end)].actor is not None:
            return
        self.mentions[(start, end)] = Mention(self.doc_id, start, end, self.text[start:end], actor.id if actor else None, label)
        if actor is not None:
            self.actors.setdefault(actor.id, actor)
            if actor.type == "country" or actor.id == actor.country:  # countries, and the UN/EU themselves
                for token in span:
                    self.country_at.setdefault(token.i, actor.country or actor.id)

    # -- the pass -------------------------------------------------------------------

    def run(self) -> Linked:
        doc, gaz = self.doc, self.gaz
        matches = find_aliases(doc, gaz)
        ents = [(e.label_, t) for e in doc.ents if e.label_ in LINKABLE and (t := _trim(e)) is not None and _named(t)]
        ents = [(self._relabel(label, span, matches), span) for label, span in ents]
        persons = [t for label, t in ents if label == "PERSON"]
        known = [doc[m.start:m.end] for m in matches if m.actor and gaz.actors[m.actor].type == "person"]
        person_tokens = self.person_tokens = {i for p in persons + known for i in range(p.start, p.end)}
        persons += [k for k in known if not any(p.start <= k.start < p.end for p in persons)]
        self.person_ids.collect(persons)
        qualified = {i for label, span in ents for m in matches if span.start <= m.start and m.end <= span.end
                     and _qualified(span, m, label) for i in range(m.start, m.end)}
        for m in matches:
            actor = gaz.actor(m.actor) if m.actor else None
            if actor is None or m.start in qualified:
                continue  # "America" inside "Central America" is not the country
            if actor.type != "person" and any(i in person_tokens for i in range(m.start, m.end)):
                continue  # "Jordan" inside "Michael Jordan"
            self.emit(doc[m.start:m.end], actor, "GAZ" if actor.type != "country" else "GPE", m.cut)
        for label, span in ents:
            self.link_entity(label, span, matches)
        in_ents = {i for _, span in ents for i in range(span.start, span.end)}
        for m in matches:
            if m.place and not in_ents & set(range(m.start, m.end)) and _plainly_a_place(doc[m.start:m.end], m.population):
                self.emit(doc[m.start:m.end], Actor(f"loc:{slug(doc[m.start:m.end].text)}", doc[m.start:m.end].text, "location", m.place), "LOC", m.cut)
        self.sector_groups()
        for span in persons:
            self.attach_role(span)
        self.role_mentions(person_tokens)
        mentions = sorted(self.mentions.values(), key=lambda m: (m.start, -m.end))
        return Linked(mentions, self.actors)

    def _relabel(self, label: str, span: Span, matches: list[_Match]) -> str:
        """A "person" that is exactly a known place or body ("Kyiv confirmed ...") is that place."""
        if label != "PERSON":
            return label
        whole = [m for m in matches if m.start == span.start and m.end == span.end]
        for m in whole:
            actor = self.gaz.actor(m.actor) if m.actor else None
            if actor is not None and actor.type != "person":
                return "GPE" if actor.type == "country" else "ORG"
            if m.place and len(span) == 1:
                return "GPE"
        return label

    def link_entity(self, label: str, span: Span, matches: list[_Match]) -> None:
        if label == "PERSON":
            self.emit(span, self.person_ids.link(span), label)
            return
        inside = [m for m in matches if m.start >= span.start and m.end <= span.end]
        if not inside and len(span) == 1 and (person := self.person_ids.short_form(span.text)) is not None:
            self.emit(span, person, "PERSON")  # "Slepian" tagged as a group, where "Barnett Slepian" is named
            return
        rooted = [m for m in inside if m.start <= span.root.i < m.end and not _qualified(span, m, label)]
        for m in rooted:
            if m.actor:
                self.emit(span, self.gaz.actor(m.actor), label)
                return
        if label in PLACE_LABELS and (actor := self.place(span)) is not None:
            self.emit(span, actor, "LOC" if label in ("PRODUCT", "ORG") else label)
            return
        if label == "ORG" and (group := self.composed(span, inside)) is not None:
            self.emit(span, group, label)
            return
        if (span.start_char, span.end_char) in self.mentions:
            return
        kind = {"ORG": "organization", "NORP": "group", "GPE": "location", "LOC": "location", "FAC": "location"}.get(label)
        if kind is None:
            return
        prefix = {"organization": "org", "group": "group", "location": "loc"}[kind]
        countries = [a.country for m in inside if m.actor and (a := self.gaz.actor(m.actor)) and a.type == "country"]
        country = countries[0] if countries and kind == "location" else None  # "Russian Far East"
        self.emit(span, Actor(f"{prefix}:{slug(span.text)}", span.text, kind, country), label)

    def place(self, span: Span) -> Actor | None:
        words = span.text.split()
        base = " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in REGION_WORDS else span.text
        if base not in self.gaz.places:
            return None
        return Actor(f"loc:{slug(base)}", base, "location", self.gaz.places[base][0])

    def composed(self, span: Span, inside: list[_Match]) -> Actor | None:
        """An organisation named as "<country> <sector word>": "Ukrainian Defense Ministry"."""
        sector = self.gaz.sector_words.get(span.root.lemma_.lower())
        countries = [a.id for m in inside if m.actor and (a := self.gaz.actor(m.actor)) and a.type == "country"]
        # "Ukraine's Ministry of Defense": the possessor may sit just outside the entity
        countries += [self.country_at[t.i] for t in span.root.children if t.i < span.start and t.i in self.country_at]
        if sector and countries:
            return self.gaz.sector_group(countries[0], sector[0], sector[1])
        return None

    def sector_groups(self) -> None:
        """"North Korean troops", "the DPRK army", "military of North Korea" → the country's sector group."""
        for mention in list(self.mentions.values()):
            actor = self.actors.get(mention.actor or "")
            if actor is None or actor.type != "country":
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            head, root = span.root.head, span.root
            if root.dep_ in ("amod", "compound", "poss", "nmod") and head.i >= span.end:
                noun = head
                group_span = self.doc[span.start:noun.i + 1]
            elif root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i < span.start:
                noun = root.head.head
                group_span = self.doc[noun.i:span.end]
            else:
                continue
            sector = self.gaz.sector_words.get(noun.lemma_.lower())
            if {noun.i, noun.i + 1, noun.head.i} & self.person_tokens:
                continue  # a title: "Ukrainian defence minister Rustem Umerov" names the person
            if sector and noun.pos_ in ("NOUN", "PROPN"):
                self.emit(group_span, self.gaz.sector_group(actor.id, sector[0], sector[1]), "GROUP")

    # -- people ------------------------------------------------------------------------

    def attach_role(self, span: Span) -> None:
        """Role, country and sector from the words around a name."""
        mention = self.mentions.get((span.start_char, span.end_char))
        if mention is None or mention.actor is None:
            return
        context = list(self.doc[span.root.left_edge.i:span.start])
        for child in span.root.children:
            if child.dep_ == "appos":
                context += list(child.subtree)
        role = _role_phrase(context)
        if role and (title := _role_span(self.doc[span.root.left_edge.i:span.start], self.country_at)) is not None:
            self.emit(title, self.actors.get(mention.actor), "ROLE")
        country = next((self.country_at[t.i] for t in context if t.i in self.country_at), None)
        org = next((a for t in context for m in self._mentions_at(t) if (a := self.actors.get(m.actor or "")) and a.type in ("organization", "group")), None)
        person = self.actors[mention.actor]
        country = country or (org.country if org else None) or person.country
        if role:
            self.person_roles.setdefault(mention.actor, set()).add((role, country))
            if not any(r.role == role and r.country == country for r in person.roles):
                person = replace(person, roles=person.roles + (Role(role, country),))
        if person.country is None and (country or org):
            sector = (org.sector if org else None) or ("GOV" if role and role.split()[-1] in GOV_ROLES else None)
            person = replace(person, country=country, sector=person.sector or sector)
        self.actors[mention.actor] = person

    def _mentions_at(self, token: Token) -> Iterator[Mention]:
        for m in self.mentions.values():
            if m.start <= token.idx < m.end and m.label != "PERSON":
                yield m

    def role_mentions(self, person_tokens: set[int]) -> None:
        """"the Ukrainian president" → whoever holds that role in the article, else on its date."""
        for chunk in self.doc.noun_chunks:
            root = chunk.root
            if root.lemma_.lower() not in ROLE_HEADS or root.i in person_tokens:
                continue
            if any(t.i in person_tokens for t in chunk) or root.head.i in person_tokens or root.dep_ == "compound":
                continue
            chunk = _same_paragraph(chunk)
            role = _role_phrase(list(chunk))
            if not role:
                continue
            country = next((self.country_at[t.i] for t in chunk if t.i in self.country_at), None)
            if country is None and not any(t.dep_ == "poss" and t.pos_ == "PRON" for t in chunk):
                continue
            actor_id = self._holder(role, country)
            if actor_id:
                span = _trim(chunk) or chunk
                self.emit(span, self.actors.get(actor_id) or self.gaz.actor(actor_id), "ROLE")

    def _holder(self, role: str, country: str | None) -> str | None:
        here = {p for p, roles in self.person_roles.items() if any(r == role and country in (None, c) for r, c in roles)}
        if len(here) == 1:
            return next(iter(here))
        if here or country is None:
            return None
        known = self.gaz.holders(role, country, self.published)
        return known[0] if len(known) == 1 else None


LOCATIVE = {"in", "near", "at", "from", "to", "outside", "around", "into", "towards", "toward", "across"}
BIG_CITY = 1_000_000


def _plainly_a_place(span: Span, population: int) -> bool:
    """A city the tagger missed: a proper noun that is either a big city or follows "in", "near", ..."""
    if not all(t.pos_ == "PROPN" for t in span):
        return False
    before = span.doc[span.start - 1].lower_ if span.start else ""
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    return population >= BIG_CITY or before in LOCATIVE or after in REGION_WORDS


def _qualified(span: Span, match: _Match, label: str) -> bool:
    """A place name qualified by another proper name is a different place: "Central America",
    "Latin American", "Cuban-Americans" are not the United States."""
    if label not in ("GPE", "LOC", "NORP"):
        return False
    before = span.doc[span.start:match.start]
    return any(t.text[:1].isupper() or t.text == "-" for t in before)


def _named(span: Span) -> bool:
    """Entities with no capitalised word ("eastern") or only role words ("Defense", "High Representative") are noise."""
    if not any(t.text[:1].isupper() for t in span):
        return False
    return not all(t.lower_ in ROLE_MODIFIERS or t.lemma_.lower() in ROLE_HEADS or t.is_stop for t in span) and span.root.lemma_.lower() not in ROLE_HEADS


def _same_paragraph(span: Span) -> Span:
    """The part of ``span`` after its last line break (headlines have no full stop to end them)."""
    breaks = [t.i for t in span if "\n" in t.text or "\n" in t.whitespace_]
    return span.doc[breaks[-1] + 1:span.end] if breaks and breaks[-1] + 1 < span.end else span


def _role_span(span: Span, country_at: dict[int, str]) -> Span | None:
    """The title before a name: country words, role modifiers and the role noun ("Ukrainian defence minister")."""
    heads = [t.i for t in span if t.lower_ in ROLE_HEADS or t.lemma_.lower() in ROLE_HEADS]
    if not heads:
        return None
    start = heads[-1]
    while start > span.start and (span.doc[start - 1].lower_ in ROLE_MODIFIERS or start - 1 in country_at):
        start -= 1
    return span.doc[start:heads[-1] + 1]


def _role_phrase(tokens: Iterable[Token]) -> str | None:
    """The role words among ``tokens``: "deputy spokesman" → "deputy spokesperson"."""
    words: list[str] = []
    for token in tokens:
        lower = token.lower_
        if lower in ROLE_HEADS or token.lemma_.lower() in ROLE_HEADS:
            words.append(lower)
            return normal_role(" ".join(words).replace(" of", "").strip())
        if lower in ROLE_MODIFIERS and token.pos_ in ("ADJ", "NOUN", "PROPN", "ADP"):
            words.append(lower)
        else:
            words = []
    return None


class _PersonIndex:
    """People in one article: full names, and short forms resolved to them."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.full: dict[str, Actor] = {}  # name key of a full name → actor
        self.parts: dict[str, set[str]] = {}  # name key of one part → full-name keys

    def collect(self, spans: list[Span]) -> None:
        for span in spans:
            name = _person_name(span.text)
            if len(name.split()) >= 2:
                key = name_key(name)
                actor = self._actor_for(name)
                if key not in self.full or len(actor.name) > len(self.full[key].name):
                    self.full[key] = actor
                parts = re.split(r"[\s-]+", name)
                for part in (parts[0], parts[-1]):
                    self.parts.setdefault(name_key(part), set()).add(key)

    def link(self, span: Span) -> Actor | None:
        name = _person_name(span.text)
        key = name_key(name)
        if not key:
            return None
        if key in self.full:
            return self.full[key]
        if len(name.split()) == 1:
            owners = self.parts.get(key, set())
            if len(owners) == 1:
                return self.full[next(iter(owners))]
            if owners:
                return None  # two people share this name here: refuse to guess
        return self._actor_for(name)

    def short_form(self, text: str) -> Actor | None:
        """The one full name in this article that ``text`` is the first or last part of, if exactly one."""
        owners = self.parts.get(name_key(text), set())
        return self.full[next(iter(owners))] if len(owners) == 1 else None

    def _actor_for(self, name: str) -> Actor:
        known = self.gaz.people.get(name_key(name))
        if known is not None:
            return self.gaz.actors[known]
        return Actor(f"person:{slug(name_key(name))}", name, "person")


def _person_name(text: str) -> str:
    words = text.replace("’s", "").replace("'s", "").split()
    while len(words) > 1 and fold(words[0]).rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words)


def link(doc: Doc, doc_id: str, gaz: Gazetteer, published: str | None = None) -> Linked:
    """Every actor mention in ``doc``, linked; pure given the gazetteer."""
    return _Linker(doc, doc_id, gaz, published).run()
