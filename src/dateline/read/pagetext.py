"""Recover the one news article from *whole-page text*.

"Whole-page text" is the visible text of a web page copied as plain text: the
article sits somewhere in the middle, surrounded by navigation menus, section
lists, "Subscribe / Sign in", cookie notices, language pickers, related-article
links, comments and footers. Lines are separated by ``"\\n"`` and blocks (HTML
block elements) by blank lines.

The approach follows the spirit of jusText and boilerpipe, on plain lines
instead of a DOM:

1. **Features.** Every non-empty line gets its length in words (a CJK
   character counts as half a word), whether it ends like a sentence, its
   density of English function words (``data/stopwords_en.txt``; used only
   when the page reads as English), and whether it is a generic boilerplate
   phrase (``data/boilerplate.txt``: "Share", "Sign up for our newsletter",
   "All rights reserved", date stamps, photo credits, ...).
2. **Line score.** Long, sentence-like, stopword-rich lines score positive;
   short lines (menu items, headlines, bylines) negative, boilerplate lines
   strongly negative. Three or more consecutive short lines of one block are
   flagged as a menu (navigation, link lists).
3. **The body is a run.** The article is one stretch of lines with a large
   total score (a maximum-sum subarray, as boilerpipe keeps the largest text
   block): menus and link lists between regions break the stretch, a short
   sub-heading or an "Advertisement" line inside the article does not. A
   stretch stops once its running total drops ``gap`` below its best.
4. **Headline anchor.** The page text usually starts with the HTML
   ``<title>`` ("Headline | Site"); the lines repeating it mark the headline.
   A run starting right after the headline is preferred to a bigger run
   further down (comment threads, teaser lists) when it scores at least
   ``anchor_ratio`` of it.
5. **Clean-up.** Inside the body, boilerplate lines, menu runs, the headline
   and repeated lines are dropped.

Every dropped non-empty line is reported in :attr:`PageExtract.removed` with a
reason. The weights live in :class:`Tuning`; the defaults were tuned on half of
the Scrapinghub article-extraction benchmark and checked on the other half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["PageExtract", "extract_page"]


@dataclass(frozen=True)
class PageExtract:
    """The article recovered from one page's text.

    ``title`` is the headline if one could be identified; ``paragraphs`` the
    body paragraphs in page order, each once, whitespace-normalised, without
    the headline; ``removed`` lists every dropped non-empty input line as
    ``(1-based line number, text, reason)``.
    """

    title: str | None
    paragraphs: list[str]
    removed: list[tuple[int, str, str]]


@dataclass(frozen=True)
class Tuning:
    """Weights of the line scorer and the body search.

    :func:`extract_page` uses :data:`TUNING`; tuning scripts may call
    ``_extract(text, Tuning(...))`` with other values.
    """

    sentence_words: float = 2.0  # a line ending like a sentence scores (words - this)
    plain_words: float = 15.0  # a line not ending like a sentence scores (words - this)
    stop_weight: float = 10.0  # plus stop_weight * (stopword density - stop_ref) on English pages
    stop_ref: float = 0.25
    neg_scale: float = 2.0  # negative scores are scaled by this...
    floor: float = 10.0  # ... and kept above -floor
    cap: float = 40.0  # no line scores above cap
    boiler_penalty: float = 15.0  # the score of a boilerplate line
    menu_run: int = 3  # this many consecutive short lines of one block form a menu
    gap: float = 120.0  # a body never spans a stretch scoring below -gap
    anchor_window: int = 10  # a body "follows the headline" if it starts within this many lines
    anchor_ratio: float = 0.3  # ... and wins if it scores this share of the best body


TUNING = Tuning()

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\ufeff]")
_SENTENCE_END = re.compile(r"[.!?。！？…:;][\"'”’»)\]]*$")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
_ENGLISH_MIN_STOP = 0.1  # pages whose long lines have fewer stopwords are not English


# --- knowledge from the data files --------------------------------------------


def _data_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of a file in the ``dateline.data`` package."""
    try:
        raw = resources.files("dateline.data").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return []
    return [s.strip() for s in raw.splitlines() if s.strip() and not s.lstrip().startswith("#")]


def _words_key(text: str) -> str:
    """Lower-case words of ``text`` joined by single spaces (punctuation dropped)."""
    return " ".join(_WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(w.lower() for w in _data_lines("stopwords_en.txt"))


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[dict[str, int], int, re.Pattern[str], re.Pattern[str]]:
    """The plain phrases (words key -> word count), the longest phrase's word
    count, and the ``re:`` entries combined into two patterns: those anchored
    with ``^`` (tried at the start of a line only) and the others."""
    phrases: dict[str, int] = {}
    anchored: list[str] = []
    floating: list[str] = []
    for entry in _data_lines("boilerplate.txt"):
        if entry.startswith("re:"):
            pattern = entry[3:].strip()
            try:
                re.compile(pattern)
            except re.error:
                continue
            (anchored if pattern.startswith("^") else floating).append(f"(?:{pattern})")
        elif key := _words_key(entry):
            phrases[key] = len(key.split())

    def combine(patterns: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(patterns) or r"(?!)", re.IGNORECASE)

    return phrases, max(phrases.values(), default=0), combine(anchored), combine(floating)


@lru_cache(maxsize=4096)
def _is_boilerplate(text: str) -> bool:
    """Whether a line is generic boilerplate (see ``boilerplate.txt``).

    A regex may match anywhere in the line; a plain phrase must make up a
    good part of a short line (at most twice its words plus two; a one-word
    phrase, a line of up to three words).
    """
    phrases, longest, anchored, floating = _boilerplate()
    if anchored.match(text) or floating.search(text):
        return True
    words = _words_key(text).split()
    n = len(words)
    if n == 0 or n > 2 * longest + 2:
        return False
    for i in range(n):
        for j in range(i + 1, min(n, i + longest) + 1):
            size = phrases.get(" ".join(words[i:j]))
            if size is not None and n <= (2 * size + 2 if size > 1 else 3):
                return True
    return False


# --- lines and their scores ---------------------------------------------------


@dataclass
class _Line:
    no: int  # 1-based input line number
    text: str  # whitespace-normalised text
    key: str  # its lower-case words, for comparing lines
    block: int  # index of the blank-line-separated block it belongs to
    size: float  # length in words; a CJK character counts as half a word
    stop: float  # share of English stopwords among its words
    sentence: bool  # ends like a sentence
    boiler: bool  # is a boilerplate phrase
    menu: bool = False  # part of a run of short lines in one block
    score: float = 0.0  # positive: reads like article prose


def _split_lines(text: str) -> list[_Line]:
    """The non-empty lines of ``text`` with their features."""
    stop = _stopwords()
    lines: list[_Line] = []
    block = 0
    for no, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        clean = _WS.sub(" ", _CONTROL.sub("", raw)).strip()
        if not clean:
            block += 1
            continue
        words = _WORD.findall(clean)
        cjk = len(_CJK.findall(clean))
        latin = [w for w in words if not _CJK.search(w)] if cjk else words
        n_stop = sum(1 for w in latin if w.lower() in stop)
        lines.append(
            _Line(
                no=no,
                text=clean,
                key=" ".join(words).lower(),
                block=block,
                size=len(latin) + cjk / 2.0,
                stop=n_stop / len(latin) if latin else 0.0,
                sentence=bool(_SENTENCE_END.search(clean)),
                boiler=_is_boilerplate(clean),
            )
        )
    return lines


def _is_english(lines: list[_Line]) -> bool:
    """Whether the page's longer lines read as English (by stopword density)."""
    long_lines = [ln for ln in lines if ln.size >= 10]
    total = sum(ln.size for ln in long_lines)
    if total < 20:
        return False
    return sum(ln.stop * ln.size for ln in long_lines) / total >= _ENGLISH_MIN_STOP


def _score_lines(lines: list[_Line], english: bool, t: Tuning) -> None:
    """Set every line's ``score`` and ``menu`` flag."""
    for ln in lines:
        if ln.boiler:
            ln.score = -t.boiler_penalty
            continue
        s = ln.size - (t.sentence_words if ln.sentence else t.plain_words)
        if english:
            s += t.stop_weight * (ln.stop - t.stop_ref)
        ln.score = min(s, t.cap) if s > 0 else max(s * t.neg_scale, -t.floor)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].block == lines[i].block and lines[j].score <= 0:
            j += 1
        if j - i >= t.menu_run:
            for k in range(i, j):
                lines[k].menu = True
        i = max(j, i + 1)


# --- the body -----------------------------------------------------------------


def _runs(lines: list[_Line], gap: float) -> list[tuple[float, int, int]]:
    """Candidate bodies as ``(total score, start, end)`` line-index spans.

    A run starts on a positive line and grows until its running total falls
    more than ``gap`` below its best; it ends where the total peaked and loses
    its most negative prefix (Kadane's maximum-sum subarray, cut at gaps).
    """
    runs = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].score <= 0:
            i += 1
            continue
        total, peak, end = 0.0, 0.0, i
        for j in range(i, n):
            total += lines[j].score
            if total > peak:
                peak, end = total, j + 1
            elif total < peak - gap:
                break
        start, running, low = i, 0.0, 0.0
        for j in range(i, end):
            running += lines[j].score
            if running < low:
                low, start = running, j + 1
        runs.append((peak - low, start, end))
        i = end
    return runs


def _best_run(lines: list[_Line], anchors: list[int], t: Tuning) -> tuple[int, int]:
    """The body's ``[start, end)`` line indices (``(0, 0)`` if there is none).

    The run with the largest total wins, unless a run starting shortly after a
    headline line (an index in ``anchors``) scores at least ``anchor_ratio``
    of it: the article follows its headline, while a longer comment thread or
    teaser list further down does not.
    """
    runs = _runs(lines, t.gap)
    if not runs:
        return 0, 0
    best = max(runs)
    anchored = [r for r in runs if any(h < r[1] <= h + t.anchor_window for h in anchors)]
    if anchored and max(anchored)[0] >= t.anchor_ratio * best[0]:
        best = max(anchored)
    return best[1], best[2]


# --- the headline -------------------------------------------------------------


def _headline_candidates(lines: list[_Line]) -> list[int]:
    """Indices of lines repeating the page's first line.

    The first line of copied page text is usually the HTML ``<title>``
    ("Headline | Site"); the headline above the article repeats it, minus the
    site name. A breadcrumb may repeat it too.
    """
    if len(lines) < 2:
        return []
    whole = set(lines[0].key.split())
    core = set(_words_key(_title_text(lines[0].text)).split())
    if len(core) < 2:
        return []
    found = []
    for i in range(1, len(lines)):
        words = set(lines[i].key.split())
        if (
            len(words) >= 2
            and len(words & whole) >= 0.8 * len(words)
            and len(words & core) >= 0.6 * len(core)
        ):
            found.append(i)
    return found


def _title_text(text: str) -> str:
    """The longest part of a ``<title>``-style line ("Headline | Site")."""
    return max(_TITLE_SEPARATORS.split(text), key=len).strip()


def _pick_title(anchors: list[int], start: int, end: int) -> int | None:
    """The headline line: the last candidate above the body, else the first inside."""
    above = [i for i in anchors if i < start]
    if above:
        return above[-1]
    inside = [i for i in anchors if start <= i < end]
    return inside[0] if inside else None


# --- entry point ----------------------------------------------------------------


def _outside_reason(ln: _Line) -> str:
    if ln.boiler:
        return "boilerplate:phrase"
    if ln.menu:
        return "boilerplate:menu"
    if ln.score <= 0:
        return "boilerplate:short"
    return "boilerplate:outside"


def extract_page(text: str) -> PageExtract:
    """Recover the headline and body paragraphs of the article in whole-page text.

    Never raises: on unusable input it returns an empty :class:`PageExtract`.
    """
    try:
        return _extract(text, TUNING)
    except Exception:  # noqa: BLE001 - the contract is "never raise"
        return PageExtract(None, [], [])


def _extract(text: str, t: Tuning) -> PageExtract:
    if not isinstance(text, str):
        return PageExtract(None, [], [])
    lines = _split_lines(text)
    if not lines:
        return PageExtract(None, [], [])
    _score_lines(lines, _is_english(lines), t)
    anchors = _headline_candidates(lines)
    start, end = _best_run(lines, anchors, t)

    title_i = _pick_title(anchors, start, end)
    if title_i is not None:
        title: str | None = lines[title_i].text
    elif start > 0 and lines[0].size >= 3 and not lines[0].boiler:
        title = _title_text(lines[0].text)  # the page starts with its <title>
    else:
        title = None
    title_key = lines[title_i].key if title_i is not None else _words_key(title or "")

    reasons: dict[int, str] = {}
    paragraphs: list[str] = []
    seen: set[str] = set()
    for i, ln in enumerate(lines):
        key = ln.key
        if i == title_i or (i == 0 and anchors and start > 0):
            reasons[i] = "title"  # the headline, or the <title> line it repeats
        elif i < start or i >= end:
            reasons[i] = _outside_reason(ln)
        elif ln.boiler:
            reasons[i] = "boilerplate:phrase"
        elif ln.menu:
            reasons[i] = "boilerplate:menu"
        elif title_key and key == title_key:
            reasons[i] = "title"
        elif key in seen:
            reasons[i] = "duplicate"
        else:
            seen.add(key)
            paragraphs.append(ln.text)

    removed = [(lines[i].no, lines[i].text, reason) for i, reason in sorted(reasons.items())]
    return PageExtract(title, paragraphs, removed)
