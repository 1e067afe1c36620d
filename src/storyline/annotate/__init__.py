"""The annotate stage: one spaCy pass per article, then every extractor over the same ``Doc``.

``Annotator.analyse(documents)`` is the per-article map of DESIGN.md: a pure
function of each document, the settings and the gazetteer. It runs
``nlp.pipe`` in batches with ids carried through (``as_tuples=True``), keeps
the parse as bytes (so later stages and re-linking never parse again), and
hands the ``Doc`` to each extractor. The ``Doc`` never leaves this package.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from ..model import Actor, Document, Mention
from ..settings import Settings
from .actors import link
from .gazetteer import Gazetteer
from .gazetteer import load as load_gazetteer
from .nlp import from_bytes, load_pipeline, to_bytes

log = logging.getLogger(__name__)

__all__ = ["Analysis", "Annotator", "load_gazetteer", "relink"]


@dataclass(frozen=True)
class Analysis:
    """Everything the annotate stage found in one document."""

    doc_id: str
    parse: bytes
    mentions: tuple[Mention, ...]
    actors: tuple[Actor, ...]
    error: str | None = None


class Annotator:
    """Loads the pipeline once per process; ``analyse`` streams documents through it."""

    def __init__(self, settings: Settings, gazetteer: Gazetteer):
        self.settings = settings
        self.gazetteer = gazetteer
        self.nlp = load_pipeline(settings.model, settings.fast_ops)

    def analyse(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        pairs = ((d.text, d) for d in documents)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.settings.nlp_batch_size, n_process=self.settings.processes)
        for doc, document in docs:
            yield self._extract(doc, document)

    def _extract(self, doc: Doc, document: Document) -> Analysis:
        """Run every extractor; a failing extractor names itself and the article, and the run goes on."""
        try:
            linked = link(doc, document.id, self.gazetteer, document.published)
        except Exception as exc:  # noqa: BLE001 - one article must not stop the corpus
            log.exception("stage actors failed on document %s", document.id)
            return Analysis(document.id, to_bytes(doc), (), (), f"stage actors failed: {type(exc).__name__}: {exc}")
        return Analysis(document.id, to_bytes(doc), tuple(linked.mentions), tuple(linked.actors.values()))


def relink(doc_id: str, parse: bytes, published: str | None, gazetteer: Gazetteer) -> Analysis:
    """Mentions for a stored parse under a (changed) gazetteer, without running the model."""
    doc = from_bytes(parse)
    linked = link(doc, doc_id, gazetteer, published)
    return Analysis(doc_id, parse, tuple(linked.mentions), tuple(linked.actors.values()))
