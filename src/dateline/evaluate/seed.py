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
    return score_quotes(gold["articles"], [_quote_rows(a) for a in articles])


# ---------------------------------------------------------------------------
# every part of a seed-format gold file at once


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _article_fields(gold: dict[str, Any], article: Any) -> dict[str, bool]:
    """Which of the clean-article fields of one gold article the pipeline's article gets right."""
    body = article.body
    paragraphs = [body[p.start : p.end] for p in article.paragraphs]
    dateline = {"place": article.dateline.place, "country": article.dateline.country} if article.dateline else None
    checks = {
        "published": article.published == gold.get("published"),
        "dateline": "dateline" not in gold or dateline == gold["dateline"],
        "captions": "captions" not in gold or list(article.captions) == gold["captions"],
        "credits": "credits" not in gold or list(article.credits) == gold["credits"],
        "body_starts": body.startswith(gold.get("body_starts", "")),
        "body_ends": body.endswith(gold.get("body_ends", "")),
        "body_paragraphs": "body_paragraphs" not in gold or len(paragraphs) == gold["body_paragraphs"],
    }
    clean = True
    for noise in gold.get("noise_not_in_body", []):
        if len(noise) < 4:  # "TT", "20": not a paragraph, nor a paragraph's first word
            clean = clean and not any(p == noise or p.startswith(noise + " ") or p.startswith(noise + "\n")
                                      for p in paragraphs)
        else:
            clean = clean and noise not in body
    checks["noise_not_in_body"] = clean
    return checks


def _actors_named(article: Any, name: str) -> list[Any]:
    return [a for a in article.actors if name == a.name or name in a.aliases]


def evaluate_gold(gold_path: Path, text_path: Path | None = None, coder: str | None = None) -> dict[str, Any]:
    """Run the pipeline on the text of a seed-format gold file and score every part the gold gives.

    Returns ``{"articles", "people", "metonyms", "organizations", "places", "dates", "events", "quotes"}``,
    each with its figures and what was missed (see ``docs/quality.md``, "The seed as a whole"):

    * ``articles``: gold articles found by title, and for each clean-article field (published, dateline,
      captions, credits, body_starts/body_ends, body_paragraphs, noise_not_in_body) the share right;
    * ``people``: found (an actor whose name or alias is the gold name, a person), then over the found the
      share with the gold country, role (sector) and title, and the share of gold mentions among its mentions;
    * ``metonyms``: the phrase is a mention of exactly one actor, of the gold country;
    * ``organizations``: found by name or alias, and with the gold country;
    * ``places``: a resolved toponym of the article whose name is (or contains) the gold name; right when
      every such toponym lies in the gold country;
    * ``dates``: each occurrence of the gold text in the body is covered by a time expression of the gold value
      (a time of day on the gold day counts: "on Monday afternoon" is ``2025-11-03TAF``);
    * ``events`` and ``quotes``: ``score_events`` and ``score_quotes``.
    """
    gold, articles = _read(gold_path, text_path, coder)
    golds = gold["articles"]
    pairs = [(g, a) for g, a in zip(golds, articles) if a is not None]
    out: dict[str, Any] = {}

    fields: dict[str, list[bool]] = {}
    for g, a in pairs:
        for name, ok in _article_fields(g, a).items():
            fields.setdefault(name, []).append(ok)
    out["articles"] = {"n_gold": len(golds), "found": _share(len(pairs), len(golds)),
                       **{name: _share(sum(v), len(v)) for name, v in fields.items()},
                       "missed": [g.get("title") for g, a in zip(golds, articles) if a is None]}

    n = found = country = role = title = mentions = mentions_found = 0
    missed: list[str] = []
    wrong: list[str] = []
    for g, a in pairs:
        for person in g.get("people", []):
            n += 1
            hits = [x for x in _actors_named(a, person["name"]) if x.kind == "person"]
            if len(hits) != 1:
                missed.append(person["name"])
                continue
            actor = hits[0]
            found += 1
            country += actor.country == person.get("country")
            role += actor.sector == person.get("role")
            title += actor.title == person.get("title")
            if (actor.country, actor.sector, actor.title) != (person.get("country"), person.get("role"), person.get("title")):
                wrong.append(f"{person['name']}: {actor.country}/{actor.sector}/{actor.title}")
            surfaces = {m.text for m in actor.mentions}
            for mention in person.get("mentions", []):
                mentions += 1
                if mention in surfaces:
                    mentions_found += 1
                else:
                    missed.append(f"{person['name']} as {mention!r}")
    out["people"] = {"n_gold": n, "found": _share(found, n), "country": _share(country, found),
                     "role": _share(role, found), "title": _share(title, found),
                     "mentions": _share(mentions_found, mentions), "missed": missed, "wrong": wrong}

    n = right = 0
    missed = []
    for g, a in pairs:
        for phrase, code in g.get("metonyms", {}).items():
            n += 1
            owners = [x for x in a.actors if any(m.text == phrase for m in x.mentions)]
            if len(owners) == 1 and owners[0].country == code:
                right += 1
            else:
                missed.append(f"{phrase} → {[x.country for x in owners]}")
    out["metonyms"] = {"n_gold": n, "accuracy": _share(right, n), "missed": missed}

    out["organizations"] = _found_in_country(
        pairs, "organizations", lambda a, org: _actors_named(a, org["name"]),
        lambda hits: str([x.country for x in hits]))
    out["places"] = _found_in_country(
        pairs, "places", lambda a, place: [p for p in a.places if p.name == place["name"] or place["name"] in p.name],
        lambda hits: str(sorted({str(p.country) for p in hits})))

    n = right = 0
    missed = []
    for g, a in pairs:
        for date in g.get("dates", []):
            n += 1
            start = a.body.find(date["text"])
            ok = start >= 0
            while start >= 0 and ok:
                end = start + len(date["text"])
                ok = any((t.value == date["value"] or t.value.startswith(date["value"] + "T"))
                         and t.start < end and start < t.end for t in a.times)
                start = a.body.find(date["text"], end)
            right += ok
            if not ok:
                missed.append(f"{date['text']} = {date['value']}")
    out["dates"] = {"n_gold": n, "accuracy": _share(right, n), "missed": missed}

    out["events"] = score_events(golds, [[e.to_dict() for e in a.events] if a is not None else [] for a in articles])
    out["quotes"] = score_quotes(golds, [_quote_rows(a) for a in articles])
    return out


def _found_in_country(pairs: Sequence[tuple[dict[str, Any], Any]], part: str,
                      hits_of: Any, shown: Any) -> dict[str, Any]:
    """Score one list of named things of the gold (organizations, places): found when the article has some of that
    name (``hits_of``); right when all of them lie in the gold country."""
    n = found = right = 0
    missed: list[str] = []
    for g, a in pairs:
        for item in g.get(part, []):
            n += 1
            hits = hits_of(a, item)
            found += bool(hits)
            ok = bool(hits) and all(x.country == item.get("country") for x in hits)
            right += ok
            if not ok:
                missed.append(f"{item['name']} → {shown(hits)}")
    return {"n_gold": n, "found": _share(found, n), "country": _share(right, found), "missed": missed}


def _quote_rows(article: Any) -> list[dict[str, Any]]:
    if article is None:
        return []
    aliases = {actor.id: list(actor.aliases) for actor in article.actors}
    rows = []
    for q in article.quotes:
        row = q.to_dict()
        row["speaker"]["aliases"] = aliases.get(q.speaker.actor, [])
        rows.append(row)
    return rows
