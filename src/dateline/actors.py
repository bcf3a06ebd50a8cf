"""Who is who: mentions of people, organizations and states, clustered and coded.

Per article (the body and each caption, annotated by spaCy), the resolver:

1. finds **people** from PERSON entities, splitting titles and nationality off
   the name ("Iranian Supreme Leader Ali Khamenei" → title "Supreme Leader",
   country IRN, name "Ali Khamenei"); titles come from ``data/titles.tsv``;
2. attaches **surname** mentions ("Khamenei", "Sudani" for "al-Sudani",
   possessives "Sudani's") to the full name, whatever label the model gave them;
3. resolves **title-only** mentions ("the PM", "the Iraqi PM", "the president")
   to the person in the article who holds that title;
4. resolves **pronouns** that are subjects ("He praised Iraq") to the person
   who was last the subject of a clause;
5. finds **organizations** (``data/organizations.tsv`` and news agencies, then
   other ORG entities, coded from their words), **states** (country names,
   capitals and seats of government used as actors, "the Americans",
   ``data/metonyms.tsv``), and **groups** named by nationality and sector
   ("Lebanese officials" → LBN GOV, "pro-Iranian Iraqi armed groups" → IRQ REB,
   affiliated with IRN).

Across articles, ``ActorIndex`` merges actors whose names agree up to
transliteration (Ebrahim/Ibrahim, Mohammed/Muhammad, al-/el-, hyphens,
diacritics) and whose countries do not conflict, keeping every alias.
The country is taken only from the text or the knowledge files: when neither
says, it stays empty.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from functools import lru_cache

from .knowledge import (
    Leader,
    capital_country,
    country_code,
    country_of,
    countries,
    fold,
    leaders,
    metonyms,
    organization_index,
    sector_nouns,
    seat_index,
    title_index,
)

PRONOUNS = {"he", "she"}
LOCATIVE = {"in", "at", "to", "from", "near", "into", "across", "around", "outside", "inside", "through", "toward", "towards", "via", "within", "throughout"}
_NAME_PARTICLE = re.compile(r"^(?:al|el|ul|ad|as|ash|an|ar|at|az|bin|ibn|abu)[-\s]", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_MAX_TITLE_TOKENS = 6
_LOWER_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "di", "del", "van", "von", "der", "den", "la", "le", "du", "dos", "das", "bint", "abu"}


@dataclass(frozen=True)
class Mention:
    """One mention of an actor: its text and ``[start, end)`` offsets into ``field``.

    ``field`` is ``body`` or ``caption:N`` (the N-th caption); ``kind`` says
    what the mention is (``name``, ``surname``, ``title``, ``pronoun``,
    ``organization``, ``state``, ``metonym``, ``group``); ``rule`` names the
    rule that made it.
    """

    text: str
    start: int
    end: int
    field: str
    kind: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "field": self.field,
                "kind": self.kind, "rule": self.rule}


@dataclass
class Actor:
    """A canonical actor: a person, organization, state or group, with codes and every mention.

    ``country`` is ISO alpha-3 (``IGO`` for intergovernmental bodies) or
    ``None`` when the text does not say; ``sector`` a CAMEO-style sector code
    (GOV, MIL, REB, OPP, ...); ``affiliation`` a country the actor is aligned
    with ("pro-Iranian").
    """

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def add_alias(self, alias: str) -> None:
        alias = " ".join(alias.split())
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "country": self.country,
            "sector": self.sector,
            "title": self.title,
            "affiliation": self.affiliation,
            "mentions": [m.to_dict() for m in self.mentions],
        }


# ---------------------------------------------------------------------------
# name keys


def skeleton(name: str) -> str:
    """A transliteration-tolerant key: particles, vowels after the first letter and doubled letters dropped.

    "Ebrahim Raisi" and "Ibrahim Raisi" → "brhm rs"; "Mohammed Shia al-Sudani" and
    "Muhammad Shia Al Sudani" → "mhmd sh sdn".
    """
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = plain.replace("’", "'").replace("-", " ")
    words = []
    for word in re.findall(r"[a-z']+", plain):
        word = word.replace("'", "")
        if word in {"al", "el", "ul", "ad", "as", "ash", "an", "ar", "at", "az"}:
            continue
        consonants = re.sub(r"[aeiouy]", "", word) or word
        consonants = re.sub(r"(.)\1+", r"\1", consonants)
        consonants = consonants.replace("kh", "k").replace("ph", "f").replace("ck", "k").replace("q", "k")
        words.append(consonants)
    return " ".join(words)


def _hyphen_form_fits(doc, token, actor: Actor) -> bool:  # type: ignore[no-untyped-def]
    """A surname written as the tail of a hyphenated word ("Al-Salam") is the person's only when the person's
    name or an alias has that hyphenated form too ("Ahmed al-Sharaa" for "al-Sharaa")."""
    i = token.i
    if i < 2 or doc[i - 1].text not in {"-", "‐", "–"} or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return True
    form = fold(f"{doc[i - 2].text}-{token.text}")
    return any(form in fold(name.replace("‐", "-").replace("–", "-")) for name in (actor.name, *actor.aliases))


def surname_key(name: str) -> str:
    """The last name, without particles ("al-Sudani" → "sudani"), folded."""
    last = name.split()[-1] if name.split() else name
    last = _NAME_PARTICLE.sub("", last)
    return fold(last)


@lru_cache(maxsize=1)
def _leader_index() -> dict[str, list[Leader]]:
    index: dict[str, list[Leader]] = {}
    for leader in leaders():
        for form in (leader.name, *leader.aliases):
            if len(form.split()) >= 2:
                rows = index.setdefault(skeleton(form), [])
                if leader not in rows:
                    rows.append(leader)
    return index


def known_leader(name: str, year: int | None = None) -> Leader | None:
    """The well-known leader a full name refers to (``data/leaders.tsv``), preferring the office held in ``year``."""
    rows = _leader_index().get(skeleton(name), [])
    if not rows:
        return None
    if len({(r.country, r.name) for r in rows}) > 1:
        return None  # two different people share the name: no evidence which
    if year is not None:
        current = [r for r in rows if (r.start or 0) <= year and (r.end is None or year <= r.end)]
        if current:
            return current[0]
    return max(rows, key=lambda r: r.end or 9999)


def _stable_id(prefix: str, key: str) -> str:
    return f"{prefix}-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


# ---------------------------------------------------------------------------
# per-article resolution


@dataclass
class _Field:
    name: str
    doc: Any
    ents: tuple[Any, ...] = ()
    text: str = ""

    def __post_init__(self) -> None:
        # Doc.ents and Doc.text are rebuilt on every access: take them once
        self.ents = tuple(self.doc.ents)
        self.text = self.doc.text


@lru_cache(maxsize=4)
def _metonym_matcher(vocab):  # type: ignore[no-untyped-def]
    """A case-insensitive phrase matcher over ``data/metonyms.tsv``, built once per vocabulary."""
    from spacy.lang.en import English
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(vocab, attr="LOWER")
    tokenizer = English().tokenizer
    matcher.add("METONYM", [tokenizer(phrase) for phrase in _metonym_phrases()])
    return matcher


@lru_cache(maxsize=1)
def _metonym_phrases() -> tuple[str, ...]:
    from .knowledge import data_rows

    return tuple(row["phrase"] for row in data_rows("metonyms.tsv"))


class _ArticleActors:
    """Builds the actors of one article from its annotated fields."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.claimed: dict[str, set[tuple[int, int]]] = {}
        self.people_by_surname: dict[str, list[Actor]] = {}
        self.last_subject: Actor | None = None
        self.offices: dict[int, str] = {}  # id of a person with no country → the office named before the title
        # (field, start, end) of an office inside a person's mention ("Iran's Foreign Ministry" in "Iran's Foreign
        # Ministry spokesman X"): the office is an actor of its own there
        self.offices_named: set[tuple[str, int, int]] = set()

    # -- bookkeeping
    def _claim(self, field_name: str, start: int, end: int) -> bool:
        spans = self.claimed.setdefault(field_name, set())
        if any(s < end and start < e for s, e in spans) and (field_name, start, end) not in self.offices_named:
            return False
        spans.add((start, end))
        return True

    def _mention(self, actor: Actor, fld: _Field, start: int, end: int, kind: str, rule: str) -> bool:
        text = fld.text[start:end].rstrip()
        last_word = text.split()[-1] if text.split() else ""
        if last_word.endswith(".") and last_word.count(".") == 1 and len(last_word) > 2:
            text = text[:-1]  # a sentence's full stop, not an abbreviation ("U.S.")
        end = start + len(text)
        if not text or not self._claim(fld.name, start, end):
            return False
        actor.mentions.append(Mention(text, start, end, fld.name, kind, rule))
        if kind != "pronoun":
            actor.add_alias(text)
        return True

    def _overlaps(self, field_name: str, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.claimed.get(field_name, ()))

    def _get(self, key: str, factory) -> Actor:  # type: ignore[no-untyped-def]
        if key not in self.actors:
            self.actors[key] = factory()
        return self.actors[key]

    # -- people
    def people(self, fld: _Field) -> None:
        doc = fld.doc
        for ent in fld.ents:
            if ent.label_ != "PERSON" and not (len(ent) >= 2 and ent.label_ in {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
                                                and known_leader(_POSSESSIVE.sub("", ent.text)) is not None):
                continue  # a well-known leader's name mislabelled by the model still counts as a person
            start_tok, end_tok = ent.start, ent.end
            while end_tok > start_tok and doc[end_tok - 1].text in {"'s", "’s", "'", "’"}:
                end_tok -= 1
            name_span = doc[start_tok:end_tok]
            title, country, title_start, former, lead, office = self._title_before(doc, start_tok)
            comma_title = False
            if title is None and start_tok >= 2 and doc[start_tok - 1].text == ",":
                # "Manila's foreign minister, Teresa Lacson-Ocampo, said": the title in apposition before the name
                before = self._title_before(doc, self._skip_posting(doc, start_tok - 1))
                root = doc[start_tok:end_tok].root
                # only a real apposition: the name hangs on the title's noun, or it on the name ("At a news
                # conference with the PM, Raisi said" is no title for Raisi)
                if before[0] is not None and any(
                        (root.dep_ == "appos" and root.head.i == k) or (doc[k].dep_ == "appos" and doc[k].head.i == root.i)
                        for k in range(before[2], start_tok - 1)):
                    title, country, title_start, former, lead, office = before
                    comma_title = True
            if (title is None and start_tok >= 2 and doc[start_tok - 1].pos_ == "PROPN" and doc[start_tok - 1].is_title
                    and not doc[start_tok - 1].is_sent_start and doc[start_tok - 1].ent_type_ in {"", "PERSON"}):
                # "Minister of State Saeed Rashid al-Nuaimi" with "Saeed" left out of the name by the model
                before = self._title_before(doc, start_tok - 1)
                if before[0] is not None:
                    title, country, title_start, former, lead, office = before
                    start_tok -= 1
                    name_span = doc[start_tok:end_tok]
            inner_title = self._title_prefix(name_span)
            if inner_title:
                t_len, t_obj = inner_title
                title = title or t_obj
                name_span = doc[start_tok + t_len : end_tok]
                title_start = start_tok if title_start is None else title_start
            if not len(name_span):
                continue
            name = _POSSESSIVE.sub("", name_span.text)
            if any(w[:1].islower() and not _NAME_PARTICLE.match(w + " ") and w not in _LOWER_PARTICLES for w in name.split()):
                continue  # "Al-Salam mosques": not a person's name
            if len(name.split()) < 2 and not title:
                continue  # a bare surname: attached later, if a full name in the article owns it
            after_title, after_country = (None, None) if title is not None or comma_title else self._title_after(doc, start_tok, end_tok)
            if after_title is not None or after_country is not None:
                # "Daniel Whitcombe, a 41-year-old American journalist": the apposition after the name
                title, country = title or after_title, country or after_country
            actor = self._person(name, country, title, former)
            if office:
                if actor.country is None:
                    self.offices.setdefault(id(actor), office)
                last = doc[title_start - 1 - (1 if former else 0)]
                self.offices_named.add((fld.name, doc[lead].idx, last.idx + len(last.text)))
            mention_start = doc[title_start].idx if title_start is not None else name_span.start_char
            if title_start is not None and lead is not None and (country or office is not None):
                mention_start = doc[lead].idx  # "South Sudan's Foreign Minister X", "Defence Ministry spokesman X"
            if comma_title:
                first = (lead if lead is not None and (country or office is not None) else title_start)
                if first > 0 and doc[first - 1].lower_ in {"the", "a", "an", "her", "his", "their", "its"}:
                    mention_start = doc[first - 1].idx  # "A State Department spokesperson, Megan Ostrowski"
            end_char = name_span.end_char
            if self._mention(actor, fld, mention_start, end_char, "name", "person:title+name" if title else "person:name"):
                actor.add_alias(name)
                self._note_subject(actor, name_span.root)

    def _person(self, name: str, country: str | None, title: Any, former: bool) -> Actor:
        key = skeleton(name)
        sector = title.sector if title is not None else None
        title_name = (("former " if former else "") + title.name) if title is not None else None
        for actor in self.actors.values():
            if actor.kind == "person" and skeleton(actor.name) == key:
                actor.country = actor.country or country
                actor.sector = actor.sector or sector
                actor.title = actor.title or title_name
                return actor
        actor = Actor(id="", name=name, kind="person", country=country, sector=sector, title=title_name)
        self.actors["person:" + key] = actor
        self.people_by_surname.setdefault(surname_key(name), []).append(actor)
        return actor

    def _title_prefix(self, span) -> tuple[int, Any] | None:  # type: ignore[no-untyped-def]
        """A title at the start of a PERSON entity ("President Bashir Gemayel")."""
        index = title_index()
        for length in range(min(_MAX_TITLE_TOKENS, len(span) - 1), 0, -1):
            title = index.get(fold(span[:length].text))
            if title is not None:
                return length, title
        return None

    def _title_before(self, doc, start: int):  # type: ignore[no-untyped-def]
        """For the words before a name: title, country, first token of the title, "former", the first token of
        the words naming the country or office ("South Sudan's", "Iran's Foreign Ministry"; None without
        them) and that office's folded name (None without one)."""
        index = title_index()
        for length in range(min(_MAX_TITLE_TOKENS, start), 0, -1):
            window = doc[start - length : start]
            if any(t.is_sent_start for t in window[1:]) or doc[start].is_sent_start:
                continue
            title = index.get(fold(window.text)) or _minister_of(window.text)
            if title is None:
                continue
            title_start = start - length
            country, former, lead, office = None, False, None, None
            before = title_start - 1
            if before >= 0 and doc[before].lower_ == "former":
                former = True
                before -= 1
            if before >= 0:
                country, lead = _country_before(doc, before)
                prev = doc[before]
                if prev.lower_ == "its" and country is None:
                    # "Uganda ..., but its Foreign Minister X": the last country named before, in the same sentence
                    country = next((country_of(t.text) for t in reversed(doc[prev.sent.start : before])
                                    if t.ent_type_ == "GPE" and country_of(t.text)), None)
                if country is None and prev.ent_type_ == "ORG" and prev.text not in {"'s", "’s"}:
                    # "Iran's Foreign Ministry spokesman X", "Turkish Defence Ministry spokesman X": the office's country
                    first = _entity_start(doc, before)
                    span = doc[first : before + 1]
                    office = fold(re.sub(r"^the\s+", "", span.text, flags=re.IGNORECASE))
                    lead = first
                    known = organization_index().get(office)
                    country = next((country_of(t.text) for t in span if country_of(t.text)), None) or (
                        known.country if known is not None else None)  # "EU foreign policy chief X"
                    if country is None and first > 0:
                        country, owner = _country_before(doc, first - 1)
                        lead = owner if owner is not None else lead
                if country is None and office is None:
                    country, lead = self._descriptor_country(doc, before, index)
                    if lead is not None and country is None:
                        office = ""  # the descriptors name no country, but they are part of how the person is named
            return title, country, title_start, former, lead, office
        return None, None, None, False, None, None

    @staticmethod
    def _descriptor_country(doc, before: int, index) -> tuple[str | None, int | None]:  # type: ignore[no-untyped-def]
        """The country of a chain of descriptors before a title: "Pakistani army spokesman Major General X",
        "Burkina Faso's government spokesman X", "UN human rights spokeswoman X". Walks back over at most four
        lowercase words or titles, then reads a nationality, a possessive or a known body."""
        k = before
        steps = 0
        while k >= 0 and steps < 4:
            t = doc[k]
            if not t.is_alpha:
                break
            if t.is_lower and t.pos_ in {"NOUN", "ADJ"} or fold(t.text) in index or t.lower_ in _sector_words():
                k -= 1
                steps += 1
                if t.is_sent_start:
                    return None, k + 1  # "Government spokesman X" opening a sentence: named by its office only
                continue
            break
        if steps == 0 or k < 0:
            return None, (k + 1 if steps else None)
        country, lead = _country_before(doc, k)
        if country is None and doc[k].ent_type_ == "ORG":
            first = _entity_start(doc, k)
            known = organization_index().get(fold(doc[first : k + 1].text))
            if known is not None and known.country:
                return known.country, first
        return country, lead

    @staticmethod
    def _skip_posting(doc, comma: int) -> int:  # type: ignore[no-untyped-def]
        """Where the title before an appositive comma ends: "The U.S. ambassador in Manila, X" skips "in Manila"."""
        first = _entity_start(doc, comma - 1)
        if first >= 1 and doc[first].ent_type_ in {"GPE", "LOC"} and doc[first - 1].lower_ in {"in", "to", "at"}:
            return first - 1
        return comma

    def _title_after(self, doc, start: int, end: int):  # type: ignore[no-untyped-def]
        """Title and country of an apposition right after a name, as the parse gives it: ", a 41-year-old
        American journalist", ", the Iranian foreign minister,", ", Iran's foreign minister,". The title is the
        longest one ending at the apposition's head noun; the country a nationality, place or possessive
        before it."""
        if end >= len(doc) or doc[end].text != ",":
            return None, None
        head = next((t for t in doc[end + 1 : min(len(doc), end + 12)] if t.dep_ == "appos" and start <= t.head.i < end), None)
        if head is None or head.pos_ not in {"NOUN", "PROPN"}:
            return None, None
        first = head.left_edge.i
        index = title_index()
        title = None
        for k in range(max(first, head.i - _MAX_TITLE_TOKENS + 1), head.i + 1):
            title = index.get(fold(doc[k : head.i + 1].text))
            if title is not None:
                break
        country = None
        for t in doc[first : head.i]:
            if t.ent_type_ in {"NORP", "GPE"}:
                country = country_of(t.text) or capital_country(t.text)
                if country:
                    break
        return title, country

    def surnames(self, fld: _Field) -> None:
        """Tokens that are the surname of a person in the article, whatever the model said."""
        doc = fld.doc
        skip_to = -1
        for token in doc:
            if token.i < skip_to or not token.text[:1].isupper():
                continue
            end = token.idx + len(token.text)
            i = token.i
            if (i + 2 < len(doc) and doc[i + 1].text in {"-", "‐"} and not token.whitespace_ and not doc[i + 1].whitespace_
                    and doc[i + 2].text[:1].isupper()):
                double = surname_key(f"{token.text}-{doc[i + 2].text}")
                owners = self.people_by_surname.get(double) if "-" in double else None  # not "Al-Salam" for Salam
                if owners:  # "Lacson-Ocampo" for Teresa Lacson-Ocampo: a double-barrelled surname, whole
                    actor = owners[-1] if len(owners) == 1 else self._most_recent(owners)
                    if self._mention(actor, fld, token.idx, doc[i + 2].idx + len(doc[i + 2].text), "surname", "person:surname"):
                        self._note_subject(actor, doc[i + 2])
                    skip_to = i + 3
                    continue
            key = surname_key(token.text)
            owners = self.people_by_surname.get(key)
            if not owners:
                continue
            actor = owners[-1] if len(owners) == 1 else self._most_recent(owners)
            if not _hyphen_form_fits(doc, token, actor):
                continue  # "Al-Salam mosques" is not Nawaf Salam; "al-Sharaa" is Ahmed al-Sharaa
            if self._mention(actor, fld, token.idx, end, "surname", "person:surname"):
                self._note_subject(actor, token)

    def _most_recent(self, owners: Sequence[Actor]) -> Actor:
        return max(owners, key=lambda a: max((m.start for m in a.mentions), default=-1))

    def _note_subject(self, actor: Actor, token) -> None:  # type: ignore[no-untyped-def]
        if token.dep_ in {"nsubj", "nsubjpass"} or (token.dep_ in {"compound", "poss"} and token.head.dep_ in {"nsubj", "nsubjpass"}):
            self.last_subject = actor

    # -- title-only mentions and pronouns, in text order
    def references(self, fld: _Field) -> None:
        doc = fld.doc
        index = title_index()
        tokens = list(doc)
        owner: dict[int, Actor] = {}
        for actor in self.actors.values():
            if actor.kind != "person":
                continue
            for m in actor.mentions:
                if m.field == fld.name:
                    span = doc.char_span(m.start, m.end, alignment_mode="expand")
                    for t in span if span is not None else ():
                        owner[t.i] = actor
        title_starts = _title_first_words()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            # tokens inside people's mentions already found update the running subject
            claimed_actor = owner.get(i)
            if claimed_actor is not None:
                self._note_subject(claimed_actor, token)
                i += 1
                continue
            if token.lower_ == "the" and i + 1 < len(tokens) and (
                tokens[i + 1].lower_ in title_starts or tokens[i + 1].ent_type_ == "NORP"
            ):
                matched = self._title_reference(doc, i, index, fld)
                if matched:
                    i = matched
                    continue
            if token.lower_ in PRONOUNS and token.dep_ in {"nsubj", "nsubjpass"} and self.last_subject is not None:
                actor = self.last_subject
                self._mention(actor, fld, token.idx, token.idx + len(token.text), "pronoun", "pronoun:last-subject")
            i += 1

    def _title_reference(self, doc, i: int, index, fld: _Field) -> int | None:  # type: ignore[no-untyped-def]
        """ "the PM", "the Iraqi PM", "the president" → the person holding that title."""
        j = i + 1
        country = None
        if j < len(doc) and doc[j].ent_type_ == "NORP":
            country = country_of(doc[j].text)
            j += 1
        for length in range(_MAX_TITLE_TOKENS, 0, -1):
            if j + length > len(doc):
                continue
            span = doc[j : j + length]
            title = index.get(fold(span.text))
            if title is None:
                continue
            end = j + length
            if end < len(doc) and doc[end].ent_type_ == "PERSON":
                return None  # part of "the President X": handled with the name
            holders = [a for a in self.actors.values() if a.kind == "person" and a.title
                       and a.title.removeprefix("former ") == title.name and (country is None or a.country == country)]
            if not holders:
                return None
            actor = self._most_recent(holders)
            start_char, end_char = doc[i].idx, span.end_char
            if self._mention(actor, fld, start_char, end_char, "title", "person:title-reference"):
                self._note_subject(actor, span.root)
            return end
        return None

    # -- organizations, states, metonyms, groups
    def organizations(self, fld: _Field) -> None:
        doc = fld.doc
        orgs = organization_index()
        for ent in fld.ents:
            if ent.label_ not in {"ORG", "NORP", "GPE", "PERSON", "FAC"}:
                continue
            text = _POSSESSIVE.sub("", ent.text).strip()
            text_wo_the = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
            org = orgs.get(fold(text_wo_the))
            if org is None and ent.label_ != "ORG":
                continue
            start = ent.start_char + (len(ent.text) - len(ent.text.lstrip()))
            end = start + len(text)
            if org is not None:
                if ent.start > 0 and doc[ent.start - 1].lower_ == "the" and not text.lower().startswith("the "):
                    start = doc[ent.start - 1].idx  # "the Kremlin", "the White House": the name takes its article
                key = "org:" + fold(org.name)
                actor = self._get(key, lambda: Actor(id="", name=org.name, kind="organization",
                                                     country=org.country, sector=org.sector))
                rule = "organization:known"
            else:
                if self._is_person_surname(text):
                    continue
                owner = _OWNER.match(text_wo_the)
                if owner and country_of(owner.group(1)):
                    text_wo_the = owner.group(2)  # "Cyprus's Foreign Ministry": Cyprus's "Foreign Ministry"
                country = next((country_of(t.text) for t in ent if country_of(t.text)), None)
                if country is None and ent.start > 0:
                    country, lead = _country_before(doc, ent.start - 1)  # "Iran's Foreign Ministry"
                    if lead is not None:
                        start = doc[lead].idx  # the mention names the country too
                if country and country != "IGO" and not any(country_of(w) for w in text_wo_the.split()):
                    # named after its country as such bodies are: "Armenia's Defence Ministry" is the Armenian
                    # Defence Ministry, the same actor as a later "the Armenian Defence Ministry"
                    demonym = _demonym(country)
                    if demonym:
                        text_wo_the = f"{demonym} {text_wo_the}"
                sector = _sector_of_words(text)
                # two countries' "Foreign Ministry" in one article are two actors
                key = "org:" + fold(text_wo_the) + (":" + country if country else "")
                actor = self._get(key, lambda: Actor(id="", name=text_wo_the, kind="organization",
                                                     country=country, sector=sector))
                rule = "organization:entity"
            if self._mention(actor, fld, start, end, "organization", rule):
                actor.add_alias(re.sub(r"^the\s+", "", fld.text[start:end], flags=re.IGNORECASE))

    def _is_person_surname(self, text: str) -> bool:
        return surname_key(text) in self.people_by_surname

    def states(self, fld: _Field) -> None:
        doc = fld.doc
        seats = seat_index()
        meto = metonyms()
        # metonym phrases first ("the Zionist regime")
        for span in _metonym_matcher(doc.vocab)(doc, as_spans=True):
            hit = meto.get(fold(span.text))
            if hit:
                actor = self._state(hit[0])
                self._mention(actor, fld, span.start_char, span.end_char, "metonym", "state:metonym-file")
        for ent in fld.ents:
            if ent.label_ not in {"GPE", "NORP", "ORG", "LOC", "FAC"}:
                continue
            text = _POSSESSIVE.sub("", ent.text).strip()
            code = country_code(text)
            if ent.label_ == "GPE" and code:
                actor = self._state(code)
                self._mention(actor, fld, ent.start_char, ent.start_char + len(text), "state", "state:country-name")
                continue
            seat = seats.get(fold(text))
            if seat and ent.label_ in {"GPE", "ORG", "FAC"} and not _locative(ent):
                actor = self._state(seat)
                self._mention(actor, fld, ent.start_char, ent.start_char + len(text), "metonym", "state:seat")
                continue
            if ent.label_ == "NORP":
                self._norp(fld, ent)

    def _norp(self, fld: _Field, ent) -> None:  # type: ignore[no-untyped-def]
        """ "the Americans" → the state; "Lebanese officials" → a group coded by sector."""
        doc = fld.doc
        words = ent.text.split()
        last = words[-1] if words else ent.text
        # "South Sudanese" before "Sudanese"
        code = country_of(_POSSESSIVE.sub("", ent.text).strip().removeprefix("pro-")) or country_of(last.removeprefix("pro-"))
        if code is None:
            return
        # "pro-Iranian Iraqi armed groups": affiliation, country, sector noun
        affiliation = None
        start_tok = ent.start
        if ent.text.lower().startswith("pro-"):
            return  # an affiliation modifier: read when the group noun is reached
        before = next((e for e in fld.ents if e.end == start_tok and e.text.lower().startswith("pro-")), None)
        if before is not None:
            affiliation = country_of(before.text[4:].strip(" -"))
            start_tok = before.start
        sector, end_tok = _sector_after(doc, ent.end)
        if sector is not None:
            start_char, end_char = doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
            if self._overlaps(fld.name, start_char, end_char):
                return
            key = f"group:{code}:{sector}"
            actor = self._get(key, lambda: Actor(id="", name=doc[ent.start:end_tok].text, kind="group",
                                                 country=code, sector=sector, affiliation=affiliation))
            actor.affiliation = actor.affiliation or affiliation
            self._mention(actor, fld, start_char, end_char, "group", "group:nationality+sector")
            return
        is_plural_noun = ent.root.tag_ in {"NNPS", "NNS"} or (last.endswith("s") and ent.root.dep_ not in {"amod", "compound"})
        if is_plural_noun:
            start = ent.start_char
            if ent.start > 0 and doc[ent.start - 1].lower_ == "the":
                start = doc[ent.start - 1].idx
            actor = self._state(code)
            end = ent.end_char
            self._mention(actor, fld, start, end, "metonym", "state:people")

    def _state(self, code: str) -> Actor:
        name = next((c.name for c in countries() if c.alpha3 == code), code)
        return self._get("state:" + code, lambda: Actor(id="", name=name, kind="state", country=code))

    def finish(self, year: int | None = None, home: str | None = None) -> list[Actor]:
        actors = [a for a in self.actors.values() if a.mentions]
        actors = _merge_acronyms(actors)
        if home_state(ranked_states(actors), home) is not None:
            for actor in actors:
                if actor.kind == "organization" and actor.country is None and actor.sector == "PTY":
                    actor.country = home  # "the United Democratic Party (UDP)" in a story from Banjul about The Gambia
                elif actor.kind == "person" and actor.country is None and actor.sector in {"GOV", "MIL", "COP"} \
                        and known_leader(actor.name) is None:
                    actor.country = home  # "Government spokesman Ebrima Touray", "Army chief General Saikou Njie"
        # "the Defence Ministry" after "the Turkish Defence Ministry": the same office, of the same country
        orgs = [a for a in actors if a.kind == "organization"]
        for actor in orgs:
            if actor.country is None:
                tail = " " + fold(actor.name)
                owners = {o.country for o in orgs if o.country and fold(o.name).endswith(tail)}
                if len(owners) == 1:
                    actor.country = owners.pop()
        by_name = {}
        for actor in orgs:
            by_name.setdefault(fold(actor.name), set()).add(actor.country)
        for actor in actors:
            office = self.offices.get(id(actor))
            if actor.kind == "person" and actor.country is None and office is not None:
                countries_of_office = {c for c in by_name.get(office, set()) if c}
                if len(countries_of_office) == 1:
                    actor.country = countries_of_office.pop()  # "Defence Ministry spokesman X"
        for actor in actors:
            if actor.kind == "person" and len(actor.name.split()) >= 2:
                self._from_knowledge(actor, year)
            actor.id = actor_id(actor)
            actor.mentions.sort(key=lambda m: (m.field != "body", m.field, m.start))
        return sorted(actors, key=lambda a: (min((m.start for m in a.mentions if m.field == "body"), default=10**9), a.name))


    @staticmethod
    def _from_knowledge(actor: Actor, year: int | None) -> None:
        """Fill a person's country, sector and title from ``leaders.tsv`` where the text left them open."""
        leader = known_leader(actor.name, year)
        if leader is None or (actor.country and leader.country and actor.country != leader.country):
            return
        actor.country = actor.country or leader.country
        actor.sector = actor.sector or leader.sector
        if leader.title and (actor.title is None or actor.title.removeprefix("former ") == leader.title):
            former = year is not None and leader.end is not None and leader.end < year
            actor.title = ("former " if former else "") + leader.title
        actor.add_alias(leader.name)


_MINISTER_OF = re.compile(r"(?:Deputy |Vice |Junior )?Minister(?: of State)?(?: (?:for|of) [A-Z][\w-]*(?:,? (?:and )?[A-Z][\w-]*){0,4})?")


def _minister_of(text: str) -> Any:
    """ "Minister of State for Foreign Affairs", "Minister for Energy and Water": a minister, whatever the portfolio
    (whose last word is a portfolio's, so that a given name the model left out of the name is not taken for one:
    "Minister of State Saeed")."""
    text = text.strip()
    if _MINISTER_OF.fullmatch(text) and text != "Minister" and fold(text.split()[-1]) in _portfolio_words():
        return title_index().get("minister")
    return None


@lru_cache(maxsize=None)
def _demonym(code: str) -> str | None:
    """The first demonym of a country ("ARM" → "Armenian"), for naming its bodies."""
    return next((c.demonyms[0] for c in countries() if c.alpha3 == code and c.demonyms), None)


@lru_cache(maxsize=1)
def _sector_words() -> frozenset[str]:
    """Single-word sector nouns ("army", "government", "police") that may stand capitalised in a descriptor."""
    return frozenset(w for w in sector_nouns() if " " not in w)


@lru_cache(maxsize=1)
def _portfolio_words() -> frozenset[str]:
    """Last words of ministerial portfolios ("Affairs", "Defence", "Energy"), from ``data/portfolios.tsv``."""
    from .knowledge import data_rows

    return frozenset(fold(row["word"]) for row in data_rows("portfolios.tsv"))


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in {"of", "the", "and", "for", "on", "de", "la", "du"}).upper()


def _merge_acronyms(actors: list[Actor]) -> list[Actor]:
    """An organization named by its acronym is the one whose name it abbreviates, in the same article:
    "the United Democratic Party (UDP)" ... "The UDP denied ..." is one actor."""
    orgs = [a for a in actors if a.kind == "organization"]
    gone: set[int] = set()
    for short in orgs:
        if not re.fullmatch(r"[A-Z]{2,6}", short.name):
            continue
        full = [o for o in orgs if o is not short and id(o) not in gone and len(o.name.split()) >= 2
                and _initials(o.name) == short.name]
        if len(full) != 1:
            continue
        owner = full[0]
        owner.mentions.extend(short.mentions)
        for alias in (short.name, *short.aliases):
            owner.add_alias(alias)
        owner.country = owner.country or short.country
        owner.sector = owner.sector or short.sector
        gone.add(id(short))
    return [a for a in actors if id(a) not in gone]


_OWNER = re.compile(r"^(.+?)['’]s\s+(\S.*)$")  # "Cyprus's Foreign Ministry"


def _entity_start(doc, i: int) -> int:  # type: ignore[no-untyped-def]
    """The first token of the named entity token ``i`` lies in (``i`` itself outside one)."""
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _country_before(doc, before: int) -> tuple[str | None, int | None]:  # type: ignore[no-untyped-def]
    """The country named by the words ending at token ``before`` — a possessive ("South Sudan's") or a
    nationality or place ("Turkish", "South Sudanese"), the whole entity first — and their first token."""
    prev = doc[before]
    end = before + 1
    if prev.text in {"'s", "’s", "'", "’"}:
        if before == 0:
            return None, None
        end = before
        prev = doc[before - 1]
    if prev.ent_type_ not in {"NORP", "GPE"} and not (end == before and country_of(prev.text)):
        return None, None
    first = _entity_start(doc, end - 1)
    code = country_of(doc[first:end].text) or country_of(prev.text)
    if code is None and end == before:
        code = capital_country(doc[first:end].text)  # "Manila's foreign minister"
    return (code, first) if code else (None, None)


@lru_cache(maxsize=1)
def _title_first_words() -> frozenset[str]:
    """Lower-cased first words of every title and alias, to skip "the" quickly when no title follows."""
    return frozenset(form.split()[0].lower() for form in title_index() if form)


def _locative(ent) -> bool:  # type: ignore[no-untyped-def]
    """True when an entity is the object of a locative preposition ("in Tehran"): a place, not an actor."""
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return True
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in LOCATIVE


def _sector_after(doc, index: int) -> tuple[str | None, int]:  # type: ignore[no-untyped-def]
    """A sector noun right after a nationality ("Lebanese officials", "Iraqi armed groups")."""
    nouns = sector_nouns()
    j = index
    # skip other nationality words and simple modifiers ("Lebanese government officials")
    while j < len(doc) and (doc[j].ent_type_ == "NORP" or doc[j].lower_ in {"state", "government", "security", "armed", "top", "senior", "local"}):
        if fold(doc[j : j + 2].text) in nouns or fold(doc[j].text) in nouns and doc[j].ent_type_ != "NORP":
            break
        j += 1
    for length in (3, 2, 1):
        if j + length <= len(doc):
            phrase = fold(doc[j : j + length].text)
            if phrase in nouns:
                return nouns[phrase], j + length
    return None, index


_SECTOR_WORDS = (
    (re.compile(r"\b(?:ministry|government|office|cabinet|presidency|embassy|council of ministers)\b", re.I), "GOV"),
    (re.compile(r"\b(?:army|military|armed forces|navy|air force|guard|brigades?|battalion|defen[cs]e forces)\b", re.I), "MIL"),
    (re.compile(r"\b(?:police|gendarmerie|border guard)\b", re.I), "COP"),
    (re.compile(r"\b(?:party|movement)\b", re.I), "PTY"),
    (re.compile(r"\b(?:parliament|congress|senate|assembly)\b", re.I), "LEG"),
    (re.compile(r"\b(?:court|tribunal|judiciary)\b", re.I), "JUD"),
    (re.compile(r"\b(?:intelligence)\b", re.I), "SPY"),
    (re.compile(r"\b(?:news|agency|times|post|tv|television|radio|press|broadcast\w*)\b", re.I), "MED"),
    (re.compile(r"\b(?:bank|company|corp|inc|ltd|group)\b", re.I), "BUS"),
    (re.compile(r"\b(?:university|school|college)\b", re.I), "EDU"),
    (re.compile(r"\b(?:church|mosque|diocese|islamic council)\b", re.I), "REL"),
)


def _sector_of_words(name: str) -> str | None:
    for pattern, sector in _SECTOR_WORDS:
        if pattern.search(name):
            return sector
    return None


def actor_id(actor: Actor) -> str:
    """A stable id: people by transliteration key, states and groups by code, organizations by name."""
    if actor.kind == "person":
        return _stable_id("p", skeleton(actor.name))
    if actor.kind == "state":
        return f"s-{actor.country}"
    if actor.kind == "group":
        return f"g-{actor.country}-{actor.sector}"
    return _stable_id("o", fold(actor.name))


def ranked_states(actors: Iterable[Actor]) -> list[tuple[Actor, int]]:
    """The article's states with how often its body names each, most named first."""
    counted = [(a, sum(m.field == "body" for m in a.mentions)) for a in actors if a.kind == "state"]
    return sorted(counted, key=lambda pair: -pair[1])


def home_state(ranked: Sequence[tuple[Actor, int]], home: str | None) -> Actor | None:
    """The state an article is about when the story was filed there: named most (at least three times, more than
    any other) and the country of the dateline (``home``)."""
    if home and ranked and ranked[0][0].country == home and ranked[0][1] >= 3 and (
            len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def resolve_actors(fields: Iterable[tuple[str, Any]], published: str | None = None,
                   home: str | None = None) -> list[Actor]:
    """Actors of one article from its annotated fields: ``[("body", doc), ("caption:0", doc), ...]``.

    ``published`` (ISO date) tells which office a well-known leader held then. ``home`` is the country the
    story was filed from (its dateline); when the article is about that country (it is the state named
    most, at least three times), a political party or movement and an official (government, army, police)
    named with no country are that country's.

    Captions are read first so that a full name given only in a caption
    ("Iranian President Ebrahim Raisi") anchors the body's mentions.
    """
    fields = [_Field(name, doc) for name, doc in fields]
    ordered = sorted(fields, key=lambda f: f.name == "body")
    state = _ArticleActors()
    for fld in ordered:
        state.people(fld)
    for fld in ordered:
        state.last_subject = None
        state.surnames(fld)
        state.organizations(fld)
        state.states(fld)
        state.references(fld)
    year = int(published[:4]) if published and published[:4].isdigit() else None
    return state.finish(year, home)


# ---------------------------------------------------------------------------
# across articles


class ActorIndex:
    """Canonical actors across a corpus: merges people whose names agree up to transliteration.

    Two people merge only when their keys agree and their countries do not
    conflict (a shared surname alone never merges two people).
    """

    def __init__(self) -> None:
        self.by_id: dict[str, Actor] = {}

    def add(self, actor: Actor) -> Actor:
        """Merge one article's actor into the index and return the canonical actor (its id may gain a country)."""
        key = actor.id
        if actor.kind == "person":
            existing = self.by_id.get(key)
            if existing is not None and existing.country and actor.country and existing.country != actor.country:
                key = f"{key}-{actor.country}"
        canonical = self.by_id.get(key)
        if canonical is None:
            canonical = Actor(id=key, name=actor.name, kind=actor.kind, country=actor.country, sector=actor.sector,
                              title=actor.title, affiliation=actor.affiliation)
            self.by_id[key] = canonical
        for alias in (actor.name, *actor.aliases):
            canonical.add_alias(alias)
        canonical.country = canonical.country or actor.country
        canonical.sector = canonical.sector or actor.sector
        canonical.title = canonical.title or actor.title
        canonical.affiliation = canonical.affiliation or actor.affiliation
        return canonical

    def actors(self) -> list[Actor]:
        return sorted(self.by_id.values(), key=lambda a: (a.kind, a.name))
