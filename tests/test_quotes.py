"""Quotations and reported speech: marks, cues, speakers, the seed's gold quotes, the PolNeAR scorer's conventions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dateline
from dateline import annotate
from dateline.actors import resolve_actors
from dateline.errors import EvalError
from dateline.quotes import Quote, find_quotes, lexicon, scan_quotes
from conftest import shared_path


def _quotes(text: str, published: str | None = None) -> tuple[list[Quote], list]:
    doc = next(annotate.pipe([text]))
    actors = resolve_actors([("body", doc)], published)
    return find_quotes(doc, actors), actors


def _one(quotes: list[Quote], kind: str, starts: str) -> Quote:
    hits = [q for q in quotes if q.kind == kind and q.text.startswith(starts)]
    assert hits, f"no {kind} quote starting {starts!r} in {[(q.kind, q.text) for q in quotes]}"
    return hits[0]


def _norm(text: str) -> str:
    text = re.sub(r"[“”„\"«»]", '"', text)
    text = re.sub(r"[‘’`']", "'", text)
    return " ".join(text.split()).strip(" \"'").lower()


# ---------------------------------------------------------------------------
# direct quotes


def test_direct_quote_with_post_posed_cue():
    quotes, actors = _quotes(
        "Lebanese Prime Minister Nawaf Salam visited Damascus on Monday. "
        "“My visit aims to open a new page in our relations,” Salam said in a statement."
    )
    q = _one(quotes, "direct", "My visit aims")
    assert q.text == "My visit aims to open a new page in our relations,"
    assert q.cue == "said"
    assert q.speaker.name == "Nawaf Salam"
    assert q.speaker.actor == next(a.id for a in actors if a.name == "Nawaf Salam")
    body = "Lebanese Prime Minister Nawaf Salam visited Damascus on Monday. “My visit aims to open a new page in our relations,” Salam said in a statement."
    assert body[q.start : q.end] == q.text
    assert body[q.cue_start : q.cue_end] == "said"
    assert body[q.speaker.start : q.speaker.end] == "Salam"


def test_partial_quote_inside_a_sentence():
    quotes, _ = _quotes(
        "Iraqi Prime Minister Mohammed Shia al-Sudani met Iranian officials in Tehran on Monday. "
        "He lashed out at the international community that “has abandoned about its responsibilities” "
        "and done nothing to stop the war."
    )
    q = _one(quotes, "direct", "has abandoned about its responsibilities")
    assert q.text == "has abandoned about its responsibilities"
    assert q.speaker.name == "Mohammed Shia al-Sudani"


def test_quote_spanning_paragraphs():
    text = ("“The first part of the statement goes on for a while and does not close its mark.\n\n"
            "“The second paragraph reopens the quotation and ends it here,” the minister said.")
    quotes, _ = _quotes(text)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    q = direct[0]
    assert q.text.startswith("The first part of the statement")
    assert q.text.endswith("ends it here,")
    assert "direct:multi-paragraph" in q.rule
    assert q.speaker.name == "the minister"


def test_scare_quotes_are_not_quotations():
    text = "Iranian Supreme Leader Ali Khamenei said on Monday Iraq can play a “special role” in the region."
    quotes, _ = _quotes(text)
    assert not [q for q in quotes if q.kind == "direct"]
    q = _one(quotes, "indirect", "Iraq can play")  # the reported speech starts where its content starts
    assert q.speaker.name == "Ali Khamenei"
    assert not scan_quotes("He called it a “crime” and a “cruel act” on “Fox News Sunday.”")


def test_straight_marks_and_apostrophes():
    text = 'Sudani\'s office said: "We will not accept this deal at all." Hamas\' leaders didn\'t comment.'
    found = scan_quotes(text)
    assert [text[q.start : q.end] for q in found] == ["We will not accept this deal at all."]
    single = "A lesson from Loretta Lynch: 'Be the voice that people hear.'"
    assert [single[q.start : q.end] for q in scan_quotes(single)] == ["Be the voice that people hear."]
    british = "‘We don’t accept Iran’s terms or the voters’ choice,’ he said in the ’90s."
    assert [british[q.start : q.end] for q in scan_quotes(british)] == ["We don’t accept Iran’s terms or the voters’ choice,"]
    assert not scan_quotes("It was the ’90s and rock ’n’ roll was big, the Smiths’ era.")


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "“", "”", '"', "'", "‘’‘", "''", '"""', "“ ” “",
    "He said “this quote never closes and goes on",
    "” A stray closing mark, then “an opening one.",
    'Odd "marks" here " and there ” and “ again',
    "The 5'10\" player said “yes” and “no.",
    "“Nested “inner” quotes “ without end",
    "\u00a0“\u00a0”\u00a0" * 50,
    "A\n“B\n”C\n“D",
])
def test_odd_marks_never_raise(text):
    found = scan_quotes(text)
    assert isinstance(found, list)
    if text.strip():
        quotes, _ = _quotes(text)
        assert isinstance(quotes, list)
        for q in quotes:
            assert 0 <= q.start <= q.end <= len(text)
            assert text[q.start : q.end] == q.text


def test_find_quotes_never_raises_on_nothing():
    assert find_quotes(None) == []
    assert find_quotes(next(annotate.pipe([""]))) == []


# ---------------------------------------------------------------------------
# reported speech


def test_according_to():
    quotes, _ = _quotes("According to a senior official, the talks collapsed on Monday.")
    q = _one(quotes, "indirect", "the talks collapsed")
    assert q.cue == "According to"
    assert q.speaker.name == "a senior official"
    assert q.speaker.anonymous
    trailing, _ = _quotes("An estimated 400,000 refugees have returned to Syria, according to UNHCR.")
    q = _one(trailing, "indirect", "An estimated 400,000 refugees")
    assert q.text.endswith("returned to Syria")
    assert q.speaker.name == "UNHCR"


def test_told_someone_that():
    quotes, _ = _quotes("Iranian Foreign Minister Hossein Amir-Abdollahian told state TV on Monday that "
                        "the Americans had sent a message about a ceasefire.")
    q = _one(quotes, "indirect", "the Americans had sent a message")
    assert q.cue == "told"
    assert q.speaker.name == "Hossein Amir-Abdollahian"
    assert q.addressee is not None and q.addressee["name"] == "state TV"


def test_stressed_to_and_nested_report():
    text = ("Iraqi Prime Minister Mohammed Shia al-Sudani met Supreme Leader Ali Khamenei in Tehran. "
            "Sudani’s office said the PM stressed to Khamenei that Iraq is making every effort to stop the war.")
    quotes, _ = _quotes(text)
    inner = _one(quotes, "indirect", "Iraq is making every effort")
    assert inner.cue == "stressed"
    assert inner.speaker.name == "Mohammed Shia al-Sudani"  # "the PM"
    assert inner.addressee is not None and inner.addressee["name"] == "Ali Khamenei"
    outer = _one(quotes, "indirect", "the PM stressed")
    assert outer.speaker.name == "Mohammed Shia al-Sudani"  # "Sudani's office"


def test_speaker_through_a_pronoun():
    quotes, _ = _quotes("Iranian President Ebrahim Raisi met the Iraqi delegation in Tehran. "
                        "“Unfortunately, the weapons and the financial aid encourage the killings,” he added.")
    q = _one(quotes, "direct", "Unfortunately")
    assert q.cue == "added"
    assert q.speaker.name == "Ebrahim Raisi"


def test_post_posed_cue_with_an_anonymous_source():
    text = ("Lebanon pledged to hand over people implicated in crimes committed by the Assad government, "
            "a ministerial source told The Associated Press.")
    quotes, _ = _quotes(text)
    q = _one(quotes, "indirect", "Lebanon pledged to hand over")
    assert q.text.endswith("Assad government")
    assert q.cue == "told"
    assert q.speaker.anonymous
    assert q.speaker.name == "a ministerial source"
    assert q.speaker.actor is None
    assert q.speaker.country is None  # not stated: not guessed
    assert q.addressee is not None and "Associated Press" in q.addressee["name"]
    stated, _ = _quotes("The border will reopen next week, a senior Lebanese official said.")
    q = _one(stated, "indirect", "The border will reopen")
    assert q.speaker.anonymous and q.speaker.country == "LBN"


def test_inverted_cue_and_continued_quote():
    text = ("“Wall Street is a pretty cynical place,” said Tim Hess, a real estate developer in Virginia. "
            "“But when you see that kind of passion, people lean forward.”")
    quotes, _ = _quotes(text)
    first = _one(quotes, "direct", "Wall Street")
    second = _one(quotes, "direct", "But when you see")
    assert first.speaker.name == second.speaker.name == "Tim Hess"
    assert second.cue_start == first.cue_start  # one attribution in two pieces
    assert "speaker:continuation" in second.rule


def test_negated_cue_says_so():
    quotes, _ = _quotes("Syria has never acknowledged that it was involved in the bombings.")
    q = _one(quotes, "indirect", "it was involved")
    assert q.cue == "never acknowledged"
    assert q.rule.endswith("+negated")


def test_to_dict_and_stable_ids():
    text = "“We will never accept this deal at all,” the minister said."
    first, _ = _quotes(text)
    again, _ = _quotes(text)
    assert [q.id for q in first] == [q.id for q in again]
    d = first[0].to_dict()
    assert {"id", "kind", "text", "start", "end", "cue", "speaker", "addressee", "events", "rule"} <= set(d)
    assert {"actor", "name", "country", "start", "end"} <= set(d["speaker"])
    assert d["events"] == []


def test_cues_come_from_the_data_file():
    lex = lexicon()
    assert "say" in lex.verbs and "tell" in lex.verbs and "stress" in lex.verbs
    assert any(c.lemma == "according to" for c in lex.phrases)
    assert "source" in lex.sources and "official" in lex.sources
    assert any(c.particle == "for" for c in lex.verbs["call"])


# ---------------------------------------------------------------------------
# the seed's gold quotations


def _seed_cases():
    try:
        import json

        gold = json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))
    except BaseException:  # noqa: BLE001 - shared data absent: one skipped case
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="shared seed data not found"))]
    cases = []
    for index, article in enumerate(gold["articles"]):
        for gq in article["quotes"]:
            marks = []
            if gq["starts"].startswith("During Monday’s meeting"):
                marks.append(pytest.mark.xfail(
                    strict=True,
                    reason="the analyst reads this cue-less sentence (\"Salam and Sharaa agreed to form ...\") as Salam's "
                           "statement from its first word; the finder gives the agreement's content (\"to form ...\")"))
            cases.append(pytest.param(index, gq, marks=marks, id=f"{index}-{gq['kind']}-{gq['starts'][:30]}"))
    return cases


@pytest.fixture(scope="module")
def seed_quotes():
    articles = dateline.process(shared_path("seed", "news_dump.txt").read_text(encoding="utf-8"))
    out = []
    for article in articles:
        texts = [article.body, *article.captions]
        docs = list(annotate.pipe(texts))
        fields = [("body", docs[0])] + [(f"caption:{n}", d) for n, d in enumerate(docs[1:])]
        actors = resolve_actors(fields, article.published)
        out.append((find_quotes(docs[0], actors), {a.id: a for a in actors}, article.body))
    return out


@pytest.mark.parametrize("index,gold", _seed_cases())
def test_seed_gold_quote(seed_quotes, index, gold):
    quotes, actors, body = seed_quotes[index]
    candidates = [q for q in quotes if q.kind == gold["kind"] and _norm(q.text).startswith(_norm(gold["starts"]))]
    assert candidates, f"not found: {gold}"
    for q in candidates:
        assert body[q.start : q.end] == q.text
    names = []
    for q in candidates:
        actor = actors.get(q.speaker.actor)
        names.extend([q.speaker.name or "", *(actor.aliases if actor else [])])
    assert any(gold["speaker"].lower() in name.lower() for name in names), (gold, names)


def test_seed_anonymous_source_is_kept_as_stated(seed_quotes):
    quotes, _, _ = seed_quotes[1]
    q = next(q for q in quotes if q.speaker.anonymous and "ministerial source" in (q.speaker.name or ""))
    assert q.speaker.actor is None and q.speaker.country is None


def test_seed_scare_quotes_are_not_quoted(seed_quotes):
    quotes, _, _ = seed_quotes[0]
    direct = {q.text.strip(" ,.") for q in quotes if q.kind == "direct"}
    for scare in ("special role", "encouraging", "cruel acts"):
        assert scare not in direct


# ---------------------------------------------------------------------------
# the PolNeAR scorer


def test_scorer_refuses_a_folder_without_brat_files(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing to score", encoding="utf-8")
    with pytest.raises(EvalError):
        from dateline.evaluate.quotes import evaluate_quotes

        evaluate_quotes(tmp_path)
    with pytest.raises(EvalError):
        from dateline.evaluate.quotes import evaluate_quotes

        evaluate_quotes(tmp_path / "missing")


def test_scorer_conventions(tmp_path):
    from dateline.evaluate.quotes import evaluate_quotes

    text = ("Officials met on Monday.\n\n“We will not accept this deal at all,” the minister said.\n\n"
            "The talks will resume next week, a senior official told reporters.\n")
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_text(text, encoding="utf-8")
    content = text.index("“We")
    close = text.index("” the") + 1
    cue = text.index("said")
    src = text.index("the minister")
    c2 = text.index("The talks")
    e2 = text.index(", a senior")
    cue2 = text.index("told")
    s2 = text.index("a senior official")
    ann = "\n".join([
        f"T1\tContent {content} {close}\t{text[content:close]}",
        f"T2\tCue {cue} {cue + 4}\tsaid",
        f"T3\tSource {src} {src + 12}\tthe minister",
        f"T4\tAttribution {cue} {cue + 4}\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
        f"T5\tContent {c2} {e2}\t{text[c2:e2]}",
        f"T6\tCue {cue2} {cue2 + 4}\ttold",
        f"T7\tSource {s2} {s2 + 17}\ta senior official",
        f"T8\tAttribution {cue2} {cue2 + 4}\ttold",
        "E2\tAttribution:T8 Content:T5 Cue:T6 Source:T7",
    ])
    (tmp_path / "attributions" / "doc_ab12.ann").write_text(ann + "\n", encoding="utf-8")
    result = evaluate_quotes(tmp_path)
    assert result["n"] == 2 and result["documents"] == 1
    assert result["content_f1_overlap"] == 1.0
    assert result["content_f1_exact"] == 1.0  # the marks and the comma do not count
    assert result["speaker_accuracy"] == 1.0
    assert result["cue_f1"] == 1.0
    for key in ("content_f1_soft", "recall_direct", "recall_indirect", "system"):
        assert key in result


def test_polnear_dev_runs_when_present():
    """The scorer reads the real layout; figures are reported, floors live in the gate file."""
    path = shared_path("eval", "quotes", "polnear", "dev")
    from dateline.evaluate.quotes import brat_documents, read_brat

    pairs = brat_documents(path)
    assert len(pairs) >= 80
    doc = read_brat(*pairs[0])
    assert doc.attributions and all(a.content for a in doc.attributions)
    for a in doc.attributions:
        for start, end in a.content:
            assert 0 <= start < end <= len(doc.text)
    assert isinstance(Path(path), Path)
