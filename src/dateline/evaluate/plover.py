"""Event-type scoring on PLOVER-labelled sentences: the PLV TSV layout and the PLOVER gold-standard records.

For each sentence dateline codes its events (all modalities; roles may be plain noun phrases here, since
these sentences name many actors that are in no knowledge file) and predicts one PLOVER type: that of the
event whose source and target spans overlap the sentence's marked source and target best (PLV marks
them; the gold records give ``actorText``), else the most confident event, else ``NONE``. Reported:
type ``accuracy`` and ``macro_f1`` over the gold labels (a class's F1 counts NONE predictions as misses),
and, where the file gives actor country codes (the gold records), micro ``precision``/``recall``/``f1`` of
(source country, type, target country) triples. Label mapping: PLV ``YIELD`` is right when dateline says
CONCEDE or RETREAT; the gold records' PLOVER 0.5 labels DEMAND, DISAPPROVE, FIGHT and INVESTIGATE are
REQUEST, ACCUSE, ASSAULT and ACCUSE, their PLOVER 2.x names (CAMEO2PLOVER-2021 folds investigation into
ACCUSE, mode investigate). The coder scored by default is the one for sentence-level data, the hybrid coder
(``dateline.enrich.SENTENCE_CODER``); ``coder=`` picks another. The rule coder (``dateline.rule_coder.v1``)
learns nothing from these files; the hybrid coder's type classifier (``dateline.event_types``) is trained on
``PLV_train.tsv``, so on that file it is scored by cross-validation (``dateline.train_types.cross_validate``,
``--cv``), and a direct score is flagged in-sample.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalError
from . import prf

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
EQUIVALENT = {"YIELD": {"CONCEDE", "RETREAT"}}


@dataclass
class Item:
    """One labelled sentence: gold type, the marked source/target text, and countries when known."""

    text: str
    label: str
    source_text: str | None = None
    target_text: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def read_items(path: Path) -> list[Item]:
    """Read a PLV TSV file or the PLOVER gold-record JSON array."""
    if not path.is_file():
        raise EvalError("no such file", where=str(path))
    if path.suffix.lower() == ".json":
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise EvalError(f"not valid JSON ({exc.msg})", where=f"{path}:{exc.lineno}") from exc
        items = []
        for rec in records:
            if rec.get("event") in (None, "DOCUMENT") or not rec.get("text"):
                continue
            src = rec.get("source") or []
            tgt = rec.get("target") or []
            src0 = src[0] if isinstance(src, list) and src else {}
            tgt0 = tgt[0] if isinstance(tgt, list) and tgt else {}
            items.append(Item(rec["text"], OLD_LABELS.get(rec["event"], rec["event"]),
                              src0.get("actorText"), tgt0.get("actorText"),
                              _iso3(src0.get("code")), _iso3(tgt0.get("code"))))
        return items
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if not reader.fieldnames or "sentence" not in reader.fieldnames or "gold_root" not in reader.fieldnames:
            raise EvalError("expected a PLV TSV with 'sentence' and 'gold_root' columns", where=str(path))
        return [Item(row["sentence"], row["gold_root"].strip(), row.get("source") or None, row.get("target") or None)
                for row in reader if row.get("sentence") and row.get("gold_root")]


def _iso3(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    return code[:3] if len(code) >= 3 and code[:3].isalpha() else None


def _overlap(text: str | None, span_text: str | None) -> int:
    if not text or not span_text:
        return 0
    a, b = set(text.lower().split()), set(span_text.lower().split())
    return len(a & b)


def _pick(events: list[dict[str, Any]], item: Item) -> dict[str, Any] | None:
    typed = [e for e in events if e["plover"]["type"]]
    if not typed:
        return None

    def fit(e: dict[str, Any]) -> tuple[int, float]:
        score = _overlap(e["source"]["name"], item.source_text) + _overlap(e["target"]["name"], item.target_text)
        return score, e["confidence"]

    return max(typed, key=fit)


def _correct(label: str, predicted: str) -> bool:
    return predicted == label or predicted in EQUIVALENT.get(label, set())


def type_scores(gold: list[str], predicted: list[str]) -> tuple[float, float, dict[str, dict[str, Any]]]:
    """Accuracy, macro F1 over the gold labels, and P/R/F1 per gold label, of predicted type labels.

    ``NONE`` (nothing coded) is a miss, never a false positive; ``EQUIVALENT`` labels count as right.
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for label, guess in zip(gold, predicted):
        if _correct(label, guess):
            tp[label] += 1
        else:
            fn[label] += 1
            if guess != "NONE":
                fp[guess] += 1
    per_type = {}
    f1s = []
    for label in sorted(set(gold)):
        p, r, f = prf(tp[label], tp[label] + fp[label], tp[label] + fn[label])
        per_type[label] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "n": tp[label] + fn[label]}
        f1s.append(f)
    accuracy = sum(tp.values()) / len(gold) if gold else 0.0
    return accuracy, (sum(f1s) / len(f1s) if f1s else 0.0), per_type


def score(items: list[Item], predictions: list[dict[str, Any] | None]) -> dict[str, Any]:
    """Accuracy, macro F1 and (where countries are known) triple P/R/F1."""
    labels = [event["plover"]["type"] if event else "NONE" for event in predictions]
    accuracy, macro_f1, per_type = type_scores([item.label for item in items], labels)
    triples_gold = triples_pred = triples_right = 0
    for item, event, predicted in zip(items, predictions, labels):
        if item.source_country or item.target_country:
            triples_gold += 1
            if event:
                triples_pred += 1
                if _correct(item.label, predicted) and event["source"]["country"] == item.source_country \
                        and event["target"]["country"] == item.target_country:
                    triples_right += 1
    result: dict[str, Any] = {
        "accuracy": round(accuracy, 4),
        "macro_f1": round(macro_f1, 4),
        "n": len(items),
        "coded": sum(1 for e in predictions if e),
        "per_type": per_type,
    }
    if triples_gold:
        p, r, f = prf(triples_right, triples_pred, triples_gold)
        result.update({"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)})
    return result


def code_sentences(texts: Iterable[str], published: str = "2020-01-01",
                   coder: str | None = None, keep_candidates: bool = False) -> list[list[dict[str, Any]]]:
    """Code each sentence as its own short article; returns the events (as dicts) per sentence."""
    from ..enrich import DEFAULT_CODER, enrich
    from ..pipeline import process_text

    articles = []
    for text in texts:
        cleaned = process_text(text, published=published, input_format="feed") if text.strip() else []
        articles.append(cleaned[0] if cleaned else None)
    present = [a for a in articles if a is not None]
    enriched = iter(list(enrich(present, uncoded_roles=True, coder=coder or DEFAULT_CODER,
                                 keep_candidates=keep_candidates)))
    out: list[list[dict[str, Any]]] = []
    for article in articles:
        out.append([e.to_dict() for e in next(enriched).events] if article is not None else [])
    return out


def evaluate_plover(path: Path, coder: str | None = None) -> dict[str, Any]:
    """Score the event type (and triples where possible) on a PLV TSV or PLOVER gold-record file.

    ``coder``: the event coder to score (``dateline.enrich.CODERS``; default: ``SENTENCE_CODER``, the coder
    for sentence-level data).
    """
    from ..enrich import SENTENCE_CODER

    items = read_items(path)
    if not items:
        raise EvalError("no labelled sentences found", where=str(path))
    coder = coder or SENTENCE_CODER
    events = code_sentences((i.text for i in items), coder=coder)
    result = score(items, [_pick(e, i) for e, i in zip(events, items)])
    result["coder"] = coder
    if coder == SENTENCE_CODER:
        import hashlib

        from ..event_types import card

        result["in_sample"] = hashlib.sha256(path.read_bytes()).hexdigest() == card()["trained_on"]["sha256"]
    return result
