"""The calendar and the reading context behind ``dateline.times``.

Three things live here, apart from the rules that use them:

* ``words()``: the vocabulary in ``data/time_words.json`` (month, weekday,
  number, unit, season and part-of-day words, reference words, tense cues),
  loaded once;
* ``Point``: a calendar point at some granularity (a day, an ISO week, a
  month, a quarter, a year, a decade...) that can be shifted and printed as a
  TIMEX3 value;
* ``Context``: what a rule may consult while resolving one expression: the
  document creation time (the anchor), the last dates the text mentioned (the
  reference times anaphora such as "a year earlier" lean on) and the tense of
  the clause around the expression.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

GRANULARITIES = ("day", "week", "weekend", "month", "season", "quarter", "half", "year", "decade", "century")
_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
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
            return cls(gran, dt.date(day.year, _SEASON_MONTH[code], 1), code)
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


# --------------------------------------------------------------------------- context

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SENTENCE_END = re.compile(r"[.!?;:]\s|\n")


@cache
def _cues() -> dict[str, frozenset[str]]:
    vocab = words()
    return {key: frozenset(vocab[key]) for key in ("future_cues", "past_cues", "future_prepositions", "past_prepositions")}


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

        The preposition right before the expression decides first ("until
        Monday", "since March"); then the nearest tense cue before it in the
        sentence ("will", "was", a verb in -ed...); then the nearest after it.
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
        if before:
            last_two = " ".join(before[-2:])
            if before[-1] in cues["future_prepositions"] or last_two in cues["future_prepositions"]:
                return 1
            if before[-1] in cues["past_prepositions"]:
                return -1
        for i in range(len(before) - 1, -1, -1):
            cue = _cue(before, i, cues)
            if cue:
                return cue
        for i in range(min(len(after), 8)):
            cue = _cue(after, i, cues)
            if cue:
                return cue
        return 0


def _cue(tokens: list[str], i: int, cues: dict[str, frozenset[str]]) -> int:
    """The tense token ``i`` signals: +1 future, -1 past, 0 none."""
    word = tokens[i]
    pair = f"{word} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
    if pair in cues["future_cues"] or word in cues["future_cues"] or word.endswith("'ll"):
        return 1
    if pair in cues["past_cues"] or word in cues["past_cues"] or (len(word) > 4 and word.endswith("ed")):
        return -1
    return 0
