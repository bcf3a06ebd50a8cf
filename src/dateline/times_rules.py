"""The grammar of ``dateline.times``: patterns built from the vocabulary, and the rules that resolve them.

Each rule has an id (recorded on every expression it finds), trigger kinds (a
rule is only tried near a word of one of those kinds, which keeps the finder
fast), a pattern written with ``<NAME>`` building blocks (``subpatterns``) and
a resolver that turns a match into a TIMEX3 type and value, using the calendar
and reading context of ``dateline.times``. A resolver returns None to reject a
match ("may" the verb, "2000 troops"); shorter matches inside it are tried then.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from .times import (
    GRANULARITIES,
    SEASON_MONTH,
    Context,
    Point,
    clock,
    day_number,
    duration,
    holiday,
    month_day,
    month_number,
    month_of,
    nearer_future,
    number,
    quarter_of,
    safe_date,
    season_of,
    spoken_year,
    unit_code,
    weekday_number,
    weekday_of,
    words,
)


# --------------------------------------------------------------------------- patterns

def _alt(phrases: list[str] | dict[str, Any], *, title_case: bool = False) -> str:
    """A regex alternation of the phrases, longest first; spaces match any whitespace, hyphens are optional.

    With ``title_case`` the alternation is case-sensitive and accepts the
    Title and UPPER spellings only (month names: "May" but not "may").
    """
    items = sorted(set(phrases), key=len, reverse=True)
    if title_case:
        capital = (" ".join(w[:1].upper() + w[1:] for w in p.split(" ")) for p in items)
        items = sorted(set(capital) | {p.upper() for p in items}, key=len, reverse=True)
    out = [re.escape(p).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]?").replace("'", "['’]") for p in items]
    body = "|".join(out)
    return f"(?-i:{body})" if title_case else f"(?:{body})"


def unit_forms() -> list[str]:
    """Every unit word, singular and plural: "day", "days", "century", "centuries", "millennia"..."""
    forms = []
    for unit in words()["units"]:
        if unit.endswith("y") and unit != "day":
            forms += [unit, unit[:-1] + "ies"]
        elif unit == "millennium":
            forms += [unit, "millennia", "millenniums"]
        else:
            forms += [unit, unit + "s"]
    return forms


@cache
def subpatterns() -> dict[str, str]:
    """Named building blocks of the rule patterns, written ``<NAME>`` inside them."""
    v = words()
    ones = [w for w, n in v["numbers"].items() if n < 10]
    teens = [w for w, n in v["numbers"].items() if n >= 10]
    base = f"(?:{_alt(v['tens'])}(?:[-\\s]{_alt(ones)})?|{_alt(teens)}|{_alt(ones)})"
    numword = rf"(?:{base}(?:\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{base})?)?)"
    days = [w for w, n in v["ordinals"].items() if not w[0].isdigit()]
    s = {
        "MONTH_FULL": _alt(v["months"], title_case=True),
        "MONTH_ABBR": _alt(v["month_abbreviations"], title_case=True) + r"(?:\.|(?=\s+\d))",
        "WEEKDAY": _alt(v["weekdays"]),
        "WEEKDAY_ABBR": _alt(v["weekday_abbreviations"]) + r"\.",
        "NUMPHRASE": _alt(v["number_phrases"]),
        "DIGITS": r"\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\s+1/2|½)?",
        "VAGUE": _alt(v["vague_numbers"]),
        "UNIT": _alt(unit_forms()),
        "UNIT_SG": _alt(v["units"]),
        "ORDDAY": _alt(days),
        "ORD": r"(?:first|second|third|fourth|1st|2nd|3rd|4th)",
        "YEARNUM": r"(?:1[6-9]\d\d|20\d\d)(?![\d%]|\s*percent|,\d|\.\d)",
        "TZ": _alt(v["timezones"]),
        "PART": _alt(v["parts_of_day"]),
        "SEASON": _alt(v["seasons"]),
        "APPROX": _alt(v["approx_modifiers"]),
        "NUMPREP": _alt(v["number_prepositions"]),
        "RANGE": _alt(v["range_modifiers"]),
        "HEAD": _alt(v["duration_heads"]),
        "FILLER": _alt(v["duration_fillers"]),
        "SETWORD": _alt(v["set_words"]),
        "HOLIDAY": _alt([h for h in v["holidays"] if h != "about"], title_case=True),
        "PRESENT": _alt(v["present_ref"]),
        "PAST": _alt(v["past_ref"]),
        "FUTURE": _alt(v["future_ref"]),
    }
    s["MONTH"] = f"(?:{s['MONTH_ABBR']}|{s['MONTH_FULL']})"
    s["NUM"] = f"(?:{s['DIGITS']}|{numword}|{s['NUMPHRASE']})(?:\\s+and\\s+a\\s+half)?"
    s["DAY"] = rf"(?:(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|,\d\d\d)|{s['ORDDAY']})"
    s["SPOKEN_YEAR"] = (
        rf"(?:nineteen\s+(?:{_alt(v['tens'])}(?:[-\s]{_alt(ones)})?|{_alt(teens)}|hundred)"
        rf"|two\s+thousand(?:\s+and)?(?:[-\s]+{numword})?)"
    )
    s["YEAR"] = f"(?:{s['YEARNUM']}|{s['SPOKEN_YEAR']})"
    s["CLOCK"] = (
        r"(?:(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|am|pm)(?!\w)"
        r"|(?:[01]?\d|2[0-3])[:h][0-5]\d(?:\s*(?:hrs|hours))?"
        rf"|{_alt(v['clock_words'])}|(?:1[0-2]|[1-9]|{numword})\s+o['’]clock)"
    )
    s["DAYREF"] = (
        rf"(?:(?:(?:this\s+coming|this\s+past|this|next|last)\s+)?{s['WEEKDAY']}(?:,?\s+{s['MONTH']}\s+{s['DAY']})?"
        rf"|today|tonight|yesterday|tomorrow|{s['MONTH']}\s+{s['DAY']}(?:,?\s+{s['YEARNUM']})?)"
    )
    return s


_PLACEHOLDER = re.compile(r"<([A-Z_]+)>")


def expand(pattern: str) -> str:
    """Replace every ``<NAME>`` in a rule pattern by its building block (recursively)."""
    blocks = subpatterns()
    for _ in range(4):
        pattern = _PLACEHOLDER.sub(lambda m: blocks[m.group(1)], pattern)
    return pattern


# --------------------------------------------------------------------------- resolvers

class Resolved(NamedTuple):
    """What a rule makes of a match. ``point`` (a calendar period) becomes the reference time for the
    anaphora that follow; it is None for durations, sets, ``*_REF`` values and year-ago comparisons."""

    type: str
    value: str
    point: Point | None = None


Resolver = Callable[[re.Match[str], Context], Resolved | None]


def _day(day: dt.date | None) -> Resolved | None:
    return Resolved("DATE", day.isoformat(), Point("day", day)) if day else None


def _period(point: Point | None, note: bool = True) -> Resolved | None:
    """A resolved period; ``note=False`` keeps it from becoming the reference time."""
    return Resolved("DATE", point.value(), point if note else None) if point else None


def _direction(rel: str | None) -> int:
    """+1 for "next", "coming", "following"; -1 for "last", "past", "previous"; 0 otherwise."""
    r = (rel or "").lower()
    if any(w in r for w in ("next", "coming", "following", "upcoming")):
        return 1
    if any(w in r for w in ("last", "past", "previous", "prior", "earlier", "ago")):
        return -1
    return 0


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").lower())


def _preceding_word(ctx: Context, start: int) -> str:
    m = re.search(r"([A-Za-z]+)[^A-Za-z]*$", ctx.text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


@cache
def _day_phrase() -> re.Pattern[str]:
    return re.compile(expand(r"(?P<m><MONTH>)\s+(?P<d><DAY>)(?:,?\s+(?P<y><YEARNUM>))?"), re.I)


def day_reference(ctx: Context, text: str, start: int, end: int) -> dt.date | None:
    """The date a day phrase inside a longer expression names: "Friday", "yesterday", "Nov. 6", "Nov. 6, 1989"."""
    t = _norm(text).strip()
    deictic = words()["deictic_days"]
    if t in deictic:
        return ctx.anchor + dt.timedelta(days=deictic[t]) if ctx.anchor else None
    full = _day_phrase().search(text)
    if full:
        month, day = month_number(full["m"]), day_number(full["d"])
        if full["y"]:
            return safe_date(int(full["y"]), month, day)
        return month_day(ctx, month, day, ctx.tense(start, end))
    wd = re.search(subpatterns()["WEEKDAY"], t, re.I)
    if wd:
        rel = t[: wd.start()].strip()
        direction = _direction(rel) or ctx.tense(start, end)
        return weekday_of(ctx, weekday_number(wd.group()), direction, strict=rel in ("last", "next"))
    return None


def r_clock(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"9 a.m.", "14:30 GMT", "noon Saturday", "5 p.m. EST, Nov. 6": the day named, else the last day
    mentioned, else the publication date."""
    hhmm = clock(m["clock"])
    if hhmm is None:
        return None
    day_text = m["day1"] or m["day2"]
    day = day_reference(ctx, day_text, m.start(), m.end()) if day_text else None
    if day is None:
        day = ctx.last["day"].start if "day" in ctx.last else ctx.anchor
    return Resolved("TIME", f"{day.isoformat()}T{hhmm}" if day else f"T{hhmm}")


def r_part_of_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"this morning", "last night", "Friday evening", "tonight": the day and a TIMEX3 part of day (TMO, TNI...)."""
    part = words()["parts_of_day"][_norm(m["part"] or m["part2"] or "night")]
    rel = _norm(m["rel"] or m["rel2"] or ("tonight" if m["tonight"] else ""))
    if rel in ("this", "tonight"):
        day = ctx.anchor
    elif rel == "last":
        day = ctx.anchor - dt.timedelta(days=1) if ctx.anchor and part == "NI" else ctx.anchor
    else:
        day = day_reference(ctx, rel, m.start(), m.end())
    return Resolved("TIME", f"{day.isoformat() if day else 'XXXX-XX-XX'}T{part}")


def r_date_full(m: re.Match[str], ctx: Context) -> Resolved | None:
    """A date with its year: "Sept. 11, 2001", "6 November 2023", "2023-11-06", "11/6/2023"."""
    if m["y3"]:
        return _day(safe_date(int(m["y3"]), int(m["m3"]), int(m["d3"])))
    if m["y4"]:
        return _day(safe_date(int(m["y4"]), int(m["m4"]), int(m["d4"])))
    year = spoken_year(m["y1"] or m["y2"])
    return _day(safe_date(year, month_number(m["m1"] or m["m2"]), day_number(m["d1"] or m["d2"]))) if year else None


def r_month_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"Oct. 7", "7 October", "Friday, Oct. 13", "March eighth": the year from the anchor and the tense."""
    month, day = month_number(m["m1"] or m["m2"]), day_number(m["d1"] or m["d2"])
    if not safe_date(2000, month, day):
        return None
    if ctx.anchor is None:
        return Resolved("DATE", f"XXXX-{month:02d}-{day:02d}")
    weekday = weekday_number(m["wd"]) if m["wd"] else None
    return _day(month_day(ctx, month, day, ctx.tense(m.start(), m.end()), weekday, _direction(m["rel"])))


def r_month_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"March 2020", "early June 1989", "January nineteen ninety-seven"."""
    year = spoken_year(m["y"])
    return _period(Point("month", dt.date(year, month_number(m["m"]), 1))) if year else None


#: Words before a bare month name that show it is one ("in May"; "May" alone is more often the verb).
_MONTH_CUES = frozenset({"in", "since", "until", "till", "by", "of", "from", "through", "during", "before", "after",
                         "early", "late", "mid", "last", "this", "next", "every", "each", "between", "and", "to",
                         "around", "for", "throughout", "on"})


def r_month(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"in December", "last May", "early November", "June last year", "each July"."""
    month = month_number(m["m"])
    rel, yrel = _norm(m["rel"]), _norm(m["yrel"])
    if not (rel or m["mod"] or yrel):
        after = ctx.text[m.end() : m.end() + 2]
        if _preceding_word(ctx, m.start()) not in _MONTH_CUES and (month in (3, 5) or after[1:2].isupper()):
            return None  # "May" the verb, "March" the walk, "April Ryan" the name
    if rel in ("each", "every"):
        return Resolved("SET", f"XXXX-{month:02d}")
    if ctx.anchor is None:
        return Resolved("DATE", f"XXXX-{month:02d}")
    if yrel or rel == "this":
        year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[yrel or rel]
        return _period(Point("month", dt.date(year, month, 1)))
    return _period(month_of(ctx, month, ctx.tense(m.start(), m.end()), _direction(rel)))


@cache
def _not_a_year() -> re.Pattern[str]:
    """Words after a four-digit number that make it a quantity, not a year ("2000 troops")."""
    return re.compile(r"\s*[-–]?\s*" + _alt(words()["not_a_year_before"]) + r"(?!\w)", re.I)


def r_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"2013", "fiscal 1989", "mid-2024", "the end of 2023", "nineteen ninety-six"; not "$2020" or "2000 troops"."""
    if re.search(r"(?:[$€£#]|No\.|\d[.,]?)\s*$", ctx.text[max(0, m.start() - 4) : m.start()]):
        return None
    if _not_a_year().match(ctx.text[m.end() : m.end() + 24]):
        return None
    spoken = m["y"][0].lower() == "t"  # "two thousand" is a year only as "the year two thousand" or "in two thousand"
    if spoken and not _norm(m.group()).startswith("the year") and _preceding_word(ctx, m.start()) not in _MONTH_CUES:
        return None
    year = spoken_year(m["y"])
    return _period(Point("year", dt.date(year, 1, 1))) if year else None


def r_year_range(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"2013-14", "1990-1991": a span of at most ten years, valued by its first year."""
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else first - first % 100 + int(second)
    return _period(Point("year", dt.date(first, 1, 1))) if 0 < last - first <= 10 else None


def r_decade(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the 1980s" -> ``198``; "the '80s" (the latest such decade by the anchor); "the eighties"."""
    if m["dig"]:
        year = int(m["dig"])
    elif m["short"]:
        year = 1900 + int(m["short"])
        if ctx.anchor and year + 100 <= ctx.anchor.year:
            year += 100
    else:
        if not _norm(m.group()).startswith("the"):
            return None
        names = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
        year = 1920 + 10 * names.index(m["word"].lower())
    return _period(Point("decade", dt.date(year, 1, 1)))


def r_century(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the 20th century" -> ``19``."""
    digits = re.match(r"\d+", m["n"])
    ordinal = int(digits.group()) if digits else words()["ordinals"].get(m["n"].lower())
    return Resolved("DATE", f"{ordinal - 1:02d}") if ordinal else None


def _explicit_year(ctx: Context, text: str | None) -> int | None:
    """The year of "1989", "fiscal 1989", "this year('s)", "last year", "next year's"."""
    if not text:
        return None
    digits = re.search(r"\d{4}", text)
    if digits:
        return int(digits.group())
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + _direction(text)


_ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def r_quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the third quarter", "Q1 2024", "fiscal 1990's first quarter", "the first half of 2024"."""
    if m["qn"] or m["qn2"]:
        which, unit = int(m["qn"] or m["qn2"]), "quarter"
    else:
        unit = m["unit"].lower()
        which = _ORDINAL_QUARTER.get(m["ord"].lower(), 4 if unit == "quarter" else 2)  # "final", "last"
    if unit == "half" and which > 2:
        return None
    year = _explicit_year(ctx, m["yr"] or m["yr2"] or m["yr3"])
    if m["ago"]:  # "the year-ago third quarter"
        base = ctx.last.get("quarter") or ctx.anchor_point("quarter")
        year = base.start.year - 1 if base else None
    if year is None:
        if ctx.anchor is None:
            return Resolved("DATE", f"XXXX-{'Q' if unit == 'quarter' else 'H'}{which}")
        if unit == "quarter":
            return _period(quarter_of(ctx, which, ctx.tense(m.start(), m.end())))
        year = ctx.anchor.year
    if unit == "quarter":
        return _period(Point("quarter", dt.date(year, 3 * which - 2, 1)))
    return _period(Point("half", dt.date(year, 1 if which == 1 else 7, 1)))


def r_quarter_relative(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the quarter", "the latest quarter", "this quarter", "the year-ago quarter", "the 1988 period": a quarter
    taken from the last one mentioned, else from the last one completed before publication."""
    det = _norm(m["det"])
    current = ctx.anchor_point("quarter")
    latest = ctx.last.get("quarter")
    if current and (latest is None or ("latest" in det or "recent" in det) and latest.start >= current.start):
        latest = current.step(-1)
    if latest is None:
        return Resolved("DATE", "PRESENT_REF" if det in ("this", "the current") else "PAST_REF")
    year = re.search(r"\d{4}", det)
    if year:
        return _period(Point("quarter", latest.start.replace(year=int(year.group()))))
    if any(w in det for w in ("year-ago", "year ago", "year-earlier", "year earlier", "comparable", "corresponding",
                              "last year")):
        return _period(latest.shift(-1, "Y"), note=False)
    if current and det in ("this", "the current", "the present"):
        return _period(current)
    if current and det in ("last", "the previous", "the past", "the prior", "the preceding"):
        return _period(current.step(-1))
    if current and det in ("next", "the next", "the coming", "the following"):
        return _period(current.step(1))
    return _period(latest)


def r_year_ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"year-ago", "the year-earlier quarter", "the same period last year": the period compared with, a year back."""
    quarter = ctx.last.get("quarter")
    if m["noun"] or m["noun2"] or (quarter is not None and ctx.ref is quarter):
        base = quarter or (ctx.anchor_point("quarter").step(-1) if ctx.anchor else None)
    else:
        base = ctx.ref if ctx.ref is not None and ctx.ref.gran != "day" else ctx.anchor_point("year")
    return _period(base.shift(-1, "Y"), note=False) if base else Resolved("DATE", "PAST_REF")


def r_season(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"this summer", "last winter", "the spring of 2011"; never "the fall of Assad"."""
    code = words()["seasons"][m["s"].lower()]
    rel = _norm(m["rel"])
    year = spoken_year(m["y"]) if m["y"] else None
    if year:
        return _period(Point("season", dt.date(year, SEASON_MONTH[code], 1), code))
    if not (rel or m["mod"]) and code in ("SP", "FA"):
        return None  # "spring" and "fall" alone are more often not seasons
    if rel in ("the", "") and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4]):
        return None  # "the fall of the Berlin Wall"
    if ctx.anchor is None:
        return Resolved("DATE", f"XXXX-{code}")
    if rel == "this":
        return _period(season_of(ctx, code, 0, this_year=True))
    direction = _direction(rel)
    if direction:
        return _period(season_of(ctx, code, direction, strict=rel in ("last", "next")))
    return _period(season_of(ctx, code, ctx.tense(m.start(), m.end())))


def r_holiday(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"Christmas", "last Thanksgiving", "Easter Sunday", "New Year's Eve 1999"."""
    name, rel = m["h"], _norm(m["rel"])
    if m["y"]:
        return _day(holiday(name, int(m["y"])))
    a = ctx.anchor
    if a is None:
        return None
    dates = [d for d in (holiday(name, a.year + k) for k in (-1, 0, 1)) if d]
    if rel == "this":
        return _day(holiday(name, a.year))
    strict = rel in ("last", "next")
    past = max((d for d in dates if d < a or (d == a and not strict)), default=None)
    future = min((d for d in dates if d > a or (d == a and not strict)), default=None)
    if past is None or future is None:
        return _day(past or future)
    direction = _direction(rel)
    if not direction:
        direction = 1 if nearer_future((a - past).days, (future - a).days, ctx.tense(m.start(), m.end())) else -1
    return _day(future if direction > 0 else past)


def r_deictic_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"today", "yesterday", "tomorrow", "late yesterday", "the day before yesterday"."""
    offset = words()["deictic_days"].get(_norm(m["w"]))
    if offset is None:
        offset = -2 if "yesterday" in _norm(m.group()) else 2
    if ctx.anchor is None:
        return Resolved("DATE", "PRESENT_REF" if offset == 0 else "PAST_REF" if offset < 0 else "FUTURE_REF")
    return _day(ctx.anchor + dt.timedelta(days=offset))


_UNIT_GRAN = {"day": "day", "week": "week", "weekend": "weekend", "month": "month", "year": "year",
              "decade": "decade", "century": "century"}
_UNIT_CODE = {"day": "D", "week": "W", "month": "M"}


def r_relative(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"last week", "this month", "earlier this year", "the next day", "the weekend", "year-end", "the year"."""
    if m["mod2"]:  # "year-end", "month's end"
        return _period(ctx.anchor_point(m["mod2"].lower())) or Resolved("DATE", "PRESENT_REF")
    gran = _UNIT_GRAN[m["unit"].lower()]
    rel = _norm(m["rel"])
    step = _direction(rel)
    if rel in ("the", "the latest") and not m["mod"] and gran != "weekend":
        if re.match(r"\s+(?:ended|ending|to\s+(?:date|[A-Z]))", ctx.text[m.end() : m.end() + 12]) or \
                _preceding_word(ctx, m.start()) in ("over", "throughout"):
            return Resolved("DURATION", duration(1, _UNIT_CODE.get(gran, "Y")))  # "the year ended Sept. 30"
        if rel == "the latest" and gran == "year":
            return _period(ctx.anchor_point("year").step(-1)) if ctx.anchor else None
        if gran in ("month", "decade", "century") or (
                gran == "year" and not m["fiscal"] and _preceding_word(ctx, m.start()) not in ("for", "in", "during")):
            return None
    if rel in ("the past", "the last") and gran in _UNIT_CODE and not m["mod"]:
        return Resolved("DURATION", duration(1, _UNIT_CODE[gran]))  # "over the past week"
    if gran == "weekend":
        week = ctx.anchor_point("week")
        if week is None or ctx.anchor is None:
            return Resolved("DATE", "XXXX-WXX-WE")
        if not step and rel != "this" and ctx.anchor.isoweekday() < 6 and ctx.tense(m.start(), m.end()) <= 0:
            step = -1  # on a weekday, "the weekend" is the one just past unless the clause looks ahead
        return _period(Point("weekend", week.step(step).start))
    anaphoric = rel in ("the following", "the next", "the previous", "the prior", "that", "the same") or (
        rel == "the" and gran in ("day", "week"))
    base = None
    if anaphoric and ctx.ref is not None and GRANULARITIES.index(ctx.ref.gran) <= GRANULARITIES.index(gran):
        base = ctx.ref.at(gran)
    if base is None:
        base = ctx.anchor_point(gran)
    if base is None:
        return Resolved("DATE", "FUTURE_REF" if step > 0 else "PAST_REF" if step < 0 else "PRESENT_REF")
    return _period(base.step(step))


def r_weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"Monday", "last Friday", "next Tuesday", "the previous Friday" (before the last day mentioned)."""
    weekday = weekday_number(m["wd"])
    rel = _norm(m["rel"])
    if ctx.anchor is None:
        return Resolved("DATE", f"XXXX-WXX-{weekday}")
    if rel in ("the previous", "the following", "the next", "that") and "day" in ctx.last:
        ref = ctx.last["day"].start
        ahead = (weekday - ref.isoweekday()) % 7
        if rel == "that":  # the one in the same week, nearest
            return _day(ref + dt.timedelta(days=ahead - 7 if ahead > 3 else ahead))
        if rel == "the previous":
            return _day(ref - dt.timedelta(days=(ref.isoweekday() - weekday - 1) % 7 + 1))
        return _day(ref + dt.timedelta(days=ahead or 7))
    direction = _direction(rel)
    if direction:
        return _day(weekday_of(ctx, weekday, direction, strict=rel in ("last", "next", "the previous")))
    return _day(weekday_of(ctx, weekday, ctx.tense(m.start(), m.end())))


_GRAN_OF_UNIT = {"D": "day", "W": "week", "2W": "week", "M": "month", "Q": "quarter", "Y": "year",
                 "DE": "year", "CE": "year", "ML": "year", "H": "day", "MIN": "day", "S": "day"}


def r_offset(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"two days ago", "a year earlier", "three weeks later", "a decade from now": from the publication date
    ("ago", "from now") or from the last date mentioned ("earlier", "later"), at the unit's granularity."""
    unit = unit_code(m["unit"])
    way = _norm(m["dir"])
    sign = -1 if way in ("ago", "earlier", "before", "back") else 1
    amount = number(m["num"])
    if amount is None or (ctx.anchor is None and ctx.ref is None):
        return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")  # "a few years ago"
    if unit in ("H", "MIN", "S"):
        return _day(ctx.anchor)
    deictic = way in ("ago", "from now", "hence", "back")
    gran = _GRAN_OF_UNIT[unit]
    base = None
    if ctx.ref is not None and (not deictic or way == "ago" and unit == "Y" and ctx.ref.gran in ("quarter", "half")):
        base = ctx.ref  # "earnings rose from $5 million a year ago" compares with the quarter just mentioned
        if GRANULARITIES.index(gran) < GRANULARITIES.index(base.gran):
            # "two days earlier" after "in May": a month names no day to count from; the anchor date does
            base = None
    if base is None:
        base = ctx.anchor_point(gran)
    if base is None:
        return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    note = deictic and base.gran not in ("quarter", "half")
    if amount != int(amount) and unit in ("Y", "M"):
        return _period(base.shift(sign * round(amount * (12 if unit == "Y" else 1)), "M"), note=note)
    return _period(base.shift(sign * round(amount), unit), note=note)


def r_duration(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"three years", "less than 24 hours", "the past two weeks", "14-year", "for decades"; not ages; rates
    ("$500 million a year") are sets."""
    unit = unit_code(m["unit"])
    groups = m.groupdict()
    num = _norm(groups.get("num"))
    if unit in ("S", "Q") and num in ("a", "an", "one", "a single"):
        return None  # "a second term", "a quarter of the vote"
    amount = number(num) if num else None
    if amount is not None and groups.get("half"):
        amount += 0.5
    if amount is not None and amount > 10000:
        return None
    if groups.get("old") or re.match(r"\s+old\b", ctx.text[m.end() : m.end() + 5]):
        return None  # an age ("52 years old", "a 136-year-old bank"), not a period of time
    if num in ("a", "an") and re.search(r"(?:\d|%|\bmillion|\bbillion|\bpercent|\btimes)\S*\s+(?:\w+\s+)?$",
                                        ctx.text[max(0, m.start() - 40) : m.start()]):
        return Resolved("SET", duration(1, unit))  # a rate: "$500 million a year", "700 seats a week"
    return Resolved("DURATION", duration(amount, unit))


def r_set(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"every week", "each Thursday", "every other month", "twice a year", "on Mondays", "annually"."""
    v = words()
    if m["adv"]:
        word = _norm(m["adv"])
        adjective = re.match(r"\s[A-Za-z]", ctx.text[m.end() : m.end() + 2]) or \
            _preceding_word(ctx, m.start()) in ("a", "the", "its")
        if word not in ("annually", "yearly", "hourly") and adjective:
            return None  # "daily flights", "the weekly Al-Ahram": not how often something happens
        return Resolved("SET", v["set_words"][word])
    if m["pwd"]:
        return Resolved("SET", f"XXXX-WXX-{weekday_number(m['pwd'])}{'TNI' if m['night'] else ''}")
    target = m["unit"] or m["unit2"]
    low = target.lower()
    if low in v["weekdays"]:
        return Resolved("SET", f"XXXX-WXX-{weekday_number(low)}")
    if low in v["months"]:
        return Resolved("SET", f"XXXX-{month_number(low):02d}")
    if low in v["parts_of_day"]:
        return Resolved("SET", f"XXXX-XX-XXT{v['parts_of_day'][low]}")
    if low == "weekend":
        return Resolved("SET", "XXXX-WXX-WE")
    amount = number(m["num"]) if m["num"] else 1
    if m["other"]:
        amount = (amount or 1) * 2
    return Resolved("SET", duration(amount, unit_code(low)))


def r_reference(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"now", "currently", "recently", "the future": TimeML's PRESENT_REF, PAST_REF, FUTURE_REF."""
    if m["present"]:
        return None if ctx.text[m.end() : m.end() + 1] == "-" else Resolved("DATE", "PRESENT_REF")  # "now-defunct"
    return Resolved("DATE", "PAST_REF" if m["past"] else "FUTURE_REF")


_QUARTER_DET = (
    r"the\s+comparable\s+year[-\s]ago|the\s+comparable\s+year[-\s]earlier|the\s+year[-\s]ago|the\s+year[-\s]earlier"
    r"|the\s+comparable|the\s+corresponding|the\s+same|last\s+year's|the\s+latest|the\s+most\s+recent|the\s+recent"
    r"|the\s+current|the\s+present|the\s+previous|the\s+past|the\s+prior|the\s+preceding|the\s+next|the\s+coming"
    r"|the\s+following|the\s+<YEARNUM>|the|this|last|next|that|its|their"
)

#: (rule id, trigger kinds, pattern, resolver), in priority order for matches of equal length. A rule is
#: only tried near a word of one of its trigger kinds (see ``trigger_kinds``); every match contains one.
RULE_TABLE: tuple[tuple[str, str, str, Resolver], ...] = (
    ("clock", "clock clockword",
     r"(?:(?:around|about|approximately|roughly|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
     r"(?:(?P<day1><DAYREF>),?\s+)?(?P<clock><CLOCK>)(?:\s+(?:<TZ>))?(?:\s+\(\d{3,4}\s+(?:<TZ>)\))?"
     r"(?:,?\s+(?P<day2><DAYREF>))?", r_clock),
    ("part-of-day", "part",
     r"(?:(?:early|late|mid)[-\s]?)?(?:(?P<rel>this|last|(?:this\s+coming\s+|this\s+past\s+|next\s+|last\s+)?<WEEKDAY>"
     r"|yesterday|today|tomorrow)\s+(?:(?:early|late|mid)[-\s]?)?(?P<part><PART>)"
     r"|(?P<part2><PART>)\s+(?P<rel2>yesterday|today|tomorrow|<WEEKDAY>)|(?P<tonight>tonight))", r_part_of_day),
    ("date", "month numdate",
     r"(?:(?:<WEEKDAY>|<WEEKDAY_ABBR>),?\s+)?(?:(?P<m1><MONTH>)\s+(?P<d1><DAY>),?\s+(?P<y1><YEAR>)"
     r"|(?:the\s+)?(?P<d2><DAY>)\s+(?:of\s+)?(?P<m2><MONTH>),?\s+(?P<y2><YEAR>)"
     r"|(?P<y3><YEARNUM>)-(?P<m3>0[1-9]|1[0-2])-(?P<d3>0[1-9]|[12]\d|3[01])"
     r"|(?P<m4>0?[1-9]|1[0-2])/(?P<d4>0?[1-9]|[12]\d|3[01])/(?P<y4><YEARNUM>))", r_date_full),
    ("month-day", "month",
     r"(?:around\s+)?(?:(?P<rel>this\s+coming|this\s+past|next|last|this)\s+)?(?:(?P<wd><WEEKDAY>),?\s+)?"
     r"(?:(?P<m1><MONTH>)\s+(?P<d1><DAY>)|(?:the\s+)?(?P<d2><DAY>)\s+(?:of\s+)?(?P<m2><MONTH>))", r_month_day),
    ("month-year", "month",
     r"(?:(?:<RANGE>)[-\s]+)?(?P<m><MONTH>),?\s+(?:of\s+)?(?P<y><YEAR>)", r_month_year),
    ("month", "month",
     r"(?:(?P<mod><RANGE>)[-\s]+)?(?:(?P<rel>this\s+past|this\s+coming|this|last|next|each|every)\s+)?"
     r"(?P<m><MONTH_FULL>)(?:\s+(?P<yrel>this|last|next)\s+year)?", r_month),
    ("year-range", "digit", r"(?P<y1><YEARNUM>)\s*[-–/]\s*(?P<y2>\d\d(?!\d)|<YEARNUM>)", r_year_range),
    ("year", "digit spoken",
     r"(?:(?:<RANGE>)[-\s]+)?(?:(?:fiscal|calendar|the\s+year|the\s+fiscal\s+year|fiscal\s+year)\s+)?"
     r"(?P<y><YEARNUM>|<SPOKEN_YEAR>)",
     r_year),
    ("decade", "digit decadeword",
     r"(?:the\s+)?(?:(?:early|mid|late)[-\s]?)?(?:(?P<dig>(?:1[6-9]|20)\d0)['’]?s|['’](?P<short>\d0)['’]?s"
     r"|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))", r_decade),
    ("century", "century",
     r"(?:the\s+)?(?:(?:early|mid|late)[-\s]?)?(?P<n><ORD>|\d{1,2}(?:st|nd|rd|th)|[a-z]+th)[-\s]century", r_century),
    ("quarter", "quarter",
     r"(?:(?:the|its|their)\s+)?(?:(?P<yr><YEARNUM>|(?:this|last|next)\s+year|fiscal\s+<YEARNUM>)(?:['’]s)?\s+)?"
     r"(?:(?P<ago>year[-\s]ago|year[-\s]earlier)\s+)?(?:(?:fiscal|calendar|latest|current)\s+)?"
     r"(?:(?P<ord><ORD>|final|last(?=[-\s]half))[-\s](?:fiscal[-\s])?(?P<unit>quarter|half)"
     r"(?:\s+of\s+(?:(?:fiscal|the\s+fiscal\s+year|the\s+year)\s+)?(?P<yr2><YEARNUM>|(?:this|last|next)\s+year))?"
     r"|(?-i:Q(?P<qn>[1-4]))(?:\s+(?P<yr3><YEARNUM>))?|(?-i:(?P<qn2>[1-4])Q))", r_quarter),
    ("quarter-relative", "quarter",
     rf"(?P<det>{_QUARTER_DET})\s+(?:fiscal\s+)?(?:quarter|period)(?!s|ly|-)", r_quarter_relative),
    ("year-ago", "unit",
     r"(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?year[-\s](?:ago|earlier|before)"
     r"(?:\s+(?P<noun>(?:(?:<ORD>|fiscal)\s+)?(?:quarter|period)))?"
     r"|(?:the\s+)?(?:same|corresponding|comparable)\s+(?P<noun2>period|quarter|time)\s+(?:of\s+)?"
     r"(?:last\s+year|a\s+year\s+(?:ago|earlier)|the\s+previous\s+year|the\s+prior\s+year)", r_year_ago),
    ("season", "season",
     r"(?:(?P<mod><RANGE>)\s+)?(?:(?P<rel>this\s+past|this\s+coming|this|last|next|the|that)\s+)?(?P<s><SEASON>)"
     r"(?:\s+(?:of\s+)?(?P<y><YEAR>))?", r_season),
    ("holiday", "holiday",
     r"(?:(?P<rel>this\s+past|this\s+coming|this|last|next)\s+)?(?P<h><HOLIDAY>)(?:,?\s+(?:of\s+)?(?P<y><YEARNUM>))?",
     r_holiday),
    ("deictic-day", "deictic",
     r"(?:(?:early|late|earlier|later)\s+)?(?:(?P<w>today|yesterday|tomorrow)"
     r"|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))", r_deictic_day),
    ("relative", "unit",
     r"(?:(?P<mod><RANGE>|early|late|earlier|later)[-\s]+)?(?P<rel>this\s+coming|this\s+past|this|last|next|the\s+past"
     r"|the\s+last|the\s+previous|the\s+prior|the\s+current|the\s+coming|the\s+following|the\s+same|the\s+next|that"
     r"|the\s+present|the\s+latest|the)\s+(?:(?P<fiscal>fiscal|full|calendar)\s+)?"
     r"(?P<unit>week|weekend|month|year|decade|century|day)(?!s|-)"
     r"|(?P<mod2>year|month)(?:['’]s)?[-\s]end", r_relative),
    ("weekday", "weekday",
     r"(?:(?:early|late|earlier|later)\s+)?(?:(?P<rel>this\s+past|this\s+coming|this|last|next|the\s+previous"
     r"|the\s+following|the\s+next|that|past)\s+)?(?P<wd><WEEKDAY>)(?!s\b)", r_weekday),
    ("relative-offset", "unit",
     r"(?:(?:<APPROX>)\s+)?(?P<num><NUM>|<VAGUE>)\s+(?:(?:more|full|long)\s+)?(?P<unit><UNIT>)(?:\s+or\s+(?:so|more))?"
     r"\s+(?P<dir>ago|earlier|later|from\s+now|hence|back|before(?=\s*[,.;:)]|$)|after(?=\s*[,.;:)]|$))"
     r"(?!\s+than)", r_offset),
    ("duration", "unit",
     r"(?:(?:<APPROX>)\s+)?(?:(?:<HEAD>)\s+)?(?:(?:<APPROX>|<NUMPREP>)\s+)?(?P<num><NUM>|<VAGUE>)"
     r"(?:\s*(?:-|to|or)\s*(?:<NUM>))?\s+(?:(?:<FILLER>)\s+)*(?P<unit><UNIT>)(?:\s+(?P<half>and\s+a\s+half))?"
     r"(?:\s+or\s+so)?", r_duration),
    ("duration-adjective", "unit",
     r"(?:(?:<APPROX>|<NUMPREP>)\s+)?(?P<num><NUM>|several|multi|many)-(?P<unit><UNIT_SG>)(?P<old>-old)?(?:-long)?",
     r_duration),
    ("duration-plural", "unit",
     r"(?:(?<=for\s)|(?<=over\s)|(?<=within\s)|(?<=in\s)|(?<=after\s)|(?<=took\s)|(?<=lasted\s)|(?<=spent\s))"
     r"(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)(?!\s+(?:of|ago|later|earlier))", r_duration),
    ("set", "setq weekday setword",
     r"(?:every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<num><NUM>)\s+)?"
     r"(?P<unit><UNIT>|<WEEKDAY>|<MONTH_FULL>|<PART>|weekend)(?!s)"
     r"|(?:once|twice|thrice|(?:<NUM>)\s+times)\s+(?P<extent>(?:a|an|per|each|every)\s+(?P<unit2><UNIT_SG>))"
     r"|(?P<pwd><WEEKDAY>)s(?P<night>\s+nights)?|(?P<adv><SETWORD>)", r_set),
    ("reference", "ref",
     r"(?P<present><PRESENT>)|(?P<past><PAST>)|(?P<future><FUTURE>)", r_reference),
)


@dataclass(frozen=True)
class Rule:
    """One rule: an id (the provenance recorded on each expression), its trigger kinds, pattern and resolver."""

    name: str
    triggers: frozenset[str]
    pattern: re.Pattern[str]
    resolve: Resolver


@cache
def rules() -> tuple[Rule, ...]:
    """The rules, compiled once; every pattern is bounded so it never starts or ends inside a word."""
    compiled = []
    for name, triggers, pattern, resolve in RULE_TABLE:
        regex = re.compile(rf"(?<![\w$£€])(?:{expand(pattern)})(?![\w])", re.IGNORECASE)
        compiled.append(Rule(name, frozenset(triggers.split()), regex, resolve))
    return tuple(compiled)


@cache
def trigger_kinds() -> dict[str, frozenset[str]]:
    """Lower-case word -> the trigger kinds it belongs to (``month``, ``unit``, ``ref``...); digits are ``digit``."""
    v = words()
    kinds: dict[str, set[str]] = {}

    def add(kind: str, items: Any) -> None:
        for item in items:
            for word in re.findall(r"[^\W\d_]+", item.lower()):
                kinds.setdefault(word, set()).add(kind)

    add("month", list(v["months"]) + list(v["month_abbreviations"]))
    add("weekday", [w + s for w in list(v["weekdays"]) + list(v["weekday_abbreviations"]) for s in ("", "s")])
    add("unit", unit_forms() + ["weekend", "weekends"])
    add("part", list(v["parts_of_day"]) + ["tonight"])
    add("season", v["seasons"])
    add("deictic", v["deictic_days"])
    add("clockword", list(v["clock_words"]) + ["clock"])
    add("spoken", ["nineteen", "thousand"])
    add("decadeword", ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"])
    add("century", ["century", "centuries"])
    add("quarter", ["quarter", "half", "period"])
    add("setword", v["set_words"])
    add("setq", ["every", "each", "once", "twice", "thrice", "times"])
    add("holiday", [h.split()[0] for h in v["holidays"] if h != "about"])
    # every reference phrase ends in a word of its own: "right now", "the near future", "recent years"
    add("ref", [p.split()[-1] for key in ("present_ref", "past_ref", "future_ref") for p in v[key]])
    return {word: frozenset(found) for word, found in kinds.items()}


def _trie(words: list[str]) -> str:
    """A regex matching exactly ``words``, written as a trie so that matching is fast."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


_NUMBER = re.compile(r"\d+")
_AM_PM = re.compile(r"[ap]\.?m\b(?<![a-z][ap]m)(?<![a-z][ap]\.m)")


@cache
def _trigger_words(ignore_case: bool = False) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + _trie(sorted(trigger_kinds())) + r")\b", re.IGNORECASE if ignore_case else 0)


def triggers(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where the trigger words and figures of each kind are in ``text``, in text order.

    Figures get kinds by their neighbours: ``clock`` ("14:30", "9 a.m."),
    ``numdate`` ("2023-11-06", "11/6/2023"), ``quarter`` ("Q3", "3Q"), and
    every number is a ``digit``.
    """
    kinds = trigger_kinds()
    low = text.lower()
    words_ = _trigger_words()
    if len(low) != len(text):  # a few characters change length when lowered; keep offsets exact
        low, words_ = text, _trigger_words(ignore_case=True)
    found: dict[str, list[tuple[int, int]]] = {}
    for m in words_.finditer(low):
        for kind in kinds[m.group().lower()]:
            found.setdefault(kind, []).append(m.span())
    for m in _NUMBER.finditer(low):
        start, end = m.span()
        found.setdefault("digit", []).append((start, end))
        after = low[end : end + 3]
        if after[:1] in (":", ".", "h") and after[1:3].isdigit():
            found.setdefault("clock", []).append((start, end))
        elif after[:1] in ("-", "/") and after[1:2].isdigit():
            found.setdefault("numdate", []).append((start, end))
        elif (after[:1] == "q" or low[start - 1 : start] == "q") and end - start == 1:
            found.setdefault("quarter", []).append((start, end))
    for m in _AM_PM.finditer(low):
        found.setdefault("clock", []).append(m.span())
    for spans in found.values():
        spans.sort()
    return found
