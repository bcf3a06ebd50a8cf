"""Direct quotes in the parse: transcript turns and labels, signatures, unmarked block quotes, and the cue that
speaks a quotation found from its marks (``marks.py``).

Transcript turns "WALLACE: ..." and labels "Pence: ..." (a person's name, or on the first line a proper
name, then a colon, opening a line; ``NOLABEL`` rows of the data file such as "Update:" are no
speakers), signatures "“...” ― Name", and the paragraph after "X added:" (an unmarked block quote)
attribute what they introduce.

A quotation's speaker is the outermost cue the quote hangs from in the parse (before or after it: in
"Lebanese officials requested ... “...,” Salam said" the marks are Salam's), else a cue next
to its marks (or the words between the closing mark and the cue when the parse lost them),
else the cue ending the paragraph before with a colon, else the subject of the clause the
quote sits in ("He lashed out at ... that “...”"), else the speaker of the quote just before
when nothing but that quote's attribution stands between them (a quote continued in a new
sentence or paragraph), else the report of the sentence just before it in the same paragraph
("..., Schiff said. “The other factor ...”": its cue and speaker, one attribution in two pieces).
The speaker phrase is resolved to an actor in ``speakers.py``.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .marks import RawQuote, _rstrip_pos, _words
from .parse import _MARK_CHARS, _VERB_TAGS, _Found
from .speakers import _Speakers


_SIGNATURE = re.compile(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*([A-Z][\w.'’\-]*(?:[ \t\u00a0]+[A-Z][\w.'’\-]*){0,4})[ \t\u00a0.]*(?:\n|$)")


class _Direct(_Speakers):
    """The speakers of direct quotes: labels, signatures, colon cues, and the cue a quote hangs from."""

    _by_content: list[_Found]  # the reported cues by where their content starts: set by ``finder.py``
    _content_starts: list[int]  # their content starts, for bisecting

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
                    entry = next(iter(self._verb_cues(t)), None)
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
            if t.tag_ in _VERB_TAGS and self._verb_cues(t):
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
        entry = next(iter(self._verb_cues(t)), None)
        addressee, ahead = (None, None)
        if entry is not None:
            addressee, ahead = self._addressee(t, entry, list(t.children), None)
        return _Found([t], entry, None, span, head, addressee, ahead, "direct", rule)
