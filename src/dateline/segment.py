"""Segmenting and cleaning: raw text in, clean ``Article`` records out.

For a text dump the cleaner:

1. cuts the text into units (a line, or a hard-wrapped block joined up);
2. splits it into articles where a headline that repeats close by starts one;
3. in each article takes the headline as title and drops its repeats, keeps
   every photo caption once with its credit split off, drops page clutter
   (``TT``, lone counters, share links, "Advertisement", ...) by the rules in
   ``data/clutter.tsv``, takes bylines and timestamp lines as metadata, and
   keeps every other paragraph exactly once, in order;
4. reads the publication date and dateline from metadata, a wire dateline,
   a timestamp or a caption.

Everything dropped is listed in ``Article.removed`` with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import meta
from .errors import NoArticleError
from .knowledge import agency_pattern, clutter_reason, fold
from .read.base import RawText
from .records import Article, Dateline, Removed, SourceRef, content_id, join_paragraphs

HEADLINE_MAX_WORDS = 25
REPEAT_WINDOW = 14
"""A headline repeated within this many units marks the start of an article."""
BODY_MIN_WORDS = 10
LANGUAGE_SAMPLE = 800
"""Characters of the body the language is identified from."""
MAX_ARTICLE_CHARS = 1024 * 1024
"""Continuation chunks stop joining an article past this size, so memory stays bounded."""

_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ")", "]", ":", "…")
_CREDIT_PAREN = re.compile(r"\s*\((?P<credit>[^()]{2,160})\)\s*$")
_CREDIT_LABEL = re.compile(
    r"\s*[(\[]?\b(?:photo(?:graph)?|image|picture|credit|foto)s?(?:\s+by)?\s*[:©]\s*(?P<credit>[^()\[\]]{2,120}?)[)\]]?\s*$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(r"^(?:enlarge\s+this\s+image\s+)?(?:hide|toggle|show)\s+caption\s+(?P<credit>.{2,160})$", re.IGNORECASE)
_QUOTED_SENTENCE_END = re.compile(r"[.!?,][’'\"”]+\s*$")
_NEW_SENTENCE = re.compile(r"[.!?]\s+[A-Z][a-z]+\s+[a-z]")
_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photograph|photographer|handout|via|courtesy|file|pool|getty|images?|staff|credit)\b|/|©",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unit:
    """One paragraph-sized piece of input text and the input line it starts on."""

    line: int
    text: str


def _normal(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    """Comparison key for repeated lines: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def units_of(text: str, first_line: int = 1) -> list[Unit]:
    """Cut text into units: each line, except hard-wrapped blocks, which are joined into one."""
    units: list[Unit] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        lines = [t for _, t in block]
        if _hard_wrapped(lines):
            units.append(Unit(block[0][0], _normal(" ".join(lines))))
        else:
            units.extend(Unit(n, _normal(t)) for n, t in block)
        block.clear()

    for offset, line in enumerate(text.split("\n")):
        if line.strip():
            block.append((first_line + offset, line))
        else:
            flush()
    flush()
    return units


def _hard_wrapped(lines: list[str]) -> bool:
    """True for a block of short lines that wrap one paragraph (no terminal punctuation at most line ends)."""
    if len(lines) < 3:
        return False
    lengths = [len(line.strip()) for line in lines]
    if max(lengths) > 100 or sum(lengths[:-1]) / (len(lengths) - 1) < 35:
        return False
    open_ends = sum(1 for line in lines[:-1] if not line.rstrip().endswith(_TERMINAL))
    return open_ends >= 0.6 * (len(lines) - 1)


def headline_like(text: str) -> bool:
    """A short line without sentence-final punctuation that starts like a title."""
    words = text.split()
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS or len(text) > 220:
        return False
    if text.rstrip().endswith((".", ",", ";", ":")) and not text.rstrip().endswith("..."):
        return False
    if _QUOTED_SENTENCE_END.search(text):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "‘“'\""):
        return False
    if split_credit(text)[1] is not None:
        return False
    return clutter_reason(text) is None and meta.timestamp_date(text) is None


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a trailing photo credit off a caption: ``(caption, credit or None)``."""
    for pattern in (_CREDIT_PAREN, _CREDIT_LABEL):
        m = pattern.search(text)
        if m and _looks_like_credit(m["credit"]):
            return text[: m.start()].rstrip(), m["credit"].strip()
    return text, None


def _looks_like_credit(credit: str) -> bool:
    if len(credit.split()) > 12 or credit.rstrip().endswith((".", "?", "!")) and len(credit.split()) > 4:
        return False
    if _NEW_SENTENCE.search(credit):
        return False
    return bool(_CREDIT_WORDS.search(credit) or agency_pattern().search(credit))


def _is_body(unit: Unit, counts: Counter[str]) -> bool:
    return len(unit.text.split()) >= BODY_MIN_WORDS and counts[_key(unit.text)] == 1 and not headline_like(unit.text)


def split_articles(units: list[Unit]) -> list[list[Unit]]:
    """Split a dump chunk's units into articles at headlines that repeat close by."""
    keys = [_key(u.text) for u in units]
    starts: list[int] = []
    seen_titles: set[str] = set()
    for i, unit in enumerate(units):
        key = keys[i]
        if key in seen_titles or not headline_like(unit.text):
            continue
        window = keys[i + 1 : i + 1 + REPEAT_WINDOW]
        if key in window:
            starts.append(i)
            seen_titles.add(key)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = starts + [len(units)]
    groups = [units[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
    # A lead-in group with no body of its own belongs to the article after it.
    merged: list[list[Unit]] = []
    pending: list[Unit] = []
    for group in groups:
        counts = Counter(_key(u.text) for u in group)
        if not any(_is_body(u, counts) for u in group):
            pending.extend(group)
            continue
        merged.append(pending + group)
        pending = []
    if pending:
        if merged:
            merged[-1].extend(pending)
        else:
            merged.append(pending)
    return merged


@dataclass
class _Cleaned:
    title: str | None
    paragraphs: list[str]
    captions: list[str]
    credits: list[str]
    removed: list[Removed]
    author: str | None
    timestamp: str | None


def clean_units(units: list[Unit], *, title: str | None = None, find_title: bool = True) -> _Cleaned:
    """Clean one article's units: title, captions and credits, clutter, duplicates, byline, timestamp."""
    keys = [_key(u.text) for u in units]
    counts = Counter(keys)
    removed: list[Removed] = []
    captions: list[str] = []
    credits: list[str] = []
    paragraphs: list[str] = []
    seen: set[str] = set()
    author = timestamp = None
    title_key = _key(title) if title else None
    body_started = False

    for index, (unit, key) in enumerate(zip(units, keys)):
        text = unit.text
        if title_key is None and find_title and not paragraphs and headline_like(text):
            rest = keys[index + 1 :]
            if rest and (key in rest or _plausible_title(text, units[index + 1 :])):
                title, title_key = text, key
                continue
        if key == title_key:
            removed.append(Removed(text, "duplicate-title" if title else "title", unit.line))
            continue
        reason = clutter_reason(text)
        if reason:
            removed.append(Removed(text, f"clutter:{reason}", unit.line))
            continue
        control = _CREDIT_LINE.match(text)
        if control:
            credit = _undoubled(control["credit"])
            if credit not in credits:
                credits.append(credit)
            removed.append(Removed(text, "credit", unit.line))
            continue
        caption, credit = split_credit(text)
        repeated = counts[key] > 1
        if credit or (repeated and not body_started and not headline_like(text)):
            if key in seen:
                removed.append(Removed(text, "duplicate-caption", unit.line))
                continue
            seen.add(key)
            if caption.strip(" -–—|:"):
                captions.append(caption)
            if credit and credit not in credits:
                credits.append(credit)
            removed.append(Removed(text, "caption", unit.line))
            continue
        if key in seen:
            removed.append(Removed(text, "duplicate", unit.line))
            continue
        if not body_started:
            name = meta.byline_author(text)
            if name:
                author = author or name
                removed.append(Removed(text, "byline", unit.line))
                continue
            stamp = meta.timestamp_date(text)
            if stamp:
                timestamp = timestamp or stamp
                removed.append(Removed(text, "timestamp", unit.line))
                continue
        seen.add(key)
        paragraphs.append(text)
        body_started = body_started or len(text.split()) >= BODY_MIN_WORDS
    return _Cleaned(title, paragraphs, captions, credits, removed, author, timestamp)


def _undoubled(text: str) -> str:
    """``"X X"`` → ``"X"``: photo credits that a page prints twice in a row."""
    half = len(text) // 2
    if len(text) % 2 == 1 and text[:half] == text[half + 1 :]:
        return text[:half]
    return text


def _plausible_title(text: str, rest: list[Unit]) -> bool:
    """A first line that is not repeated is the title when a body paragraph follows soon."""
    return any(len(u.text.split()) >= BODY_MIN_WORDS for u in rest[:6])


def _language(text: str) -> str | None:
    if len(text.split()) < 5:
        return None
    import py3langid  # loads its model on first use

    lang, _ = py3langid.classify(text[:LANGUAGE_SAMPLE])
    return str(lang)


def build_article(raw: RawText, cleaned: _Cleaned, first_line: int, last_line: int) -> Article | None:
    """Assemble an ``Article`` from cleaned parts and the reader's metadata; ``None`` without a body."""
    if not cleaned.paragraphs:
        return None
    data = raw.meta
    published = meta.normalize_date(str(data["published"])) if data.get("published") else None
    basis = "metadata" if published else None
    place = country = None
    found = meta.body_dateline(cleaned.paragraphs[0])
    if found:
        place, country = found[0].place, found[0].country
        if not published and found[0].published:
            published, basis = found[0].published, "dateline"
    if not published and cleaned.timestamp:
        published, basis = cleaned.timestamp, "timestamp"
    for caption in cleaned.captions:
        from_caption = meta.caption_dateline(caption)
        if from_caption is None:
            continue
        if place is None:
            place, country = from_caption.place, from_caption.country
        if not published and from_caption.published:
            published, basis = from_caption.published, "caption"
        break
    body, spans = join_paragraphs(cleaned.paragraphs)
    title = _normal(cleaned.title or data.get("title") or "") or None
    return Article(
        id=str(data["id"]) if data.get("id") else content_id(title, body),
        source=SourceRef(raw.file, first_line, last_line),
        title=title,
        published=published,
        published_basis=basis,
        dateline=Dateline(place, country),
        captions=tuple(cleaned.captions),
        credits=tuple(cleaned.credits),
        author=data.get("author") or cleaned.author,
        site=data.get("site"),
        url=data.get("url"),
        language=data.get("language") or _language(body),
        body=body,
        paragraphs=spans,
        removed=tuple(cleaned.removed),
    )


def clean(raw: RawText) -> Iterator[Article | NoArticleError]:
    """Turn one piece of raw text into clean articles (several for a multi-article dump).

    A feed record or page whose text cleans down to nothing yields a
    ``NoArticleError`` naming it, in place of an article.
    """
    if raw.kind == "pagetext":
        yield from _clean_pagetext(raw)
        return
    if raw.kind != "dump":
        cleaned = clean_units(units_of(raw.text, raw.first_line), title=raw.meta.get("title"), find_title=raw.kind != "html")
        article = build_article(raw, cleaned, raw.first_line, raw.last_line)
        yield article if article is not None else _nothing_left(raw, cleaned)
        return
    for group in split_articles(units_of(raw.text, raw.first_line)):
        cleaned = clean_units(group, title=raw.meta.get("title"))
        article = build_article(raw, cleaned, group[0].line, group[-1].line)
        if article is not None:
            yield article


def _nothing_left(raw: RawText, cleaned: _Cleaned) -> NoArticleError:
    reasons = sorted({r.reason for r in cleaned.removed})
    return NoArticleError(
        "no article text left after cleaning" + (f" (removed: {', '.join(reasons)})" if reasons else ""),
        where=f"{raw.file}:{raw.first_line}",
        hint="record skipped",
    )


def _clean_pagetext(raw: RawText) -> Iterator[Article | NoArticleError]:
    from .read.pagetext import extract_page

    page = extract_page(raw.text)
    units = [Unit(raw.first_line, p) for p in page.paragraphs]
    cleaned = clean_units(units, title=raw.meta.get("title") or page.title, find_title=False)
    cleaned.removed[:0] = [Removed(text, reason, line + raw.first_line - 1) for line, text, reason in page.removed]
    article = build_article(raw, cleaned, raw.first_line, raw.last_line)
    yield article if article is not None else _nothing_left(raw, cleaned)


def _has_body(raw: RawText) -> bool:
    units = units_of(raw.text, raw.first_line)
    counts = Counter(_key(u.text) for u in units)
    return any(_is_body(u, counts) for u in units)


def _opens_article(raw: RawText) -> bool:
    """True when a chunk starts like an article: its first line is a headline."""
    first = raw.text.lstrip("\n").split("\n", 1)[0]
    return headline_like(_normal(first))


def _joined(held: RawText, raw: RawText) -> RawText:
    gap = "\n" * max(2, raw.first_line - held.last_line)
    return RawText(raw.file, "dump", held.text + gap + raw.text, held.first_line, raw.last_line, raw.meta)


def clean_all(raws: Iterable[RawText]) -> Iterator[Article | NoArticleError]:
    """Clean a stream of raw texts.

    Dump chunks (cut at long runs of blank lines) are regrouped first: a chunk
    with no body paragraph (a headline and captions set apart by blank lines)
    joins the chunk after it, and a chunk that does not open with a headline
    continues the article before it (articles with long gaps inside).
    """
    held: RawText | None = None
    for raw in raws:
        if held is not None and (raw.kind != "dump" or raw.file != held.file):
            yield from clean(held)
            held = None
        if raw.kind != "dump":
            yield from clean(raw)
            continue
        if held is None:
            held = raw
        elif not _has_body(held) or (not _opens_article(raw) and len(held.text) < MAX_ARTICLE_CHARS):
            held = _joined(held, raw)
        else:
            yield from clean(held)
            held = raw
    if held is not None:
        yield from clean(held)
