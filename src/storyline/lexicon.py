"""Lexicons: the word tables that change behaviour, kept as versioned data files.

Every table lives in ``data/lexicons/<name>.yaml`` and is loaded here, once
per process, never copied into code. A file is a YAML mapping with a
``version`` and the table itself under ``entries`` (a mapping or a list);
the whole ``data/`` folder is hashed into the derived-data fingerprint, so a
change to a lexicon re-derives stored records.

YAML is read with PyYAML's libyaml-backed ``CSafeLoader`` where PyYAML was
built with it (the wheels are): the same safe subset as ``SafeLoader``, about
ten times faster — every worker process reads the lexicons and the curated
actors when it starts.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

from .errors import ConfigError


SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` of ``text``, through libyaml when PyYAML has it."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


@functools.cache
def lexicon(name: str) -> Any:
    """The ``entries`` of ``data/lexicons/<name>.yaml``."""
    try:
        text = resources.files("storyline.data").joinpath("lexicons", f"{name}.yaml").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"lexicon {name!r} is missing from storyline/data/lexicons") from None
    data = load_yaml(text)
    if not isinstance(data, dict) or "entries" not in data or "version" not in data:
        raise ConfigError(f"lexicon {name!r}: expected a mapping with 'version' and 'entries'")
    return data["entries"]


def words(name: str) -> frozenset[str]:
    """A lexicon that is a list of words, as a set."""
    return frozenset(str(w) for w in lexicon(name))


def word_map(name: str) -> dict[str, Any]:
    """A lexicon that maps keys to values."""
    table = lexicon(name)
    if not isinstance(table, dict):
        raise ConfigError(f"lexicon {name!r} is not a mapping")
    return dict(table)


def families(name: str) -> dict[str, frozenset[str]]:
    """A lexicon mapping each family name to its list of words."""
    return {key: frozenset(str(w) for w in values) for key, values in word_map(name).items()}
