"""The routes: each parses its input, calls one library function and hands the result on.

API (JSON): ``GET /api/{kind}`` for every registered record kind, ``GET
/api/brief``, ``POST /api/documents``. Pages (HTML, and JSON with ``.json``
or ``Accept: application/json``): ``/`` (story overview with the briefing),
``/timeline``, ``/claims``, ``/actors``, ``/actors/{id}``, ``/documents``,
``/documents/{id}`` (``#c=START-END`` highlights a span).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from ..model import RECORDS
from ..report.brief import Briefing, briefing_json, build_briefing, render
from . import pages
from .app import Server, _HTTPError
from ..store import kind_or_error
from .query import Filters, filters_of

Page = Callable[[Request, str, dict[str, Any]], Response]


def _filters(actor: str | None, since: str | None, until: str | None, type: str | None, q: str | None) -> Filters:
    return Filters(actor or None, since or None, until or None, type or None, q or None)


def register(app: FastAPI, server: Server, page: Page) -> None:
    _api(app, server)
    _pages(app, server, page)

    def warm() -> None:
        briefing_data(server, None)
        server.cached("ledger", lambda: pages.ledger(server.view()))
    server.warm(warm)


def briefing(server: Server, story: str | None) -> Briefing:
    return server.cached(("brief", story), lambda: build_briefing(server.view(), story))


def briefing_data(server: Server, story: str | None) -> dict[str, Any]:
    return server.cached(("brief-json", story), lambda: briefing_json(briefing(server, story)))


def _api(app: FastAPI, server: Server) -> None:
    @app.get("/api/brief", tags=["api"], summary="The briefing of a story (the largest when no story is given)")
    def api_brief(story: str | None = None, format: str = Query("json", pattern="^(json|md|html)$")) -> Response:
        if format == "json":
            return JSONResponse(briefing_data(server, story))
        media = "text/markdown" if format == "md" else "text/html"
        text = server.cached(("brief-text", story, format), lambda: render(briefing(server, story), format))
        return Response(text, media_type=f"{media}; charset=utf-8")

    @app.post("/api/documents", tags=["api"], summary="Add articles (any format 'storyline add' reads); needs the operator token")
    async def api_add(request: Request) -> JSONResponse:
        server.authorise(request)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > server.max_body:
            raise _HTTPError(413, f"the body is larger than {server.max_body} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > server.max_body:
                raise _HTTPError(413, f"the body is larger than {server.max_body} bytes")
        result = await run_in_threadpool(server.add, bytes(body), request.headers.get("content-type", "text/plain"))
        return JSONResponse(result, status_code=201 if result["added"] else 200)

    @app.get("/api/{kind}", tags=["api"], summary="Records of one kind, filtered and paginated",
             description="KIND is one of: " + ", ".join(RECORDS) + ". Filters a kind has no field for are refused (400).")
    def api_records(kind: str, actor: str | None = None, since: str | None = None, until: str | None = None,
                    type: str | None = None, q: str | None = None, limit: int = 100, offset: int = 0) -> JSONResponse:
        filters = _filters(actor, since, until, type, q)
        page = server.select(kind, filters, limit, offset).as_dict()
        return JSONResponse(page | {"filters": filters_of(kind_or_error(kind))})


def _pages(app: FastAPI, server: Server, page: Page) -> None:
    def both(path: str) -> list[str]:
        return [path, path.rstrip("/") + ".json"] if path != "/" else ["/", "/index.json"]

    def route(path: str, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def add(handler: Callable[..., Any]) -> Callable[..., Any]:
            for each in both(path):
                app.add_api_route(each, handler, methods=["GET"], tags=["pages"], summary=name, name=f"{name} {each}")
            return handler
        return add

    @route("/", "story overview")
    def overview(request: Request, story: str | None = None) -> Response:
        data = server.cached(("overview", story), lambda: pages.overview(server.view(), briefing_data(server, story)))
        return page(request, "story.html", data)

    @route("/timeline", "timeline")
    def timeline(request: Request, actor: str | None = None, since: str | None = None, until: str | None = None,
                 type: str | None = None, q: str | None = None, limit: int = 500, offset: int = 0) -> Response:
        filters = _filters(actor, since, until, type, q)
        data = server.cached(("timeline", filters, limit, offset),
                             lambda: pages.timeline(server.view(), filters, limit, offset, server.select("timeline", filters, limit, offset),
                                                    server.names()))
        return page(request, "timeline.html", data)

    @route("/claims", "claim ledger")
    def claims(request: Request) -> Response:
        return page(request, "claims.html", server.cached("ledger", lambda: pages.ledger(server.view())))

    @route("/actors", "actors")
    def actors(request: Request, q: str | None = None) -> Response:
        return page(request, "actors.html", server.cached(("actors", q), lambda: pages.actors(server.view(), q)))

    @app.get("/actors/{actor_id}", tags=["pages"], summary="actor page (also /actors/{actor_id}.json)")
    def actor(request: Request, actor_id: str) -> Response:
        actor_id = actor_id.removesuffix(".json")
        return page(request, "actor.html", server.cached(("actor", actor_id), lambda: pages.actor(server.view(), actor_id)))

    @route("/documents", "documents")
    def documents(request: Request, actor: str | None = None, since: str | None = None, until: str | None = None,
                  q: str | None = None, limit: int = 100, offset: int = 0) -> Response:
        filters = _filters(actor, since, until, None, q)
        data = server.cached(("documents", filters, limit, offset),
                             lambda: pages.documents(server.view(), filters, limit, offset, server.select("documents", filters, limit, offset)))
        return page(request, "documents.html", data)

    @app.get("/documents/{doc_id}", tags=["pages"], summary="document view (also /documents/{doc_id}.json); #c=START-END highlights a span")
    def document(request: Request, doc_id: str) -> Response:
        doc_id = doc_id.removesuffix(".json")
        data = server.cached(("document", doc_id), lambda: pages.document(server.view(), doc_id, server.names()))
        if request.url.path.endswith(".json") or "application/json" in request.headers.get("accept", "") and \
                "text/html" not in request.headers.get("accept", ""):
            return JSONResponse(data)
        text = data["document"]["text"]
        pieces = server.cached(("segments", doc_id), lambda: pages.segments(text, data["annotations"], data["actor_names"]))
        return page(request, "document.html", {**data, "segments": pieces})
