"""Main-text extraction scorer (the Scrapinghub article-extraction benchmark's conventions).

Conventions, as the benchmark defines them:

* both texts are tokenised with the regex ``\\w+`` (case kept);
* each text becomes a multiset of 4-token shingles (a text shorter than four
  tokens is one shorter shingle; an empty text has none);
* per page, TP is the multiset intersection, FP the predicted surplus and FN the
  gold surplus; the three are normalised to sum to one so long pages weigh no
  more than short ones;
* precision is averaged over pages where TP+FP > 0, recall over pages where
  TP+FN > 0 (a page where both texts are empty scores 1); F1 is computed from
  the two averages.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalError

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class PageCounts:
    """Normalised shingle counts for one page."""

    tp: float
    fp: float
    fn: float


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_counts(gold: str, predicted: str) -> PageCounts:
    """Normalised TP/FP/FN of one predicted text against its gold text."""
    gold_sh = shingles(gold)
    pred_sh = shingles(predicted)
    tp = float(sum((gold_sh & pred_sh).values()))
    fp = float(sum(pred_sh.values())) - tp
    fn = float(sum(gold_sh.values())) - tp
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageCounts(tp, fp, fn)


def _precision(c: PageCounts) -> float:
    if c.fp == 0 and c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fp) if c.tp + c.fp > 0 else 0.0


def _recall(c: PageCounts) -> float:
    if c.fp == 0 and c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fn) if c.tp + c.fn > 0 else 0.0


def score(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float | int]:
    """Score predicted bodies against gold bodies, page by page.

    Pages missing from ``predicted`` count as empty predictions. Returns
    ``{"precision", "recall", "f1", "n"}``.
    """
    counts = [page_counts(gold[key], predicted.get(key, "")) for key in sorted(gold)]
    precisions = [_precision(c) for c in counts if c.tp + c.fp > 0]
    recalls = [_recall(c) for c in counts if c.tp + c.fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "n": len(counts),
    }


def _load_bodies(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read the JSON file ({exc})", where=str(path)) from exc
    data = data.get("output", data) if isinstance(data, dict) else data
    if not isinstance(data, dict):
        raise EvalError("expected an object {id: {articleBody: ...}}", where=str(path))
    return {key: (value.get("articleBody") or "") if isinstance(value, dict) else str(value) for key, value in data.items()}


def evaluate_folder(
    directory: Path, text_dumps: Path | None = None, on_page: Callable[[], None] | None = None
) -> dict[str, float | int]:
    """Run dateline on every benchmark page (HTML, or the whole-page texts) and score the bodies."""
    from ..errors import DatelineError
    from ..pipeline import process_text, run

    truth = directory / "ground-truth.json"
    if not truth.is_file():
        raise EvalError("no ground-truth.json in the folder", where=str(directory),
                        hint="give a folder laid out like ../shared/eval/article_extraction/scrapinghub_aeb")
    gold = _load_bodies(truth)
    predicted: dict[str, str] = {}
    dumps = _load_bodies(text_dumps) if text_dumps else None
    for key in sorted(gold):
        if dumps is not None:
            text = dumps.get(key, "")
            articles = process_text(text, input_format="pagetext") if text.strip() else []
            predicted[key] = "\n\n".join(a.body for a in articles)
        else:
            page = directory / "html" / f"{key}.html.gz"
            if not page.exists():
                page = directory / "html" / f"{key}.html"
            bodies = [item.body for item in run([str(page)], input_format="html") if not isinstance(item, DatelineError)]
            predicted[key] = "\n\n".join(bodies)
        if on_page:
            on_page()
    return score(gold, predicted)
