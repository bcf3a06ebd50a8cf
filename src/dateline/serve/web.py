"""The browser view: server-rendered HTML pages over the store, and the JSON twins of the aggregate views.

Pages: ``/`` (overview), ``/events``, ``/dyads``, ``/network``, ``/map``, ``/actors``,
``/actors/{id}``, ``/articles/{id}``. Each links to its JSON twin (``/events`` ↔
``/api/events``; the aggregate twins ``/api/overview``, ``/api/dyads``,
``/api/network`` and ``/api/map`` are defined here). Filters live in the query
string, so a view can be shared by its URL.

Safety: templates are rendered by Jinja2 with autoescaping on for everything, data
for scripts travels as JSON inside ``<script type="application/json">`` (escaped by
``tojson``), the scripts build the DOM with ``textContent`` only, and every page is
sent with a Content-Security-Policy that allows scripts, styles and images from this
server only, so text from an article can never run as code or load from elsewhere.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..errors import DatelineError, UsageError
from ..store import Store
from . import aggregate as agg
from .aggregate import QUADS, Filters
from .app import store_dependency

HERE = Path(__file__).parent
PAGE_SIZE = 50

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
       " font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

NAV = (("/", "Overview"), ("/events", "Events"), ("/dyads", "Dyads"), ("/network", "Network"),
       ("/map", "Map"), ("/actors", "Actors"))

router = APIRouter(tags=["web"])
router.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True,
                      default_for_string=True), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(QUADS=QUADS, NAV=NAV, cameo_roots=agg.cameo_roots, plover_types=agg.plover_types,
                       country_names=agg.country_names)
    env.filters["qs"] = _qs
    env.filters["seg"] = lambda value: quote(str(value), safe="")
    env.filters["num"] = lambda n: "—" if n is None else f"{n:,}" if isinstance(n, int) else f"{n:,.2f}"
    return env


def _qs(params: dict[str, Any], **override: Any) -> str:
    """A query string (with the leading ``?``, or empty) from ``params`` with ``override`` applied."""
    data = {**params, **override}
    clean = {k: v for k, v in data.items() if v not in (None, "", False)}
    return "?" + urlencode(clean) if clean else ""


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    path = request.url.path
    context.setdefault("twin", "/api" + (path if path != "/" else "/overview") + (
        "?" + request.url.query if request.url.query else ""))
    context.setdefault("filters", Filters())
    html = _env().get_template(template).render(path=path, request=request, **context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _filters(request: Request) -> tuple[Filters, str | None]:
    try:
        return Filters.from_query(request.query_params), None
    except DatelineError as exc:
        return Filters(), exc.render()


def _page(request: Request) -> int:
    try:
        return max(1, min(int(request.query_params.get("page", "1")), 100000))
    except ValueError:
        return 1


def _pager(total: int, page: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    pages = max(1, math.ceil(total / size))
    page = min(page, pages)
    return {"page": page, "pages": pages, "total": total, "size": size, "offset": (page - 1) * size,
            "first": (page - 1) * size + 1 if total else 0, "last": min(page * size, total)}


# ---------------------------------------------------------------------------
# charts (inline SVG, built server-side: no script needed to see them)

_W, _H, _PAD_L, _PAD_B, _PAD_T = 900, 240, 44, 36, 10


def _period_range(period: str, interval: str) -> tuple[str, str]:
    """The ``since``/``until`` filter values that select one period."""
    if interval == "week":
        from datetime import date, timedelta

        start = date.fromisoformat(period)
        return period, (start + timedelta(days=6)).isoformat()
    return period, period


def stacked_bars(series: dict[str, Any], filters: Filters) -> Markup:
    """Events per period stacked by quad class, each bar linking to the events of that period."""
    periods = series["periods"]
    if not periods:
        return Markup('<p class="empty">No dated events match these filters.</p>')
    top = max(p["total"] for p in periods) or 1
    plot_w, plot_h = _W - _PAD_L - 8, _H - _PAD_B - _PAD_T
    step = plot_w / len(periods)
    bar = max(1.0, step * 0.85)
    out = [f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" aria-label="events per {series["interval"]}'
           ' by quad class">']
    for tick in _ticks(top):
        y = _PAD_T + plot_h - tick / top * plot_h
        out.append(f'<line class="grid" x1="{_PAD_L}" x2="{_W - 8}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text class="axis" x="{_PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:,}</text>')
    label_every = max(1, math.ceil(len(periods) / 10))
    for i, p in enumerate(periods):
        x = _PAD_L + i * step
        since, until = _period_range(p["period"], series["interval"])
        href = "/events" + _qs(filters.query(since=since, until=until))
        tip = f'{p["period"]}: {p["total"]:,} events — ' + ", ".join(f"{QUADS[q]} {p[str(q)]:,}" for q in QUADS)
        out.append(f'<a href="{escape(href)}" class="bar"><title>{escape(tip)}</title>')
        y = _PAD_T + plot_h
        for q in QUADS:
            h = p[str(q)] / top * plot_h
            if h > 0:
                y -= h
                out.append(f'<rect class="q{q}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"/>')
        out.append(f'<rect class="hit" x="{x:.1f}" y="{_PAD_T}" width="{max(bar, 2):.1f}" height="{plot_h}"/></a>')
        if i % label_every == 0:
            out.append(f'<text class="axis" x="{x + bar / 2:.1f}" y="{_H - _PAD_B + 16}" text-anchor="middle">'
                       f'{escape(p["period"])}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _ticks(top: float) -> list[int]:
    if top <= 0:
        return [0]
    raw = top / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = max(1, int(min((m * mag for m in (1, 2, 5, 10) if m * mag >= raw), default=mag)))
    return list(range(0, int(top) + 1, step))


def dyad_chart(series: dict[str, Any], a_label: str, b_label: str) -> Markup:
    """Goldstein sum per period in each direction: above zero cooperation, below zero conflict."""
    periods = series["periods"]
    if not periods:
        return Markup('<p class="empty">No dated events between these two.</p>')
    values = [p[d]["goldstein"] for p in periods for d in ("ab", "ba")]
    top = max(1.0, max(abs(v) for v in values))
    plot_w, plot_h = _W - _PAD_L - 8, _H - _PAD_B - _PAD_T
    mid = _PAD_T + plot_h / 2
    step = plot_w / max(1, len(periods))
    out = [f'<svg class="chart dyad" viewBox="0 0 {_W} {_H}" role="img" aria-label="Goldstein-weighted'
           ' cooperation and conflict in both directions">',
           f'<rect class="band-coop" x="{_PAD_L}" y="{_PAD_T}" width="{plot_w}" height="{plot_h / 2:.1f}"/>',
           f'<rect class="band-conflict" x="{_PAD_L}" y="{mid:.1f}" width="{plot_w}" height="{plot_h / 2:.1f}"/>',
           f'<line class="zero" x1="{_PAD_L}" x2="{_W - 8}" y1="{mid:.1f}" y2="{mid:.1f}"/>',
           f'<text class="axis" x="{_PAD_L - 6}" y="{_PAD_T + 10}" text-anchor="end">+{top:,.0f}</text>',
           f'<text class="axis" x="{_PAD_L - 6}" y="{mid + 4:.1f}" text-anchor="end">0</text>',
           f'<text class="axis" x="{_PAD_L - 6}" y="{_PAD_T + plot_h:.1f}" text-anchor="end">−{top:,.0f}</text>']
    bar = max(1.0, step * 0.4)
    for d, cls, label in (("ab", "dir-ab", f"{a_label} → {b_label}"), ("ba", "dir-ba", f"{b_label} → {a_label}")):
        for i, p in enumerate(periods):
            v = p[d]["goldstein"]
            if not p[d]["n"]:
                continue
            x = _PAD_L + i * step + (0 if d == "ab" else bar)
            h = abs(v) / top * plot_h / 2
            y = mid - h if v >= 0 else mid
            tip = (f'{p["period"]} {label}: {p[d]["n"]} events, Goldstein sum {v:+.1f}'
                   f' ({p[d]["coop"]} cooperative, {p[d]["conflict"]} conflictual)')
            out.append(f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{max(h, 1):.1f}">'
                       f'<title>{escape(tip)}</title></rect>')
    label_every = max(1, math.ceil(len(periods) / 10))
    for i, p in enumerate(periods):
        if i % label_every == 0:
            out.append(f'<text class="axis" x="{_PAD_L + i * step + bar:.1f}" y="{_H - _PAD_B + 16}"'
                       f' text-anchor="middle">{escape(p["period"])}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """``text`` escaped, cut at every span boundary; each piece is a ``<span>`` naming the records covering it.

    ``spans``: ``(start, end, key, kind)``. A piece covered by records gets
    ``data-r="key key ..."`` and the classes of their kinds; uncovered text stays bare.
    The pieces' text, joined, is exactly ``text``.
    """
    n = len(text)
    valid = [(s, e, k, c) for s, e, k, c in spans if s is not None and e is not None and 0 <= s < e <= n]
    cuts = sorted({0, n, *(s for s, _, _, _ in valid), *(e for _, e, _, _ in valid)})
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        covering = [(k, c) for s, e, k, c in valid if s <= left and right <= e]
        piece = escape(text[left:right])
        if not covering:
            out.append(str(piece))
            continue
        keys = " ".join(k for k, _ in covering)
        kinds = " ".join(sorted({c for _, c in covering}))
        out.append(f'<span class="hl {kinds}" data-r="{keys}">{piece}</span>')
    return Markup("".join(out))


# ---------------------------------------------------------------------------
# pages


def _choices(store: Store) -> dict[str, Any]:
    """Values for the filter form's suggestion lists (bounded)."""
    actors = store.query("SELECT a.id, a.name FROM actors a JOIN (SELECT source_actor AS id, COUNT(*) AS n FROM"
                          " events WHERE source_actor IS NOT NULL GROUP BY source_actor ORDER BY n DESC LIMIT 200)"
                          " t ON t.id = a.id ORDER BY a.name", [])
    return {"actors": actors, "countries": sorted(agg.country_names().items(), key=lambda kv: kv[1])}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview_page(request: Request, store: Store = Depends(store_dependency)) -> HTMLResponse:
    filters, error = _filters(request)
    try:
        data = _overview(store, filters, request.query_params.get("interval") or None)
    except DatelineError as exc:
        filters, error = Filters(), exc.render()
        data = _overview(store, filters, None)
    return _render(request, "overview.html", status=400 if error else 200, page="overview", title="Overview",
                   filters=filters, error=error, data=data, chart=stacked_bars(data["timeline"], filters),
                   choices=_choices(store))


def _overview(store: Store, filters: Filters, interval: str | None) -> dict[str, Any]:
    return {
        "filters": filters.query(),
        "summary": agg.summary(store, filters),
        "timeline": agg.timeline(store, filters, interval),
        "top_actors": agg.top_actors(store, filters, 15),
        "top_countries": agg.top_countries(store, filters, 15),
        "top_dyads": agg.top_dyads(store, filters, 15, "country"),
        "top_actor_dyads": agg.top_dyads(store, filters, 15, "actor"),
    }


@router.get("/api/overview", tags=["web"])
def overview_json(request: Request, interval: str | None = Query(None, description="day, week, month or year"),
                  store: Store = Depends(store_dependency)) -> dict[str, Any]:
    """The overview as JSON: counts, date range, events per period by quad, top actors, countries and dyads."""
    return _overview(store, Filters.from_query(request.query_params), interval)


@router.get("/events", response_class=HTMLResponse, include_in_schema=False)
def events_page(request: Request, store: Store = Depends(store_dependency)) -> HTMLResponse:
    filters, error = _filters(request)
    try:
        total = store.count_events(**filters.store_kwargs())
    except DatelineError as exc:
        filters, error = Filters(), exc.render()
        total = store.count_events()
    pager = _pager(total, _page(request))
    rows = store.events(**filters.store_kwargs(), limit=PAGE_SIZE, offset=pager["offset"])
    twin = "/api/events" + _qs(filters.query(limit=PAGE_SIZE, offset=pager["offset"] or None))
    return _render(request, "events.html", status=400 if error else 200, page="events", title="Events",
                   filters=filters, error=error, twin=twin, rows=_event_rows(store, rows), pg=pager, choices=_choices(store))


def _event_rows(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = agg.cameo_roots()
    for row in rows:
        row["root_name"] = names.get(row.get("cameo_root") or "", "")
        s0, t0, t1 = row.get("sentence_start"), row.get("trigger_start"), row.get("trigger_end")
        text = row.get("sentence_text") or ""
        if s0 is not None and t0 is not None and t1 is not None and 0 <= t0 - s0 <= t1 - s0 <= len(text):
            row["before"], row["trigger"], row["after"] = text[:t0 - s0], text[t0 - s0:t1 - s0], text[t1 - s0:]
        else:
            row["before"], row["trigger"], row["after"] = text, "", ""
    return rows


@router.get("/dyads", response_class=HTMLResponse, include_in_schema=False)
def dyads_page(request: Request, store: Store = Depends(store_dependency)) -> HTMLResponse:
    filters, error = _filters(request)
    a, b = (request.query_params.get("a") or "").strip(), (request.query_params.get("b") or "").strip()
    context: dict[str, Any] = {"a": a, "b": b, "interval": request.query_params.get("interval") or ""}
    try:
        data = _dyads(store, filters, a, b, context["interval"] or None, _page(request))
    except DatelineError as exc:
        error = exc.render()
        filters, data = Filters(), _dyads(store, Filters(), "", "", None, 1)
    if data.get("series"):
        context["chart"] = dyad_chart(data["series"], data["a_name"], data["b_name"])
        data["events"] = _event_rows(store, data["events"])
    return _render(request, "dyads.html", status=400 if error else 200, page="dyads", title="Dyads",
                   filters=filters, error=error, data=data, choices=_choices(store), **context)


def _side_name(store: Store, ref: str) -> str:
    if len(ref) == 3 and ref.isalpha():
        return agg.country_names().get(ref.upper(), ref.upper())
    return agg.actor_names(store, {ref}).get(ref, ref)


def _dyads(store: Store, filters: Filters, a: str, b: str, interval: str | None, page: int) -> dict[str, Any]:
    if bool(a) != bool(b):
        raise UsageError("a dyad needs two sides", hint="give both a and b (actor ids or ISO3 country codes)")
    if not a:
        return {"filters": filters.query(), "top_dyads": agg.top_dyads(store, filters, 25, "country"),
                "top_actor_dyads": agg.top_dyads(store, filters, 25, "actor")}
    a, b = (x.upper() if len(x) == 3 and x.isalpha() else x for x in (a, b))
    series = agg.dyad_series(store, a, b, filters, interval)
    kwargs = filters.store_kwargs()
    pager = _pager(store.count_events(**kwargs, dyad=(a, b)), page)
    events = store.events(**kwargs, dyad=(a, b), limit=PAGE_SIZE, offset=pager["offset"])
    return {"filters": filters.query(), "a": a, "b": b, "a_name": _side_name(store, a), "b_name": _side_name(store, b),
            "series": series, "pager": pager, "events": events}


@router.get("/api/dyads", tags=["web"])
def dyads_json(request: Request, a: str | None = Query(None, description="actor id or ISO3 country"),
               b: str | None = Query(None, description="actor id or ISO3 country"),
               interval: str | None = Query(None, description="day, week, month or year"),
               page: int = Query(1, ge=1, le=100000), store: Store = Depends(store_dependency)) -> dict[str, Any]:
    """Without ``a``/``b``: the top dyads. With both: the Goldstein series both ways and one page of their events."""
    return _dyads(store, Filters.from_query(request.query_params), (a or "").strip(), (b or "").strip(),
                  interval, page)


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def network_page(request: Request, store: Store = Depends(store_dependency)) -> HTMLResponse:
    filters, error = _filters(request)
    color = request.query_params.get("color") if request.query_params.get("color") in ("country", "sector") else "country"
    return _render(request, "network.html", status=400 if error else 200, page="network", title="Actor network",
                   filters=filters, error=error, color=color, nodes=_int(request.query_params.get("nodes"), 40, 5, agg.MAX_NODES),
                   choices=_choices(store))


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(int(value or default), high))
    except ValueError:
        return default


@router.get("/api/network", tags=["web"])
def network_json(request: Request, nodes: int = Query(40, ge=1, le=agg.MAX_NODES),
                 edges: int = Query(200, ge=1, le=agg.MAX_EDGES),
                 store: Store = Depends(store_dependency)) -> dict[str, Any]:
    """The most active actors (nodes) and the events between them (edges), for the filters given."""
    filters = Filters.from_query(request.query_params)
    return {"filters": filters.query(), **agg.network(store, filters, nodes, edges)}


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request, store: Store = Depends(store_dependency)) -> HTMLResponse:
    filters, error = _filters(request)
    try:
        places = agg.map_points(store, filters, 0)
    except DatelineError as exc:
        filters, error = Filters(), exc.render()
        places = agg.map_points(store, filters, 0)
    return _render(request, "map.html", status=400 if error else 200, page="map", title="Map", filters=filters,
                   error=error, places=places["cells"][:25], unplaced=places["unplaced"],
                   located=sum(c["events"] for c in places["cells"]), choices=_choices(store))


@router.get("/api/map", tags=["web"])
def map_json(request: Request, grid: float = Query(2.0, ge=0, le=90, description="cell size in degrees; 0: one point per place"),
             store: Store = Depends(store_dependency)) -> dict[str, Any]:
    """Event places clustered into grid cells, with counts per quad class."""
    filters = Filters.from_query(request.query_params)
    return {"filters": filters.query(), **agg.map_points(store, filters, grid)}


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
def actors_page(request: Request, store: Store = Depends(store_dependency)) -> HTMLResponse:
    q = request.query_params
    name, country, kind = (q.get("name") or "").strip(), (q.get("country") or "").strip(), (q.get("kind") or "").strip()
    total = store.count_actors(name=name or None, country=country or None, kind=kind or None)
    pager = _pager(total, _page(request))
    rows = store.actors(name=name or None, country=country or None, kind=kind or None, limit=PAGE_SIZE,
                        offset=pager["offset"])
    kinds = [r[0] for r in store.conn.execute("SELECT DISTINCT kind FROM actors ORDER BY kind")]
    twin = "/api/actors" + _qs({"name": name, "country": country, "kind": kind, "limit": PAGE_SIZE,
                                "offset": pager["offset"] or None})
    return _render(request, "actors.html", page="actors", title="Actors", rows=rows, pg=pager, twin=twin,
                   query={"name": name, "country": country, "kind": kind}, kinds=kinds,
                   choices=_choices(store))


@router.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
def actor_page(actor_id: str, request: Request, store: Store = Depends(store_dependency)) -> HTMLResponse:
    actor = store.actor(actor_id)
    if actor is None:
        return _render(request, "missing.html", status=404, page="actors", title="No such actor",
                       what="actor", ref=actor_id)
    pager = _pager(store.count_events(actor=actor["id"], include_modal=True), _page(request))
    events = store.events(actor=actor["id"], include_modal=True, limit=PAGE_SIZE, offset=pager["offset"])
    quotes = store.quotes(speaker=actor["id"], limit=50)
    partners = agg.top_dyads(store, Filters(actor=actor["id"]), 10, "actor")
    return _render(request, "actor.html", page="actors", title=actor["name"], actor=actor, pg=pager,
                   twin=f"/api/actors/{quote(actor['id'], safe='')}",
                   events=_event_rows(store, events), quotes=quotes, partners=partners,
                   quotes_total=store.count_quotes(speaker=actor["id"]))


@router.get("/articles/{ref}", response_class=HTMLResponse, include_in_schema=False)
def article_page(ref: str, request: Request, store: Store = Depends(store_dependency)) -> HTMLResponse:
    try:
        article = store.article(ref)
    except DatelineError:
        article = None
    if article is None:
        return _render(request, "missing.html", status=404, page="articles", title="No such article",
                       what="article", ref=ref)
    view = _article_view(article)
    return _render(request, "article.html", page="article", title=article.get("title") or "Article",
                   twin=f"/api/articles/{quote(article['id'], safe='')}", article=article, **view)


def _article_view(article: dict[str, Any]) -> dict[str, Any]:
    """The highlighted title and body, and the records (keyed as in the highlights) for the inspector."""
    records: dict[str, Any] = {}
    body_spans: list[tuple[int, int, str, str]] = []
    title_spans: list[tuple[int, int, str, str]] = []
    for i, m in enumerate(article["mentions"]):
        key = f"m{i}"
        records[key] = {"kind": "actor", "text": m["text"], "field": m["field"], "start": m["start"], "end": m["end"],
                        "actor": m["actor_id"], "name": m["actor_name"], "country": m["actor_country"],
                        "actor_kind": m["actor_kind"], "mention": m["kind"], "rule": m["rule"]}
        if m["field"] == "body":
            body_spans.append((m["start"], m["end"], key, "k-actor"))
        elif m["field"] == "title":
            title_spans.append((m["start"], m["end"], key, "k-actor"))
    for i, p in enumerate(article["places"]):
        key = f"p{i}"
        records[key] = {"kind": "place", **{k: p[k] for k in ("name", "country", "admin1", "lat", "lon", "feature",
                                                               "resolution", "geonameid", "rule", "start", "end")}}
        body_spans.append((p["start"], p["end"], key, "k-place"))
    for i, t in enumerate(article["times"]):
        key = f"t{i}"
        records[key] = {"kind": "time", **{k: t[k] for k in ("text", "type", "value", "rule", "start", "end")}}
        body_spans.append((t["start"], t["end"], key, "k-time"))
    roots = agg.cameo_roots()
    for i, e in enumerate(article["events"]):
        key = f"e{i}"
        records[key] = {"kind": "event", "id": e["id"], "cameo": e["cameo_code"],
                        "cameo_name": roots.get(e.get("cameo_root") or "", ""),
                        "quad": e["quad"], "quad_name": QUADS.get(e["quad"], ""), "goldstein": e["goldstein"],
                        "plover": e["plover_type"], "source": e["source_name"], "source_actor": e["source_actor"],
                        "source_country": e["source_country"], "target": e["target_name"],
                        "target_actor": e["target_actor"], "target_country": e["target_country"], "date": e["date"],
                        "place": e["place_name"], "modality": e["modality"], "rule": e["pattern"],
                        "confidence": e["confidence"], "start": e["trigger_start"], "end": e["trigger_end"],
                        "sentence": [e["sentence_start"], e["sentence_end"]]}
        body_spans.append((e["trigger_start"], e["trigger_end"], key, "k-event"))
        body_spans.append((e["sentence_start"], e["sentence_end"], f"s{i}", "k-sentence"))
    for i, q in enumerate(article["quotes"]):
        key = f"q{i}"
        rec = q["record"]
        records[key] = {"kind": "quote", "id": q["id"], "quote_kind": q["kind"], "speaker": q["speaker_name"],
                        "speaker_actor": q["speaker_actor"], "speaker_country": q["speaker_country"], "cue": q["cue"],
                        "rule": rec.get("rule"), "start": q["start"], "end": q["end"]}
        body_spans.append((q["start"], q["end"], key, "k-quote"))
    title = article.get("title") or ""
    return {"body_html": highlight(article["body"], body_spans), "title_html": highlight(title, title_spans),
            "records": records, "removed": article["record"].get("removed") or [],
            "event_rows": list(enumerate(article["events"])), "quote_rows": list(enumerate(article["quotes"])),
            "actors_seen": _actors_seen(article["mentions"])}


def _actors_seen(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for m in mentions:
        entry = seen.setdefault(m["actor_id"], {"id": m["actor_id"], "name": m["actor_name"],
                                                "country": m["actor_country"], "kind": m["actor_kind"], "n": 0})
        entry["n"] += 1
    return sorted(seen.values(), key=lambda a: (-a["n"], a["name"] or ""))
