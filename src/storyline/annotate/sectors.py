"""Sector groups: the actors that generic nouns of the PLOVER sector table name.

"Police detained 300 demonstrators in Istanbul" names two actors no gazetteer has: the Turkish
police and Turkish civilians. A noun the sector table (``data/sectors.tsv``) marks as standing
alone — police, troops, rebels, gunmen, protesters, rioters, farmers, students, unions, judges,
officials, journalists, ... — becomes a mention of the sector group of the country that governs
it, in this order (the rules that read the clause are in ``lexicons/actor_sectors.yaml``):

1. a country or place in its own phrase: a modifier ("Turkish police", "Hong Kong police",
   "Afghan women's groups") or a prepositional object ("police in Istanbul", "leaders of the
   African Union");
2. for armed forces and police, the state whose act mobilises them: the subject of the verb they
   are the object of ("Russia massed troops near Ukraine's border" — Russian troops);
3. the place the sentence is set in (a city, region or district mention, or a country after a
   locative preposition: "... in Istanbul", "across Germany"; not "to Vietnam");
4. for people (civilians, opposition, journalists, ...), the state whose agents act on them at
   home ("the Taliban barred women");
5. for a definite institution ("the electoral commission", "the king"), the one country the
   sentence's other actors share;
6. the document's dateline ("NAIROBI, Kenya (AP) _", "ISTANBUL (Reuters) -");
7. the country the document is set in: the one that two thirds of its place and country mentions, and
   at least two, are in (``setting``; "police" in a story of Detroit and Michigan are American police).

A state's mission abroad (``abroad``: an embassy, a consulate) is only of the country its own phrase names
as owner ("the US embassy", "the embassy of Iran"): none of the rules of where applies, since "the embassy
in Nairobi" is no Kenyan body.

With none of these the actor has a sector and no country (``sector:COP``): PLOVER's code stays
null and the sector is right. A *container* noun takes the sector of a sector word modifying it
("teachers' union" EDU, "opposition leader" OPP, "gang members" CRM); a civilian modifier keeps
the container's own sector ("women's groups" SOC), and so does a government one a military container
("government forces" MIL, while "security forces" are COP); "former" makes a government noun ELI. People
named by their condition ("prisoners") are a group of their country with no sector. A plural
demonym used as a noun ("Kenyans have complained") is that country's civilians; the country
mention on the same words is kept.

Refused: a sector noun that modifies another noun ("the police report", "student loans",
"farmers' market") names no actor; nor does a noun inside a name, a title before a person's
name, a noun a possessive pronoun owns ("its troops": the pronoun's antecedent is whose), or a
quantity whose "of" object is the people meant ("thousands of protesters": the protesters are
the mention).

Considered: spaCy's ``EntityRuler`` (token patterns would need the governing-country logic
anyway, and it cannot look at the parse) and a noun-chunk pass (chunks cut "police in Istanbul"
in two). The parse is already there, so one walk over the nouns is cheap.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon import families
from ..model import Actor
from .gazetteer import Gazetteer

MODIFIERS = ("compound", "amod", "poss", "nmod")
GOVERNING_PREPOSITIONS = ("in", "at", "from", "of", "across", "throughout", "inside")
_DATELINE = re.compile(r"\s*(?P<place>[A-Z][A-Z.'’ -]{2,40}?)(?:,\s*(?P<country>[^\n(—–_,]{1,40}))?(?:\s*\([^)\n]{1,30}\))?\s+[—–_-]{1,2}(?=\s)")


@functools.cache
def _rules() -> dict[str, frozenset[str]]:
    return families("actor_sectors")


@dataclass(frozen=True)
class Found:
    """A sector mention to write: its span, its actor."""

    span: Span
    actor: Actor


class SectorNouns:
    """Sector nouns of one document, given what the linker found before (mentions by token)."""

    def __init__(self, doc: Doc, gaz: Gazetteer, text: str, country_of: Mapping[int, str],
                 place_of: Mapping[int, str], places: Mapping[int, str], taken: set[int], locatives: frozenset[str],
                 owners: Mapping[int, tuple[str, str]] | None = None):
        self.doc, self.gaz, self.text = doc, gaz, text
        self.country_of = country_of  # token → country of a country (or UN/EU) mention over it
        self.place_of = place_of  # token → country of any mention with a country over it (places, bodies)
        self.places = places  # token → country of a place mention (city, region, district) over it
        self.taken = taken  # tokens inside a mention already (names, titles, sector groups)
        self.locatives = locatives
        self.owners = owners or {}  # token → (country, sector) of the actor a mention over it names (STATE: a country)
        self.rules = _rules()
        self._sentence_place: dict[int, str | None] = {}
        self._dateline: str | None | bool = False
        self._setting: str | None | bool = False

    # -- the table --------------------------------------------------------------------

    @staticmethod
    def lemma(token: Token) -> str:
        return token.lemma_.lower()

    def entry(self, token: Token) -> tuple[str, str, frozenset[str]] | None:
        """(sector, actor type, uses) of a sector noun; the word as written is tried when its lemma is not listed."""
        lower = token.lower_  # "Rebels", "Authorities" tagged as names
        plural = lower[:-3] + "y" if lower.endswith("ies") and len(lower) > 4 else lower[:-1] if lower.endswith("s") else lower
        for key in (self.lemma(token), lower, plural):
            if key in self.gaz.sector_words:
                sector, kind = self.gaz.sector_words[key]
                return sector, kind, self.gaz.sector_uses.get(key, frozenset())
        return None

    def sector_of(self, noun: Token) -> tuple[str, str, bool] | None:
        """(sector, actor type, whether a modifier gave the sector) of a noun; a container takes its
        modifier's sector, except a civilian one ("women's groups" stay SOC); a former official is ELI. A noun
        that names people by their condition ("prisoners") has the sector "-": none."""
        found = self.entry(noun)
        if found is None:
            return None
        sector, kind, uses = found
        if sector == "GOV" and any(c.lower_ == "former" and c.dep_ == "amod" for c in noun.children):
            return "ELI", kind, False  # "the former minister": PLOVER's former officials
        crowd = self.lemma(noun) in self.rules["crowd_nouns"]
        if sector == "CVL" and any(c.lower_ in self.rules["armed_modifiers"] and c.dep_ == "amod"
                                   and not (crowd and c.lower_ in self.rules["disguises"]) for c in noun.children):
            return "UAF", kind, False  # "armed men", "masked men": PLOVER's unidentified armed forces
        if any(c.lower_ in self.rules["attack_modifiers"] and c.dep_ in ("amod", "compound") for c in noun.children):
            return "UAF", "group", True  # "a suicide bomber" is a person, not an aircraft
        if "container" in uses:
            for child in noun.children:
                inner = self.entry(child) if child.dep_ in MODIFIERS and child.i < noun.i else None
                if inner and inner[0] == "GOV" and self.lemma(noun) in self.rules["state_forces"]:
                    return sector, kind, True  # "government forces": the state's forces are its military
                if inner and inner[0] and (inner[0] != "CVL" or not sector):
                    return inner[0], kind, "alone" in inner[2] or "plural" in inner[2]
        if not sector and "alone" in uses:
            return "-", kind, False
        return (sector, kind, False) if sector else None

    def alone(self, noun: Token, uses: frozenset[str]) -> bool:
        plural = noun.tag_ in ("NNS", "NNPS") or noun.lower_ != self.lemma(noun) or noun.lower_.endswith("ies")
        return "alone" in uses or ("plural" in uses and plural)

    # -- the pass ---------------------------------------------------------------------

    def find(self) -> Iterator[Found]:
        for token in self.doc:
            if token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.text in self.gaz.people_words and token.i in self.country_of:
                if token.dep_ not in MODIFIERS:  # "Kenyans have complained": Kenya's civilians (the country mention stays)
                    yield Found(self.doc[token.i:token.i + 1], self.gaz.sector_group(self.country_of[token.i], "CVL", "group"))
                continue
            if token.i in self.country_of and token.dep_ not in MODIFIERS and any(
                    c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
                # "freed an American": one person of that country, not the state
                yield Found(self.doc[token.i:token.i + 1], self.group(self.country_of[token.i], "-", "group", token))
                continue
            if token.i in self.taken:
                continue
            found = self.generic(token)
            if found is not None:
                yield found

    def generic(self, noun: Token) -> Found | None:
        entry = self.entry(noun)
        if entry is None or (noun.dep_ in MODIFIERS and noun.head.i > noun.i) or self._defers(noun):
            return None  # "the police report"; "thousands of protesters" (the protesters are the mention)
        if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children):
            return None  # "its troops": whose, the pronoun says, not the sentence's place
        sector = self.sector_of(noun)
        if sector is None:
            return None
        code, kind, from_modifier = sector
        abroad = "abroad" in entry[2]
        country = self.phrase_country(noun, where=not abroad)
        if not (self.alone(noun, entry[2]) or from_modifier or country):
            return None
        if abroad:  # "the embassy in Nairobi": a mission is its owner's, wherever it stands
            return Found(self.span(noun), self.group(country, code, kind, noun))
        owner = self.clause_owner(noun)
        if country is None and owner is not None and code in self.rules["own_forces"]:
            country = owner[0]  # "Russia massed troops near Ukraine's border": Russian troops
        country = country or self.sentence_place(noun)
        domestic = code in self.rules["domestic"] or code == "-"
        if country is None and owner is not None and domestic and owner[1] in self.rules["home_subjects"]:
            country = owner[0]  # "the Taliban barred women": Afghan women
        if country is None and code in self.rules["institutions"] and self._definite(noun):
            country = self.sentence_country(noun)  # "Kenya's opposition leader accused the electoral commission"
        if country is None and domestic:
            country = self.addressed_state(noun)  # "Trade unions urge Macron": a country's people address their state
        country = country or self.dateline() or self.setting()
        return Found(self.span(noun), self.group(country, code, kind, noun))

    def group(self, country: str | None, code: str, kind: str, noun: Token) -> Actor:
        """The sector group; people a noun names by their condition, not a sector ("prisoners"), are a group
        of their country with no sector."""
        if code == "-":
            lemma = self.lemma(noun)
            suffix = f":{country}" if country else ""
            return Actor(f"group:{lemma}{suffix}", f"{lemma}s" + (f" ({country})" if country else ""), kind, country, None)
        if country is None:
            return Actor(f"sector:{code}", f"{code} (no country named)", kind, None, code)
        return self.gaz.sector_group(country, code, kind)

    def _defers(self, noun: Token) -> bool:
        """A quantity or container whose "of" object is the people meant ("a group of protesters",
        "thousands of Kenyans"); a body there governs instead ("leaders of the African Union")."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and (self.entry(obj) is not None and obj.pos_ != "PROPN"
                                               or obj.text in self.gaz.people_words):
                        return True
        return False

    def span(self, noun: Token) -> Span:
        """The noun and the modifiers before it, without determiners and numbers ("Two climate activists"
        → "climate activists", "Ontario's secondary teachers' union")."""
        start = noun.i
        for child in noun.children:
            if child.dep_ in MODIFIERS and child.i < noun.i and not child.like_num and child.ent_type_ not in ("CARDINAL", "QUANTITY"):
                start = min(start, child.left_edge.i)
        while start < noun.i and (self.doc[start].pos_ in ("DET", "NUM", "PUNCT") or self.doc[start].like_num):
            start += 1
        return self.doc[start:noun.i + 1]

    # -- the governing country -----------------------------------------------------------

    def clause_owner(self, noun: Token) -> tuple[str, str] | None:
        """(country, sector) of the state actor whose act the noun is the object of: the subject of its verb
        ("Russia massed troops", "Nepal's president asked the prime minister"); STATE for a country itself."""
        node = noun
        while node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in ("NOUN", "PROPN"):
            node = node.head.head  # "an amnesty for thousands of prisoners"
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            node = node.head
        if node.dep_ not in ("dobj", "dative", "prep", "obj") or node.head.pos_ != "VERB":
            return None
        verb = node.head
        for _ in range(3):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return self._state(subject)
            if verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.pos_ != "VERB":
                return None
            verb = verb.head
        return None

    def addressed_state(self, noun: Token) -> str | None:
        """The country of the state actor the noun's clause addresses, when the noun is its subject: the object
        or the "with", "to", "on" or "against" object of its verb ("unions urged Macron", "students protested against the
        Kenyan government"); a place the sentence is set in comes first."""
        if noun.dep_ != "nsubj" or noun.head.pos_ != "VERB":
            return None
        verb = noun.head
        heads = [c for c in verb.children if c.dep_ in ("dobj", "dative", "obj")]
        heads += [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("with", "to", "on", "against") for o in p.children
                  if o.dep_ == "pobj"]
        for head in heads:
            owner = self._state(head)
            if owner is not None:
                return owner[0]
        return None

    def _state(self, subject: Token) -> tuple[str, str] | None:
        for token in (subject, *(c for c in subject.children if c.dep_ in MODIFIERS)):
            owner = self.owners.get(token.i)
            if owner is not None and owner[1] in self.rules["state_subjects"]:
                return owner
        return None

    def phrase_country(self, noun: Token, where: bool = True) -> str | None:
        """A country or place in the noun's own phrase: a modifier, or "in/at/of/from" X (only "of" X when
        ``where`` is false: whose, not where)."""
        for child in noun.children:
            # a place the parser took for a determiner is still a modifier ("Lusaka city authorities")
            if (child.dep_ in MODIFIERS or child.dep_ == "det" and child.i in self.place_of) and child.i < noun.i:
                for token in (child, *child.conjuncts, *(c for c in child.children if c.dep_ in MODIFIERS)):
                    if (country := self.place_of.get(token.i)) is not None:
                        return country
                if child.lower_ in self.rules["owner_participles"]:  # "a Greek-owned tanker", "a Liberian-flagged ship"
                    for token in child.children:
                        if token.dep_ == "npadvmod" and (country := self.place_of.get(token.i)) is not None:
                            return country
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in (GOVERNING_PREPOSITIONS if where else ("of",)):
                for obj in child.children:
                    if obj.dep_ == "pobj" and (country := self._within(obj)) is not None:
                        return country
        return None

    def _within(self, head: Token) -> str | None:
        """The country of a place phrase: "Istanbul", "Tehran's Grand Bazaar", "the Paris suburb of Nanterre"."""
        for token in (head, *(c for c in head.children if c.dep_ in MODIFIERS)):
            if (country := self.place_of.get(token.i)) is not None:
                return country
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (country := self.place_of.get(obj.i)) is not None:
                        return country
        return None

    @staticmethod
    def _definite(noun: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)

    def sentence_country(self, noun: Token) -> str | None:
        """The one country every country-bearing mention of the sentence names, if they agree."""
        sentence = noun.sent
        countries = {self.owners[t.i][0] for t in sentence if t.i in self.owners}
        return next(iter(countries)) if len(countries) == 1 else None

    def sentence_place(self, noun: Token) -> str | None:
        """The country of the place the sentence is set in: its first city, region or district, else a
        country after a locative preposition ("across Germany")."""
        sentence = noun.sent
        if sentence.start not in self._sentence_place:
            self._sentence_place[sentence.start] = self._place_in(sentence)
        return self._sentence_place[sentence.start]

    def _place_in(self, sentence: Span) -> str | None:
        for token in sentence:
            if (country := self.places.get(token.i)) is not None:
                return country
        for token in sentence:
            if token.dep_ == "pobj" and token.head.lower_ in self.locatives and (country := self._within(token)):
                return country
        return None

    def dateline(self) -> str | None:
        """The country of a dateline opening the document ("NAIROBI, Kenya (AP) _", "ISTANBUL (Reuters) -"):
        its country part, else its place, looked up as written in capitals or in title case."""
        if self._dateline is False:
            self._dateline = None
            match = _DATELINE.match(self.text[:200])
            if match is not None:
                names = [match.group("country") or "", match.group("place")]
                self._dateline = next((c for n in names if n and (c := self._country_named(n.strip())) is not None), None)
        return self._dateline if isinstance(self._dateline, str) else None

    def setting(self) -> str | None:
        """The country the document is set in (``setting``), over its place and country mentions."""
        if self._setting is False:
            named = {**self.places, **self.country_of}
            self._setting = setting(country for i, country in sorted(named.items()) if named.get(i - 1) != country)
        return self._setting if isinstance(self._setting, str) else None

    def _country_named(self, name: str) -> str | None:
        for form in (name, name.title()):
            if (actor_id := self.gaz.aliases.get(form)) is not None and (actor := self.gaz.actors.get(actor_id)) is not None:
                if actor.country and actor.type in ("country", "location"):
                    return actor.country
            if form in self.gaz.places:
                return self.gaz.places[form][0]
        return None


def setting(countries: Iterable[str]) -> str | None:
    """The country a document is set in, given the country of each place or country it names (one per
    mention): the one at least two mentions and two thirds of them are in, else none."""
    counted = Counter(countries)
    if not counted:
        return None
    country, n = counted.most_common(1)[0]
    return country if n >= 2 and 3 * n >= 2 * sum(counted.values()) else None
