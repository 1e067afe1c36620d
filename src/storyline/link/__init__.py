"""The per-corpus reduce: linkers, declared in order, each updating links for what changed.

After spaCy's stages, for the corpus: a linker is a named function of the
store and the :class:`Changes` of the batch just written (new documents,
measures whose claims changed, actors touched, ...); it reads what it needs,
writes its records or link fields, and says what it changed in turn, so the
linkers after it work only on that. Every linker is incremental (adding ten
articles to a million never redoes the million) and sub-quadratic (blocking,
LSH or a vector index, never all pairs); each says its cost in its docstring.

Adding a linker is one declaration in the module that implements it, and its
module's place in ``ORDER``. The order is that list, not the order the modules
happen to be imported in (the annotator imports ``figures`` for its measure keys
long before the linkers run; figures must still come after stories).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..store import Store

if TYPE_CHECKING:
    from .duplicates import Prints

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
    prints: dict[str, Prints] = field(default_factory=dict)  # new document → its fingerprints, when the map made them
    everything: bool = False  # after records were derived again from the stored parses


Run = Callable[[Store, Changes], None]


@dataclass(frozen=True)
class Linker:
    name: str
    run: Run

    @property
    def rank(self) -> int:
        module = self.run.__module__.rsplit(".", 1)[-1]
        return ORDER.index(module) if module in ORDER else len(ORDER)


LINKERS: dict[str, Linker] = {}
ORDER = ("duplicates", "actors", "stories", "events", "figures", "timeline")  # modules, in the order they run


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
    for current in sorted(LINKERS.values(), key=lambda x: x.rank):  # stable: a module's linkers as declared
        log.debug("linker %s", current.name)
        current.run(store, changes)


def _declared() -> None:
    """Import the linker modules of ``ORDER`` (timeline last: it reads every link the others write)."""
    import importlib

    for module in ORDER:
        importlib.import_module(f"{__name__}.{module}")
