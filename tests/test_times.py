"""Time expressions: each rule family on a fixed publication date, the seed's gold dates, and the TimeBank gate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dateline.errors import EvalError
from dateline.times import TimeExpr, find_times, to_dict

SHARED = Path(__file__).resolve().parents[2] / "shared"
TIMEBANK = SHARED / "eval" / "temporal" / "tbaq_cleaned" / "TimeBank"
PUBLISHED = dt.date(2025, 4, 16)  # a Wednesday


def found(text: str, published: dt.date | None = PUBLISHED) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in find_times(text, published)]


CASES = [
    # weekdays: the one on or before publication, unless the clause looks ahead
    ("The minister said on Monday that talks had failed.", [("Monday", "DATE", "2025-04-14")]),
    ("The summit opened on Wednesday.", [("Wednesday", "DATE", "2025-04-16")]),
    ("The talks will resume on Friday.", [("Friday", "DATE", "2025-04-18")]),
    ("They meet again next Monday.", [("next Monday", "DATE", "2025-04-21")]),
    ("He resigned last Friday.", [("last Friday", "DATE", "2025-04-11")]),
    ("The talks could resume as early as Tuesday.", [("Tuesday", "DATE", "2025-04-22")]),
    # month and day: the latest one on or before publication, unless the clause looks ahead
    ("Officials met on March 28.", [("March 28", "DATE", "2025-03-28")]),
    ("the attack on Oct. 7 and the raid of Sept. 3",
     [("Oct. 7", "DATE", "2024-10-07"), ("Sept. 3", "DATE", "2024-09-03")]),
    ("The vote is scheduled for May 4.", [("May 4", "DATE", "2025-05-04")]),
    ("the attacks of Sept. 11, 2001", [("Sept. 11, 2001", "DATE", "2001-09-11")]),
    ("06 November 2023, Tehran", [("06 November 2023", "DATE", "2023-11-06")]),
    ("signed on 2023-11-06 in Doha", [("2023-11-06", "DATE", "2023-11-06")]),
    ("Sunday, May 4", [("Sunday, May 4", "DATE", "2025-05-04")]),  # the year whose May 4 is a Sunday
    # months
    ("since the fall of the government in December", [("December", "DATE", "2024-12")]),
    ("He will travel to Paris in June.", [("June", "DATE", "2025-06")]),
    ("Protests erupted last May.", [("last May", "DATE", "2024-05")]),
    ("In March 2020 the borders closed.", [("March 2020", "DATE", "2020-03")]),
    ("in early November", [("early November", "DATE", "2024-11")]),
    ("a deal by early November", [("early November", "DATE", "2025-11")]),
    ("Officials may decide soon. A march on Washington.", []),
    # relative to publication
    ("clashes earlier this year", [("earlier this year", "DATE", "2025")]),
    ("talks last week", [("last week", "DATE", "2025-W15")]),
    ("this month and next month", [("this month", "DATE", "2025-04"), ("next month", "DATE", "2025-05")]),
    ("last year", [("last year", "DATE", "2024")]),
    ("early next year", [("early next year", "DATE", "2026")]),
    ("two days ago", [("two days ago", "DATE", "2025-04-14")]),
    ("three years ago", [("three years ago", "DATE", "2022")]),
    ("yesterday, today and tomorrow",
     [("yesterday", "DATE", "2025-04-15"), ("today", "DATE", "2025-04-16"), ("tomorrow", "DATE", "2025-04-17")]),
    ("a rally tonight", [("tonight", "TIME", "2025-04-16TNI")]),
    ("over the weekend", [("the weekend", "DATE", "2025-W15-WE")]),
    # anaphora: counted from the last date mentioned
    ("The truce was signed on March 3. Fighting resumed the next day.",
     [("March 3", "DATE", "2025-03-03"), ("the next day", "DATE", "2025-03-04")]),
    ("Profit rose in the third quarter of 2024, up from a year earlier.",
     [("the third quarter of 2024", "DATE", "2024-Q3"), ("a year earlier", "DATE", "2023-Q3")]),
    # years, decades, centuries
    ("jailed in the 1980s and 1990s", [("the 1980s", "DATE", "198"), ("1990s", "DATE", "199")]),
    ("the music of the '80s", [("the '80s", "DATE", "198")]),
    ("Hezbollah has backed Assad since 2013.", [("2013", "DATE", "2013")]),
    ("the 2013-14 season", [("2013-14", "DATE", "2013")]),
    ("the end of 2023 and mid-2024", [("the end of 2023", "DATE", "2023"), ("mid-2024", "DATE", "2024")]),
    ("the 20th century", [("the 20th century", "DATE", "19")]),
    ("some 2000 troops, 2,000 more and a $2020 fee", []),
    ("nineteen ninety-six", [("nineteen ninety-six", "DATE", "1996")]),
    # quarters, halves, seasons, holidays
    ("results for Q1 2024 and the first half of 2024",
     [("Q1 2024", "DATE", "2024-Q1"), ("the first half of 2024", "DATE", "2024-H1")]),
    ("this summer", [("this summer", "DATE", "2025-SU")]),
    ("the spring of 2011", [("the spring of 2011", "DATE", "2011-SP")]),
    ("since the fall of Assad", []),
    ("at Christmas", [("Christmas", "DATE", "2024-12-25")]),
    ("Easter Sunday", [("Easter Sunday", "DATE", "2025-04-20")]),
    # durations
    ("in less than 24 hours", [("less than 24 hours", "DURATION", "PT24H")]),
    ("for three years", [("three years", "DURATION", "P3Y")]),
    ("Syria's 14-year war and a nearly 30-year occupation",
     [("14-year", "DURATION", "P14Y"), ("nearly 30-year", "DURATION", "P30Y")]),
    ("For decades, the regime ruled.", [("decades", "DURATION", "PXDE")]),
    ("over the past three days", [("the past three days", "DURATION", "P3D")]),
    ("two and a half years", [("two and a half years", "DURATION", "P2Y6M")]),
    ("in recent years", [("recent years", "DURATION", "PXY")]),
    ("a 52-year-old man, 37 years old", []),
    # sets
    ("meetings every week", [("every week", "SET", "P1W")]),
    ("each Thursday", [("each Thursday", "SET", "XXXX-WXX-4")]),
    ("twice a year", [("a year", "SET", "P1Y")]),
    ("Prices rise annually.", [("annually", "SET", "P1Y")]),
    ("daily flights and the weekly Al-Ahram", []),
    # reference words
    ("It is now clear and currently calm.", [("now", "DATE", "PRESENT_REF"), ("currently", "DATE", "PRESENT_REF")]),
    ("He recently left.", [("recently", "DATE", "PAST_REF")]),
    ("the future of Syria", [("the future", "DATE", "FUTURE_REF")]),
    # clock times
    ("at 9 a.m.", [("9 a.m.", "TIME", "2025-04-16T09:00")]),
    ("at 14:30 GMT", [("14:30 GMT", "TIME", "2025-04-16T14:30")]),
    ("at 10 p.m. Tuesday", [("10 p.m. Tuesday", "TIME", "2025-04-15T22:00")]),
    ("Tuesday night", [("Tuesday night", "TIME", "2025-04-15TNI")]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_rule_families(text, expected):
    assert found(text) == expected


def test_without_a_publication_date_values_keep_what_the_text_says():
    assert found("On Oct. 7, on Monday, last year, at 9 a.m.", None) == [
        ("Oct. 7", "DATE", "XXXX-10-07"),
        ("Monday", "DATE", "XXXX-WXX-1"),
        ("last year", "DATE", "PAST_REF"),
        ("9 a.m.", "TIME", "T09:00"),
    ]


def test_offsets_point_into_the_text_and_rules_are_recorded():
    text = "Khamenei said on Monday Iraq can play a role."
    (t,) = find_times(text, dt.date(2023, 11, 6))
    assert text[t.start : t.end] == t.text == "Monday"
    assert t.rule == "weekday"
    assert to_dict(t) == {"text": "Monday", "start": 17, "end": 23, "type": "DATE", "value": "2023-11-06",
                          "rule": "weekday"}
    assert isinstance(t, TimeExpr)


def test_datetime_anchor_and_empty_text():
    assert found("yesterday", dt.datetime(2025, 4, 16, 23, 59)) == [("yesterday", "DATE", "2025-04-15")]
    assert find_times("") == []
    assert find_times("No time here at all.", PUBLISHED) == []


def seed_articles():
    seed = SHARED / "seed"
    if not (seed / "gold.json").exists():
        pytest.skip(f"seed data not found: {seed}")
    from dateline.pipeline import run

    gold = json.loads((seed / "gold.json").read_text(encoding="utf-8"))
    articles = [a for a in run([str(seed / gold["source"])]) if not isinstance(a, Exception)]
    return gold["articles"], articles


def test_seed_gold_dates():
    gold, articles = seed_articles()
    assert len(articles) == len(gold)
    for expected, article in zip(gold, articles):
        times = find_times(article.body, dt.date.fromisoformat(article.published))
        for date in expected["dates"]:
            start = article.body.find(date["text"])
            assert start >= 0, f"{expected['id']}: {date['text']!r} is not in the body"
            while start >= 0:
                end = start + len(date["text"])
                values = [t.value for t in times if t.start < end and start < t.end]
                assert date["value"] in values, f"{expected['id']}: {date['text']!r} at {start} gave {values}"
                start = article.body.find(date["text"], end)


def test_timeml_reader_and_scorer(tmp_path):
    from dateline.evaluate.timex import evaluate_timex, read_timeml

    (tmp_path / "doc.tml").write_text(
        '<?xml version="1.0" ?><TimeML><DOCID>d1</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" functionInDocument="CREATION_TIME">'
        "19980213</TIMEX3></DCT>"
        '<TEXT>Talks &amp; votes ended <TIMEX3 tid="t1" type="DATE" value="1998-02-12">Thursday</TIMEX3> after '
        '<TIMEX3 tid="t2" type="DURATION" value="P2W">the past two weeks</TIMEX3>, <TIMEX3 tid="t3" type="DATE" '
        'value="1998-W06">last week</TIMEX3> said officials.</TEXT></TimeML>',
        encoding="utf-8",
    )
    doc = read_timeml(tmp_path / "doc.tml")
    assert doc.dct == dt.date(1998, 2, 13)
    assert [(g.text, doc.text[g.start : g.end], g.value) for g in doc.timexes] == [
        ("Thursday", "Thursday", "1998-02-12"),
        ("the past two weeks", "the past two weeks", "P2W"),
        ("last week", "last week", "1998-W06"),
    ]
    # "Thursday" exact, "two weeks" only overlaps, "last week" has a wrong value, "today" is spurious.
    def system(text, dct):
        spans = [("Thursday", "DATE", "1998-02-12"), ("two weeks", "DURATION", "P2W"),
                 ("last week", "DATE", "1998-W07")]
        out = [TimeExpr(s, text.index(s), text.index(s) + len(s), k, v, "test") for s, k, v in spans]
        return out + [TimeExpr("said", text.index("said"), text.index("said") + 4, "DATE", "1998-02-13", "test")]

    result = evaluate_timex(tmp_path, finder=system)
    assert result["n"] == 3 and result["system"] == 4 and result["documents"] == 1
    assert result["extent_f1"] == round(2 * (3 / 4) * 1 / (3 / 4 + 1), 4)
    assert result["extent_f1_strict"] == round(2 * (2 / 4) * (2 / 3) / (2 / 4 + 2 / 3), 4)
    assert result["value_f1"] == round(2 * (2 / 4) * (2 / 3) / (2 / 4 + 2 / 3), 4)
    assert result["type_accuracy"] == 1.0


def test_scorer_needs_timeml_files(tmp_path):
    from dateline.evaluate.timex import evaluate_timex

    with pytest.raises(EvalError, match="no .tml files"):
        evaluate_timex(tmp_path)


def test_anchor_date_reads_dates_and_timestamps_and_refuses_garbage():
    from dateline.times import anchor_date

    assert anchor_date("2024-05-01") == anchor_date("2024-05-01T08:00:00Z") == dt.date(2024, 5, 1)
    assert anchor_date(None) is None and anchor_date("") is None and anchor_date("May 2024") is None


def test_a_day_offset_after_a_month_counts_from_the_anchor():
    """ "eased sanctions in May ... strikes two days earlier": a month names no day to count from."""
    text = "Washington eased some sanctions in May. The meeting was overshadowed by strikes two days earlier."
    times = find_times(text, dt.date(2025, 10, 14))
    (offset,) = [t for t in times if t.text == "two days earlier"]
    assert offset.value == "2025-10-12"
    text = "The talks began on March 3. Two days earlier, the envoy had arrived."
    (offset,) = [t for t in find_times(text, dt.date(2025, 3, 10)) if t.text.lower() == "two days earlier"]
    assert offset.value == "2025-03-01"  # a day still anchors it
