"""Loaders for the versioned knowledge files in ``dateline/data``.

Knowledge (countries and their names, demonyms, capitals and seats of
government; news agencies; page clutter) lives in TSV files so it can be
reviewed and extended without touching code. Each loader reads its file once.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    """A country: ISO codes, names it goes by, demonyms, capital and seats of government."""

    alpha3: str
    alpha2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    seats: tuple[str, ...]


@dataclass(frozen=True)
class Agency:
    """A news agency or photo/credit organisation."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    kind: str


@dataclass(frozen=True)
class ClutterRule:
    """A page remnant: a regex that a whole stripped line must match, and why it is dropped."""

    pattern: re.Pattern[str]
    reason: str


def data_rows(filename: str) -> list[dict[str, str]]:
    """The rows of a TSV knowledge file in ``dateline/data`` (header line first, ``#`` lines are comments)."""
    text = resources.files("dateline.data").joinpath(filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def fold(text: str) -> str:
    """A lookup key: diacritics removed, case folded, dots and 'the ' dropped, spaces collapsed."""
    if text.isascii():
        plain = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")
    plain = plain.replace(".", "").casefold().strip()
    if plain.startswith("the "):
        plain = plain[4:]
    return " ".join(plain.split())


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """All countries from ``countries.tsv``."""
    return tuple(
        Country(
            alpha3=row["alpha3"],
            alpha2=row.get("alpha2", ""),
            name=row["name"],
            aliases=_split(row.get("aliases", "")),
            demonyms=_split(row.get("demonyms", "")),
            capital=row.get("capital") or None,
            seats=_split(row.get("seats", "")),
        )
        for row in data_rows("countries.tsv")
    )


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in countries():
        for name in (country.name, *country.aliases, country.alpha3):
            index.setdefault(fold(name), country.alpha3)
    return index


@lru_cache(maxsize=1)
def _capital_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in countries():
        if country.capital:
            index.setdefault(fold(country.capital), country.alpha3)
    return index


def country_code(name: str) -> str | None:
    """The ISO alpha-3 code of a country name or alias ("Iran", "the U.S.", "Syria"), or ``None``."""
    return _country_index().get(fold(name))


def capital_country(place: str) -> str | None:
    """The ISO alpha-3 code of the country whose capital is ``place``, or ``None``."""
    return _capital_index().get(fold(place))


@lru_cache(maxsize=1)
def agencies() -> tuple[Agency, ...]:
    """All agencies from ``agencies.tsv``."""
    return tuple(
        Agency(
            name=row["name"],
            aliases=_split(row.get("aliases", "")),
            country=row.get("country") or None,
            kind=row.get("kind", ""),
        )
        for row in data_rows("agencies.tsv")
    )


@lru_cache(maxsize=1)
def agency_pattern() -> re.Pattern[str]:
    """A regex matching any agency name or alias as a whole word (case-sensitive)."""
    names = {name for a in agencies() for name in (a.name, *a.aliases) if len(name) >= 2}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@lru_cache(maxsize=1)
def clutter_rules() -> tuple[ClutterRule, ...]:
    """All clutter rules from ``clutter.tsv``, compiled (case-insensitive, whole line)."""
    return tuple(
        ClutterRule(re.compile(row["pattern"], re.IGNORECASE), row["reason"])
        for row in data_rows("clutter.tsv")
    )


CLUTTER_MAX_CHARS = 600
"""Lines longer than this are never page clutter (the longest rules, cookie notices, stay below)."""


def clutter_reason(line: str) -> str | None:
    """The reason a stand-alone line is page clutter, or ``None`` if it is not."""
    stripped = line.strip()
    if len(stripped) > CLUTTER_MAX_CHARS:
        return None
    for rule in clutter_rules():
        if rule.pattern.fullmatch(stripped):
            return rule.reason
    return None


@dataclass(frozen=True)
class Title:
    """An office or title that goes with a person's name, and the sector it implies."""

    name: str
    aliases: tuple[str, ...]
    sector: str


@dataclass(frozen=True)
class Organization:
    """A well-known organization: country (ISO alpha-3, or ``IGO``), sector and kind."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    kind: str


@lru_cache(maxsize=1)
def titles() -> tuple[Title, ...]:
    """All titles from ``titles.tsv``."""
    return tuple(
        Title(row["title"], _split(row.get("aliases", "")), row.get("sector", ""))
        for row in data_rows("titles.tsv")
    )


@lru_cache(maxsize=1)
def title_index() -> dict[str, Title]:
    """Folded title or alias → title (longest titles are matched first by callers)."""
    index: dict[str, Title] = {}
    for title in titles():
        for form in (title.name, *title.aliases):
            index.setdefault(fold(form), title)
    return index


@lru_cache(maxsize=1)
def sector_nouns() -> dict[str, str]:
    """Collective nouns → sector ("officials" → GOV, "armed groups" → REB)."""
    return {fold(row["noun"]): row["sector"] for row in data_rows("sectors.tsv")}


@lru_cache(maxsize=1)
def metonyms() -> dict[str, tuple[str, str | None]]:
    """Folded phrase → (country, sector) for expressions that stand for a state."""
    return {fold(row["phrase"]): (row["country"], row.get("sector") or None) for row in data_rows("metonyms.tsv")}


@lru_cache(maxsize=1)
def organizations() -> tuple[Organization, ...]:
    """Well-known organizations from ``organizations.tsv`` and news agencies from ``agencies.tsv``."""
    # News media are coded to a state only when they are state media (IRNA, SANA, KCNA...):
    # a wire service or broadcaster reporting an event is not that country's actor.
    media_kind = {fold(a.name): a.kind for a in agencies()}
    orgs = []
    for row in data_rows("organizations.tsv"):
        country = row.get("country") or None
        if row.get("sector") == "MED" and media_kind.get(fold(row["name"]), "state-media") != "state-media":
            country = None
        orgs.append(Organization(row["name"], _split(row.get("aliases", "")), country,
                                 row.get("sector") or None, row.get("kind", "")))
    known = {fold(o.name) for o in orgs}
    for agency in agencies():
        if fold(agency.name) not in known:
            country = agency.country if agency.kind == "state-media" else None
            orgs.append(Organization(agency.name, agency.aliases, country, "MED", "media"))
    return tuple(orgs)


@lru_cache(maxsize=1)
def organization_index() -> dict[str, Organization]:
    """Folded name or alias → organization."""
    index: dict[str, Organization] = {}
    for org in organizations():
        for form in (org.name, *org.aliases):
            index.setdefault(fold(form), org)
    return index


@lru_cache(maxsize=1)
def demonym_index() -> dict[str, str]:
    """Folded demonym ("Iranian", "Iranians") → ISO alpha-3."""
    index: dict[str, str] = {}
    for country in countries():
        for form in country.demonyms:
            index.setdefault(fold(form), country.alpha3)
    return index


@lru_cache(maxsize=1)
def seat_index() -> dict[str, str]:
    """Folded seat of government or capital ("Washington", "the Kremlin") → ISO alpha-3."""
    index: dict[str, str] = {}
    for country in countries():
        for form in (*country.seats, *((country.capital,) if country.capital else ())):
            index.setdefault(fold(form), country.alpha3)
    return index


def country_of(text: str) -> str | None:
    """ISO alpha-3 for a country name, alias or demonym ("Iran", "Iranian", "U.S."), else ``None``."""
    key = fold(text)
    return _country_index().get(key) or demonym_index().get(key)


@dataclass(frozen=True)
class Leader:
    """A well-known political leader: country, sector, main office and the years it was held."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str | None
    title: str | None
    start: int | None
    end: int | None


def _year(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


@lru_cache(maxsize=1)
def leaders() -> tuple[Leader, ...]:
    """All rows of ``leaders.tsv``."""
    return tuple(
        Leader(row["name"], _split(row.get("aliases", "")), row.get("country") or None, row.get("sector") or None,
               row.get("title") or None, _year(row.get("from")), _year(row.get("to")))
        for row in data_rows("leaders.tsv")
    )
