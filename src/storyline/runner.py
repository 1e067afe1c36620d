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
parent's memory is bounded by the batch, not the corpus. Workers run their
BLAS single-threaded (``SINGLE_THREADED``, unless the environment says
otherwise), as Dask's nanny does: the parallelism is the processes.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import functools
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import pyarrow as pa

from .ingest.prepare import Prepared, prepare
from .link.duplicates import fingerprint
from .model import RECORDS, Document, RawArticle, Reject, kind_of
from .settings import Settings

if TYPE_CHECKING:
    from .annotate import Analysis, Annotator

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Analysed", "Runner", "bounded", "analyse_many", "prepare_many", "rederive_many", "worker_count"]


# One worker process per core, each with one BLAS thread: OpenBLAS otherwise starts a thread per core
# in every worker, and two workers' matrix products then fight over two cores (300 articles: 28.7 s of
# wall time against 24.4 s single-threaded). Dask's nanny sets the same variables for its workers.
SINGLE_THREADED = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


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
        ready = prepare(raw, settings, repeated)
        return ready if isinstance(ready, Reject) else dataclasses.replace(ready, prints=fingerprint(ready.document))
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the corpus
        log.exception("prepare failed on %s", raw.input)
        return Reject(raw.input, "internal_error", f"{type(exc).__name__}: {exc}", "prepare")


@dataclass(frozen=True)
class Analysed:
    """What the map returns for documents: their records as Arrow tables (one per kind), their parses,
    and a reject for each document the model could not parse. Arrow, not objects, so results travel
    compactly between processes and machines and the single writer stores them without conversion."""

    doc_ids: tuple[str, ...] = ()
    tables: dict[str, pa.Table] = field(default_factory=dict)
    parses: tuple[tuple[str, bytes], ...] = ()
    rejects: tuple[tuple[str, Reject], ...] = ()  # document id, reject

    @classmethod
    def of(cls, analyses: Sequence[Analysis], rejects: Sequence[tuple[str, Reject]] = (), parses: bool = True) -> "Analysed":
        from .link.figures import with_measures
        from .store import records_table

        records = with_measures([r for a in analyses for r in a.records])
        grouped: dict[str, list[Any]] = {}
        for item in records:
            grouped.setdefault(kind_of(item).name, []).append(item)
        tables = {kind: records_table(RECORDS[kind], rows) for kind, rows in grouped.items()}
        return cls(tuple(a.doc_id for a in analyses), tables,
                   tuple((a.doc_id, a.parse) for a in analyses) if parses else (), tuple(rejects))

    @classmethod
    def merge(cls, parts: Sequence["Analysed"]) -> "Analysed":
        tables: dict[str, list[pa.Table]] = {}
        for part in parts:
            for kind, table in part.tables.items():
                tables.setdefault(kind, []).append(table)
        return cls(tuple(d for p in parts for d in p.doc_ids), {k: pa.concat_tables(v) for k, v in tables.items()},
                   tuple(x for p in parts for x in p.parses), tuple(x for p in parts for x in p.rejects))

    def column(self, kind: str, name: str) -> list[Any]:
        table = self.tables.get(kind)
        return table.column(name).to_pylist() if table is not None else []


class ArticleTimeout(BaseException):
    """An article's analysis ran past its time budget (a BaseException, so no stage can swallow it)."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout in this thread after ``seconds`` (a timer signal: only in a process's main
    thread, which is where worker processes run their tasks; elsewhere, as on Dask's worker threads,
    nothing is bounded)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def analyse_many(documents: Sequence[Document], settings: Settings) -> Analysed:
    """The analysis of each document, in order. A document the model cannot parse, or whose analysis
    runs past ``article_timeout`` seconds, becomes a reject; the others are kept."""
    annotator = _annotator(settings)
    try:
        with time_budget(settings.article_timeout * len(documents)):
            return Analysed.of(list(annotator.analyse(documents)))
    except (Exception, ArticleTimeout):  # noqa: BLE001 - find the one document that fails, keep the others
        log.warning("analysing %d documents failed; analysing them one by one", len(documents))
    analyses: list[Analysis] = []
    rejects: list[tuple[str, Reject]] = []
    for document in documents:
        name = document.path or document.url or document.id
        try:
            with time_budget(settings.article_timeout):
                analyses.extend(annotator.analyse([document]))
        except ArticleTimeout:
            rejects.append((document.id, Reject(name, "timeout", f"analysis took longer than {settings.article_timeout} s "
                                                "(setting article_timeout)", "analyse")))
        except Exception as exc:  # noqa: BLE001
            log.exception("analysis failed on document %s", document.id)
            rejects.append((document.id, Reject(name, "analysis_failed", f"{type(exc).__name__}: {exc}"[:500], "analyse")))
    return Analysed.of(analyses, rejects)


def rederive_many(rows: Sequence[tuple[Document, bytes]], settings: Settings) -> Analysed:
    """Every stage again over stored parses (no model run), for documents whose records are out of date."""
    from .annotate import Meta, load_gazetteer, rederive

    gazetteer = load_gazetteer(settings.actors_file or None)
    return Analysed.of([rederive(parse, Meta.of(document), gazetteer) for document, parse in rows], parses=False)


def annotator_for(settings: Settings) -> Annotator:
    """This process's annotator for ``settings`` (the model and gazetteer loaded once)."""
    return _annotator(settings)


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
        self._environ: dict[str, str | None] = {}  # what this runner changed in os.environ, to put back

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        for name, value in self._environ.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._environ = {}

    def prepare(self, items: Sequence[tuple[RawArticle, frozenset[int]]]) -> list[Prepared | Reject]:
        return [r for part in self._map(prepare_many, items, chunk=16) for r in part]

    def analyse(self, documents: Sequence[Document]) -> Analysed:
        return Analysed.merge(self._map(analyse_many, documents, self._doc_chunk))

    def rederive(self, rows: Sequence[tuple[Document, bytes]]) -> Analysed:
        return Analysed.merge(self._map(rederive_many, rows, self._doc_chunk))

    @property
    def _doc_chunk(self) -> int:
        return max(1, self.settings.nlp_batch_size // 4)

    def _map(self, function: Callable[[Sequence[T], Settings], R], items: Sequence[T], chunk: int) -> list[R]:
        """``function`` over ``items`` in chunks, results in order (one per chunk)."""
        if not items:
            return []
        chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        if self.workers == 1 or len(chunks) == 1:
            return [function(part, self.settings) for part in chunks]
        pool = self._pool()
        return list(bounded(lambda part: pool.submit(function, part, self.settings), chunks, 2 * self.workers))

    def _pool(self) -> cf.ProcessPoolExecutor:
        if self.pool is None:
            for name in SINGLE_THREADED:  # read by the BLAS library when a worker loads it; inherited on spawn
                if name not in os.environ:
                    self._environ[name] = None
                    os.environ[name] = "1"
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


def bounded(submit: Callable[[Any], Any], chunks: Iterable[Any], ahead: int) -> Iterator[Any]:
    """The results of ``submit(chunk)`` futures in order, with at most ``ahead`` submitted and not yet collected."""
    pending: list[Any] = []
    for part in chunks:
        pending.append(submit(part))
        if len(pending) >= ahead:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()
