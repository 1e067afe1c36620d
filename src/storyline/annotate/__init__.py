"""The annotate stage: one spaCy pass per article, then every declared stage over the same ``Doc``.

``Annotator.analyse(documents)`` is the per-article map of DESIGN.md: a pure
function of each document, the settings and the gazetteer. It runs
``nlp.pipe`` in batches, keeps the parse as bytes (so later stages and
re-deriving never parse again), and hands the ``Doc`` to the stages declared
in ``stages.py``. The ``Doc`` never leaves this package. ``runner`` runs it in
worker processes.

Texts longer than the model's ``max_length`` are parsed in pieces cut at
paragraph breaks and joined back into one ``Doc`` with the same text, so every
offset stays true.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Document, kind_of
from ..settings import Settings
from .gazetteer import Gazetteer
from .gazetteer import load as load_gazetteer
from .nlp import blank_vocab, from_bytes, load_pipeline, to_bytes
from .stages import STAGES, Context, Meta, run_stages

log = logging.getLogger(__name__)

# A memory zone frees what was added to a vocabulary while it was open, whoever added it: two threads of one
# process (a Dask worker run with several threads) must not analyse with one vocabulary at once.
_ZONES = threading.Lock()
_PARSE_ZONES = threading.Lock()

__all__ = ["Analysis", "Annotator", "Meta", "derived_fingerprint", "extract", "load_gazetteer", "rederive"]

# The code whose output the stored derived records depend on (hashed into the fingerprint).
_DERIVING = ("annotate", "claims", "temporal", "text", "events", "link", "lexicon.py", "model.py")


@dataclass(frozen=True)
class Analysis:
    """Everything the annotate stage found in one document: its parse and its records."""

    doc_id: str
    parse: bytes
    records: tuple[Any, ...]

    def __getitem__(self, kind: str) -> tuple[Any, ...]:
        return tuple(r for r in self.records if kind_of(r).name == kind)


class Annotator:
    """Loads the pipeline once per process; ``analyse`` streams documents through it."""

    def __init__(self, settings: Settings, gazetteer: Gazetteer):
        self.settings = settings
        self.gazetteer = gazetteer
        self.nlp = load_pipeline(settings.model, settings.fast_ops)

    def analyse(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        """Each document's analysis. The documents given are parsed and analysed inside one spaCy
        memory zone: the strings and lexemes their words add to the model's vocabulary are freed when
        they are done (no ``Doc`` leaves this call), so a worker's memory does not grow with every new
        number and name of a long corpus. Threads of one process analyse one call at a time (the zone
        would free another thread's words); spaCy holds the GIL while it parses, so they lose nothing."""
        with _ZONES, self.nlp.memory_zone():
            analyses = [extract(doc, to_bytes(doc), Meta.of(document), self.gazetteer)
                        for doc, document in self._parsed(documents)]
        yield from analyses

    def _parsed(self, documents: Iterable[Document]) -> Iterator[tuple[Doc, Document]]:
        limit = min(self.nlp.max_length, self.settings.nlp_max_chars)
        short: list[tuple[str, Document]] = []
        for document in documents:
            if len(document.text) <= limit:
                short.append((document.text, document))
                continue
            yield from self.nlp.pipe(short, as_tuples=True, batch_size=self.settings.nlp_batch_size)
            short = []
            yield parse_long(self.nlp, document.text, limit), document
        yield from self.nlp.pipe(short, as_tuples=True, batch_size=self.settings.nlp_batch_size)


def parse_long(nlp: Language, text: str, limit: int) -> Doc:
    """A text over the model's limit, parsed in pieces cut after paragraph breaks (or spaces), joined back."""
    pieces, start = [], 0
    size = max(1, limit)
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            cut = cut if cut != -1 else text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        pieces.append(text[start:end])
        start = end
    docs = list(nlp.pipe(pieces, batch_size=1))
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    if joined.text != text:
        raise ValueError("a long text did not survive being parsed in pieces")
    return joined


def extract(doc: Doc, parse: bytes, meta: Meta, gazetteer: Gazetteer) -> Analysis:
    """Run every stage over one parsed document."""
    ctx = Context(doc, meta, gazetteer)
    return Analysis(meta.doc_id, parse, tuple(run_stages(ctx)))


def rederive(parse: bytes, meta: Meta, gazetteer: Gazetteer) -> Analysis:
    """Every stage again over a stored parse, without running the model (in a memory zone of the
    vocabulary parses are read into, as ``Annotator.analyse``)."""
    with _PARSE_ZONES, blank_vocab().memory_zone():
        return extract(from_bytes(parse), parse, meta, gazetteer)


def derived_fingerprint(gazetteer: Gazetteer) -> str:
    """What the stored derived records depend on: the deriving code, every data file, the actor data."""
    return f"{_code_and_data_digest()}/{gazetteer.fingerprint}"


@functools.cache
def _code_and_data_digest() -> str:
    return tree_digest(Path(str(resources.files("storyline"))))


def tree_digest(package: Path) -> str:
    """A hash of the deriving code and every data file under ``package``, and of the declared stages."""
    digest = hashlib.sha256()
    paths: list[Path] = []
    for name in _DERIVING:
        target = package / name
        paths += sorted(target.rglob("*.py")) if target.is_dir() else [target] if target.exists() else []
    paths += sorted(p for p in (package / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in paths:
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    digest.update(",".join(STAGES).encode())
    return digest.hexdigest()[:16]
