"""Geoparsing scorer: toponym spans and resolved coordinates against GeoWebNews and TR-News.

Reading (the layout is detected from the XML):

* **GeoWebNews** (``GWN.xml``; Gritta et al. 2020): ``<article><text>`` with
  ``<toponyms><toponym>`` carrying ``start``/``end`` offsets into ``<text>``,
  ``type`` and, for the location-bearing ones, ``latitude``/``longitude``.
  Following the dataset README ("score only the location-bearing types: the
  literal types plus those with coordinates"), the gold toponyms are the spans
  **with coordinates** (literal, mixed, metonymic, modifier, embedded and
  coercion types; demonyms like "Russian" count when the annotators gave them
  coordinates). Annotated spans without coordinates (non-toponyms,
  expressions, homonyms, languages) are *neutral*: a system span overlapping
  one is neither a true nor a false positive.
* **TR-News** (LGL layout; Kamalloo & Rafiei 2018): ``<article><text>`` with
  ``<toponyms><toponym><phrase><start><end>`` and an optional
  ``<gaztag geonameid=..><lat><lon>``. Every toponym is gold for the spans;
  those with a gaztag carry the gold coordinates.

System side: :func:`dateline.places.resolve_places` on each article text (one
spaCy pass in batches), with ``include_demonyms=True`` because both corpora
annotate adjectival country mentions ("Turkish", "Russian") as toponyms.
Unresolved system spans (names not in the gazetteer) are still system spans.

Scoring (micro-averaged over articles):

* **spans** (``span_precision/recall/f1``): inexact matching, as in Gritta et
  al.'s geotagging evaluation: a system span matches a gold span when they
  overlap by at least one character; matching is one-to-one (system spans in
  text order, each paired with the unpaired gold span it overlaps most).
  ``span_*_exact`` give the same with identical offsets.
* **geocoding**: over the matched gold toponyms that have gold coordinates and
  whose system place has coordinates, the great-circle (haversine) error in km;
  ``acc161`` is the share within 161 km (100 miles), ``mean_km`` and
  ``median_km`` the error statistics, ``n`` the number of such pairs.
  ``acc161_all`` counts matched gold toponyms the system left unresolved as
  errors too (``n_all`` pairs), and ``auc`` is Gritta et al.'s area under the
  log-error curve (lower is better; errors capped at 20,039 km).
"""

from __future__ import annotations

import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalError
from . import prf

__all__ = ["GoldToponym", "GeoArticle", "read_geo", "evaluate_geo", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = 20039.0


@dataclass(frozen=True)
class GoldToponym:
    """One gold toponym: span, surface text, coordinates when known, and whether it is scored."""

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    scored: bool = True  # False: a neutral annotated span (GWN spans without coordinates)


@dataclass(frozen=True)
class GeoArticle:
    """An article's text and gold toponyms."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        return None


def read_geo(path: Path) -> list[GeoArticle]:
    """Articles of a GeoWebNews or TR-News/LGL-style XML file."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvalError(f"cannot read geoparsing data: {exc}", where=str(path),
                        hint="give GWN.xml or an LGL-style XML file such as TR-News.xml") from exc
    articles: list[GeoArticle] = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        gold: list[GoldToponym] = []
        for t in art.iter("toponym"):
            start, end = t.findtext("start"), t.findtext("end")
            if start is None or end is None:
                raise EvalError(f"article {i}: a toponym without start/end", where=str(path))
            s, e = int(start), int(end)
            if t.find("gaztag") is not None or t.find("phrase") is not None:  # LGL / TR-News layout
                tag = t.find("gaztag")
                lat = _float(tag.findtext("lat")) if tag is not None else None
                lon = _float(tag.findtext("lon")) if tag is not None else None
                gold.append(GoldToponym(s, e, t.findtext("phrase") or text[s:e], lat, lon))
            else:  # GeoWebNews layout
                lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
                scored = lat is not None and lon is not None
                gold.append(GoldToponym(s, e, t.findtext("extractedName") or text[s:e], lat, lon, scored))
        ident = art.get("file") or art.get("docid") or str(i)
        articles.append(GeoArticle(ident, text, tuple(sorted(gold, key=lambda g: (g.start, g.end)))))
    if not articles:
        raise EvalError("no <article> elements found", where=str(path),
                        hint="give GWN.xml or an LGL-style XML file such as TR-News.xml")
    return articles


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _match(system: list, gold: list[GoldToponym], exact: bool) -> list[tuple[object, GoldToponym]]:
    pairs = []
    used: set[int] = set()
    for p in system:
        best, best_ov = None, 0
        for j, g in enumerate(gold):
            if j in used:
                continue
            ov = (g.end - g.start if (g.start, g.end) == (p.start, p.end) else 0) if exact else _overlap(p.start, p.end, g.start, g.end)
            if ov > best_ov:
                best, best_ov = j, ov
        if best is not None:
            used.add(best)
            pairs.append((p, gold[best]))
    return pairs


def evaluate_geo(path: Path, *, verbose: bool = True) -> dict:
    """Score :func:`dateline.places.resolve_places` on a geoparsing XML file; prints and returns the scores."""
    from ..annotate import pipe
    from ..places import resolve_places

    articles = read_geo(path)
    tp = {"inexact": 0, "exact": 0}
    n_sys = {"inexact": 0, "exact": 0}
    n_gold = 0
    errors: list[float] = []
    errors_all: list[float] = []
    t0 = time.perf_counter()
    resolve_s = 0.0
    for art, doc in zip(articles, pipe([a.text for a in articles])):
        t1 = time.perf_counter()
        places = resolve_places(art.text, doc, include_demonyms=True)
        resolve_s += time.perf_counter() - t1
        n_gold += sum(1 for g in art.toponyms if g.scored)
        for mode in ("inexact", "exact"):
            pairs = _match(places, list(art.toponyms), exact=(mode == "exact"))
            matched_sys = {id(p) for p, _ in pairs}
            # system spans touching only neutral gold spans are neither right nor wrong
            neutral = sum(1 for p, g in pairs if not g.scored)
            unmatched = [p for p in places if id(p) not in matched_sys]
            if mode == "exact":
                neutral += sum(1 for p in unmatched if any(
                    _overlap(p.start, p.end, g.start, g.end) and not g.scored for g in art.toponyms))
            tp[mode] += sum(1 for _, g in pairs if g.scored)
            n_sys[mode] += len(places) - neutral
            if mode == "inexact":
                for p, g in pairs:
                    if not g.scored or g.lat is None or g.lon is None:
                        continue
                    if p.lat is None or p.lon is None:
                        errors_all.append(MAX_ERROR_KM)
                        continue
                    err = haversine_km(p.lat, p.lon, g.lat, g.lon)
                    errors.append(err)
                    errors_all.append(err)
    elapsed = time.perf_counter() - t0
    p, r, f = prf(tp["inexact"], n_sys["inexact"], n_gold)
    pe, re_, fe = prf(tp["exact"], n_sys["exact"], n_gold)
    within = sum(1 for e in errors if e <= 161)
    result = {
        "span_precision": round(p, 4),
        "span_recall": round(r, 4),
        "span_f1": round(f, 4),
        "span_precision_exact": round(pe, 4),
        "span_recall_exact": round(re_, 4),
        "span_f1_exact": round(fe, 4),
        "acc161": round(within / len(errors), 4) if errors else 0.0,
        "mean_km": round(statistics.fmean(errors), 1) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else 0.0,
        "n": len(errors),
        "acc161_all": round(within / len(errors_all), 4) if errors_all else 0.0,
        "n_all": len(errors_all),
        "auc": round(statistics.fmean(math.log(e + 1) / math.log(MAX_ERROR_KM) for e in errors), 4) if errors else 0.0,
        "articles": len(articles),
        "gold": n_gold,
        "seconds": round(elapsed, 2),
        "resolve_ms_per_article": round(1000 * resolve_s / len(articles), 2),
    }
    if verbose:
        print(f"{Path(path).name}: " + ", ".join(f"{k}={v}" for k, v in result.items()))
    return result


if __name__ == "__main__":  # python -m dateline.evaluate.geo FILE...
    for arg in sys.argv[1:]:
        evaluate_geo(Path(arg))
