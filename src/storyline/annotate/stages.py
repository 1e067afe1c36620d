"""The annotate stages: a declared list, each a named callable with what it requires and assigns.

After spaCy's ``Language`` components (``requires`` / ``assigns``): a stage
takes the :class:`Context` of one parsed document — the ``Doc``, the
document's metadata, the gazetteer and the records earlier stages produced —
and yields records. Stages run in declaration order; a stage may only
require kinds an earlier stage assigns, checked when it is declared. A stage
that raises yields a ``StageError`` record instead of its records, and the
stages after it still run (with nothing from it). A kind two stages assign
(actors: the actor stage's, and the unnamed actor of an agentless passive
the event stage codes) holds the records of both.

Adding an extractor is one declaration here.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from ..model import RECORDS, StageError, kind_of
from ..text.docs import doc_text
from .gazetteer import Gazetteer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Meta:
    """What the stages know about a document besides its text."""

    doc_id: str
    published: str | None = None
    precision: str | None = None
    basis: str | None = None
    source: str | None = None
    title: str | None = None
    language: str | None = None

    @classmethod
    def of(cls, document: Any) -> "Meta":
        return cls(document.id, document.published, document.published_precision, document.published_basis,
                   document.source, document.title, document.language)


@dataclass
class Context:
    """One parsed document on its way through the stages."""

    doc: Doc
    meta: Meta
    gazetteer: Gazetteer
    found: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> tuple[Any, ...]:
        return self.found.get(kind, ())

    @functools.cached_property
    def text(self) -> str:
        return doc_text(self.doc)

    @functools.cached_property
    def sentences(self) -> Any:
        from ..claims.quotes import SentenceIndex

        return SentenceIndex(self.doc)


Run = Callable[[Context], Iterable[Any]]


@dataclass(frozen=True)
class Stage:
    name: str
    run: Run
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STAGES: dict[str, Stage] = {}


def stage(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...]) -> Callable[[Run], Run]:
    """Declare a stage; it runs after every stage declared before it."""

    def declare(run: Run) -> Run:
        available = {kind for s in STAGES.values() for kind in s.assigns}
        missing = [k for k in requires if k not in available]
        unknown = [k for k in assigns if k not in RECORDS]
        if missing or unknown or name in STAGES:
            raise ValueError(f"stage {name!r}: requires {missing} that no earlier stage assigns, "
                             f"assigns unknown kinds {unknown}, or the name is taken")
        STAGES[name] = Stage(name, run, requires, assigns)
        return run

    return declare


def run_stages(ctx: Context, stages: Iterable[Stage] | None = None) -> Iterator[Any]:
    """Every record the stages produce for one document, stage errors included."""
    for current in stages if stages is not None else STAGES.values():
        try:
            produced = list(current.run(ctx))
            for item in produced:
                if (kind := kind_of(item).name) not in current.assigns:
                    raise TypeError(f"stage {current.name} yielded {kind}, which it does not assign")
        except Exception as exc:  # noqa: BLE001 - one stage must not cost the others or the document
            log.warning("stage %s failed on document %s: %s: %s", current.name, ctx.meta.doc_id, type(exc).__name__, exc)
            for kind in current.assigns:
                ctx.found.setdefault(kind, ())
            yield StageError(ctx.meta.doc_id, current.name, f"{type(exc).__name__}: {exc}"[:1000])
            continue
        for kind in current.assigns:  # a kind two stages assign holds what both produced
            ctx.found[kind] = (*ctx.found.get(kind, ()), *(r for r in produced if kind_of(r).name == kind))
        yield from produced


# -- the stages, in order -----------------------------------------------------------------


@stage("actors", assigns=("mentions", "actors"))
def actors(ctx: Context) -> Iterator[Any]:
    from .actors import link

    linked = link(ctx.doc, ctx.meta.doc_id, ctx.gazetteer, ctx.meta.published)
    yield from linked.mentions
    yield from linked.actors.values()


@stage("times", assigns=("times",))
def times(ctx: Context) -> Iterator[Any]:
    from ..temporal.timex import Anchor
    from .times import times as tag_times

    meta = ctx.meta
    anchor = Anchor(meta.published, meta.precision or "day", meta.basis) if meta.published else None
    yield from tag_times(ctx.doc, meta.doc_id, anchor)


@stage("quotes", requires=("mentions", "times"), assigns=("quotes",))
def quotes(ctx: Context) -> Iterator[Any]:
    from ..claims.quotes import find_quotes

    yield from find_quotes(ctx.doc, ctx.meta.doc_id, list(ctx["mentions"]), list(ctx["times"]), ctx.sentences,
                           ctx.meta.published)


@stage("claims", requires=("mentions", "actors", "times", "quotes"), assigns=("claims",))
def claims(ctx: Context) -> Iterator[Any]:
    from ..claims.extract import extract_claims

    yield from extract_claims(ctx.doc, ctx.meta.doc_id, list(ctx["mentions"]), ctx["actors"], list(ctx["times"]),
                              list(ctx["quotes"]), ctx.meta.source, ctx.meta.published, ctx.sentences)


@stage("events", requires=("mentions", "actors", "times", "quotes"), assigns=("events", "actors"))
def events(ctx: Context) -> Iterator[Any]:
    from ..events import code_events
    from ..events.model import implied, members

    coded = code_events(ctx.doc, ctx.meta.doc_id, list(ctx["mentions"]), ctx["actors"], list(ctx["times"]),
                        list(ctx["quotes"]), ctx.meta.published, ctx.meta.source)
    yield from coded
    known = {a.id for a in ctx["actors"]}
    made = {m for e in coded for m in (*members(e.actor), *members(e.recipient)) if m not in known}
    # the actor of an agentless passive, suspects the coder names as such: stored like any other
    yield from (actor for m in sorted(made) if (actor := implied(m)) is not None)
