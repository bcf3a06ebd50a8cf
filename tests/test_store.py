"""The SQLite store: schema, idempotent ingest, queries, and resuming after kill -9."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline import pipeline, store
from dateline.actors import Actor
from dateline.errors import InputError, UsageError

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = REPO / "samples" / "news_sample.txt"
SEED = SHARED / "seed" / "news_dump.txt"


def _inputs() -> list[str]:
    if not SEED.exists():
        pytest.skip(f"shared seed data not found: {SEED}")
    return [str(SAMPLE), str(SEED)]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A store built by one uninterrupted ingest of both sample inputs."""
    path = tmp_path_factory.mktemp("store") / "ref.db"
    st = store.open_store(path)
    stats = st.ingest(_inputs(), batch_size=2)
    yield st, stats
    st.close()


def test_ingest_fills_every_table(reference):
    st, stats = reference
    counts = st.counts()
    assert stats.articles_seen == stats.articles_new == counts["articles"] >= 2
    assert stats.batches == (counts["articles"] + 1) // 2
    assert not stats.errors
    for table in store.TABLES:
        assert counts[table] > 0, table
    # every article is in the full-text index
    assert st.conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == counts["articles"]
    st.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_wal_and_migrations_recorded_once(reference, tmp_path):
    st, _ = reference
    assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert st.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    path = tmp_path / "m.db"
    for _ in range(3):
        with store.open_store(path) as again:
            rows = again.conn.execute("SELECT version FROM migrations").fetchall()
            assert [r[0] for r in rows] == [v for v, _ in store.MIGRATIONS]
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_events_by_country_type_date_and_text(reference):
    st, _ = reference
    everything = st.events(include_modal=True, limit=10_000)
    assert everything
    by_source = st.events(source="irn", limit=10_000)
    assert by_source and all(e["source_country"] == "IRN" for e in by_source)
    by_target = st.events(target="SYR", limit=10_000)
    assert by_target and all(e["target_country"] == "SYR" for e in by_target)
    both = st.events(source="LBN", target="SYR", limit=10_000)
    assert both and all((e["source_country"], e["target_country"]) == ("LBN", "SYR") for e in both)
    consult = st.events(type="consult", limit=10_000)
    assert consult and all(e["plover_type"] == "CONSULT" for e in consult)
    assert len(consult) < len(st.events(limit=10_000))
    cameo = st.events(cameo="04", limit=10_000)
    assert cameo and all(e["cameo_code"].startswith("04") for e in cameo)
    dated = st.events(since="2025-03-01", until="2025-03-31", limit=10_000)
    assert dated and all("2025-03-01" <= e["date"] <= "2025-03-31" for e in dated)
    assert not any(e["date"].startswith("2023") for e in dated)
    # full-text search on the article: only events of articles that mention the word
    khamenei = st.events(text="Khamenei", limit=10_000)
    assert khamenei
    ids = {e["article_id"] for e in khamenei}
    for (body,) in st.conn.execute(
            f"SELECT body FROM articles WHERE id IN ({','.join('?' * len(ids))})", tuple(ids)):
        assert "Khamenei" in body
    assert len(ids) < st.counts()["articles"]
    assert st.events(text="zzzyxwqnotaword") == []
    # paging
    page1 = st.events(limit=3)
    page2 = st.events(limit=3, offset=3)
    assert len(page1) == 3 and not {e["id"] for e in page1} & {e["id"] for e in page2}
    with pytest.raises(UsageError):
        st.events(text='"unbalanced')


def test_modal_events_hidden_unless_asked(reference):
    st, _ = reference
    all_events = st.events(include_modal=True, limit=10_000)
    modal = [e for e in all_events if e["modality"] != "asserted"]
    assert modal, "the sample inputs have hypothetical/negated/future events"
    shown = st.events(limit=10_000)
    assert all(e["modality"] == "asserted" for e in shown)
    assert len(shown) == len(all_events) - len(modal)


def test_actor_and_quote_queries(reference):
    st, _ = reference
    found = st.actors(name="Hadithi")
    assert found and found[0]["country"] == "IRQ" and found[0]["mentions"] > 0
    assert any("Hadithi" in alias for alias in found[0]["aliases"])
    by_actor = st.events(actor=found[0]["id"], include_modal=True, limit=10_000)
    assert by_actor
    assert all(found[0]["id"] in (e["source_actor"], e["target_actor"]) for e in by_actor)
    assert st.events(actor="Sami al-Hadithi", include_modal=True, limit=10_000) == by_actor
    quotes = st.quotes(speaker="Khamenei")
    assert quotes and all("Khamenei" in (q["speaker_name"] or "") for q in quotes)
    assert st.quotes(speaker="nobody-of-that-name") == []
    # a speaker search equals the plain definition: the actor id, a stored speaker name containing the words,
    # or an actor whose name or alias contains them
    names = {r[0] for r in st.conn.execute("SELECT speaker_name FROM quotes WHERE speaker_name IS NOT NULL")}
    assert names == {r[0] for r in st.conn.execute("SELECT name FROM speaker_names")}
    for words in ("Khamenei", "salam", "source", "Iraq"):
        matching_actors = {a["id"] for a in st.actors(name=words, limit=10_000)}
        expected = sorted(q["id"] for q in st.quotes(limit=10_000) if words.lower() in (q["speaker_name"] or "").lower()
                          or q["speaker_actor"] in matching_actors or q["speaker_actor"] == words)
        assert sorted(q["id"] for q in st.quotes(speaker=words, limit=10_000)) == expected, words
    # mentions point at stored actors (foreign keys hold)
    assert st.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_ingest_twice_changes_nothing(reference, tmp_path):
    ref, _ = reference
    with store.open_store(tmp_path / "twice.db") as st:
        first = st.ingest(_inputs(), batch_size=3)
        counts, dump = st.counts(), st.dump()
        second = st.ingest(_inputs(), batch_size=3)
        assert second.articles_seen == first.articles_seen and second.articles_new == 0
        assert st.counts() == counts
        assert st.dump() == dump
        assert dump == ref.dump()
        articles = [a for a in pipeline.run([str(SAMPLE)], enrich=True) if not isinstance(a, Exception)]
        assert st.add_articles(articles) == 0
        assert st.dump() == dump


def test_actors_merge_fills_empty_fields_and_accumulates_aliases(tmp_path):
    articles = [a for a in pipeline.run([str(SAMPLE)], enrich=True) if not isinstance(a, Exception)]
    base = articles[0]
    person = next(a for a in base.actors if a.kind == "person" and a.country)
    with store.open_store(tmp_path / "merge.db") as st:
        # first seen without country or title, later with them and a new alias
        bare = Actor(id=person.id, name=person.name, kind="person", aliases=["Old Alias"])
        first = dataclasses.replace(base, id="a1", actors=(bare,), events=(), quotes=())
        second = dataclasses.replace(base, id="a2", actors=(dataclasses.replace(person, aliases=["New Alias"], mentions=[]),),
                                     events=(), quotes=())
        assert st.add_articles([first]) == 1
        assert st.add_articles([second]) == 1
        row = st.actors(name=person.name)[0]
        assert row["id"] == person.id
        assert (row["country"], row["title"]) == (person.country, person.title)
        assert {"Old Alias", "New Alias"} <= set(row["aliases"])
        # a person of the same key but another country stays apart
        other = dataclasses.replace(person, country="ZZZ", aliases=[], mentions=[])
        third = dataclasses.replace(base, id="a3", actors=(other,), events=(), quotes=())
        assert st.add_articles([third]) == 1
        ids = {r["id"] for r in st.actors(name=person.name)}
        assert ids == {person.id, f"{person.id}-ZZZ"}
        assert st.conn.execute("SELECT country FROM actors WHERE id = ?", (person.id,)).fetchone()[0] == person.country


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is not a database\n" * 100)
    with pytest.raises(InputError) as info:
        store.open_store(bad)
    message = str(info.value)
    assert str(bad) in message and "not a SQLite database" in message and "give the path" in message
    with pytest.raises(InputError):
        store.open_store(tmp_path)


_CHILD = """
import sys, time
from dateline import store
st = store.open_store(sys.argv[1])
st.ingest(sys.argv[2:], batch_size=1, on_batch=lambda stats: time.sleep(1.5))
"""


def _article_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_kill_9_then_rerun_equals_uninterrupted(reference, tmp_path):
    ref, ref_stats = reference
    total = ref_stats.articles_new
    assert total >= 3
    db = tmp_path / "killed.db"
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), *_inputs()], cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while _article_count(db) < 1:
            assert child.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline, "no batch committed within 60 s"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    partial = _article_count(db)
    assert 1 <= partial < total, "the kill must land mid-ingest"
    with store.open_store(db) as st:
        stats = st.ingest(_inputs(), batch_size=1)
        assert stats.articles_new == total - partial
        assert st.counts() == ref.counts()
        assert st.dump() == ref.dump()
        assert st.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _two_reports(tmp_path: Path) -> Path:
    """Two outlets' stories reporting one meeting (and one of them a second event), as a JSONL feed."""
    import json

    rows = [
        {"title": "Egypt hosts Sudan army chief", "date": "2024-05-07", "url": "https://one.example/a",
         "text": "Egyptian President Abdel Fattah al-Sisi met Sudanese army chief Abdel Fattah al-Burhan in Cairo "
                 "on Monday. The two discussed the war in Sudan, the presidency said."},
        {"title": "Burhan in Cairo for talks", "date": "2024-05-07", "url": "https://two.example/b",
         "text": "President Abdel Fattah al-Sisi of Egypt met Sudan's army chief Abdel Fattah al-Burhan on Monday in "
                 "Cairo. Separately, Sudan accused the United Arab Emirates on Monday of arming the Rapid Support "
                 "Forces."},
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_distinct_folds_reports_of_one_happening(tmp_path):
    with store.open_store(tmp_path / "d.db") as st:
        st.ingest([str(_two_reports(tmp_path))])
        everything = st.events(limit=1000)
        distinct = st.events(distinct=True, limit=1000)
        assert st.count_events(distinct=True) == len(distinct) == len({e["happening"] for e in everything})
        meetings = [e for e in everything if e["cameo_code"][:2] == "04" and e["source_country"] == "EGY"]
        assert len({e["article_id"] for e in meetings}) == 2  # both outlets report the meeting
        assert len({e["happening"] for e in meetings}) == 1
        (folded,) = [d for d in distinct if d["happening"] == meetings[0]["happening"]]
        assert folded["articles"] == 2 and folded["mentions"] == len(meetings)
        first_article = st.articles(limit=1)[0]["id"]
        assert folded["article_id"] == first_article  # the first report stands for the happening
        assert sum(d["mentions"] for d in distinct) == len(everything)
        # filters apply before folding: one outlet alone reports it once
        (alone,) = [d for d in st.events(distinct=True, article=meetings[0]["article_id"], limit=1000)
                    if d["happening"] == meetings[0]["happening"]]
        assert alone["articles"] == 1
        frame = st.events_frame(distinct=True)
        assert {"mentions", "articles", "happening"} <= set(frame.columns) and len(frame) == len(distinct)
        assert list(st.events_frame(distinct=True, source="NOR").columns)[-2:] == ["mentions", "articles"]


def test_distinct_exports_carry_the_counts(tmp_path):
    import csv

    from dateline.export import GDELT_COLUMNS, export

    with store.open_store(tmp_path / "d.db") as st:
        st.ingest([str(_two_reports(tmp_path))])
        n = export(st, "csv", tmp_path / "d.csv", distinct=True)
        assert n == st.count_events(distinct=True) < st.count_events()
        with open(tmp_path / "d.csv", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert {"happening", "mentions", "articles"} <= set(rows[0]) and len(rows) == n
        assert max(int(r["articles"]) for r in rows) == 2
        export(st, "gdelt", tmp_path / "d.tsv", distinct=True)
        with open(tmp_path / "d.tsv", encoding="utf-8") as handle:
            gdelt = [dict(zip(GDELT_COLUMNS, line.rstrip("\n").split("\t"))) for line in handle]
        assert sorted(g["NumArticles"] for g in gdelt) == sorted(r["articles"] for r in rows)
        assert all(g["NumMentions"] == r["mentions"] for g, r in zip(
            sorted(gdelt, key=lambda g: g["SOURCEURL"] + g["EventCode"]),
            sorted(rows, key=lambda r: (r["article_url"] or "") + r["cameo_code"])))
        plain = export(st, "csv", tmp_path / "all.csv")
        with open(tmp_path / "all.csv", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert plain == st.count_events() and "mentions" not in header and "happening" in header
