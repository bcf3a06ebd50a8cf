"""Score coded events against a gold file in the seed's format (``../shared/seed/gold.json``).

Matching, as the seed's README defines it: an extracted event matches a gold event of the same article
when its CAMEO root equals ``cameo_root`` or one of ``alt_roots``, its source and target countries equal
the gold ones (either order where ``symmetric``; a ``null`` gold source matches any source), and, where
gold has a ``date``, its date agrees to the gold's precision (within ``date_tolerance_days`` for days).
Recall is reported over ``must`` events and over all events; precision is the share of the extracted
*asserted* events (negated, hypothetical, future and historical ones are flagged and left out) that match
some gold event. Articles are paired with gold articles by title.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import EvalError


def _date_ok(gold: dict[str, Any], value: str | None) -> bool:
    want = gold.get("date")
    if not want:
        return True
    if not value:
        return False
    if len(want) == 10:
        if len(value) < 10:
            return False
        try:
            delta = abs((dt.date.fromisoformat(value[:10]) - dt.date.fromisoformat(want)).days)
        except ValueError:
            return False
        return delta <= int(gold.get("date_tolerance_days", 0))
    return value[: len(want)] == want


def matches(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    """True when one extracted event (its ``to_dict`` form) matches one gold event."""
    roots = {gold["cameo_root"], *gold.get("alt_roots", [])}
    if event["cameo"]["root"] not in roots:
        return False
    src, tgt = event["source"]["country"], event["target"]["country"]
    pairs = [(gold["source"], gold["target"])]
    if gold.get("symmetric"):
        pairs.append((gold["target"], gold["source"]))
    if not any((gs is None or gs == src) and gt == tgt for gs, gt in pairs):
        return False
    return _date_ok(gold, event["date"]["value"])


def score_events(gold_articles: Sequence[dict[str, Any]], events_by_article: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """Recall (must, all), precision over asserted events, and which gold events were missed."""
    must = found_must = total = found = asserted = correct = 0
    missed: list[str] = []
    for gold_article, events in zip(gold_articles, events_by_article):
        for g in gold_article["events"]:
            hit = any(matches(g, e) for e in events)
            total += 1
            found += hit
            if g.get("need") == "must":
                must += 1
                found_must += hit
            if not hit:
                missed.append(g["id"])
        for e in events:
            if e["modality"] != "asserted":
                continue
            asserted += 1
            correct += any(matches(g, e) for g in gold_article["events"])
    return {
        "recall_must": round(found_must / must, 4) if must else 1.0,
        "recall": round(found / total, 4) if total else 1.0,
        "precision": round(correct / asserted, 4) if asserted else 0.0,
        "n_gold": total,
        "n_asserted": asserted,
        "missed": missed,
    }


def evaluate_seed(gold_path: Path, text_path: Path | None = None, coder: str | None = None) -> dict[str, Any]:
    """Run the pipeline (with the event coder ``coder``, default the pipeline's) on the seed text and score its
    events against ``gold.json``."""
    import dateline

    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read the gold file ({exc})", where=str(gold_path)) from exc
    text_path = text_path or gold_path.parent / gold.get("source", "news_dump.txt")
    articles = dateline.process(text_path.read_text(encoding="utf-8"), coder=coder)
    by_title = {a.title: a for a in articles}
    events = [[e.to_dict() for e in by_title[g["title"]].events] if g["title"] in by_title else [] for g in gold["articles"]]
    return score_events(gold["articles"], events)
