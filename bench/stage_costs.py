"""What each enrichment stage costs next to spaCy annotation, on real articles.

Run:  .venv/bin/python bench/stage_costs.py [N]           (N articles from allsides_international, default 200)
      .venv/bin/python bench/stage_costs.py --sentences     (the sentence-level sets: PLV_train and the PLOVER
                                                            gold records, each sentence its own text)
Prints words/s of the spaCy pass and the time of actors, times, places, events (the rule coder, the
default for articles) and, for the hybrid coder, candidates (the rule pass again, keeping candidate events)
and event_types (re-typing and typing candidates: the two-stage classifier, with sentence embeddings where
its quick stage is unsure, batched per 32 texts as in the pipeline) as a share of it.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    from dateline import annotate
    from dateline.actors import resolve_actors
    from dateline.events import code_events
    from dateline.places import gazetteer, resolve_places
    from dateline.times import find_times

    articles = _sentences() if sys.argv[1:] == ["--sentences"] else _articles(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    words = sum(len(a.body.split()) for a in articles)
    nlp = annotate.load()
    gazetteer()
    start = time.perf_counter()
    docs = list(nlp.pipe([a.body for a in articles], batch_size=annotate.BATCH_SIZE))
    spacy_s = time.perf_counter() - start
    from dateline.event_types import model, retype
    from dateline.embed import encoder

    model()
    encoder()
    costs = {"actors": 0.0, "times": 0.0, "places": 0.0, "events": 0.0, "candidates": 0.0, "event_types": 0.0}
    coded, rule_events = [], 0
    for article, doc in zip(articles, docs):
        t0 = time.perf_counter()
        actors = resolve_actors([("body", doc)], article.published)
        t1 = time.perf_counter()
        times = find_times(article.body, None)
        t2 = time.perf_counter()
        places = resolve_places(article.body, doc, dateline_country=article.dateline.country)
        t3 = time.perf_counter()
        resolved = dataclasses.replace(article, actors=tuple(actors), times=tuple(times), places=tuple(places))
        rule_events += len(code_events(resolved, doc))
        t4 = time.perf_counter()
        coded.append(code_events(resolved, doc, candidates=True))
        costs["candidates"] += time.perf_counter() - t4
        costs["actors"] += t1 - t0
        costs["times"] += t2 - t1
        costs["places"] += t3 - t2
        costs["events"] += t4 - t3
    t5 = time.perf_counter()
    for begin in range(0, len(coded), 32):
        retype([event for events in coded[begin:begin + 32] for event in events])
    costs["event_types"] = time.perf_counter() - t5
    result = {"articles": len(articles), "words": words, "events": rule_events,
              "events_with_candidates": sum(map(len, coded)), "spacy_seconds": round(spacy_s, 2),
              "spacy_words_per_s": round(words / spacy_s), **{f"{k}_seconds": round(v, 2) for k, v in costs.items()},
              **{f"{k}_share_of_spacy": round(v / spacy_s, 3) for k, v in costs.items()}}
    for key, value in result.items():
        print(f"{key}: {value}")
    print(json.dumps(result))


def _articles(n: int) -> list:
    from dateline.pipeline import process_text

    path = SHARED / "corpus" / "allsides_article_bias" / "allsides_international.jsonl.gz"
    articles: list = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("content_original"):
                articles.extend(process_text(row["content_original"], published=row.get("date") or None, input_format="feed"))
            if len(articles) >= n:
                break
    return articles


def _sentences() -> list:
    from dateline.evaluate.plover import read_items
    from dateline.pipeline import process_text

    items = [*read_items(SHARED / "eval" / "events" / "zsp_plv" / "PLV_train.tsv"),
             *read_items(SHARED / "eval" / "events" / "plover_gsr" / "PLOVER_GSR_CAMEO.json")]
    return [a for i in items for a in process_text(i.text, published="2020-01-01", input_format="feed")[:1]]


if __name__ == "__main__":
    main()
