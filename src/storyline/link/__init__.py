"""The per-corpus reduce: linkers, declared in order, each updating links for what changed.

After spaCy's stages, for the corpus: a linker is a named function of the
store and the :class:`Changes` of the batch just written (new documents,
measures whose claims changed, actors touched, ...); it reads what it needs,
writes its records or link fields, and says what it changed in turn, so the
linkers after it work only on that. Every linker is incremental (adding ten
articles to a million never redoes the million) and sub-quadratic (blocking,
LSH or a vector index, never all pairs); each says its cost in its docstring.

Adding a linker is one declaration in the module that implements it, imported
below in order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from ..store import Store

log = logging.getLogger(__name__)


@dataclass
class Changes:
    """What a batch changed, grown by each linker as it runs."""

    documents: set[str] = field(default_factory=set)
    measures: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    origins: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # new document → (duplicate_of, origin)
    everything: bool = False  # after records were derived again from the stored parses


Run = Callable[[Store, Changes], None]


@dataclass(frozen=True)
class Linker:
    name: str
    run: Run


LINKERS: dict[str, Linker] = {}


def linker(name: str) -> Callable[[Run], Run]:
    """Declare a linker; it runs after every linker declared before it."""

    def declare(run: Run) -> Run:
        if name in LINKERS:
            raise ValueError(f"linker {name!r} is already declared")
        LINKERS[name] = Linker(name, run)
        return run

    return declare


def run_linkers(store: Store, changes: Changes) -> None:
    """Every linker, in order, over what ``changes`` says changed."""
    _declared()
    for current in LINKERS.values():
        log.debug("linker %s", current.name)
        current.run(store, changes)


def _declared() -> None:
    """Import the linker modules, in the order they run."""
    from . import duplicates, actors, stories, events, figures  # noqa: F401
    from . import timeline  # noqa: F401  (last: it reads every link the others write)
