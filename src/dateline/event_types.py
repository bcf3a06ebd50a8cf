"""A second opinion on each event's PLOVER type: a linear classifier over the event's words.

The rule coder (``dateline.events``) finds events and their roles from the parse and
takes the PLOVER type from its verb pattern's CAMEO code. Patterns see one verb; a
reader sees the words around it ("pushed the Peshmerga out of the city, threatening to
move against Erbil"). This stage re-reads each event and, when it is confident, gives
the event the type it reads there. Registered as ``dateline.event_types.v2``.

Features, for one event: TF-IDF of the words and word pairs of its sentence with the
source and target replaced by ``SRC``/``TGT``; TF-IDF (own vocabulary) of the event's
window — ``WINDOW_BEFORE`` words before its trigger to ``WINDOW_AFTER`` after, masked
alike — so that two events of one sentence read differently; the rule coder's type for
this event and the types of every event coded in the sentence; the sentence's bag of
MiniLM word-piece vectors (``dateline.embed.encode_static``); and, in the second stage
only, the sentence's all-MiniLM-L6-v2 embedding (``dateline.embed.encode``).

Two stages (a cascade, to keep the cost down): a quick model without the transformer
reads every event; only where its top class has less than ``model().cascade``
probability is the sentence run through MiniLM and the full model asked. Both are multinomial
logistic regressions trained by ``python -m dateline.train_types`` on the PLV
development sentences (``../shared/eval/events/zsp_plv/PLV_train.tsv``); the weights
live in ``data/event_types.npz`` with a card (``data/event_types.json``) stating what
they were trained on and their cross-validated scores. Inference is numpy only.

An event whose type changes keeps its CAMEO code (the verb pattern's reading), gets
the classifier's PLOVER type, no PLOVER mode, and ``+dateline.event_types.v2`` on its
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

MODEL_NAME = "dateline.event_types.v2"
MIN_PROBABILITY = 0.35
"""The classifier overrides the rule coder's type only when its top class has at least this probability."""
MIN_PROBABILITY_UNCODED = 0.7
"""A candidate event (a verb no pattern knows, linking two actors) is kept only at this probability or more."""
WINDOW_BEFORE = 4
WINDOW_AFTER = 8
"""An event's window: this many words before its trigger's first word and after its last."""

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WORD = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]")
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


def window(sentence: str, start: int, end: int) -> str:
    """The words of ``sentence`` around the trigger at ``start``..``end`` (offsets into the sentence)."""
    words = list(_WORD.finditer(sentence))
    if not words:
        return sentence
    first = next((k for k, w in enumerate(words) if w.end() > start), len(words) - 1)
    last = next((k for k in range(len(words) - 1, -1, -1) if words[k].start() < end), first)
    lo, hi = max(0, first - WINDOW_BEFORE), min(len(words) - 1, max(first, last) + WINDOW_AFTER)
    return sentence[words[lo].start():words[hi].end()]


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


@dataclasses.dataclass(frozen=True)
class Vocabularies:
    """The TF-IDF vocabularies of masked sentences and of masked event windows."""

    sentence: dict[str, int]
    sentence_idf: np.ndarray
    window: dict[str, int]
    window_idf: np.ndarray
    window_weight: float
    """The window's TF-IDF vector is scaled by this (the sentence's has norm 1)."""


def quick_features(masked: str, masked_window: str, own: str | None, in_sentence: Sequence[str | None],
                   static: np.ndarray, vocabularies: Vocabularies, rule_types: Sequence[str],
                   static_weight: float) -> np.ndarray:
    """The first stage's features: sentence and window TF-IDF, the rule types, the weighted bag of word pieces."""
    return np.concatenate([tfidf(masked, vocabularies.sentence, vocabularies.sentence_idf),
                           tfidf(masked_window, vocabularies.window, vocabularies.window_idf) * vocabularies.window_weight,
                           rule_features(own, in_sentence, rule_types), static * static_weight])


def full_features(quick: np.ndarray, embedding: np.ndarray, embedding_weight: float) -> np.ndarray:
    """The second stage's features: the first stage's, then the weighted sentence embedding."""
    return np.concatenate([quick, embedding * embedding_weight])


# ---------------------------------------------------------------------------
# the model


@dataclasses.dataclass(frozen=True)
class Linear:
    """One multinomial logistic regression: class weights and intercepts."""

    coef: np.ndarray
    intercept: np.ndarray

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        logits = rows @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


@dataclasses.dataclass(frozen=True)
class Model:
    """Trained weights: vocabularies, the quick and the full stage, the classes and rule types they use."""

    vocabularies: Vocabularies
    quick: Linear
    full: Linear
    classes: tuple[str, ...]
    rule_types: tuple[str, ...]
    static_weight: float
    embedding_weight: float
    cascade: float
    """The quick stage's answer stands when its top class has at least this probability."""


@functools.cache
def model() -> Model:
    """The shipped model (``data/event_types.npz``), loaded once."""
    with resources.files("dateline.data").joinpath("event_types.npz").open("rb") as handle:
        data = np.load(handle, allow_pickle=False)

        def vocabulary(key: str) -> dict[str, int]:
            return {str(t): i for i, t in enumerate(data[key])}

        return Model(
            vocabularies=Vocabularies(vocabulary("vocabulary"), data["idf"].astype(np.float32),
                                      vocabulary("window_vocabulary"), data["window_idf"].astype(np.float32),
                                      float(data["window_weight"])),
            quick=Linear(data["quick_coef"].astype(np.float32), data["quick_intercept"].astype(np.float32)),
            full=Linear(data["full_coef"].astype(np.float32), data["full_intercept"].astype(np.float32)),
            classes=tuple(str(c) for c in data["classes"]), rule_types=tuple(str(t) for t in data["rule_types"]),
            static_weight=float(data["static_weight"]), embedding_weight=float(data["embedding_weight"]),
            cascade=float(data["cascade"]))


def card() -> dict[str, Any]:
    """What the shipped model was trained on and how it scored (``data/event_types.json``)."""
    return json.loads(resources.files("dateline.data").joinpath("event_types.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# use


@dataclasses.dataclass(frozen=True)
class Reading:
    """What the classifier reads for one event: the sentence, the trigger's offsets in it, the roles' words,
    the rule coder's type for the event and the types coded anywhere in the sentence."""

    sentence: str
    trigger_start: int
    trigger_end: int
    source: str | None
    target: str | None
    own: str | None
    in_sentence: Sequence[str | None]


def classify(readings: Sequence[Reading], embed: Any = None) -> list[tuple[str, float]]:
    """For each reading: (label, probability), from the quick stage or, where it is unsure, the full one.

    ``embed``: a function from sentences to embeddings (default: ``dateline.embed.encode``).
    """
    from .embed import encode_static

    if not readings:
        return []
    m = model()
    sentences = sorted({r.sentence for r in readings})
    static = dict(zip(sentences, encode_static(sentences)))
    quick = np.stack([
        quick_features(mask_roles(r.sentence, r.source, r.target),
                       mask_roles(window(r.sentence, r.trigger_start, r.trigger_end), r.source, r.target),
                       r.own, r.in_sentence, static[r.sentence], m.vocabularies, m.rule_types, m.static_weight)
        for r in readings])
    probabilities = m.quick.probabilities(quick)
    unsure = [i for i in range(len(readings)) if probabilities[i].max() < m.cascade]
    if unsure:
        if embed is None:
            from .embed import encode as embed
        unsure_sentences = sorted({readings[i].sentence for i in unsure})
        embedded = dict(zip(unsure_sentences, embed(unsure_sentences)))
        rows = np.stack([full_features(quick[i], embedded[readings[i].sentence], m.embedding_weight) for i in unsure])
        probabilities[unsure] = m.full.probabilities(rows)
    best = probabilities.argmax(axis=1)
    return [(m.classes[b], float(probabilities[i, b])) for i, b in enumerate(best)]


def retype(events: Sequence[Any]) -> list[Any]:
    """The events, each with the classifier's PLOVER type where it is confident and differs from the rules'."""
    if not events:
        return list(events)
    by_sentence: dict[tuple[str, int], list[str | None]] = {}
    for event in events:
        by_sentence.setdefault((event.article, event.sentence["start"]), []).append(event.cameo.plover)
    readings = [Reading(e.sentence["text"], e.trigger["start"] - e.sentence["start"],
                        e.trigger["end"] - e.sentence["start"], e.source.name, e.target.name, e.cameo.plover,
                        by_sentence[(e.article, e.sentence["start"])]) for e in events]
    from .events import UNCODED, code_for_type

    out = []
    for event, (label, probability) in zip(events, classify(readings)):
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
