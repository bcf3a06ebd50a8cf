"""Quotations and reported speech: what was said, by whom, to whom.

``find_quotes(doc, actors)`` reads one annotated text (a spaCy ``Doc``) and returns its
quotations, each with the content's span, the cue, the speaker (resolved to one of the
article's actors where a mention of it is the speaker) and the addressee where stated.

**Direct quotes** come from the quotation marks, read on the raw text before the parse
(``marks.py``), and from transcript turns, signatures and block quotes (``direct.py``).
**Reported speech** comes from the dependency parse, from the cues listed in ``data/speech_verbs.tsv``
(``cues.py``, ``reported.py``); **content boundaries** follow PolNeAR's conventions (``content.py``).
**Speakers** are the cue's subject, agent or owner, resolved to the article's actors (``speakers.py``);
a direct quote takes the cue it hangs from, or the one next to it (``direct.py``). ``finder.py`` puts
them together; the records are in ``records.py``. Each module's docstring gives its rules.

Provenance: every quote carries ``rule`` (``direct:marks``, ``direct:multi-paragraph``,
``direct:unclosed``, ``direct:single-marks``, ``direct:signature``, ``direct:speaker-label``,
``direct:block``, ``indirect:ccomp``, ``indirect:xcomp``, ``indirect:dobj``,
``indirect:post-posed``, ``indirect:according-to``, ``indirect:noun``,
``indirect:that-clause``, ...) and the speaker rule after a ``+`` (``+speaker:cue-subject``,
``+speaker:cue-parse``, ``+speaker:clause-subject``, ``+speaker:continuation``,
``+speaker:report-before``, ``+speaker:object``, ...).
``find_quotes`` never raises: on a failure it returns nothing for that text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .cues import Cue, Lexicon, lexicon  # noqa: F401 - Lexicon: importable from dateline.quotes as before the split
from .finder import _Finder
from .marks import RawQuote, scan_quotes  # noqa: F401 - RawQuote: likewise
from .records import NO_SPEAKER, Quote, Speaker, quote_id  # noqa: F401 - NO_SPEAKER, quote_id: likewise

__all__ = ["Speaker", "Quote", "Cue", "find_quotes", "scan_quotes", "lexicon"]


def find_quotes(doc, actors: Sequence[Any] = (), field: str = "body") -> list[Quote]:  # type: ignore[no-untyped-def]
    """Quotations and reported speech in an annotated text, in text order.

    ``actors`` are the article's actors (``dateline.actors.resolve_actors``); the speaker and
    addressee are resolved through their mentions in ``field`` (``"body"`` by default).
    Never raises: a text that cannot be read gives ``[]``.
    """
    try:
        if doc is None or not len(doc):
            return []
        return _Finder(doc, actors, field).run()
    except Exception:  # noqa: BLE001 - bad input must never stop the stream
        return []
