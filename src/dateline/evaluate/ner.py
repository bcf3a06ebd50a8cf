"""CoNLL-2003 reader and entity scorer (``conlleval`` conventions).

Reading. A CoNLL-2003 file holds one token per line (``token POS chunk NER``),
a blank line between sentences and a ``-DOCSTART-`` line between articles
(``eng.testa`` puts it after each article, the original files before; both
are read the same way). NER tags may be IOB1 (``I-`` everywhere, ``B-`` only
where two same-type entities touch) or IOB2 (``B-`` on every first token).

Text. Each document is rebuilt as plain text: a sentence's tokens joined by
one space, sentences joined by a newline. The reader keeps every token's
character span, so predicted entities can be mapped back onto tokens.

Labels. The pipeline's OntoNotes labels are mapped onto CoNLL's four classes:

* ``PERSON`` -> ``PER``
* ``ORG`` -> ``ORG``
* ``GPE``, ``LOC``, ``FAC`` -> ``LOC`` (CoNLL has no separate class for
  countries, cities, regions or buildings)
* ``NORP``, ``EVENT``, ``WORK_OF_ART``, ``LAW``, ``LANGUAGE``, ``PRODUCT``
  -> ``MISC`` (CoNLL's MISC holds nationalities and other adjectives derived
  from names, events, titles of works, languages and product names)
* ``DATE``, ``TIME``, ``MONEY``, ``PERCENT``, ``QUANTITY``, ``ORDINAL``,
  ``CARDINAL`` -> not an entity (CoNLL does not annotate numeric expressions)

Alignment. A predicted entity covers every CoNLL token its character span
touches (a prediction that covers part of a token covers the whole token, as
a token tagger would). An entity is never allowed to run across a sentence
break: it is cut at the break. Where two predictions fall on the same token
the one that starts first (then the longer) is kept.

Scoring, as ``conlleval`` does: an entity is correct only when its type and
its exact token span both match a gold entity. Precision, recall and F1 are
micro-averaged over all entities of the file; ``per_type`` gives the same
figures for each class; ``no_misc`` the micro figures over PER, ORG and LOC
only (the MISC mapping is the lossy one). Floats are rounded to four decimals.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalError
from . import prf

__all__ = ["ConllDocument", "LABEL_MAP", "TYPES", "read_conll", "chunks", "align", "score", "evaluate_ner"]

TYPES = ("LOC", "MISC", "ORG", "PER")

LABEL_MAP: dict[str, str | None] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
    "DATE": None,
    "TIME": None,
    "MONEY": None,
    "PERCENT": None,
    "QUANTITY": None,
    "ORDINAL": None,
    "CARDINAL": None,
}
"""spaCy (OntoNotes) label -> CoNLL class; ``None`` means "not an entity in CoNLL"."""

Span = tuple[int, int, str]
"""An entity over tokens: first token, one past the last token, CoNLL class."""


@dataclass(frozen=True)
class ConllDocument:
    """One CoNLL article: tokens, their NER tags, the rebuilt text and each token's place in it."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    sentences: tuple[tuple[int, int], ...]
    """Token ranges ``(first, one past last)`` of the sentences."""
    text: str
    offsets: tuple[tuple[int, int], ...]
    """Character span ``(start, end)`` of every token in ``text``."""

    @property
    def gold(self) -> set[Span]:
        """The gold entities (token spans with their class)."""
        spans: set[Span] = set()
        for first, last in self.sentences:
            spans.update((first + a, first + b, kind) for a, b, kind in chunks(self.tags[first:last]))
        return spans


def _document(sentences: list[list[tuple[str, str]]]) -> ConllDocument:
    tokens: list[str] = []
    tags: list[str] = []
    ranges: list[tuple[int, int]] = []
    offsets: list[tuple[int, int]] = []
    lines: list[str] = []
    position = 0
    for sentence in sentences:
        first = len(tokens)
        words = []
        for word, tag in sentence:
            offsets.append((position, position + len(word)))
            position += len(word) + 1  # the space after it (or the newline after the last one)
            tokens.append(word)
            tags.append(tag)
            words.append(word)
        ranges.append((first, len(tokens)))
        lines.append(" ".join(words))
    return ConllDocument(tuple(tokens), tuple(tags), tuple(ranges), "\n".join(lines), tuple(offsets))


def read_conll(path: Path) -> list[ConllDocument]:
    """The articles of a CoNLL-2003 NER file, in file order. Raises ``EvalError`` on a bad layout."""
    path = Path(path)
    if not path.is_file():
        raise EvalError(f"no CoNLL file at {path}", hint="pass eng.testa or eng.testb from ../shared/eval/ner/conll2003")
    documents: list[ConllDocument] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []

    def close_sentence() -> None:
        nonlocal sentence
        if sentence:
            sentences.append(sentence)
            sentence = []

    def close_document() -> None:
        nonlocal sentences
        close_sentence()
        if sentences:
            documents.append(_document(sentences))
            sentences = []

    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.split()
            if not fields:
                close_sentence()
            elif fields[0] == "-DOCSTART-":
                close_document()
            else:
                tag = fields[-1]
                if len(fields) < 2 or not (tag == "O" or tag[:2] in ("B-", "I-")):
                    raise EvalError(f"not a CoNLL token line: {line.strip()!r}", where=f"{path}:{number}",
                                    hint="expected `token POS chunk NER` with IOB tags")
                sentence.append((fields[0], tag))
    close_document()
    if not documents:
        raise EvalError(f"no tokens in {path}", where=str(path))
    return documents


def chunks(tags: Sequence[str]) -> list[Span]:
    """The entities of one sentence's IOB1 or IOB2 tag sequence, as ``conlleval`` reads them.

    An entity starts at a ``B-`` tag, or at an ``I-`` tag that follows ``O`` or
    a tag of another type; it ends where the next tag is ``O``, ``B-`` or of
    another type.
    """
    spans: list[Span] = []
    start, kind = -1, ""
    for index, tag in enumerate((*tags, "O")):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if start >= 0 and (tag == "O" or begins):
            spans.append((start, index, kind))
            start, kind = -1, ""
        if tag != "O" and (begins or start < 0):
            start, kind = index, label
    return spans


def align(document: ConllDocument, entities: Iterable[tuple[int, int, str]]) -> set[Span]:
    """Predicted ``(start_char, end_char, spaCy label)`` entities as CoNLL token spans with CoNLL classes."""
    starts = [s for s, _ in document.offsets]
    ends = [e for _, e in document.offsets]
    sentence_of = [0] * len(document.tokens)
    for number, (first, last) in enumerate(document.sentences):
        sentence_of[first:last] = [number] * (last - first)
    taken = [False] * len(document.tokens)
    spans: set[Span] = set()
    for start_char, end_char, label in sorted(entities, key=lambda e: (e[0], -e[1])):
        kind = LABEL_MAP.get(label)
        if kind is None or end_char <= start_char:
            continue
        first = bisect.bisect_right(ends, start_char)  # first token ending after the entity starts
        last = bisect.bisect_left(starts, end_char)  # one past the last token starting before it ends
        if first >= last:
            continue
        piece = first
        for index in range(first, last + 1):
            if index == last or sentence_of[index] != sentence_of[piece]:
                if not any(taken[piece:index]):
                    spans.add((piece, index, kind))
                    taken[piece:index] = [True] * (index - piece)
                piece = index
    return spans


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float | int]:
    precision, recall, f1 = prf(correct, predicted, gold)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "n": gold,
            "predicted": predicted, "correct": correct}


def score(gold: Sequence[set[Span]], predicted: Sequence[set[Span]]) -> dict:
    """Exact-match micro P/R/F1 of predicted token spans against gold, document by document."""
    correct: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        n_gold.update(kind for _, _, kind in gold_spans)
        n_pred.update(kind for _, _, kind in predicted_spans)
        correct.update(kind for _, _, kind in gold_spans & predicted_spans)
    result = _prf(sum(correct.values()), sum(n_pred.values()), sum(n_gold.values()))
    result["per_type"] = {kind: _prf(correct[kind], n_pred[kind], n_gold[kind]) for kind in TYPES}
    plain = [k for k in TYPES if k != "MISC"]
    result["no_misc"] = _prf(sum(correct[k] for k in plain), sum(n_pred[k] for k in plain), sum(n_gold[k] for k in plain))
    return result


def evaluate_ner(path: Path, *, rules: bool = True, batch_size: int = 32) -> dict:
    """Score the NER stage on a CoNLL-2003 file.

    ``rules=True`` runs :func:`dateline.ner.ner_pipeline` (the model plus
    dateline's rules); ``rules=False`` runs the same shared pipeline with
    dateline's NER components switched off, i.e. the raw model's entities. Returns ``{"precision",
    "recall", "f1", "n"}`` (``n`` the gold entity count) with ``per_type`` and
    ``no_misc`` breakdowns, ``documents`` and ``tokens``.
    """
    from .. import ner

    documents = read_conll(path)
    nlp = ner.ner_pipeline()
    disabled = [] if rules else [name for name in ner.RULE_COMPONENTS if name in nlp.pipe_names]
    predicted: list[set[Span]] = []
    with nlp.select_pipes(disable=disabled):
        for document, doc in zip(documents, nlp.pipe((d.text for d in documents), batch_size=batch_size), strict=True):
            predicted.append(align(document, ner.entities(doc)))
    result = score([d.gold for d in documents], predicted)
    result["documents"] = len(documents)
    result["tokens"] = sum(len(d.tokens) for d in documents)
    return result
