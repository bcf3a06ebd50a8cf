"""Typed records that flow through the pipeline.

Every record is a frozen dataclass. Offsets are character offsets into the
clean article text (``Article.body``), so each record can be traced back to the
words that justify it. ``to_dict`` turns a record into the JSON shape that the
CLI writes and the later stages extend.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class SourceRef:
    """Where an article came from.

    ``file`` is the path as given on the command line (``-`` for stdin);
    ``line_start``/``line_end`` are the 1-based, inclusive input lines the
    article was read from (for feeds: the record's line or row).
    """

    file: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Dateline:
    """The place an article was filed from: a place name and its ISO 3166 alpha-3 country."""

    place: str | None
    country: str | None


@dataclass(frozen=True)
class Span:
    """A half-open character span ``[start, end)`` into ``Article.body``."""

    start: int
    end: int


@dataclass(frozen=True)
class Removed:
    """Something the cleaner dropped, kept so a user can audit the cleaning.

    ``reason`` is a short code (``duplicate-title``, ``duplicate-caption``,
    ``caption``, ``clutter:<rule>``, ``boilerplate``, ...); ``line`` is the
    1-based input line where the text stood, when known.
    """

    text: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class Article:
    """One clean news article: the contract every later stage extends.

    ``body`` holds the clean text, paragraphs separated by exactly one blank
    line; ``paragraphs`` gives each paragraph's span in ``body``. ``published``
    is an ISO date (``YYYY-MM-DD``) or ``None``; ``published_basis`` says where
    it came from (``metadata``, ``caption``, ``dateline``, ``byline``).
    ``id`` is a stable hash of the title and body, so the same article read
    twice gets the same id. ``actors``, ``times`` and ``places`` are filled by
    the enrichment stage (``dateline.enrich``); offsets in them point into
    ``body`` (or into a caption, for actor mentions whose ``field`` says so).
    """

    id: str
    source: SourceRef
    title: str | None
    published: str | None
    dateline: Dateline
    captions: tuple[str, ...]
    credits: tuple[str, ...]
    author: str | None
    url: str | None
    language: str | None
    body: str
    paragraphs: tuple[Span, ...]
    removed: tuple[Removed, ...] = ()
    published_basis: str | None = None
    site: str | None = None
    actors: tuple[Any, ...] = ()
    times: tuple[Any, ...] = ()
    places: tuple[Any, ...] = ()
    events: tuple[Any, ...] = ()
    quotes: tuple[Any, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data, with the documented field names."""
        data = asdict(replace(self, actors=(), times=(), places=(), events=(), quotes=()))
        data["events"] = [_plain(e) for e in self.events]
        data["quotes"] = [_plain(q) for q in self.quotes]
        data["actors"] = [_plain(a) for a in self.actors]
        data["times"] = [_plain(t) for t in self.times]
        data["places"] = [_plain(p) for p in self.places]
        src = data.pop("source")
        data["source"] = {"file": src["file"], "lines": [src["line_start"], src["line_end"]]}
        data["captions"] = list(self.captions)
        data["credits"] = list(self.credits)
        data["paragraphs"] = [[p.start, p.end] for p in self.paragraphs]
        data["removed"] = [asdict(r) for r in self.removed]
        extra = data.pop("extra")
        ordered = {key: data[key] for key in _FIELD_ORDER if key in data}
        ordered.update(extra)
        return ordered


def _plain(record: Any) -> dict[str, Any]:
    to_dict = getattr(record, "to_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    return asdict(record)


_FIELD_ORDER = (
    "id",
    "source",
    "title",
    "published",
    "published_basis",
    "dateline",
    "captions",
    "credits",
    "author",
    "site",
    "url",
    "language",
    "body",
    "paragraphs",
    "removed",
    "actors",
    "times",
    "places",
    "events",
    "quotes",
)


def content_id(title: str | None, body: str) -> str:
    """Stable content hash of an article: the same title and body give the same id."""
    digest = hashlib.sha256()
    digest.update((title or "").strip().encode("utf-8"))
    digest.update(b"\x00")
    digest.update(body.encode("utf-8"))
    return digest.hexdigest()[:16]


def join_paragraphs(paragraphs: list[str]) -> tuple[str, tuple[Span, ...]]:
    """Join paragraphs with one blank line and return the body and each paragraph's span."""
    spans: list[Span] = []
    parts: list[str] = []
    pos = 0
    for para in paragraphs:
        if parts:
            pos += 2
        spans.append(Span(pos, pos + len(para)))
        parts.append(para)
        pos += len(para)
    return "\n\n".join(parts), tuple(spans)
