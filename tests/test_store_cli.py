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


def test_query_without_a_store_says_what_to_do(tmp_path):
    result = run_cli("events", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 2
    assert "missing.db" in result.stderr and "dateline ingest" in result.stderr
