"""The event coder: who did what to whom, in CAMEO and PLOVER, with date, place, modality and proof.

For every sentence of an annotated article the coder finds predicates listed
in ``data/verb_patterns.tsv`` (verbs by lemma, with particles such as "call
on"; nouns such as "talks", "attacks", "agreement"), reads the source and the
target from the dependency parse (subject, object, prepositional objects named
by the pattern, passive agents, possessors and nationality modifiers, relative
clauses, coordination: "Salam and Sharaa agreed" is one reciprocal event), and
maps every role to the article's actors (``dateline.actors``): names, surnames,
pronouns, "the PM" and nationality groups all reach the same canonical actor.

A second rule codes accusations made in speech ("Raisi described the Israeli
attacks as a crime", "..., saying the Americans are accomplices of the
Zionists"): a reporting verb whose complement predicates a word of
``data/accusation_words.txt`` of an actor.

Each event gets CAMEO code, root, Goldstein score and quad class, the PLOVER
type and mode (``data/cameo.tsv``), the date of the time expression attached
to its clause (else the publication date, with ``basis`` saying so), the place
named in its clause (else the dateline), and its modality: ``negated`` ("did not
meet", "denied attacking"), ``future`` ("will visit", "plans to"),
``hypothetical`` (conditions, modal verbs, what someone was asked or urged to
do), ``historical`` (dated more than a year before publication) or
``asserted``. An act that is only announced, refused or threatened is coded as
CAMEO codes the statement (``_Coder._stance``): "will visit" is an intent to
meet (036), "will not lift the embargo" a refusal to yield (124), "threatened
to shell" a threat of force (138).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .actors import home_state, ranked_states
from .knowledge import country_of, data_rows, sector_nouns
from .meta import body_dateline

PATTERN_VERSION = "dateline.rule_coder.v1"
SYMMETRIC_ROOTS = {"04", "06", "19"}
VIOLENT_ROOTS = {"18", "19", "20"}
SYMMETRIC_CODES = {"030", "031", "032", "036", "037", "038", "039", "050", "057"}
"""Coordinated subjects of these roots and codes (consult, cooperate, fight; intend to cooperate, meet or settle;
sign an agreement) act on each other: "Salam and Sharaa agreed" is coded both ways. Not praise, recognition,
aid or apology: "the US and the EU welcomed the statement" is no event between them."""

DATELINE_END = "dateline.body_dateline_end"  # doc.user_data key: where the body's wire dateline ends
INTENT_NOUNS = {"plan", "intention", "intent", "proposal", "decision"}
FUTURE_HEADS = {"plan", "intend", "expect", "aim", "prepare", "schedule", "set", "due", "vow", "pledge", "promise", "hope", "want"}
REQUEST_HEADS = {"urge", "press", "call", "ask", "demand", "request", "appeal", "push", "encourage", "want", "hope",
                 "pressure", "invite", "accuse", "blame", "order", "tell", "force", "allow", "help"}
QUANTITIES = {"thousands", "hundreds", "dozens", "scores", "millions", "tens", "some", "many", "most", "several", "all", "group", "number"}
MODALS = {"would", "could", "might", "may", "should", "must", "can"}
REPORTING = {"say", "tell", "add", "note", "describe", "stress", "state", "declare", "warn", "insist", "claim",
             "write", "argue", "call", "charge", "allege", "accuse"}


@dataclass(frozen=True)
class Pattern:
    """One line of ``verb_patterns.tsv``."""

    id: str
    lemma: str
    particle: str | None
    pos: str
    targets: tuple[str, ...]
    cameo: str


@dataclass(frozen=True)
class Cameo:
    """A CAMEO code with its Goldstein score and PLOVER mapping."""

    code: str
    name: str
    goldstein: float
    plover: str | None
    plover_mode: str | None
    plover_context: str | None = None
    """PLOVER contexts of the code, ";"-joined ("military;legal"), from the CAMEO2PLOVER table."""

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad(self) -> int:
        root = int(self.root)
        return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


@dataclass(frozen=True)
class Role:
    """A source or target: the canonical actor id (or ``None``), a name, ISO alpha-3 country and sector."""

    actor: str | None
    name: str | None
    country: str | None
    sector: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "name": self.name, "country": self.country, "sector": self.sector}


@dataclass(frozen=True)
class Event:
    """One coded event with the words that justify it (offsets into the article body)."""

    id: str
    article: str
    source: Role
    target: Role
    cameo: Cameo
    date: dict[str, Any]
    place: dict[str, Any] | None
    modality: str
    sentence: dict[str, Any]
    trigger: dict[str, Any]
    pattern: str
    confidence: float
    plover_type: str | None = None
    """The PLOVER type when a classifier read the sentence otherwise than the pattern's CAMEO mapping."""

    @property
    def plover(self) -> str | None:
        return self.plover_type or self.cameo.plover

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": self.article,
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "cameo": {"code": self.cameo.code, "root": self.cameo.root, "goldstein": self.cameo.goldstein,
                      "quad": self.cameo.quad, "name": self.cameo.name},
            "plover": {"type": self.plover,
                       "mode": self.cameo.plover_mode if self.plover == self.cameo.plover else None,
                       "context": self.cameo.plover_context if self.plover == self.cameo.plover else None},
            "date": self.date,
            "place": self.place,
            "modality": self.modality,
            "sentence": self.sentence,
            "trigger": self.trigger,
            "pattern": self.pattern,
            "confidence": self.confidence,
        }


# ---------------------------------------------------------------------------
# knowledge


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """All event patterns from ``verb_patterns.tsv``."""
    out = []
    for row in data_rows("verb_patterns.tsv"):
        words = row["trigger"].split()
        out.append(Pattern(row["id"], words[0], words[1] if len(words) > 1 else None, row["pos"],
                           tuple(row["targets"].split("|")), row["cameo"]))
    return tuple(out)


@lru_cache(maxsize=None)
def code_for_type(plover: str) -> Cameo | None:
    """The most general CAMEO code mapped to a PLOVER type: its root-level code (``x0``) if it has one, else
    its lowest (CONCEDE → 080, RETREAT → 084, return or release); for events typed from the sentence, not from a verb pattern."""
    codes = sorted((c for c in cameo_codes().values() if c.plover == plover), key=lambda c: (not c.code.endswith("0"), c.code))
    return codes[0] if codes else None


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, Cameo]:
    """CAMEO code → ``Cameo`` from ``cameo.tsv``."""
    return {
        row["code"]: Cameo(row["code"], row["name"], float(row["goldstein"]), row.get("plover") or None,
                           row.get("plover_mode") or None, row.get("plover_context") or None)
        for row in data_rows("cameo.tsv")
    }


@lru_cache(maxsize=1)
def _by_lemma() -> dict[tuple[str, str], list[Pattern]]:
    index: dict[tuple[str, str], list[Pattern]] = {}
    for p in patterns():
        index.setdefault((p.lemma, p.pos), []).append(p)
    return index


@lru_cache(maxsize=1)
def accusation_words() -> frozenset[str]:
    text = resources.files("dateline.data").joinpath("accusation_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# ---------------------------------------------------------------------------
# roles


class _ActorMap:
    """Finds the actor a token belongs to, through the article's actor mentions in the body."""

    def __init__(self, doc: Any, actors: Sequence[Any], uncoded: bool = False, home: str | None = None):
        self.uncoded = uncoded
        self.by_token: dict[int, Any] = {}
        for actor in actors:
            for m in actor.mentions:
                if m.field != "body":
                    continue
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                for t in span if span is not None else ():
                    self.by_token.setdefault(t.i, actor)
        ranked = ranked_states(actors)
        # "the two countries": the article's two most-named states, when two stand out from the rest
        self.pair = [_role(a) for a, _ in ranked[:2]] if len(ranked) >= 2 and ranked[1][1] >= 2 and (
            len(ranked) == 2 or ranked[1][1] > ranked[2][1]) else []
        # the state the article is about, when the story was filed there
        self.main = home_state(ranked, home)

    def _pair(self, token: Any) -> list[Role]:
        """ "the two countries", "both nations", "the two neighbours": the article's pair of states."""
        if token.lemma_.lower() not in PAIR_NOUNS or token.tag_ not in {"NNS", "NNPS"}:
            return []
        if any(c.lower_ in {"two", "both"} and c.dep_ in {"nummod", "det", "predet", "amod"} for c in token.children):
            return list(self.pair)
        return []

    def add_speakers(self, quotes: Sequence[Any], actors: Sequence[Any]) -> None:
        """A first-person "we"/"us" inside a direct quotation stands for the speaker's country."""
        by_id = {a.id: a for a in actors}
        self.speaker_spans: list[tuple[int, int, Role]] = []
        for quote in quotes:
            speaker = by_id.get(getattr(quote.speaker, "actor", None) or "")
            if quote.kind != "direct" or speaker is None or not speaker.country or speaker.country == "IGO":
                continue
            state = next((a for a in actors if a.kind == "state" and a.country == speaker.country), None)
            role = _role(state) if state is not None else Role(None, speaker.country, speaker.country, speaker.sector)
            self.speaker_spans.append((quote.start, quote.end, role))

    def roles(self, token: Any) -> list[Role]:
        """The actors a noun phrase headed by ``token`` stands for (several for coordinated phrases)."""
        if _in_dateline(token):
            return []
        if token.lower_ in {"it", "they"} and token.pos_ == "PRON" and token.dep_ in {"nsubj", "nsubjpass"}:
            # "Turkey said it would fund ...": the pronoun subject of a reported clause is the one reporting
            verb = token.head
            if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING:
                subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
                if subject is not None and subject.lower_ not in {"it", "they"}:
                    found = self.roles(subject)
                    if found and all(r.actor is None or r.country for r in found):
                        return found
        if token.lower_ in {"we", "us"} and token.pos_ == "PRON" and token.text != "US":
            for start, end, role in getattr(self, "speaker_spans", ()):
                if start <= token.idx < end:
                    return [role]
        found: list[Role] = []
        for head in [token, *_conjuncts(token)]:
            for role in self._of_token(head):
                if role not in found:
                    found.append(role)
        if not found and self.uncoded and token.pos_ in {"NOUN", "PROPN", "PRON"}:
            words = [t for t in token.subtree if t.dep_ not in {"relcl", "acl", "punct"}][:8]
            found.append(Role(None, " ".join(t.text for t in words), None, None))
        return found

    def _of_token(self, token: Any) -> list[Role]:
        actor = self.by_token.get(token.i)
        if actor is not None:
            return [_role(actor)]
        pair = self._pair(token)
        if pair:
            return pair
        if (token.lemma_.lower() in RULER_NOUNS and self.main is not None
                and any(c.lower_ == "the" for c in token.children)
                and not any(c.dep_ in {"amod", "compound", "poss", "prep", "nmod"} for c in token.children)):
            # "urged the authorities to reverse it": the rulers of the state the article is about
            return [Role(None, f"{token.text} of {self.main.name}", self.main.country, "GOV")]
        if token.pos_ == "NUM" or token.lower_ in QUANTITIES:
            # "thousands of Armenian protesters": the group is in the of-phrase
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            return self.roles(obj)
        if token.ent_type_ in {"NORP", "GPE"}:
            code = country_of(token.text)
            if code:
                return [Role(None, token.text, code, None)]
        # nationality or country modifiers: "the Syrian and Lebanese defense ministers", "Israel's policies"
        roles = self.modifier_roles(token)
        if roles:
            return roles
        # "political parties in Iraq", "the foreign ministers of Armenia and Azerbaijan", "negotiators from the
        # two countries"
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "of", "from"}:
                for obj in child.children:
                    actor = self.by_token.get(obj.i)
                    if obj.dep_ == "pobj" and actor is not None and actor.kind == "state":
                        found = [Role(None, f"{token.text} in {actor.name}", actor.country, None)]
                        for other in _conjuncts(obj):
                            more = self.by_token.get(other.i)
                            if more is not None and more.kind == "state" and more.country != actor.country:
                                found.append(Role(None, f"{token.text} in {more.name}", more.country, None))
                        return found
                    if obj.dep_ == "pobj" and child.lower_ in {"of", "from"} and (pair := self._pair(obj)):
                        return pair
        sector = _sector_of_noun(token)
        if (sector is not None and self.main is not None and token.tag_ in {"NNS", "NNPS", "NN"}
                and not any(c.dep_ in {"amod", "compound", "poss", "nmod"} and (c.ent_type_ in {"NORP", "GPE"}
                            or self.by_token.get(c.i) is not None) for c in token.children)
                and not any(c.dep_ in {"prep", "poss"} for c in token.children)):
            # "Police fired tear gas and beat demonstrators" in a story filed from the country it is about: that
            # country's police, and its demonstrators
            return [Role(None, token.text, self.main.country, sector)]
        return []

    def modifier_roles(self, token: Any) -> list[Role]:
        """Countries or actors named by the modifiers of one noun ("the Syrian and Lebanese ministers" → two)."""
        roles: list[Role] = []
        sector = _sector_of_noun(token)
        for child in token.children:
            if child.dep_ in {"amod", "compound", "nmod", "poss"}:
                # "the Syrian and Lebanese ministers" (conjuncts), "the Lebanese-Syrian border" (stacked)
                stacked = [g for g in child.children if g.dep_ in {"amod", "compound"} and g.ent_type_ in {"NORP", "GPE"}]
                if child.dep_ == "poss" and (pair := self._pair(child)):
                    return pair  # "the two countries' foreign ministers"
                for t in [child, *_conjuncts(child), *stacked]:
                    actor = self.by_token.get(t.i)
                    if actor is not None:
                        role = _role(actor)
                    elif t.ent_type_ in {"NORP", "GPE"} and country_of(t.text):
                        role = Role(None, f"{t.text} {token.text}", country_of(t.text), sector)
                    else:
                        continue
                    if role not in roles:
                        roles.append(role)
        return roles


def _sector_of_noun(token: Any) -> str | None:
    return sector_nouns().get(token.lemma_.lower()) or sector_nouns().get(token.lower_)


STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "SPY"}
CHALLENGER_SECTORS = {"REB", "OPP", "PTY"}


def _same_side(source: Role, target: Role) -> bool:
    """One country acting on itself, which is too often a misread role to code; unless one role is the state
    (government, army, police, courts) and the other an armed or political challenger of it or its civilians,
    a domestic event CAMEO codes too ("the Afghan government released Taliban prisoners": AFG GOV → AFG REB;
    "police beat demonstrators": GMB COP → GMB CVL)."""
    if not source.country or source.country != target.country:
        return False
    sectors = {source.sector, target.sector}
    return not (sectors & STATE_SECTORS and sectors & (CHALLENGER_SECTORS | {"CVL"}))


def _role(actor: Any) -> Role:
    return Role(actor.id, actor.name, actor.country, actor.sector)


def _conjuncts(token: Any) -> list[Any]:
    out = []
    for child in token.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(_conjuncts(child))
    return out


INTENT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
"""Cooperative roots → the CAMEO code of the intent to do it (meet, cooperate diplomatically, materially, aid, yield)."""
REFUSAL = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "121", "08": "124"}
"""Cooperative roots → the CAMEO code of refusing it."""
THREAT = {"14": "133", "15": "138", "16": "131", "17": "132", "18": "138", "19": "138", "20": "138"}
"""Conflictual roots → the CAMEO code of threatening it."""
RULER_NOUNS = {"authority", "government", "junta", "regime", "administration"}
PAIR_NOUNS = {"country", "nation", "neighbour", "neighbor", "government", "state"}
ANSWER_ROOTS = {"11", "12", "14"}  # rejecting, condemning or protesting something answers its author or doer
ANSWER_CODES = {"016"}  # a denial answers its accuser
ANSWERED_ROOTS = {"claim": {"10", "11", "13", "02"}, "act": {"15", "17", "18", "19", "20"}}
ANSWER_REACH = 3000  # characters back to look for it


@lru_cache(maxsize=1)
def answered_nouns() -> dict[str, str]:
    """``data/answered_nouns.tsv``: noun lemma → ``claim`` or ``act``."""
    return {row["lemma"]: row["kind"] for row in data_rows("answered_nouns.tsv")}


_STANCE_CODES = frozenset({*INTENT.values(), *REFUSAL.values(), *THREAT.values()})
INTENT_HEADS = {"ready", "willing", "prepared", "agree", "offer", "determined", "eager", "keen", "volunteer"}
THREAT_HEADS = {"threaten", "warn"}
EXPRESSING = frozenset(REPORTING | INTENT_HEADS | THREAT_HEADS | FUTURE_HEADS | {"announce", "refuse", "decline", "reject"})
"""Verbs an intent, threat or refusal is expressed with: its date is theirs."""

NO_ROLE = Role(None, None, None, None)
UNCODED_PATTERN = "uncoded-verb"
UNCODED = Cameo("000", "uncoded: typed by dateline.event_types or dropped", 0.0, None, None)
"""The placeholder code of a candidate event (``code_events(..., candidates=True)``); never stored as such."""
CANDIDATE_TARGETS = ("dobj", "prep:with", "prep:against", "prep:on", "prep:to", "prep:at", "prep:from")


def _subject(token: Any) -> Any | None:
    """The subject of a predicate, climbing through xcomp/conj/relative clauses and gerunds."""
    seen = 0
    current = token
    while current is not None and seen < 8:
        seen += 1
        for child in current.children:
            if child.dep_ in {"nsubj", "csubj"} and not _in_dateline(child):
                if child.tag_ in {"WP", "WDT"} and current.dep_ == "relcl":
                    return current.head
                return child
        if (current.dep_ == "conj" and current.head.dep_ == "ccomp" and any(c.dep_ == "nsubjpass" for c in current.head.children)
                and not any(c.dep_ in {"auxpass", "nsubjpass"} for c in current.children)):
            # "said Whitcombe had been detained and accused Moscow of ...": an active verb hung on a passive
            # complement belongs with the saying verb above it
            current = current.head.head
            continue
        if current.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acl", "pobj", "prep", "dobj", "ccomp"} or current.pos_ in {"NOUN", "PROPN", "ADP"} \
                or (current.dep_ == "acomp" and current.lemma_.lower() in INTENT_HEADS):  # "is ready to send"
            if current.dep_ == "relcl":
                return current.head
            if current.dep_ == "ccomp" and current.pos_ == "VERB":
                return None
            current = current.head if current.head is not current else None
        elif current.dep_ == "relcl":
            return current.head
        else:
            return None
    return None


def _verb_above(token: Any, lemmas: set[str] | frozenset[str]) -> Any | None:
    """The nearest verb among the four above the trigger's verb whose lemma is one of ``lemmas``."""
    verb = token if token.pos_ in {"VERB", "AUX"} else _governing_verb(token)
    for up in list(verb.ancestors if verb is not None else ())[:4]:
        if up.pos_ in {"VERB", "AUX"} and up.lemma_.lower() in lemmas:
            return up
    return None


def _is_passive(token: Any) -> bool:
    """A passive predicate, or a past participle modifying a noun ("nationals detained in prisons")."""
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children) or (token.dep_ == "acl" and token.tag_ == "VBN")


def _in_dateline(token: Any) -> bool:
    """A token of the wire dateline that opens the body ("NAIROBI, Kenya (AP) —"): the parser often makes it the
    first sentence's subject, but it names where the story was filed, not who acted."""
    return token.idx < token.doc.user_data.get(DATELINE_END, 0)


def _agent(token: Any) -> Any | None:
    for child in token.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _target_token(token: Any, spec: str) -> Any | None:
    if spec == "dobj":
        for child in token.children:
            if child.dep_ in {"dobj", "dative"}:
                return child
        return None
    if spec == "nsubjpass":
        for child in token.children:
            if child.dep_ == "nsubjpass":
                return child
        return None
    if spec.startswith("prep:"):
        prep = spec[5:]
        for child in token.children:
            if child.dep_ in {"prep", "prt", "agent"} and child.lower_ == prep:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None
    if spec == "ccomp-subj":
        for child in token.children:
            if child.dep_ == "ccomp":
                for sub in child.children:
                    if sub.dep_ in {"nsubj", "nsubjpass"}:
                        return sub
        return None
    return None


# ---------------------------------------------------------------------------
# modality, date, place


def modality(token: Any, date_value: str | None, published: str | None) -> str:
    """asserted, negated, future, hypothetical or historical, from the trigger's clause."""
    verb = token if token.pos_ in {"VERB", "AUX"} else _governing_verb(token)
    chain = []
    current = verb
    while current is not None and len(chain) < 6:
        chain.append(current)
        if current.dep_ in {"xcomp", "ccomp", "advcl", "conj", "pcomp", "acl", "relcl"} and current.head is not current:
            current = current.head
            if chain[-1].dep_ == "pcomp" and current.dep_ == "prep" and current.head is not current:
                current = current.head  # "can play a role by coordinating": the verb the preposition hangs on
        else:
            break
    if verb is not None:
        for child in verb.children:
            if child.dep_ == "neg":
                return "negated"
        for below, up in zip(chain, chain[1:]):
            if below.dep_ == "conj":
                break  # "denied X and accused Y": the second act shares the subject, not the denial
            if up.lemma_ in {"deny", "refuse", "fail", "decline"}:
                return "negated"
        for child in verb.children:
            if child.dep_ == "mark" and child.lower_ in {"if", "unless", "whether"}:
                return "hypothetical"
            if child.dep_ == "aux" and child.lower_ in {"will", "shall", "'ll"}:
                return "future"
            if child.dep_ == "aux" and child.lower_ in MODALS:
                return "hypothetical"
        if verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_ in FUTURE_HEADS:
            return "future"
        if verb.dep_ in {"acl", "xcomp"} and verb.head.pos_ == "NOUN" and verb.head.lemma_ in INTENT_NOUNS:
            # "had no plans to close the border" / "announced plans to close it"
            if any(c.dep_ == "det" and c.lower_ == "no" for c in verb.head.children) or any(
                    c.dep_ == "neg" for c in verb.head.head.children):
                return "negated"
            return "future"
        for below, up in zip(chain, chain[1:]):
            if below.dep_ not in {"xcomp", "pcomp"}:
                break  # a complement or gerund shares its head's modal; a clause of its own does not
            for child in up.children:
                if child.dep_ == "aux" and child.lower_ in {"will", "shall", "'ll"}:
                    return "future"
                if child.dep_ == "aux" and child.lower_ in MODALS:
                    return "hypothetical"
        for below, up in zip(chain, chain[1:]):
            if up.lemma_ in REQUEST_HEADS and below.dep_ in {"xcomp", "ccomp", "pcomp"}:
                return "hypothetical"
            if up.lemma_ in FUTURE_HEADS and below.dep_ == "xcomp":
                return "future"
    if date_value and published and len(date_value) >= 4 and date_value[:4].isdigit():
        if int(published[:4]) - int(date_value[:4]) >= 2 or (
            len(date_value) >= 7 and date_value[4] == "-" and _months_before(date_value, published) > 12
        ):
            return "historical"
    return "asserted"


def _months_before(value: str, published: str) -> int:
    try:
        return (int(published[:4]) - int(value[:4])) * 12 + int(published[5:7]) - int(value[5:7])
    except ValueError:
        return 0


def _governing_verb(token: Any) -> Any | None:
    current = token
    for _ in range(8):
        if current.pos_ in {"VERB", "AUX"}:
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def _clause_tokens(token: Any) -> set[int]:
    """Token indices of the event's own clause: tokens under the trigger's governing verb whose nearest verb is that verb.

    Subordinate clauses with verbs of their own ("since the conflict broke out on Oct. 7") are left out;
    a noun trigger's own modifiers ("a March 28 agreement", "the 2013 bombings") are in.
    """
    own = {t.i for t in token.subtree}
    if token.dep_ in {"acl", "relcl"}:
        # the noun the participle modifies, with its own modifiers ("a March 28 agreement signed ...")
        own |= {c.i for child in token.head.children if child.dep_ in {"compound", "nummod", "amod", "npadvmod", "nmod", "poss"}
                for c in child.subtree}
        own.add(token.head.i)
    verb = token if token.pos_ in {"VERB", "AUX"} else _governing_verb(token)
    if verb is None:
        return own
    same_clause = {t.i for t in verb.subtree if (g := _governing_verb(t)) is not None and g.i == verb.i}
    if token.pos_ in {"VERB", "AUX"}:
        own_clause = {t.i for t in token.subtree if (g := _governing_verb(t)) is not None and g.i == token.i}
        return same_clause | own_clause | (own - {t.i for t in token.subtree})
    return own | same_clause


def _span_tokens(doc: Any, start: int, end: int) -> set[int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return {t.i for t in span} if span is not None else set()


NAMED_ENTITIES = {"DATE", "TIME", "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
"""A noun inside a name or a date is no trigger: "in March", "the Government of National Accord"."""
UNDOING = {"lift", "ease", "end", "cease", "remove", "drop", "cancel", "revoke", "rescind", "scrap", "relax", "suspend", "halt",
           "stop", "withdraw", "reduce", "cut", "break", "violate", "abandon", "postpone", "roll", "deny", "refuse",
           "reject", "decline", "rebuff"}
"""Verbs whose object noun is not itself the event ("lifted sanctions on X", "cancelled a visit to X",
"rejected the deal"): the verb's own pattern codes what happened, or nothing does."""


def _nominal_trigger(token: Any) -> bool:
    """Whether a noun may trigger an event: not part of a date or a name, not the object of an undoing verb."""
    if token.ent_type_ in NAMED_ENTITIES and token.pos_ == "PROPN":
        return False
    head = token
    while head.dep_ in {"conj", "compound"} and head.head is not head:  # "ended mediation efforts"
        head = head.head
    if head.dep_ in {"dobj", "nsubjpass"} and head.head.pos_ in {"VERB", "AUX"} and head.head.lemma_.lower() in UNDOING:
        return False
    return True


CLAUSAL = {"advcl", "ccomp", "xcomp", "conj", "relcl", "acl", "csubj", "parataxis", "nsubj", "appos", "cc", "punct"}


def _names_something(verb: Any) -> bool:
    """ "called the move unconstitutional", "named X envoy": a verb with an object predicate names, it does not act."""
    return any(c.dep_ in {"oprd", "acomp", "attr"} or (c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"ADJ", "NOUN", "PROPN"})
               for c in verb.children)


def _particle_token(token: Any, particle: str) -> Any | None:
    """The child that realises a pattern's second word, matched on lemma or form ("lifted the sanctions",
    "called on"); a preposition heading a date is no particle ("called Y on Saturday"). For a noun pattern the
    word may also be the verb the noun depends on ("went on strike": ``strike go``)."""
    for child in token.children:
        if child.dep_ in CLAUSAL and child.dep_ != "xcomp" and (
                child.pos_ in {"VERB", "AUX"} or child.dep_ in {"nsubj", "appos", "conj"}):
            continue  # "suspended deliveries after a convoy was attacked" is no "suspend attack"; "ordered X to
            # leave" is "order leave"
        if child.lower_ == particle or child.lemma_.lower() == particle:
            if child.dep_ in {"prep", "prt"}:
                objects = [o for o in child.children if o.dep_ == "pobj"]
                if objects and all(o.ent_type_ in {"DATE", "TIME"} for o in objects):
                    continue
            return child
    if token.pos_ in {"NOUN", "PROPN"}:
        head = token.head
        if token.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        if head is not token and head.pos_ in {"VERB", "AUX"} and head.lemma_.lower() == particle:
            return head
    return None


def _has_particle(token: Any, pattern: Pattern) -> bool:
    return pattern.particle is not None and _particle_token(token, pattern.particle) is not None


# ---------------------------------------------------------------------------
# the coder


class _Coder:
    def __init__(self, article: Any, doc: Any, uncoded: bool = False, quotes: Sequence[Any] = ()):
        self.article = article
        self.doc = doc
        first = article.paragraphs[0] if getattr(article, "paragraphs", None) else None
        found = body_dateline(article.body[first.start : first.end]) if first is not None and first.start == 0 else None
        doc.user_data[DATELINE_END] = found[1] if found else 0
        home = article.dateline.country if getattr(article, "dateline", None) is not None else None
        self.actors = _ActorMap(doc, article.actors, uncoded, home)
        self.actors.add_speakers(quotes, article.actors)
        self.times = [(t, _span_tokens(doc, t.start, t.end)) for t in article.times]
        self.places = [(p, _span_tokens(doc, p.start, p.end)) for p in article.places]
        self.codes = cameo_codes()
        self.events: list[Event] = []
        self.seen: set[tuple[Any, ...]] = set()

    def run(self, candidates: bool = False) -> list[Event]:
        index = _by_lemma()
        for token in self.doc:
            pos = "V" if token.pos_ in {"VERB", "AUX"} else "N" if token.pos_ in {"NOUN", "PROPN"} else None
            if pos is None or (pos == "N" and not _nominal_trigger(token)):
                continue
            lemma = token.lemma_.lower()
            naming = pos == "V" and _names_something(token)
            fitting = [p for p in index.get((lemma, pos), []) if _has_particle(token, p) or not (p.particle or naming)]
            coded = False
            # patterns with a second word first (file order); then one whose target is in the sentence ("struck
            # X": strike X, not a strike against ...)
            for pattern in sorted(fitting, key=lambda p: (p.particle is None, p.particle is None and not self._has_target(token, p))):
                if self._code(token, pattern):
                    coded = True
                    break
            if pos == "V" and lemma in REPORTING:
                self._accusation(token)
            elif candidates and not coded and token.pos_ == "VERB":
                self._candidate(token)
        return self.events

    # -- candidates: an actor doing something no pattern knows to another actor
    def _candidate(self, token: Any) -> None:
        """Emit an UNCODED event for a verb whose subject and object (or with/against/on/to/at/from object)
        are both actors; the hybrid coder types it from the sentence or drops it."""
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children):
            return
        subject = _subject(token)
        if subject is None:
            return
        sources = self.actors.roles(subject)
        if not sources:
            return
        targets: list[Role] = []
        for spec in CANDIDATE_TARGETS:
            tok = _target_token(token, spec)
            if tok is not None:
                targets = self.actors.roles(tok)
                if targets:
                    break
        if not targets:
            return
        source, target = sources[0], targets[0]
        if (source.actor is not None and source.actor == target.actor) or \
                (source.country and source.country == target.country):
            return
        self._emit(token, UNCODED_PATTERN, UNCODED, source, target, 0.3)

    # -- pattern events
    def _code(self, token: Any, pattern: Pattern) -> bool:
        passive = _is_passive(token)
        sources: list[Role] = []
        if pattern.pos == "V":
            agent = _agent(token) if passive or token.dep_ == "acl" else None
            if agent is not None:
                sources = self.actors.roles(agent) or self.actors.modifier_roles(agent)
            elif not passive:
                subject = _subject(token)
                if subject is not None:
                    sources = self.actors.roles(subject)
        else:
            agent = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            if agent is not None:
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    sources = self.actors.roles(obj) or self.actors.modifier_roles(obj)
            if not sources:
                sources = self.actors.modifier_roles(token)
            if not sources:
                subject = _subject(token)
                if subject is not None:
                    sources = self.actors.roles(subject)
        targets: list[Role] = []
        target_token = None
        for spec, tok in self._target_candidates(token, pattern, passive):
            if tok is not None:
                target_token = target_token or tok
                targets = self.actors.roles(tok) or self._of_roles(tok) or self._place_at(tok)
                if targets:
                    target_token = tok
                    break
        if passive and token.dep_ == "acl" and not sources:
            return False  # "nationals detained in prisons": a patient with no agent is no event
        cameo = self.codes.get(pattern.cameo)
        if cameo is None:
            return False
        reciprocal = False
        if not targets and len(sources) >= 2 and (cameo.root in SYMMETRIC_ROOTS or cameo.code[:3] in SYMMETRIC_CODES):
            sources, targets = sources[:1], sources[1:2]
            reciprocal = True
        if len(sources) > 1 and targets and sources[0].country == targets[0].country:
            sources = sources[1:]
        asking_without_addressee = target_token is None and cameo.root in {"02", "10"}
        # "sought to deepen ties with Egypt" asks nobody: the complement's actor is no addressee
        if pattern.pos == "V" and not asking_without_addressee and (
                not targets or (sources and sources[0].country and targets[0].country == sources[0].country)):
            deeper = self._deep_target(token, target_token, sources[0].country if sources else None)
            if deeper:
                targets = deeper
            elif targets and sources and _same_side(sources[0], targets[0]):
                return False
        if pattern.pos == "N" and cameo.root in VIOLENT_ROOTS and all(t.actor and not t.country for t in targets):
            # "the bombings of the Al-Taqwa mosque in Tripoli": a target of no known country is hit where it is
            # (violence only: "demonstrations in Beirut" are not against Lebanon)
            targets = targets[:1] + self._place_role(token)
        answered = answered_nouns().get(target_token.lemma_.lower()) if target_token is not None else None
        if not targets and sources and answered and (cameo.root in ANSWER_ROOTS or cameo.code in ANSWER_CODES) \
                and not any(c.dep_ == "poss" or c.lower_ in {"a", "an"} for c in target_token.children):
            # "Iran rejected the accusation", "Syria condemned the strikes": the one answered is who made the
            # claim or did the act, an earlier event's source
            targets = self._answered(sources[0], token, answered)
        elif not targets and sources and target_token is None and cameo.code in ANSWER_CODES:
            targets = self._answered(sources[0], token, "claim")  # "The army denied targeting civilians"
        if self.actors.uncoded and (sources or targets):
            # type-only mode: an event with one role missing from the sentence still has a type
            targets = targets or [NO_ROLE]
            sources = sources or [NO_ROLE]
        if not targets or not (sources or (pattern.pos == "N" and cameo.quad == 4)):
            return False
        if sources and _same_side(sources[0], targets[0]):
            return False  # one country acting on itself: too often a misread role to be worth coding
        source = sources[0] if sources else NO_ROLE
        emitted = False
        for target in targets[:2]:
            if source.actor is not None and source.actor == target.actor:
                continue
            emitted |= self._emit(token, pattern.id, cameo, source, target, 0.8 if sources else 0.6)
            if reciprocal:  # "Salam and Sharaa agreed": coded both ways, as CAMEO coders do
                self._emit(token, pattern.id, cameo, target, source, 0.8)
        if not reciprocal:
            # "Japan and Australia criticized Beijing": one event for each of the coordinated sources
            seen_countries = {source.country}
            for other in sources[1:3]:
                if not other.country or other.country in seen_countries or not (
                        source.actor or "").startswith("s-") or not (other.actor or "").startswith("s-"):
                    continue  # states named side by side, not officials or bodies of two countries
                seen_countries.add(other.country)
                for target in targets[:2]:
                    if other.country != target.country and not (other.actor and other.actor == target.actor):
                        emitted |= self._emit(token, pattern.id, cameo, other, target, 0.8)
        return emitted

    def _target_candidates(self, token: Any, pattern: Pattern, passive: bool) -> list[tuple[str, Any | None]]:
        """The tokens a pattern's target specs point at, in order. For a light-verb pattern ("lift sanctions",
        "cancel visit") the object noun's own prepositions count too: "lifted sanctions on X"."""
        out: list[tuple[str, Any | None]] = []
        particle = _particle_token(token, pattern.particle) if pattern.particle and pattern.pos == "V" else None
        for spec in pattern.targets:
            if spec == "none":
                continue
            if spec == "dobj" and passive:
                tok = _target_token(token, "nsubjpass") or (token.head if token.dep_ == "acl" else None)
            elif particle is not None and particle.pos_ in {"NOUN", "PROPN"} and spec.startswith("prep:"):
                tok = _target_token(particle, spec) or _target_token(token, spec)  # the noun's own first
            else:
                tok = _target_token(token, spec)
            if particle is not None and tok is not None and tok.i == particle.i:
                tok = None  # "denied entry to X": the object is the pattern's own noun, not the target
            out.append((spec, tok))
        return out

    def _has_target(self, token: Any, pattern: Pattern) -> bool:
        return any(tok is not None for _, tok in self._target_candidates(token, pattern, _is_passive(token)))

    def _answered(self, source: Role, token: Any, kind: str) -> list[Role]:
        """Who made the claim or did the act an actor answers: the source of the latest event before this
        sentence (within ``ANSWER_REACH`` characters) of a fitting root — a claim aimed at this actor's country,
        or a use of force by anyone — from another country."""
        start = token.sent.start_char
        for event in reversed(self.events):
            if event.sentence["start"] >= start or start - event.sentence["start"] > ANSWER_REACH:
                continue
            if event.cameo.root not in ANSWERED_ROOTS[kind] or not event.source.country or not source.country:
                continue
            if event.source.country == source.country or (kind == "claim" and event.target.country != source.country):
                continue
            return [event.source]
        return []

    def _deep_target(self, token: Any, target_token: Any | None, source_country: str | None) -> list[Role]:
        """A target named deeper inside the object: "the issue of Syrian nationals detained in Lebanese
        prisons"; with no object, inside the complement: "pledged to hand over people implicated in crimes
        committed by the Assad government". The search stays in the object's own modifiers."""
        if target_token is not None:
            starts = [target_token]
        else:
            starts = [c for c in token.children if c.dep_ == "xcomp"]
        frontier = [(c, 0) for c in starts]
        while frontier:
            current, depth = frontier.pop(0)
            if depth > 0 and current.pos_ in {"NOUN", "PROPN"}:
                for role in self.roles(current):
                    if role.country and role.country != source_country:
                        return [role]
            if depth >= 8:
                continue
            for child in current.children:
                if child.dep_ in {"dobj", "pobj", "prep", "acl", "agent", "prt", "compound", "poss", "amod", "nmod", "ccomp", "nsubj"}:
                    frontier.append((child, depth + 1))
        return []

    def _place_at(self, token: Any) -> list[Role]:
        """A target slot holding a place, not an actor ("deployed troops to Juba", "visited Cairo"): the
        country it lies in."""
        for place, toks in self.places:
            if token.i in toks and place.country and place.country != "IGO":
                return [Role(None, place.name, place.country, None)]
        return []

    def _place_role(self, token: Any) -> list[Role]:
        """The country where a nominal attack happened ("bombings ... in Tripoli in northern Lebanon")."""
        subtree = {t.i for t in token.subtree}
        for place, toks in self.places:
            if toks & subtree and place.country and min(toks) > 0 and self.doc[min(toks) - 1].lower_ in {"in", "at", "near"}:
                return [Role(None, place.name, place.country, None)]
        return []

    def _of_roles(self, token: Any) -> list[Role]:
        """ "the extradition of Syrians", "the issue of Syrian nationals": the actor inside an of-phrase."""
        for child in token.children:
            if child.dep_ == "prep" and (child.lower_ == "of" or child.lower_ == "from" and token.lemma_.lower() in answered_nouns()):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        roles = self.actors.roles(obj) or self.actors.modifier_roles(obj)
                        if not roles and child.lower_ == "from":
                            roles = self._place_at(obj)  # "calls from Damascus": the capital speaks for its state
                        if roles:
                            return roles
        return []

    # -- accusations in speech
    def _accusation(self, verb: Any) -> None:
        subject = _subject(verb)
        speakers = self.actors.roles(subject) if subject is not None else []
        if not speakers:
            return
        words = accusation_words()
        for token in verb.subtree:
            if token.i == verb.i or token.lemma_.lower() not in words:
                continue
            target_roles = self._accused(token, verb)
            for target in target_roles:
                if target.country and speakers[0].country and target.country == speakers[0].country:
                    continue
                cameo = self.codes["112"]
                self._emit(token, "accuse-in-speech", cameo, speakers[0], target, 0.6, anchor=verb)
            if target_roles:
                return

    def _accused(self, word: Any, verb: Any) -> list[Role]:
        """Who a speaker's accusation word is said of.

        In order: the actor the speaker describes ("described the Israeli attacks as a crime"), the owner of
        the phrase the word sits in ("Israel's years of criminal policies"), the subject of the word's own
        clause ("the Americans are accomplices"). The search never crosses into another verb's clause.
        """
        if verb.lemma_ in {"describe", "call", "label", "brand"}:
            for child in verb.children:
                if child.dep_ == "dobj":
                    found = self.roles(child)
                    if found:
                        return found
        noun = word if word.pos_ in {"NOUN", "PROPN"} else word.head
        for ancestor in [noun, *noun.ancestors]:
            if ancestor.i == verb.i or ancestor.pos_ in {"VERB", "AUX"}:
                break
            found = self.actors.modifier_roles(ancestor)
            if found:
                return found
        clause_verb = _governing_verb(word)
        if clause_verb is not None and clause_verb.i != verb.i:
            for child in clause_verb.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    return self.roles(child)
        return []

    def roles(self, token: Any) -> list[Role]:
        return self.actors.roles(token)

    # -- output
    def _emit(self, token: Any, pattern_id: str, cameo: Cameo, source: Role, target: Role, confidence: float,
              anchor: Any | None = None) -> bool:
        sent = token.sent
        key = (sent.start, cameo.root, source.actor or source.country, target.actor or target.country)
        if key in self.seen:
            return False
        self.seen.add(key)
        clause = _clause_tokens(anchor if anchor is not None else token)
        date = self._date(clause, anchor if anchor is not None else token)
        place = self._place(clause)
        mode = modality(anchor if anchor is not None else token, date["value"] if date["basis"] != "publication" else None,
                        self.article.published)
        if cameo.code != UNCODED.code and pattern_id != "accuse-in-speech":
            acted = cameo.code
            cameo, mode = self._stance(token, cameo, mode)
            if cameo.code != acted and cameo.code in _STANCE_CODES and date["basis"] != "publication":
                # "will visit Juba next week, the bloc said": the intent was expressed when it was said, not
                # on the day of the visit
                date = self._expressed(token)
        trigger = {"start": token.idx, "end": token.idx + len(token.text), "text": token.text}
        # one trigger may give several events (both ways, or to two targets): each side's identity is in the id
        sides = f"{source.actor or source.country}>{target.actor or target.country}"
        event_id = hashlib.sha1(f"{self.article.id}:{token.idx}:{cameo.code}:{sides}".encode()).hexdigest()[:16]
        self.events.append(Event(
            id=event_id,
            article=self.article.id,
            source=source,
            target=target,
            cameo=cameo,
            date=date,
            place=place,
            modality=mode,
            sentence={"start": sent.start_char, "end": sent.start_char + len(sent.text.rstrip()), "text": sent.text.rstrip()},
            trigger=trigger,
            pattern=f"{PATTERN_VERSION}:{pattern_id}",
            confidence=confidence,
        ))
        return True

    def _stance(self, token: Any, cameo: Cameo, mode: str) -> tuple[Cameo, str]:
        """What CAMEO codes when an act is announced, refused or threatened rather than done.

        A cooperative act (roots 03–08) that is only intended ("will visit", "is ready to send", "said it
        would allow", "agreed to release") is an expression of intent (03x); one refused ("will not lift",
        "cannot accept", "refused to meet", "failed to reach a deal") a rejection (12x, asserted: the refusal
        happened; a plain "did not meet" stays a negated meeting); a conflictual act (14–20) that is only
        intended or threatened ("will begin an operation against", "threatened to shell") a threat (13x).
        The modality keeps saying that the act itself is future or hypothetical.
        """
        root = cameo.root
        verb = token if token.pos_ in {"VERB", "AUX"} else _governing_verb(token)
        if verb is None:
            return cameo, mode
        if token.i != verb.i and not (token.dep_ in {"dobj", "nsubjpass", "attr", "oprd"} and token.head.i == verb.i):
            return cameo, mode  # a noun is announced or refused only as the verb's object ("will hold a meeting")
        conditional = any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"}
                          for v in [verb, *list(verb.ancestors)[:2]] for c in v.children)
        head = verb.head if verb.head is not verb else None
        head_lemma = head.lemma_.lower() if head is not None else ""
        threatened = verb.dep_ == "xcomp" and head_lemma in THREAT_HEADS
        intended = mode == "future" or (verb.dep_ == "xcomp" and head_lemma in INTENT_HEADS) or (
            verb.dep_ == "ccomp" and head_lemma in REPORTING | {"announce"}
            and any(c.dep_ == "aux" and c.lower_ in {"would", "'d"} for c in verb.children))
        refused = mode == "negated" and (
            any(c.dep_ == "aux" and c.lower_ in {"will", "would", "wo", "shall", "ca", "can", "could", "'ll"} for c in verb.children)
            or any(up.lemma_.lower() in {"refuse", "decline", "fail", "reject"} for up in list(verb.ancestors)[:3]))
        code = None
        if refused and not conditional and root in REFUSAL:
            code, mode = REFUSAL[root], "asserted"
        elif (threatened or intended) and root in THREAT:
            code = THREAT[root]
        elif intended and root in INTENT:
            code = INTENT[root]
        if code is None or code not in self.codes:
            return cameo, mode
        return self.codes[code], mode

    def _expressed(self, token: Any) -> dict[str, Any]:
        """The date an intent, threat or refusal was expressed: that of the nearest saying or stance verb above
        the act ("said on Monday it would ..."), else the publication date."""
        up = _verb_above(token, EXPRESSING)
        return (self._report_date(up) if up is not None else None) or self._published()

    def _date(self, clause: set[int], token: Any) -> dict[str, Any]:
        """The day (or week, month, year) the event happened: a date in its own clause; else, for an event
        reported by a saying verb ("the ministry said on Monday that troops had fired"), a date in that verb's
        clause (the report's day is the latest it can have happened); else the publication date."""
        found = self._clause_date(clause, "clause")
        if found is None:
            up = _verb_above(token, REPORTING)
            found = self._report_date(up) if up is not None else None
        return found or self._published()

    def _published(self) -> dict[str, Any]:
        return {"value": self.article.published, "precision": "day" if self.article.published else None,
                "basis": "publication"}

    def _report_date(self, verb: Any) -> dict[str, Any] | None:
        """The date of a saying verb's clause; a saying verb conjoined to a dated one shares its date ("spoke by
        phone with him on Monday and told him that ...")."""
        found = self._clause_date(_clause_tokens(verb), "report")
        if found is None and verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
            found = self._clause_date(_clause_tokens(verb.head), "report")
        return found

    def _clause_date(self, clause: set[int], basis: str) -> dict[str, Any] | None:
        for t, toks in self.times:
            if t.type in {"DATE", "TIME"} and toks and toks & clause:
                value, precision = _calendar(t.value)
                if value is not None:
                    return {"value": value, "precision": precision, "basis": f"{basis}:{t.text}"}
        return None

    def _place(self, clause: set[int]) -> dict[str, Any] | None:
        for p, toks in self.places:
            if toks & clause and p.country is not None:
                head = self.doc[min(toks)]
                if head.i > 0 and self.doc[head.i - 1].lower_ in {"in", "at", "near", "outside"}:
                    return {"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon, "basis": "clause"}
        dl = self.article.dateline
        if dl.place or dl.country:
            return {"name": dl.place, "country": dl.country, "lat": None, "lon": None, "basis": "dateline"}
        return None


def _calendar(value: str) -> tuple[str | None, str | None]:
    """A TIMEX3 value as an event date and its precision: a time of day gives its day ("2026-04-21TEV"), a week
    its middle day, precision ``week`` ("2026-W16" → Thursday 2026-04-16); what is no calendar date, None."""
    if not _is_calendar(value):
        return None, None
    if len(value) > 10 and value[10] == "T" and value[4] == "-" and value[7] == "-":
        return value[:10], "day"
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        try:
            return dt.date.fromisocalendar(int(week[1]), int(week[2]), 4).isoformat(), "week"
        except ValueError:
            return None, None
    return value, _precision(value)


def _is_calendar(value: str) -> bool:
    return len(value) >= 4 and value[:4].isdigit()


def _precision(value: str) -> str:
    if len(value) >= 10:
        return "day"
    if len(value) == 7:
        return "month"
    if len(value) == 4:
        return "year"
    return "other"


def code_events(article: Any, doc: Any, *, uncoded: bool = False, quotes: Sequence[Any] = (),
                candidates: bool = False) -> list[Event]:
    """Code the events of one article, given its annotated body and its resolved actors, times and places.

    With ``candidates``, verbs that no pattern knows but that link two actors (subject and object) come
    out too, with the placeholder code ``UNCODED`` and pattern ``...:uncoded-verb``: the hybrid coder
    (``dateline.event_types.retype``) gives them a type when it reads one confidently and drops the rest.

    By default a role must resolve to a known actor or country; with ``uncoded`` a role may also be a
    plain noun phrase (actor and country empty), for measuring event types on text whose actors are
    not in the knowledge files. ``quotes`` (``dateline.quotes``) let a first-person "we" inside a quotation
    stand for the speaker's country.
    """
    return _Coder(article, doc, uncoded, quotes).run(candidates=candidates)
