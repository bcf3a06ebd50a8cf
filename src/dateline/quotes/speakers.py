"""Speakers and addressees: the speaker phrase of a cue in the parse, the addressee where the cue's lexicon row
says where it is, and the article's actor each phrase names.

**Speakers**: the cue's subject (through participles "..., saying", "..., adding" and
relative clauses "Salam, who said"), the subject after a post-posed cue ("..., said Salam"),
the agent of a passive; the object of "according to" and the possessor of a noun cue are read
with their cues in ``reported.py``, and the cue of a direct quote in ``direct.py``.
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
"""

from __future__ import annotations

import re

from typing import Any

from .cues import Cue
from .parse import _MARK_CHARS, _Parse, _overlap, _prep_object
from .records import NO_SPEAKER, Speaker

_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
_SPEAKER_STOP = {"relcl", "acl", "punct", "advcl", "parataxis"}
_RELATIVE = {"who", "that", "which", "whom"}
_DASHES = {"-", "--", "—", "–"}


class _Speakers(_Parse):
    """Speaker and addressee phrases in the parse, resolved to the article's actors."""

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
        root = self.doc[span[0] : span[1]].root
        if source_sort is None and root.i != (head.i if head is not None else -1):
            source_sort = self.lex.sources.get(root.lemma_.lower()) or self.lex.sources.get(root.lower_)
        has_name = head is not None and any(
            x.pos_ == "PROPN" and (x.ent_type_ == "PERSON" or x.ent_type_ == "" and not any(
                m[0] <= x.idx < m[1] and m[2].kind != "person" for m in inside))  # "UN" in "a UN official" names no one
            for x in self.tokens[span[0] : span[1]])
        if covering and source_sort is not None and covering[0][2].kind == "group":
            # "a senior Pakistani official": an unnamed source, named as the text names it, of its group's country
            actor = covering[0][2]
            return Speaker(actor.id, text, actor.country, s, e, anonymous=True)
        root_named = any(m[0] <= root.idx < m[1] for m in covering)
        if covering and not (source_sort is not None and not has_name and not root_named):
            # ("a UN official in Dakar": the UN names the source's body, the source itself stays unnamed)
            actor = covering[0][2]
            return Speaker(actor.id, actor.name, actor.country, s, e, anonymous=False,
                           organization=actor.name if actor.kind == "organization" else None)
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
            name = actor.name
            if not people and actor.kind == "organization" and head is not None and head.pos_ == "NOUN":
                # "the U.N. refugee agency said": a body of the organization, named as the text names it
                name = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
            return Speaker(actor.id, name, actor.country, s, e,
                           organization=actor.name if actor.kind == "organization" else None)
        pron = head if head is not None and head.lower_ in _PRONOUNS else next(
            (x for x in self.tokens[span[0] : span[1]] if x.lower_ in ("his", "her") and x.dep_ == "poss"), None)
        if pron is not None:
            actor = self._previous_person(pron.idx)
            if actor is not None:
                return Speaker(actor.id, actor.name, actor.country, s, e)
        if head is not None and head.lower_ == "it" and head.dep_ in {"nsubj", "nsubjpass"}:
            # "..., it said": the body or state last named as a subject before, in this sentence or the one before
            body = self._previous_body(head)
            if body is not None:
                return Speaker(body.id, body.name, body.country, s, e,
                               organization=body.name if body.kind == "organization" else None)
        return Speaker(None, text, None, s, e)

    def _previous_body(self, token):  # type: ignore[no-untyped-def]
        """The organization or state named as the subject of a clause before ``token``, no further back than the
        previous sentence."""
        sent = token.sent
        first = sent.start
        if first > 0:
            first = self.doc[first - 1].sent.start
        best = None
        for start, end, actor, _ in self.mentions:
            if start >= token.idx:
                break
            if start < self.doc[first].idx or actor.kind not in {"organization", "state"}:
                continue
            tok = self.doc.char_span(start, end, alignment_mode="expand")
            if tok is not None and tok.root.dep_ in {"nsubj", "nsubjpass"}:
                best = actor
        return best

    def _country_in(self, span: tuple[int, int]) -> str | None:
        from ..knowledge import country_of

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
