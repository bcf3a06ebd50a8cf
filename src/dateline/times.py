"""Time expressions in news text, found and resolved to calendar values (TIMEX3).

``find_times(text, published)`` returns every temporal expression in ``text``
as a ``TimeExpr``: its span, its TIMEX3 type (``DATE``, ``TIME``, ``DURATION``,
``SET``) and its normalized value, resolved against the publication date
(the document creation time), so "on Monday" in a story published on Monday
6 November 2023 becomes ``2023-11-06`` and "last year" becomes ``2022``.

How it works:

1. one pass finds the trigger words (month and weekday names, unit words,
   numbers...); every rule of ``times_rules.RULE_TABLE`` (a pattern built from
   the words in ``data/time_words.json`` and a resolver) is matched only in the
   stretches around its own triggers, which keeps a 1,000-word article to a
   few milliseconds;
2. overlapping matches are settled longest first, then by rule order, so
   "5 p.m. EST, Nov. 6" is one expression, not three;
3. the survivors are resolved in text order. Deictic expressions ("yesterday",
   "last week", "two days ago") count from the publication date; names that
   recur every year or week ("Oct. 7", "December", "Monday") take the
   occurrence on or before publication unless the clause speaks of the future
   ("will meet on Monday", "next Monday", "until March") or, for yearly names,
   the next occurrence is much nearer ("Nov. 16" in a story of Oct. 30,
   ``FUTURE_BIAS``); anaphoric ones ("the
   next day", "a year earlier", "the year-ago quarter") count from the last date
   the text mentioned.

Spans follow TimeML: modifiers belong to the expression ("nearly two years",
"early next year", "the third quarter") and prepositions do not ("on Monday"
gives "Monday"). Values follow TIMEX3: ``2023-11-06``, ``2024-12``, ``2025``,
``198`` (the 1980s), ``2023-W45``, ``2023-Q1``, ``2023-SU``, ``P3D``, ``PT24H``,
``PXY`` (vague "years"), ``PXDE`` ("decades"), ``PRESENT_REF``, ``PAST_REF``,
``FUTURE_REF``, ``XXXX-10-07`` (no anchor given), ``2023-11-06T14:30``,
``XXXX-WXX-1`` (every Monday).

``dateparser`` is not used: the rules cover the forms it would read here, they
know about tense and anaphora, and it costs about 3 ms a call, a hundred times
the cost of the rules.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .times_rules import Resolved, Rule

__all__ = ["TimeExpr", "find_times", "to_dict"]


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression in a text: its span, TIMEX3 type and normalized value.

    ``start``/``end`` are character offsets into the text given (``text ==
    source[start:end]``); ``type`` is ``DATE``, ``TIME``, ``DURATION`` or
    ``SET``; ``value`` the TIMEX3 value; ``rule`` the id of the rule that found
    and resolved it (its provenance).
    """

    text: str
    start: int
    end: int
    type: str
    value: str
    rule: str


# --------------------------------------------------------------------------- vocabulary and calendar

GRANULARITIES = ("day", "week", "weekend", "month", "season", "quarter", "half", "year", "decade", "century")
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_MONTHS_PER_UNIT = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200, "ML": 12000}
_DAYS_PER_UNIT = {"D": 1, "W": 7, "2W": 14}


@cache
def words() -> dict[str, Any]:
    """The vocabulary file, parsed once."""
    text = resources.files("dateline.data").joinpath("time_words.json").read_text(encoding="utf-8")
    return json.loads(text)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, the day of month clamped to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Point:
    """A calendar period at one granularity, held by its first day.

    ``gran`` is one of ``GRANULARITIES``; ``season`` is the TIMEX3 season code
    (``SP``, ``SU``, ``FA``, ``WI``) when ``gran`` is ``"season"``.
    """

    gran: str
    start: dt.date
    season: str = ""

    @classmethod
    def of(cls, gran: str, day: dt.date, season: str = "") -> Point:
        """The period of granularity ``gran`` that contains ``day``."""
        if gran in ("week", "weekend"):
            return cls(gran, day - dt.timedelta(days=day.weekday()))
        if gran == "month":
            return cls(gran, day.replace(day=1))
        if gran == "quarter":
            return cls(gran, dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))
        if gran == "half":
            return cls(gran, dt.date(day.year, 1 if day.month <= 6 else 7, 1))
        if gran == "season":
            code = season or ("WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI")[day.month - 1]
            year = day.year - 1 if code == "WI" and day.month <= 2 else day.year
            return cls(gran, dt.date(year, SEASON_MONTH[code], 1), code)
        if gran == "year":
            return cls(gran, dt.date(day.year, 1, 1))
        if gran == "decade":
            return cls(gran, dt.date(day.year - day.year % 10 or 10, 1, 1))
        if gran == "century":
            return cls(gran, dt.date(day.year - day.year % 100 or 100, 1, 1))
        return cls("day", day)

    def value(self) -> str:
        """The TIMEX3 value: ``2023-11-06``, ``2023-W45``, ``2023-11``, ``2023-Q4``, ``2023``, ``198``..."""
        d = self.start
        if self.gran == "day":
            return d.isoformat()
        if self.gran in ("week", "weekend"):
            iso = d.isocalendar()
            return f"{iso.year:04d}-W{iso.week:02d}" + ("-WE" if self.gran == "weekend" else "")
        if self.gran == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if self.gran == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if self.gran == "half":
            return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
        if self.gran == "season":
            return f"{d.year:04d}-{self.season}"
        if self.gran == "decade":
            return f"{d.year // 10:03d}"
        if self.gran == "century":
            return f"{d.year // 100:02d}"
        return f"{d.year:04d}"

    def shift(self, amount: int, unit: str) -> Point:
        """The period ``amount`` units (``D``, ``W``, ``M``, ``Q``, ``Y``, ``DE``, ``CE``) away, same granularity."""
        if unit in _DAYS_PER_UNIT:
            day = self.start + dt.timedelta(days=amount * _DAYS_PER_UNIT[unit])
        else:
            day = add_months(self.start, amount * _MONTHS_PER_UNIT.get(unit, 12))
        return Point.of(self.gran, day, self.season)

    def step(self, amount: int) -> Point:
        """The period ``amount`` steps of its own granularity away ("next month", "last quarter")."""
        unit = {"day": "D", "week": "W", "weekend": "W", "month": "M", "quarter": "Q", "half": "H",
                "season": "Y", "year": "Y", "decade": "DE", "century": "CE"}[self.gran]
        if unit == "H":
            return Point.of("half", add_months(self.start, 6 * amount))
        return self.shift(amount, unit)

    def at(self, gran: str) -> Point:
        """The period of another granularity that contains this one's first day."""
        return Point.of(gran, self.start)


# --------------------------------------------------------------------------- numbers and units in words

def number(text: str | None) -> float | None:
    """The number a numeral or number phrase denotes ("24", "2 1/2", "twenty-four", "a couple of"); None if vague."""
    if not text:
        return None
    v = words()
    t = re.sub(r"\s+", " ", text.lower().replace("½", " 1/2")).strip()
    extra = 0.0
    for suffix in (" and a half", " 1/2"):
        if t.endswith(suffix):
            t, extra = t[: -len(suffix)].strip(), 0.5
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", "")) + extra
    if t in v["number_phrases"]:
        return v["number_phrases"][t] + extra
    total = current = 0
    for part in re.split(r"[-\s]+", t):
        if part in v["numbers"] or part in v["tens"]:
            current += v["numbers"].get(part) or v["tens"][part]
        elif part == "hundred":
            current = (current or 1) * 100
        elif part == "thousand":
            total, current = total + (current or 1) * 1000, 0
        elif part != "and":
            return None
    return total + current + extra


def spoken_year(text: str) -> int | None:
    """1996 for "nineteen ninety-six", 2001 for "two thousand one"; a digit year passes through."""
    t = re.sub(r"[-\s]+", " ", text.lower()).strip()
    if t.isdigit():
        return int(t)
    if t.startswith("nineteen "):
        rest = t[len("nineteen ") :]
        n = 0 if rest == "hundred" else number(rest)
        return 1900 + int(n) if n is not None else None
    if t.startswith("two thousand"):
        rest = t[len("two thousand") :].replace("and", "").strip()
        n = number(rest) if rest else 0
        return 2000 + int(n) if n is not None else None
    return None


def month_number(text: str) -> int:
    """1..12 for a month name or abbreviation ("Sept.", "October")."""
    v = words()
    key = text.lower().rstrip(".")
    return v["months"].get(key) or v["month_abbreviations"][key]


def weekday_number(text: str) -> int:
    """1 (Monday) .. 7 (Sunday) for a weekday name or abbreviation."""
    v = words()
    key = text.lower().rstrip(".").removesuffix("s") if text.lower() not in v["weekdays"] else text.lower()
    return v["weekdays"].get(key) or v["weekday_abbreviations"][key]


def day_number(text: str) -> int:
    """1..31 for "7", "7th" or "seventh"."""
    t = text.lower()
    digits = re.match(r"\d+", t)
    return int(digits.group()) if digits else words()["ordinals"][re.sub(r"\s+", "-", t)]


def unit_code(text: str) -> str:
    """The unit code ("D", "W", "M", "Q", "Y", "DE", "CE", "H", "MIN", "S") of a unit word, singular or plural."""
    units = words()["units"]
    t = text.lower()
    for form in (t, t[:-1], t[:-3] + "y", t.replace("millennia", "millennium").replace("millenniums", "millennium")):
        if form in units:
            return units[form]
    raise KeyError(text)


_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
_SMALLER = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"), "H": (60, "MIN"), "MIN": (60, "S")}


def duration(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: ``P3D``, ``PT24H``, ``P2Y6M``; ``PXY`` when the amount is vague; decades as years."""
    if unit == "2W":
        amount, unit = (amount * 2 if amount is not None else None), "W"
    if unit in ("DE", "CE", "ML"):
        if amount is None:
            return f"PX{unit}"
        amount, unit = amount * {"DE": 10, "CE": 100, "ML": 1000}[unit], "Y"
    t = "T" if unit in _TIME_UNITS else ""
    code = _TIME_UNITS.get(unit, unit)
    if amount is None:
        return f"P{t}X{code}"
    whole = int(amount)
    if amount == whole:
        return f"P{t}{whole}{code}"
    if unit in _SMALLER:
        factor, smaller = _SMALLER[unit]
        rest = round((amount - whole) * factor)
        head = f"{whole}{code}" if whole else ""
        small_t = "T" if smaller in _TIME_UNITS and not t else ""
        return f"P{t}{head}{small_t}{rest}{_TIME_UNITS.get(smaller, smaller)}"
    return f"P{t}{amount:g}{code}"


def clock(text: str) -> str | None:
    """``HH:MM`` for "9 a.m.", "14:30", "noon", "ten o'clock"; None when the figures are not a time."""
    t = text.lower().strip()
    words_ = words()["clock_words"]
    if t in words_:
        return words_[t]
    m = re.match(r"(\d{1,2})(?:[:.h](\d\d))?\s*([ap])?", t)
    if m:
        hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    else:
        spoken = re.match(r"(.+?)\s+o['’]clock", t)
        n = number(spoken.group(1)) if spoken else None
        if n is None:
            return None
        hour, minute, half = int(n), 0, None
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# --------------------------------------------------------------------------- reading context

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SENTENCE_END = re.compile(r"[.!?;:]\s|\n")


#: Words before a form in -ed that make it a participle or adjective, not a past tense ("will be held").
_NOT_A_PAST_VERB = frozenset({"be", "been", "being", "is", "are", "am", "the", "a", "an", "to", "will", "would",
                              "still", "not", "newly", "its", "their", "his", "her", "get", "gets", "got"})


@cache
def _cues() -> dict[str, frozenset[str]]:
    vocab = words()
    keys = ("future_auxiliaries", "future_cues", "past_cues", "reporting_verbs", "future_prepositions",
            "past_prepositions")
    return {key: frozenset(vocab[key]) for key in keys}


@dataclass
class Context:
    """What rules consult while resolving: the anchor date, reference times and the clause's tense."""

    text: str
    anchor: dt.date | None
    last: dict[str, Point] = field(default_factory=dict)
    ref: Point | None = None

    def anchor_point(self, gran: str) -> Point | None:
        """The period of granularity ``gran`` containing the anchor date."""
        return Point.of(gran, self.anchor) if self.anchor else None

    def note(self, point: Point) -> None:
        """Remember a resolved date as the latest reference time."""
        self.ref = point
        self.last[point.gran] = point

    def tense(self, start: int, end: int) -> int:
        """+1 when the clause around ``text[start:end]`` speaks of the future, -1 of the past, 0 unknown.

        In order: a preposition right before the expression ("until Monday",
        "as early as Tuesday", "since March"); the nearest tense cue before it
        in the sentence ("will", "plans to", "was", a verb in -ed; a reporting
        verb only when it governs the expression, "said on Monday"); the
        nearest auxiliary or past form after it ("Monday, it was...").
        """
        cues = _cues()
        text = self.text
        before_text = text[max(0, start - 240) : start]
        cut = None
        for cut in _SENTENCE_END.finditer(before_text):
            pass
        if cut is not None:
            before_text = before_text[cut.end() :]
        after_text = text[end : end + 160]
        stop = _SENTENCE_END.search(after_text)
        if stop:
            after_text = after_text[: stop.start()]
        before = [w.lower().replace("’", "'") for w in _WORD.findall(before_text)]
        after = [w.lower().replace("’", "'") for w in _WORD.findall(after_text)]
        for size in (3, 2, 1):
            if len(before) >= size and " ".join(before[-size:]) in cues["future_prepositions"]:
                return -1 if "had" in before or "had" in after[:6] else 1
        if before and before[-1] in cues["past_prepositions"]:
            return -1
        for i in range(len(before) - 1, -1, -1):
            cue = _cue(before, i, cues, len(before) - i)
            if cue:
                return cue
        for i in range(min(len(after), 8)):
            cue = _cue(after, i, cues, 0)
            if cue:
                return cue
        return 0


def _cue(tokens: list[str], i: int, cues: dict[str, frozenset[str]], distance: int) -> int:
    """The tense token ``i`` signals: +1 future, -1 past, 0 none. ``distance`` counts tokens back to the
    expression (0: the token follows it, where only auxiliaries and past forms count)."""
    word = tokens[i]
    pair = f"{word} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
    future = pair in cues["future_auxiliaries"] or word in cues["future_auxiliaries"] or word.endswith("'ll")
    if future or (distance and (pair in cues["future_cues"] or word in cues["future_cues"])):
        # "was to", "had been due", "were expected": a future seen from the past
        return -1 if any(t in ("had", "was", "were") for t in tokens[max(0, i - 2) : i]) else 1
    if word in cues["reporting_verbs"]:
        return -1 if 0 < distance <= 3 else 0
    if pair in cues["past_cues"] or word in cues["past_cues"]:
        return -1
    if len(word) > 4 and word.endswith("ed") and (i == 0 or tokens[i - 1] not in _NOT_A_PAST_VERB):
        return -1
    return 0


# --------------------------------------------------------------------------- names that recur

def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


#: Weight on the distance to the next occurrence of a yearly name ("Oct. 7", "December"), by the clause's
#: tense (+1 future, 0 unknown, -1 past): the next one is meant when its weighted distance is still the
#: shorter. With no cue the last one is meant unless the next is less than half as far away.
FUTURE_BIAS = {1: 0.25, 0: 2.0, -1: 4.0}


def nearer_future(past_distance: int, future_distance: int, tense: int) -> bool:
    """True when the future occurrence of a yearly name is the one meant: nearer, weighed by tense."""
    return future_distance * FUTURE_BIAS[tense] < past_distance


def month_day(ctx: Context, month: int, day: int, tense: int, weekday: int | None = None,
              direction: int = 0) -> dt.date | None:
    """The date "Oct. 7" names: the last one on or before the anchor or the next one after it, whichever is
    nearer once weighed by the clause's ``tense``; ``direction`` (+1 "next", -1 "last") decides outright.
    A weekday given with it ("Friday, Oct. 13") picks the year it fits."""
    a = ctx.anchor
    if a is None:
        return None
    this = safe_date(a.year, month, day)
    past = this if this and this <= a else safe_date(a.year - 1, month, day)
    future = this if this and this >= a else safe_date(a.year + 1, month, day)
    if past is None or future is None:
        return past or future
    if weekday:
        fits = [d for d in (past, future) if d.isoweekday() == weekday]
        if len(fits) == 1:
            return fits[0]
    if direction:
        return future if direction > 0 else past
    return future if nearer_future((a - past).days, (future - a).days, tense) else past


def month_of(ctx: Context, month: int, tense: int, direction: int = 0) -> Point | None:
    """The month named: the last one begun by the anchor date or the next one, the nearer weighed by tense;
    ``direction`` (+1 "next", -1 "last") decides outright and skips the anchor's own month."""
    a = ctx.anchor
    if a is None:
        return None
    here = a.year * 12 + a.month - 1
    back = (a.month - month) % 12 or (12 if direction < 0 else 0)
    ahead = (month - a.month) % 12 or (12 if direction > 0 else 0)
    if direction:
        index = here + ahead if direction > 0 else here - back
    else:
        index = here + ahead if nearer_future(back, ahead, tense) else here - back
    return Point("month", dt.date(index // 12, index % 12 + 1, 1))


def weekday_of(ctx: Context, weekday: int, direction: int, strict: bool = False) -> dt.date | None:
    """The weekday named in the anchor's week: on or before the anchor (``direction`` <= 0) or on or after it.
    ``strict`` ("last Monday", "next Monday") skips the anchor day itself."""
    a = ctx.anchor
    if a is None:
        return None
    if direction > 0:
        ahead = (weekday - a.isoweekday()) % 7
        return a + dt.timedelta(days=ahead or (7 if strict else 0))
    back = (a.isoweekday() - weekday) % 7
    return a - dt.timedelta(days=back or (7 if strict else 0))


def season_of(ctx: Context, code: str, direction: int, strict: bool = False, this_year: bool = False) -> Point | None:
    """The season named, the latest one begun by the anchor date or (future) the next one not yet over;
    ``this_year`` ("this summer") takes the one in the anchor's year whether past or to come."""
    a = ctx.anchor
    if a is None:
        return None
    current = Point.of("season", a)
    this = Point("season", dt.date(current.start.year, SEASON_MONTH[code], 1), code)
    if this_year:
        return this
    if direction > 0:
        return this if this.start > current.start or (this == current and not strict) else this.shift(1, "Y")
    return this if this.start < current.start or (this == current and not strict) else this.shift(-1, "Y")


def quarter_of(ctx: Context, quarter: int, direction: int) -> Point | None:
    """A quarter named without a year: this year's, unless it is still to come and the clause is not future."""
    a = ctx.anchor
    if a is None:
        return None
    current = (a.month - 1) // 3 + 1
    year = a.year if quarter <= current or direction > 0 else a.year - 1
    return Point("quarter", dt.date(year, 3 * quarter - 2, 1))


def holiday(name: str, year: int) -> dt.date | None:
    """The date of a holiday in a year: fixed ("christmas"), the nth weekday of a month ("thanksgiving")
    or counted from Easter Sunday ("good friday")."""
    spec = words()["holidays"][re.sub(r"\s+", " ", name.lower().replace("’", "'"))]
    if spec[0] == "easter":  # the anonymous Gregorian computus
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        g = (8 * b + 13) // 25
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        l_ = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 19 * l_) // 433
        month = (h + l_ - 7 * m + 90) // 25
        day = (h + l_ - 7 * m + 33 * month + 19) % 32
        return dt.date(year, month, day) + dt.timedelta(days=spec[1])
    if len(spec) == 2:
        return safe_date(year, spec[0], spec[1])
    month, nth, weekday = spec
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


# --------------------------------------------------------------------------- finding

@dataclass(frozen=True)
class _Candidate:
    """A rule's match: its span (which settles overlaps) and the extent it reports (an ``extent`` group, if any)."""

    start: int
    end: int
    order: int
    rule: Rule
    match: re.Match[str]

    def overlaps(self, other: _Candidate) -> bool:
        return self.start < other.end and other.start < self.end

    def extent(self) -> tuple[int, int]:
        m = self.match
        return m.span("extent") if "extent" in m.re.groupindex and m["extent"] else (self.start, self.end)


_WINDOW = 48  # characters either side of a trigger word that a match may reach


_EDGE = re.compile(r"\S*")


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each trigger kind, the merged stretches of text around its words, widened to whitespace."""
    from .times_rules import triggers  # the grammar builds on this module's calendar, so it loads second

    size = len(text)
    merged: dict[str, list[tuple[int, int]]] = {}
    for kind, places in triggers(text).items():
        out: list[tuple[int, int]] = []
        for start, end in places:
            lo, hi = max(0, start - _WINDOW), min(size, end + _WINDOW)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        merged[kind] = [(_start_of_word(text, lo), _EDGE.match(text, hi).end()) for lo, hi in out]
    return merged


def _start_of_word(text: str, pos: int) -> int:
    """``pos`` moved back to just after the whitespace before it."""
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _candidates(text: str) -> list[_Candidate]:
    """Every match of every rule near one of its trigger words, with the extent the rule marks (``extent``)."""
    from .times_rules import rules

    windows = _windows(text)
    found = []
    for order, rule in enumerate(rules()):
        stretches = sorted(w for kind in rule.triggers for w in windows.get(kind, ()))
        merged: list[tuple[int, int]] = []
        for lo, hi in stretches:
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        seen: set[int] = set()
        for lo, hi in merged:
            for m in rule.pattern.finditer(text, lo, hi):
                if m.start() in seen:
                    continue
                seen.add(m.start())
                found.append(_Candidate(m.start(), m.end(), order, rule, m))
    return found


def _select(candidates: list[_Candidate], taken: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: longest first, then earliest rule, then leftmost; none overlapping ``taken``."""
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.order, c.start)):
        if not any(cand.overlaps(other) for other in chosen) and not any(cand.overlaps(t) for t in taken):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _resolve(ctx: Context, cand: _Candidate, pool: list[_Candidate], taken: list[_Candidate]) -> list[TimeExpr]:
    """Resolve one chosen candidate; if its rule rejects it, fall back on the shorter matches inside it."""
    try:
        result: Resolved | None = cand.rule.resolve(cand.match, ctx)
    except (ValueError, OverflowError):  # the date would fall outside the calendar (years 1..9999)
        result = None
    if result is not None:
        type_, value, point = result
        if point is not None:
            ctx.note(point)
        start, end = cand.extent()
        return [TimeExpr(ctx.text[start:end], start, end, type_, value, cand.rule.name)]
    others = [t for t in taken if t is not cand]
    rest = [c for c in pool if c is not cand and c.overlaps(cand)]
    out: list[TimeExpr] = []
    for alt in _select(rest, others):
        out += _resolve(ctx, alt, rest, others + [alt])
    return out


def anchor_date(published: str | None) -> dt.date | None:
    """The day an ISO publication date or timestamp (``2024-05-01``, ``2024-05-01T08:00:00Z``) names, or None
    when it is missing or malformed: the anchor relative expressions are resolved against."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_times(text: str, published: dt.date | dt.datetime | None = None) -> list[TimeExpr]:
    """The time expressions in ``text``, in text order, resolved against the publication date ``published``.

    Without ``published`` the values keep what the text alone says
    (``XXXX-10-07`` for "Oct. 7", ``PAST_REF`` for "last year").
    """
    if not text:
        return []
    anchor = published.date() if isinstance(published, dt.datetime) else published
    ctx = Context(text, anchor)
    pool = _candidates(text)
    chosen = _select(pool, [])
    found: list[TimeExpr] = []
    for cand in chosen:
        found += _resolve(ctx, cand, pool, chosen)
    return found


def to_dict(t: TimeExpr) -> dict[str, str | int]:
    """A plain dict of a ``TimeExpr``: ``text``, ``start``, ``end``, ``type``, ``value`` and ``rule``."""
    return asdict(t)
