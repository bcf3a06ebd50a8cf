"""The records of the quotes stage: ``Quote`` (what was said, with its cue, speaker, addressee and rule) and
``Speaker`` (who said it), with the stable quote id."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

__all__ = ["Speaker", "Quote", "NO_SPEAKER", "quote_id"]


@dataclass(frozen=True)
class Speaker:
    """Who said it: the canonical actor's id and name where resolved, the speaker phrase's span in the text.

    ``anonymous`` marks an unnamed source ("a ministerial source", "officials");
    ``organization`` and ``country`` are then what the phrase itself names.
    """

    actor: str | None
    name: str | None
    country: str | None
    start: int | None
    end: int | None
    anonymous: bool = False
    organization: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "name": self.name, "country": self.country, "start": self.start,
                "end": self.end, "anonymous": self.anonymous, "organization": self.organization}


NO_SPEAKER = Speaker(None, None, None, None, None)


@dataclass(frozen=True)
class Quote:
    """A quotation or a piece of reported speech.

    ``text``/``start``/``end``: the quoted content (without its quotation marks) in the text;
    ``cue``: the reporting verb, "according to", the colon of a transcript or the dash of a
    signature, with its span; ``addressee``: ``{"actor", "name", "start", "end"}`` where the
    hearer is stated; ``rule``: how it was found; ``events``: ids of events coded from it.
    """

    id: str
    kind: str
    text: str
    start: int
    end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: Speaker
    addressee: dict[str, Any] | None
    rule: str
    events: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "cue": self.cue,
            "speaker": self.speaker.to_dict(),
            "addressee": dict(self.addressee) if self.addressee else None,
            "events": list(self.events),
            "rule": self.rule,
        }


def quote_id(text: str, start: int, end: int) -> str:
    """A stable id: a hash of the quoted span (its offsets and text)."""
    return "q-" + hashlib.sha1(f"{start}:{end}:{text}".encode("utf-8")).hexdigest()[:12]
