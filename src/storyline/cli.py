"""The ``storyline`` command: each command parses options, calls the library, prints."""

from __future__ import annotations

import functools
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional, TypeVar

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from .corpus import Corpus
from .errors import StoreError, StorylineError, UsageError, exit_code
from .eval import TASKS, evaluate_task
from .model import RECORDS
from .settings import load_settings
from .store import error_reason

app = typer.Typer(
    help="Storyline: turn a pile of news articles into a cited, structured record.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])

DbOption = typer.Option(None, "--db", help="DuckDB file (default: $STORYLINE_DB, else ./storyline.duckdb)")
ConfigOption = typer.Option(None, "--config", help="settings file, TOML (default: $STORYLINE_CONFIG)")
KINDS = ", ".join(RECORDS)


def handled(command: F) -> F:
    """Errors a user can act on become one line on stderr and the mapped exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except StorylineError as exc:
            error: StorylineError = exc
        except duckdb.OutOfMemoryException as exc:  # a read or a link outside a transaction of the store's
            error = StoreError(error_reason(exc))
        message = " ".join(str(error).split())
        err.print(Text("error: ", style="bold red") + Text(message), highlight=False, soft_wrap=True)
        raise typer.Exit(exit_code(error)) from None

    return wrapper  # type: ignore[return-value]


def _corpus(db: Optional[str], config: Optional[Path], **settings: Any) -> Corpus:
    return Corpus(settings=load_settings(config, db=db, **settings))


@app.command()
@handled
def add(
    paths: list[str] = typer.Argument(..., help="files, directories, globs, '-' for stdin, URLs or feed URLs"),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    allow_private: bool = typer.Option(False, "--allow-private", help="allow fetching private and loopback addresses"),
    actors: Optional[Path] = typer.Option(None, "--actors", help="YAML or CSV file of actors that adds to or corrects the packaged data"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print only the summary line"),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="run the analysis on Dask: tcp://HOST:8786 or local:N"),
    processes: Optional[int] = typer.Option(None, "--processes", help="local worker processes (0 = every core)"),
) -> None:
    """Ingest, clean and store articles; ends with 'added N, unchanged M, rejected K'."""
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if cluster:
        import distributed  # noqa: F401 - it sets its own log levels on import; quieten them after

        logging.getLogger("distributed").setLevel(logging.ERROR if quiet else logging.WARNING)
    corpus = _corpus(db, config, allow_private=allow_private or None, actors_file=str(actors) if actors else None,
                     cluster=cluster, processes=processes)
    from .pipeline import input_chars

    with _LazyProgress(enabled=not quiet and err.is_terminal, total=input_chars(paths)) as progress:
        result = corpus.add(paths, progress=progress.advance)
    typer.echo(result.summary())
    if result.added + result.unchanged == 0:
        raise typer.Exit(1)


@app.command("export")
@handled
def export_command(
    kind: str = typer.Argument(..., help=f"record kind: {KINDS}; or 'all' with --out DIR for one file per kind"),
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    fmt: Optional[str] = typer.Option(None, "--format", "-f",
                                      help="jsonl (default), csv or parquet (default for 'all'); plover for events (PLOVER JSON)"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="write here instead of stdout"),
) -> None:
    """Write every record of KIND to stdout or --out ('storyline schema KIND' lists its fields)."""
    corpus = _corpus(db, config)
    if kind == "all":
        if out is None:
            raise UsageError("export all writes one file per kind: give --out DIR")
        written = corpus.export_all(out, fmt or "parquet")
        err.print(f"wrote {sum(written.values())} records of {len(written)} kinds to {out}", highlight=False)
        return
    fmt = fmt or "jsonl"
    if out is None:
        corpus.export(kind, sys.stdout.buffer, fmt)
        sys.stdout.flush()
        return
    if not out.parent.is_dir():
        raise UsageError(f"cannot write {out}: the folder {out.parent} does not exist")
    with corpus.reader():  # a missing or busy store is reported before the file is created
        pass
    with out.open("wb") as handle:
        n = corpus.export(kind, handle, fmt)
    err.print(f"wrote {n} {kind} to {out}", highlight=False)


@app.command()
@handled
def schema(kind: Optional[str] = typer.Argument(None, help=f"one record kind ({KINDS}); all when omitted")) -> None:
    """Print the fields of every record kind, or of KIND."""
    from .report.schema import records_markdown

    typer.echo(records_markdown(kind), nl=False)


@app.command()
@handled
def show(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
) -> None:
    """Print what is stored: one line per document (title, source, date, size before/after cleaning)."""
    corpus = _corpus(db, config)
    table = Table(title=f"Documents in {corpus.db}", show_lines=False)
    for column in ("id", "title", "source", "published", "basis", "raw → clean chars"):
        table.add_column(column, overflow="fold")
    for doc in corpus.records("documents"):
        inferred = ", inferred" if doc["published_basis"] == "inferred" else ""
        published = f"{doc['published']} ({doc['published_precision']}{inferred})" if doc["published"] else "—"
        title = doc["title"] or "—"
        table.add_row(doc["id"][:8], title[:70] + ("…" if len(title) > 70 else ""), doc["source"] or "—",
                      published, doc["published_basis"], f"{doc['raw_chars']} → {doc['clean_chars']}")
    out = Console()
    if not out.is_terminal:
        out = Console(width=160)
    out.print(table)


@app.command()
@handled
def ledger(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    min_claims: int = typer.Option(2, "--min-claims", help="show figures with at least this many claims (1: every figure)"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="under each value, the outlet, headline and sentence of every report"),
) -> None:
    """Print the figure ledger: every figure's values, who claimed each, when, where it was reported, and its status."""
    corpus = _corpus(db, config)
    lines = corpus.ledger(min_claims, verbose)
    typer.echo("\n".join(lines) if lines else "no figures yet")


@app.command()
@handled
def timeline(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    fmt: str = typer.Option("md", "--format", "-f", help="md (a table) or jsonl"),
) -> None:
    """Print the timeline: events (one row per event cluster) and figure values, by when they happened."""
    from .report.export import json_line
    from .report.timeline import timeline_markdown

    if fmt not in ("md", "jsonl"):
        raise UsageError(f"unknown timeline format {fmt!r}; choose md or jsonl")
    rows = _corpus(db, config).timeline()
    if fmt == "md":
        typer.echo(timeline_markdown(rows), nl=False)
    else:
        sys.stdout.buffer.write(b"".join(json_line(r) for r in rows))


@app.command()
@handled
def brief(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    story: Optional[str] = typer.Option(None, "--story", help="story id (default: the largest story)"),
    fmt: str = typer.Option("md", "--format", "-f", help="md, html or json"),
) -> None:
    """Print a story's briefing; every sentence cites document spans that pass the citation check."""
    from .report.brief import render

    if fmt not in ("md", "html", "json"):
        raise UsageError(f"unknown briefing format {fmt!r}; choose md, html or json")
    typer.echo(render(_corpus(db, config).brief(story), fmt), nl=False)


@app.command()
@handled
def serve(
    db: Optional[str] = DbOption,
    config: Optional[Path] = ConfigOption,
    host: str = typer.Option("127.0.0.1", "--host", help="address to bind (loopback by default)"),
    port: int = typer.Option(8000, "--port", help="port to listen on"),
    token: Optional[str] = typer.Option(None, "--token", envvar="STORYLINE_TOKEN", show_envvar=True,
                                        help="operator token that enables POST /api/documents (else read-only)"),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="worker processes (default: one per core, at most 4, when read-only; "
                                               "with a token always 1)"),
) -> None:
    """Serve the REST API and the web UI (read-only unless an operator token is set)."""
    import uvicorn

    from .serve.app import FACTORY, serve_environment, worker_count

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    n = worker_count(workers, bool(token))
    corpus = _corpus(db, config)
    run: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False, "backlog": 2048}
    if n == 1:
        app_ = corpus.app(token=token)
    else:
        from .store import Store

        Store.reader(corpus.settings.db).close()  # the store opens (or its error shows) before any worker starts
    err.print(f"serving {corpus.settings.db} on http://{host}:{port}/ "
              f"({'writes with the token' if token else 'read-only'}, {n} worker{'s' * (n > 1)})", highlight=False)
    if n == 1:
        uvicorn.run(app_, **run)
    else:
        with serve_environment(corpus.settings):
            uvicorn.run(FACTORY, factory=True, workers=n, **run)


@app.command("eval")
@handled
def eval_command(
    task: str = typer.Argument(..., help=f"one of: {', '.join(TASKS)}"),
    path: Path = typer.Argument(..., help="the benchmark's files (a directory or one file)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object of metric name → number"),
    split: Optional[str] = typer.Option(None, "--split", help="the part of a gold set to score: dev or heldout (claims, attribution, actors; claims also dev2, dev2a, dev2b, dev3, dev3a, dev3b), a or b (events: odd or even ids)"),
    context: Optional[str] = typer.Option(None, "--context", help="events on public news: code each sentence alone (sentence, the default) or in its whole article as add does (article)"),
) -> None:
    """Score Storyline on a benchmark or gold set (TASK: see the README's Evaluation) and print the metrics."""
    scores = evaluate_task(task, path, split, context)
    if as_json:
        typer.echo(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}))
        return
    table = Table(title=f"{task} on {path}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in scores.items():
        table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console().print(table)


class _LazyProgress:
    """A Rich progress bar on stderr — articles, articles/s, elapsed and, when the input size is
    known, how far through it and the time left — that appears once work has taken a second."""

    def __init__(self, enabled: bool, total: int | None = None):
        self.enabled = enabled
        self.total = total
        self.started = time.monotonic()
        self.articles = self.chars = 0
        self.bar: Progress | None = None
        self.task: Any = None

    def __enter__(self) -> "_LazyProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def advance(self, articles: int, chars: int = 0) -> None:
        self.articles += articles
        self.chars += chars
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.started > 1.0:
            columns = [SpinnerColumn(), TextColumn("{task.fields[articles]} articles"),
                       TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn()]
            if self.total:
                columns += [BarColumn(), TextColumn("eta"), TimeRemainingColumn()]
            self.bar = Progress(*columns, console=err, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("add", total=self.total or None, articles=0, rate=0.0)
        if self.bar is not None:
            rate = self.articles / max(1e-9, time.monotonic() - self.started)
            self.bar.update(self.task, completed=min(self.chars, self.total or self.chars), articles=self.articles, rate=rate)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
