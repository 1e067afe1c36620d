"""Actor mentions: every person, organisation, country, place and armed group, linked to one actor.

Method (a rule-based linker over spaCy's entities and parse; no entity-linking
model ships on PyPI for offline use — spaCy's ``EntityLinker`` needs a trained
knowledge base, and the Wikidata-backed linkers download one):

1. *Find.* Gazetteer aliases are matched on token boundaries (longest first);
   spaCy's entities (PERSON, ORG, GPE, LOC, NORP, FAC, PRODUCT) are trimmed of
   "the" and possessives. A place name inside a longer proper name is not that
   place ("Washington Post", "RT America", "Long Island", "Iranian Red
   Crescent"); an alias two places share ("Georgia") is read as the one in the
   country the article's other places are in.
2. *Link.* An entity whose syntactic root lies inside a known alias takes that
   actor ("Ukraine's Main Directorate of Intelligence" → the GUR); a known
   city takes a location actor in its country; "<country> <sector word>"
   ("North Korean troops", "the DPRK army", "military of North Korea") takes
   the country's sector group, unless other names stand between ("Sudan
   People's Liberation Army" is its own organisation); a generic sector noun
   on its own ("Police detained ...", "rioters", "farmers") is a ``SECTOR``
   mention of the sector group of the country governing it (``sectors``);
   people are matched to
   the gazetteer by a spelling-tolerant key, and short forms ("Mr Umerov",
   "Kim") to a full name earlier or later in the same article; a title form
   ("President Clinton") names the holder of that title the data knows when
   the article's namesake never held it. Organisations are keyed without their
   legal form ("Hewlett-Packard Co." is "Hewlett-Packard"); an abbreviation
   given in parentheses or made of a named organisation's initials ("USGS"),
   and the first or last word of one named in full ("Sun", "the Post"), are
   that organisation. A business (a legal form in its name) is of the country
   its own phrase names ("Italian chemical giant Montedison S.p.A.", "Innopac
   Inc., a Toronto packaging firm"), else of the one jurisdiction its legal
   form belongs to (``legal_forms``, after ISO 20275: "N.V." NLD, "Inc." USA;
   "Ltd." and "S.A." say nothing). cleanco's legal-form table was considered:
   it lists every country a form is used in, which is what makes "Ltd." or
   "S.A." no evidence, and ranks none; a dozen forms of one jurisdiction are
   data, not a dependency.
3. *Roles.* Words around a name ("State Department deputy spokesman Vedant
   Patel", "Vadym Skibitsky, a representative from ...", "Gov. Mike Pence
   (R-Ind.)") give a person's role, country and sector (a sector word in the
   title: "opposition leader" OPP, "Senator" LEG; a former official ELI); a role alone ("the
   Ukrainian president", "the speaker") resolves to the person holding it in
   the article, else to the gazetteer's holder on the article's date.
4. *Headlines.* In a line written in title case, capitalised words are not
   evidence of a name: only names the rest of the article (or the gazetteer)
   knows are linked there, trimmed to the known part ("Obama Says" → Obama).

Ids are spelled as the name is written (``person:hillary-clinton``); the
spelling-tolerant key is only used to compare names. Cross-document
resolution (one id for "Obama" in one article and "Barack Obama" in another)
is ``storyline.link.actors``.

Refused: a short name matching two people in the article, a role two people
could hold, and country aliases inside a person's name ("Jordan Peterson").
Those stay unlinked rather than guessed. Religions are not actors.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..lexicon import lexicon, words
from ..model import Actor, Mention, Role
from ..text.docs import doc_text
from .gazetteer import Gazetteer, acronym, actor_key, fold, legal_form, legal_form_country, name_key, normal_role, org_name, person_parts, slug
from .sectors import SectorNouns


@dataclass(frozen=True)
class _Words:
    """The lexicons this module reads (data/lexicons/actor_*.yaml)."""

    linkable: frozenset[str]
    place_labels: frozenset[str]
    kinds: dict[str, str]
    role_heads: frozenset[str]
    role_modifiers: frozenset[str]
    titles: frozenset[str]
    gov_roles: frozenset[str]
    legislative: frozenset[str]
    female: frozenset[str]
    male: frozenset[str]
    not_the_holder: frozenset[str]
    candidacies: frozenset[str]
    party_roles: frozenset[str]
    abbreviations: dict[str, str]
    region_words: frozenset[str]
    locatives: frozenset[str]
    settings: frozenset[str]
    determiners: frozenset[str]
    particles: frozenset[str]
    composed_modifiers: frozenset[str]
    beliefs: frozenset[str]


@functools.cache
def _words() -> _Words:
    labels, roles, places, names = (lexicon(n) for n in ("actor_labels", "actor_roles", "actor_places", "actor_names"))

    def group(table: dict, name: str) -> frozenset[str]:
        return frozenset(str(w) for w in table[name])

    return _Words(
        linkable=group(labels, "linkable"), place_labels=group(labels, "places"), kinds=dict(labels["kinds"]),
        role_heads=group(roles, "heads"), role_modifiers=group(roles, "modifiers"), titles=group(roles, "titles"),
        gov_roles=group(roles, "government"), legislative=group(roles, "legislative"), female=group(roles, "female"),
        male=group(roles, "male"),
        not_the_holder=group(roles, "not_the_holder"), candidacies=group(roles, "candidacies"),
        party_roles=group(roles, "party_roles"),
        abbreviations=dict(roles["abbreviations"]), region_words=group(places, "region_words"),
        locatives=group(places, "locatives"), settings=group(places, "settings"), determiners=group(names, "determiners"), particles=group(names, "name_particles"),
        composed_modifiers=group(names, "composed_modifiers"), beliefs=words("actor_beliefs"),
    )


BIG_CITY = 1_000_000


@dataclass(frozen=True)
class _Match:
    start: int  # token indices
    end: int
    actor: str | None
    place: str | None = None  # ISO3 when this is a city name
    population: int = 0
    cut: int = 0  # characters of a glued possessive left out at the end ("Ukraineʼs")
    candidates: tuple[str, ...] = ()  # an alias several places share


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
                    elif candidate in gaz.ambiguous:
                        best = _Match(i, j, None, cut=cut_here, candidates=gaz.ambiguous[candidate])
                    elif candidate in gaz.places and (best is None or best.actor is None):
                        best = _Match(i, j, None, *gaz.places[candidate], cut=cut_here)
                phrase += texts[j - 1]
        if best and _counted(doc, best):
            i = best.end  # "43 RBIs", "a 100-RBI season": a unit counted, not the Reserve Bank of India
        elif best:
            matches.append(best)
            i = best.end
        else:
            i += 1
    return matches


def _counted(doc: Doc, match: _Match) -> bool:
    """A capitalised abbreviation counted by the number before it: after a number, plural or ending its phrase
    ("36 KOs", "43 RBIs", "121 RBI."), or joined to it by a hyphen ("100-RBI"). "Two UN agencies" still names
    the UN."""
    word = doc[match.start].text
    if match.end - match.start != 1 or match.start == 0 or not re.fullmatch(r"[A-Z]{2,5}s?", word):
        return False
    before = doc[match.start - 1]
    if before.text == "-" and not before.whitespace_ and match.start >= 2:
        return doc[match.start - 2].like_num and not doc[match.start - 2].whitespace_
    after = doc[match.end] if match.end < len(doc) else None
    return before.like_num and (word.endswith("s") or after is None or after.is_punct or after.pos_ in ("CCONJ", "ADP"))


_GLUED_POSSESSIVE = re.compile(r"(?<=\w)[ʼ’'][sS]$")


def _bare(text: str) -> tuple[str, int]:
    """A token without a possessive the tokenizer left glued on: ("Ukraine", 2) for "Ukraineʼs"."""
    match = _GLUED_POSSESSIVE.search(text)
    return (text[: match.start()], len(text) - match.start()) if match else (text, 0)


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _words().determiners or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    if doc[start].is_sent_start:  # "HARARE - Authorities": a dateline run into the lead's first word
        for i in range(start + 1, end - 1):
            if doc[i].text in _DATELINE_DASHES:
                if all(t.is_upper or t.is_punct for t in doc[start:i]) and not doc[i + 1].is_upper:
                    start = i + 1
                break
    return doc[start:end] if end > start else None


_DATELINE_DASHES = ("-", "--", "—", "–", "_")


def _singular(word: str) -> str:
    """A plural as written to its singular, for words the tagger took for names ("Authorities", "Students")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


def title_case_lines(doc: Doc, text: str | None = None) -> set[int]:
    """Token indices of lines written in title case (headlines), where capitals say nothing about names."""
    text = doc_text(doc) if text is None else text
    out: set[int] = set()
    offset = 0
    for line in text.split("\n"):
        words = _LONG_WORD.findall(line)
        capitals = sum(w[0].isupper() for w in words)
        if len(words) >= 4 and capitals >= 0.8 * len(words):
            span = doc.char_span(offset, offset + len(line), alignment_mode="expand")
            # not a sentence made of names: three capitalised words outside entities
            if span is not None and sum(t.text[:1].isupper() and len(t.text) > 3 and not t.ent_type_ for t in span) >= 3:
                out.update(range(span.start, span.end))
        offset += len(line) + 1
    return out


class _Linker:
    def __init__(self, doc: Doc, doc_id: str, gaz: Gazetteer, published: str | None):
        self.doc, self.doc_id, self.gaz, self.published = doc, doc_id, gaz, published
        self.words = _words()
        self.text = doc_text(doc)
        self.mentions: dict[tuple[int, int], Mention] = {}
        self.actors: dict[str, Actor] = {}
        self.country_at: dict[int, str] = {}  # token index → country of a country mention covering it
        self.place_country_at: dict[int, str] = {}  # token index → country of any linked place, party or body
        self.person_roles: dict[str, set[tuple[str, str | None]]] = {}
        self.person_ids = _PersonIndex(gaz, published)
        self.orgs = _OrgIndex()
        self.person_tokens: set[int] = set()
        self.headline: set[int] = set()
        self.alias_tokens: set[int] = set()

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
            if actor.country and actor.type != "person":
                for token in span:
                    self.place_country_at.setdefault(token.i, actor.country)

    # -- the pass -------------------------------------------------------------------

    def run(self) -> Linked:
        doc, gaz = self.doc, self.gaz
        self.headline = title_case_lines(doc, self.text)
        matches = self.resolve_ambiguous(find_aliases(doc, gaz))
        self.alias_tokens = {i for m in matches if m.actor for i in range(m.start, m.end)}
        ents = [(e.label_, t) for e in doc.ents if e.label_ in self.words.linkable and (t := _trim(e)) is not None
                and _named(t) and t.text not in self.words.beliefs and not self._generic(t)]
        ents = [(self._relabel(label, span, matches), span) for label, span in ents]
        ents = [(label, self._whole_name(span) if label == "PERSON" else span) for label, span in ents]
        ents = [(label, t) for label, span in ents if (t := _name_start(span) if label == "PERSON" else span) is not None]
        body = [(label, span) for label, span in ents if span.start not in self.headline]
        heads = [(label, span) for label, span in ents if span.start in self.headline]
        persons = [t for label, t in body if label == "PERSON"]
        known = [self._whole_name(doc[m.start:m.end]) for m in matches if m.actor and gaz.actors[m.actor].type == "person"
                 and m.start not in self.headline]  # "Ivanka" before a known "Trump" makes another name
        known = [k for k in known if not any(p.start <= k.start < p.end for p in persons)]
        self.person_tokens = {i for p in persons + known for i in range(p.start, p.end)}
        self.person_ids.collect(persons + known)
        self.person_ids.titled([p for p in persons if p.start and len(p) == 1])
        self.orgs.collect([span for label, span in body if label == "ORG"], doc)
        qualified = {i for label, span in ents for m in matches if span.start <= m.start and m.end <= span.end
                     and _qualified(span, m, label) for i in range(m.start, m.end)}
        for m in matches:
            actor = gaz.actor(m.actor) if m.actor else None
            if actor is None or m.start in qualified or self.in_longer_name(m.start, m.end):
                continue  # "America" inside "Central America", "Washington" inside "Washington Post"
            if actor.type == "person":
                continue  # people are linked through the article's names below
            if any(i in self.person_tokens for i in range(m.start, m.end)):
                continue  # "Jordan" inside "Michael Jordan"
            self.emit(doc[m.start:m.end], actor, "GAZ" if actor.type != "country" else "GPE", m.cut)
        for span in known:
            self.emit(span, self.person_ids.link(span), "PERSON")
        for label, span in body:
            self.link_entity(label, span, matches)
        for _, span in heads:
            self.link_headline(span)
        in_ents = {i for _, span in ents for i in range(span.start, span.end)}
        for m in matches:
            span = doc[m.start:m.end]
            if (m.place and not in_ents & set(range(m.start, m.end)) and not self.in_longer_name(m.start, m.end)
                    and _plainly_a_place(span, m.population)):
                self.emit(span, Actor(f"loc:{slug(span.text)}", span.text, "location", m.place), "LOC", m.cut)
        self.incorporate()
        for span in persons:
            self.attach_role(span)
        self.role_mentions(self.person_tokens)
        self.sector_groups()  # after the roles: "the Vermont senator" is a person before it is a legislature
        sectors = list(self.sector_nouns())
        mentions = sorted([*self.mentions.values(), *sectors], key=lambda m: (m.start, -m.end))
        actors = {i: replace(self._as_of(a), key=actor_key(a)) for i, a in self.actors.items()}
        return Linked(mentions, actors)

    def _as_of(self, person: Actor) -> Actor:
        """A curated person's sector on the publication date, from their dated roles: a sitting legislator is
        LEG, another sitting official GOV; someone out of office who has held one is a former official (ELI:
        also between two terms); someone who has held none is the opposition (OPP) while a candidacy runs, as
        the data dates it or the article calls them, else has no sector."""
        dated = [r for r in person.roles if r.since or r.until]
        if person.type == "person" and self.published and not person.roles and not person.sector and person.country \
                and " " not in person.name and person.id not in self.gaz.actors:
            # a surname alone that only people of one country bear ("Clinton" in 2016): the sector they all
            # have on the date, when they share one (Bill and Hillary, both former officials)
            sectors = {self._as_of(b).sector for b in self.gaz.surname_bearers(person.name)}
            return replace(person, sector=sectors.pop()) if len(sectors) == 1 else person
        if person.type != "person" or not self.published or not dated or person.sector not in (None, "GOV", "LEG", "ELI"):
            return person
        on = self.published[:10]
        offices = [r for r in dated if r.role.split()[-1] not in self.words.candidacies]
        active = [r for r in offices if _during(r, on)]
        if active:
            legislative = all(r.role in self.words.legislative for r in active)
            return replace(person, sector="LEG" if legislative else "GOV")
        if any(r.until is not None and r.until[:len(on)] < on for r in offices):
            return replace(person, sector="ELI")
        if all(r.since is not None and on < r.since[:len(on)] for r in offices):
            running = any(r.role.split()[-1] in self.words.candidacies and (not r.since or _during(r, on))
                          for r in person.roles)
            return replace(person, sector="OPP" if running else None)
        return person

    def resolve_ambiguous(self, matches: list[_Match]) -> list[_Match]:
        """An alias two places share takes the one whose country the article's other places are in;
        with no evidence, the country itself ("Georgia" the country, unless the article is about US states)."""
        votes: Counter[str] = Counter(a.country for m in matches if m.actor and (a := self.gaz.actors[m.actor]).country
                                      and a.type in ("country", "location"))
        votes.update(m.place for m in matches if m.place)
        out = []
        for m in matches:
            if m.candidates:
                options = [o for c in m.candidates if (o := self.gaz.actor(c)) is not None]
                chosen = max(options, key=lambda o: (votes[o.country or ""], o.type == "country", o.id))
                m = replace(m, actor=chosen.id, candidates=())
            out.append(m)
        return out

    def _generic(self, span: Span) -> bool:
        """An "entity" made of sector nouns only ("Police", "Farmers' representatives") names no one:
        the sector pass links it."""
        words = [t for t in span if not (t.is_punct or t.pos_ in ("DET", "PART"))]
        sector_words = self.gaz.sector_words
        plain = all(t.lemma_.lower() in sector_words or t.lower_ in sector_words
                    or _singular(t.lower_) in sector_words for t in words)
        # a capital mid-sentence is a name ("a Navy veteran"); at a sentence start, or after a dateline, it says nothing
        after_dateline = bool(words) and words[0].i > 0 and self.doc[words[0].i - 1].text in _DATELINE_DASHES
        return bool(words) and plain and (words[0].is_sent_start or after_dateline or words[0].text.islower()
                                          or words[0].i in self.headline)

    def in_longer_name(self, start: int, end: int) -> bool:
        """Whether tokens ``start:end`` are part of a longer proper name ("Washington Post", "RT America")."""
        if start in self.headline:
            return False
        doc = self.doc
        before = start - 1
        if before >= 1 and doc[before].text == "-" and not doc[before].whitespace_:
            before -= 1  # "Initiative-America"
        after = end
        if after + 1 < len(doc) and doc[after].text == "-" and not doc[after - 1].whitespace_:
            after += 1
        return (before >= 0 and self._name_word(doc[before], first=True)) or (after < len(doc) and self._name_word(doc[after]))

    def _name_word(self, token: Token, first: bool = False) -> bool:
        text = token.text
        if not text[:1].isupper() or not any(c.isalpha() for c in text) or token.is_punct or token.like_num or len(text) == 1:
            return False  # a party letter ("R-S.C.") is no name
        if "\n" in token.whitespace_ or token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"):
            return False
        lower = fold(text).strip(".")
        w = self.words
        if lower in w.role_heads or lower in w.role_modifiers or lower in w.titles or lower in w.region_words:
            return False
        named_body = token.ent_type_ in ("ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART")
        if (token.lemma_.lower() in self.gaz.sector_words and not named_body) or token.lemma_.lower() in w.role_heads:
            return False  # "Istanbul police"; but "American Federation of Teachers" is one name
        if token.i in self.alias_tokens:
            return False  # another known name ("US Congress")
        if first and token.is_sent_start and token.pos_ != "PROPN":
            return False  # "Yesterday Russia said"
        return not token.is_stop

    def _whole_name(self, span: Span) -> Span:
        """A surname the tagger took alone: "Ivanka" before "Trump" is part of the name (one word is added,
        so "Crooked Hillary Clinton" stays Hillary Clinton)."""
        start = span.start
        while len(span) == 1 and start == span.start and start > 0 and start not in self.headline:
            token = self.doc[start - 1]
            if token.pos_ != "PROPN" or not token.is_alpha or token.ent_type_ or token.is_sent_start:
                break
            if token.i in self.alias_tokens or not self._name_word(token):
                break
            start -= 1
        return self.doc[start:span.end]

    def _relabel(self, label: str, span: Span, matches: list[_Match]) -> str:
        """A "person" that is exactly a known place or body ("Kyiv confirmed ...") is that place; a "place"
        after a person's title is a person ("President Kennedy")."""
        titled = span.start > 0 and fold(self.doc[span.start - 1].text).rstrip(".") in self.words.titles
        if label in ("GPE", "LOC") and titled and len(span) <= 2 and all(t.text[:1].isupper() for t in span):
            return "PERSON"
        if label != "PERSON":
            return label
        whole = [m for m in matches if m.start == span.start and m.end == span.end]
        for m in whole:
            actor = self.gaz.actor(m.actor) if m.actor else None
            if actor is not None and actor.type != "person":
                return "GPE" if actor.type == "country" else "ORG"
            if m.place and len(span) == 1 and not titled:
                return "GPE"
        return label

    def link_entity(self, label: str, span: Span, matches: list[_Match]) -> None:
        if label == "PERSON":
            self.link_person(span)
            return
        inside = [m for m in matches if m.start >= span.start and m.end <= span.end]
        if not inside and (person := self.person_ids.same_person(span.text)) is not None:
            self.emit(span, person, "PERSON")  # "Slepian" or "Keith Lamont Scott" tagged as a group or organisation
            return
        rooted = [m for m in inside if m.start <= span.root.i < m.end and not _qualified(span, m, label)
                  and not self.in_longer_name(m.start, m.end)]
        for m in rooted:
            if m.actor:
                self.emit(span, self._national(span, inside, m) or self.gaz.actor(m.actor), label)
                return
        if label in self.words.place_labels and (actor := self.place(span)) is not None:
            self.emit(span, actor, "LOC" if label in ("PRODUCT", "ORG") else label)
            return
        if label == "ORG" and (group := self.composed(span, inside)) is not None:
            self.emit(span, group, label)
            return
        if (span.start_char, span.end_char) in self.mentions:
            return
        if label == "ORG":
            found = self.orgs.link(span) or self._located(span)
            if found is not None and found.type == "organization" and found.country is None:
                found = self._homed(span, inside, found)
            if found is not None and found.type == "organization" and found.country is None:
                found = self._institution(span, found)
            if found is not None and found.type == "organization" and found.country is None:
                found = _outlet(span, found)
            self.emit(span, found, label)
            return
        kind = self.words.kinds.get(label)
        if kind is None:
            return
        prefix = {"organization": "org", "group": "group", "location": "loc"}[kind]
        countries = [a.country for m in inside if m.actor and (a := self.gaz.actor(m.actor)) and a.type == "country"]
        country = countries[0] if countries and kind == "location" and not self.in_longer_name(inside[0].start, inside[0].end) else None
        self.emit(span, Actor(f"{prefix}:{slug(span.text)}", span.text, kind, country), label)

    def _national(self, span: Span, inside: list[_Match], body: _Match) -> Actor | None:
        """"Philippine Senate": a body's name after another country is that country's body of the same sector."""
        actor = self.gaz.actor(body.actor) if body.actor else None
        if actor is None or not actor.sector or actor.type == "country":
            return None
        before = [a for m in inside if m.end <= body.start and m.actor and (a := self.gaz.actor(m.actor)) and a.type == "country"]
        if before and before[-1].country != actor.country and before[-1].country:
            return self.gaz.sector_group(before[-1].country, actor.sector, actor.type)
        return None

    def _homed(self, span: Span, inside: list[_Match], org: Actor) -> Actor:
        """An organisation named after its country ("Ghana Bar Association") or owned by it ("China's
        Export-Import Bank") is that country's; an association or union also takes its sector, and so does a
        state institution ("Ecuador's National Assembly" LEG)."""
        body = span.root.lemma_.lower() in self._sector_rules()["named_bodies"]
        countries = [self.country_at[t.i] for t in span.root.children if t.i < span.start and t.i in self.country_at]
        if body:  # a country inside the name only for an association or union ("Sudan People's Liberation Army" is not Sudan's)
            countries += [a.country or a.id for m in inside if m.actor and (a := self.gaz.actor(m.actor)) and a.type == "country"]
        if not countries or not countries[0]:
            return org
        sector = None
        found = self._sector_nouns().sector_of(span.root)
        if body or found and found[0] in self._sector_rules()["institutions"]:  # "Ecuador's National Assembly": LEG
            sector = found[0] if found and found[0] != "-" else None
        homed = replace(org, country=countries[0], sector=org.sector or sector)
        self.orgs.by_key[fold(org_name(span.text))] = homed
        return homed

    def _institution(self, span: Span, org: Actor) -> Actor:
        """A state body named without its country ("the Supreme Court ordered the White House", "Venezuela's
        opposition accused the National Electoral Council") is of the one country the sentence's other actors
        share, with its sector ("Legislative Council" LEG)."""
        if not span.start or self.doc[span.start - 1].lower_ != "the":
            return org
        nouns = self._sector_nouns()
        found = nouns.sector_of(span.root)
        if found is None or found[0] not in self._sector_rules()["institutions"]:
            return org
        country = nouns.sentence_country(span.root)
        return replace(org, country=country, sector=org.sector or found[0]) if country else org

    def incorporate(self) -> None:
        """A business's home country, once every place is linked: a country or place its own phrase names
        ("Italian chemical giant Montedison S.p.A.", "Royal Trustco Ltd. of Toronto", "Innopac Inc., a
        Toronto packaging firm"), else the one jurisdiction its legal form belongs to ("Erbamont N.V.",
        "Coda Energy Inc."; ``legal_forms``). Forms several countries share ("Ltd.", "S.A.", "AG") say
        nothing. The first mention that tells decides for every mention of the firm."""
        homes: dict[str, str] = {}
        forms: dict[str, str] = {}
        for mention in sorted(self.mentions.values(), key=lambda m: m.start):
            firm = self.actors.get(mention.actor or "")
            if firm is None or firm.type != "organization" or firm.country or firm.sector != "BUS" or firm.id in homes:
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            if country := self._named_home(span):
                homes[firm.id] = country
            elif country := legal_form_country(span.text):
                forms.setdefault(firm.id, country)
        for firm_id, country in {**forms, **homes}.items():
            self.actors[firm_id] = replace(self.actors[firm_id], country=country)

    def _named_home(self, span: Span) -> str | None:
        """The country or place a firm's own phrase names: an adjective or compound of the noun it is in
        apposition to, an "of"/"in" after it, or its appositive ("the Detroit-based auto maker")."""
        root = span.root
        near: list[Token] = []
        if root.dep_ in ("appos", "compound", "nmod") and root.head.pos_ in ("NOUN", "PROPN") \
                and not span.start <= root.head.i < span.end:
            near += [c for c in root.head.children if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < root.head.i]
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                near += [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ == "appos":
                near += [t for t in child.subtree if t.i < child.i]
            elif child.dep_ in ("amod", "compound", "poss") and child.i < span.start:
                near.append(child)
        for token in near:
            for t in token.subtree:
                if country := self.country_at.get(t.i) or self.place_country_at.get(t.i):
                    return country
        return None

    def _located(self, span: Span) -> Actor | None:
        """A one-word "organisation" after "in" or "near" is a place the tagger mislabelled ("in Jabaliya")."""
        before = self.doc[span.start - 1].lower_ if span.start else ""
        if len(span) == 1 and before in ("in", "near", "outside"):
            return Actor(f"loc:{slug(span.text)}", span.text, "location")
        return None

    def link_person(self, span: Span) -> None:
        nickname = self.person_ids.nickname(span)
        if nickname is not None:  # "Crooked Hillary": the known first name is the person
            self.emit(span[-1:], nickname, "PERSON")
            return
        title = self.doc[span.start - 1].text if span.start else ""
        self.emit(span, self.person_ids.link(span, title), "PERSON")

    def link_headline(self, span: Span) -> None:
        """A name in a title-case line, trimmed to the longest part the article knows."""
        i = span.start
        while i < span.end:
            for j in range(span.end, i, -1):
                part = self.doc[i:j]
                actor = self.person_ids.known(part.text) or self.orgs.known(part.text)
                if actor is not None:
                    self.emit(part, actor, "PERSON" if actor.type == "person" else "ORG")
                    i = j
                    break
            else:
                i += 1

    def place(self, span: Span) -> Actor | None:
        words = span.text.split()
        base = " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in self.words.region_words else span.text
        if base not in self.gaz.places:
            return None
        return Actor(f"loc:{slug(base)}", base, "location", self.gaz.places[base][0])

    def composed(self, span: Span, inside: list[_Match]) -> Actor | None:
        """An organisation named as "<country> <sector word>": "Ukrainian Defense Ministry"."""
        sector = self.gaz.sector_words.get(span.root.lemma_.lower())
        if sector is None:
            return None
        country_matches = [m for m in inside if m.actor and (a := self.gaz.actor(m.actor)) and a.type == "country"]
        countries = [m.actor for m in country_matches if m.actor]
        # "Ukraine's Ministry of Defense": the possessor may sit just outside the entity
        countries += [self.country_at[t.i] for t in span.root.children if t.i < span.start and t.i in self.country_at]
        covered = {i for m in country_matches for i in range(m.start, m.end)} | {span.root.i}
        others = [t for t in span if t.i not in covered and fold(t.text) not in self.words.composed_modifiers]
        if countries and not others:
            return self.gaz.sector_group(countries[0], sector[0], sector[1])
        return None

    def sector_groups(self) -> None:
        """"North Korean troops", "the DPRK army", "military of North Korea", "Indian and Chinese troops",
        "Hong Kong police" → the country's sector group."""
        nouns = self._sector_nouns()
        people = {t.i for m in self.mentions.values() if m.actor and m.actor.startswith("person:")
                  for t in self.doc.char_span(m.start, m.end, alignment_mode="expand") or ()}
        bodies = {t.i: a.country for m in self.mentions.values() if m.actor and m.label in ("GAZ", "ORG")
                  and (a := self.actors.get(m.actor)) is not None and a.type != "country"
                  for t in self.doc.char_span(m.start, m.end, alignment_mode="expand") or ()}
        for mention in list(self.mentions.values()):
            actor = self.actors.get(mention.actor or "")
            if actor is None or not (actor.type == "country" or actor.type == "location" and actor.country):
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            while root.dep_ == "conj" and root.head.i < root.i and root.head.dep_ in ("amod", "compound", "nmod"):
                root = root.head  # "Indian and Chinese troops"
            head = root.head
            if head.dep_ == "compound" and head.head.i > head.i and nouns.entry(head) is None:
                head = head.head  # "Lusaka city authorities"
            if root.dep_ in ("amod", "compound", "poss", "nmod") and head.i >= span.end:
                noun = head
                group_span = self.doc[span.start:noun.i + 1]
            elif root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i < span.start:
                noun = root.head.head
                group_span = self.doc[noun.i:span.end]
            else:
                continue
            sector = nouns.sector_of(noun)
            if {noun.i, noun.i + 1, noun.head.i} & self.person_tokens or noun.i in people:
                continue  # a title: "Ukrainian defence minister Rustem Umerov" names the person
            if noun.i in bodies and bodies[noun.i] in (None, actor.country or actor.id):
                continue  # the country's own named body: "Sudan's Rapid Support Forces" (not "Italian Senate")
            if sector and noun.pos_ in ("NOUN", "PROPN"):
                country = actor.country or actor.id
                self.emit(group_span, nouns.group(country, sector[0], sector[1], noun), "GROUP")

    def _sector_nouns(self) -> SectorNouns:
        taken = {t.i for m in self.mentions.values() if m.actor
                 for t in (self.doc.char_span(m.start, m.end, alignment_mode="expand") or ())}
        places = {i: c for i, c in self.place_country_at.items()
                  if (m := next(self._mentions_at(self.doc[i]), None)) is not None
                  and (a := self.actors.get(m.actor or "")) is not None and a.type == "location"}
        owners: dict[int, tuple[str, str]] = {}  # token → (country, sector) of the actor named over it
        for m in self.mentions.values():
            actor = self.actors.get(m.actor or "")
            if actor is not None and actor.country and (actor.type == "country" or actor.sector):
                for t in self.doc.char_span(m.start, m.end, alignment_mode="expand") or ():
                    owners.setdefault(t.i, (actor.country, "STATE" if actor.type == "country" else actor.sector or ""))
        return SectorNouns(self.doc, self.gaz, self.text, self.country_at, self.place_country_at, places,
                           taken | self.person_tokens, self.words.settings, owners)

    def sector_nouns(self) -> Iterator[Mention]:
        """Generic sector nouns ("Police", "rioters", "Farmers' representatives") as sector groups (``sectors``)."""
        for found in self._sector_nouns().find():
            span = found.span
            self.actors.setdefault(found.actor.id, found.actor)
            yield Mention(self.doc_id, span.start_char, span.end_char, self.text[span.start_char:span.end_char],
                          found.actor.id, "SECTOR")

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
        context += _parenthesis_after(span)  # "Gov. Mike Pence (R-Ind.)"
        role = _role_phrase(context)
        if role and (title := _role_span(self.doc[span.root.left_edge.i:span.start], self.country_at)) is not None:
            self.emit(title, self.actors.get(mention.actor), "ROLE")
        country = next((self.country_at[t.i] for t in context if t.i in self.country_at), None)
        country = country or next((self.place_country_at[t.i] for t in context if t.i in self.place_country_at), None)
        org = next((a for t in context for m in self._mentions_at(t) if (a := self.actors.get(m.actor or "")) and a.type in ("organization", "group")), None)
        person = self.actors[mention.actor]
        country = country or (org.country if org else None) or person.country
        if role:
            self.person_roles.setdefault(mention.actor, set()).add((role, country))
            if not any(r.role == role and r.country == country for r in person.roles):
                person = replace(person, roles=person.roles + (Role(role, country),))
        org_sector = org.sector if org else None
        if org_sector == "PTY" and role and role.split()[-1] in self.words.gov_roles - self.words.party_roles:
            org_sector = None  # "Republican Senator Bob Corker": a party's member in an office acts in the office
        sector = self._candidacy(context, role) or org_sector or self._role_sector(context, role)
        if person.country is None and not (country or org) and sector in self._sector_rules()["domestic"] | {"ELI"}:
            country = self._sector_nouns().sentence_place(span.root)  # "opposition leader Ousmane Sonko ... in Dakar"
        if person.country is None and not (country or org):
            owner = self._sector_nouns().clause_owner(span.root)
            if owner is not None and owner[1] in self._sector_rules()["home_subjects"]:
                country = owner[0]  # "Tunisian authorities detain Rached Ghannouchi": a state acts on its own people
        if sector == "ELI" and person.sector == "GOV":
            person = replace(person, sector=sector)  # "former president Jair Bolsonaro": no longer in office
        if person.country is None and (country or org):
            person = replace(person, country=country, sector=person.sector or sector)
        elif person.sector is None and sector:
            person = replace(person, sector=sector)
        self.actors[mention.actor] = person

    @staticmethod
    def _sector_rules() -> dict[str, frozenset[str]]:
        from .sectors import _rules

        return _rules()

    def _candidacy(self, context: list[Token], role: str | None) -> str | None:
        """"Republican presidential candidate Donald Trump" (in 2016), "Democratic hopeful Martin O'Malley":
        running for an office is PLOVER's political opposition (OPP), whatever party the phrase names; one
        who holds an office keeps its sector (the curated data's, or its title's)."""
        head = role.split()[-1] if role else None
        if head in self.words.candidacies and not any(t.lower_ in ("former", "failed", "defeated") for t in context):
            return "OPP"
        return None

    def _role_sector(self, context: list[Token], role: str | None) -> str | None:
        """A person's sector from the words before the name: a sector word ("opposition leader" OPP, "rebel
        commander" REB, "Senator" LEG, "Sen." and "Rep." as the legislative roles they abbreviate), a former
        government role ELI (PLOVER: former officials), else LEG for a legislative role and GOV for another
        government one. A party word yields to an office that is not a party's own ("Republican Senator" LEG,
        "Democratic Gov." GOV; "Republican Party chairman" PTY)."""
        head = role.split()[-1] if role else None
        words = [t for t in context if t.i not in self.country_at]
        if head in self.words.gov_roles and any(t.lower_ == "former" for t in words):
            return "ELI"
        office = "LEG" if head in self.words.legislative else "GOV" if head in self.words.gov_roles else None
        for token in words:
            abbreviated = self.words.abbreviations.get(token.lower_.rstrip("."))
            if abbreviated in self.words.legislative:
                return "LEG"  # "Sen. Bob Corker", "Rep. Darrell Issa"
            for key in (token.lemma_.lower(), token.lower_):
                if (found := self.gaz.sector_words.get(key)) is not None and found[0] not in ("", "GOV"):
                    if found[0] == "PTY" and office is not None and head not in self.words.party_roles:
                        break  # "Republican Senator Bob Corker", "Democratic Gov. Andrew Cuomo": the office, not the party
                    return found[0]
        return office

    def _mentions_at(self, token: Token) -> Iterator[Mention]:
        for m in self.mentions.values():
            if m.start <= token.idx < m.end and m.label != "PERSON":
                yield m

    def role_mentions(self, person_tokens: set[int]) -> None:
        """"the Ukrainian president", "the speaker" → whoever holds that role in the article, else on its date."""
        for chunk in self.doc.noun_chunks:
            root = chunk.root
            if root.lemma_.lower() not in self.words.role_heads or root.i in person_tokens:
                continue
            if any(t.i in person_tokens for t in chunk) or root.head.i in person_tokens or root.dep_ in ("compound", "attr"):
                continue
            chunk = _same_paragraph(chunk)
            if any(t.lower_ in self.words.not_the_holder for t in chunk) or root.tag_ in ("NNS", "NNPS"):
                continue
            role = _role_phrase(list(chunk))
            if not role:
                continue
            country = next((self.country_at[t.i] for t in chunk if t.i in self.country_at), None)
            definite = chunk[0].lower_ == "the" or any(t.dep_ == "poss" and t.pos_ == "PRON" for t in chunk)
            if country is None and not definite:
                continue
            actor_id = self._holder(role, country, chunk.start_char)
            if actor_id:
                span = _trim(chunk) or chunk
                self.emit(span if span[0].lower_ not in ("his", "her", "their", "its") else chunk, self.actors.get(actor_id) or self.gaz.actor(actor_id), "ROLE")

    def _holder(self, role: str, country: str | None, at: int) -> str | None:
        """Who "the <role>" at character ``at`` is: the one person the article gives that role, else the one
        named person the data says holds it (or, for "former", held it) on the article's date, else the
        gazetteer's holder for the country. Of several the article gives it, the one named last before."""
        for fits in (str.__eq__, _fits):
            here = {p for p, roles in self.person_roles.items() if any(fits(role, r) and country in (None, c) for r, c in roles)}
            if len(here) == 1:
                return next(iter(here))
            if here:
                return self._latest_before(here, at)
        dated = {a.id for a in self.actors.values() if a.type == "person" and any(self._held_then(role, r, country) for r in a.roles)}
        if len(dated) == 1:
            return next(iter(dated))
        if country is None:
            return None
        known = self.gaz.holders(role, country, self.published)
        return known[0] if len(known) == 1 else None

    def _held_then(self, role: str, held: Role, country: str | None) -> bool:
        words = role.split()
        if not self.published or held.role.split()[-1] != words[-1] or country not in (None, held.country):
            return False
        if "former" in words:
            return held.until is not None and held.until <= self.published
        return set(words) <= set(held.role.split()) and _during(held, self.published)

    def _latest_before(self, people: set[str], at: int) -> str | None:
        """Of ``people``, the one whose name was mentioned last before ``at`` (none when none was)."""
        before = [(m.start, m.actor) for m in self.mentions.values() if m.actor in people and m.label == "PERSON" and m.start < at]
        return max(before)[1] if before else None


def _during(role: Role, on: str) -> bool:
    on = on[:10]
    return (role.since is None or role.since[:len(on)] <= on) and (role.until is None or on <= role.until)


def _outlet(span: Span, org: Actor) -> Actor:
    """A news outlet named as an actor ("searched the BBC's offices") is its country's news media (JRN)."""
    from ..ingest.outlets import outlets

    country = outlets().country(span.text)
    return replace(org, country=country, sector=org.sector or "JRN") if country else org


def _parenthesis_after(span: Span) -> list[Token]:
    """The tokens of a parenthesis right after ``span``: "(R-S.C.)", "(D)"."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != "(":
        return []
    out: list[Token] = []
    for token in doc[span.end + 1:span.end + 8]:
        if token.text == ")":
            return out
        out.append(token)
    return []


def _name_start(span: Span) -> Span | None:
    """A person's name begins with a capital or a particle: "longtime Clinton" is "Clinton", "pro-Trump"
    is "Trump"."""
    start = span.start
    particles = _words().particles
    while start < span.end and (span.doc[start].text[:1].islower() or span.doc[start].text == "-") \
            and span.doc[start].lower_ not in particles:
        start += 1
    return span.doc[start:span.end] if start < span.end else None


def _plainly_a_place(span: Span, population: int) -> bool:
    """A city the tagger missed: a proper noun that is either a big city or follows "in", "near", ..."""
    if not all(t.pos_ == "PROPN" for t in span):
        return False
    before = span.doc[span.start - 1].lower_ if span.start else ""
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    if fold(before).rstrip(".") in _words().titles:
        return False  # "President Kennedy" is no city
    return population >= BIG_CITY or before in _words().locatives or after in _words().region_words


def _qualified(span: Span, match: _Match, label: str) -> bool:
    """A place name qualified by another proper name is a different place: "Central America",
    "Latin American", "Cuban-Americans" are not the United States."""
    if label not in ("GPE", "LOC", "NORP"):
        return False
    before = span.doc[span.start:match.start]
    return any(t.text[:1].isupper() or t.text == "-" for t in before)


def _named(span: Span) -> bool:
    """Entities with no capitalised word ("eastern") or only role words ("Defense", "High Representative") are noise."""
    w = _words()
    if not any(t.text[:1].isupper() for t in span):
        return False
    return not all(t.lower_ in w.role_modifiers or t.lemma_.lower() in w.role_heads or t.is_stop for t in span) and span.root.lemma_.lower() not in w.role_heads


def _same_paragraph(span: Span) -> Span:
    """The part of ``span`` after its last line break (headlines have no full stop to end them)."""
    breaks = [t.i for t in span if "\n" in t.text or "\n" in t.whitespace_]
    return span.doc[breaks[-1] + 1:span.end] if breaks and breaks[-1] + 1 < span.end else span


def _role_span(span: Span, country_at: dict[int, str]) -> Span | None:
    """The title before a name: country words, role modifiers and the role noun ("Ukrainian defence minister")."""
    w = _words()
    heads = [t.i for t in span if t.lower_ in w.role_heads or t.lemma_.lower() in w.role_heads]
    if not heads:
        return None
    start = heads[-1]
    while start > span.start and (span.doc[start - 1].lower_ in w.role_modifiers or start - 1 in country_at):
        start -= 1
    return span.doc[start:heads[-1] + 1]


def _role_phrase(tokens: Iterable[Token]) -> str | None:
    """The role words among ``tokens``: "deputy spokesman" → "deputy spokesperson"."""
    w = _words()
    found: list[str] = []
    for token in tokens:
        lower = w.abbreviations.get(token.lower_.rstrip("."), token.lower_)
        if lower in w.role_heads or token.lemma_.lower() in w.role_heads:
            found.append(lower)
            return normal_role(" ".join(found).replace(" of", "").strip())
        if lower in w.role_modifiers and token.pos_ in ("ADJ", "NOUN", "PROPN", "ADP"):
            found.append(lower)
        else:
            found = []
    return None


def _fits(asked: str, held: str) -> bool:
    """Whether a role phrase names a role a person holds: "speaker" fits "house speaker", and
    "former president" fits only a former president."""
    asked_words, held_words = asked.split(), held.split()
    return asked_words[-1] == held_words[-1] and set(asked_words) <= set(held_words)


class _PersonIndex:
    """People in one article: full names, and short forms resolved to them."""

    def __init__(self, gaz: Gazetteer, published: str | None):
        self.gaz, self.published = gaz, published
        self.full: dict[str, Actor] = {}  # name key of first + last name → actor
        self.parts: dict[str, set[str]] = {}  # name key of one part → full-name keys
        self.firsts: dict[str, set[str]] = {}  # name key of a first name → full-name keys

    def collect(self, spans: list[Span]) -> None:
        for span in spans:
            name = person_name(span.text)
            first, middle, last = person_parts(name)
            if first and last:
                key = name_key(f"{first} {last}")
                actor = self._actor_for(name)
                if key not in self.full or len(actor.name) > len(self.full[key].name):
                    self.full[key] = actor
                for part in (first, last, *re.split(r"-", last), *([f"{middle} {last}"] if middle else [])):
                    self.parts.setdefault(name_key(part), set()).add(key)  # "Wasserman Schultz" too
                self.firsts.setdefault(name_key(first), set()).add(key)
        for key in list(self.full):
            longer = self.parts.get(key, set()) - {key}
            if len(longer) == 1:  # "Wasserman Schultz" is the tail of "Debbie Wasserman Schultz"
                self.full[key] = self.full[next(iter(longer))]

    def titled(self, spans: list[Span]) -> None:
        """Surnames after a title the data knows a holder of ("President Obama") are that holder for the
        whole article, when the article names no one else by that surname."""
        for span in spans:
            last = person_parts(person_name(span.text))[2]
            if self.parts.get(name_key(last)):
                continue
            holder = self._title_holder(f"{span.doc[span.start - 1].text} {span.text}", last)
            if holder is not None:
                first = person_parts(holder.name)[0]
                key = name_key(f"{first} {last}")
                self.full[key] = holder
                self.parts.setdefault(name_key(last), set()).add(key)

    def link(self, span: Span, title: str = "") -> Actor | None:
        name = person_name(span.text)
        first, _, last = person_parts(name)
        if not name_key(last):
            return None
        if first:
            key = name_key(f"{first} {last}")
            tail = self.parts.get(name_key(name), set())
            if key not in self.full and len(tail) == 1:
                return self.full[next(iter(tail))]  # "Wasserman Schultz" of "Debbie Wasserman Schultz"
            return self.full.get(key) or self._actor_for(name)
        if (holder := self._title_holder(f"{title} {span.text}".strip(), last)) is not None:
            return holder
        owners = self.parts.get(name_key(last), set())
        if len(owners) == 1:
            return self.full[next(iter(owners))]
        if owners:
            return None  # two people share this name here: refuse to guess
        return self._actor_for(name)

    def _title_holder(self, text: str, last: str) -> Actor | None:
        """"President Clinton": the one holder of that title with that surname the data knows, unless the
        article's own namesake holds it."""
        w = _words()
        title = fold(text.split()[0]).rstrip(".")
        title = w.abbreviations.get(title, title)
        if title not in w.role_heads or len(text.split()) < 2:
            return None
        held = [a for a in self.gaz.held(normal_role(title)) if name_key(person_parts(a.name)[2]) == name_key(last)]
        if len(held) > 1 and self.published:  # "President Bush" in 2016: the latest to have held it
            since = {a.id: max((r.since or "") for r in a.roles if r.role == normal_role(title)) for a in held}
            earlier = [a for a in held if since[a.id] <= self.published]
            held = sorted(earlier, key=lambda a: since[a.id])[-1:]
        owners = [self.full[k] for k in self.parts.get(name_key(last), set())]
        if len(held) == 1 and not any(o.id == held[0].id for o in owners):
            return held[0]
        return None

    def nickname(self, span: Span) -> Actor | None:
        """"Crooked Hillary": a two-word name ending in the first name of one person of the article."""
        if len(span) != 2 or not span[0].text[:1].isupper():
            return None
        owners = self.firsts.get(name_key(span[-1].text), set())
        if len(owners) != 1:
            return None
        actor = self.full[next(iter(owners))]
        return actor if name_key(person_parts(actor.name)[0]) != name_key(span[0].text) else None

    def same_person(self, text: str) -> Actor | None:
        """The person of this article ``text`` names: a full name, or the first or last part of one."""
        name = person_name(text)
        first, _, last = person_parts(name)
        if first:
            return self.full.get(name_key(f"{first} {last}"))
        owners = self.parts.get(name_key(last), set())
        return self.full[next(iter(owners))] if len(owners) == 1 else None

    def known(self, text: str) -> Actor | None:
        """A person of this article or of the gazetteer that ``text`` names (for headlines)."""
        found = self.same_person(text)
        if found is None and (known := self.gaz.people.get(name_key(person_name(text)))) is not None:
            return self.gaz.actors[known]
        return found

    def _actor_for(self, name: str) -> Actor:
        words = name.split()
        if len(words) >= 3 and (known := self.gaz.people.get(name_key(" ".join(words[1:])))) is not None:
            return self.gaz.actors[known]  # "Billionaire Donald Trump"
        first, middle, last = person_parts(name)
        known = self.gaz.people.get(name_key(name)) or self.gaz.people.get(name_key(f"{first} {last}"))
        if known is not None:
            return self.gaz.actors[known]
        written = " ".join(p for p in (first, middle, last) if p)
        # a surname alone that only people of one country bear is someone of that country ("Clinton said")
        country = self.gaz.surname_country(last) if not first and not middle else None
        return Actor(f"person:{slug(written)}", written, "person", country)


class _OrgIndex:
    """Organisations named in one article: keyed without their legal form, with abbreviations and short forms."""

    def __init__(self) -> None:
        self.by_key: dict[str, Actor] = {}
        self.by_acronym: dict[str, set[str]] = {}
        self.by_word: dict[str, set[str]] = {}  # first or last word of a longer name → keys

    def collect(self, spans: list[Span], doc: Doc) -> None:
        for span in spans:
            name = org_name(span.text)
            key = fold(name)
            if not key:
                continue
            actor = self.by_key.setdefault(key, _organisation(span.text, name))
            words = name.split()
            if len(words) > 1:
                self.by_acronym.setdefault(acronym(name), set()).add(key)
                for word in (words[0], words[-1]):
                    self.by_word.setdefault(fold(word), set()).add(key)
            after = _parenthesis_after(span)
            if len(after) == 1 and after[0].text.isupper():  # "U.S. Geological Survey (USGS)"
                self.by_key.setdefault(fold(after[0].text), actor)

    def link(self, span: Span) -> Actor | None:
        return self.known(span.text) or self._new(span.text)

    def known(self, text: str) -> Actor | None:
        name = org_name(text)
        key = fold(name)
        if len(name.split()) == 1:
            for owners in (self.by_acronym.get(fold(name.replace(".", ""))), self.by_word.get(key)):
                if owners and len(owners) == 1:
                    return self.by_key[next(iter(owners))]
        return self.by_key.get(key)

    def _new(self, text: str) -> Actor:
        name = org_name(text)
        return self.by_key.setdefault(fold(name), _organisation(text, name))


def _organisation(written: str, name: str) -> Actor:
    """A new organisation; a legal form in its name ("Inc.", "S.p.A.") makes it a business (PLOVER BUS)."""
    return Actor(f"org:{slug(name)}", name, "organization", sector="BUS" if legal_form(written) else None)


def person_name(text: str) -> str:
    """A person's name without titles and possessives: "Mrs. Clinton" → "Clinton"."""
    words = text.replace("’s", "").replace("'s", "").split()
    titles = _words().titles
    while len(words) > 1 and fold(words[0]).rstrip(".") in titles:
        words = words[1:]
    return " ".join(words)


def link(doc: Doc, doc_id: str, gaz: Gazetteer, published: str | None = None) -> Linked:
    """Every actor mention in ``doc``, linked; pure given the gazetteer."""
    return _Linker(doc, doc_id, gaz, published).run()
