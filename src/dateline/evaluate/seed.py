"""Score coded events and quotations against a gold file in the seed's format (``../shared/seed/gold.json``).

Events.

Matching, as the seed's README defines it: an extracted event matches a gold event of the same article
when its CAMEO root equals ``cameo_root`` or one of ``alt_roots``, its source and target countries equal
the gold ones (either order where ``symmetric``; a ``null`` gold source matches any source), and, where
gold has a ``date``, its date agrees to the gold's precision (within ``date_tolerance_days`` for days).
Recall is reported over ``must`` events and over all events; precision is the share of the extracted
*asserted* events (negated, hypothetical, future and historical ones are flagged and left out) that match
some gold event. Articles are paired with gold articles by title.

Quotations (``score_quotes``). A gold quote (``speaker``, ``kind``, ``starts``: the first words of the quoted
text) is found when a quote of the same article has the same kind and a text that starts with ``starts``,
both compared with typographic marks made straight, case and runs of spaces ignored. Its speaker is right when
the gold speaker's name is part (case ignored) of the quote's speaker name or of one of the names its actor
goes by ("Raisi" for "Ebrahim Raisi"; "ministerial source" in "a ministerial source"). *recall*: found gold
quotes over gold quotes; *speaker_accuracy*: right speakers over found ones; *precision_direct*: the
article's direct quotes that match a gold direct quote (by the same test, without speaker) over all direct
quotes given. The gold lists every direct quote of three words or more, but not every stance ("praised X
for Y") that a finder may report, so precision is given for direct quotes only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import EvalError

_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})


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


def _norm(text: str) -> str:
    return " ".join(text.translate(_STRAIGHT).split()).strip(" \"'").lower()


def _quote_matches(gold: dict[str, Any], quote: dict[str, Any]) -> bool:
    return quote["kind"] == gold["kind"] and _norm(quote["text"]).startswith(_norm(gold["starts"]))


def score_quotes(gold_articles: Sequence[dict[str, Any]], quotes_by_article: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """Recall of the gold quotes, speaker accuracy over the found ones, precision of the direct quotes.

    Each quote is a ``Quote.to_dict()`` with ``speaker["aliases"]``: the names its actor goes by (may be empty).
    """
    total = found = right = direct = direct_ok = 0
    missed: list[str] = []
    wrong_speaker: list[str] = []
    for gold_article, quotes in zip(gold_articles, quotes_by_article):
        golds = gold_article.get("quotes", [])
        for g in golds:
            total += 1
            hits = [q for q in quotes if _quote_matches(g, q)]
            if not hits:
                missed.append(g["starts"])
                continue
            found += 1
            want = g["speaker"].lower()
            names = [n for q in hits for n in (q["speaker"].get("name") or "", *q["speaker"].get("aliases", ()))]
            if any(want in n.lower() for n in names):
                right += 1
            else:
                wrong_speaker.append(g["starts"])
        for q in quotes:
            if q["kind"] == "direct":
                direct += 1
                direct_ok += any(g["kind"] == "direct" and _quote_matches(g, q) for g in golds)
    return {
        "recall": round(found / total, 4) if total else 1.0,
        "speaker_accuracy": round(right / found, 4) if found else 0.0,
        "precision_direct": round(direct_ok / direct, 4) if direct else 0.0,
        "n_gold": total,
        "n_system": sum(len(q) for q in quotes_by_article),
        "missed": missed,
        "wrong_speaker": wrong_speaker,
    }


def _read(gold_path: Path, text_path: Path | None, coder: str | None) -> tuple[dict[str, Any], list[Any]]:
    """The gold file and, for each gold article, the pipeline's article of the same title (or None)."""
    import dateline

    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
            raise ValueError("no \"articles\" list")
    except (OSError, ValueError) as exc:
        raise EvalError(f"cannot read the gold file ({exc}); expected the seed's format (see ../shared/seed/README.md)",
                        where=str(gold_path)) from exc
    text_path = text_path or gold_path.parent / gold.get("source", "news_dump.txt")
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"cannot read the text the gold file was made from ({exc})", where=str(text_path)) from exc
    articles = dateline.process(text, coder=coder)
    by_title = {a.title: a for a in articles}
    return gold, [by_title.get(g.get("title")) for g in gold["articles"]]


def evaluate_seed(gold_path: Path, text_path: Path | None = None, coder: str | None = None) -> dict[str, Any]:
    """Run the pipeline (with the event coder ``coder``, default the pipeline's) on the seed text and score its
    events against ``gold.json``."""
    gold, articles = _read(gold_path, text_path, coder)
    events = [[e.to_dict() for e in a.events] if a is not None else [] for a in articles]
    return score_events(gold["articles"], events)


def evaluate_seed_quotes(gold_path: Path, text_path: Path | None = None) -> dict[str, Any]:
    """Run the pipeline on the seed text and score its quotations against ``gold.json`` (see ``score_quotes``)."""
    gold, articles = _read(gold_path, text_path, None)
    quotes = []
    for a in articles:
        if a is None:
            quotes.append([])
            continue
        aliases = {actor.id: list(actor.aliases) for actor in a.actors}
        rows = []
        for q in a.quotes:
            row = q.to_dict()
            row["speaker"]["aliases"] = aliases.get(q.speaker.actor, [])
            rows.append(row)
        quotes.append(rows)
    return score_quotes(gold["articles"], quotes)
