"""The FastAPI app: the REST API over every record kind, the briefing, adding articles, and the web UI.

How ``serve`` and ``add`` share a store: DuckDB lets one process open a
database file (not even a read-only second opener while a writer holds it),
so the server owns the file for as long as it runs.

* Without a token the server opens the store read-only; ``POST
  /api/documents`` answers 403 and ``storyline add`` on the same file
  reports it busy until the server stops.
* With a token (``--token`` or ``$STORYLINE_TOKEN``) the server opens the
  store for writing and takes the adds itself: ``POST /api/documents`` runs
  the same ``add`` as the command line, in the server process, one add at a
  time. Readers keep answering meanwhile: each request thread reads through
  its own cursor on the same database, and sees the last committed batch.

Answers that take a whole-store read (the briefing, the ledger) are cached
until the next add completes. Whole responses are cached too (``ResponseCache``),
keyed on path, query and whether JSON was asked for, and dropped when the store
changes: an add of the server's own, or (read-only) a change to the database
file's identity, size or modification time, on which the file is opened again.
Each cached response carries an ETag; ``If-None-Match`` with it answers 304.
Every page has a JSON twin: the same path with
``.json``, or ``Accept: application/json``. Article text is untrusted: the
templates escape everything, and every response carries a
Content-Security-Policy that allows only the app's own script and styles.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..errors import StorylineError, UsageError, http_status
from ..model import RECORDS
from ..settings import Settings
from ..store import Store
from .query import Blocks, Filters, Page, count

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
MAX_BODY = 20_000_000
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SUFFIXES = {"application/json": ".json", "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl",
            "text/csv": ".csv", "text/html": ".html", "text/plain": ".txt"}


class Server:
    """The store the server owns, a cursor per request thread, and a cache cleared by each add."""

    def __init__(self, settings: Settings, token: str | None = None, max_body: int = MAX_BODY):
        self.settings = settings
        self.token = token or None
        self.max_body = max_body
        if self.token:
            self.store = Store(settings.db, memory_limit=settings.db_memory_limit)
        else:
            self.store = Store.reader(settings.db, memory_limit=settings.db_memory_limit)
        self._local = threading.local()
        self._write = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: dict[Any, Any] = {}
        self._making: dict[Any, threading.Lock] = {}
        self.generation = 0
        self._views: list[Store] = []
        self._warming: threading.Thread | None = None
        self._names: tuple[int, dict[str, str | None]] = (0, {})
        self.blocks = Blocks()
        self._file = self._stat()

    def view(self) -> Store:
        """This thread's cursor on the store (each query sees the last committed add)."""
        view = getattr(self._local, "view", None)
        if view is None or self._local.generation != self.generation:
            with self._cache_lock:
                if view is not None and view in self._views:  # this thread's cursor of an earlier generation
                    self._views.remove(view)
                    view.close()
                view = self._local.view = self.store.view()
                self._local.generation = self.generation
                self._views.append(view)
        return view

    def _stat(self) -> tuple[int, ...]:
        """What identifies the state of the database file: device, inode, size and modification time (and the WAL's)."""
        found: tuple[int, ...] = ()
        for path in (self.settings.db, self.settings.db + ".wal"):
            try:
                st = os.stat(path)
            except OSError:
                found += (0, 0, -1, 0)
            else:
                found += (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        return found

    def refresh(self) -> int:
        """The store's generation, after noticing a change to the file by anyone else (read-only only).

        The file changing under a read-only server means it was replaced or rewritten while nobody
        held it: the store is opened again and every cached answer dropped. DuckDB hands a new
        connection to a path the database it already has open there, so every cursor on the old
        file is closed first (a query running on one at that moment fails)."""
        if self.token:
            return self.generation  # the server is the only writer: its adds count the generations
        now = self._stat()
        if now != self._file:
            with self._cache_lock:
                if now != self._file:
                    log.info("%s changed on disk; opening it again", self.settings.db)
                    for view in self._views:
                        view.close()
                    self._views.clear()
                    self.store.close()
                    self.store = Store.reader(self.settings.db, memory_limit=self.settings.db_memory_limit)
                    self._file = now
                    self.generation += 1
                    self._cache.clear()
                    self.blocks.clear()
        return self.generation

    def names(self) -> dict[str, str | None]:
        """Actor names read so far from the store as it is now (shared by the request threads)."""
        if self._names[0] != self.generation:
            self._names = (self.generation, {})
        return self._names[1]

    def select(self, kind: str, filters: Filters, limit: int, offset: int) -> Page:
        """A page of records, as ``query.select`` reads it, cut from cached blocks; the count cached too."""
        generation = self.generation
        total = self.cached(("total", kind, filters), lambda: count(self.view(), kind, filters))
        return self.blocks.select(self.view(), generation, kind, filters, limit, offset, total)

    def cached(self, key: Any, make: Callable[[], Any]) -> Any:
        """``make()`` once per key and add: concurrent requests for the same key wait for the first."""
        generation = self.generation
        with self._cache_lock:
            if (generation, key) in self._cache:
                return self._cache[(generation, key)]
            lock = self._making.setdefault((generation, key), threading.Lock())
        with lock:
            with self._cache_lock:
                if (generation, key) in self._cache:
                    return self._cache[(generation, key)]
            value = make()
            with self._cache_lock:
                self._making.pop((generation, key), None)
                if generation == self.generation:
                    if len(self._cache) > 2048:
                        self._cache.clear()
                    self._cache[(generation, key)] = value
        return value

    def warm(self, work: Callable[[], Any]) -> None:
        """Compute the whole-store answers (briefing, ledger) in the background, so the first visitors need not wait."""
        def run() -> None:
            try:
                work()
            except Exception:  # noqa: BLE001 - a failure here shows again, with its status, on the request
                log.exception("warming the cache failed")
        self._warming = threading.Thread(target=run, name="storyline-warm", daemon=True)
        self._warming.start()

    def add(self, body: bytes, content_type: str) -> dict[str, Any]:
        """Add the articles in ``body`` (any format ``storyline add`` reads), in this process, one add at a time."""
        from ..pipeline import add

        suffix = SUFFIXES.get(content_type.split(";")[0].strip().lower())
        if suffix is None:
            raise UsageError(f"cannot add a body of type {content_type!r}; send one of: {', '.join(SUFFIXES)}")
        with self._write, tempfile.TemporaryDirectory(prefix="storyline-post-") as folder:
            path = Path(folder) / f"posted{suffix}"
            path.write_bytes(body)
            result = add([str(path)], self.settings)
            self.generation += 1
            with self._cache_lock:
                self._cache.clear()
            self.blocks.clear()
        return {"added": result.added, "unchanged": result.unchanged, "rejected": result.rejected,
                "reasons": result.reasons, "summary": result.summary()}

    def authorise(self, request: Request) -> None:
        """401 without credentials, 403 with wrong ones or when writing is off (the token compared in constant time)."""
        if not self.token:
            raise _HTTPError(403, "writing is disabled: start 'storyline serve' with --token or $STORYLINE_TOKEN")
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise _HTTPError(401, "send the operator token as 'Authorization: Bearer TOKEN'")
        if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise _HTTPError(403, "the token is wrong")

    def close(self) -> None:
        """Close the store, once the warming has finished (closing it under a running query is unsafe)."""
        if self._warming is not None:
            self._warming.join(timeout=60)
        self.store.close()


SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: Starlette's BaseHTTPMiddleware costs a task per request)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, sending)


class ResponseCache:
    """Whole GET responses with status 200, kept per path, query and JSON-or-not, for the store's generation.

    A hit skips routing, validation, queries and rendering. Every cacheable response gets an ETag (a
    hash of its body); a request whose ``If-None-Match`` names it gets 304 and no body. Least
    recently used answers are dropped beyond ``max_bytes``. Runs on the event loop's thread only.
    """

    SKIP = ("/static/",)

    def __init__(self, app: Any, server: Server | None = None, max_bytes: int = 256_000_000):
        self.app = app
        self.server = server
        self.max_bytes = max_bytes
        self.bytes = 0
        self.generation = -1
        self.entries: OrderedDict[tuple[str, bytes, bool], tuple[list[tuple[bytes, bytes]], bytes, bytes]] = OrderedDict()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.server is None or scope["path"].startswith(self.SKIP):
            await self.app(scope, receive, send)
            return
        generation = self.server.refresh()
        if generation != self.generation:
            self.entries.clear()
            self.bytes, self.generation = 0, generation
        headers = dict(scope["headers"])
        key = (scope["path"], scope["query_string"], _asks_json(scope["path"], headers.get(b"accept", b"").decode("latin-1")))
        match = headers.get(b"if-none-match")
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            await self._answer(send, *entry, match)
            return
        start: dict[str, Any] = {}
        body = bytearray()

        async def keep(message: Any) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, keep)
        if start.get("status") != 200:
            await send(start)
            await send({"type": "http.response.body", "body": bytes(body)})
            return
        data = bytes(body)
        etag = b'"' + hashlib.blake2b(data, digest_size=12).hexdigest().encode() + b'"'
        kept = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"etag", b"cache-control")]
        kept += [(b"etag", etag), (b"cache-control", b"no-cache")]
        if self.server.generation == generation and len(data) <= self.max_bytes // 8:
            self.entries[key] = (kept, data, etag)
            self.bytes += len(data)
            while self.bytes > self.max_bytes and self.entries:
                _, (_, dropped, _) = self.entries.popitem(last=False)
                self.bytes -= len(dropped)
        await self._answer(send, kept, data, etag, match)

    @staticmethod
    async def _answer(send: Any, headers: list[tuple[bytes, bytes]], body: bytes, etag: bytes, match: bytes | None) -> None:
        if match is not None and (match.strip() == b"*" or etag in [m.strip().removeprefix(b"W/") for m in match.split(b",")]):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(k, v) for k, v in headers if k in (b"etag", b"cache-control")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def wants_json(request: Request) -> bool:
    return _asks_json(request.url.path, request.headers.get("accept", ""))


def _asks_json(path: str, accept: str) -> bool:
    if path.endswith(".json"):
        return True
    return "application/json" in accept and "text/html" not in accept


FACTORY = "storyline.serve.app:app_from_environment"
SETTINGS_VARIABLE = "STORYLINE_SERVE_SETTINGS"
MAX_DEFAULT_WORKERS = 4


def worker_count(asked: int | None, writes: bool) -> int:
    """How many worker processes serve: ``asked``, else one per usable core (at most 4); always 1 with writes.

    DuckDB lets several processes open a file read-only, but only one open it for writing, and
    the adds run in the process that owns the store: a token and several workers are refused."""
    if writes:
        if asked not in (None, 1):
            raise UsageError("--workers must be 1 with a token: adds run in the one process that owns the store")
        return 1
    if asked is not None:
        if asked < 1:
            raise UsageError(f"--workers must be 1 or more, not {asked}")
        return asked
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(usable, MAX_DEFAULT_WORKERS))


@contextlib.contextmanager
def serve_environment(settings: Settings) -> Iterator[None]:
    """The settings in the environment for the worker processes to read (``app_from_environment``)."""
    import dataclasses
    import json

    before = os.environ.get(SETTINGS_VARIABLE)
    os.environ[SETTINGS_VARIABLE] = json.dumps(dataclasses.asdict(settings))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(SETTINGS_VARIABLE, None)
        else:
            os.environ[SETTINGS_VARIABLE] = before


def app_from_environment() -> FastAPI:
    """A read-only app over the settings ``serve_environment`` left: what each worker process runs."""
    import json

    return create_app(Settings(**json.loads(os.environ[SETTINGS_VARIABLE])))


def create_app(settings: Settings, token: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The app over the store in ``settings.db`` (read-only unless ``token`` is set)."""
    server = Server(settings, token, max_body)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        server.close()

    app = FastAPI(title="Storyline", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="The cited record of a pile of news articles: every record kind, the briefing, and the web UI.")
    app.state.server = server
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["kinds"] = list(RECORDS)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    app.add_middleware(ResponseCache, server=server)
    app.add_middleware(SecurityHeaders)  # outermost: cached answers and 304s carry the headers too

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, exc: StorylineError) -> Response:
        return _error(request, http_status(exc), str(exc))

    @app.exception_handler(_HTTPError)
    async def http_error(request: Request, exc: _HTTPError) -> Response:
        return _error(request, exc.status, str(exc))

    def _error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/") or wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status)

    def page(request: Request, template: str, context: dict[str, Any]) -> Response:
        if wants_json(request):
            body = server.cached(("json", request.url.path, request.url.query), lambda: JSONResponse(context).body)
            return Response(body, media_type="application/json")
        html = server.cached(("html", request.url.path, request.url.query),
                             lambda: templates.get_template(template).render({"request": request, "data": context}))
        return HTMLResponse(html)

    from .routes import register

    register(app, server, page)
    return app


__all__ = ["ResponseCache", "Server", "app_from_environment", "create_app", "serve_environment", "wants_json", "worker_count"]
