"""Where a reported content starts and ends: the clause, infinitive or object a cue reports, trimmed.

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

(A semicolon ending a content, the hearer of a request and a report set against the one it follows are
applied where the cue is read, in ``reported.py``.)
"""

from __future__ import annotations

from typing import Any

from .cues import Cue
from .parse import _MARK_CHARS, _Found, _Parse, _prep_object

_WH = {"whether", "how", "why", "what", "who"}
_COMPLEMENT_PREPS = {"to", "for", "as"}
_CONTRAST = {"though", "although", "while", "whereas"}
_LINKING_CC = {"and", "but", "yet", "or", "so"}
_LINKING_ADVERBS = {"however", "meanwhile", "still", "moreover", "instead", "indeed", "nevertheless", "also"}


class _Contents(_Parse):
    """The content of a cue in the parse: its token range, trimmed of what the writer added."""

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
        a wh-clause hung on the cue as an adverbial ("have not said whether they would"); or a finite clause
        with a subject and no subordinator hung on it as one ("said after the convention he would not ...")."""
        wh = _WH | {"when", "where"} if any(x.dep_ == "neg" for x in children) else _WH
        for c in children:
            if c.dep_ == "advcl" and c.i > t.i and any(x.lower_ in wh and x.i == c.left_edge.i for x in c.subtree):
                return c  # "did not say when they would": with a negated cue, "when" opens what was not said
            if c.dep_ == "advcl" and c.i > t.i and c.tag_ in ("VB", "VBD", "VBP", "VBZ", "MD") and any(
                    x.dep_ in ("nsubj", "nsubjpass") for x in c.children) and not any(
                    x.dep_ == "mark" or x.dep_ == "advmod" and x.tag_ == "WRB" for x in c.children):
                return c  # "said after the convention he would not accept ...": a finite clause with no subordinator
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
