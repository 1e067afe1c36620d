"""The per-article map, run in worker processes: prepare (clean, date, identify) and analyse.

``prepare_many`` and ``analyse_many`` are importable, free of global state and
pure functions of their arguments and the settings — what a process pool
here, or a Dask worker, runs. Each process keeps one loaded model and
gazetteer per settings (``_annotator``), loaded on first use.

Mechanism: ``concurrent.futures.ProcessPoolExecutor`` with the ``spawn``
start method (the parent holds DuckDB's threads, which ``fork`` would copy
mid-state). spaCy's own ``n_process`` was measured first: it parallelises the
parse only, leaving every extractor in the parent, and two processes were
slower than one on two cores. Work goes out in chunks of documents, results
come back in order, and at most ``2 × processes`` chunks are in flight, so the
parent's memory is bounded by the batch, not the corpus.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .ingest.prepare import Prepared, prepare
from .model import Document, RawArticle, Reject
from .settings import Settings

if TYPE_CHECKING:
    from .annotate import Analysis, Annotator

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Runner", "analyse_many", "prepare_many", "worker_count"]


def worker_count(processes: int) -> int:
    """``processes`` = 0 means every core this process may use."""
    if processes > 0:
        return processes
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare_many(items: Sequence[tuple[RawArticle, frozenset[int]]], settings: Settings) -> list[Prepared | Reject]:
    """``prepare`` over raw articles with the repeated lines of their source; a bug on one becomes its reject."""
    return [_prepare_safely(raw, settings, repeated) for raw, repeated in items]


def _prepare_safely(raw: RawArticle, settings: Settings, repeated: frozenset[int]) -> Prepared | Reject:
    try:
        return prepare(raw, settings, repeated)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the corpus
        log.exception("prepare failed on %s", raw.input)
        return Reject(raw.input, "internal_error", f"{type(exc).__name__}: {exc}", "prepare")


def analyse_many(documents: Sequence[Document], settings: Settings) -> list[Analysis | Reject]:
    """The analysis of each document, in order; a document the model cannot parse becomes a reject."""
    annotator = _annotator(settings)
    try:
        return list(annotator.analyse(documents))
    except Exception:  # noqa: BLE001 - find the one document that fails, keep the others
        if len(documents) == 1:
            raise
    out: list[Analysis | Reject] = []
    for document in documents:
        try:
            out.extend(annotator.analyse([document]))
        except Exception as exc:  # noqa: BLE001
            log.exception("analysis failed on document %s", document.id)
            out.append(Reject(document.path or document.url or document.id, "analysis_failed",
                              f"{type(exc).__name__}: {exc}"[:500], "analyse"))
    return out


@functools.lru_cache(maxsize=2)
def _annotator(settings: Settings) -> Annotator:
    from .annotate import Annotator, load_gazetteer

    return Annotator(settings, load_gazetteer(settings.actors_file or None))


class Runner:
    """Runs the per-article map in this process or in a pool of worker processes."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.workers = worker_count(settings.processes)
        self.pool: cf.ProcessPoolExecutor | None = None

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def prepare(self, items: Sequence[tuple[RawArticle, frozenset[int]]]) -> list[Prepared | Reject]:
        return self._map(prepare_many, items, chunk=16)

    def analyse(self, documents: Sequence[Document]) -> list[Analysis | Reject]:
        return self._map(analyse_many, documents, chunk=max(1, self.settings.nlp_batch_size // 4))

    def _map(self, function: Callable[[Sequence[T], Settings], list[R]], items: Sequence[T], chunk: int) -> list[R]:
        if not items:
            return []
        if self.workers == 1 or len(items) <= chunk:
            return function(items, self.settings)
        pool = self._pool()
        chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        return [r for part in _bounded(pool, function, chunks, self.settings, 2 * self.workers) for r in part]

    def _pool(self) -> cf.ProcessPoolExecutor:
        if self.pool is None:
            context = multiprocessing.get_context("spawn")
            self.pool = cf.ProcessPoolExecutor(self.workers, mp_context=context, initializer=_watch_parent,
                                               initargs=(os.getpid(),))
        return self.pool


def _watch_parent(parent: int) -> None:
    """A worker ends itself when the process that started it is gone (killed, say), rather than
    waiting forever on a queue whose other end no one holds."""
    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="storyline-parent-watch", daemon=True).start()


def _bounded(pool: cf.Executor, function: Callable[..., R], chunks: Iterable[Any], settings: Settings,
             ahead: int) -> Iterator[R]:
    """``pool.map`` in order, with at most ``ahead`` chunks submitted and not yet collected."""
    pending: list[cf.Future[R]] = []
    for part in chunks:
        pending.append(pool.submit(function, part, settings))
        if len(pending) >= ahead:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()
