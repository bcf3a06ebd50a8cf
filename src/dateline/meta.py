"""Article metadata found in the text: publication date, dateline, byline.

Sources, in the order they are trusted for the publication date: metadata the
input carried, a wire dateline opening the body ("WASHINGTON, Nov. 5, 2019
(Reuters) -"), a timestamp line near the top ("Nov 18, 2019 at 9:24 pm ET"),
and a photo caption ("06 November 2023, Iran, Tehran: ...", "... in Damascus,
Syria April 14, 2025.").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from .knowledge import capital_country, country_code

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY_RE = "|".join(n for n in (*calendar.day_name, *calendar.day_abbr))

# "06 November 2023", "14 Apr. 2025"
_DMY = rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_RE})\.?,?\s+(?P<y1>\d{{4}})"
# "April 14, 2025", "Nov. 18 2019"
_MDY = rf"(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
# "2023-11-06"
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
DATE_RE = re.compile(rf"\b(?:{_DMY}|{_MDY}|{_ISO})\b", re.IGNORECASE)

_PLACE = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
# dpa style: "06 November 2023, Iran, Tehran: ..."
_CAPTION_DPA = re.compile(rf"^\s*(?:{_DMY})\s*,\s*(?P<country>{_PLACE})\s*,\s*(?P<place>{_PLACE})\s*:", re.IGNORECASE)
# Reuters/AP style: "... in Damascus, Syria April 14, 2025." / "... in Beirut, Lebanon, Monday, April 14, 2025."
_CAPTION_IN = re.compile(
    rf"\b(?:in|at|near|outside)\s+(?P<place>{_PLACE}),\s*(?P<country>{_PLACE}?)\s*,?\s*"
    rf"(?:(?:{_WEEKDAY_RE})\.?,\s*)?(?:{_MDY}|{_DMY})"
)
# "... in Banjul on November 3, 2025, ..." / "... in Manila, Philippines, on Wednesday, June 11, 2025."
_CAPTION_IN_ON = re.compile(
    rf"\b(?:in|at|near|outside)\s+(?P<place>{_PLACE})(?:,\s*(?P<country>{_PLACE}))?,?\s+on\s+"
    rf"(?:(?:{_WEEKDAY_RE})\.?,?\s*)?(?:{_MDY}|{_DMY})"
)
# wire dateline opening a body: "TEHRAN (Reuters) -", "BEIRUT, Lebanon (AP) —", "WASHINGTON, Nov 5 (Reuters) -"
_BODY_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.-]{2,}(?:[ -][A-Z][A-Z'’.-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][\w'’.]*(?:\s[A-Z][\w'’.]*){0,2}))?"
    rf"(?:,\s*(?P<when>(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?"
    r"\s*(?:[-—–]{1,2}|:)\s+"
)


@dataclass(frozen=True)
class FoundDateline:
    """A dateline found in the text: place, ISO alpha-3 country, and an ISO date when one was given."""

    place: str | None
    country: str | None
    published: str | None


def _date_from_match(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2"), ("d3", "m3", "y3")):
        if groups.get(y):
            month_text = groups[mo]
            month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower().rstrip("."))
            try:
                return date(int(groups[y]), int(month or 0), int(groups[d])).isoformat()
            except ValueError:
                return None
    return None


def find_date(text: str) -> str | None:
    """The first complete calendar date (day, month, year) written in ``text``, as ISO."""
    for m in DATE_RE.finditer(text):
        value = _date_from_match(m)
        if value:
            return value
    return None


@lru_cache(maxsize=4096)
def normalize_date(value: str) -> str | None:
    """An ISO date for a metadata date string in any common format, or ``None``."""
    value = value.strip()
    if not value:
        return None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    found = find_date(value)
    if found:
        return found
    import dateparser  # slow to import; only needed for unusual formats

    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True})
    if isinstance(parsed, datetime):
        return parsed.date().isoformat()
    return None


def _resolve_country(name: str | None) -> str | None:
    if not name:
        return None
    return country_code(name.strip(" .,"))


def _place_country(place: str, stated: str | None) -> str | None:
    return _resolve_country(stated) or _resolve_country(place) or capital_country(place)


def caption_dateline(caption: str) -> FoundDateline | None:
    """Place, country and date from a photo caption, when it states them."""
    m = _CAPTION_DPA.match(caption)
    if m:
        country = _resolve_country(m["country"])
        if country:
            return FoundDateline(m["place"].strip(), country, _date_from_match(m))
    for m in [*_CAPTION_IN.finditer(caption), *_CAPTION_IN_ON.finditer(caption)]:
        place = m["place"].strip()
        stated = m["country"] or None
        country = _place_country(place, stated)
        if country:
            return FoundDateline(place, country, _date_from_match(m))
    return None


def body_dateline(first_paragraph: str) -> tuple[FoundDateline, int] | None:
    """A wire dateline opening the body, and the length of the dateline prefix."""
    m = _BODY_DATELINE.match(first_paragraph)
    if not m:
        return None
    place = m["place"].strip().title()
    region = m["region"]
    country = _place_country(place, region)
    if country is None and region is None and not m["agency"]:
        return None  # an all-caps opening word with a dash is not enough evidence of a dateline
    published = None
    if m["when"]:
        published = find_date(m["when"])
    return FoundDateline(place, country, published), m.end()


_BYLINE = re.compile(r"^(?:by|written by|words by)\s+(?P<name>[A-Z][\w'’.-]+(?:[ ,]+(?:and\s+)?[A-Z][\w'’.-]+){0,5})\s*$", re.IGNORECASE)


def byline_author(line: str) -> str | None:
    """The author named by a byline line ("By Jane Doe"), or ``None``."""
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    name = m["name"].strip(" ,")
    return name if any(c.isupper() for c in name) else None


def timestamp_date(line: str) -> str | None:
    """The date of a short timestamp line ("Nov 18, 2019 at 9:24 pm ET", "Published: 14 April 2025")."""
    words = line.split()
    if len(words) > 16 or line.rstrip().endswith((".", "”", '"')) and len(words) > 8:
        return None
    m = DATE_RE.search(line)
    if not m:
        return None
    rest = (line[: m.start()] + line[m.end() :]).strip()
    leftover = re.sub(
        rf"\b(?:published|updated|posted|last updated|on|at|{_WEEKDAY_RE}|am|pm|a\.m\.|p\.m\.|[ecmp][sd]t|gmt|utc|et|bst|cet|min|mins|read|\d{{1,2}}(?::\d{{2}})?)\b|[:•|,.\-–—/()]",
        " ",
        rest,
        flags=re.IGNORECASE,
    )
    if len(leftover.split()) > 3:
        return None
    return _date_from_match(m)
