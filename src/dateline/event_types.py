"""A second opinion on each event's PLOVER type: a linear classifier over the sentence.

The rule coder (``dateline.events``) finds events and their roles from the parse and
takes the PLOVER type from its verb pattern's CAMEO code. Patterns see one verb; a
reader sees the sentence ("pushed the Peshmerga out of the city, threatening to move
against Erbil"). This stage re-reads each event's sentence and, when it is confident,
gives the event the type it reads there. Registered as ``dateline.event_types.v1``.

Features, for one event: TF-IDF of the words and word pairs of its sentence with the
source and target replaced by ``SRC``/``TGT``; the sentence's all-MiniLM-L6-v2 embedding
(``dateline.embed``); the rule coder's type for this event and the types of every event
coded in the sentence. Weights: multinomial logistic regression trained by
``tools/train_event_types.py`` on the PLV development sentences
(``../shared/eval/events/zsp_plv/PLV_train.tsv``); they live in
``data/event_types.npz`` with a card (``data/event_types.json``) stating what they were
trained on and their cross-validated scores. Inference is numpy only.

An event whose type changes keeps its CAMEO code (the verb pattern's reading), gets
the classifier's PLOVER type, no PLOVER mode, and ``+dateline.event_types.v1`` on its
``pattern``, so the provenance stays visible. Candidate events (a verb no pattern knows
linking two actors, ``code_events(..., candidates=True)``) are kept only when the
classifier reads a type with probability ``MIN_PROBABILITY_UNCODED`` or more; they get
that type's most general CAMEO code and half that probability as confidence.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

MODEL_NAME = "dateline.event_types.v1"
MIN_PROBABILITY = 0.35
"""The classifier overrides the rule coder's type only when its top class has at least this probability."""
MIN_PROBABILITY_UNCODED = 0.7
"""A candidate event (a verb no pattern knows, linking two actors) is kept only at this probability or more."""

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
YIELD_TYPES = {"CONCEDE", "RETREAT"}
"""The PLV label YIELD stands for either; the rule coder's choice between them is kept, else CONCEDE."""


# ---------------------------------------------------------------------------
# features (shared with the training script, so training and use featurize alike)


def mask_roles(sentence: str, source: str | None, target: str | None) -> str:
    """The sentence with the first mention of the target, then of the source, replaced by TGT and SRC."""
    out = sentence
    for words, tag in ((target, " TGT "), (source, " SRC ")):
        if words and len(words) > 1:
            at = out.find(words)
            if at >= 0:
                out = out[:at] + tag + out[at + len(words):]
    return out


def terms(text: str) -> list[str]:
    """Lower-cased words of two or more characters, and each adjacent pair of them."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def tfidf(text: str, vocabulary: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Sublinear TF-IDF vector of ``text`` over ``vocabulary``, L2-normalised."""
    vector = np.zeros(len(vocabulary), dtype=np.float32)
    for term, count in Counter(terms(text)).items():
        index = vocabulary.get(term)
        if index is not None:
            vector[index] = (1.0 + math.log(count)) * idf[index]
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def rule_features(own: str | None, in_sentence: Sequence[str | None], rule_types: Sequence[str]) -> np.ndarray:
    """One-hot of the rule coder's type for the event, then of the types coded anywhere in its sentence."""
    index = {t: i for i, t in enumerate(rule_types)}
    vector = np.zeros(2 * len(rule_types), dtype=np.float32)
    vector[index.get(own or "NONE", index["NONE"])] = 1.0
    for other in in_sentence:
        if other in index:
            vector[len(rule_types) + index[other]] = 1.0
    return vector


def features(masked: str, embedding: np.ndarray, own: str | None, in_sentence: Sequence[str | None],
             model: Model) -> np.ndarray:
    return np.concatenate([tfidf(masked, model.vocabulary, model.idf), embedding * model.embedding_weight,
                           rule_features(own, in_sentence, model.rule_types)])


# ---------------------------------------------------------------------------
# the model


@dataclasses.dataclass(frozen=True)
class Model:
    """Trained weights: vocabulary and IDF, class weights, the rule types the features name."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]
    rule_types: tuple[str, ...]
    embedding_weight: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        logits = rows @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


@functools.cache
def model() -> Model:
    """The shipped model (``data/event_types.npz``), loaded once."""
    with resources.files("dateline.data").joinpath("event_types.npz").open("rb") as handle:
        data = np.load(handle, allow_pickle=False)
        vocab = [str(t) for t in data["vocabulary"]]
        return Model(vocabulary={t: i for i, t in enumerate(vocab)}, idf=data["idf"].astype(np.float32),
                     coef=data["coef"].astype(np.float32), intercept=data["intercept"].astype(np.float32),
                     classes=tuple(str(c) for c in data["classes"]),
                     rule_types=tuple(str(t) for t in data["rule_types"]),
                     embedding_weight=float(data["embedding_weight"]))


def card() -> dict[str, Any]:
    """What the shipped model was trained on and how it scored (``data/event_types.json``)."""
    return json.loads(resources.files("dateline.data").joinpath("event_types.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# use


def classify(items: Sequence[tuple[str, str | None, str | None, str | None, Sequence[str | None]]]) -> list[tuple[str, float]]:
    """For each (sentence, source words, target words, rule type, types in the sentence): (label, probability)."""
    from .embed import encode

    if not items:
        return []
    m = model()
    sentences = sorted({item[0] for item in items})
    embedded = dict(zip(sentences, encode(sentences)))
    rows = np.stack([features(mask_roles(sentence, source, target), embedded[sentence], own, others, m)
                     for sentence, source, target, own, others in items])
    probabilities = m.probabilities(rows)
    best = probabilities.argmax(axis=1)
    return [(m.classes[b], float(probabilities[i, b])) for i, b in enumerate(best)]


def retype(events: Sequence[Any]) -> list[Any]:
    """The events, each with the classifier's PLOVER type where it is confident and differs from the rules'."""
    if not events:
        return list(events)
    by_sentence: dict[tuple[str, int], list[str | None]] = {}
    for event in events:
        by_sentence.setdefault((event.article, event.sentence["start"]), []).append(event.cameo.plover)
    items = [(e.sentence["text"], e.source.name, e.target.name, e.cameo.plover,
              by_sentence[(e.article, e.sentence["start"])]) for e in events]
    from .events import UNCODED, code_for_type

    out = []
    for event, (label, probability) in zip(events, classify(items)):
        rule_type = event.cameo.plover
        if label == "YIELD":
            label = rule_type if rule_type in YIELD_TYPES else "CONCEDE"
        if event.cameo.code == UNCODED.code:
            cameo = code_for_type(label) if label != "NONE" and probability >= MIN_PROBABILITY_UNCODED else None
            if cameo is not None:  # typed from the sentence: the type's most general CAMEO code
                out.append(dataclasses.replace(event, cameo=cameo, pattern=f"{event.pattern}+{MODEL_NAME}",
                                               confidence=round(0.5 * probability, 2)))
            continue
        if probability < MIN_PROBABILITY or label == rule_type or label == "NONE":
            out.append(event)
            continue
        out.append(dataclasses.replace(event, plover_type=label, pattern=f"{event.pattern}+{MODEL_NAME}"))
    return out
