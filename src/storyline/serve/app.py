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
until the next add completes. Every page has a JSON twin: the same path with
``.json``, or ``Accept: application/json``. Article text is untrusted: the
templates escape everything, and every response carries a
Content-Security-Policy that allows only the app's own script and styles.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
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

    def view(self) -> Store:
        """This thread's cursor on the store (each query sees the last committed add)."""
        view = getattr(self._local, "view", None)
        if view is None:
            view = self._local.view = self.store.view()
        return view

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
        threading.Thread(target=run, name="storyline-warm", daemon=True).start()

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


class _HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


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

    app.add_middleware(SecurityHeaders)

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


__all__ = ["Server", "create_app", "wants_json"]
