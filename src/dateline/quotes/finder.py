"""Putting it together: ``_Finder`` reads one text's direct quotes, block quotes, transcript turns and
reported speech, attributes each, and drops doubles (a content that lies wholly inside direct quotes is
given once, as the direct quote; a stance nested in another report's content is no quote of its own)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .direct import _Direct
from .marks import RawQuote, _within, _words, scan_quotes
from .records import NO_SPEAKER, Quote, Speaker, quote_id
from .reported import _Reported


class _Finder(_Reported, _Direct):
    """The quotes of one annotated text: ``run()`` gives them in text order."""

    def __init__(self, doc, actors: Sequence[Any], field_name: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__(doc, actors, field_name)
        self.raw = scan_quotes(self.text)
        # short quoted utterances ("“I would,” Melanie said."): not quotations, but they tell who speaks next
        opens = [r.open for r in self.raw]
        self.short = [q for q in scan_quotes(self.text, 1) if _words(self.text[q.start : q.end]) < 3
                      and not _within(self.raw, opens, q.open)]
        self.labels = self._speaker_labels()

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
        # 5. a statement's account of the speaker's own stance, from the sentence's first word
        for report, stance, (pi, pj) in self._statement_accounts(found):
            speaker = self._resolve(report.speaker, report.speaker_head)
            cue, cue_span, _ = self._cue_words(report)
            s, e = self._chars(pi, pj)
            quotes.append(self._make("indirect", text[s:e], s, e, cue, cue_span, speaker, None,
                                     "indirect:statement-account+speaker:statement"))
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
