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

from ..model import Actor, Document, Mention, Time
from ..settings import Settings
from ..temporal.timex import Anchor
from .actors import link
from .gazetteer import Gazetteer
from .gazetteer import load as load_gazetteer
from .nlp import from_bytes, load_pipeline, to_bytes
from .times import times

# Bump when an extractor's output changes, so stored records are derived again from the stored parses.
EXTRACTORS_VERSION = "1"

log = logging.getLogger(__name__)

__all__ = ["EXTRACTORS_VERSION", "Analysis", "Annotator", "extract", "load_gazetteer", "rederive"]


@dataclass(frozen=True)
class Analysis:
    """Everything the annotate stage found in one document."""

    doc_id: str
    parse: bytes
    mentions: tuple[Mention, ...]
    actors: tuple[Actor, ...]
    times: tuple[Time, ...] = ()
    errors: tuple[str, ...] = ()


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
            yield extract(doc, to_bytes(doc), document.id, document.published, document.published_precision, self.gazetteer)


def extract(doc: Doc, parse: bytes, doc_id: str, published: str | None, precision: str | None, gazetteer: Gazetteer) -> Analysis:
    """Run every extractor over one parsed document; a failing extractor names itself and the
    article in the log and in ``errors``, and the others still run."""
    errors: list[str] = []
    mentions: tuple[Mention, ...] = ()
    actors: tuple[Actor, ...] = ()
    found_times: tuple[Time, ...] = ()
    try:
        linked = link(doc, doc_id, gazetteer, published)
        mentions, actors = tuple(linked.mentions), tuple(linked.actors.values())
    except Exception as exc:  # noqa: BLE001 - one article must not stop the corpus
        log.exception("stage actors failed on document %s", doc_id)
        errors.append(f"stage actors failed: {type(exc).__name__}: {exc}")
    try:
        anchor = Anchor(published, precision or "day") if published else None
        found_times = tuple(times(doc, doc_id, anchor))
    except Exception as exc:  # noqa: BLE001
        log.exception("stage times failed on document %s", doc_id)
        errors.append(f"stage times failed: {type(exc).__name__}: {exc}")
    return Analysis(doc_id, parse, mentions, actors, found_times, tuple(errors))


def rederive(doc_id: str, parse: bytes, published: str | None, precision: str | None, gazetteer: Gazetteer) -> Analysis:
    """Every extractor again over a stored parse, without running the model."""
    return extract(from_bytes(parse), parse, doc_id, published, precision, gazetteer)
