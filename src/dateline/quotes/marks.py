"""Quotation marks on the raw text, before the parse: ``scan_quotes`` finds quotations from their marks.

**Direct quotes** come from the quotation marks, read on the raw text before the parse:

* straight and typographic double marks (``"``, “ ”, „, « », and the ``''`` / ````` pairs of
  older wire copy) and single marks (‘ ’ and ``'``) at top level, where an apostrophe cannot
  be meant ("Sudani’s", "Hamas’ operation", "don't" never open or close a quote);
* a mark opens or closes by what stands beside it (space before and a letter after opens;
  a letter or punctuation before and space or punctuation after closes); a straight mark
  that could be either takes the role the pairing needs; an opening mark inside an open
  quotation opens a quote within it (“... what he calls “hell” ...”);
* an opening mark with no closing one on its line continues into the next paragraph when
  that paragraph reopens with a mark (the news convention for long quotes), or when its
  first mark is a closing one (a line wrapped inside a quote); otherwise it ends with its line;
* a quotation needs three words or more: one- or two-word scare quotes (“special role”) are
  not quotations, nor is a quoted title in Title Case inside a sentence (“Fox News Sunday”).
  A short quoted utterance with its cue ("“I would,” Melanie said.") is no quotation either,
  but tells who speaks in the quote that follows it;
* stray, unbalanced or odd numbers of marks never raise: an unmatched closing mark is ignored.

Transcript turns, signatures and unmarked block quotes, which need the parse, are read in ``direct.py``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

__all__ = ["RawQuote", "scan_quotes"]


_DOUBLE_MARK = re.compile(r"''|``|[\"“”„«»]")
_SINGLE_MARK = re.compile(r"[‘’']")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_OPENERS = "“„«"
_CLOSERS = "”»"
_BEFORE_OPEN = set("([{—–-/:…") | {"\u00a0"}
_AFTER_CLOSE = set(",.;:!?)]}—–-…") | {"\u00a0"}
_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "de", "la"}


@dataclass
class _Segment:
    """One line's piece of a quotation: marks and content offsets."""

    open: int
    start: int
    end: int
    close: int
    line: int
    closed: bool = False


@dataclass
class RawQuote:
    """A quotation found from its marks: content ``[start, end)``, marks ``[open, close)``."""

    open: int
    start: int
    end: int
    close: int
    rule: str
    segments: list[tuple[int, int]] = field(default_factory=list)


def _role(text: str, i: int, j: int, mark: str) -> str:
    before = text[i - 1] if i > 0 else "\n"
    after = text[j] if j < len(text) else "\n"
    left_open = before.isspace() or before in _BEFORE_OPEN or before in _OPENERS
    right_close = after.isspace() or after in _AFTER_CLOSE or after in _CLOSERS or after in "’'"
    if mark in _OPENERS or mark == "``":
        return "close" if (right_close and not left_open) else "open"
    if mark in _CLOSERS:
        return "open" if (left_open and not right_close) else "close"
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    return "ambig"


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _line_of(lines: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_title(text: str, content: str, open_pos: int) -> bool:
    """A quoted title inside a sentence (“Fox News Sunday”, “The Art of the Deal”), not a quotation."""
    words = _WORD.findall(content)
    tail = content.rstrip()[-1:]
    if not words or tail in "!?;:…" or (tail in ".," and len(words) > 5):
        return False  # American style keeps a title's full stop inside the marks ("on “Fox News Sunday.”")
    before = text[max(0, open_pos - 3) : open_pos].strip()
    if not before or before[-1:] in ":\n":
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(significant) and all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def scan_quotes(text: str, min_words: int = 3) -> list[RawQuote]:
    """Quotations of ``min_words`` words or more (three: shorter ones are scare quotes) found from their
    marks, in text order. Never raises."""
    lines = _lines(text)
    if not lines:
        return []
    events = []
    for m in _DOUBLE_MARK.finditer(text):
        events.append((m.start(), m.end(), _role(text, m.start(), m.end(), m.group())))
    segments: list[list[_Segment]] = []  # each quotation: its per-line segments
    current: list[_Segment] | None = None
    depth = 0
    k = 0
    while k < len(events):
        i, j, role = events[k]
        line = _line_of(lines, i)
        if current is not None and line != current[-1].line:
            # the quotation was left open at the end of its line
            seg = current[-1]
            seg.end = lines[seg.line][1]
            line_start = lines[line][0]
            first_on_line = i == line_start + (len(text[line_start:i]) - len(text[line_start:i].lstrip()))
            depth = 0
            if role in ("open", "ambig") and first_on_line:
                # a new paragraph reopens the quotation: it continues
                current.append(_Segment(i, j, j, j, line))
                k += 1
                continue
            if role in ("close", "ambig") and line == seg.line + 1:
                # a line wrapped inside the quotation: it continues to this closing mark
                for inner in range(seg.line + 1, line + 1):
                    current.append(_Segment(lines[inner][0], lines[inner][0], lines[inner][1], lines[inner][1], inner))
                last = current[-1]
                last.end, last.close, last.closed = i, j, True
                segments.append(current)
                current = None
                k += 1
                continue
            segments.append(current)
            current = None
        if current is None:
            if role in ("open", "ambig"):
                current = [_Segment(i, j, j, j, line)]
                depth = 0
        else:
            if role == "open":
                depth += 1  # a quote inside the quote (“... what he calls “hell” ...”)
            elif depth > 0:
                depth -= 1
            else:
                seg = current[-1]
                seg.end, seg.close, seg.closed = i, j, True
                segments.append(current)
                current = None
        k += 1
    if current is not None:
        current[-1].end = lines[current[-1].line][1]
        segments.append(current)

    quotes: list[RawQuote] = []
    for segs in segments:
        for seg in segs:
            if not seg.closed:
                seg.end = _rstrip_pos(text, seg.start, seg.end)
        start, end = segs[0].start, segs[-1].end
        content = text[start:end]
        if end <= start or _words(content) < min_words:
            continue
        if len(segs) == 1 and segs[0].closed and _is_title(text, content, segs[0].open):
            continue
        rule = "direct:marks" if len(segs) == 1 and segs[0].closed else (
            "direct:multi-paragraph" if len(segs) > 1 else "direct:unclosed")
        quotes.append(RawQuote(segs[0].open, start, end, segs[-1].close if segs[-1].closed else end, rule,
                               [(s.start, s.end) for s in segs]))
    quotes.extend(_single_quotes(text, lines, quotes, min_words))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _rstrip_pos(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _single_quotes(text: str, lines: list[tuple[int, int]], doubles: list[RawQuote], min_words: int = 3) -> list[RawQuote]:
    """Top-level ‘single-quoted’ quotations (headlines, British style), outside double quotes."""
    taken = [(q.open, q.close) for q in doubles]
    found: list[RawQuote] = []
    for line_start, line_end in lines:
        marks = [m for m in _SINGLE_MARK.finditer(text, line_start, line_end)
                 if not any(a <= m.start() < b for a, b in taken)]
        opener = None
        for m in marks:
            i, j = m.start(), m.end()
            before = text[i - 1] if i > line_start else " "
            after = text[j] if j < line_end else " "
            opens = (before.isspace() or before in "([{—–:\"“") and (after.isalnum())
            closes = (not before.isspace()) and (after.isspace() or after in _AFTER_CLOSE or after in "\"”" or j == line_end)
            if opener is None:
                if opens and m.group() != "’":
                    opener = m
                elif opens and m.group() == "’" and before.isspace() and not text[j : j + 2].isdigit():
                    opener = m  # a typographic closer used as an opener
                continue
            if closes and not (after.isalpha()):
                if before in "sS" and after == " " and text[j + 1 : j + 2].islower() and any(
                        later.start() > j for later in marks):
                    continue  # "the voters’ choice": a plural possessive, the quote closes further on
                start, end = opener.end(), i
                content = text[start:end]
                if _words(content) >= min_words and not _is_title(text, content, opener.start()):
                    found.append(RawQuote(opener.start(), start, end, j, "direct:single-marks", [(start, end)]))
                opener = None
    return found


def _within(quotes: list[RawQuote], opens: list[int], pos: int) -> bool:
    """Whether ``pos`` lies inside one of ``quotes`` (sorted by their opening marks, ``opens``)."""
    k = bisect.bisect_right(opens, pos) - 1
    return k >= 0 and quotes[k].open <= pos < quotes[k].close
