"""The REST API under ``/api``: events, articles, actors and quotes, read from the store.

Every listing takes the filters of the matching ``Store`` query plus ``limit``
(1..1000) and ``offset``, and answers ``{"<rows>": [...], "total": N, "limit": L,
"offset": O}`` where ``total`` is what ``Store.count_*`` gives for the same filters.
Parameters are checked before any query runs (invalid values get 422 in the one
error shape of ``dateline.serve.app``); a full-text query FTS5 cannot parse gets 400.

``POST /api/articles`` ingests text: only when the server was started with a token
and the request carries it (``Authorization: Bearer <token>``). The spaCy pipeline
loads on the first such request, never at start-up; processing runs in a worker
thread, one ingest at a time.

``add_docs(app)`` serves the OpenAPI description as a Swagger UI page at
``/api/docs`` from the files of the ``swagger-ui-bundle`` package: no CDN.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.exceptions import HTTPException

from ..errors import UsageError
from ..store import Store
from .app import error_body, store_dependency

router = APIRouter(prefix="/api", tags=["api"])

# ---------------------------------------------------------------------------
# parameters

ISO_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: the precisions dateline stores dates at."""


def _real_date(value: str | None) -> str | None:
    """Reject dates that match the pattern but not the calendar (``2025-13``, ``2025-02-30``)."""
    if value:
        parts = [int(p) for p in value.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from exc
    return value


IsoDate = Annotated[str | None, AfterValidator(_real_date)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page, 1 to 1000.")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip before the page starts.")]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3 country code, e.g. IRN.")]
Since = Annotated[IsoDate, Query(pattern=ISO_DATE_PATTERN, description="On or after this ISO date (YYYY, YYYY-MM or YYYY-MM-DD).")]
Until = Annotated[IsoDate, Query(pattern=ISO_DATE_PATTERN, description="On or before this ISO date, compared as text (`2025-03` keeps `2025-03` but not `2025-03-12`).")]
FullText = Annotated[str | None, Query(max_length=500, description='Full-text query over article titles and bodies (FTS5 syntax: words, "phrases", AND/OR/NOT).')]
ActorRef = Annotated[str | None, Query(max_length=200, description="Actor id, or a name or alias (exact, case-insensitive).")]
StoreDep = Annotated[Store, Depends(store_dependency)]


def _searching(query: Any, where: str = "query.q") -> Any:
    """Run a store query; an FTS5 query SQLite cannot parse becomes a 400 naming the parameter."""
    try:
        return query()
    except UsageError as exc:
        raise UsageError(exc.message, where=where, hint=exc.hint) from exc


# ---------------------------------------------------------------------------
# response shapes (the rows are the store's columns; these name the main ones)


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status code.")
    title: str = Field(description="A short name for the kind of error.")
    detail: str | None = Field(None, description="What was wrong and, where it helps, what to do.")
    where: str | None = Field(None, description="The parameter or part of the request at fault, e.g. `query.limit`.")


class ErrorResponse(BaseModel):
    """The one JSON shape of every error."""

    error: ErrorDetail


class Event(BaseModel):
    """One coded event: who did what to whom, when and where, and the sentence that says so."""

    model_config = ConfigDict(extra="allow")
    id: str
    article_id: str
    source_actor: str | None = None
    source_name: str | None = None
    source_country: str | None = None
    target_actor: str | None = None
    target_name: str | None = None
    target_country: str | None = None
    cameo_code: str | None = None
    cameo_root: str | None = None
    goldstein: float | None = None
    quad: int | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = Field(None, description="PLOVER contexts, \";\"-joined (\"military;legal\").")
    date: str | None = None
    date_precision: str | None = None
    date_basis: str | None = None
    place_name: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    modality: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    sentence_text: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    pattern: str | None = None
    confidence: float | None = None
    happening: str | None = Field(None, description="Key shared by the records of one happening: source, target, "
                                                    "CAMEO base code, date and modality. A `distinct` listing adds "
                                                    "`mentions` (its matching records) and `articles`.")


class ArticleSummary(BaseModel):
    """An article without its body, with counts of its events and quotes."""

    model_config = ConfigDict(extra="allow")
    id: str
    seq: int
    title: str | None = None
    published: str | None = None
    dateline_place: str | None = None
    dateline_country: str | None = None
    language: str | None = None
    url: str | None = None
    source_file: str | None = None
    pipeline_version: str | None = None
    events: int = 0
    quotes: int = 0


class ArticleFull(BaseModel):
    """One article in full: the stored columns and record, with its mentions, times, places, events and quotes."""

    model_config = ConfigDict(extra="allow")
    id: str
    seq: int
    title: str | None = None
    published: str | None = None
    body: str
    record: dict[str, Any]
    mentions: list[dict[str, Any]]
    times: list[dict[str, Any]]
    places: list[dict[str, Any]]
    events: list[Event]
    quotes: list[dict[str, Any]]


class ActorOut(BaseModel):
    """A canonical actor with its aliases and how often it is mentioned, acts in events and speaks."""

    model_config = ConfigDict(extra="allow")
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    affiliation: str | None = None
    aliases: list[str] = []
    mentions: int = 0
    events: int = 0
    quotes: int = 0


class Quote(BaseModel):
    """A quotation with its speaker; ``record`` is the full quote record."""

    model_config = ConfigDict(extra="allow")
    id: str
    article_id: str
    kind: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    cue: str | None = None
    speaker_actor: str | None = None
    speaker_name: str | None = None
    speaker_country: str | None = None
    record: dict[str, Any]


class Page(BaseModel):
    total: int = Field(description="Rows matching the filters in all (not only on this page).")
    limit: int
    offset: int


class EventPage(Page):
    events: list[Event]


class ArticlePage(Page):
    articles: list[ArticleSummary]


class ActorPage(Page):
    actors: list[ActorOut]


class QuotePage(Page):
    quotes: list[Quote]


class ArticleIn(BaseModel):
    """News text to ingest."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="The raw text: one article, or several copied off news pages.")
    published: Annotated[str | None, AfterValidator(_real_date)] = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date (YYYY-MM-DD), when the text does not state it.")
    title: str | None = Field(None, max_length=1000, description="The title, when the text does not state it.")
    format: Literal["dump", "pagetext", "feed"] = Field(
        "dump", description="`dump`: articles copied off news pages; `pagetext`: one article inside a whole page's "
                            "text; `feed`: one article's plain text.")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value


class Ingested(BaseModel):
    id: str
    title: str | None = None
    published: str | None = None
    events: int = Field(description="Events coded in the article.")
    quotes: int = Field(description="Quotes found in the article.")


class IngestResult(BaseModel):
    articles: list[Ingested]
    new: int = Field(description="How many of the articles were not stored before.")


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorResponse} for code in codes}


# ---------------------------------------------------------------------------
# events


@router.get("/events", response_model=EventPage, responses=_errors(400, 422), summary="List events",
            description="Coded events matching every filter given, ordered by date then id. Modal events "
                        "(negated, hypothetical, future, historical) are left out unless `include_modal`. With "
                        "`distinct`, one record per happening (several reports of one event) with `mentions` "
                        "and `articles` counts; `total` then counts happenings.")
def list_events(
    store: StoreDep,
    actor: ActorRef = None,
    source: Country = None,
    target: Country = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$",
                                         description="Either side's country or the event's place (ISO3).")] = None,
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z_]+$", max_length=40,
                                      description="PLOVER event type, e.g. CONSULT (any case).")] = None,
    cameo: Annotated[str | None, Query(pattern=r"^\d{1,4}$", description="CAMEO code or prefix, e.g. 04 or 042.")] = None,
    since: Since = None,
    until: Until = None,
    q: FullText = None,
    include_modal: Annotated[bool, Query(description="Also list modal events.")] = False,
    article: Annotated[str | None, Query(max_length=64, description="Only this article's events (article id).")] = None,
    distinct: Annotated[bool, Query(description="One record per happening, its first report, with counts.")] = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = dict(actor=actor, source=source, target=target, country=country, type=type, cameo=cameo,
                   since=since, until=until, text=q, include_modal=include_modal, article=article, distinct=distinct)
    rows = _searching(lambda: store.events(**filters, limit=limit, offset=offset))
    return {"events": rows, "total": store.count_events(**filters), "limit": limit, "offset": offset}


@router.get("/events/{event_id}", response_model=Event, responses=_errors(404, 422), summary="Get one event",
            description="One event by its id.")
def get_event(store: StoreDep, event_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    found = store.event(event_id)
    if found is None:
        raise HTTPException(404, detail=f"no event with id {event_id!r}")
    return found


# ---------------------------------------------------------------------------
# articles


@router.get("/articles", response_model=ArticlePage, responses=_errors(400, 422), summary="List articles",
            description="Article summaries (no body) in arrival order, with counts of their events and quotes.")
def list_articles(
    store: StoreDep,
    q: FullText = None,
    since: Annotated[IsoDate, Query(pattern=ISO_DATE_PATTERN, description="Published on or after this ISO date.")] = None,
    until: Annotated[IsoDate, Query(pattern=ISO_DATE_PATTERN, description="Published on or before this ISO date.")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="The dateline's country or a country "
                                         "in one of the article's events (ISO3).")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="An actor id, name or alias mentioned in the article.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = dict(text=q, since=since, until=until, country=country, actor=actor)
    rows = _searching(lambda: store.articles(**filters, limit=limit, offset=offset))
    return {"articles": rows, "total": store.count_articles(**filters), "limit": limit, "offset": offset}


@router.get("/articles/{ref}", response_model=ArticleFull, responses=_errors(400, 404, 422), summary="Get one article",
            description="One article in full by its id, a unique prefix of the id (6 characters or more) or its "
                        "arrival number: the record plus stored mentions, times, places, events and quotes.")
def get_article(store: StoreDep, ref: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    found = _searching(lambda: store.article(ref), where="path.ref")
    if found is None:
        raise HTTPException(404, detail=f"no article {ref!r}")
    return found


def _authorize(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    token = request.app.state.token
    if not token:
        raise HTTPException(403, detail="read-only server: start with --token or DATELINE_TOKEN")
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(401, detail="send the server's token as `Authorization: Bearer <token>`",
                            headers={"WWW-Authenticate": "Bearer"})


_bearer = HTTPBearer(auto_error=False, description="The token `dateline serve` was started with.")


@router.post("/articles", status_code=201, response_model=IngestResult, responses=_errors(400, 401, 403, 413, 422),
             summary="Ingest news text",
             description="Run the pipeline over the text and store the articles found in it. Needs the server's "
                         "token (`Authorization: Bearer <token>`); a server started without one is read-only (403).",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": ArticleIn.model_json_schema()}}}})
async def post_articles(
    request: Request,
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> JSONResponse:
    _authorize(request, credentials)  # before reading the body
    raw = await request.body()  # BodyLimit stops it past app.state.max_body
    try:
        data = json.loads(raw)
    except ValueError as exc:
        return JSONResponse(error_body(400, "bad request", f"the body is not JSON: {exc}", "body"), status_code=400)
    try:
        item = ArticleIn.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]) from exc

    def ingest() -> dict[str, Any]:
        import dateline

        with request.app.state.write_lock:
            articles = dateline.process(item.text, published=item.published, title=item.title,
                                        input_format=item.format)
            new = store.add_articles(articles)
        return {"articles": [{"id": a.id, "title": a.title, "published": a.published, "events": len(a.events),
                              "quotes": len(a.quotes)} for a in articles], "new": new}

    result = await run_in_threadpool(ingest)
    return JSONResponse(IngestResult.model_validate(result).model_dump(), status_code=201)


# ---------------------------------------------------------------------------
# actors and quotes


@router.get("/actors", response_model=ActorPage, responses=_errors(422), summary="List actors",
            description="Canonical actors whose id is `name` or whose name or an alias contains it, most mentioned "
                        "first, with aliases and counts of mentions, events and quotes.")
def list_actors(
    store: StoreDep,
    name: Annotated[str | None, Query(max_length=200, description="Actor id, or part of a name or alias.")] = None,
    country: Country = None,
    kind: Annotated[str | None, Query(pattern=r"^[A-Za-z_-]+$", max_length=40,
                                      description="Actor kind, e.g. state, person, organization.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = dict(name=name, country=country, kind=kind)
    return {"actors": store.actors(**filters, limit=limit, offset=offset), "total": store.count_actors(**filters),
            "limit": limit, "offset": offset}


@router.get("/actors/{actor_id}", response_model=ActorOut, responses=_errors(404, 422), summary="Get one actor",
            description="One canonical actor by id, with its aliases and counts.")
def get_actor(store: StoreDep, actor_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    found = store.actor(actor_id)
    if found is None:
        raise HTTPException(404, detail=f"no actor with id {actor_id!r}")
    return found


@router.get("/quotes", response_model=QuotePage, responses=_errors(400, 422), summary="List quotes",
            description="Quotations in article order, by speaker, article, kind or the text of their article.")
def list_quotes(
    store: StoreDep,
    speaker: Annotated[str | None, Query(max_length=200, description="Speaker actor id, or part of a name or alias.")] = None,
    article: Annotated[str | None, Query(max_length=64, description="Only this article's quotes (article id).")] = None,
    kind: Annotated[Literal["direct", "indirect"] | None, Query(description="direct or indirect.")] = None,
    q: FullText = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    filters = dict(speaker=speaker, article=article, kind=kind, text=q)
    rows = _searching(lambda: store.quotes(**filters, limit=limit, offset=offset))
    return {"quotes": rows, "total": store.count_quotes(**filters), "limit": limit, "offset": offset}


# ---------------------------------------------------------------------------
# the docs page


def _openapi_30(node: Any) -> Any:
    """An OpenAPI 3.1 document rewritten in 3.0 terms, for the bundled Swagger UI 4 (which reads only 3.0)."""
    if isinstance(node, list):
        return [_openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _openapi_30(value) for key, value in node.items()}
    for key in ("anyOf", "oneOf"):
        options = out.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            del out[key]
            if len(rest) == 1 and "$ref" not in rest[0]:
                out.update(rest[0])
            elif len(rest) == 1:
                out["allOf"] = rest
            else:
                out[key] = rest
            out["nullable"] = True
    if isinstance(out.get("type"), list):
        types = [t for t in out["type"] if t != "null"]
        out["type"] = types[0] if len(types) == 1 else "string"
        out["nullable"] = True
    if "const" in out:
        out["enum"] = [out.pop("const")]
    if isinstance(out.get("examples"), list) and out["examples"]:
        out["example"] = out.pop("examples")[0]
    return out


def add_docs(app: FastAPI) -> None:
    """Serve Swagger UI at ``/api/docs`` from the ``swagger-ui-bundle`` package's files (no CDN)."""
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/api/docs/static", StaticFiles(directory=str(Path(str(swagger_ui_path)))), name="api-docs-static")

    @app.get("/api/docs/openapi-3.0.json", include_in_schema=False)
    def openapi_30() -> JSONResponse:
        document = _openapi_30(app.openapi())
        document["openapi"] = "3.0.3"
        return JSONResponse(document)

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/docs/openapi-3.0.json", title="dateline API",
            swagger_js_url="/api/docs/static/swagger-ui-bundle.js", swagger_css_url="/api/docs/static/swagger-ui.css",
            swagger_favicon_url="/api/docs/static/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )
