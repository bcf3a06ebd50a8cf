"""CAMEO scoring on PETRARCH validation records (``<Sentence>`` with ``<EventCoding>`` and ``<Text>``).

Only records that use real-world actors are scored: every coding's source and target codes must begin
with an ISO 3166 alpha-3 country code that ``data/countries.tsv`` knows (Phoenix codes such as ``GUYJUD``
are read as their country, ``GUY``); records that expect no event are skipped, since their actors cannot
be told real from fictional. Each sentence is coded as a
short article (roles may be plain noun phrases; only coded countries can match). Reported: micro
precision/recall/F1 of (source country, target country, CAMEO code) triples (``exact_*``) and of
(source country, target country, root) triples (``root_*``), the share of sentences whose triple set
matches exactly, and ``n`` (sentences scored). Modal events (negated, hypothetical, future) are left out
of the predictions, as PETRARCH codes only asserted events.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..errors import EvalError
from . import prf
from ..knowledge import countries


def _country(code: str | None) -> str | None:
    if not code:
        return None
    known = {c.alpha3 for c in countries()} | {"IGO"}
    prefix = code.strip().upper()[:3]
    return prefix if prefix in known else None


def read_records(path: Path) -> list[dict[str, Any]]:
    """Sentences with real-world actors: ``{"id", "text", "expected": {(src, tgt, code)}}``."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"cannot read ({exc.strerror})", where=str(path)) from exc
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.DOTALL)
    try:
        root = ET.fromstring(raw if raw.lstrip().startswith("<?xml") or raw.lstrip().startswith("<Sentences") else f"<Sentences>{raw}</Sentences>")
    except ET.ParseError as exc:
        raise EvalError(f"not valid XML ({exc})", where=str(path)) from exc
    records = []
    for sentence in root.iter("Sentence"):
        text_el = sentence.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        expected: set[tuple[str | None, str | None, str]] = set()
        real = True
        for coding in sentence.findall("EventCoding"):
            if coding.get("noevents", "").lower() == "true":
                continue
            src, tgt = _country(coding.get("sourcecode")), _country(coding.get("targetcode"))
            if src is None or tgt is None:
                real = False
                break
            expected.add((src, tgt, (coding.get("eventcode") or "").strip()))
        if real and expected:
            records.append({"id": sentence.get("id"), "text": " ".join(text_el.text.split()), "expected": expected})
    return records


def _prf(right: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p, r, f = prf(right, predicted, gold)
    return round(p, 4), round(r, 4), round(f, 4)


def evaluate_cameo(path: Path) -> dict[str, Any]:
    """Code every real-world-actor record and score the (source, target, code) triples."""
    from .plover import code_sentences

    records = read_records(path)
    if not records:
        raise EvalError("no records with real-world actors found", where=str(path),
                        hint="the file's actors must carry ISO 3166 alpha-3 codes")
    coded = code_sentences(r["text"] for r in records)
    exact = root = gold_n = pred_n = sentences_right = 0
    for record, events in zip(records, coded):
        predicted = {(e["source"]["country"], e["target"]["country"], e["cameo"]["code"])
                     for e in events if e["modality"] in ("asserted", "historical") and e["source"]["country"] and e["target"]["country"]}
        expected = record["expected"]
        gold_n += len(expected)
        pred_n += len(predicted)
        exact += len(predicted & expected)
        root += len({(s, t, c[:2]) for s, t, c in predicted} & {(s, t, c[:2]) for s, t, c in expected})
        sentences_right += predicted == expected
    ep, er, ef = _prf(exact, pred_n, gold_n)
    rp, rr, rf = _prf(root, pred_n, gold_n)
    return {"exact_precision": ep, "exact_recall": er, "exact_f1": ef, "root_precision": rp, "root_recall": rr,
            "root_f1": rf, "sentence_accuracy": round(sentences_right / len(records), 4), "n": len(records),
            "gold_events": gold_n, "coded_events": pred_n}
