"""Annotate clean articles and resolve who, when and where.

Articles arrive from the cleaner; this stage annotates each body and caption
with the shared spaCy pipeline (in batches, ``nlp.pipe``), then adds to each
record its ``actors`` (``dateline.actors``), ``times`` (``dateline.times``,
resolved against the publication date), ``places`` (``dateline.places``,
disambiguated with the dateline and the article's countries), ``events``
(``dateline.events``) and ``quotes`` (``dateline.quotes``, each linked to the
events coded from it). Bad or odd text
never stops the stream: an article that cannot be annotated is passed on
unenriched and its id reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from .records import Article

BATCH_ARTICLES = 32
"""Articles annotated together; their bodies and captions go through ``nlp.pipe`` in one batch."""

CODERS = ("dateline.rule_coder.v1", "dateline.hybrid_coder.v2")
"""Event coders by name: the verb patterns alone, or the patterns with ``dateline.event_types`` re-reading
each event's type.

The rule coder is the default for articles. The hybrid coder is the coder for sentence-level event data
(one event per sentence, the PLV task: macro F1 0.747 → 0.795 cross-validated; the PLOVER gold records
0.643 → 0.655): its classifier learnt from such sentences, where every sentence holds an event. On news
articles it is not better: in a read sample of AllSides articles most of its re-typings of long multi-event
sentences were wrong and the candidate events it typed were mostly not events at all (docs/quality.md)."""
DEFAULT_CODER = "dateline.rule_coder.v1"
SENTENCE_CODER = "dateline.hybrid_coder.v2"
"""The coder ``dateline eval plover`` scores unless told otherwise: the one for one-event sentences."""


def check_coder(coder: str) -> None:
    """Raise ``UsageError`` unless ``coder`` names a registered event coder."""
    if coder not in CODERS:
        from .errors import UsageError

        raise UsageError(f"unknown event coder {coder!r}", hint=f"use one of {', '.join(CODERS)}")


def enrich_batch(articles: list[Article], *, uncoded_roles: bool = False, coder: str = DEFAULT_CODER,
                 keep_candidates: bool = False) -> list[Article]:
    """Annotate and resolve a batch of articles; returns new records with actors, times, places, events, quotes.

    ``coder`` names the event coder (one of ``CODERS``). ``keep_candidates`` (for training the type
    classifier, with the rule coder) leaves the untyped candidate events in the output.
    """
    from . import annotate
    from .actors import resolve_actors
    from .events import code_events
    from .quotes import find_quotes
    from .places import resolve_places
    from .times import anchor_date, find_times

    check_coder(coder)
    texts: list[str] = []
    owners: list[tuple[int, str]] = []
    for index, article in enumerate(articles):
        texts.append(article.body)
        owners.append((index, "body"))
        for n, caption in enumerate(article.captions):
            texts.append(caption)
            owners.append((index, f"caption:{n}"))
    fields: list[list[tuple[str, object]]] = [[] for _ in articles]
    for (index, name), doc in zip(owners, annotate.pipe(texts)):
        fields[index].append((name, doc))
    out: list[Article] = []
    for article, article_fields in zip(articles, fields):
        body_doc = next(doc for name, doc in article_fields if name == "body")
        actors = resolve_actors(article_fields, article.published, article.dateline.country)
        times = find_times(article.body, anchor_date(article.published))
        places = resolve_places(article.body, body_doc, dateline_country=article.dateline.country)
        resolved = dataclasses.replace(article, actors=tuple(actors), times=tuple(times), places=tuple(places))
        found_quotes = find_quotes(body_doc, actors)
        events = code_events(resolved, body_doc, uncoded=uncoded_roles, quotes=found_quotes,
                             candidates=coder == "dateline.hybrid_coder.v2" or keep_candidates)
        out.append(dataclasses.replace(resolved, events=tuple(events), quotes=tuple(found_quotes)))
    if coder == "dateline.hybrid_coder.v2":
        out = _retyped(out)
    return [dataclasses.replace(a, quotes=tuple(link_quotes(list(a.quotes), a.events))) for a in out]


def _retyped(articles: list[Article]) -> list[Article]:
    """The batch's events re-typed by ``dateline.event_types`` in one pass (one encoder call per batch)."""
    from .event_types import retype

    flat = [event for article in articles for event in article.events]
    if not flat:
        return articles
    kept: dict[str, list] = {}  # type: ignore[type-arg]
    for event in retype(flat):  # candidates it cannot type are dropped, so counts may shrink
        kept.setdefault(event.article, []).append(event)
    return [dataclasses.replace(a, events=tuple(kept.get(a.id, ()))) for a in articles]


def link_quotes(quotes: list, events: tuple) -> list:  # type: ignore[type-arg]
    """Each quote lists the events coded from it: those whose trigger lies in its content or is its cue."""
    linked = []
    for quote in quotes:
        ids = tuple(
            e.id for e in events
            if quote.start <= e.trigger["start"] < quote.end
            or (quote.cue_start is not None and e.trigger["start"] == quote.cue_start)
        )
        linked.append(dataclasses.replace(quote, events=ids) if ids else quote)
    return linked


def enrich(articles: Iterable[Article], batch: int = BATCH_ARTICLES, *, uncoded_roles: bool = False,
           coder: str = DEFAULT_CODER, keep_candidates: bool = False) -> Iterator[Article]:
    """Enrich a stream of articles in batches, keeping their order."""
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= batch:
            yield from enrich_batch(pending, uncoded_roles=uncoded_roles, coder=coder, keep_candidates=keep_candidates)
            pending = []
    if pending:
        yield from enrich_batch(pending, uncoded_roles=uncoded_roles, coder=coder, keep_candidates=keep_candidates)
