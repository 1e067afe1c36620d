"""Units of measure and currencies: one registry, read from quantulum3's unit data.

Registries considered (all install and run offline here):

* **quantulum3's unit and entity data** (``units.json``, 300+ units with
  their surfaces, symbols, SI prefixes, dimension and ISO 4217 code for its
  currencies) — chosen. Its names ("kilometre", "pound sterling", "chinese
  yuan", "percentage") are the names NewsQuant's ``normalized_unit`` uses, so
  a unit read here is the unit that benchmark expects. Only the JSON is read
  (0.15 s): quantulum3's own loader pluralises every surface with ``inflect``
  and takes about 5 s per process, so plurals are matched here by stripping
  the English plural endings instead, with the irregular ones in a lexicon.
* **pint** (0.25) — a full unit algebra with plurals, but no currencies, US
  spellings only ("kilometer", "metric_ton") and about 1 s to load; conversions
  are not needed to read news.
* **ISO 4217** (pycountry) — codes and official names ("New Israeli Sheqel")
  but not the words news uses ("shekels"); the currencies quantulum3 lacks
  are listed in the ``currencies`` lexicon by their ISO code.

What a claim stores as ``unit`` is the short name of the ``unit_names``
lexicon (``km``, ``miles``, ``percent``) or the ISO code of a currency
(``USD``); :attr:`Unit.name` keeps the registry name.

Refused: dimensions a ledger has no use for (time — durations are not
claims —, and units of physics such as barns or hartrees, listed in the
``unit_entities`` lexicon by what is kept); symbols that are common English
words ("in", "at") or single letters, except where the ``unit_symbols``
lexicon allows them glued to a number ("5km", "30C" are not, "5 in" is not).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .tables import word_map, words


@dataclass(frozen=True)
class Unit:
    """One unit: the registry name, its dimension, its ISO 4217 code (currencies) and the claim's short name."""

    name: str
    entity: str
    code: str | None = None
    factor: float = 1.0  # the value in the main unit: a cent is 0.01 of a dollar

    @property
    def short(self) -> str:
        if self.code:
            return self.code
        return str(word_map("unit_names").get(self.name, self.name))

    @property
    def is_currency(self) -> bool:
        return self.entity == "currency"


@dataclass(frozen=True)
class Registry:
    surfaces: dict[str, Unit]  # lower-cased words → unit
    symbols: dict[str, Unit]  # case-sensitive symbols → unit
    longest: int  # the most words a surface has
    symbols_folded: dict[str, Unit]  # lower-cased symbols that no other symbol folds to

    def surface(self, text: str) -> Unit | None:
        """The unit named by ``text`` (one or more words, any case, singular or plural)."""
        key = " ".join(text.lower().replace("-", " ").split())
        for candidate in _singulars(key):
            if (unit := self.surfaces.get(candidate)) is not None:
                return unit
        return None

    def symbol(self, text: str) -> Unit | None:
        """The unit a symbol stands for: exact case first ("MW", "mW"), then any case for long ones ("hz")."""
        if (unit := self.symbols.get(text)) is not None:
            return unit
        return self.symbols_folded.get(text.lower()) if len(text) > 1 else None


def _singulars(key: str) -> list[str]:
    """``key`` and the singulars its words may have: "kilometres" → "kilometre", "feet" → "foot",
    "kilometres per hour" → "kilometre per hour"."""
    words_ = key.split()
    out = [key]
    for i, word in enumerate(words_):
        for single in _single(word):
            out.append(" ".join(words_[:i] + [single] + words_[i + 1:]))
    return out


def _single(word: str) -> list[str]:
    irregular = word_map("unit_plurals")
    out = [str(irregular[word])] if word in irregular else []
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


@functools.cache
def registry() -> Registry:
    """The unit registry: quantulum3's units, prefixed units and the ``currencies`` lexicon, loaded once."""
    units = _quantulum_units()
    kept = set(words("unit_entities"))
    refused_surfaces = set(words("not_unit_words"))
    common = _common_words()
    allowed_symbols = set(words("unit_symbols"))
    surfaces: dict[str, Unit] = {}
    symbols: dict[str, Unit] = {}
    for name, data in units.items():
        entity = str(data.get("entity", ""))
        if entity not in kept:
            continue
        unit = Unit(name, entity, data.get("currency_code"))
        for surface in [name, *data.get("surfaces", [])]:
            key = " ".join(surface.lower().replace("-", " ").split())
            if key and key not in refused_surfaces:
                surfaces.setdefault(key, unit)
        for symbol in data.get("symbols", []):
            if symbol in allowed_symbols or _distinct_symbol(symbol, common):
                symbols.setdefault(symbol, unit)
    for word, spec in word_map("currencies").items():
        unit = Unit(str(spec["name"]), "currency", str(spec["code"]), float(spec.get("factor", 1.0)))
        surfaces[str(word).lower()] = unit  # the lexicon corrects the registry ("cent" has no code there)
        for symbol in spec.get("symbols", []):
            symbols.setdefault(str(symbol), unit)
    for word, spec in word_map("extra_units").items():
        surfaces.setdefault(str(word).lower(), Unit(str(spec["name"]), str(spec["entity"])))
    longest = max(len(s.split()) for s in surfaces)
    folded: dict[str, list[Unit]] = {}
    for symbol, unit in symbols.items():
        folded.setdefault(symbol.lower(), []).append(unit)
    unique = {k: v[0] for k, v in folded.items() if len({u.name for u in v}) == 1 and k not in common}
    return Registry(surfaces, symbols, longest, unique)


def _distinct_symbol(symbol: str, common: frozenset[str]) -> bool:
    """A symbol that cannot be read as a word: "GW", "€", "kWh"; not "in", "am", "gal" or a lone letter."""
    if len(symbol) == 1:
        return not symbol.isalnum() and symbol not in "'\"″′”"
    if symbol.isalpha() and (symbol.islower() or len(symbol) <= 2) or symbol.endswith("."):
        return False  # "gal", "AU", "CT", "Ct.": words and abbreviations before they are units
    return symbol.lower() not in common and not symbol.isdigit()


def _quantulum_units() -> dict[str, dict[str, Any]]:
    """quantulum3's units (the language file overriding the shared one), with SI-prefixed units added."""
    base = resources.files("quantulum3")
    units: dict[str, dict[str, Any]] = json.loads(base.joinpath("units.json").read_text(encoding="utf-8"))
    for name, extra in json.loads(base.joinpath("_lang", "en_US", "units.json").read_text(encoding="utf-8")).items():
        units.setdefault(name, {}).update(extra)
    prefixes = word_map("si_prefixes")
    out = dict(units)
    for name, data in units.items():
        for prefix in data.get("prefixes", []):
            word = prefixes.get(prefix)
            if word is None:
                continue
            out.setdefault(word + name, {
                "entity": data.get("entity"),
                "surfaces": [word + s for s in data.get("surfaces", [])],
                "symbols": [prefix + s for s in data.get("symbols", [])],
            })
    return out


@functools.cache
def _common_words() -> frozenset[str]:
    """quantulum3's list of English words that are also unit symbols ("in", "at", "pt")."""
    path = resources.files("quantulum3").joinpath("_lang", "en_US", "common-words.json")
    table = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(w.lower() for group in table.values() for w in group)


@functools.cache
def currency_codes() -> frozenset[str]:
    """The short names claims give money (ISO 4217 codes)."""
    reg = registry()
    return frozenset(u.short for u in [*reg.surfaces.values(), *reg.symbols.values()] if u.is_currency)


def currency_prefixes() -> list[str]:
    """Every currency symbol that can stand before a number ("$", "US$", "€", "Rs"), longest first."""
    reg = registry()
    found = {s for s, u in reg.symbols.items() if u.is_currency and any(unicodedata.category(c) == "Sc" for c in s)}
    found |= {str(s) for s in word_map("currency_prefixes")}
    return sorted(found, key=len, reverse=True)


def currency_of_prefix(symbol: str) -> Unit | None:
    """The currency a symbol written before a number stands for ("US$" and "$US" are USD)."""
    aliases = word_map("currency_prefixes")
    reg = registry()
    if symbol in aliases:
        code = str(aliases[symbol])
        return next((u for u in reg.symbols.values() if u.code == code), Unit(code.lower(), "currency", code))
    unit = reg.symbol(symbol)
    return unit if unit is not None and unit.is_currency else None
