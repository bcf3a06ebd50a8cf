"""The cue lexicon: the rows of ``data/speech_verbs.tsv`` (verbs, phrases, nouns, predicative adjectives,
unnamed sources, line labels that are no speakers, documents a statement comes through), read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Cue", "Lexicon", "lexicon"]


@dataclass(frozen=True)
class Cue:
    """One row of ``speech_verbs.tsv``."""

    lemma: str
    pos: str
    kind: str
    content: tuple[str, ...]
    addressee: tuple[str, ...]

    @property
    def particle(self) -> str | None:
        """The particle or preposition of a phrasal verb ("for" in "call for")."""
        parts = self.lemma.split()
        return parts[1] if self.pos == "VERB" and len(parts) == 2 else None


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Cue, ...]]  # verb lemma → cues (phrasal ones first)
    phrases: tuple[Cue, ...]
    nouns: dict[str, Cue]
    sources: dict[str, str]  # head noun of an unnamed source → its sort
    not_labels: frozenset[str] = frozenset()  # "Update:", "Correction:": a line label that is no speaker
    adjectives: dict[str, tuple[Cue, ...]] = field(default_factory=dict)  # "critical (of)", "determined (to)"
    documents: frozenset[str] = frozenset()  # "said in a statement": what a statement comes through


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cues of ``data/speech_verbs.tsv``, read once."""
    from ..knowledge import data_rows

    verbs: dict[str, list[Cue]] = {}
    phrases: list[Cue] = []
    nouns: dict[str, Cue] = {}
    sources: dict[str, str] = {}
    not_labels: set[str] = set()
    adjectives: dict[str, list[Cue]] = {}
    documents: set[str] = set()
    for row in data_rows("speech_verbs.tsv"):
        lemma = " ".join(row["lemma"].lower().split())
        pos = row.get("pos", "VERB").upper()
        cue = Cue(lemma, pos, row.get("kind", "say"),
                  tuple(p for p in row.get("content", "").split("|") if p),
                  tuple(p for p in row.get("addressee", "").split("|") if p))
        if pos == "VERB":
            verbs.setdefault(lemma.split()[0], []).append(cue)
        elif pos == "PHRASE":
            phrases.append(cue)
        elif pos == "NOUN":
            nouns.setdefault(lemma, cue)
        elif pos == "SOURCE":
            sources.setdefault(lemma, cue.kind)
        elif pos == "NOLABEL":
            not_labels.add(lemma)
        elif pos == "DOCUMENT":
            documents.add(lemma)
        elif pos == "ADJ":
            adjectives.setdefault(lemma, []).append(cue)
    ordered = {k: tuple(sorted(v, key=lambda c: c.particle is None)) for k, v in verbs.items()}
    return Lexicon(ordered, tuple(phrases), nouns, sources, frozenset(not_labels),
                   {k: tuple(v) for k, v in adjectives.items()}, frozenset(documents))
