"""dateline: raw news text turned into traceable political event data.

The public API is small: ``process`` cleans articles from a string; the record
types describe what comes out; ``open`` opens a store of processed articles for querying.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import DatelineError
from .records import Article, Dateline, Removed, SourceRef, Span

if TYPE_CHECKING:
    from os import PathLike

    from .store import Store

__version__ = "0.1.0"
__all__ = ["Article", "Dateline", "DatelineError", "Removed", "SourceRef", "Span", "__version__", "open", "process"]


def process(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    input_format: str = "dump",
    enrich: bool = True,
    coder: str | None = None,
) -> list[Article]:
    """Turn raw news text into article records.

    ``text`` may hold several articles copied off news pages (``input_format``
    ``"dump"``), one article inside a whole page's text (``"pagetext"``) or one
    article's plain text (``"feed"``). ``published`` (an ISO date) and ``title``
    apply when the text does not state them. With ``enrich`` (the default) the
    articles are annotated and carry ``actors``, ``times`` and ``places``;
    ``enrich=False`` only cleans, which is much faster. ``coder`` names the event
    coder (``dateline.enrich.CODERS``; the default is ``dateline.enrich.DEFAULT_CODER``).
    """
    from .pipeline import process_text

    return process_text(text, published=published, title=title, input_format=input_format, enrich=enrich,
                        coder=coder)


def open(path: str | PathLike[str]) -> Store:  # noqa: A001 - dateline.open, like sqlite3.connect; the builtin is not used here
    """Open (creating if needed) the dateline store at ``path`` and return it (a ``dateline.store.Store``).

    Query it with ``events``/``actors``/``quotes``/``articles`` (lists of dicts) or, for pandas,
    ``events_frame``/``actors_frame``/``quotes_frame`` (DataFrames of every matching row); use it
    as a context manager to close it. Example::

        with dateline.open("news.db") as store:
            frame = store.events_frame(source="IRN", type="ACCUSE")
    """
    from .store import open_store

    return open_store(path)
