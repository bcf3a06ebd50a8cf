"""Reported speech: the cues of the parse with their content, speaker and addressee.

**Reported speech** comes from the dependency parse. Cues are listed in
``data/speech_verbs.tsv`` (lemma, speech-act kind, where the content is, where the
addressee is): "X said (that) ...", "X told state TV that ...", "X stressed to Y that ...",
"X vowed to ...", "X accused Y of ...", "X called for ...", "X described Y as Z",
"according to X, ...", "his claim that ..." (a noun of belief or intention needs an owner: "her
plan to ...", not "a plan to ..."), "..., a source told The Associated Press." and "X, he said, Y"
(post-posed and parenthetical cues: the content is the rest of the sentence), "..., said Salam",
"as X pointed out, ...", a passive with or without its agent ("was called a charlatan by fellow
physicians"), and any verb outside the list whose own subject takes a "that"-clause
("Ham made it clear that ...", "Protesters were frustrated that ..."). A predicative adjective of stance
listed in the lexicon takes its complement ("The union is critical of the deal", "She is determined to run",
"They were worried about the cost"). A cue verb the tagger took for a noun at the root of its sentence,
with a clause of its own ("..., the candidate's former doctor maintains."), is read as a verb whose subject
is the words before it. A verb the lemmatizer cut wrongly ("hoped" → "hop") is looked up by its ending.
A second report with no subject of its own at the right edge of a content ("said X, adding that Y", "said X and
suggested Y") ends that content and stands alone. Cues inside a direct quote are not read (a
quote within a quote is the quoted speaker's, not the article's). A content that lies wholly
inside direct quotes is given once, as the direct quote; a stance with a noun or infinitive
content inside another report's content ("praised Iraq for its stance in supporting the
people of Gaza") is not given as a quote of its own, while reported speech with a clause
inside it is ("Sudani's office said the PM stressed to Khamenei that ...": both). "According
to X" over a report is an attribution of its own whose content is the report ("According to Yahoo
News, a spokesman said that ...": Yahoo News reports what the spokesman said). A negated cue keeps
its negation ("has never acknowledged": what follows was not said) and its rule ends with
``+negated``. After "X said in a statement ...", a sentence reporting X's own agreement or commitment
with no cue of its saying ("During Monday's meeting, X and Y agreed to ...") is the statement's account,
from its first word (``_statement_accounts``).
"""

from __future__ import annotations

import bisect
from typing import Any

from .content import _CONTRAST, _Contents
from .cues import Cue
from .parse import _MARK_CHARS, _VERB_TAGS, _Found, _overlap, _prep_object
from .records import Quote
from .speakers import _Speakers

_OWNED_CLAIM = Cue("(noun with a that-clause)", "NOUN", "claim", ("that",), ())
_ACCOUNT_SENTENCES = 3  # how far after "X said in a statement" a sentence may still give its account
_ACCOUNT_KINDS = ("agree", "promise")
_CLAUSAL_RULES = {"indirect:ccomp", "indirect:post-posed", "indirect:according-to", "indirect:noun"}


class _Reported(_Contents, _Speakers):
    """Cues of reported speech read from the parse, each a ``_Found`` with its content and speaker."""

    def cues(self) -> tuple[list[_Found], dict[int, Any]]:
        """Cues with their content, speaker and addressee; and every lexicon cue token (bare ones too)."""
        found: list[_Found] = []
        bare: dict[int, Any] = {}
        nouns = self.lex.nouns
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
                entries = self._verb_cues(t)
                if not entries:
                    hit = self._that_clause(t)
                    if hit is not None:
                        found.append(hit)
                    continue
                hit = self._verb(t, entries)
                if hit is None and t.tag_ == "VBN":
                    hit = self._adjective(t)  # "was worried about the cost": a participle read as a stance
                if hit is not None:
                    found.append(hit)
                bare[t.i] = t
            elif t.tag_ in ("JJ", "VBN") and t.dep_ == "acomp":
                hit = self._adjective(t)
                if hit is not None:
                    found.append(hit)
            elif t.pos_ == "NOUN" and t.dep_ == "ROOT" and t.tag_ in ("NNS", "NN") and any(
                    c.dep_ in ("ccomp", "xcomp") for c in t.children) and (entries := self._verb_cues(t)):
                hit = self._mistagged_verb(t, entries)
                if hit is not None:
                    found.append(hit)
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

    def _mistagged_verb(self, t, entries: tuple[Cue, ...]) -> _Found | None:  # type: ignore[no-untyped-def]
        """A cue verb the tagger took for the head noun of its own subject ("The Clinton campaign plans to
        employ ...", "..., the candidate's former doctor maintains."): a sentence's root noun with a clause or an
        infinitive of its own is a verb; the words before it that modify it are its subject."""
        mods = [c for c in t.lefts if c.dep_ in ("compound", "amod", "det", "poss", "nsubj", "nmod")]
        if not mods or not any(c.dep_ in ("compound", "nsubj") for c in mods):
            return None
        start = min(c.left_edge.i for c in mods)
        if self.quote_of[start] >= 0:
            return None
        speaker = (start, t.i)
        head = self.tokens[t.i - 1]
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        children = list(t.children)
        for entry in entries:
            if entry.particle:
                continue
            content, rule = self._content(t, entry, children, None)
            if content is None or _overlap(content, speaker):
                continue
            return _Found([t], entry, content, speaker, head, None, None, rule, "speaker:mistagged-subject")
        return None

    def _adjective(self, t) -> _Found | None:  # type: ignore[no-untyped-def]
        """A predicative adjective of stance with its complement ("The union is critical of the plan", "She is
        determined to run", "They were worried about the cost"): the subject of the copula holds the stance.
        Only the complement the lexicon gives is read; with no subject there is no one's stance."""
        entries = self.lex.adjectives.get(t.lower_)
        if not entries:
            return None
        if t.dep_ != "acomp" and not (t.tag_ == "VBN" and any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)):
            return None  # a predicate after a copula, or a passive participle with its subject
        children = list(t.children)
        speaker, head, srule = self._speaker(t, raised=t.dep_ != "acomp")
        if speaker is None or head is None or head.lower_ in ("it", "this", "that", "there", "what"):
            return None
        for entry in entries:
            if t.dep_ != "acomp" and "xcomp" in entry.content:
                continue  # "North Korea was believed to have tested": a passive verb with an infinitive is no stance
            content, rule = self._content(t, entry, children, None)
            if content is not None and content[0] <= t.i < content[1]:
                content = self._trim((t.i + 1, content[1]))  # "They were determined to run": not the subject
            if content is None or _overlap(content, speaker) or content[0] < t.i:
                continue
            prep = next((c for c in children if c.dep_ == "prep" and c.i == t.i + 1), None)
            cue_tokens = [t] + ([prep] if prep is not None and rule.startswith("indirect:prep") else [])
            return _Found(cue_tokens, entry, content, speaker, head, None, None, rule, srule)
        return None

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

    def _statement_accounts(self, found: list[_Found]) -> list[tuple[_Found, _Found, tuple[int, int]]]:
        """A statement's account: after "X said in a statement ...", a sentence that reports X's own stance
        with no cue of its saying ("During Monday's meeting, X and Y agreed to form a committee ...") is the
        statement's account of it, from its first word. Needs all of: the earlier cue came through a
        document (``DOCUMENT`` rows: statement, post, readout ...) and its speaker is a known actor; the
        sentence is one of the next ``_ACCOUNT_SENTENCES``; its main verb is an agreement or a commitment
        (kinds ``agree``/``promise``) whose subject names that same actor; no other report and no direct
        quote stands in it or between (another source ends the account). Gives (statement report, stance,
        the sentence's token range)."""
        sents = list(self.doc.sents)
        sent_at = {}
        for n, sent in enumerate(sents):
            sent_at[sent.start] = n
        by_sent: dict[int, list[_Found]] = {}
        for f in found:
            by_sent.setdefault(sent_at[f.cue_tokens[0].sent.start], []).append(f)
        out = []
        for report in found:
            if not self._through_document(report):
                continue
            actor = self._resolve(report.speaker, report.speaker_head).actor
            if actor is None:
                continue
            k = sent_at[report.cue_tokens[0].sent.start]
            for m in range(k + 1, min(k + 1 + _ACCOUNT_SENTENCES, len(sents))):
                sent = sents[m]
                if any(self.quote_of[i] >= 0 for i in range(sent.start, sent.end)):
                    break  # a direct quote: the account, if any, is over
                reports = by_sent.get(m, [])
                if not reports:
                    continue
                stance = reports[0]
                if (len(reports) == 1 and stance.entry is not None and stance.entry.kind in _ACCOUNT_KINDS
                        and stance.cue_tokens[0] == sent.root
                        and self._resolve(stance.speaker, stance.speaker_head).actor == actor):
                    span = self._trim((sent.start, sent.end))
                    if span is not None:
                        out.append((report, stance, span))
                break  # any other report is a new source's
        return out

    def _through_document(self, f: _Found) -> bool:
        """ "said in a statement", "wrote in a post on X": the cue came through a written or recorded document."""
        if f.entry is None or f.entry.kind not in ("say", "tell", "announce", "report"):
            return False
        for c in f.cue_tokens[0].children:
            if c.dep_ == "prep" and c.lower_ in ("in", "on", "via", "through"):
                obj = next((x for x in c.children if x.dep_ == "pobj"), None)
                if obj is not None and obj.lemma_.lower() in self.lex.documents:
                    return True
        return False

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


def _cut(content: tuple[int, int], speaker: tuple[int, int]) -> tuple[int, int] | None:
    """The part of the content on one side of the speaker phrase (the larger one)."""
    left = (content[0], speaker[0]) if speaker[0] > content[0] else None
    right = (speaker[1], content[1]) if speaker[1] < content[1] else None
    sides = [s for s in (left, right) if s and s[1] > s[0]]
    return max(sides, key=lambda s: s[1] - s[0]) if sides else None
