"""Aggregate queries behind the browser views: bounded, parameterized SQL over the events table.

Every function takes a ``Store`` and a ``Filters`` and returns plain data (lists and
dicts ready for JSON). The filtered event set is always the one ``Store.events``
would list with the same filters (the SQL comes from ``Store.events_sql``), so a
count shown in a chart equals ``Store.count_events`` for the same filters. Each
result is bounded: top-N lists take a ``limit`` (capped), time series pick a
bucket size that keeps them under ``MAX_BUCKETS``, map points are grouped by place
and then into grid cells (at most ``MAX_CELLS``), and the network keeps the most
active actors and the strongest edges between them only.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..errors import UsageError
from ..store import Store

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
"""CAMEO quad classes: the colour legend of every chart."""

INTERVALS = ("day", "week", "month", "year")
MAX_BUCKETS = 400
"""The most time buckets a series returns; a finer interval that would exceed it is coarsened."""
MAX_TOP = 100
MAX_CELLS = 2000
MAX_NODES = 150
MAX_EDGES = 600

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{3}$")
_WORD = re.compile(r"^[A-Za-z_]{2,30}$")
_CAMEO = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class Filters:
    """The event filters every view shares, read from the query string (names as in ``Store.events``).

    ``since``/``until``: ISO date prefixes (inclusive); ``country``: ISO3 of either side or the
    place; ``source``/``target``: ISO3 of one side; ``actor``: an actor id, name or alias;
    ``type``: PLOVER type; ``cameo``: CAMEO code prefix (``"19"`` is the root); ``text``:
    full-text query (FTS5) on the articles' title and body; ``include_modal``: also count
    negated/future/hypothetical events; ``distinct``: count each happening once (several reports of one
    event: same source, target, CAMEO base code, date and modality), by its first report. The names are
    those of ``GET /api/events``.
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None
    source: str | None = None
    target: str | None = None
    actor: str | None = None
    type: str | None = None
    cameo: str | None = None
    q: str | None = None
    include_modal: bool = False
    distinct: bool = False

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        """Filters from a mapping of query parameters; empty values are ignored, bad ones raise ``UsageError``."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = query.get(f.name)
            raw = raw.strip() if isinstance(raw, str) else raw
            if not raw:
                continue
            if f.name in ("include_modal", "distinct"):
                values[f.name] = raw.lower() in ("1", "true", "yes", "on")
                continue
            if len(raw) > 200:
                raise UsageError(f"the {f.name} filter is too long", hint="use at most 200 characters")
            check = {"since": _DATE, "until": _DATE, "country": _COUNTRY, "source": _COUNTRY, "target": _COUNTRY,
                     "type": _WORD, "cameo": _CAMEO}.get(f.name)
            if check is not None and not check.match(raw):
                hint = {"since": "an ISO date: YYYY, YYYY-MM or YYYY-MM-DD", "until": "an ISO date: YYYY, YYYY-MM or YYYY-MM-DD",
                        "cameo": "a CAMEO code prefix such as 19 or 190", "type": "a PLOVER type such as CONSULT"
                        }.get(f.name, "an ISO 3166 alpha-3 code such as IRN")
                raise UsageError(f"bad {f.name} filter {raw!r}", hint=f"give {hint}")
            values[f.name] = raw.upper() if f.name in ("country", "source", "target", "type") else raw
        return cls(**values)

    def store_kwargs(self) -> dict[str, Any]:
        """The filters as keyword arguments of ``Store.events``/``count_events``."""
        data = asdict(self)
        data["text"] = data.pop("q")
        return data

    def query(self, **override: Any) -> dict[str, str]:
        """The filters as query-string parameters (only those set), with ``override`` applied."""
        data = {k: v for k, v in asdict(self).items() if v}
        data.update(override)
        return {k: ("true" if v is True else str(v)) for k, v in data.items() if v not in (None, "", False)}

    def active(self) -> bool:
        return any(asdict(self).values())


def _filtered(store: Store, filters: Filters, **extra: Any) -> tuple[str, list[Any]]:
    kwargs = filters.store_kwargs()
    kwargs.update(extra)
    return store.events_sql(**kwargs)


def _rows(store: Store, sql: str, params: list[Any], text: str | None) -> list[dict[str, Any]]:
    return store.query(sql, params, text=text)


# ---------------------------------------------------------------------------
# labels


@lru_cache(maxsize=1)
def cameo_roots() -> dict[str, str]:
    """CAMEO root code (``"01"``..``"20"``) → name, from ``data/cameo.tsv``."""
    from ..knowledge import data_rows

    return {row["code"][:2]: row["name"] for row in data_rows("cameo.tsv")
            if len(row["code"]) == 3 and row["code"].endswith("0")}


@lru_cache(maxsize=1)
def plover_types() -> tuple[str, ...]:
    """The PLOVER types the coder can assign, from ``data/cameo.tsv``."""
    from ..knowledge import data_rows

    return tuple(sorted({row["plover"] for row in data_rows("cameo.tsv") if row.get("plover")}))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 → country name, from ``data/countries.tsv``."""
    from ..knowledge import countries

    return {c.alpha3: c.name for c in countries()}


def _cap(limit: int, most: int) -> int:
    return max(1, min(int(limit), most))


# ---------------------------------------------------------------------------
# overview


def summary(store: Store, filters: Filters) -> dict[str, Any]:
    """Counts and date range of the filtered events, plus store-wide totals."""
    sql, params = _filtered(store, filters)
    row = _rows(store, "SELECT COUNT(*) AS events, COUNT(DISTINCT article_id) AS articles,"
                       " MIN(date) AS first, MAX(date) AS last,"
                       " SUM(quad = 1) AS q1, SUM(quad = 2) AS q2, SUM(quad = 3) AS q3, SUM(quad = 4) AS q4,"
                       " AVG(goldstein) AS goldstein"
                       f" FROM ({sql})", params, filters.q)[0]
    totals = {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("articles", "events", "actors", "quotes")}
    return {
        "events": row["events"], "articles": row["articles"],
        "first": row["first"], "last": row["last"],
        "goldstein": round(row["goldstein"], 2) if row["goldstein"] is not None else None,
        "quads": {str(q): row[f"q{q}"] or 0 for q in QUADS},
        "totals": totals,
    }


def top_actors(store: Store, filters: Filters, limit: int = 15) -> list[dict[str, Any]]:
    """The actors in most filtered events (as source or target), with their names and countries."""
    sql, params = _filtered(store, filters)
    # each side grouped on its own (both subqueries are flattened into indexed scans), then merged
    rows = _rows(store,
                 "SELECT s.actor AS id, SUM(s.n) AS events, ROUND(SUM(s.g) / SUM(s.n), 2) AS goldstein,"
                 " a.name, a.country, a.kind, a.sector FROM ("
                 f" SELECT source_actor AS actor, COUNT(*) AS n, SUM(goldstein) AS g FROM ({sql}) GROUP BY 1"
                 f" UNION ALL SELECT target_actor, COUNT(*), SUM(goldstein) FROM ({sql}) GROUP BY 1"
                 ") s LEFT JOIN actors a ON a.id = s.actor WHERE s.actor IS NOT NULL"
                 " GROUP BY s.actor ORDER BY events DESC, s.actor LIMIT ?",
                 [*params, *params, _cap(limit, MAX_TOP)], filters.q)
    for row in rows:
        row["name"] = row["name"] or row["id"]
    return rows


def top_countries(store: Store, filters: Filters, limit: int = 15) -> list[dict[str, Any]]:
    """The countries on either side of most filtered events."""
    sql, params = _filtered(store, filters)
    rows = _rows(store,
                 "SELECT country AS id, SUM(n) AS events FROM ("
                 f" SELECT source_country AS country, COUNT(*) AS n FROM ({sql}) GROUP BY 1"
                 f" UNION ALL SELECT target_country, COUNT(*) FROM ({sql})"
                 " WHERE target_country IS NOT source_country GROUP BY 1"
                 ") WHERE country IS NOT NULL GROUP BY country ORDER BY events DESC, country LIMIT ?",
                 [*params, *params, _cap(limit, MAX_TOP)], filters.q)
    names = country_names()
    for row in rows:
        row["name"] = names.get(row["id"], row["id"])
    return rows


def top_dyads(store: Store, filters: Filters, limit: int = 15, level: str = "country") -> list[dict[str, Any]]:
    """The pairs (unordered) with most filtered events between them, by ``country`` or by ``actor``.

    Each row: ``a``, ``b`` (a < b), ``events``, ``ab``/``ba`` (events in each direction),
    ``goldstein`` (mean) and ``conflict`` (share of events in quads 3 and 4).
    """
    if level not in ("country", "actor"):
        raise UsageError(f"bad dyad level {level!r}", hint="use country or actor")
    src, tgt = ("source_country", "target_country") if level == "country" else ("source_actor", "target_actor")
    sql, params = _filtered(store, filters)
    rows = _rows(store,
                 f"SELECT MIN({src}, {tgt}) AS a, MAX({src}, {tgt}) AS b, COUNT(*) AS events,"
                 f" SUM({src} < {tgt}) AS ab, SUM({src} > {tgt}) AS ba,"
                 " ROUND(AVG(goldstein), 2) AS goldstein, ROUND(AVG(quad >= 3), 2) AS conflict"
                 f" FROM ({sql}) WHERE {src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt}"
                 " GROUP BY 1, 2 ORDER BY events DESC, a, b LIMIT ?",
                 [*params, _cap(limit, MAX_TOP)], filters.q)
    _name_pairs(store, rows, level)
    return rows


def _name_pairs(store: Store, rows: list[dict[str, Any]], level: str) -> None:
    if level == "country":
        names = country_names()
        for row in rows:
            row["a_name"], row["b_name"] = names.get(row["a"], row["a"]), names.get(row["b"], row["b"])
        return
    found = actor_names(store, {r["a"] for r in rows} | {r["b"] for r in rows})
    for row in rows:
        row["a_name"], row["b_name"] = found.get(row["a"], row["a"]), found.get(row["b"], row["b"])


def actor_names(store: Store, ids: set[str]) -> dict[str, str]:
    """Actor id → name for the given ids (one query)."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r["id"]: r["name"] for r in store.query(f"SELECT id, name FROM actors WHERE id IN ({marks})", sorted(ids))}


# ---------------------------------------------------------------------------
# time series


_PERIOD = {
    "day": ("substr(date, 1, 10)", 10),
    "week": ("date(substr(date, 1, 10), '-6 days', 'weekday 1')", 10),
    "month": ("substr(date, 1, 7)", 7),
    "year": ("substr(date, 1, 4)", 4),
}


def _as_date(value: str | None) -> date | None:
    text = (value or "")[:10]
    text = text + "-01-01" if len(text) == 4 else text + "-01" if len(text) == 7 else text
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def pick_interval(first: str | None, last: str | None, asked: str | None = None) -> str:
    """The bucket size for a series from ``first`` to ``last``: ``asked`` (or the finest sensible one) under ``MAX_BUCKETS``."""
    a, b = _as_date(first), _as_date(last)
    days = abs((b - a).days) if a and b else 0
    per = {"day": 1, "week": 7, "month": 31, "year": 366}
    if asked:
        if asked not in per:
            raise UsageError(f"bad interval {asked!r}", hint="use day, week, month or year")
        start = INTERVALS.index(asked)
    else:
        start = 0 if days <= 120 else 1 if days <= 3 * 365 else 2
    for interval in INTERVALS[start:]:
        if days / per[interval] < MAX_BUCKETS:
            return interval
    return "year"


def fill_periods(periods: list[str], interval: str) -> list[str]:
    """Every period from the first to the last of ``periods`` (so gaps show as zeros), at most MAX_BUCKETS+1."""
    if not periods:
        return []
    first, last = min(periods), max(periods)
    out: list[str] = []
    try:
        if interval in ("day", "week"):
            d, end = date.fromisoformat(first), date.fromisoformat(last)
            step = timedelta(days=1 if interval == "day" else 7)
            while d <= end and len(out) <= MAX_BUCKETS:
                out.append(d.isoformat())
                d += step
        elif interval == "month":
            y, m = int(first[:4]), int(first[5:7])
            while f"{y:04d}-{m:02d}" <= last and len(out) <= MAX_BUCKETS:
                out.append(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            for y in range(int(first), int(last) + 1):
                out.append(f"{y:04d}")
                if len(out) > MAX_BUCKETS:
                    break
    except ValueError:
        return sorted(set(periods))
    return out


def timeline(store: Store, filters: Filters, interval: str | None = None) -> dict[str, Any]:
    """Events per period stacked by quad class: ``{"interval", "periods": [{"period", "1".."4", "total"}], "undated", "coarse"}``.

    ``coarse`` counts events dated less precisely than the interval (a month-only date in a
    daily series), which are left out of the bars; ``undated`` those with no date.
    """
    sql, params = _filtered(store, filters)
    span = _rows(store, f"SELECT MIN(date) AS first, MAX(date) AS last, SUM(date IS NULL) AS undated FROM ({sql})",
                 params, filters.q)[0]
    chosen = pick_interval(span["first"], span["last"], interval)
    expr, width = _PERIOD[chosen]
    rows = _rows(store,
                 f"SELECT {expr} AS period, quad, COUNT(*) AS n, SUM(length(date) < ?) AS coarse FROM ({sql})"
                 " WHERE date IS NOT NULL GROUP BY 1, 2",
                 [width, *params], filters.q)
    coarse = 0
    by: dict[str, dict[str, int]] = {}
    for row in rows:
        if row["coarse"]:
            coarse += row["coarse"]
            if row["coarse"] == row["n"]:
                continue
        period = row["period"]
        if not period:
            continue
        slot = by.setdefault(period, {str(q): 0 for q in QUADS})
        slot[str(row["quad"] if row["quad"] in QUADS else 1)] += row["n"] - (row["coarse"] or 0)
    periods = fill_periods(list(by), chosen)
    series = []
    for period in periods:
        slot = by.get(period, {str(q): 0 for q in QUADS})
        series.append({"period": period, **slot, "total": sum(slot.values())})
    return {"interval": chosen, "periods": series, "undated": span["undated"] or 0, "coarse": coarse}


def dyad_series(store: Store, a: str, b: str, filters: Filters, interval: str | None = None) -> dict[str, Any]:
    """Goldstein-weighted cooperation–conflict between ``a`` and ``b`` (actor ids or ISO3) over time, both directions.

    Each period has, per direction (``ab``: a acting on b, ``ba``: the reverse), the event
    count and the sum and mean of Goldstein scores (positive: cooperation, negative: conflict).
    """
    sql, params = _filtered(store, filters, dyad=(a, b))
    span = _rows(store, "SELECT MIN(date) AS first, MAX(date) AS last, COUNT(*) AS n,"
                        f" SUM(source_actor = ? OR source_country = ?) AS ab FROM ({sql})",
                 [a, a.upper(), *params], filters.q)[0]
    chosen = pick_interval(span["first"], span["last"], interval)
    expr, width = _PERIOD[chosen]
    rows = _rows(store,
                 f"SELECT {expr} AS period, (source_actor = ? OR source_country = ?) AS forward,"
                 " COUNT(*) AS n, ROUND(SUM(goldstein), 2) AS goldstein,"
                 " SUM(quad <= 2) AS coop, SUM(quad >= 3) AS conflict"
                 f" FROM ({sql}) WHERE date IS NOT NULL AND length(date) >= ? GROUP BY 1, 2",
                 [a, a.upper(), *params, width], filters.q)
    by: dict[str, dict[str, Any]] = {}
    empty = {"n": 0, "goldstein": 0.0, "coop": 0, "conflict": 0}
    for row in rows:
        if not row["period"]:
            continue
        slot = by.setdefault(row["period"], {"ab": dict(empty), "ba": dict(empty)})
        slot["ab" if row["forward"] else "ba"] = {k: row[k] or 0 for k in empty}
    series = [{"period": p, **by.get(p, {"ab": dict(empty), "ba": dict(empty)})}
              for p in fill_periods(list(by), chosen)]
    return {"a": a, "b": b, "interval": chosen, "events": span["n"], "ab": span["ab"] or 0,
            "ba": (span["n"] or 0) - (span["ab"] or 0), "periods": series}


# ---------------------------------------------------------------------------
# network


def network(store: Store, filters: Filters, nodes: int = 40, edges: int = 200) -> dict[str, Any]:
    """The most active actors (``nodes``) and the directed edges between them (``edges`` strongest).

    A node: ``id``, ``name``, ``country``, ``sector``, ``kind``, ``events``. An edge: ``source``,
    ``target``, ``events``, ``goldstein`` (mean), ``conflict`` (share of quads 3–4).
    """
    top = top_actors(store, filters, limit=_cap(nodes, MAX_NODES))
    ids = [n["id"] for n in top]
    if not ids:
        return {"nodes": [], "edges": []}
    sql, params = _filtered(store, filters)
    marks = ",".join("?" * len(ids))
    links = _rows(store,
                  "SELECT source_actor AS source, target_actor AS target, COUNT(*) AS events,"
                  " ROUND(AVG(goldstein), 2) AS goldstein, ROUND(AVG(quad >= 3), 2) AS conflict"
                  f" FROM ({sql}) WHERE source_actor IN ({marks}) AND target_actor IN ({marks})"
                  " AND source_actor <> target_actor"
                  " GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT ?",
                  [*params, *ids, *ids, _cap(edges, MAX_EDGES)], filters.q)
    out_nodes = [{k: n[k] for k in ("id", "name", "country", "sector", "kind", "events", "goldstein")} for n in top]
    return {"nodes": out_nodes, "edges": links}


# ---------------------------------------------------------------------------
# map


def map_points(store: Store, filters: Filters, grid: float = 0.0) -> dict[str, Any]:
    """Event places, grouped by place and then into ``grid``-degree cells (``0``: one point per place).

    A cell: ``lat``, ``lon`` (count-weighted centre), ``events``, ``quads`` (count per quad),
    ``goldstein`` (mean), ``places`` (up to 5 ``{name, country, events}``, most events first),
    ``countries``. ``unplaced`` counts filtered events without coordinates.
    """
    if not (0 <= grid <= 90) or math.isnan(grid):
        raise UsageError(f"bad grid {grid!r}", hint="give a cell size in degrees between 0 and 90")
    sql, params = _filtered(store, filters)
    rows = _rows(store,
                 "SELECT place_name AS name, place_country AS country, ROUND(lat, 3) AS lat, ROUND(lon, 3) AS lon,"
                 " COUNT(*) AS events, SUM(quad = 1) AS q1, SUM(quad = 2) AS q2, SUM(quad = 3) AS q3,"
                 " SUM(quad = 4) AS q4, SUM(goldstein) AS gsum"
                 f" FROM ({sql}) WHERE lat IS NOT NULL AND lon IS NOT NULL"
                 " GROUP BY 1, 2, 3, 4 ORDER BY events DESC LIMIT ?",
                 [*params, MAX_CELLS * 5], filters.q)
    unplaced = _rows(store, f"SELECT COUNT(*) AS n FROM ({sql}) WHERE lat IS NULL OR lon IS NULL",
                     params, filters.q)[0]["n"]
    cells: dict[tuple[float, float], dict[str, Any]] = {}
    for row in rows:
        key = ((math.floor(row["lat"] / grid), math.floor(row["lon"] / grid)) if grid
               else (row["lat"], row["lon"]))
        cell = cells.get(key)
        if cell is None:
            if len(cells) >= MAX_CELLS:
                continue
            cell = cells[key] = {"wlat": 0.0, "wlon": 0.0, "events": 0, "quads": {str(q): 0 for q in QUADS},
                                 "gsum": 0.0, "places": [], "countries": set()}
        n = row["events"]
        cell["wlat"] += row["lat"] * n
        cell["wlon"] += row["lon"] * n
        cell["events"] += n
        cell["gsum"] += row["gsum"] or 0.0
        for q in QUADS:
            cell["quads"][str(q)] += row[f"q{q}"] or 0
        if len(cell["places"]) < 5:
            cell["places"].append({"name": row["name"], "country": row["country"], "events": n})
        if row["country"]:
            cell["countries"].add(row["country"])
    out = []
    for cell in cells.values():
        n = cell["events"]
        out.append({"lat": round(cell["wlat"] / n, 3), "lon": round(cell["wlon"] / n, 3), "events": n,
                    "quads": cell["quads"], "goldstein": round(cell["gsum"] / n, 2), "places": cell["places"],
                    "countries": sorted(cell["countries"])})
    out.sort(key=lambda c: -c["events"])
    return {"grid": grid, "cells": out, "unplaced": unplaced}
