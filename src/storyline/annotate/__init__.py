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

from ..claims.extract import extract_claims
from ..claims.quotes import Quote, find_quotes
from ..model import Actor, Claim, Document, Mention, Time
from ..settings import Settings
from ..temporal.timex import Anchor
from .actors import link
from .gazetteer import Gazetteer
from .gazetteer import load as load_gazetteer
from .nlp import from_bytes, load_pipeline, to_bytes
from .times import times

# Bump when an extractor's output changes, so stored records are derived again from the stored parses.
EXTRACTORS_VERSION = "2"

log = logging.getLogger(__name__)

__all__ = ["EXTRACTORS_VERSION", "Analysis", "Annotator", "Meta", "extract", "load_gazetteer", "rederive"]


@dataclass(frozen=True)
class Analysis:
    """Everything the annotate stage found in one document."""

    doc_id: str
    parse: bytes
    mentions: tuple[Mention, ...]
    actors: tuple[Actor, ...]
    times: tuple[Time, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
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
            yield extract(doc, to_bytes(doc), Meta.of(document), self.gazetteer)


@dataclass(frozen=True)
class Meta:
    """What the extractors need to know about a document besides its text."""

    doc_id: str
    published: str | None
    precision: str | None
    source: str | None
    basis: str | None = None  # how ``published`` was obtained (an inferred date is never built on)

    @classmethod
    def of(cls, document: Document) -> "Meta":
        return cls(document.id, document.published, document.published_precision, document.source, document.published_basis)


def extract(doc: Doc, parse: bytes, meta: Meta, gazetteer: Gazetteer) -> Analysis:
    """Run every extractor over one parsed document; a failing extractor names itself and the
    article in the log and in ``errors``, and the others still run."""
    errors: list[str] = []
    doc_id = meta.doc_id

    def stage(name: str, run, default):
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - one article must not stop the corpus
            log.exception("stage %s failed on document %s", name, doc_id)
            errors.append(f"stage {name} failed: {type(exc).__name__}: {exc}")
            return default

    linked = stage("actors", lambda: link(doc, doc_id, gazetteer, meta.published), None)
    mentions = tuple(linked.mentions) if linked else ()
    actors = tuple(linked.actors.values()) if linked else ()
    anchor = Anchor(meta.published, meta.precision or "day", meta.basis) if meta.published else None
    found_times = tuple(stage("times", lambda: times(doc, doc_id, anchor), []))
    quotes = tuple(stage("quotes", lambda: find_quotes(doc, doc_id, list(mentions), list(found_times)), []))
    claims = tuple(stage("claims", lambda: extract_claims(doc, doc_id, list(mentions), actors, list(found_times),
                                                           list(quotes), meta.source, meta.published), []))
    return Analysis(doc_id, parse, mentions, actors, found_times, quotes, claims, tuple(errors))


def rederive(parse: bytes, meta: Meta, gazetteer: Gazetteer) -> Analysis:
    """Every extractor again over a stored parse, without running the model."""
    return extract(from_bytes(parse), parse, meta, gazetteer)
