"""What every reading of the parse shares: the cue found in it (``_Found``), and ``_Parse``, the state
of one annotated text (its tokens, the article's actor mentions, which tokens lie inside a direct quote)
with the token helpers.

The readers build on ``_Parse`` in one direction: ``speakers.py`` (speaker and addressee phrases, and the
actors they name), ``content.py`` (where a reported content starts and ends), ``reported.py`` (cues of
reported speech, on both), ``direct.py`` (who speaks a direct quote, on ``speakers.py``) and
``finder.py``, which puts them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .cues import Cue, lexicon

_MARK_CHARS = "\"“”„«»‘’'`"
_VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}


@dataclass
class _Found:
    """A cue read from the parse, before it becomes quotes."""

    cue_tokens: list[Any]
    entry: Cue | None
    content: tuple[int, int] | None  # token range [i, j)
    speaker: tuple[int, int] | None  # token range of the speaker phrase
    speaker_head: Any
    addressee: tuple[int, int] | None
    addressee_head: Any
    rule: str
    speaker_rule: str = "speaker:cue-subject"
    gap: tuple[int, int] | None = None  # the cue's own clause inside the content ("X, he said, Y"): not content

    @property
    def cue_i(self) -> int:
        return self.cue_tokens[0].i


class _Parse:
    """One annotated text as the readers see it: ``doc``, ``text``, ``tokens``, the cue ``lex``icon, the
    ``mentions`` of the article's actors in the field read, and ``quote_of`` (token → index of the direct
    quote it is inside, ``-1`` outside; ``finder.py`` fills it)."""

    def __init__(self, doc, actors: Sequence[Any], field_name: str) -> None:  # type: ignore[no-untyped-def]
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon()
        self.tokens = list(doc)
        self.mentions: list[tuple[int, int, Any, Any]] = []
        for actor in actors:
            for m in getattr(actor, "mentions", ()):
                if getattr(m, "field", "body") == field_name:
                    self.mentions.append((m.start, m.end, actor, m))
        self.mentions.sort(key=lambda x: (x[0], x[1]))
        self.quote_of: list[int] = [-1] * len(self.tokens)  # token → index of the direct quote it is inside

    # -- token helpers
    def _tok_range(self, start: int, end: int) -> tuple[int, int]:
        """Tokens whose characters lie within ``[start, end)``."""
        i = self._first_token_at(start)
        j = i
        while j < len(self.tokens) and self.tokens[j].idx < end:
            j += 1
        return i, j

    def _first_token_at(self, char: int) -> int:
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            t = self.tokens[mid]
            if t.idx + len(t.text) <= char:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _chars(self, i: int, j: int) -> tuple[int, int]:
        return self.tokens[i].idx, self.tokens[j - 1].idx + len(self.tokens[j - 1].text)

    def _verb_cues(self, t) -> tuple[Cue, ...]:  # type: ignore[no-untyped-def]
        """The lexicon's cues of a verb token: by its lemma, or, where the lemmatizer cut an inflected form
        wrongly ("hoped" → "hop", "lambasting" → "lambast"), by the base form its ending gives."""
        verbs = self.lex.verbs
        entries = verbs.get(t.lemma_.lower())
        if entries:
            return entries
        for base in _base_forms(t.lower_, t.tag_):
            if base in verbs:
                return verbs[base]
        return ()

    # -- the cue's words
    def _cue_words(self, f: _Found) -> tuple[str, tuple[int, int], bool]:
        """The cue's text and span, with its negation when it has one ("has never officially acknowledged":
        what follows was not said)."""
        tokens = list(f.cue_tokens)
        verb = tokens[0]
        negation = [c for c in verb.children if c.dep_ == "neg" and c.i < verb.i]
        start = min(t.idx for t in tokens + negation)
        last = max(tokens, key=lambda t: t.i)
        end = last.idx + len(last.text)
        if negation:
            return self.text[start:end], (start, end), True
        if len(tokens) == 1:
            return verb.text, (start, end), False
        return " ".join(t.text for t in sorted(tokens, key=lambda t: t.i)), (start, end), False


def _base_forms(word: str, tag: str) -> list[str]:
    """Base forms an inflected verb may have, by its ending ("hoped": "hope", "hop"; "lambasting": "lambaste")."""
    forms: list[str | None] = []
    if tag in ("VBD", "VBN") and word.endswith("ed"):
        forms = [word[:-1], word[:-2], word[:-3] if len(word) > 4 and word[-3] == word[-4] else None,
                 word[:-3] + "y" if word.endswith("ied") else None]
    elif tag == "VBG" and word.endswith("ing"):
        forms = [word[:-3] + "e", word[:-3], word[:-4] if len(word) > 5 and word[-4] == word[-5] else None,
                 word[:-4] + "ie" if word.endswith("ying") else None]
    elif tag == "VBZ" and word.endswith("s"):
        forms = [word[:-1], word[:-2] if word.endswith("es") else None,
                 word[:-3] + "y" if word.endswith("ies") else None]
    return [f for f in forms if f]


def _prep_object(p, verb) -> Any:  # type: ignore[no-untyped-def]
    if p is None:
        return None
    obj = next((c for c in p.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        # "called for compensation to be clawed back": the object is the subject of a clause after the preposition
        obj = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > p.i), None)
    if obj is None and p.dep_ == "prt":
        # a particle: the object hangs from the verb ("called for talks" parsed with "for" as a particle)
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "pobj") and c.i > p.i), None)
    return obj


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
