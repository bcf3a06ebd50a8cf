"""The store from the command line: ingest, re-ingest, query events and quotes."""

from __future__ import annotations

from conftest import REPO, jsonl, run_cli


def test_ingest_query_and_reingest(tmp_path):
    db = tmp_path / "news.db"
    sample = str(REPO / "samples" / "news_sample.txt")
    first = run_cli("ingest", sample, "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "3 new of 3 articles" in first.stderr
    again = run_cli("ingest", sample, "--db", str(db))
    assert again.returncode == 0 and "0 new of 3 articles" in again.stderr
    assert first.stderr.split(";", 1)[1] == again.stderr.split(";", 1)[1]  # the same row counts
    events = jsonl(run_cli("events", "--db", str(db), "--source", "IRQ", "--format", "jsonl").stdout)
    assert events and all(e["source_country"] == "IRQ" and e["modality"] == "asserted" for e in events)
    modal = jsonl(run_cli("events", "--db", str(db), "--include-modal", "--format", "jsonl", "--limit", "500").stdout)
    assert {"negated", "future"} <= {e["modality"] for e in modal}
    quotes = jsonl(run_cli("quotes", "--db", str(db), "--speaker", "Farouk", "--format", "jsonl").stdout)
    assert quotes and all("Farouk" in (q["speaker_name"] or "") for q in quotes)
    every = jsonl(run_cli("events", "--db", str(db), "--format", "jsonl", "--limit", "500").stdout)
    distinct = jsonl(run_cli("events", "--db", str(db), "--distinct", "--format", "jsonl", "--limit", "500").stdout)
    assert len(distinct) == len({e["happening"] for e in every}) and sum(e["mentions"] for e in distinct) == len(every)
    table = run_cli("events", "--db", str(db), "--distinct")
    assert table.returncode == 0 and "reports" in table.stdout


def test_query_without_a_store_says_what_to_do(tmp_path):
    result = run_cli("events", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 2
    assert "missing.db" in result.stderr and "dateline ingest" in result.stderr


def test_article_actors_and_refresh_from_the_command_line(tmp_path):
    import sqlite3

    db = tmp_path / "news.db"
    sample = str(REPO / "samples" / "news_sample.txt")
    assert run_cli("ingest", sample, "--db", str(db)).returncode == 0
    # the article view: text, then the events and quotes found in it
    shown = run_cli("article", "1", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    assert "Iraqi Foreign Minister Sami al-Hadithi arrived in Cairo" in " ".join(shown.stdout.split())
    assert "events" in shown.stdout and "quotes" in shown.stdout
    record = __import__("json").loads(run_cli("article", "1", "--db", str(db), "--format", "json").stdout)
    body = record["body"]
    for event in record["events"]:
        assert body[event["sentence_start"]:event["sentence_end"]] == event["sentence_text"]
    for mention in record["mentions"]:
        if mention["field"] == "body":
            assert body[mention["start"]:mention["end"]] == mention["text"]
    prefix = run_cli("article", record["id"][:8], "--db", str(db), "--format", "json")
    assert __import__("json").loads(prefix.stdout)["id"] == record["id"]
    missing = run_cli("article", "999", "--db", str(db))
    assert missing.returncode == 2 and "no article '999'" in missing.stderr
    # actors of the store, filtered by name
    actors = jsonl(run_cli("actors", "--db", str(db), "--name", "Hadithi", "--format", "jsonl").stdout)
    assert actors and all("Hadithi" in a["name"] or any("Hadithi" in x for x in a["aliases"]) for a in actors)
    assert actors[0]["country"] == "IRQ" and actors[0]["mention_count"] >= 2
    # an article stored by another pipeline version is redone only with --refresh
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET pipeline_version = 'old' WHERE seq = 1")
        before = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    again = run_cli("ingest", sample, "--db", str(db))
    assert "0 new of 3" in again.stderr and "1 stored articles come from another pipeline version" in again.stderr
    refreshed = run_cli("ingest", sample, "--db", str(db), "--refresh")
    assert refreshed.returncode == 0 and "1 new of 3" in refreshed.stderr
    with sqlite3.connect(db) as conn:
        versions = {row[0] for row in conn.execute("SELECT pipeline_version FROM articles")}
        assert len(versions) == 1 and "old" not in versions
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
        assert conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == 3
