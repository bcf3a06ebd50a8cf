"""Named entities: the statistical model's output, corrected by data-driven rules.

The small English model makes the same mistakes again and again: it tags
text in capitals (headlines, datelines, sports tables) badly; it keeps "the"
and a possessive "'s" inside names; it runs one entity across a dash, a
bracket, a conjunction or a score ("Norwich 1 Wolverhampton 0"); it swallows
a nationality and a title into a person's name ("Iranian President Ebrahim
Raisi"); and it does not know many organizations ("UNHCR", "Hezbollah") by
name. Four components, added after ``ner`` by :func:`add_entity_rules`, fix
these, in this order:

``dateline_caps_ner``
    Lines in capitals are tagged again, by the pipeline's own ``ner``, on a
    *shadow* copy whose words are re-cased (:func:`truecase_line`: a word
    takes the casing it has mid-sentence elsewhere in the document, else the
    casing it has in a known name, else lower case if it is an English word,
    else title case). The shadow has the same tokens, so its entities replace
    the line's token for token.
``dateline_entity_cleanup``
    Entities are cut at line breaks, spaced dashes, brackets and other
    separators; names (PERSON, ORG, GPE, LOC, NORP, FAC) also at tokens
    without letters and PERSON/GPE/NORP at "and"/"or". Pieces are trimmed:
    a leading "the" (lower case, in capitals, or opening a sentence),
    leading and trailing lower-case words, a capitalized common word opening
    a sentence ("Later Lebed"), trailing possessives and punctuation. A
    PERSON loses a leading nationality to a NORP entity and leading titles
    and honorifics (``titles.tsv``, "Mr."); a PERSON that stops at a particle
    takes the surname that follows ("Ursula von der" + "Leyen"). Pieces that
    are only a title ("President"), a capitalized common word opening a
    sentence ("Women 's 800 metres"), or have no capitalized word are dropped;
    initials and a surname ("P. Simmons") are a PERSON.
``dateline_entity_ruler``
    Names from the knowledge files are matched: countries and their aliases
    (``countries.tsv``) and capitals as GPE, demonyms as NORP, organizations
    (``organizations.tsv``) and news agencies (``agencies.tsv``) as ORG; when
    two sources give the same text the first in that order wins ("U.S." is
    GPE). A match relabels a model entity with exactly its span (but a
    capital never overrides a PERSON, "Washington", and a demonym never
    overrides a LANGUAGE), replaces entities it covers or crosses, and leaves
    alone a longer model entity that contains it ("Bank of England") unless
    that entity only joins it to another name with "and". A known name glued
    to a capitalized word the knowledge files do not explain ("U.S. Open",
    "Fed Cup", "Iran Air") is left to the model, and a one-word name that is
    also a word of a longer PERSON in the document ("Jordan" with "Neil
    Jordan") is not matched.
``dateline_entity_context``
    Document-level evidence: a name in a line in capitals takes the label the
    same words get in running text; the tail of a multi-word PERSON
    ("Lebed" after "Alexander Lebed") is a PERSON wherever it recurs; in a
    results or standings row ("Norwich 1 Wolverhampton 0", "CHICAGO 72 64
    .529") a name followed by a score that is not a country names a team and
    becomes ORG; a wire dateline's place ("LONDON 1996-08-30", "BEIRUT
    (Reuters) -") is a GPE.

Matching is case-sensitive ("WHO" never matches "who"), except that in a line
in capitals a name that is not itself an acronym also matches its upper-case
form ("RUSSIA"); a one-word name that is also an English word is not matched
when it opens a sentence and the model did not tag it ("Shell", "Labour").

Decisions: seats of government that speak for a government ("the Kremlin",
"the White House", "Downing Street", "the Pentagon") are organizations, ORG,
without "the" (the actor is RUS GOV, USA GOV...); "the" is never part of a
name except as "The" inside a sentence ("The Hague").

:func:`ner_pipeline` returns the shared pipeline (:func:`dateline.annotate.load`)
with the rules added; :func:`entities` lists a Doc's entities as character
offsets. ``dateline.evaluate.ner`` scores the result on CoNLL-2003.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from . import annotate, knowledge

__all__ = [
    "RULE_COMPONENTS",
    "GazetteerName",
    "gazetteer",
    "add_entity_rules",
    "ner_pipeline",
    "entities",
    "is_caps_line",
    "truecase_line",
]

RULE_COMPONENTS = ("dateline_caps_ner", "dateline_entity_cleanup", "dateline_entity_ruler", "dateline_entity_context")
"""dateline's NER components, in pipeline order (all placed after ``ner``)."""

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
"""Labels of proper names: these are cut at separators and numbers and trimmed of lower-case words."""
_NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})

_SEPARATORS = frozenset({"(", ")", "[", "]", "{", "}", ",", ";", ":", "/", "\\", '"', "|", "``", "''", "“", "”", "«", "»", "•", "*", "=", "+", "<", ">"})
_DASHES = frozenset({"-", "--", "–", "—", "―"})
_TRAILING = frozenset({".", ",", ";", ":", "'", "’", "'s", "’s", "s'", "!", "?", "-", "–", "—"})
_DETERMINERS = frozenset({"the", "a", "an"})
_CONJUNCTIONS = frozenset({"and", "or", "&", ","})
_HONORIFICS = frozenset({
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Prof", "Prof.", "Professor", "Sir", "Dame",
    "Rev", "Rev.", "Reverend", "Fr", "Fr.", "Father", "Sister", "Brother", "MR", "MRS", "MS", "DR",
})
_PARTICLES = frozenset({
    "al", "el", "bin", "ibn", "bint", "abu", "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le",
    "du", "dos", "das", "ben", "ter", "ten", "zu",
})
"""Lower-case words inside names ("al-Sudani", "de Gaulle", "von der Leyen"); glued ones ("ad-Din") need no list."""
_NUMBERISH = re.compile(r"^[\W\d_]*\d[\W\d_]*$")
_SCORE = re.compile(r"^(?:\d{1,3}(?:[-:]\d{1,3})*|\d*\.\d+|\d{1,3}(?:\.\d+)?|\d{1,2}/\d{1,2})$")
"""A score, a count or a rate in a results table ("3", "4-0", ".561", "19.79"); not a date or a year."""
_LETTER = re.compile(r"[^\W\d_]")
_TABLE_WORDS = frozenset({"v", "vs", "vs.", "at", "and", "-"})
_INITIALS = re.compile(r"^(?:[A-Z]\.(?:[A-Z]\.)*\s?){1,2} ?[A-Z][A-Za-z'-]*[a-z](?: [A-Z][A-Za-z'-]*[a-z])?$")
"""Initials and a surname: "P. Simmons", "J.J. Kenny", "A. G. Walker"."""
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATE_AT = re.compile(r"\d{4}-\d{2}-\d{2}\b")
CAPS_MIN_SHARE = 0.8
"""A line is "in capitals" when at least this share of its words of two letters or more is upper case."""


# ---------------------------------------------------------------- knowledge


@dataclass(frozen=True)
class GazetteerName:
    """A name the ruler knows: its text, the entity label it gets, and where it comes from."""

    text: str
    label: str
    source: str
    """``country`` (name or alias), ``capital``, ``organization``, ``agency`` or ``demonym``."""


def _strip_the(text: str) -> str:
    return text[4:] if text.startswith("the ") else text


@lru_cache(maxsize=1)
def gazetteer() -> tuple[GazetteerName, ...]:
    """Every name the ruler matches. When two sources give the same text, the first wins:
    countries, then organizations and news agencies, then capitals, then demonyms ("U.S." is GPE)."""
    names: dict[str, GazetteerName] = {}

    def add(text: str, label: str, source: str) -> None:
        text = _strip_the(text.strip())
        if text.split()[-1:] and text.split()[-1].islower() and " " in text:
            return  # "Islamic State group", "Interfax news agency": a name does not end in a common noun
        if len(text) >= 2 and _LETTER.search(text) and text not in names:
            names[text] = GazetteerName(text, label, source)

    for country in knowledge.countries():
        for text in (country.name, *country.aliases):
            if "," not in text:  # "Korea, Republic of" is a catalogue form, not something news writes
                add(text, "GPE", "country")
    for org_name, aliases in _organizations():
        for text in (org_name, *aliases):
            add(text, "ORG", "organization")
    for agency in knowledge.agencies():
        if agency.country:  # credit words without a country ("Handout", "Pool") are not names
            for text in (agency.name, *agency.aliases):
                add(text, "ORG", "agency")
    for country in knowledge.countries():
        if country.capital:
            add(country.capital, "GPE", "capital")
    for country in knowledge.countries():
        for text in country.demonyms:
            add(text, "NORP", "demonym")
    return tuple(names.values())


def _organizations() -> list[tuple[str, tuple[str, ...]]]:
    """(name, aliases) of every row of ``organizations.tsv`` (news agencies come from ``agencies.tsv``)."""
    return [
        (row["name"], tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip()))
        for row in knowledge.data_rows("organizations.tsv")
    ]


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = resources.files("dateline.data").joinpath("stopwords_en.txt").read_text(encoding="utf-8")
    return frozenset(s.strip().lower() for s in text.splitlines() if s.strip() and not s.startswith("#"))


@lru_cache(maxsize=1)
def _title_forms() -> frozenset[tuple[str, ...]]:
    """Titles and offices as word tuples ("Prime", "Minister"), from ``titles.tsv`` when it is there."""
    forms: set[tuple[str, ...]] = {(h,) for h in _HONORIFICS}
    try:
        titles = [(row["title"], row.get("aliases", "")) for row in knowledge.data_rows("titles.tsv")]
    except (FileNotFoundError, KeyError, IndexError):
        titles = []
    for title, aliases in titles:
        for form in (title, *aliases.split("|")):
            words = tuple(form.replace("-", " - ").split())
            if words and words[0][:1].isupper():
                forms.add(words)
    return frozenset(forms)


def _lemma_index(nlp: Language, parts_of_speech: Sequence[str]) -> frozenset[str]:
    """Lower-case English words from the lemmatizer's WordNet index (empty if the pipeline has none)."""
    words: set[str] = set()
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            table = lookups.get_table("lemma_index")
            for pos in parts_of_speech:
                if pos in table:
                    words.update(w for w in table[pos] if "_" not in w)
    return frozenset(words)


def _common_words(nlp: Language) -> frozenset[str]:
    """Function words, verbs, adjectives and adverbs: words that may open a sentence capitalized."""
    return _stopwords() | _lemma_index(nlp, ("verb", "adj", "adv"))


def _lexicon(nlp: Language) -> frozenset[str]:
    """Every English word the lemmatizer's index knows (its nouns include some place names: "london")."""
    return _lemma_index(nlp, ("noun", "verb", "adj", "adv"))


def _in_lexicon(word: str, lexicon: frozenset[str]) -> bool:
    """Whether ``word`` or a plain inflection's stem ("scores", "draws", "beaten") is in ``lexicon``."""
    if not lexicon:
        return False
    if word in lexicon:
        return True
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and word[: -len(suffix)] + replacement in lexicon:
            return True
    return False


# ---------------------------------------------------------------- small helpers


def _lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the document's lines (a line ends at a token or whitespace holding a newline)."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for token in doc:
        if token.is_space and "\n" in token.text:
            if start < token.i:
                ranges.append((start, token.i))
            start = token.i + 1
        elif "\n" in token.whitespace_:
            ranges.append((start, token.i + 1))
            start = token.i + 1
    if start < len(doc):
        ranges.append((start, len(doc)))
    return ranges


def is_caps_line(tokens: Sequence[Token] | Span) -> bool:
    """Whether a line is written in capitals (a headline, a dateline, a sports table)."""
    words = [t.text for t in tokens if sum(1 for c in t.text if c.isalpha()) >= 2]
    if not words:
        return False
    upper = sum(1 for w in words if w.isupper())
    return upper >= CAPS_MIN_SHARE * len(words)


def _sentence_initial(token: Token) -> bool:
    if token.i == 0:
        return True
    previous = token.doc[token.i - 1]
    if previous.is_space or "\n" in previous.whitespace_:
        return True
    if previous.text in {".", "!", "?", ":", '"', "“", "``", "-", "--", "(", "'"}:
        return True
    return bool(token.is_sent_start)


def _has_letters(text: str) -> bool:
    return _LETTER.search(text) is not None


def _capitalized(token: Token) -> bool:
    return token.text[:1].isupper() or (token.text[:1].isdigit() and _has_letters(token.text))


# ---------------------------------------------------------------- re-casing capitals


def _document_casing(doc: Doc, caps: set[int]) -> dict[str, str]:
    """lower-case word -> the form it most often takes in the document's ordinary lines, mid-sentence."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for token in doc:
        if token.i in caps or not _has_letters(token.text) or _sentence_initial(token):
            continue
        forms[token.lower_][token.text] += 1
    return {lower: counter.most_common(1)[0][0] for lower, counter in forms.items()}


@lru_cache(maxsize=1)
def _known_casing() -> dict[str, str]:
    """lower-case word -> its casing in a known name ("nato" -> "NATO", "iran" -> "Iran")."""
    casing: dict[str, str] = {}
    for name in gazetteer():
        for word in name.text.split():
            casing.setdefault(word.lower(), word)
    return casing


def truecase_line(
    words: Sequence[str], document_casing: dict[str, str] | None = None, lowercase: frozenset[str] = frozenset()
) -> list[str]:
    """Re-case the words of a line written in capitals.

    A word takes, in this order: the form it has in the document's ordinary
    text; the form it has in a known name; lower case if it is a function
    word; title case otherwise. Words not in capitals are kept.
    """
    casing = document_casing or {}
    known = _known_casing()
    stop = _stopwords()
    result = []
    for word in words:
        lower = word.lower()
        if not word.isupper() or not _has_letters(word):
            result.append(word)
        elif lower in casing:
            result.append(casing[lower])
        elif lower in known and (lower not in stop or known[lower].isupper()):
            result.append(known[lower])  # "Iran", "NATO", "US"; but "the", not "The" of "The Gambia"
        elif lower in stop or _in_lexicon(lower, lowercase):
            result.append(lower)
        else:
            result.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return result


class CapsNer:
    """Tag lines in capitals again on a re-cased shadow copy, with the pipeline's own NER model."""

    def __init__(self, nlp: Language, name: str, ner_component: str, lowercase_words: bool):
        self.nlp = nlp
        self.name = name
        self.ner_component = ner_component
        self.lowercase = _lexicon(nlp) if lowercase_words else frozenset()

    def __call__(self, doc: Doc) -> Doc:
        lines = _lines(doc)
        flags = [is_caps_line(doc[a:b]) for a, b in lines]
        if not any(flags) or self.ner_component not in self.nlp.pipe_names:
            return doc
        caps = {i for (a, b), flag in zip(lines, flags, strict=True) if flag for i in range(a, b)}
        casing = _document_casing(doc, caps)
        ner = self.nlp.get_pipe(self.ner_component)
        # one shadow per run of consecutive lines in capitals (the model looks only a few tokens around)
        windows: list[tuple[int, int]] = []
        n = 0
        while n < len(lines):
            if not flags[n]:
                n += 1
                continue
            first = n
            while n < len(lines) and flags[n]:
                n += 1
            windows.append((lines[first][0], lines[n - 1][1]))
        shadows = []
        for a, b in windows:
            words = [t.text for t in doc[a:b]]
            for i in range(a, b):
                if i in caps:
                    words[i - a] = truecase_line([words[i - a]], casing, self.lowercase)[0]
            shadows.append(Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc[a:b]]))
        new: list[Span] = []
        for (a, _), shadow in zip(windows, ner.pipe(shadows), strict=True):
            new.extend(
                Span(doc, a + e.start, a + e.end, label=e.label_)
                for e in shadow.ents
                if a + e.start in caps and a + e.end - 1 in caps
            )
        kept = [e for e in doc.ents if e.start not in caps and e.end - 1 not in caps]
        doc.set_ents(_non_overlapping(kept + new), default="outside")
        return doc


@Language.factory(
    "dateline_caps_ner",
    default_config={"ner_component": "ner", "lowercase_words": True},
    requires=["doc.ents"],
    assigns=["doc.ents"],
)
def make_caps_ner(nlp: Language, name: str, ner_component: str, lowercase_words: bool) -> CapsNer:
    """Re-tag lines in capitals on a re-cased copy (see :class:`CapsNer`)."""
    return CapsNer(nlp, name, ner_component, lowercase_words)


def _non_overlapping(spans: Iterable[Span]) -> list[Span]:
    taken: set[int] = set()
    result = []
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if not any(i in taken for i in range(span.start, span.end)):
            result.append(span)
            taken.update(range(span.start, span.end))
    return result


# ---------------------------------------------------------------- cleanup


def _match_prefix(doc: Doc, start: int, end: int, forms: dict[str, list[tuple[str, ...]]]) -> int:
    """Length of the longest form (indexed by first word) that the tokens ``start:end`` begin with; 0 if none."""
    best = 0
    if start >= end:
        return 0
    for form in forms.get(doc[start].text, ()):
        n = len(form)
        if n > best and start + n <= end and all(doc[start + k].text == form[k] for k in range(1, n)):
            best = n
    return best


class EntityCleanup:
    """Cut entities at separators and numbers, trim them, split nationality and title off PERSON."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lexicon = _lexicon(nlp)
        self.common = _common_words(nlp)
        self.known = {entry.text for entry in gazetteer()}
        self.titles: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for form in _title_forms():
            self.titles[form[0]].append(form)
        names = gazetteer()
        self.prefixes: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for entry in names:
            if entry.source == "demonym":  # not countries: "Chad Ogea", "Jordan Henderson"
                words = tuple(t.text for t in nlp.make_doc(entry.text))
                self.prefixes[words[0]].append((words, entry.label))

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for ent in doc.ents:
            spans.extend(self.clean(doc, ent.start, ent.end, ent.label_))
        doc.set_ents(_non_overlapping(spans), default="outside")
        return doc

    def clean(self, doc: Doc, start: int, end: int, label: str) -> list[Span]:
        if label == "PERSON":
            # the model stops before the surname after a particle: "Ursula von der" Leyen
            while end < len(doc) and doc[end - 1].lower_ in _PARTICLES and doc[end].is_alpha and doc[end].text[:1].isupper():
                if doc[end].ent_type_ and end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
                    break  # the next word opens a longer entity of its own
                end += 1
        pieces: list[Span] = []
        for a, b in self._split(doc, start, end, label):
            pieces.extend(self._trim(doc, a, b, label))
        return pieces

    def _split(self, doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int]]:
        name = label in NAME_LABELS
        cuts: list[tuple[int, int]] = []
        piece = start
        for i in range(start, end):
            token = doc[i]
            text = token.text
            spaced_dash = text in _DASHES and (token.whitespace_ or (i > 0 and doc[i - 1].whitespace_))
            breaks = (
                token.is_space
                or (text in _SEPARATORS and (name or text in "()[]"))
                or spaced_dash
                or (name and _NUMBERISH.match(text) is not None)
                or (label in ("PERSON", "GPE", "NORP") and token.lower_ in ("and", "or", "&"))
            )
            if breaks:
                if piece < i:
                    cuts.append((piece, i))
                piece = i + 1
            elif "\n" in token.whitespace_ and i + 1 < end:
                cuts.append((piece, i + 1))
                piece = i + 1
        if piece < end:
            cuts.append((piece, end))
        return cuts

    def _trim(self, doc: Doc, a: int, b: int, label: str) -> list[Span]:
        name = label in NAME_LABELS
        # trailing possessives, punctuation and (in names) lower-case words: "Faik Nerweyi of"
        while b > a:
            last = doc[b - 1]
            if last.text in _TRAILING and not (last.text == "." and b - 1 > a and len(doc[b - 2].text) == 1):
                b -= 1
            elif name and b - 1 > a and last.text.islower() and _has_letters(last.text) and doc[b - 2].whitespace_:
                b -= 1  # but not a glued part: "Ri Yong-ho"
            else:
                break
        # leading punctuation and determiners
        while a < b:
            token = doc[a]
            lower = token.lower_
            if token.is_punct and token.text not in ("'",):
                a += 1
            elif lower in _DETERMINERS and label not in _NUMERIC_LABELS and (
                token.text.islower() or token.text.isupper() or _sentence_initial(token)
            ):
                a += 1
            elif name and b - a > 1 and self._common_opening(token) and not token.tag_.startswith("JJ"):
                a += 1  # "Later Lebed", "Broker Khurshid Alam"; not "Supreme Court", "Islamic State"
            elif (
                name
                and token.text.islower()
                and _has_letters(token.text)
                and token.whitespace_
                and lower not in _PARTICLES
                and label != "NORP"
            ):
                a += 1
            else:
                break
        if a >= b:
            return []
        result: list[Span] = []
        if label == "PERSON":
            a, extra = self._person_prefix(doc, a, b)
            result.extend(extra)
            if a >= b:
                return result
        if name and not any(_capitalized(doc[i]) for i in range(a, b)):
            return result
        if not any(_has_letters(doc[i].text) for i in range(a, b)) and label in NAME_LABELS:
            return result
        if name and label != "NORP" and b - a == 1 and self._common_opening(doc[a]):
            return result
        if name and self._title_piece(doc, a, b):
            return result
        if name and label != "PERSON" and _INITIALS.match(doc[a:b].text) and doc[a].text not in self.known:
            label = "PERSON"  # "S. Jayasuriya", "J.J. Kenny": initials and a surname
        result.append(Span(doc, a, b, label=label))
        return result

    def _title_piece(self, doc: Doc, a: int, b: int) -> bool:
        """A title ("President"), or an adjective that opens one ("Supreme" of "Supreme Leader"), not a name."""
        n = _match_prefix(doc, a, len(doc), self.titles)
        if n == b - a:
            return True
        return n > b - a and b - a == 1 and doc[a].lower_ in self.common and doc[a].text not in self.known

    def _common_opening(self, token: Token) -> bool:
        """A capitalized common word opening a sentence ("Women 's 800 metres", "Postponed :"), by its tag."""
        return (
            bool(token.tag_)
            and token.tag_ not in ("NNP", "NNPS")
            and not token.text.isupper()
            and _sentence_initial(token)
            and _in_lexicon(token.lower_, self.lexicon)
            and token.text not in self.known
        )

    def _person_prefix(self, doc: Doc, a: int, b: int) -> tuple[int, list[Span]]:
        """Split "Iranian President Ebrahim Raisi": NORP "Iranian", title dropped, PERSON "Ebrahim Raisi"."""
        extra: list[Span] = []
        candidates = self.prefixes.get(doc[a].text, [])
        best, best_label = 0, ""
        for words, label in candidates:
            n = len(words)
            if n > best and a + n < b and all(doc[a + k].text == words[k] for k in range(n)):
                best, best_label = n, label
        if best:
            rest = a + best
            while rest < b and doc[rest].text in ("'s", "’s"):
                rest += 1
            if rest < b and _capitalized(doc[rest]):
                extra.append(Span(doc, a, a + best, label=best_label))
                a = rest
        while a < b and doc[a].text in self.titles:
            n = _match_prefix(doc, a, b, self.titles)
            if not n or a + n >= b or not _capitalized(doc[a + n]):
                break
            a += n
        return a, extra


@Language.factory("dateline_entity_cleanup", requires=["doc.ents"], assigns=["doc.ents"])
def make_entity_cleanup(nlp: Language, name: str) -> EntityCleanup:
    """Cut and trim entities (see :class:`EntityCleanup`)."""
    return EntityCleanup(nlp, name)


# ---------------------------------------------------------------- the ruler


class EntityRuler:
    """Match known names (countries, capitals, demonyms, organizations, agencies) and merge them with the model's entities."""

    def __init__(self, nlp: Language, name: str, overwrite_persons_with_capitals: bool):
        self.name = name
        self.overwrite_persons_with_capitals = overwrite_persons_with_capitals
        self.names = {entry.text: entry for entry in gazetteer()}
        self.common = _common_words(nlp)
        self.stop = _stopwords()
        self.first_words = {entry.text.split()[0] for entry in self.names.values()}
        self.title_words = {form[0] for form in _title_forms()}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns: dict[str, Doc] = {}
        for text in self.names:
            patterns[text] = nlp.make_doc(text)
        for text, pattern in patterns.items():
            self.matcher.add(text, [pattern])

    def _compatible(self, doc: Doc, start: int, end: int, entry: GazetteerName, caps: bool) -> bool:
        text = doc[start:end].text
        pattern = entry.text
        if text != pattern:
            acronym = pattern.replace(".", "").isupper()
            if not (caps and text.isupper() and not acronym):
                return False
        elif caps and pattern.replace(".", "").isupper() and len(pattern.replace(".", "")) <= 3 and pattern.lower() in self.stop:
            return False  # "US", "IT" in a headline in capitals are as likely the words
        if end - start == 1 and entry.source not in ("country", "demonym") and _sentence_initial(doc[start]):
            if text.lower() in self.common and not text.isupper() and not doc[start].ent_type_:
                return False  # "Shell", "Amal", "Labour" opening a sentence may be the common word
        if not caps and entry.source != "demonym" and self._inside_longer_name(doc, start, end):
            return False  # "U.S. Open", "Fed Cup", "Iran Air": the known name is part of another
        return True

    def _inside_longer_name(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a capitalized word the knowledge files do not explain is glued to the match."""
        def foreign(token: Token) -> bool:
            return (
                token.is_alpha
                and token.text[:1].isupper()
                and not token.text.isupper()
                and token.ent_type_ not in _NUMERIC_LABELS
                and token.lower_ not in self.stop
                and token.text not in self.first_words
                and token.text not in self.title_words
            )

        if end < len(doc) and doc[end - 1].whitespace_ == " " and foreign(doc[end]):
            return True
        if start > 0 and doc[start - 1].whitespace_ == " " and foreign(doc[start - 1]) and not _sentence_initial(doc[start - 1]):
            return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        caps_lines = {i for a, b in _lines(doc) if is_caps_line(doc[a:b]) for i in range(a, b)}
        found: list[tuple[int, int, GazetteerName]] = []
        for match_id, start, end in self.matcher(doc):
            entry = self.names.get(doc.vocab.strings[match_id])
            if entry is None:
                continue
            if self._compatible(doc, start, end, entry, start in caps_lines):
                found.append((start, end, entry))
        if not found:
            return doc
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        chosen: list[tuple[int, int, GazetteerName]] = []
        taken: set[int] = set()
        for start, end, entry in found:
            if not any(i in taken for i in range(start, end)):
                chosen.append((start, end, entry))
                taken.update(range(start, end))
        ents = list(doc.ents)
        person_words = {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        for start, end, entry in sorted(chosen):
            if end - start == 1 and doc[start].text in person_words:
                continue  # "Jordan" where the article is about Neil Jordan
            ents = self._merge(doc, ents, start, end, entry)
        doc.set_ents(_non_overlapping(ents), default="outside")
        return doc

    def _merge(self, doc: Doc, ents: list[Span], start: int, end: int, entry: GazetteerName) -> list[Span]:
        overlapping = [e for e in ents if e.start < end and start < e.end]
        for e in overlapping:
            if e.start <= start and end <= e.end and (e.start, e.end) != (start, end):
                joined_left = e.start == start or doc[start - 1].lower_ in _CONJUNCTIONS
                joined_right = e.end == end or doc[end].lower_ in _CONJUNCTIONS
                if not (joined_left and joined_right):
                    return ents  # a longer entity holds the name: "Bank of England", "North Korean Red Cross"
                # else the model joined two names: "Amnesty International and Human Rights Watch"
            elif (e.start, e.end) == (start, end):
                if e.label_ == "PERSON" and entry.source == "capital" and not self.overwrite_persons_with_capitals:
                    return ents  # "Washington", "Victoria", "Douglas": a person as often as a capital
                if e.label_ == "LANGUAGE" and entry.source == "demonym":
                    return ents  # "speaks Chinese"
        result = [e for e in ents if e not in overlapping]
        for e in overlapping:
            # the parts of an overlapping entity outside the name stay, if they are names themselves
            for a, b in ((e.start, start), (end, e.end)):
                while a < b and doc[a].lower_ in _CONJUNCTIONS:
                    a += 1
                while a < b and doc[b - 1].lower_ in _CONJUNCTIONS:
                    b -= 1
                if a < b and any(_capitalized(doc[i]) for i in range(a, b)):
                    result.append(Span(doc, a, b, label=e.label_))
        result.append(Span(doc, start, end, label=entry.label))
        return result


@Language.factory(
    "dateline_entity_ruler",
    default_config={"overwrite_persons_with_capitals": False},
    requires=["doc.ents"],
    assigns=["doc.ents"],
)
def make_entity_ruler(nlp: Language, name: str, overwrite_persons_with_capitals: bool) -> EntityRuler:
    """Known names from dateline's knowledge files as entities (see :class:`EntityRuler`)."""
    return EntityRuler(nlp, name, overwrite_persons_with_capitals)


# ---------------------------------------------------------------- document context


class EntityContext:
    """Document-level evidence: labels for names in capitals lines, surname propagation, teams in score lines."""

    def __init__(self, nlp: Language, name: str, max_words: int):
        self.name = name
        self.max_words = max_words
        self.common = _common_words(nlp)
        self.names = {entry.text: entry for entry in gazetteer()}
        self.folded = {text.lower(): entry for text, entry in reversed(list(self.names.items()))}
        self.known = set(self.names)

    def __call__(self, doc: Doc) -> Doc:
        lines = _lines(doc)
        caps = {i for a, b in lines if is_caps_line(doc[a:b]) for i in range(a, b)}
        ents = list(doc.ents)
        if caps:
            ents = self._caps_from_text(doc, ents, lines, caps)
        ents = self._surnames(doc, ents)
        ents = self._score_lines(doc, ents, lines, caps)
        ents = self._datelines(doc, ents, lines)
        doc.set_ents(_non_overlapping(ents), default="outside")
        return doc

    def _caps_from_text(self, doc: Doc, ents: list[Span], lines: list[tuple[int, int]], caps: set[int]) -> list[Span]:
        votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        for e in ents:
            if e.start not in caps and e.label_ in NAME_LABELS and len(e) <= self.max_words:
                votes[tuple(t.lower_ for t in e)][e.label_] += 1
        if not votes:
            return ents
        labels = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
        lengths = sorted({len(k) for k in labels}, reverse=True)
        for a, b in lines:
            if a not in caps:
                continue
            i = a
            while i < b:
                for n in lengths:
                    key = tuple(t.lower_ for t in doc[i : i + n])
                    if i + n <= b and key in labels:
                        ents = [e for e in ents if not (e.start < i + n and i < e.end)]
                        ents.append(Span(doc, i, i + n, label=labels[key]))
                        i += n
                        break
                else:
                    i += 1
        return ents

    def _surnames(self, doc: Doc, ents: list[Span]) -> list[Span]:
        parts: set[str] = set()
        for e in ents:
            if e.label_ == "PERSON" and len(e) >= 2:
                for token in e:
                    if token.text[:1].isupper() and len(token.text) >= 3 and token.text.isalpha() and not token.text.isupper():
                        parts.add(token.text)
        parts -= self.known
        if not parts:
            return ents
        tails = {
            tuple(t.lower_ for t in e[k:]) for e in ents if e.label_ == "PERSON" and len(e) >= 3 for k in range(1, len(e) - 1)
        }
        covered = {i: e for e in ents for i in range(e.start, e.end)}
        result = list(ents)
        for e in ents:
            # a longer tail of a full name: "Von der Leyen" after "Ursula von der Leyen"
            if e.label_ != "PERSON" and len(e) > 1 and tuple(t.lower_ for t in e) in tails and e.text not in self.known:
                result.remove(e)
                result.append(Span(doc, e.start, e.end, label="PERSON"))
        for token in doc:
            if token.text not in parts:
                continue
            owner = covered.get(token.i)
            if owner is None:
                if _sentence_initial(token) and token.lower_ in self.common:
                    continue  # "Young people ..." after "Andrew Young"
                if not (token.i + 1 < len(doc) and doc[token.i + 1].text[:1].isupper() and doc[token.i + 1].is_alpha):
                    result.append(Span(doc, token.i, token.i + 1, label="PERSON"))
            elif len(owner) == 1 and owner.label_ in ("ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT"):
                result.remove(owner)
                result.append(Span(doc, token.i, token.i + 1, label="PERSON"))
        return result

    def _score_lines(self, doc: Doc, ents: list[Span], lines: list[tuple[int, int]], caps: set[int]) -> list[Span]:
        """Results and standings rows ("Norwich 1 Wolverhampton 0", "CHICAGO 72 64 .529 9").

        In such a row a name followed by a score names a team: a place name
        (other than a country's, which CoNLL and news alike use for national
        sides), a single-word PERSON that the document never uses as part of
        a longer name, or a capitalized run the model left untagged becomes ORG.
        """
        result = list(ents)
        person_parts = {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        for a, b in lines:
            names = sorted((e for e in result if a <= e.start < b and e.label_ in NAME_LABELS), key=lambda e: e.start)
            runs = self._table_row(doc, a, b, names, a in caps)
            if not runs:
                continue
            for start, end, ent in runs:
                if ent is None:
                    result.append(Span(doc, start, end, label="ORG"))
                    continue
                entry = self.names.get(ent.text)
                if entry is not None and entry.source in ("country", "demonym"):
                    continue
                if ent.label_ in ("GPE", "LOC", "FAC", "NORP") or (
                    ent.label_ == "PERSON" and len(ent) == 1 and ent.text not in person_parts
                ):
                    result.remove(ent)
                    result.append(Span(doc, start, end, label="ORG"))
        return result

    @staticmethod
    def _table_row(doc: Doc, a: int, b: int, names: list[Span], caps: bool) -> list[tuple[int, int, Span | None]]:
        """The names of a results or standings row, each followed by a score; empty if the line is not one."""
        starts = {e.start: e for e in names}
        runs: list[tuple[int, int, Span | None]] = []
        scored = False
        previous_was_name = False
        depth = 0  # names in brackets ("Alba ( Germany ) 75") are affiliations, not teams
        i = a
        while i < b:
            token = doc[i]
            text = token.text
            if i in starts:
                ent = starts[i]
                if depth == 0:
                    runs.append((ent.start, ent.end, ent))
                    previous_was_name = True
                i = ent.end
                continue
            if text in ("(", "["):
                depth += 1
            elif text in (")", "]"):
                depth = max(0, depth - 1)
            if token.is_space or text in (".", ",", "(", ")", "[", "]", ":", "-") or token.lower_ in _TABLE_WORDS:
                i += 1
                continue
            if _SCORE.match(text):
                scored = scored or previous_was_name
                previous_was_name = False
            elif _NUMBERISH.match(text) and not _ISO_DATE.match(text):
                previous_was_name = False
            elif text[:1].isupper() and _has_letters(text):
                end = i + 1
                while end < b and end not in starts and (
                    (doc[end].text[:1].isupper() and _has_letters(doc[end].text))
                    or (doc[end].lower_ in ("of", "de", "la") and end + 1 < b and doc[end + 1].text[:1].isupper())
                ):
                    end += 1
                if caps and not (end < b and _SCORE.match(doc[end].text)):
                    return []  # in capitals only a word run right before a score can be a name: "LG 2 OB 0"
                if depth == 0:
                    runs.append((i, end, None))
                    previous_was_name = True
                i = end
                continue
            else:
                return []
            i += 1
        return runs if scored else []

    def _datelines(self, doc: Doc, ents: list[Span], lines: list[tuple[int, int]]) -> list[Span]:
        """A wire dateline: a line opening with a place in capitals and then a date or an agency in brackets.

        "LONDON 1996-08-30", "BEIRUT (Reuters) -", "WASHINGTON, Nov 5 (AP) -": the place is a GPE.
        """
        result = list(ents)
        for a, b in lines:
            end = a
            while end < b and end - a < 4 and doc[end].text.isupper() and sum(c.isalpha() for c in doc[end].text) >= 2:
                end += 1
            if end == a or end >= b:
                continue
            places = [(a, end)]
            if doc[end].text == "," and end + 1 < b and doc[end + 1].text[:1].isupper():
                region = end + 1  # "WIGAN , England 1996-08-31"
                while region < b and region - end <= 3 and doc[region].text[:1].isupper() and _has_letters(doc[region].text):
                    region += 1
                if region < b and _ISO_DATE_AT.match(doc.text, doc[region].idx) and region > end + 1:
                    places.append((end + 1, region))
                    end = region
            following = doc[end]
            dated = _ISO_DATE_AT.match(doc.text, following.idx) is not None
            bracketed = following.text == "(" and end + 2 < b and doc[end + 1].text[:1].isupper()
            comma_date = following.text == "," and end + 1 < b and doc[end + 1].ent_type_ == "DATE"
            if not (dated or bracketed or comma_date):
                continue
            entry = self.folded.get(doc[places[0][0] : places[0][1]].text.lower())
            if entry is not None and entry.label != "GPE":
                continue  # "UNITED NATIONS (Reuters) -" stays an organization
            for start, stop in places:
                result = [e for e in result if not (e.start < stop and start < e.end)]
                result.append(Span(doc, start, stop, label="GPE"))
        return result


@Language.factory("dateline_entity_context", default_config={"max_words": 6}, requires=["doc.ents"], assigns=["doc.ents"])
def make_entity_context(nlp: Language, name: str, max_words: int) -> EntityContext:
    """Document-level entity evidence (see :class:`EntityContext`)."""
    return EntityContext(nlp, name, max_words)


# ---------------------------------------------------------------- public API


def add_entity_rules(nlp: Language) -> Language:
    """Add dateline's NER components after ``ner`` (or at the end); adding them twice changes nothing."""
    previous = "ner" if "ner" in nlp.pipe_names else None
    for name in RULE_COMPONENTS:
        if name not in nlp.pipe_names:
            if previous is not None and previous in nlp.pipe_names:
                nlp.add_pipe(name, after=previous)
            else:
                nlp.add_pipe(name)
        previous = name
    return nlp


@lru_cache(maxsize=1)
def ner_pipeline() -> Language:
    """The shared spaCy pipeline (:func:`dateline.annotate.load`) with dateline's NER rules added."""
    return add_entity_rules(annotate.load())


def entities(doc: Doc) -> list[tuple[int, int, str]]:
    """A Doc's entities as ``(start_char, end_char, label)``, in text order."""
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]
