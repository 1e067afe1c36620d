"""The actor gazetteer: packaged place and actor data, plus a user file that adds or corrects.

Sources, in order (later wins): ``data/countries.tsv``, ``data/regions.tsv``
(states and provinces of large countries, ISO 3166-2) and ``data/cities.tsv``
(generated from pycountry, countryinfo and GeoNames by
``scripts/build_gazetteer.py``), ``data/actors.yaml`` (curated), then a user
YAML or CSV file. A generated alias two actors share ("Georgia": the country
and the US state) is kept as ambiguous, for the article's other places to
decide. ``fingerprint`` changes whenever any of them does, so stored
mentions can be re-linked.

Aliases match case-sensitively on token boundaries ("US" is the country, "us"
is not); a leading "the" is ignored. Cities are only trusted where the parser
also saw a place, because many city names are also words or first names.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..lexicon import lexicon, load_yaml
from ..model import Actor, Role

ACTOR_TYPES = ("country", "person", "organization", "location", "group", "other")
_ROLE_WORDS_MAX = 4


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Accent-free, lower-case, single-spaced: the key people's names are compared on."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


@functools.lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """A spelling-tolerant key for a person's name: Zelenskyy, Zelenskiy and Zelensky agree."""
    key = re.sub(r"[^a-z ]", "", fold(name).replace("-", " "))
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"(iy|yi|ii|y)\b", "y", key).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@functools.cache
def _name_words() -> dict[str, frozenset[str]]:
    return {k: frozenset(str(w) for w in v) for k, v in lexicon("actor_names").items()}


def person_parts(name: str) -> tuple[str, str, str]:
    """(first, middle, last) of a person's name as written, suffixes ("Jr.") left out; one word is a last name."""
    words = [w for w in name.replace(",", " ").split() if fold(w).strip(".") not in _name_words()["person_suffixes"]]
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def org_name(name: str) -> str:
    """An organisation's name without a leading "The" or a legal form: "Hewlett-Packard Co." → "Hewlett-Packard"."""
    words = name.split()
    if len(words) > 1 and words[0] in ("The", "the"):
        words = words[1:]
    while len(words) > 1 and _form(words[-1]) in _name_words()["org_suffixes"]:
        words = words[:-1]
    return " ".join(words).rstrip(",")


def legal_form(name: str) -> bool:
    """Whether a name ends in a company's legal form ("Coda Energy Inc.", "Erbamont N.V."): a business."""
    words = name.split()
    return len(words) > 1 and _form(words[-1]) in _name_words()["org_suffixes"]


def legal_form_country(name: str) -> str | None:
    """The one country a name's legal form belongs to ("Montedison S.p.A." ITA, "Jaguar PLC" GBR), if it has one."""
    words = name.split()
    if len(words) < 2:
        return None
    return _legal_form_countries().get(_form(words[-1]))


def _form(word: str) -> str:
    """A legal form written any way: "S.p.A." / "SpA" / "spa," → "spa"."""
    return fold(word).strip(".,").replace(".", "")


@functools.cache
def _legal_form_countries() -> dict[str, str]:
    return {str(k): str(v) for k, v in lexicon("legal_forms").items()}


def acronym(name: str) -> str:
    """The initials of a name ("U.S. Geological Survey", "United States Geological Survey" → "usgs";
    "Hewlett-Packard" → "hp"); a name written in capitals is its own acronym."""
    name = org_name(name)
    words = [w for w in re.split(r"[\s\-/]+", name) if w]
    if len(words) == 1:
        word = words[0].replace(".", "")
        return fold(word) if word.isupper() else ""
    letters = []
    for word in words:
        bare = word.replace(".", "")
        if fold(bare) in _name_words()["acronym_skips"] or not bare[:1].isalpha():
            continue
        letters.append(bare if bare.isupper() and len(bare) <= 4 else bare[0])
    return fold("".join(letters))


def actor_key(actor: Actor) -> str | None:
    """The blocking key cross-document resolution compares actors under: a person's spelling-tolerant
    surname, an organisation's acronym (or its one word)."""
    if actor.type == "person":
        last = person_parts(actor.name)[2]
        return f"person:{name_key(last)}" if last else None
    if actor.type == "organization" and actor.id.startswith("org:"):
        short = acronym(actor.name) or fold(org_name(actor.name))
        return f"org:{short}" if short else None
    return None


def alias_key(alias: str) -> str:
    alias = " ".join(alias.split())
    return alias[4:] if alias[:4] in ("the ", "The ") else alias


@dataclass(frozen=True)
class Gazetteer:
    actors: Mapping[str, Actor]
    aliases: Mapping[str, str]  # alias as written → actor id (matched anywhere)
    places: Mapping[str, tuple[str, int]]  # city name → (ISO3, population); trusted where the parser saw a place
    sector_words: Mapping[str, tuple[str, str]]  # noun lemma → (sector, actor type); sector "" for none
    sector_default: Mapping[tuple[str, str], str]  # (country, sector) → actor id
    people: Mapping[str, str]  # spelling-tolerant name key → person id
    fingerprint: str
    ambiguous: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # alias → the actors sharing it
    first_words: frozenset[str] = field(default=frozenset())
    max_words: int = 1
    sector_uses: Mapping[str, frozenset[str]] = field(default_factory=dict)  # noun lemma → alone | plural | container
    people_words: Mapping[str, str] = field(default_factory=dict)  # plural demonym ("Kenyans") → ISO3

    def actor(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def surname_country(self, surname: str) -> str | None:
        """The country of every curated person with this surname, when they share one ("Clinton": Bill and
        Hillary, both USA); None when there are none or they differ."""
        countries = self._surname_countries.get(name_key(surname), set())
        return next(iter(countries)) if len(countries) == 1 else None

    def surname_bearers(self, surname: str) -> list[Actor]:
        """Every curated person with this surname ("Clinton": Bill and Hillary)."""
        return [self.actors[i] for i in self._surname_people.get(name_key(surname), ())]

    @functools.cached_property
    def _surname_people(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for actor in self.actors.values():
            if actor.type == "person" and (last := person_parts(actor.name)[2]):
                out.setdefault(name_key(last), []).append(actor.id)
        return out

    @functools.cached_property
    def _surname_countries(self) -> dict[str, set[str]]:
        """Surname key → the countries of the curated people bearing it."""
        out: dict[str, set[str]] = {}
        for actor in self.actors.values():
            if actor.type == "person" and actor.country and (last := person_parts(actor.name)[2]):
                out.setdefault(name_key(last), set()).add(actor.country)
        return out

    def holders(self, role: str, country: str | None, on: str | None) -> list[str]:
        """People the data says held ``role`` (for ``country``) on date ``on`` (ISO; None = any time)."""
        out = []
        for actor in self.actors.values():
            for r in actor.roles:
                if r.role == role and (country is None or r.country == country) and _during(r, on):
                    out.append(actor.id)
                    break
        return out

    def held(self, role: str) -> list[Actor]:
        """People the data says held ``role`` at any time."""
        return [a for a in self.actors.values() if a.type == "person" and any(r.role == role for r in a.roles)]

    def sector_group(self, country: str, sector: str, kind: str) -> Actor:
        """The actor for "<country> <sector word>": a curated default, else a generic group."""
        if (known := self.sector_default.get((country, sector))) is not None:
            return self.actors[known]
        actor_id = f"{country}-{sector}"
        if actor_id in self.actors:
            return self.actors[actor_id]
        base = self.actors.get(country)
        label = {"MIL": "military", "GOV": "government", "SPY": "intelligence", "LEG": "legislature",
                 "COP": "police", "JUD": "judiciary"}.get(sector, sector.lower())
        return Actor(actor_id, f"{base.name if base else country} ({label})", kind, country, sector)


def _during(role: Role, on: str | None) -> bool:
    if on is None:
        return role.until is None
    on = on[:10]
    return (role.since is None or role.since[: len(on)] <= on) and (role.until is None or on <= role.until)


def _data(name: str) -> str:
    return resources.files("storyline.data").joinpath(name).read_text(encoding="utf-8")


def _rows(text: str) -> Iterable[list[str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@functools.cache
def packaged() -> Gazetteer:
    return build()


def load(user_file: str | Path | None = None) -> Gazetteer:
    """The packaged gazetteer, extended and corrected by ``user_file`` (YAML or CSV) if given."""
    if user_file is None:
        return packaged()
    path = Path(user_file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"actors file {path}: {exc.strerror or exc}") from None
    entries = _user_entries(text, path)
    return build(entries, extra_fingerprint=text)


def build(user_entries: list[Actor] | list[dict[str, Any]] | None = None, extra_fingerprint: str = "") -> Gazetteer:
    sources = [_data("countries.tsv"), _data("cities.tsv"), _data("actors.yaml"), _data("sectors.tsv"), _data("regions.tsv")]
    actors: dict[str, Actor] = {}
    people_words: dict[str, str] = {}
    for iso, name, alias_list, demonyms, capital in (r + [""] * (5 - len(r)) for r in _rows(sources[0])):
        plurals = [p for d in filter(None, demonyms.split("|")) if (p := _plural(d)) is not None]
        people_words.update((p, iso) for p in plurals)
        names = [name, *filter(None, alias_list.split("|")), *filter(None, demonyms.split("|")), *plurals]
        names += [capital.split(" D.C.")[0]] if capital else []
        actors[iso] = Actor(iso, name, "country", iso, None, tuple(dict.fromkeys(names)))
    for code, iso, name, _, alias_list in (r + [""] * (5 - len(r)) for r in _rows(sources[4])):
        actors[code] = Actor(code, name, "location", iso, None, tuple(dict.fromkeys([name, *filter(None, alias_list.split("|"))])))
    places = {row[0]: (row[1], int(row[2])) for row in _rows(sources[1])}
    generated: dict[str, set[str]] = {}
    for actor in actors.values():
        for alias in actor.aliases:
            generated.setdefault(alias_key(alias), set()).add(actor.id)
    curated_entries = [_entry(e, "actors.yaml") for section in (load_yaml(sources[2]) or {}).values() for e in section]
    curated_entries += [e if isinstance(e, Actor) else _entry(e, "user file") for e in user_entries or ()]
    for entry in curated_entries:
        _merge(actors, entry)
    unique = _unique_aliases(generated, curated_entries)
    ambiguous = {alias: tuple(sorted(ids)) for alias, ids in generated.items() if len(ids) > 1 and alias not in unique}
    sector_rows = [r + [""] * (4 - len(r)) for r in _rows(sources[3])]
    sector_words = {r[0]: (r[1].strip("-"), r[2]) for r in sector_rows}
    sector_uses = {r[0]: frozenset(u.strip() for u in r[3].split(",") if u.strip()) for r in sector_rows}
    for entry in curated_entries:  # curated plural demonyms ("Israelis", "Palestinians")
        if entry.type == "country" or entry.id in actors and actors[entry.id].type == "country":
            singular = {alias_key(a) for a in actors[entry.id].aliases}
            people_words.update((a, entry.id) for a in entry.aliases if a.endswith("s") and a[:-1] in singular)
    defaults = {(a.country, a.sector): a.id for a in actors.values() if a.sector_default and a.country and a.sector}
    digest = hashlib.sha256("\x00".join(sources + [extra_fingerprint]).encode()).hexdigest()[:16]
    return Gazetteer(
        actors=actors,
        aliases=unique,
        places=places,
        sector_words=sector_words,
        sector_default=defaults,
        people={name_key(alias): a.id for a in actors.values() if a.type == "person" for alias in a.aliases},
        fingerprint=digest,
        ambiguous=ambiguous,
        first_words=frozenset(w for a in [*unique, *places, *ambiguous] for w in (a.split(" ")[0], a.split(" ")[0].rstrip("."))),
        max_words=max(len(a.split(" ")) for a in [*unique, *places]),
        sector_uses=sector_uses,
        people_words={alias: iso for alias, iso in people_words.items() if unique.get(alias) == iso},
    )


def _plural(demonym: str) -> str | None:
    """The plural of a demonym that takes one: "Kenyan" → "Kenyans", "Iraqi" → "Iraqis", "Greek" → "Greeks",
    "Czech" → "Czechs" ("Chinese", "Swiss" and "French" take none)."""
    takes = demonym[-1:] in ("n", "i", "o", "k") or demonym.endswith(("kh", "ech"))
    return demonym + "s" if takes and " " not in demonym else None


def _unique_aliases(generated: dict[str, set[str]], curated: list[Actor]) -> dict[str, str]:
    """Alias → actor. A curated alias beats a generated one; an alias two actors share at the same level is dropped."""
    chosen = {alias: next(iter(ids)) for alias, ids in generated.items() if len(ids) == 1}
    claims: dict[str, set[str]] = {}
    for actor in curated:
        for alias in actor.aliases:
            claims.setdefault(alias_key(alias), set()).add(actor.id)
    for alias, ids in claims.items():
        if len(ids) == 1:
            chosen[alias] = next(iter(ids))
        else:
            chosen.pop(alias, None)
    return chosen


def _merge(actors: dict[str, Actor], new: Actor) -> None:
    """A new entry for a known id keeps what it does not say and adds its aliases."""
    old = actors.get(new.id)
    if old is None:
        actors[new.id] = new
        return
    actors[new.id] = replace(
        old,
        name=new.name or old.name,
        type=new.type if new.type != "other" else old.type,
        country=new.country or old.country,
        sector=new.sector or old.sector,
        aliases=tuple(dict.fromkeys(old.aliases + new.aliases)),
        members=new.members or old.members,
        roles=new.roles or old.roles,
        sector_default=new.sector_default or old.sector_default,
    )


def _entry(entry: Any, origin: str, line: int | None = None) -> Actor:
    where = f"{origin}" + (f", line {line}" if line else "")
    if not isinstance(entry, Mapping) or not entry.get("id"):
        raise ConfigError(f"{where}: each actor needs an 'id' (got {entry!r})")
    actor_type = str(entry.get("type") or ("person" if str(entry["id"]).startswith("person:") else "other"))
    if actor_type not in ACTOR_TYPES:
        raise ConfigError(f"{where}: type {actor_type!r} is not one of {', '.join(ACTOR_TYPES)}")
    aliases = entry.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split("|") if a.strip()]
    if not isinstance(aliases, list):
        raise ConfigError(f"{where}: 'aliases' must be a list or a '|'-separated string")
    name = str(entry.get("name") or "")
    return Actor(
        id=str(entry["id"]),
        name=name,
        type=actor_type,
        country=_code(entry.get("country"), where),
        sector=_code(entry.get("sector"), where),
        aliases=tuple(dict.fromkeys([*([name] if name else []), *map(str, aliases)])),
        members=tuple(map(str, entry.get("members") or ())),
        roles=tuple(_role(r, where) for r in entry.get("roles") or ()),
        sector_default=bool(entry.get("sector_default", False)),
    )


def _code(value: Any, where: str) -> str | None:
    if value in (None, ""):
        return None
    code = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ConfigError(f"{where}: {value!r} is not a three-letter code")
    return code


def _role(value: Any, where: str) -> Role:
    if not isinstance(value, Mapping) or not value.get("role"):
        raise ConfigError(f"{where}: each role needs a 'role' (got {value!r})")
    dates = {k: (v.isoformat() if isinstance(v, dt.date) else (str(v) if v else None)) for k, v in value.items() if k in ("since", "until")}
    return Role(role=normal_role(str(value["role"])), country=_code(value.get("country"), where), **dates)


def normal_role(text: str) -> str:
    text = fold(text).replace("defense", "defence")
    return re.sub(r"\bspokes(man|woman|person)\b", "spokesperson", text)


def _user_entries(text: str, path: Path) -> list[Actor]:
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "id" not in reader.fieldnames:
            raise ConfigError(f"{path}, line 1: the CSV header needs an 'id' column (id,name,type,country,sector,aliases)")
        return [_entry({k: v for k, v in row.items() if v}, str(path), line) for line, row in enumerate(reader, 2)]
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f", line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{at}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    sections = data.values() if isinstance(data, Mapping) else [data]
    entries = []
    for section in sections:
        if not isinstance(section, list):
            raise ConfigError(f"{path}: expected a list of actors (or sections of lists), got {type(section).__name__}")
        lines = _entry_lines(text)
        for i, entry in enumerate(section):
            entries.append(_entry(entry, str(path), lines[i] if i < len(lines) else None))
    return entries


def _entry_lines(text: str) -> list[int]:
    """Line numbers of list items, to point at the entry that is wrong."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("- ")]
