"""What readers hand to the cleaner: raw article text with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMATS = ("auto", "dump", "html", "jsonl", "csv", "pagetext")
"""Input formats a user can name with ``--input-format``."""


@dataclass
class RawText:
    """A piece of input text holding one or more articles, before cleaning.

    ``kind`` tells the cleaner how to treat it: ``dump`` (copied page text,
    possibly several articles), ``pagetext`` (one article inside a whole page's
    text), ``html`` (main text already extracted from HTML) or ``feed`` (a text
    field of a JSON/CSV record). ``first_line`` is the input line ``text``
    starts at, so line numbers can be reported. ``meta`` carries what the input
    said about the article (``title``, ``published``, ``url``, ``author``,
    ``site``, ``id``, ``language``).
    """

    file: str
    kind: str
    text: str
    first_line: int = 1
    last_line: int = 1
    meta: dict[str, Any] = field(default_factory=dict)
