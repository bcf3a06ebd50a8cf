"""The FastAPI application behind ``dateline serve``: one app, one store, one error shape.

``create_app(db)`` builds the app over a store file. Every request opens its own
short-lived read connection (``store_dependency``), so the server never shares a
SQLite connection between threads and an ingest can write while it serves.

Errors always have one JSON shape::

    {"error": {"status": 422, "title": "invalid parameter", "detail": "...", "where": "query.limit"}}

The REST routes live in ``dateline.serve.api``, the browser pages and their JSON
twins in ``dateline.serve.web``; both are ``APIRouter``s included here.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import DatelineError, UsageError
from ..store import Store, open_store

MAX_BODY_BYTES = 2 * 1024 * 1024
"""Default limit on a request body (``POST /api/articles``); larger bodies get 413."""


def error_body(status: int, title: str, detail: str | None = None, where: str | None = None) -> dict[str, Any]:
    """The one JSON error shape every failing request gets."""
    return {"error": {"status": status, "title": title, "detail": detail, "where": where}}


def error_response(status: int, title: str, detail: str | None = None, where: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, title, detail, where), status_code=status)


def _request_store(db: str) -> Store:
    """A connection to an existing, migrated store (``create_app`` checked it) for one request.

    FastAPI opens a dependency, runs a sync route and closes the dependency in
    (possibly) three different worker threads, so the connection must not be tied
    to the thread that opened it. It is still used by one request at a time only.
    The store is already in WAL mode (a property of the file).
    """
    conn = sqlite3.connect(db, isolation_level=None, timeout=30.0, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return Store(conn, db)


def store_dependency(request: Request) -> Iterator[Store]:
    """A FastAPI dependency: a store connection for this request, closed after it."""
    store = _request_store(request.app.state.db)
    try:
        yield store
    finally:
        store.close()


class BodyLimit:
    """ASGI middleware: refuse request bodies larger than ``app.state.max_body`` bytes with 413.

    A declared ``Content-Length`` over the limit is refused before anything is read;
    a body sent without one (chunked) is counted as it is read, and reading stops
    with a 413 as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body
        detail = f"request bodies are limited to {limit} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0:
                    response = error_response(400, "bad request", "invalid Content-Length header", "header.content-length")
                    await response(scope, receive, send)
                    return
                if declared > limit:
                    response = error_response(413, "request body too large", detail, "body")
                    await response(scope, receive, send)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise StarletteHTTPException(413, detail=detail)
            return message

        await self.app(scope, limited, send)


def create_app(db: str | Path, token: str | None = None, max_body: int = MAX_BODY_BYTES) -> FastAPI:
    """The dateline web app over the store at ``db`` (created and migrated if needed).

    ``token``: when given, ``POST /api/articles`` accepts text carrying it
    (``Authorization: Bearer <token>``); without one the server is read-only.
    ``max_body``: the largest request body accepted, in bytes.
    """
    open_store(db).close()  # fail now, with a clear message, rather than on the first request
    app = FastAPI(title="dateline", version=__version__, description="Political event data from news text.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.db = str(db)
    app.state.token = token or None
    app.state.max_body = max_body
    app.state.write_lock = threading.Lock()  # one writer at a time (POST /api/articles)
    app.add_middleware(BodyLimit, max_body=max_body)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found",
                 405: "method not allowed", 413: "request body too large"}.get(exc.status_code, "error")
        detail = str(exc.detail) if exc.detail else None
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such page: {request.url.path}"
        response = error_response(exc.status_code, title, detail, "body" if exc.status_code == 413 else None)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = exc.errors()
        first = problems[0] if problems else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in problems)
        return error_response(422, "invalid parameter", detail, where or None)

    @app.exception_handler(UsageError)
    async def _usage(request: Request, exc: UsageError) -> JSONResponse:
        return error_response(400, "bad request", exc.render(), exc.where)

    @app.exception_handler(DatelineError)
    async def _dateline(request: Request, exc: DatelineError) -> JSONResponse:
        return error_response(400, "bad input", exc.render())

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette still logs the traceback; the client gets the one shape, without internals.
        return error_response(500, "internal error", "the server failed on this request; see its log")

    from . import api

    app.include_router(api.router)
    api.add_docs(app)
    try:
        from . import web
    except ImportError:  # the browser view is optional while it is being built
        web = None  # type: ignore[assignment]
    if web is not None:
        app.include_router(web.router)
    return app
