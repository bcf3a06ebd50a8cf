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
import datetime as dt
from collections.abc import Iterable, Iterator

from .records import Article

BATCH_ARTICLES = 32
"""Articles annotated together; their bodies and captions go through ``nlp.pipe`` in one batch."""


def _published(article: Article) -> dt.date | None:
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def enrich_batch(articles: list[Article], *, uncoded_roles: bool = False) -> list[Article]:
    """Annotate and resolve a batch of articles; returns new records with actors, times and places."""
    from . import annotate
    from .actors import resolve_actors
    from .events import code_events
    from .quotes import find_quotes
    from .places import resolve_places
    from .times import find_times

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
        actors = resolve_actors(article_fields, article.published)
        times = find_times(article.body, _published(article))
        places = resolve_places(article.body, body_doc, dateline_country=article.dateline.country)
        resolved = dataclasses.replace(article, actors=tuple(actors), times=tuple(times), places=tuple(places))
        found_quotes = find_quotes(body_doc, actors)
        events = tuple(code_events(resolved, body_doc, uncoded=uncoded_roles, quotes=found_quotes))
        quotes = tuple(link_quotes(found_quotes, events))
        out.append(dataclasses.replace(resolved, events=events, quotes=quotes))
    return out


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


def enrich(articles: Iterable[Article], batch: int = BATCH_ARTICLES, *, uncoded_roles: bool = False) -> Iterator[Article]:
    """Enrich a stream of articles in batches, keeping their order."""
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= batch:
            yield from enrich_batch(pending, uncoded_roles=uncoded_roles)
            pending = []
    if pending:
        yield from enrich_batch(pending, uncoded_roles=uncoded_roles)
