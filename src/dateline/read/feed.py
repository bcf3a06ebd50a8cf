"""Reading feeds: JSON Lines (or a JSON array) and CSV/TSV with a text column.

Column names are mapped automatically (``text``/``content``/``body``/
``content_original``..., ``title``/``headline``, ``date``/``published``/
``publish_date``, ``url``/``link``, ``source``, ``id``, ``author``); ``--field
text=COLUMN`` overrides a mapping (a 1-based column number works for CSV files
without a header). A malformed record is reported with its line and skipped;
the other records are kept.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import DatelineError, InputError, RecordError, UsageError
from .base import RawText
from .inputs import TextInput

ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "content_original", "article", "articlebody", "article_body",
             "full_text", "fulltext", "story", "maintext", "description"),
    "title": ("title", "headline", "heading"),
    "published": ("date", "published", "publish_date", "published_at", "pubdate", "date_publish",
                  "datetime", "publication_date", "timestamp"),
    "url": ("url", "link", "uri", "source_url"),
    "site": ("source", "site", "publisher", "outlet", "sitename", "domain"),
    "id": ("id", "doc_id", "docid", "uuid", "article_id", "aid"),
    "author": ("author", "authors", "byline", "creator"),
    "language": ("language", "lang"),
}
FIELDS = tuple(ALIASES)

csv.field_size_limit(64 * 1024 * 1024)


def parse_field_overrides(specs: list[str]) -> dict[str, str]:
    """Parse ``--field NAME=COLUMN`` options into a mapping."""
    overrides: dict[str, str] = {}
    for spec in specs:
        name, sep, column = spec.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip() or name not in ALIASES:
            raise UsageError(
                f"bad --field {spec!r}",
                hint=f"write NAME=COLUMN with NAME one of {', '.join(FIELDS)}",
            )
        overrides[name] = column.strip()
    return overrides


def map_columns(columns: list[str], overrides: Mapping[str, str]) -> dict[str, str]:
    """Which input column feeds each record field."""
    lowered = {c.strip().lower(): c for c in columns}
    mapping: dict[str, str] = {}
    for name, aliases in ALIASES.items():
        if name in overrides:
            mapping[name] = overrides[name]
            continue
        for alias in aliases:
            if alias in lowered:
                mapping[name] = lowered[alias]
                break
    return mapping


def _stringify(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v) or None
    text = str(value).strip()
    return text or None


_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
_BREAK_TAG = re.compile(r"<\s*(?:br|/p|p|/div|div|/li)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")


def _plain_text(text: str) -> str:
    """Feed text as plain text: HTML entities decoded, paragraph tags turned into breaks, other tags dropped."""
    if _ENTITY.search(text):
        text = html.unescape(text)
    if _BREAK_TAG.search(text):
        text = _BREAK_TAG.sub("\n\n", text)
        text = _ANY_TAG.sub("", text)
    return text


def _record(file: str, line: int, last: int, row: Mapping[str, Any], mapping: Mapping[str, str]) -> RawText:
    text_column = mapping.get("text")
    if text_column is None:
        raise RecordError(
            "no text column found", where=f"{file}:{line}",
            hint="name it with --field text=COLUMN",
        )
    text = _stringify(row.get(text_column))
    if not text:
        raise RecordError(f"the text field {text_column!r} is empty", where=f"{file}:{line}", hint="record skipped")
    text = _plain_text(text)
    meta = {name: _stringify(row.get(column)) for name, column in mapping.items() if name != "text"}
    return RawText(file, "feed", text, line, last, {k: v for k, v in meta.items() if v})


def read_jsonl(inp: TextInput, overrides: Mapping[str, str]) -> Iterator[RawText | DatelineError]:
    """Yield one raw text per JSON line (or per element of a JSON array)."""
    if inp.sample.lstrip().startswith("["):
        yield from _read_json_array(inp, overrides)
        return
    for number, line in inp.lines():
        if not line.strip():
            continue
        where = f"{inp.name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RecordError(f"not valid JSON ({exc.msg} at column {exc.colno})", where=where,
                              hint="line skipped; fix or remove it")
            continue
        if not isinstance(row, dict):
            yield RecordError("a JSON line must be an object", where=where, hint="line skipped")
            continue
        try:
            yield _record(inp.name, number, number, row, map_columns(list(row), overrides))
        except DatelineError as exc:
            yield exc


def _read_json_array(inp: TextInput, overrides: Mapping[str, str]) -> Iterator[RawText | DatelineError]:
    text = inp.read_all(512 * 1024 * 1024)
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", where=f"{inp.name}:{exc.lineno}",
                         hint="give one JSON object per line (JSON Lines) to keep the good records") from exc
    for index, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            yield RecordError("an array element is not an object", where=f"{inp.name}:[{index}]")
            continue
        try:
            yield _record(inp.name, index, index, row, map_columns(list(row), overrides))
        except DatelineError as exc:
            yield exc


def read_csv(inp: TextInput, overrides: Mapping[str, str]) -> Iterator[RawText | DatelineError]:
    """Yield one raw text per CSV/TSV row; the delimiter is sniffed from the first lines."""
    first = inp.sample.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    numbered = all(v.strip().isdigit() for v in overrides.values()) and bool(overrides)
    line_stream = _LineCounter(inp)
    reader = csv.reader(line_stream, delimiter=delimiter)
    header: list[str] | None = None
    mapping: dict[str, str] = {}
    while True:
        start = line_stream.number + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RecordError(f"malformed CSV ({exc})", where=f"{inp.name}:{start}", hint="row skipped")
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        if header is None:
            if numbered:
                header = [str(i) for i in range(1, len(row) + 1)]
                mapping = dict(overrides)
            else:
                header = row
                mapping = map_columns(header, overrides)
                if "text" not in mapping:
                    raise InputError(
                        f"no text column among {', '.join(h for h in header[:12])}",
                        where=f"{inp.name}:1",
                        hint="name it with --field text=COLUMN (or a column number for a file without a header)",
                    )
                continue
        if len(row) != len(header):
            yield RecordError(f"{len(row)} fields where the header has {len(header)}",
                              where=f"{inp.name}:{start}", hint="row skipped")
            continue
        try:
            yield _record(inp.name, start, line_stream.number, dict(zip(header, row)), mapping)
        except DatelineError as exc:
            yield exc


class _LineCounter:
    """Feeds csv.reader line by line while counting input lines."""

    def __init__(self, inp: TextInput):
        self._lines = inp.lines()
        self.number = 0

    def __iter__(self) -> "_LineCounter":
        return self

    def __next__(self) -> str:
        number, line = next(self._lines)
        self.number = number
        return line + "\n"


def looks_like_jsonl(sample: str) -> bool:
    """True when the first non-blank line is a JSON object (or the text is a JSON array)."""
    stripped = sample.lstrip()
    if stripped.startswith("["):
        return True
    first = stripped.split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return first.endswith("}")


def looks_like_csv(name: str, sample: str) -> bool:
    """True for a .csv/.tsv name, or a first line that is a delimited header naming a text column."""
    lower = name.lower().removesuffix(".gz")
    if lower.endswith((".csv", ".tsv")):
        return True
    first = sample.split("\n", 1)[0]
    for delimiter in (",", "\t"):
        cells = [c.strip().strip('"').lower() for c in first.split(delimiter)]
        if len(cells) >= 2 and any(c in ALIASES["text"] for c in cells):
            return True
    return False

