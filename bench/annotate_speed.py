"""Words per second of the annotation stage: dateline's NER pipeline against the plain spaCy model.

Run:  .venv/bin/python bench/annotate_speed.py [--limit 300] [--batch-size 64] [--repeat 1]

Texts: the first ``--limit`` articles (field ``content_original``) of
../shared/corpus/allsides_article_bias/allsides_international.jsonl.gz. Both
pipelines annotate the same texts with the same batch size, after a short
warm-up; words are whitespace-separated tokens. Prints one line per pipeline
and a JSON summary last.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shlex
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "allsides_article_bias" / "allsides_international.jsonl.gz"


def load_texts(limit: int) -> list[str]:
    texts: list[str] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = (json.loads(line).get("content_original") or "").strip()
            if text:
                texts.append(text)
            if len(texts) >= limit:
                break
    return texts


def measure(nlp, texts: list[str], batch_size: int, repeat: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    for _ in nlp.pipe(texts[:8], batch_size=batch_size):  # warm-up
        pass
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    entities = 0
    for _ in range(repeat):
        start = time.perf_counter()
        entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size))
        best = min(best, time.perf_counter() - start)
    return {"texts": len(texts), "words": words, "seconds": round(best, 2), "words_per_s": round(words / best),
            "entities": entities}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=300, help="number of articles (default 300)")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size for both (default 64)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per pipeline; the fastest counts (default 1)")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    import spacy

    from dateline import annotate
    from dateline.ner import ner_pipeline

    texts = load_texts(args.limit)
    command = " ".join([".venv/bin/python", "bench/annotate_speed.py", *map(shlex.quote, sys.argv[1:])])
    print(f"command: {command}")
    results = {}
    plain = spacy.load(annotate.MODEL)
    results["spacy"] = measure(plain, texts, args.batch_size, args.repeat)
    print(f"plain spacy.load({annotate.MODEL!r}).pipe: {results['spacy']}", flush=True)
    results["dateline"] = measure(ner_pipeline(), texts, args.batch_size, args.repeat)
    print(f"dateline.ner.ner_pipeline().pipe: {results['dateline']}", flush=True)
    results["dateline_vs_spacy"] = round(results["dateline"]["words_per_s"] / results["spacy"]["words_per_s"], 3)
    results["command"] = command
    print(json.dumps(results))


if __name__ == "__main__":
    main()
