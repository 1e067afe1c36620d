"""The library's front door: a ``Corpus`` is one Storyline database and its settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .model import AddResult, Reject
from .report.export import export
from .settings import Settings, load_settings
from .store import Store

if TYPE_CHECKING:  # the ingest stack (trafilatura, httpx, feedparser) loads only when adding
    from .ingest.fetch import Fetched
    from .pipeline import Progress
    from .runner import Runner
    from fastapi import FastAPI

    from .report.brief import Briefing


class Corpus:
    """A Storyline database. Each call opens the file for its own duration (DuckDB allows one writer).

    Reads (``export``, ``records``, ``ledger``) open it read-only and never create it.
    """

    def __init__(self, db: str | None = None, settings: Settings | None = None):
        base = settings or load_settings()
        self.settings = base.replace(db=db)

    @property
    def db(self) -> str:
        return self.settings.db

    def add(
        self,
        paths: list[str],
        *,
        fetcher: Callable[[str], Fetched | Reject] | None = None,
        stdin: IO[bytes] | None = None,
        progress: Progress | None = None,
        runner: Runner | None = None,
    ) -> AddResult:
        """Ingest, clean and store ``paths`` (files, dirs, globs, '-', URLs, feeds)."""
        from .pipeline import add

        return add(paths, self.settings, fetcher=fetcher, stdin=stdin, progress=progress, runner=runner)

    def reader(self) -> Store:
        """The store opened read-only (a context manager)."""
        return Store.reader(self.db, memory_limit=self.settings.db_memory_limit)

    def export(self, kind: str, out: IO[bytes], fmt: str = "jsonl") -> int:
        """Write every record of ``kind`` to ``out``; returns how many."""
        with self.reader() as store:
            return export(store, kind, fmt, out)

    def export_all(self, folder: Path, fmt: str = "parquet") -> dict[str, int]:
        """Every record kind into ``folder``, one file per kind."""
        from .report.export import export_all

        with self.reader() as store:
            return export_all(store, folder, fmt)

    def records(self, kind: str) -> Iterator[dict[str, Any]]:
        """Every record of ``kind`` as a dict (CONTRACT.md field names)."""
        with self.reader() as store:
            yield from store.iter_records(kind)

    def ledger(self, min_claims: int = 2, verbose: bool = False) -> list[str]:
        """The figure ledger as readable lines: figures with at least ``min_claims`` claims, each value with its
        outlets (and, with ``verbose``, the headline and sentence of every report)."""
        from .report.ledger import ledger_lines

        with self.reader() as store:
            names = {a["id"]: a["name"] for a in store.iter_records("actors")}
            figures = [f for f in store.iter_records("figures") if len(f["claims"]) >= min_claims]
            wanted = {c for f in figures for c in f["claims"]}
            claims = {c["id"]: c for c in store.iter_records("claims") if c["id"] in wanted}
            documents = {d["id"]: {k: d[k] for k in ("title", "source", "published", "path")}
                         for d in store.iter_records("documents") if d["id"] in {c["doc_id"] for c in claims.values()}}
            return ledger_lines(figures, names, min_claims, claims, documents, verbose)


    def timeline(self) -> list[dict[str, Any]]:
        """Every timeline row (CONTRACT.md ``timeline``), by when it happened."""
        return list(self.records("timeline"))

    def brief(self, story: str | None = None) -> "Briefing":
        """The briefing of ``story`` (the largest story when None), every sentence checked against its cited span."""
        from .report.brief import build_briefing

        with self.reader() as store:
            return build_briefing(store, story)

    def app(self, token: str | None = None) -> "FastAPI":
        """The web app (REST API and pages) over this store; it owns the file while it runs."""
        from .serve.app import create_app

        return create_app(self.settings, token=token)


def open_corpus(db: str | None = None, settings: Settings | None = None) -> Corpus:
    return Corpus(db, settings)
