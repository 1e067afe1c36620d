"""The lexicons the claim extractors read, each loaded and built once per process.

``storyline.lexicon`` parses each file once; these wrappers also keep the sets
and mappings built from it, because the extractors look words up for every
token of every article. The values are shared: never change them.
"""

from __future__ import annotations

import functools
from typing import Any

from .. import lexicon


@functools.cache
def words(name: str) -> frozenset[str]:
    return lexicon.words(name)


@functools.cache
def families(name: str) -> dict[str, frozenset[str]]:
    return lexicon.families(name)


@functools.cache
def word_map(name: str) -> dict[str, Any]:
    return lexicon.word_map(name)


def human_lemma(lemma: str) -> bool:
    """Whether a noun lemma names people: a class of ``counted_classes`` that counts people or troops, or a
    role of ``human_roles``."""
    classes = families("counted_classes")
    return lemma in classes["people"] or lemma in classes["troops"] or lemma in words("human_roles")
