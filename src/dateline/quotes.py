"""Quotations and reported speech: what was said, by whom, to whom.

``find_quotes(doc, actors)`` reads one annotated text (a spaCy ``Doc``) and returns its
quotations, each with the content's span, the cue, the speaker (resolved to one of the
article's actors where a mention of it is the speaker) and the addressee where stated.

**Direct quotes** come from the quotation marks, read on the raw text before the parse:

* straight and typographic double marks (``"``, “ ”, „, « », and the ``''`` / ````` pairs of
  older wire copy) and single marks (‘ ’ and ``'``) at top level, where an apostrophe cannot
  be meant ("Sudani’s", "Hamas’ operation", "don't" never open or close a quote);
* a mark opens or closes by what stands beside it (space before and a letter after opens;
  a letter or punctuation before and space or punctuation after closes); a straight mark
  that could be either takes the role the pairing needs; an opening mark inside an open
  quotation opens a quote within it (“... what he calls “hell” ...”);
* an opening mark with no closing one on its line continues into the next paragraph when
  that paragraph reopens with a mark (the news convention for long quotes), or when its
  first mark is a closing one (a line wrapped inside a quote); otherwise it ends with its line;
* a quotation needs three words or more: one- or two-word scare quotes (“special role”) are
  not quotations, nor is a quoted title in Title Case inside a sentence (“Fox News Sunday”).
  A short quoted utterance with its cue ("“I would,” Melanie said.") is no quotation either,
  but tells who speaks in the quote that follows it;
* transcript turns "WALLACE: ..." and labels "Pence: ..." (a person's name, or on the first
  line a proper name, then a colon, opening a line; ``NOLABEL`` rows of the data file such as
  "Update:" are no speakers), signatures "“...” ― Name", and the paragraph after "X added:"
  (an unmarked block quote) attribute what they introduce;
* stray, unbalanced or odd numbers of marks never raise: an unmatched closing mark is ignored.

**Reported speech** comes from the dependency parse. Cues are listed in
``data/speech_verbs.tsv`` (lemma, speech-act kind, where the content is, where the
addressee is): "X said (that) ...", "X told state TV that ...", "X stressed to Y that ...",
"X vowed to ...", "X accused Y of ...", "X called for ...", "X described Y as Z",
"according to X, ...", "his claim that ..." (a noun of belief or intention needs an owner: "her
plan to ...", not "a plan to ..."), "..., a source told The Associated Press." and "X, he said, Y"
(post-posed and parenthetical cues: the content is the rest of the sentence), "..., said Salam",
"as X pointed out, ...", a passive with or without its agent ("was called a charlatan by fellow
physicians"), and any verb outside the list whose own subject takes a "that"-clause
("Ham made it clear that ...", "Protesters were frustrated that ..."). A second report with no
subject of its own at the right edge of a content ("said X, adding that Y", "said X and
suggested Y") ends that content and stands alone. Cues inside a direct quote are not read (a
quote within a quote is the quoted speaker's, not the article's). A content that lies wholly
inside direct quotes is given once, as the direct quote; a stance with a noun or infinitive
content inside another report's content ("praised Iraq for its stance in supporting the
people of Gaza") is not given as a quote of its own, while reported speech with a clause
inside it is ("Sudani's office said the PM stressed to Khamenei that ...": both). "According
to X" over a report is an attribution of its own whose content is the report ("According to Yahoo
News, a spokesman said that ...": Yahoo News reports what the spokesman said). A negated cue keeps
its negation ("has never acknowledged": what follows was not said) and its rule ends with
``+negated``.

**Content boundaries** follow PolNeAR's conventions: the cue is never part of its content, so a
parenthetical cue splits it in two pieces with the same cue ("Too often, Mr. Clarke said, the debate
...") and a passive cue stands between its subject and its complement ("The plan was described | as a
giveaway", "North Korea | is not thought | to be capable ...", with no speaker when no agent is
stated); a word linking the sentence to the one before ("And", "But", "However,"), a conjunction
left dangling at the end, and a closing aside (a non-restrictive relative clause ", which the Supreme
Court has put on hold", a participle ", forcing them to ...", a concession ", although it may take
days ...": the writer's gloss) are left out; the hearer of a request is in it ("urged North Korea to
resume talks"); an object content keeps the cue's complement after it ("endorsed Clinton for
president", "offered loans to parents"); an infinitive the parse coordinated with the cue stays in
("wants to revitalize sales, then hand over the property"); with a clause on each side of the cue,
the one after it is what was said ("...: Republicans said the department mishandled the case"); a
semicolon after the cue ends its content; a post-posed cue needs a clause before it ("Through a
spokesman, he declined to comment" has no content "Through a spokesman"); a report set against the
one it follows ("..., though she noted that ...") is an attribution of its own.

**Speakers**: the cue's subject (through participles "..., saying", "..., adding" and
relative clauses "Salam, who said"), the subject after a post-posed cue ("..., said Salam"),
the object of "according to", the agent of a passive, the possessor of a noun cue; for a
direct quote, the outermost cue the quote hangs from in the parse (before or after it: in
"Lebanese officials requested ... “...,” Salam said" the marks are Salam's), else a cue next
to its marks (or the words between the closing mark and the cue when the parse lost them),
else the cue ending the paragraph before with a colon, else the subject of the clause the
quote sits in ("He lashed out at ... that “...”"), else the speaker of the quote just before
when nothing but that quote's attribution stands between them (a quote continued in a new
sentence or paragraph), else the report of the sentence just before it in the same paragraph
("..., Schiff said. “The other factor ...”": its cue and speaker, one attribution in two pieces).
A gerund after a preposition speaks for the subject of the verb the preposition hangs from
("responded by saying ...", "was fined for refusing ...": the passive's subject) or for the noun's
possessor ("his campaign theme of questioning ..."); an infinitive after an adjective for the
subject of its copula ("was able to tout ..."); a participle on a thing ("issued a statement calling
...") for the subject of the verb that governs it; "left many nations feeling that ..." for the
object; a capitalized dateline parsed as the subject ("WASHINGTON -- President Obama ... said") for
its apposition. A subject found inside quotation marks is never the speaker of a cue
outside them. The speaker span is mapped to the actor one of whose mentions covers the span's
head ("He", "the PM"), else to a person named in it ("Sudani's office" → Sudani), else to the
nearest person before a pronoun the resolver left open. Unnamed sources ("a ministerial
source", "officials", "a senior State Department official": ``SOURCE`` rows of the data file)
are kept as stated with ``anonymous=True`` and the organization and country the phrase names;
nothing is guessed.

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

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = ["Speaker", "Quote", "Cue", "find_quotes", "scan_quotes", "lexicon"]


# ---------------------------------------------------------------------------
# records


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


# ---------------------------------------------------------------------------
# the cue lexicon (data/speech_verbs.tsv)


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


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cues of ``data/speech_verbs.tsv``, read once."""
    from .knowledge import data_rows

    verbs: dict[str, list[Cue]] = {}
    phrases: list[Cue] = []
    nouns: dict[str, Cue] = {}
    sources: dict[str, str] = {}
    not_labels: set[str] = set()
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
    ordered = {k: tuple(sorted(v, key=lambda c: c.particle is None)) for k, v in verbs.items()}
    return Lexicon(ordered, tuple(phrases), nouns, sources, frozenset(not_labels))


# ---------------------------------------------------------------------------
# quotation marks on the raw text

_DOUBLE_MARK = re.compile(r"''|``|[\"“”„«»]")
_SINGLE_MARK = re.compile(r"[‘’']")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_OPENERS = "“„«"
_CLOSERS = "”»"
_BEFORE_OPEN = set("([{—–-/:…") | {"\u00a0"}
_AFTER_CLOSE = set(",.;:!?)]}—–-…") | {"\u00a0"}
_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "de", "la"}


@dataclass
class _Segment:
    """One line's piece of a quotation: marks and content offsets."""

    open: int
    start: int
    end: int
    close: int
    line: int
    closed: bool = False


@dataclass
class RawQuote:
    """A quotation found from its marks: content ``[start, end)``, marks ``[open, close)``."""

    open: int
    start: int
    end: int
    close: int
    rule: str
    segments: list[tuple[int, int]] = field(default_factory=list)


def _role(text: str, i: int, j: int, mark: str) -> str:
    before = text[i - 1] if i > 0 else "\n"
    after = text[j] if j < len(text) else "\n"
    left_open = before.isspace() or before in _BEFORE_OPEN or before in _OPENERS
    right_close = after.isspace() or after in _AFTER_CLOSE or after in _CLOSERS or after in "’'"
    if mark in _OPENERS or mark == "``":
        return "close" if (right_close and not left_open) else "open"
    if mark in _CLOSERS:
        return "open" if (left_open and not right_close) else "close"
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    return "ambig"


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _line_of(lines: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_title(text: str, content: str, open_pos: int) -> bool:
    """A quoted title inside a sentence (“Fox News Sunday”, “The Art of the Deal”), not a quotation."""
    words = _WORD.findall(content)
    tail = content.rstrip()[-1:]
    if not words or tail in "!?;:…" or (tail in ".," and len(words) > 5):
        return False  # American style keeps a title's full stop inside the marks ("on “Fox News Sunday.”")
    before = text[max(0, open_pos - 3) : open_pos].strip()
    if not before or before[-1:] in ":\n":
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(significant) and all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def scan_quotes(text: str, min_words: int = 3) -> list[RawQuote]:
    """Quotations of ``min_words`` words or more (three: shorter ones are scare quotes) found from their
    marks, in text order. Never raises."""
    lines = _lines(text)
    if not lines:
        return []
    events = []
    for m in _DOUBLE_MARK.finditer(text):
        events.append((m.start(), m.end(), _role(text, m.start(), m.end(), m.group())))
    segments: list[list[_Segment]] = []  # each quotation: its per-line segments
    current: list[_Segment] | None = None
    depth = 0
    k = 0
    while k < len(events):
        i, j, role = events[k]
        line = _line_of(lines, i)
        if current is not None and line != current[-1].line:
            # the quotation was left open at the end of its line
            seg = current[-1]
            seg.end = lines[seg.line][1]
            line_start = lines[line][0]
            first_on_line = i == line_start + (len(text[line_start:i]) - len(text[line_start:i].lstrip()))
            depth = 0
            if role in ("open", "ambig") and first_on_line:
                # a new paragraph reopens the quotation: it continues
                current.append(_Segment(i, j, j, j, line))
                k += 1
                continue
            if role in ("close", "ambig") and line == seg.line + 1:
                # a line wrapped inside the quotation: it continues to this closing mark
                for inner in range(seg.line + 1, line + 1):
                    current.append(_Segment(lines[inner][0], lines[inner][0], lines[inner][1], lines[inner][1], inner))
                last = current[-1]
                last.end, last.close, last.closed = i, j, True
                segments.append(current)
                current = None
                k += 1
                continue
            segments.append(current)
            current = None
        if current is None:
            if role in ("open", "ambig"):
                current = [_Segment(i, j, j, j, line)]
                depth = 0
        else:
            if role == "open":
                depth += 1  # a quote inside the quote (“... what he calls “hell” ...”)
            elif depth > 0:
                depth -= 1
            else:
                seg = current[-1]
                seg.end, seg.close, seg.closed = i, j, True
                segments.append(current)
                current = None
        k += 1
    if current is not None:
        current[-1].end = lines[current[-1].line][1]
        segments.append(current)

    quotes: list[RawQuote] = []
    for segs in segments:
        for seg in segs:
            if not seg.closed:
                seg.end = _rstrip_pos(text, seg.start, seg.end)
        start, end = segs[0].start, segs[-1].end
        content = text[start:end]
        if end <= start or _words(content) < min_words:
            continue
        if len(segs) == 1 and segs[0].closed and _is_title(text, content, segs[0].open):
            continue
        rule = "direct:marks" if len(segs) == 1 and segs[0].closed else (
            "direct:multi-paragraph" if len(segs) > 1 else "direct:unclosed")
        quotes.append(RawQuote(segs[0].open, start, end, segs[-1].close if segs[-1].closed else end, rule,
                               [(s.start, s.end) for s in segs]))
    quotes.extend(_single_quotes(text, lines, quotes, min_words))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _rstrip_pos(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _single_quotes(text: str, lines: list[tuple[int, int]], doubles: list[RawQuote], min_words: int = 3) -> list[RawQuote]:
    """Top-level ‘single-quoted’ quotations (headlines, British style), outside double quotes."""
    taken = [(q.open, q.close) for q in doubles]
    found: list[RawQuote] = []
    for line_start, line_end in lines:
        marks = [m for m in _SINGLE_MARK.finditer(text, line_start, line_end)
                 if not any(a <= m.start() < b for a, b in taken)]
        opener = None
        for m in marks:
            i, j = m.start(), m.end()
            before = text[i - 1] if i > line_start else " "
            after = text[j] if j < line_end else " "
            opens = (before.isspace() or before in "([{—–:\"“") and (after.isalnum())
            closes = (not before.isspace()) and (after.isspace() or after in _AFTER_CLOSE or after in "\"”" or j == line_end)
            if opener is None:
                if opens and m.group() != "’":
                    opener = m
                elif opens and m.group() == "’" and before.isspace() and not text[j : j + 2].isdigit():
                    opener = m  # a typographic closer used as an opener
                continue
            if closes and not (after.isalpha()):
                if before in "sS" and after == " " and text[j + 1 : j + 2].islower() and any(
                        later.start() > j for later in marks):
                    continue  # "the voters’ choice": a plural possessive, the quote closes further on
                start, end = opener.end(), i
                content = text[start:end]
                if _words(content) >= min_words and not _is_title(text, content, opener.start()):
                    found.append(RawQuote(opener.start(), start, end, j, "direct:single-marks", [(start, end)]))
                opener = None
    return found


# ---------------------------------------------------------------------------
# the finder


_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
_SPEAKER_STOP = {"relcl", "acl", "punct", "advcl", "parataxis"}
_RELATIVE = {"who", "that", "which", "whom"}
_WH = {"whether", "how", "why", "what", "who"}
_MARK_CHARS = "\"“”„«»‘’'`"
_OWNED_CLAIM = Cue("(noun with a that-clause)", "NOUN", "claim", ("that",), ())
_CLAUSAL_RULES = {"indirect:ccomp", "indirect:post-posed", "indirect:according-to", "indirect:noun"}
_SIGNATURE = re.compile(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*([A-Z][\w.'’\-]*(?:[ \t\u00a0]+[A-Z][\w.'’\-]*){0,4})[ \t\u00a0.]*(?:\n|$)")
_COMPLEMENT_PREPS = {"to", "for", "as"}
_CONTRAST = {"though", "although", "while", "whereas"}
_DASHES = {"-", "--", "—", "–"}
_LINKING_CC = {"and", "but", "yet", "or", "so"}
_LINKING_ADVERBS = {"however", "meanwhile", "still", "moreover", "instead", "indeed", "nevertheless", "also"}
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


class _Finder:
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
        self.raw = scan_quotes(self.text)
        # short quoted utterances ("“I would,” Melanie said."): not quotations, but they tell who speaks next
        opens = [r.open for r in self.raw]
        self.short = [q for q in scan_quotes(self.text, 1) if _words(self.text[q.start : q.end]) < 3
                      and not _within(self.raw, opens, q.open)]
        self.labels = self._speaker_labels()
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

    # -- transcripts and signatures
    def _speaker_labels(self) -> list[tuple[int, int, int, int, int]]:
        """Lines opening with "NAME:" (a transcript turn), "Person Name:" or, on the first line (a headline),
        a proper name ("Pence: Gennifer Flowers Won't Be at Debate"): (label s,e, content s,e, colon)."""
        found = []
        person_starts = {e.start_char: e for e in self.doc.ents if e.label_ in ("PERSON", "ORG")}
        first_line_end = self.text.find("\n")
        first_line_end = len(self.text) if first_line_end < 0 else first_line_end
        not_labels = self.lex.not_labels
        for m in re.finditer(r"(?m)^[\"“”'‘]?[ \t]*([A-Z][A-Za-z.'’\- ]{1,40}?)[ \t]*:[ \t]+(\S[^\n]*)$", self.text):
            label = m.group(1)
            ls, le = m.start(1), m.end(1)
            words = label.split()
            if not words or len(words) > 4 or label.lower().rstrip(".") in not_labels:
                continue
            upper = all(w.isupper() for w in words if any(c.isalpha() for c in w)) and sum(c.isalpha() for c in label) >= 2
            ent = person_starts.get(ls)
            named = ent is not None and ent.end_char >= le and (ent.label_ == "PERSON" or ls < first_line_end)
            if not named and ls < first_line_end:
                i, j = self._tok_range(ls, le)
                named = j > i and all(t.pos_ == "PROPN" for t in self.tokens[i:j])
            if not (upper or named):
                continue
            cs, ce = m.start(2), _rstrip_pos(self.text, m.start(2), m.end(2))
            inner = self.text[cs:ce]
            if self.text[ce - 1 : ce] in "\"”" and (inner.count("\"") + inner.count("“") + inner.count("”")) % 2 == 1:
                ce -= 1
            if _words(self.text[cs:ce]) < 3:
                continue
            found.append((ls, le, cs, ce, m.end(1)))
        return found

    def _signature(self, raw: RawQuote) -> tuple[int, int, int, int] | None:
        """ “...” ― Name at the end of a line: (dash s,e, name s,e)."""
        m = _SIGNATURE.match(self.text, raw.close)
        if not m:
            return None
        return m.start(1), m.end(1), m.start(2), m.end(2)

    # -- the parse
    def cues(self) -> tuple[list[_Found], dict[int, Any]]:
        """Cues with their content, speaker and addressee; and every lexicon cue token (bare ones too)."""
        found: list[_Found] = []
        bare: dict[int, Any] = {}
        verbs, nouns = self.lex.verbs, self.lex.nouns
        for t in self.tokens:
            if self.quote_of[t.i] >= 0:
                continue
            lower = t.lower_
            if lower == "according" and t.i + 1 < len(self.tokens) and self.tokens[t.i + 1].lower_ == "to":
                hit = self._according(t)
                if hit:
                    found.append(hit)
                continue
            if t.tag_ in _VERB_TAGS and t.pos_ in ("VERB", "AUX") or (t.tag_ in _VERB_TAGS and t.pos_ == "NOUN"):
                entries = verbs.get(t.lemma_.lower())
                if not entries:
                    hit = self._that_clause(t)
                    if hit is not None:
                        found.append(hit)
                    continue
                hit = self._verb(t, entries)
                if hit is not None:
                    found.append(hit)
                bare[t.i] = t
            elif t.pos_ == "NOUN":
                entry = nouns.get(lower) or nouns.get(t.lemma_.lower())
                if entry is None and any(c.dep_ == "poss" for c in t.children):
                    entry = _OWNED_CLAIM  # "Trump's insistence that ...": any noun its owner fills with a clause
                if entry is not None:
                    hit = self._noun(t, entry)
                    if hit is not None:
                        found.append(hit)
        return found, bare

    def _that_clause(self, t) -> _Found | None:  # type: ignore[no-untyped-def]
        """A verb outside the lexicon with a "that"-clause and a subject of its own ("Ham made it clear that ...",
        "Protesters were frustrated that ..."): an attributed stance."""
        clause = next((c for c in t.children if c.dep_ == "ccomp" and c.i > t.i and any(
            x.dep_ == "mark" and x.lower_ == "that" for x in c.lefts)), None)
        if clause is None:
            for c in t.children:
                if c.dep_ == "acomp":
                    clause = next((x for x in c.children if x.dep_ == "ccomp" and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in x.lefts)), None)
                    if clause is not None:
                        break
        if clause is None:
            return None
        speaker, head, rule = self._speaker(t)
        if speaker is None or (head is not None and head.lower_ in ("it", "this", "that", "there")):
            return None
        content = self._trim((clause.left_edge.i, clause.right_edge.i + 1))
        if content is None:
            return None
        return _Found([t], None, content, speaker, head, None, None, "indirect:that-clause", rule)

    def _verb(self, t, entries: tuple[Cue, ...]) -> _Found | None:  # type: ignore[no-untyped-def]
        children = list(t.children)
        for entry in entries:
            particle = entry.particle
            cue_tokens = [t]
            part_tok = None
            if particle:
                part_tok = next((c for c in children if c.dep_ in ("prt", "prep") and c.lower_ == particle), None)
                if part_tok is None:
                    continue
                cue_tokens.append(part_tok)
            content, rule = self._content(t, entry, children, part_tok)
            speaker, head, srule = self._speaker(t)
            if content is None:
                content = self._postposed(t, speaker)
                rule = "indirect:post-posed"
            if content is not None and speaker is not None and _overlap(content, speaker) and not (
                    content[0] <= t.i < content[1]):
                content = _cut(content, speaker)
            if content is None:
                continue  # another reading of the verb may fit ("call for" failing, "call X Y")
            if content[0] > t.i:
                # "said the timing was not intentional; they only learned of it on Friday": a semicolon ends
                # what the cue reports
                semi = next((k for k in range(content[0], content[1]) if self.tokens[k].text == ";"
                             and self.quote_of[k] < 0), None)
                if semi is not None:
                    content = self._trim((content[0], semi)) or content
            addressee, ahead = self._addressee(t, entry, children, content)
            if rule == "indirect:xcomp" and addressee is not None and self._adjacent(addressee[1], content[0]):
                # "urged North Korea to resume talks": the hearer of a request is the subject of its infinitive
                content = (addressee[0], content[1])
            gap = None
            if rule == "indirect:post-posed" and content[0] < t.i < content[1]:
                gap = (max(content[0], t.left_edge.i), min(content[1], t.right_edge.i + 1))
            elif content[0] < t.i < content[1]:
                gap = self._verb_group(t)  # "Oz has been called a charlatan": the cue is no part of the content
            return _Found(cue_tokens, entry, content, speaker, head, addressee, ahead, rule, srule, gap)
        return None

    def _verb_group(self, t) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        """The cue with the auxiliaries, negation and adverbs right before it ("has not been called")."""
        start = t.i
        for c in sorted((c for c in t.lefts if c.dep_ in ("aux", "auxpass", "neg", "advmod")), key=lambda c: -c.i):
            if c.right_edge.i + 1 != start and not all(
                    self.tokens[k].is_punct or self.tokens[k].is_space for k in range(c.right_edge.i + 1, start)):
                break
            start = c.left_edge.i
        return start, t.i + 1

    def _adjacent(self, end: int, start: int) -> bool:
        """Whether only punctuation and spaces stand between token ``end`` and token ``start``."""
        return end <= start and all(self.tokens[k].is_punct or self.tokens[k].is_space for k in range(end, start))

    def _content(self, t, entry: Cue, children, part_tok) -> tuple[tuple[int, int] | None, str]:  # type: ignore[no-untyped-def]
        # a passive cue with its agent ("was called a charlatan by fellow physicians"): the subject is the object
        subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
        passive = subject if subject is not None and any(x.dep_ == "agent" for x in children) else None
        for slot in entry.content:
            span = None
            if slot == "ccomp":
                clauses = [c for c in children if c.dep_ == "ccomp" and c.i != t.i]
                # "The revelation set off fireworks: Republicans said they are convinced ...": with a clause on
                # each side, the one after the cue is what was said
                c = next((c for c in clauses if c.i > t.i), None) if len(clauses) > 1 else next(iter(clauses), None)
                if c is None:
                    c = self._misattached_clause(t, children)
                if c is not None:
                    span = self._clause(c, t)
            elif slot == "xcomp":
                c = next((c for c in children if c.dep_ == "xcomp" and c.i > t.i
                          and (c.tag_ == "VBG" or any(a.lower_ == "to" for a in c.lefts))), None)
                if c is not None:
                    span = self._clause(c, t)
                if span is not None and subject is not None and subject.i < t.i and passive is None:
                    span = (subject.left_edge.i, span[1])  # "North Korea is not thought to be capable of ..."
                if span is not None and c.tag_ == "VB" and t.tag_ != "VB":
                    # "agreed to share a currency and rely on one another": a bare infinitive the parse
                    # coordinated with the finite cue is the second half of the content
                    more = next((x for x in children if x.dep_ == "conj" and x.i > c.i and x.tag_ == "VB"
                                 and not any(y.dep_ in ("nsubj", "nsubjpass", "aux") for y in x.children)), None)
                    if more is not None:
                        span = (span[0], max(span[1], more.right_edge.i + 1))
            elif slot == "dobj":
                c = next((c for c in children if c.dep_ == "dobj"), None)
                if c is None and passive is not None:
                    c = passive  # "the issue was first reported by The Washington Post"
                if c is not None and not (c.pos_ == "PRON" and c.left_edge.i == c.right_edge.i):
                    span = (c.left_edge.i, self._complement_end(t, c.right_edge.i + 1, children))
            elif slot.startswith("prep:"):
                word = slot[5:]
                p = part_tok if part_tok is not None and part_tok.lower_ == word else next(
                    (c for c in children if c.dep_ in ("prep", "prt", "agent") and c.lower_ == word), None)
                obj = _prep_object(p, t) if p is not None else None
                if obj is not None:
                    end = obj.right_edge.i + 1
                    # "called for female contestants to wear shorter dresses": the clause after the object
                    more = next((c for c in children if c.dep_ in ("xcomp", "ccomp") and c.left_edge.i == end), None)
                    if more is not None:
                        end = more.right_edge.i + 1
                    span = (obj.left_edge.i, end)
            elif slot.startswith("dobj+"):
                rest = slot[5:]
                d = next((c for c in children if c.dep_ == "dobj"), None)
                if d is None:
                    # "Oz has been called a charlatan (by fellow physicians)", "it is considered a threat":
                    # the passive's subject is the object, with or without an agent
                    d = subject
                if d is None:
                    continue
                if rest == "oprd":
                    o = next((c for c in children if c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > d.i), None)
                    if o is not None:
                        span = (d.left_edge.i, o.right_edge.i + 1)
                elif rest.startswith("prep:"):
                    word = rest[5:]
                    heads = {t.i, d.i} | {c.i for c in d.conjuncts}
                    p = next((c for c in list(children) + [x for x in d.subtree if x.head.i in heads]
                              if c.dep_ in ("prep", "prt") and c.lower_ == word and c.head.i in heads), None)
                    obj = _prep_object(p, t) if p is not None else None
                    if obj is not None:
                        span = (d.left_edge.i, max(obj.right_edge.i, d.right_edge.i) + 1)
            if span is not None:
                span = self._trim(span)
                if span is not None:
                    return span, f"indirect:{slot}"
        return None, ""

    def _complement_end(self, t, end: int, children) -> int:  # type: ignore[no-untyped-def]
        """The end of an object content with the cue's complements that follow it ("offered loans to
        parents", "endorsed Clinton for president", "described the showdown as ominous")."""
        for c in sorted(children, key=lambda c: c.i):
            if c.i < end:
                continue
            if c.left_edge.i != end or c.dep_ not in ("prep", "dative") or c.lower_ not in _COMPLEMENT_PREPS:
                break
            end = c.right_edge.i + 1
        return end

    def _misattached_clause(self, t, children) -> Any:  # type: ignore[no-untyped-def]
        """A "that"-clause the parser hung on the cue's object ("told a meeting of leaders that few people
        understood ..."): a relative clause whose "that" is a complementizer (``mark``), not a pronoun;
        or a wh-clause hung on the cue as an adverbial ("have not said when they would")."""
        for c in children:
            if c.dep_ == "advcl" and c.i > t.i and any(x.lower_ in _WH and x.i == c.left_edge.i for x in c.subtree):
                return c
            if c.dep_ != "dobj":
                continue
            for x in c.subtree:
                if x.dep_ in ("relcl", "acl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in x.lefts):
                    return x
        return None

    def _clause(self, c, cue) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
        start, end = c.left_edge.i, c.right_edge.i + 1
        if start <= cue.i < end:
            # a non-projective parse wrapped the cue: keep the side of the clause's head
            start, end = (cue.i + 1, end) if c.i > cue.i else (start, cue.i)
        if start == cue.i + 1:
            # "said on Monday Iraq can ...": the date belongs to the saying, not to what was said
            toks = self.tokens
            k = start
            if toks[k].dep_ == "prep" and toks[k].lower_ in ("on", "in", "at", "during", "last", "this"):
                k += 1
            j = k
            while j < end and toks[j].ent_type_ in ("DATE", "TIME"):
                j += 1
            if j > k and j < end and toks[j].dep_ != "punct" and any(
                    x.dep_ in ("nsubj", "nsubjpass") for x in toks[j : min(end, j + 8)]):
                start = j
        return (start, end) if end > start else None

    def _linking_word(self, i: int, j: int) -> bool:
        """A word opening its sentence that links it to the one before ("And", "But", "However,"): the
        writer's, not part of what was said."""
        toks = self.tokens
        t = toks[i]
        if i + 1 >= j or not (t.is_sent_start or i > 0 and (toks[i - 1].is_space or toks[i - 1].text in _MARK_CHARS
                                                            or toks[i - 1].text == "(")):
            return False
        if t.dep_ == "cc" and t.lower_ in _LINKING_CC:
            return True
        return t.lower_ in _LINKING_ADVERBS and toks[i + 1].text == ","

    def _trim(self, span: tuple[int, int]) -> tuple[int, int] | None:
        i, j = span
        toks = self.tokens
        while i < j and (toks[i].is_punct and toks[i].text not in _MARK_CHARS or toks[i].is_space
                         or (toks[i].lower_ in ("that",) and toks[i].dep_ == "mark") or self._linking_word(i, j)):
            i += 1
        while j > i and (toks[j - 1].is_punct and toks[j - 1].text not in _MARK_CHARS or toks[j - 1].is_space
                         or toks[j - 1].dep_ == "cc" and j - 1 > i):
            j -= 1  # a conjunction left dangling at the end ("... above his training and") joins nothing of it
        # a lone mark at an edge whose partner is outside the span
        if i < j and toks[i].text in _MARK_CHARS and not any(toks[k].text in _MARK_CHARS for k in range(i + 1, j)):
            i += 1
        if i < j and toks[j - 1].text in _MARK_CHARS and not any(toks[k].text in _MARK_CHARS for k in range(i, j - 1)):
            j -= 1
        while j > i and (toks[j - 1].is_punct and toks[j - 1].text not in _MARK_CHARS or toks[j - 1].is_space):
            j -= 1
        if j <= i or not any(toks[k].is_alpha or toks[k].like_num for k in range(i, j)):
            return None
        return i, j

    def _postposed(self, t, speaker: tuple[int, int] | None) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
        """ "..., a source told The Associated Press." / "..., said Salam." / "X, he said, Y": the rest of the sentence.

        The cue clause (cue, speaker, addressee, adverbials) must stand after a comma and run to the end of
        the sentence (or, for a parenthetical "X, he said, Y", be closed by a comma), and the words before the
        comma must not be a dependent of the cue other than its content ("While X, officials cautioned ..."
        is no post-posed cue).
        """
        if speaker is None:
            return None
        sent = t.sent
        toks = self.tokens
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.lefts) and t.head.i != t.i:
            return self._host_clause(t)  # "Hawaii, as one adviser pointed out, does not get ..."
        clause_start = min(speaker[0], t.i)
        for c in t.lefts:
            if c.dep_ in ("aux", "auxpass", "neg", "advmod") and clause_start - 3 <= c.i < clause_start:
                clause_start = c.i
        clause_end = max(speaker[1], t.i + 1)
        subtree = {x.i for x in t.subtree}
        k = clause_end
        while k < sent.end and (k in subtree or toks[k].is_punct or toks[k].is_space):
            if toks[k].text == "," and t.dep_ == "parataxis":
                break
            if k in subtree and toks[k].dep_ in ("ccomp", "xcomp", "dobj") and toks[k].head.i == t.i and k > t.i:
                if toks[k].dep_ != "dobj" or toks[k].pos_ not in ("PROPN",):
                    return None  # the cue has its own content after it
            k += 1
        medial = k < sent.end
        if medial and t.dep_ != "parataxis":
            return None
        b = clause_start - 1
        while b >= sent.start and (toks[b].is_space or toks[b].text in _MARK_CHARS):
            b -= 1
        if b < sent.start or toks[b].text not in (",", "—", "–", "--"):
            return None
        left = range(sent.start, b)
        if not left:
            return None
        ancestors = {a.i for a in t.ancestors}
        for x in (toks[i] for i in left):
            if sent.start <= x.head.i < b and x.head.i != x.i:
                continue
            if x.is_punct or x.is_space or x.text in _MARK_CHARS:
                continue
            # the first root of the words before the comma must govern the cue or be its content
            # ("While X, officials cautioned ..." is no post-posed cue: "While X" hangs from the cue)
            if x.i in ancestors or (x.head.i in ancestors and x.head.i != t.i):
                break
            if x.head.i == t.i and x.dep_ in ("ccomp", "parataxis", "dep", "conj"):
                break
            return None
        if medial:
            return self._host_clause(t)
        if not any(toks[k].pos_ in ("VERB", "AUX") for k in range(sent.start, b)):
            return None  # "Through a spokesman, he declined to comment": an adjunct, not what was said
        return self._trim((sent.start, b))

    def _host_clause(self, t) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
        """The clause a parenthetical cue hangs from, without the cue's own clause: the words after it when
        the cue opens the clause, before it when it closes it, all of it (cue included) when it sits inside."""
        head = t.head
        start, end = max(head.left_edge.i, t.sent.start), min(head.right_edge.i + 1, t.sent.end)
        cs, ce = t.left_edge.i, t.right_edge.i + 1
        toks = self.tokens
        before = [k for k in range(start, cs) if not (toks[k].is_punct or toks[k].is_space)]
        after = [k for k in range(ce, end) if not (toks[k].is_punct or toks[k].is_space)]
        if not before:
            return self._trim((ce, end))
        if not after:
            return self._trim((start, cs))
        return self._trim((start, end))

    def _speaker(self, t, depth: int = 0, raised: bool = False) -> tuple[tuple[int, int] | None, Any, str]:  # type: ignore[no-untyped-def]
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is None and raised:
            # "G8 ministers are believed to have agreed ...": the passive's subject is the agreeing one
            subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and self.quote_of[subj.i] >= 0 and self.quote_of[t.i] < 0:
            subj = None  # the parser took words of a quotation for the cue's subject
        if subj is not None and subj.is_upper and subj.i + 1 < len(self.tokens) \
                and self.tokens[subj.i + 1].text in _DASHES:
            # a dateline taken for the subject ("WASHINGTON -- President Obama ... said"): its apposition speaks
            subj = next((c for c in subj.rights if c.dep_ == "appos"), subj)
        if subj is None:
            inverted = self._inverted_subject(t)
            if inverted is not None:
                return self._phrase(inverted, t), inverted, "speaker:inverted"
        if subj is None and any(c.dep_ == "auxpass" for c in t.children):
            agent = next((c for c in t.children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None:
                return self._phrase(obj, t), obj, "speaker:agent"
            return None, None, "speaker:none"
        if subj is not None:
            if subj.lower_ in _RELATIVE and t.dep_ == "relcl":
                return self._phrase(t.head, t), t.head, "speaker:relative"
            return self._phrase(subj, t), subj, "speaker:cue-subject"
        if depth < 3 and t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.dep_ == "prep" \
                and t.head.head.i != t.head.i:
            # "responded by saying ...", "decided against recommending ...": the subject of the verb the
            # preposition hangs from; "his campaign theme of questioning trade deals": the noun's possessor
            host = t.head.head
            patient = next((c for c in host.children if c.dep_ == "nsubjpass"), None)
            if patient is not None:  # "He was criticized for refusing to ...": the one criticized refused
                return self._phrase(patient, t), patient, "speaker:shared-subject"
            if host.pos_ in ("VERB", "AUX"):
                span, head, rule = self._speaker(host, depth + 1)
                return span, head, rule if rule == "speaker:none" else "speaker:shared-subject"
            owner = next((c for c in host.children if c.dep_ == "poss"), None) if host.pos_ == "NOUN" else None
            if owner is not None:
                return self._phrase(owner, t), owner, "speaker:possessor"
            return None, None, "speaker:none"
        if t.dep_ == "xcomp" and t.tag_ == "VBG" and t.head.i != t.i:
            # "left many E.U. nations feeling that ...": the object of the verb is the one feeling
            obj = next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN", "PRON"):
                return self._phrase(obj, t), obj, "speaker:object"
        if depth < 3 and t.dep_ in ("advcl", "xcomp", "conj", "ccomp", "pcomp", "acomp") and t.head.i != t.i:
            if t.dep_ not in ("conj", "acomp") and t.tag_ not in ("VBG", "VBN", "VB"):
                return None, None, "speaker:none"
            # "was able to tout ...": through the adjective to the subject of its copula
            span, head, rule = self._speaker(t.head, depth + 1, raised=t.dep_ == "xcomp")
            return span, head, rule if rule == "speaker:none" else "speaker:shared-subject"
        if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN"):
            if depth < 3 and t.dep_ == "acl" and t.tag_ == "VBG" and self._thing(t.head):
                # "issued a statement calling the test a violation": the statement's issuer speaks
                host = t.head
                while host.dep_ in ("dobj", "pobj", "prep") and host.head.i != host.i:
                    host = host.head
                if host.pos_ in ("VERB", "AUX") and host.i != t.head.i:
                    span, head, rule = self._speaker(host, depth + 1)
                    if span is not None:
                        return span, head, "speaker:shared-subject"
            return self._phrase(t.head, t), t.head, "speaker:head-noun"
        return None, None, "speaker:none"

    def _thing(self, noun) -> bool:  # type: ignore[no-untyped-def]
        """A common noun that names no one ("a statement", "a news conference"), unlike "officials" or "Salam"."""
        return (noun.pos_ == "NOUN" and noun.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE")
                and noun.lemma_.lower() not in self.lex.sources and not any(
                    m[0] <= noun.idx < m[1] for m in self._mentions_in(noun.idx, noun.idx + len(noun.text))))

    def _inverted_subject(self, t) -> Any:  # type: ignore[no-untyped-def]
        """ "..., said Salam" / "..., reported AFP": the subject after a post-posed cue (often parsed as its object)."""
        b = t.i - 1
        while b >= 0 and (self.tokens[b].is_space or self.tokens[b].text in _MARK_CHARS):
            b -= 1
        if b < 0 or self.tokens[b].text not in (",", "—", "–"):
            return None
        nxt = t.i + 1
        for c in t.rights:
            if c.dep_ in ("dobj", "nsubj", "attr", "npadvmod", "appos", "dative") and c.left_edge.i == nxt and (
                    c.pos_ in ("PROPN", "PRON") or c.lemma_.lower() in self.lex.sources):
                # the cue clause must close the sentence: "..., said Salam, the prime minister."
                rest = range(t.right_edge.i + 1, t.sent.end)
                if all(self.tokens[k].is_punct or self.tokens[k].is_space for k in rest):
                    return c
            break
        return None

    def _phrase(self, head, cue=None) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        """The speaker phrase: the head's subtree without relative clauses, trailing punctuation and conjuncts' tails."""
        start, end = head.left_edge.i, head.right_edge.i + 1
        for c in head.rights:
            if c.dep_ in _SPEAKER_STOP:
                end = min(end, c.left_edge.i)
        if cue is not None:
            if start <= cue.i < end:
                if head.i < cue.i:
                    end = cue.i
                else:
                    start = cue.i + 1
        toks = self.tokens
        while end > start + 1 and (toks[end - 1].is_punct or toks[end - 1].is_space):
            end -= 1
        while start < end - 1 and (toks[start].is_punct or toks[start].is_space):
            start += 1
        if end <= head.i:
            end = head.i + 1
        if start > head.i:
            start = head.i
        return start, end

    def _addressee(self, t, entry: Cue, children, content) -> tuple[tuple[int, int] | None, Any]:  # type: ignore[no-untyped-def]
        for slot in entry.addressee:
            cand = None
            if slot in ("dobj", "dative"):
                cand = next((c for c in children if c.dep_ == slot), None)
            elif slot.startswith("prep:"):
                p = next((c for c in children if c.dep_ in ("prep", "dative") and c.lower_ == slot[5:]), None)
                cand = _prep_object(p, t) if p is not None else None
            if cand is None:
                continue
            span = (cand.left_edge.i, cand.right_edge.i + 1)
            if content is not None and _overlap(span, content):
                continue
            return self._phrase(cand), cand
        return None, None

    def _according(self, t) -> _Found | None:  # type: ignore[no-untyped-def]
        to = self.tokens[t.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        pp = (t.i, obj.right_edge.i + 1)
        gov = t.head
        hops = 0
        while gov.pos_ not in ("VERB", "AUX") and gov.head.i != gov.i and hops < 4:
            gov = gov.head
            hops += 1
        if gov.i == t.i:
            return None
        sent = t.sent
        start, end = gov.left_edge.i, gov.right_edge.i + 1
        start, end = max(start, sent.start), min(end, sent.end)
        toks = self.tokens
        if pp[0] <= start + 1 or all(toks[k].is_punct or toks[k].is_space for k in range(start, pp[0])):
            content = (pp[1], end)
        elif all(toks[k].is_punct or toks[k].is_space for k in range(pp[1], end)):
            content = (start, pp[0])
        else:
            content = (start, end)
        content = self._trim(content)
        if content is None:
            return None
        return _Found([t, to], next(iter(self.lex.phrases), None), content, self._phrase(obj), obj, None, None,
                      "indirect:according-to", "speaker:according-to")

    def _noun(self, t, entry: Cue) -> _Found | None:  # type: ignore[no-untyped-def]
        """ "his claim that ...", "her decision to meet ...", "calls for his dismissal"."""
        content = None
        for slot in entry.content or ("that",):
            for c in t.children:
                if slot == "that" and c.dep_ in ("acl", "ccomp", "relcl", "appos") and any(
                        x.lower_ == "that" and x.dep_ == "mark" for x in c.lefts):
                    content = (c.left_edge.i, c.right_edge.i + 1)
                elif slot == "to" and c.dep_ in ("acl", "relcl") and c.i > t.i and any(
                        x.lower_ == "to" and x.dep_ == "aux" for x in c.lefts):
                    content = (c.left_edge.i, c.right_edge.i + 1)
                elif slot == "for" and c.dep_ == "prep" and c.lower_ == "for":
                    obj = _prep_object(c, t)
                    if obj is not None:
                        content = (obj.left_edge.i, obj.right_edge.i + 1)
                if content is not None:
                    break
            if content is not None:
                break
        if content is None:
            return None
        content = self._trim(content)
        if content is None:
            return None
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        rule = "speaker:possessor"
        if owner is None:
            by = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            owner = _prep_object(by, t) if by is not None else None
            rule = "speaker:by"
        if owner is None and t.dep_ == "dobj" and t.head.pos_ == "VERB":
            span, head, _ = self._speaker(t.head)
            if span is not None:
                return _Found([t], entry, content, span, head, None, None, "indirect:noun", "speaker:verb-subject")
        if owner is None and entry.kind == "believe":
            return None  # "a plan to rule them all": a plan or a hope no one holds is no one's stance
        speaker = self._phrase(owner) if owner is not None else None
        return _Found([t], entry, content, speaker, owner, None, None, "indirect:noun",
                      rule if owner is not None else "speaker:none")

    # -- actors
    def _mentions_in(self, start: int, end: int) -> list[tuple[int, int, Any, Any]]:
        return [m for m in self.mentions if m[0] < end and start < m[1]]

    def _resolve(self, span: tuple[int, int] | None, head) -> Speaker:  # type: ignore[no-untyped-def]
        if span is None:
            return NO_SPEAKER
        s, e = self._chars(*span)
        inside = self._mentions_in(s, e)
        h = (head.idx, head.idx + len(head.text)) if head is not None else (s, e)
        covering = [m for m in inside if m[0] < h[1] and h[0] < m[1]]
        head_lower = head.lemma_.lower() if head is not None else ""
        source_sort = self.lex.sources.get(head_lower) or self.lex.sources.get(head.lower_ if head is not None else "")
        text = self.text[s:e]
        if covering:
            actor = covering[0][2]
            anonymous = source_sort is not None and actor.kind == "group"
            return Speaker(actor.id, actor.name, actor.country, s, e, anonymous=anonymous,
                           organization=actor.name if actor.kind == "organization" else None)
        has_name = head is not None and any(
            x.pos_ == "PROPN" and x.ent_type_ in ("PERSON", "") for x in self.tokens[span[0] : span[1]])
        if source_sort is not None and not has_name:
            org, country = None, None
            for m in inside:
                if m[2].kind in ("organization", "group") and org is None:
                    org, country = m[2].name, m[2].country
                elif m[2].kind == "state" and country is None:
                    country = m[2].country
            if country is None:
                country = self._country_in(span)
            if org is None:
                org = next((ent.text for ent in self.doc.ents if ent.label_ == "ORG" and s <= ent.start_char and ent.end_char <= e), None)
            return Speaker(None, text, country, s, e, anonymous=True, organization=org)
        before_head = [m for m in inside if m[0] < h[1]]  # "Sudani's office", not "parties in Iraq"
        if before_head:
            people = [m for m in before_head if m[2].kind == "person"]
            actor = (people or before_head)[0][2]
            return Speaker(actor.id, actor.name, actor.country, s, e,
                           organization=actor.name if actor.kind == "organization" else None)
        pron = head if head is not None and head.lower_ in _PRONOUNS else next(
            (x for x in self.tokens[span[0] : span[1]] if x.lower_ in ("his", "her") and x.dep_ == "poss"), None)
        if pron is not None:
            actor = self._previous_person(pron.idx)
            if actor is not None:
                return Speaker(actor.id, actor.name, actor.country, s, e)
        return Speaker(None, text, None, s, e)

    def _country_in(self, span: tuple[int, int]) -> str | None:
        from .knowledge import country_of

        for x in self.tokens[span[0] : span[1]]:
            if x.ent_type_ in ("NORP", "GPE") and x.is_alpha:
                code = country_of(x.text)
                if code:
                    return code
        return None

    def _previous_person(self, char: int) -> Any:
        best = None
        for m in self.mentions:
            if m[0] >= char:
                break
            if m[2].kind == "person":
                best = m[2]
        return best

    def _addressee_dict(self, span, head) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
        if span is None:
            return None
        s, e = self._chars(*span)
        sp = self._resolve(span, head)
        return {"actor": sp.actor, "name": sp.name if sp.actor else self.text[s:e], "start": s, "end": e}

    # -- putting it together
    def run(self) -> list[Quote]:
        text = self.text
        # transcript labels win over the marks of the lines they open
        label_lines = {(ls, ce) for ls, _, _, ce, _ in self.labels}
        raw: list[RawQuote] = []
        for q in self.raw:
            runs: list[list[tuple[int, int]]] = [[]]
            for a, b in q.segments:
                if any(ls <= a < ce + 2 or ls <= b <= ce + 2 for ls, ce in label_lines):
                    runs.append([])  # a transcript turn cuts the quotation
                else:
                    runs[-1].append((a, b))
            runs = [r for r in runs if r]
            if len(runs) == 1 and len(runs[0]) == len(q.segments):
                raw.append(q)
                continue
            for segs in runs:
                if _words(text[segs[0][0] : segs[-1][1]]) >= 3:
                    raw.append(RawQuote(segs[0][0], segs[0][0], segs[-1][1], segs[-1][1], q.rule, segs))
        for n, q in enumerate(raw):
            i, j = self._tok_range(q.open, q.close)
            for k in range(i, j):
                self.quote_of[k] = n
        label_tok: list[tuple[int, int]] = []
        for ls, le, cs, ce, colon in self.labels:
            i, j = self._tok_range(cs, ce)
            for k in range(i, j):
                if self.quote_of[k] < 0:
                    self.quote_of[k] = 10**6  # inside a transcript turn
            label_tok.append((i, j))
        found, bare = self.cues()
        self._split_side_reports(found)
        by_cue = {f.cue_i: f for f in found}
        self._by_content = sorted(found, key=lambda f: (f.content[0], f.cue_i))
        self._content_starts = [f.content[0] for f in self._by_content]

        quotes: list[Quote] = []
        # 1. direct quotes
        previous: tuple[Speaker, str | None, int | None, int | None, Any] | None = None
        previous_end = -1
        covered: list[tuple[int, int]] = []  # token ranges of direct quotes
        shorts = {id(q) for q in self.short}
        for q in sorted(raw + self.short, key=lambda q: q.open):
            ti, tj = self._tok_range(q.start, q.end)
            if id(q) in shorts:
                f = self._cue_for_quote(ti, tj, q, found, bare, by_cue)
                if f is not None and f[1] in ("speaker:cue-parse", "speaker:cue-after"):
                    fnd = f[0]
                    cue_text, (cs, ce), _ = self._cue_words(fnd)
                    previous = (self._resolve(fnd.speaker, fnd.speaker_head), cue_text, cs, ce, fnd.cue_tokens[0])
                    previous_end = q.close
                continue
            covered.append((ti, tj))
            speaker, cue, rule = NO_SPEAKER, None, q.rule
            cue_span: tuple[int, int] | None = None
            cue_token = None
            addressee = None
            sig = self._signature(q)
            if sig is not None:
                ds, de, ns, ne = sig
                span = self._tok_range(ns, ne)
                head = self.tokens[span[1] - 1] if span[1] > span[0] else None
                speaker = self._resolve(span, head) if head is not None else Speaker(None, text[ns:ne], None, ns, ne)
                cue, cue_span, rule = text[ds:de], (ds, de), "direct:signature+speaker:signature"
            else:
                f = self._cue_for_quote(ti, tj, q, found, bare, by_cue)
                if f is not None:
                    fnd, how = f
                    cue_token = fnd.cue_tokens[0]
                    speaker = self._resolve(fnd.speaker, fnd.speaker_head)
                    cue, cue_span, negated = self._cue_words(fnd)
                    addressee = self._addressee_dict(fnd.addressee, fnd.addressee_head)
                    rule = f"{q.rule}+{how}" + ("+negated" if negated else "")
                elif previous is not None and self._continues(previous_end, q.open, previous[4]):
                    speaker, cue, cs, ce, cue_token = previous
                    cue_span = (cs, ce) if cs is not None else None
                    rule = f"{q.rule}+speaker:continuation"
                elif (report := self._report_before(q.open, max(previous_end, 0), found)) is not None:
                    cue_token = report.cue_tokens[0]
                    speaker = self._resolve(report.speaker, report.speaker_head)
                    cue, cue_span, _ = self._cue_words(report)
                    rule = f"{q.rule}+speaker:report-before"
                else:
                    rule = f"{q.rule}+speaker:none"
            content = text[q.start : q.end]
            quotes.append(self._make("direct", content, q.start, q.end, cue, cue_span, speaker, addressee, rule))
            if speaker.name is not None:
                previous = (speaker, cue, cue_span[0] if cue_span else None, cue_span[1] if cue_span else None,
                            cue_token)
            previous_end = q.close
        # 2. unmarked block quotes after "X added:"
        label_spans = [(ls, ce) for ls, _, _, ce, _ in self.labels]
        for start, end, f in self._block_quotes([(q.open, q.close) for q in raw] + label_spans):
            speaker = self._resolve(f.speaker, f.speaker_head)
            cue_tok = f.cue_tokens[0]
            quotes.append(self._make("direct", text[start:end], start, end, cue_tok.text,
                                     (cue_tok.idx, cue_tok.idx + len(cue_tok.text)), speaker,
                                     self._addressee_dict(f.addressee, f.addressee_head),
                                     "direct:block+speaker:colon-cue"))
            i, j = self._tok_range(start, end)
            covered.append((i, j))
        # 3. transcript turns
        for (ls, le, cs, ce, colon), (ti, tj) in zip(self.labels, label_tok):
            span = self._tok_range(ls, le)
            head = self.tokens[span[1] - 1] if span[1] > span[0] else None
            speaker = self._resolve(span, head) if head is not None else Speaker(None, text[ls:le], None, ls, le)
            if speaker.actor is None:
                speaker = Speaker(None, text[ls:le], None, ls, le)
            quotes.append(self._make("direct", text[cs:ce], cs, ce, ":", (colon, colon + 1), speaker, None,
                                     "direct:speaker-label+speaker:label"))
        # 4. reported speech
        in_direct = [False] * len(self.tokens)
        for a, b in covered:
            for k in range(a, b):
                in_direct[k] = True
        for f in found:
            i, j = f.content
            words = [k for k in range(i, j) if self.tokens[k].is_alpha or self.tokens[k].like_num]
            if words and all(in_direct[k] for k in words):
                continue  # the direct quote carries it
            speaker = self._resolve(f.speaker, f.speaker_head)
            cue, cue_span, negated = self._cue_words(f)
            addressee = self._addressee_dict(f.addressee, f.addressee_head)
            for pi, pj in self._pieces(f):
                s, e = self._chars(pi, pj)
                quotes.append(self._make("indirect", text[s:e], s, e, cue, cue_span, speaker, addressee,
                                         f"{f.rule}+{f.speaker_rule}" + ("+negated" if negated else "")))
        seen: set[tuple[str, int, int]] = set()
        out = []
        ordered = sorted(quotes, key=lambda q: (q.start, -q.end, q.kind))
        active: list[Quote] = []  # quotes whose span is still open at the current start
        for q in ordered:
            active = [o for o in active if o.end >= q.end or o.end > q.start]
            key = (q.kind, q.start, q.end)
            if key not in seen and not self._minor_nested(q, active):
                seen.add(key)
                out.append(q)
            active.append(q)
        return sorted(out, key=lambda q: (q.start, q.end, q.kind))

    def _pieces(self, f: _Found) -> list[tuple[int, int]]:
        """A content's token ranges: two pieces around a parenthetical cue ("Too often, Mr. Clarke said, the
        debate ..."), which stays out of what was said; one otherwise."""
        if f.content is None:
            return []
        if f.gap is not None:
            pieces = [p for p in (self._trim((f.content[0], f.gap[0])), self._trim((f.gap[1], f.content[1]))) if p]
            if pieces:
                return [self._drop_aside(p) for p in pieces]
        return [self._drop_aside(f.content)]

    def _drop_aside(self, span: tuple[int, int]) -> tuple[int, int]:
        """A content without the aside closing it: a non-restrictive relative clause ("..., which the Supreme
        Court has put on hold"), a participle ("..., forcing them to dump their loads") or a concession
        ("..., although it may take days"), the writer's gloss, not part of what was said."""
        i, j = span
        toks = self.tokens
        k = j - 1
        while k > i and (toks[k].is_punct or toks[k].is_space):
            k -= 1
        for x in reversed(range(i + 1, k + 1)):
            if toks[x].text == ",":
                nxt = toks[x + 1] if x + 1 < j else None
                if nxt is not None and (nxt.tag_ == "VBG" and nxt.dep_ in ("advcl", "acl") or nxt.dep_ == "mark"
                                        and nxt.lower_ in _CONTRAST and nxt.head.dep_ == "advcl"):
                    # "..., forcing them to dump their loads", "..., although it may take days": an aside
                    clause = nxt if nxt.dep_ != "mark" else nxt.head
                    if clause.left_edge.i == x + 1 and clause.right_edge.i >= k and i <= clause.head.i < x:
                        return self._trim((i, x)) or span
                    return span
                if nxt is None or nxt.lower_ not in ("which", "who", "whom", "whose"):
                    return span
                clause = nxt.head
                while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i and i <= clause.head.i < j:
                    clause = clause.head
                if clause.dep_ == "relcl" and clause.left_edge.i == x + 1 and clause.right_edge.i >= k \
                        and i <= clause.head.i < x:
                    return self._trim((i, x)) or span
                return span
        return span

    @staticmethod
    def _minor_nested(q: Quote, quotes: list[Quote]) -> bool:
        """A stance inside another report's content ("He praised Iraq for the stance it has taken in
        supporting the people of Gaza": "supporting ..."): not a quotation of its own. Reported speech with
        a clause ("Sudani's office said the PM stressed to Khamenei that ...") and direct quotes stay."""
        if q.kind != "indirect" or q.cue_start is None or q.rule.split("+")[0] in _CLAUSAL_RULES:
            return False
        return any(o is not q and o.start <= q.cue_start and q.end <= o.end and o.start <= q.start
                   and o.cue_start != q.cue_start for o in quotes)

    def _split_side_reports(self, found: list[_Found]) -> None:
        """End a content where a second report with no subject of its own joins it at its right edge
        ("said X, adding that Y", "said X and suggested Y"): the second is an attribution of its own,
        not part of the first one's content. A report that is the content itself ("said the PM stressed
        that ...") stays inside it. A conjoined report with no subject of its own ("May said X and
        suggested Y") takes the first one's speaker."""
        toks = self.tokens
        by_position = sorted(found, key=lambda f: f.cue_i)
        positions = [f.cue_i for f in by_position]
        for a in found:
            if a.content is None:
                continue
            start, end = a.content
            cut_by: list[_Found] = []
            lo, hi = bisect.bisect_right(positions, start), bisect.bisect_left(positions, end)
            for b in by_position[lo:hi]:
                if b is a or not (start < b.cue_i < end) or b.content is None:
                    continue
                cue = b.cue_tokens[0]
                if cue.dep_ not in ("advcl", "conj", "parataxis") or cue.head.i == a.cue_i:
                    continue
                if b.speaker_rule == "speaker:cue-subject" and not self._contrasted(cue):
                    continue  # a clause with a subject of its own ("because it would encourage ...") stays inside
                clause_start = cue.left_edge.i
                if clause_start <= start or max(b.content[1], cue.right_edge.i + 1) < end:
                    continue
                cut = clause_start
                while cut > start and (toks[cut - 1].is_punct and toks[cut - 1].text not in _MARK_CHARS
                                       or toks[cut - 1].is_space or toks[cut - 1].dep_ == "cc"):
                    cut -= 1
                if cut > start:
                    end = cut
                    cut_by.append(b)
            if end == a.content[1]:
                continue
            a.content = self._trim((start, end)) or a.content
            for b in cut_by:
                if b.speaker_rule == "speaker:shared-subject" and b.cue_tokens[0].dep_ == "conj":
                    b.speaker, b.speaker_head = a.speaker, a.speaker_head

    @staticmethod
    def _contrasted(cue) -> bool:  # type: ignore[no-untyped-def]
        """A report set against the one it follows ("..., though she noted that ..."):
        with a subject of its own, still an attribution of its own."""
        return cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONTRAST for c in cue.children)

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

    def _continues(self, previous_end: int, open_pos: int, cue_token: Any) -> bool:
        """A quote that follows the previous one closely: in the same or the next paragraph, with nothing
        between them but the previous quote's own attribution ("..., said Tim Hess, a developer. “...”")."""
        if previous_end < 0 or open_pos < previous_end:
            return False
        gap = self.text[previous_end:open_pos]
        if gap.count("\n\n") > 1 or gap.count("\n") > 2:
            return False
        i, j = self._tok_range(previous_end, open_pos)
        words = [k for k in range(i, j) if self.tokens[k].is_alpha]
        if not words:
            return True
        if cue_token is None:
            return False
        subtree = range(cue_token.left_edge.i, cue_token.right_edge.i + 1)
        return all(k in subtree or self.tokens[k].head.i == cue_token.i for k in words)

    def _cue_for_quote(self, ti: int, tj: int, q: RawQuote, found: list[_Found], bare: dict[int, Any],
                       by_cue: dict[int, _Found]) -> tuple[_Found, str] | None:
        toks = self.tokens
        if ti >= tj:
            return None
        inside = range(ti, tj)
        # a) the parse: a quote token's head chain leaves the quote and meets a cue; the outermost cue
        #    speaks the marks ("Lebanese officials requested ... “...,” Salam said" → Salam)
        best: _Found | None = None
        for k in inside:
            h = toks[k].head
            if ti <= h.i < tj:
                continue
            steps = 0
            while steps < 8:
                f = by_cue.get(h.i) if h.i in by_cue and by_cue[h.i].speaker is not None else None
                if f is None and h.i in bare:
                    f = self._bare(bare[h.i])
                if f is not None and f.speaker is not None:
                    if best is None:
                        best = f
                    elif f.content is not None and f.content[0] <= best.cue_i < f.content[1]:
                        best = f  # the cue found first is itself reported by this one
                    else:
                        break
                if h.head.i == h.i:
                    break
                h = h.head
                steps += 1
            break
        if best is not None:
            return best, "speaker:cue-parse"
        # b) a cue whose content overlaps the quote
        k = bisect.bisect_left(self._content_starts, tj) - 1
        while k >= 0 and self._content_starts[k] >= ti - 400:
            f = self._by_content[k]
            if f.speaker is not None and f.content[0] < tj and ti < f.content[1]:
                return f, "speaker:cue-content"
            k -= 1
        # c) a cue right after the closing mark ("...,” said Salam) or right before the opening one
        oi, oj = self._tok_range(q.close, q.close + 80)
        if self.text[q.start : q.end].rstrip(" \u00a0\n" + _MARK_CHARS).endswith("."):
            oj = oi  # "“... kidding.” To which she said, ...": a full stop ends the quote's sentence
        for k in range(oi, min(oj, oi + 12)):
            if self.quote_of[k] >= 0 and k >= tj or (k > oi and (toks[k].is_sent_start or toks[k].text in ".!?,;")):
                break
            if k in bare:
                f = by_cue.get(k) or self._bare(bare[k])
                if f is not None and f.speaker is not None and self.quote_of[f.speaker[0]] < 0:
                    return f, "speaker:cue-after"
                names = [x for x in toks[oi:k] if x.pos_ in ("PROPN", "NOUN", "PRON")]
                if names and not any(x.is_punct and x.text not in "()-" for x in toks[oi:k]):
                    # "“...,” Tulsa police Chief Chuck Jordan said Monday": the words before the cue, misparsed
                    t = bare[k]
                    entry = next(iter(self.lex.verbs.get(t.lemma_.lower(), ())), None)
                    return _Found([t], entry, None, (oi, k), names[-1], None, None, "direct",
                                  "speaker:words-before-cue"), "speaker:cue-after"
                break
        sent = toks[ti].sent
        before = self._tok_range(q.open, q.start)[0]  # the opening mark's token
        for k in range(before - 1, max(sent.start, before - 12) - 1, -1):
            if self.quote_of[k] >= 0:
                break
            if k in bare:
                f = by_cue.get(k) or self._bare(bare[k])
                if f is not None and f.speaker is not None:
                    return f, "speaker:cue-before"
        # d) "X reports:" ending the paragraph before a quote that opens its own paragraph
        colon = self._colon_cue(q.open)
        if colon is not None:
            return colon, "speaker:colon-cue"
        # e) the subject of the clause the quote sits in
        root = sent.root
        if not (ti <= root.i < tj) and root.pos_ in ("VERB", "AUX"):
            span, head, rule = self._speaker(root)
            if span is not None and not (ti <= span[0] < tj):
                return _Found([root], None, None, span, head, None, None, "direct", "speaker:clause-subject"), "speaker:clause-subject"
        return None

    def _report_before(self, open_pos: int, previous_end: int, found: list[_Found]) -> _Found | None:
        """A quote with no cue of its own that opens a sentence right after a report in the same paragraph
        ("The administration may be reluctant to act, Schiff said. “The other factor is ...”"): the
        reporter goes on in his own words, one attribution in two pieces."""
        k = self._first_token_at(open_pos)
        if k >= len(self.tokens) or k == 0 or not self.tokens[k].is_sent_start:
            return None
        j = k - 1
        while j >= 0 and self.tokens[j].is_space:
            j -= 1
        if j < 0 or "\n" in self.text[self.tokens[j].idx : open_pos]:
            return None  # not in the same paragraph
        sent = self.tokens[j].sent
        if self.tokens[sent.start].idx < previous_end:
            return None  # the sentence holds the quote before: the continuation rule's business
        reports = [f for f in found if f.content is not None and sent.start <= f.cue_i < sent.end
                   and f.speaker is not None and self.quote_of[f.cue_i] < 0
                   and sent.start <= f.content[0] and f.content[1] <= sent.end]
        return max(reports, key=lambda f: f.cue_i) if reports else None

    def _colon_cue(self, para_start: int) -> _Found | None:
        """The cue of a paragraph that ends with a colon ("McCrummen reports:", "The governor added:"),
        for the paragraph starting at ``para_start``."""
        text = self.text
        line_start = text.rfind("\n", 0, para_start) + 1
        if text[line_start:para_start].strip(" \t\u00a0" + _MARK_CHARS):
            return None  # not the start of a paragraph
        window_start = max(0, line_start - 400)
        before = text[window_start:line_start].rstrip()
        if not before.endswith(":"):
            return None
        k = self._first_token_at(window_start + len(before) - 1)
        if k >= len(self.tokens):
            return None
        sent = self.tokens[k].sent
        for i in range(k - 1, max(sent.start, k - 15) - 1, -1):
            t = self.tokens[i]
            if self.quote_of[i] >= 0:
                break
            if t.tag_ in _VERB_TAGS and t.lemma_.lower() in self.lex.verbs:
                f = self._bare(t)
                if f is not None and f.speaker is not None:
                    return f
        return None

    def _block_quotes(self, taken: list[tuple[int, int]]) -> list[tuple[int, int, _Found]]:
        """Unmarked block quotes: the paragraph after "X said:" / "X added:" when it opens with no quotation mark."""
        out = []
        text = self.text
        for m in re.finditer(r":[ \t\u00a0]*\n\s*([^\n]+)", text):
            start = m.start(1)
            if text[start] in _MARK_CHARS or any(a <= start < b for a, b in taken):
                continue
            end = _rstrip_pos(text, start, m.end(1))
            f = self._colon_cue(start)
            if f is None or _words(text[start:end]) < 3:
                continue
            out.append((start, end, f))
        return out

    def _bare(self, t) -> _Found | None:  # type: ignore[no-untyped-def]
        """A cue verb with no content of its own (the quote is its content)."""
        span, head, rule = self._speaker(t)
        if span is None:
            return None
        entry = next(iter(self.lex.verbs.get(t.lemma_.lower(), ())), None)
        addressee, ahead = (None, None)
        if entry is not None:
            addressee, ahead = self._addressee(t, entry, list(t.children), None)
        return _Found([t], entry, None, span, head, addressee, ahead, "direct", rule)

    def _make(self, kind, content, start, end, cue, cue_span, speaker, addressee, rule) -> Quote:  # type: ignore[no-untyped-def]
        return Quote(
            id=quote_id(content, start, end),
            kind=kind,
            text=content,
            start=start,
            end=end,
            cue=cue,
            cue_start=cue_span[0] if cue_span else None,
            cue_end=cue_span[1] if cue_span else None,
            speaker=speaker,
            addressee=addressee,
            rule=rule,
        )


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


def _within(quotes: list[RawQuote], opens: list[int], pos: int) -> bool:
    """Whether ``pos`` lies inside one of ``quotes`` (sorted by their opening marks, ``opens``)."""
    k = bisect.bisect_right(opens, pos) - 1
    return k >= 0 and quotes[k].open <= pos < quotes[k].close


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _cut(content: tuple[int, int], speaker: tuple[int, int]) -> tuple[int, int] | None:
    """The part of the content on one side of the speaker phrase (the larger one)."""
    left = (content[0], speaker[0]) if speaker[0] > content[0] else None
    right = (speaker[1], content[1]) if speaker[1] < content[1] else None
    sides = [s for s in (left, right) if s and s[1] > s[0]]
    return max(sides, key=lambda s: s[1] - s[0]) if sides else None


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
